/* SPDX-License-Identifier: MIT */
/* learn.c - `landbox learn [run options] -o FILE -- COMMAND`: run COMMAND in
 * a deny-all sandbox (plus the options given), read the denials it hits
 * from the audit log (as --explain does), allow each with the narrowest
 * rule, and run it again, until a run has no denial left or no progress is
 * made; then write the rules as a profile (DESIGN §4), each line with a
 * comment saying why it is there.
 *
 * Choices, and why:
 *  - COMMAND is never run unsandboxed to learn its "normal" exit status: it
 *    may be untrusted, or have side effects.  Learning is done when a run
 *    has no denial (COMMAND's exit status is then reported, and learn fails
 *    if it is not 0, since the sandbox is not the cause).
 *  - Narrowest rule: a file rather than its directory (a directory only when
 *    it was listed, or when an entry was created, removed or renamed in it:
 *    that right belongs to the directory); execute only what was executed;
 *    write only what was written.  A file denied again although allowed
 *    (it is replaced by a new inode on each run) gets its directory.  A file
 *    of a process's /proc directory gets /proc (the next run has another
 *    pid), with a comment saying so.
 *  - --generalize folds GENERALIZE_MIN or more files of one directory into
 *    one rule on the directory, after each round.
 *  - The rounds are bounded (--rounds, default 10): a program that fails
 *    differently on each run stops there, and nothing is written. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "explain/audit.h"
#include "cli.h"
#include "deny.h"
#include "elf/elfdeps.h"
#include "learn/args.h"
#include "learn/sticky.h"
#include "explain.h"

#define ROUNDS_DEFAULT 10
#define ROUNDS_MAX     1000
/* --generalize: this many files of one directory become a directory rule. */
#define GENERALIZE_MIN 4

/* What a path needs, as the options grant it. */
#define CAT_R 1U /* ro */
#define CAT_W 2U /* rw */
#define CAT_X 4U /* rox */
#define CAT_U 8U /* unix */

enum learned_type { L_PATH, L_PORT, L_SCOPE };

struct learned {
	enum learned_type type;
	char *path;	    /* L_PATH */
	unsigned cats;	    /* L_PATH: CAT_* */
	int is_dir;	    /* L_PATH */
	int generalized;    /* L_PATH: directory rule made by --generalize */
	int closure;	    /* L_PATH: from a --ldd closure: the program's, never an argument */
	const char *option; /* L_PORT: "connect-tcp", ... */
	unsigned port;	    /* L_PORT */
	char why[512];	    /* the comment of its profile line */
	unsigned round;
};

struct learn {
	const char *output;
	int force, generalize;
	unsigned rounds;
	struct learned *v;
	size_t n, cap;
	struct learn_args args; /* COMMAND's, for ${ARGn} (learn/args.h) */
};

/* ---- options ------------------------------------------------------------ */

#define LEARN_USAGE                                                                                \
	"usage: landbox learn [OPTIONS] -o FILE [--force] [--generalize] [--rounds N] -- "         \
	"COMMAND [ARG...]"

static int opt_output(void *ctx, const char *value)
{
	struct learn *l = ctx;

	if (!*value) {
		cli_error("learn: -o: empty file name");
		return LB_EXIT_FAIL;
	}
	l->output = value;
	return 0;
}

static int opt_force(void *ctx, const char *value)
{
	(void)value;
	((struct learn *)ctx)->force = 1;
	return 0;
}

static int opt_generalize(void *ctx, const char *value)
{
	(void)value;
	((struct learn *)ctx)->generalize = 1;
	return 0;
}

static int opt_rounds(void *ctx, const char *value)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || end == value || *end || value[0] == '-' || v < 1 || v > ROUNDS_MAX) {
		cli_error("learn: --rounds: invalid number '%s' (1-%d)", value, ROUNDS_MAX);
		return LB_EXIT_FAIL;
	}
	((struct learn *)ctx)->rounds = (unsigned)v;
	return 0;
}

static const struct cli_extra_option learn_options[] = {
    {"output", 'o', 1, opt_output, "FILE",
     "write the learned profile to FILE (required; written atomically)"},
    {"force", 0, 0, opt_force, NULL, "overwrite FILE if it exists"},
    {"generalize", 0, 0, opt_generalize, NULL,
     "allow a directory instead of 4 or more of its files"},
    {"rounds", 0, 1, opt_rounds, "N", "run COMMAND at most N times (1-1000, default 10)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

/* `landbox learn --help`. */
static const struct cli_subcommand learn_command = {
    "learn [OPTIONS] -o FILE [--force] [--generalize] [--rounds N] -- COMMAND [ARG...]",
    "Write a profile for COMMAND from the denials it hits: run it in a deny-all\n"
    "sandbox (plus the run options given, such as --profile base), read its denials\n"
    "as --explain does, allow each with the narrowest rule, and run it again, until\n"
    "a run hits no denial.  A program or library denied brings its whole --ldd\n"
    "closure at once.  A path that is one of COMMAND's arguments is written ${ARG1},\n"
    "${ARG2}, ... and the directory of an output argument ${ARGDIR2}: the profile\n"
    "then runs COMMAND on other files.  COMMAND is never run outside a sandbox.  The\n"
    "denials come from Landlock's audit records when landbox can read them (root,\n"
    "ABI 7), else from tracing COMMAND (any user, any ABI); --explain=audit|trace\n"
    "chooses.\n",
    "Exit status: 0 when the profile was written; 1 when COMMAND still hit denials\n"
    "after the last round or made no progress (nothing is written then), or when the\n"
    "profile was written but COMMAND exited non-zero with nothing denied; 125 on a\n"
    "usage error or without the privilege.\n"
    "\n"
    "Example:\n"
    "  landbox learn --profile base -o tool.profile -- ./tool --check\n"
    "  landbox run --profile tool.profile -- ./tool --check\n",
    learn_options,
};

static const struct cli_extra_option *learn_option(const char *name, char short_name)
{
	for (const struct cli_extra_option *x = learn_options; x->name; x++)
		if ((name && !strcmp(x->name, name)) || (short_name && x->short_name == short_name))
			return x;
	return NULL;
}

/* ---- the learned rules --------------------------------------------------- */

static unsigned cats_of_option(const char *option)
{
	if (!strcmp(option, "ro"))
		return CAT_R;
	if (!strcmp(option, "rox"))
		return CAT_R | CAT_X;
	if (!strcmp(option, "rw"))
		return CAT_R | CAT_W;
	if (!strcmp(option, "rwx"))
		return CAT_R | CAT_W | CAT_X;
	if (!strcmp(option, "unix"))
		return CAT_U;
	return 0;
}

/* The one option granting CATS (without CAT_U, which is "unix" apart). */
static const char *option_of_cats(unsigned cats)
{
	if ((cats & CAT_W) && (cats & CAT_X))
		return "rwx";
	if (cats & CAT_W)
		return "rw";
	if (cats & CAT_X)
		return "rox";
	return "ro";
}

/* Whether VALUE survives being written as a profile line and read back as
 * one value: no comma in an element of a path or port list (the list
 * separator; LIST), no " #" (a comment), no "${" (a variable), no line
 * break or other control character, no blank at either end. */
static int profile_value_safe(const char *value, int list)
{
	const size_t n = strlen(value);

	for (const char *c = value; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return 0; /* a control character: not in a text line */
	return n && !(list && strchr(value, ',')) && !strstr(value, "${") && !strstr(value, " #") &&
	       !strstr(value, "\t#") && value[0] != ' ' && value[0] != '\t' &&
	       value[n - 1] != ' ' && value[n - 1] != '\t';
}

/* A path of a rule (an element of a list). */
static int profile_safe(const char *value)
{
	return profile_value_safe(value, 1);
}

static struct learned *find_path(struct learn *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == L_PATH && !strcmp(l->v[i].path, path))
			return &l->v[i];
	return NULL;
}

static struct learned *new_entry(struct learn *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct learned *nv = realloc(l->v, cap * sizeof(*nv));
		if (!nv)
			return NULL;
		l->v = nv;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	return &l->v[l->n++];
}

/* Control characters as '?': a comment must stay one line (the names in it
 * come from the sandboxed program). */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static void add_why(struct learned *e, const char *why, unsigned round)
{
	char add[300];
	size_t len = strlen(e->why);

	/* The reason is a comment: cut at 300 bytes when longer.  It is
	 * appended only where it fits. */
	(void)snprintf(add, sizeof(add), "%s (round %u)", why, round);
	one_line(add);
	if (strstr(e->why, add) || (len && strstr(e->why, why)))
		return;
	if (len && len + strlen(add) + 3 < sizeof(e->why))
		(void)snprintf(e->why + len, sizeof(e->why) - len, "; %s", add);
	else if (!len)
		(void)snprintf(e->why, sizeof(e->why), "%s", add);
}

/* Grant CATS on PATH in the running policy and in the learned set.
 * Returns 1 if that is new, 0 if already granted, or an exit status < 0. */
static int grant_path(struct learn *l, struct policy *p, const char *path, unsigned cats,
		      const char *why, unsigned round, int generalized)
{
	struct learned *e = find_path(l, path);
	struct stat st;
	char origin[64];

	if (e && (e->cats & cats) == cats)
		return 0;
	if (!e) {
		e = new_entry(l);
		if (!e || !(e->path = strdup(path))) {
			cli_error("learn: out of memory");
			return -LB_EXIT_FAIL;
		}
		e->type = L_PATH;
		e->is_dir = !stat(path, &st) && S_ISDIR(st.st_mode);
		e->round = round;
	}
	e->cats |= cats;
	e->generalized |= generalized;
	add_why(e, why, round);
	/* Into the policy of the next run: a rule with every right of the
	 * option (Landlock adds up the rules of one path). */
	(void)snprintf(origin, sizeof(origin), "learn round %u", round); /* fits */
	if ((e->cats & CAT_U) && policy_add_path_ext(p, path, cli_option_find("unix")->rights,
						     "unix", origin, SOURCE_LEARN))
		return -LB_EXIT_FAIL;
	if (e->cats & ~CAT_U) {
		const char *opt = option_of_cats(e->cats);
		if (policy_add_path_ext(p, path, cli_option_find(opt)->rights, opt, origin,
					SOURCE_LEARN))
			return -LB_EXIT_FAIL;
	}
	if (e->cats & CAT_U)
		cli_error("learn: + unix %s  (%s)", path, why);
	if (e->cats & ~CAT_U)
		cli_error("learn: + %s %s  (%s)", option_of_cats(e->cats), path, why);
	return 1;
}

static int grant_port(struct learn *l, struct policy *p, const char *option, unsigned port,
		      const char *why, unsigned round)
{
	struct learned *e;
	char origin[64];

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == L_PORT && l->v[i].port == port &&
		    !strcmp(l->v[i].option, option))
			return 0;
	e = new_entry(l);
	if (!e) {
		cli_error("learn: out of memory");
		return -LB_EXIT_FAIL;
	}
	e->type = L_PORT;
	e->option = cli_option_find(option)->name;
	e->port = port;
	e->round = round;
	add_why(e, why, round);
	(void)snprintf(origin, sizeof(origin), "learn round %u", round); /* fits */
	if (policy_add_port(p, cli_option_find(option)->rights, port, cli_option_find(option)->name,
			    origin))
		return -LB_EXIT_FAIL;
	cli_error("learn: + %s %u  (%s)", option, port, why);
	return 1;
}

static int grant_scope(struct learn *l, struct policy *p, const char *why, unsigned round)
{
	struct learned *e;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == L_SCOPE)
			return 0;
	e = new_entry(l);
	if (!e) {
		cli_error("learn: out of memory");
		return -LB_EXIT_FAIL;
	}
	e->type = L_SCOPE;
	e->round = round;
	add_why(e, why, round);
	p->unrestricted |= UNRESTRICTED_SCOPE;
	cli_error("learn: + unrestricted-scoped  (%s)", why);
	return 1;
}

/* PATH's directory into DIR ("/" for "/x").  It fits: DIR is shorter than
 * PATH, and the callers' buffers are PATH_MAX, like the paths. */
static void parent_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		(void)snprintf(dir, len, "/");
	else
		(void)snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* Whether PATH can be written in a profile: as it is, or as an argument
 * variable with a tail that can (an argument "a,b.png" is "${ARG1}"). */
static int writable(struct learn_args *args, const char *path)
{
	char buf[PATH_MAX + 32];
	const char *tail;

	if (learn_args_rewrite(args, path, buf, sizeof(buf), &tail))
		return !*tail || profile_safe(tail);
	return profile_safe(path);
}

/* The path a rule for denied PATH goes on: PATH itself when it exists and
 * can be written in a profile, else its nearest directory that can. */
static void rule_path(struct learn_args *args, const char *path, char *buf, size_t len,
		      const char **note)
{
	struct stat st;
	char tmp[PATH_MAX];

	/* Fits: PATH (a logged path) and BUF are PATH_MAX. */
	*note = NULL;
	(void)snprintf(buf, len, "%s", path);
	while (strcmp(buf, "/") != 0 && (stat(buf, &st) || !writable(args, buf))) {
		*note = stat(buf, &st) ? "gone after the run: its directory"
				       : "its name cannot be written in a profile: its directory";
		parent_of(buf, tmp, sizeof(tmp));
		(void)snprintf(buf, len, "%s", tmp);
	}
}

/* A program denied execution, or a library denied loading, is the first
 * of a chain: its interpreter and libraries would then be denied one per
 * round (and --rounds ends learning long before a program such as
 * ImageMagick's convert runs).  Allow what --ldd allows for it at once:
 * interpreters --rox, libraries --ro, each file on its own, and the
 * loader's /etc/ld.so.cache.  PATH is not an
 * ELF file or #! script: nothing more (returns 0). */
/* The canonical paths of P's first N rules (NULL where a rule's path is
 * not there), for allowed(); freed by the caller.  NULL when out of
 * memory: then nothing counts as allowed (more lines, not fewer). */
static char **rule_paths(const struct policy *p, size_t n)
{
	char **v = calloc(n + 1, sizeof(*v));

	for (size_t i = 0; v && i < n; i++)
		v[i] = realpath(p->paths[i].path, NULL);
	return v;
}

/* Whether one of P's first N rules (canonical paths CANON) already gives
 * RIGHTS on the canonical PATH: the closure repeats no rule given. */
static int allowed(const struct policy *p, size_t n_rules, char **canon, const char *path,
		   uint64_t rights)
{
	for (size_t i = 0; canon && i < n_rules; i++) {
		const size_t n = canon[i] ? strlen(canon[i]) : 0;

		if (n && (p->paths[i].rights & rights) == rights && !strncmp(path, canon[i], n) &&
		    (path[n] == '\0' || path[n] == '/' || !strcmp(canon[i], "/")))
			return 1;
	}
	return 0;
}

static int grant_closure(struct learn *l, struct policy *p, const char *path, int exec,
			 unsigned round)
{
	struct elfdeps deps;
	char err[256], why[PATH_MAX + 64], **canon;
	size_t n_rules;
	int added = 0, ret;

	/* COMMAND's own program is the program's, never an argument (`ls
	 * /usr` does not run ${ARG1}/bin/ls). */
	if (exec && p->program) {
		char *prog = realpath(p->program, NULL);
		if (prog && !strcmp(prog, path) && find_path(l, path))
			find_path(l, path)->closure = 1;
		free(prog);
	}
	ret = exec ? elfdeps_resolve(path, &deps, err, sizeof(err))
		   : elfdeps_resolve_library(path, &deps, err, sizeof(err));
	if (ret) {
		cli_debug("learn: no --ldd closure for %s: %s", path, err);
		elfdeps_free(&deps);
		return 0;
	}
	(void)snprintf(why, sizeof(why), "--ldd closure of %s", path); /* cut in a comment */
	one_line(why);
	/* The rules before this closure: it adds to P->paths as it goes. */
	n_rules = p->npaths;
	canon = rule_paths(p, n_rules);
	for (size_t i = 0; i <= deps.n && ret >= 0; i++) {
		/* After the files, ld.so's cache, which it reads to find the
		 * libraries by name. */
		const int cache = i == deps.n;
		const char *f = cache ? "/etc/ld.so.cache" : deps.v[i].path;
		const unsigned cats =
		    cache || deps.v[i].kind == ELFDEP_LIBRARY ? CAT_R : CAT_R | CAT_X;
		const uint64_t rights = LB_FS_READ_FILE | (cats & CAT_X ? LB_FS_EXECUTE : 0);
		struct stat st;

		/* PATH is the denial's own rule; a --deny is not undone; what
		 * the rules given allow is not repeated. */
		if (!strcmp(f, path) || !profile_safe(f) || deny_conflict(p, f) ||
		    allowed(p, n_rules, canon, f, rights) ||
		    (cache && (added == 0 || stat(f, &st))))
			continue;
		ret = grant_path(l, p, f, cats, why, round, 0);
		if (ret > 0) {
			added += ret;
			/* A library under an argument (`ls /usr`) is still the
			 * program's: never written ${ARGn}/... */
			find_path(l, f)->closure = 1;
		}
	}
	for (size_t i = 0; canon && i < n_rules; i++)
		free(canon[i]);
	free(canon);
	elfdeps_free(&deps);
	return ret < 0 ? ret : added;
}

/* Learn from one distinct denial.  Returns 1 (new rule), 0 (nothing new),
 * or -exit status. */
static int learn_denial(struct learn *l, struct policy *p, const struct audit_denial *d,
			unsigned round, int *unfixable)
{
	struct explain_rule rule;
	char why[256], path[PATH_MAX], dir[PATH_MAX];
	const char *note, *denied;
	int ret;

	if (explain_rule(d, &rule) < 0) {
		char line[2 * AUDIT_STR_MAX + 512];
		explain_format(d, line, sizeof(line));
		cli_error("learn: cannot allow: %s", line);
		(*unfixable)++;
		return 0;
	}
	/* The reasons become comments of the profile: cut when too long (add_why
	 * keeps 300 bytes anyway). */
	if (d->nprogs && d->progs[0].comm[0])
		(void)snprintf(why, sizeof(why), "%s denied for %s%s", d->blockers,
			       d->progs[0].comm, d->nprogs > 1 ? " and others" : "");
	else
		(void)snprintf(why, sizeof(why), "%s denied", d->blockers);
	one_line(why);
	if (!strcmp(rule.option, "unrestricted-scoped"))
		return grant_scope(l, p, why, round);
	if (cats_of_option(rule.option) == 0)
		return grant_port(l, p, rule.option, (unsigned)strtoul(rule.arg, NULL, 10), why,
				  round);
	/* A rule there would undo a --deny (a grant inside a denied path wins)
	 * or be split around it again: the denial is what was asked for. */
	if ((denied = deny_conflict(p, rule.arg))) {
		one_line(rule.arg);
		fprintf(stderr, "landbox: learn: not allowing %s on %s: --deny %s\n", d->blockers,
			rule.arg, denied);
		(*unfixable)++;
		return 0;
	}
	if (rule.note) {
		char w[sizeof(why) + 200];
		(void)snprintf(w, sizeof(w), "%s on %s; %s", why, d->object, rule.note);
		one_line(w);
		return grant_path(l, p, rule.arg, cats_of_option(rule.option), w, round, 0);
	}
	rule_path(&l->args, rule.arg, path, sizeof(path), &note);
	if (!strcmp(path, "/")) {
		/* Never the whole filesystem for one file. */
		one_line(rule.arg);
		cli_error("learn: cannot allow %s on %s: %s", d->blockers, rule.arg,
			  note ? note : "it is the root directory");
		(*unfixable)++;
		return 0;
	}
	if (note) {
		char w[sizeof(why) + sizeof(rule.arg) + 80];
		(void)snprintf(w, sizeof(w), "%s on %s, %s", why, rule.arg, note);
		one_line(w);
		return grant_path(l, p, path, cats_of_option(rule.option), w, round, 0);
	}
	ret = grant_path(l, p, path, cats_of_option(rule.option), why, round, 0);
	if (ret > 0 && !strcmp(path, rule.arg)) {
		const int closure =
		    grant_closure(l, p, path, !!(cats_of_option(rule.option) & CAT_X), round);
		return closure < 0 ? closure : ret;
	}
	if (ret)
		return ret;
	/* Denied although allowed: the rule's inode is not the one used now
	 * (the file is replaced on each run).  Its directory, then. */
	parent_of(path, dir, sizeof(dir));
	if (!strcmp(dir, "/"))
		return 0; /* not the whole filesystem: no progress */
	{
		char w[sizeof(why) + PATH_MAX + 80];
		(void)snprintf(w, sizeof(w),
			       "%s on %s again although allowed (replaced on each run)", why, path);
		one_line(w);
		return grant_path(l, p, dir, cats_of_option(rule.option), w, round, 0);
	}
}

/* Whether entry E is made useless by a directory rule above it. */
static int covered_but(const struct learn *l, const struct learned *e,
		       int (*skip)(const struct learn *, const struct learned *))
{
	if (e->type != L_PATH)
		return 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct learned *d = &l->v[i];
		size_t n;

		if (d == e || d->type != L_PATH || !d->is_dir || (d->cats & e->cats) != e->cats ||
		    (skip && skip(l, d)))
			continue;
		n = strlen(d->path);
		if (!strcmp(d->path, "/") || (!strncmp(e->path, d->path, n) && e->path[n] == '/'))
			return 1;
	}
	return 0;
}

static int covered(const struct learn *l, const struct learned *e)
{
	return covered_but(l, e, NULL);
}

/* --generalize: GENERALIZE_MIN or more files of one directory: the directory. */
static int generalize(struct learn *l, struct policy *p, unsigned round)
{
	int added = 0;

	for (size_t i = 0; i < l->n; i++) {
		char dir[PATH_MAX], why[128];
		unsigned cats = 0, count = 0;

		if (l->v[i].type != L_PATH || l->v[i].is_dir || covered(l, &l->v[i]))
			continue;
		parent_of(l->v[i].path, dir, sizeof(dir));
		for (size_t j = 0; j < l->n; j++) {
			char dj[PATH_MAX];
			if (l->v[j].type != L_PATH || l->v[j].is_dir || covered(l, &l->v[j]))
				continue;
			parent_of(l->v[j].path, dj, sizeof(dj));
			if (!strcmp(dir, dj)) {
				count++;
				cats |= l->v[j].cats & ~CAT_U;
			}
		}
		if (count < GENERALIZE_MIN || !cats)
			continue;
		/* Fits: 40 bytes and a number. */
		(void)snprintf(why, sizeof(why), "--generalize: %u files of this directory", count);
		int ret = grant_path(l, p, dir, cats, why, round, 1);
		if (ret < 0)
			return ret;
		added += ret;
	}
	return added;
}

/* ---- the profile --------------------------------------------------------- */

/* VALUE with relative paths made absolute (a profile is used from anywhere). */
static void absolute_paths(const char *value, char *buf, size_t len)
{
	char cwd[PATH_MAX];
	size_t o = 0;

	if (!getcwd(cwd, sizeof(cwd)))
		(void)snprintf(cwd, sizeof(cwd), ".");
	buf[0] = '\0';
	for (const char *s = value;;) {
		size_t n;
		int w;

		while (s[0] == '.' && s[1] == '/')
			s += 2; /* "./x" is "x" */
		n = strcspn(s, ",");
		if (s[0] == '.' && n == 1)
			w = snprintf(buf + o, len - o, "%s%s", o ? "," : "", cwd);
		else
			w = snprintf(buf + o, len - o, "%s%s%s%.*s", o ? "," : "",
				     s[0] == '/' ? "" : cwd, s[0] == '/' ? "" : "/", (int)n, s);
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
		if (!s[n])
			break;
		s += n + 1;
	}
}

static int unsafe_value(const char *option, const char *value)
{
	/* Through cli_error: VALUE's control characters are escaped. */
	cli_error("learn: --%s %s: this value cannot be written in a profile line "
		  "(comma in a path or port, control character, ' #', '${' or blanks at "
		  "either end)",
		  option, value);
	return LB_EXIT_FAIL;
}

/* One line of what was given to learn, marked so (the learned lines say
 * which denial they allow). */
static void given_line(FILE *out, const char *name, const char *value)
{
	const int profile = !strcmp(name, "profile") || !strcmp(name, "include");
	char line[PATH_MAX * 4 + 64];

	/* Cut only when longer than a value may be: a comment's width. */
	(void)snprintf(line, sizeof(line), "%s%s%s", name, value ? " " : "", value ? value : "");
	fprintf(out, "%-40s # given to learn%s\n", line,
		profile ? ": its rules are read from it, not copied" : "");
}

/* Run option O given with VALUE (NULL for a flag) as profile lines.
 * Returns 0 or an exit status. */
static int option_lines(FILE *out, const struct cli_option *o, const char *value)
{
	char abs[PATH_MAX * 4];

	if (!value) {
		given_line(out, o->name, NULL);
		return 0;
	}
	/* Paths made absolute: the profile is used from anywhere (a profile
	 * given by path too; a bare NAME is searched for). */
	if (o->arg == ARG_PATHS || ((!strcmp(o->name, "profile") || !strcmp(o->name, "include") ||
				     !strcmp(o->name, "chdir")) &&
				    value[0] != '/' && strchr(value, '/'))) {
		absolute_paths(value, abs, sizeof(abs));
		value = abs;
	}
	if (o->arg == ARG_PATHS || o->arg == ARG_PORTS) {
		/* One element a line: easier to read and to edit.  An element
		 * is a port or a path: it fits in ITEM. */
		for (const char *s = value;;) {
			const size_t n = strcspn(s, ",");
			char item[PATH_MAX];
			(void)snprintf(item, sizeof(item), "%.*s", (int)n, s);
			if (!profile_safe(item))
				return unsafe_value(o->name, item);
			given_line(out, o->name, item);
			if (!s[n])
				break;
			s += n + 1;
		}
		return 0;
	}
	if (!profile_value_safe(value, 0))
		return unsafe_value(o->name, value);
	given_line(out, o->name, value);
	return 0;
}

/* The run options given on the command line, as profile lines.  Returns 0
 * or an exit status. */
static int given_options(FILE *out, char **argv, int cmd_index)
{
	for (int i = 0; i < cmd_index; i++) {
		const char *a = argv[i], *name, *eq, *value = NULL;
		const struct cli_option *o;
		char nbuf[64];
		int ret;

		if (!strcmp(a, "--"))
			break;
		if (a[0] == '-' && a[1] != '-') {
			/* -o FILE or -oFILE: learn's own. */
			const struct cli_extra_option *x = learn_option(NULL, a[1]);
			if (x && x->has_arg && !a[2])
				i++;
			continue;
		}
		name = a + 2;
		eq = strchr(name, '=');
		/* Cut harmlessly: no option name is that long. */
		(void)snprintf(nbuf, sizeof(nbuf), "%.*s",
			       (int)(eq ? (size_t)(eq - name) : strlen(name)), name);
		if (eq)
			value = eq + 1;
		o = cli_option_find(nbuf);
		if (!o) {
			const struct cli_extra_option *x = learn_option(nbuf, 0);
			if (x && x->has_arg && !eq)
				i++;
			continue;
		}
		if (o->arg != ARG_NONE && !value)
			value = argv[++i];
		/* Not part of a sandbox: how landbox itself behaves. */
		if ((o->flags & OPT_CLI_ONLY) || !strcmp(o->name, "log-level"))
			continue;
		ret = option_lines(out, o, value);
		if (ret)
			return ret;
	}
	return 0;
}

static void entry_line(FILE *out, struct learn_args *args, const struct learned *e)
{
	char line[PATH_MAX + 64], written[PATH_MAX + 32];
	const char *path = NULL, *tail;

	/* Every line fits: a path and an option name. */
	switch (e->type) {
	case L_PATH:
		/* In terms of COMMAND's arguments where it is one of them. */
		path = !e->closure &&
			       learn_args_rewrite(args, e->path, written, sizeof(written), &tail)
			   ? written
			   : e->path;
		if (e->cats & CAT_U) {
			(void)snprintf(line, sizeof(line), "unix %s", path);
			fprintf(out, "%-40s # %s\n", line, e->why);
		}
		if (!(e->cats & ~CAT_U))
			return;
		(void)snprintf(line, sizeof(line), "%s %s", option_of_cats(e->cats), path);
		break;
	case L_PORT:
		(void)snprintf(line, sizeof(line), "%s %u", e->option, e->port);
		break;
	case L_SCOPE:
		(void)snprintf(line, sizeof(line), "unrestricted-scoped");
		break;
	}
	fprintf(out, "%-40s # %s\n", line, e->why);
}

/* The whole profile text; NULL on failure (message printed). */
/* Whether E is written in terms of an argument (and marks it used). */
static int argument_rule(const struct learn *l, const struct learned *e)
{
	char buf[PATH_MAX + 32];
	const char *tail;

	/* learn_args_rewrite() marks the argument used: the only change. */
	return e->type == L_PATH && !e->closure &&
	       learn_args_rewrite((struct learn_args *)&l->args, e->path, buf, sizeof(buf), &tail);
}

/* Whether E is left out of the profile: a directory rule above it does it
 * all.  Not when E or that directory is written as an argument: with other
 * arguments, the directory is no longer above it (`ls /usr` learns
 * ${ARG1}, which must not stand for ls's libraries). */
static int left_out(struct learn *l, const struct learned *e)
{
	return !argument_rule(l, e) && covered_but(l, e, argument_rule);
}

static char *profile_text(struct learn *l, char **argv, int cmd_index, int argc, unsigned rounds,
			  int status, size_t *len)
{
	char *text = NULL, date[32];
	FILE *out = open_memstream(&text, len);
	time_t now = time(NULL);
	struct tm tm;
	long given_at;

	if (!out) {
		cli_error("learn: out of memory");
		return NULL;
	}
	/* The date fits; an argument is cut at 512 bytes in the comment. */
	(void)strftime(date, sizeof(date), "%Y-%m-%d", gmtime_r(&now, &tm));
	/* Which arguments the rules name (the header shows them as such). */
	for (unsigned i = 0; i < l->args.n; i++)
		l->args.v[i].used = 0;
	for (size_t i = 0; i < l->n; i++)
		(void)argument_rule(l, &l->v[i]); /* all written (left_out()) */
	fprintf(out, "# landbox profile written by `landbox learn` on %s for:\n#  ", date);
	for (int i = cmd_index; i < argc; i++) {
		char arg[512];
		const unsigned n = (unsigned)(i - cmd_index);
		if (n && n <= l->args.n && l->args.v[n - 1].used)
			(void)snprintf(arg, sizeof(arg), "${ARG%u}", n);
		else
			(void)snprintf(arg, sizeof(arg), "%s", argv[i]);
		one_line(arg);
		fprintf(out, " %s", arg);
	}
	fprintf(out,
		"\n# In round %u COMMAND ran with nothing left to allow (exit status %d).\n"
		"# Use: landbox run --profile FILE -- COMMAND\n",
		rounds, status);
	for (unsigned i = 0; i < l->args.n; i++)
		if (l->args.v[i].used) {
			fprintf(out, "# ${ARGn} is COMMAND's argument N where the profile is used, "
				     "${ARGDIRn} the directory\n# it is in (landbox-profile(5)): "
				     "give COMMAND the same kind of arguments.\n");
			break;
		}
	fprintf(out, "\n# Given to landbox learn (a profile given is read from where it is, "
		     "not copied):\n");
	given_at = ftell(out);
	if (given_options(out, argv, cmd_index)) {
		(void)fclose(out); /* the text is dropped anyway */
		free(text);
		return NULL;
	}
	if (ftell(out) == given_at)
		fprintf(out, "# (nothing: everything below was learned)\n");
	fprintf(out, "\n# Learned: what the lines above did not allow (each line: the denial "
		     "it allows):\n");
	for (size_t i = 0; i < l->n; i++)
		if (!left_out(l, &l->v[i]))
			entry_line(out, &l->args, &l->v[i]);
	if (fclose(out)) {
		cli_error("learn: out of memory");
		free(text);
		return NULL;
	}
	return text;
}

/* COMMAND failed although nothing was denied: what outside the sandbox can
 * refuse a write that no rule grants, for its arguments, and in general. */
static void command_hints(const struct learn_args *a)
{
	char why[PATH_MAX + 160];
	int named = 0;

	for (unsigned i = 0; i < a->n; i++)
		if (a->v[i].value && sticky_open_refused(a->v[i].value, why, sizeof(why))) {
			cli_error("learn: hint: %s: remove it as its owner, or give another file",
				  why);
			named = 1;
		}
	if (!named && sticky_protected_regular() > 0)
		cli_error(
		    "learn: hint: EACCES on a file of another user in a sticky directory "
		    "(/tmp) comes from fs.protected_regular=%d, not from the sandbox: the kernel "
		    "refuses to open such a file with O_CREAT, even to root",
		    sticky_protected_regular());
}

/* Write TEXT to FILE atomically: a temporary file in the same directory,
 * fsync, then rename (without --force: a rename that refuses to replace). */
static int write_atomic(const char *file, const char *text, size_t len, int force)
{
	char tmp[PATH_MAX + 16], dir[PATH_MAX];
	const char *slash = strrchr(file, '/');
	mode_t mask;
	int fd, ret = 0, dfd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", file) >= sizeof(tmp)) {
		cli_error("learn: %s: file name too long", file);
		return LB_EXIT_FAIL;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		cli_error("learn: cannot create a temporary file next to %s: %s", file,
			  strerror(errno));
		return LB_EXIT_FAIL;
	}
	/* mkostemp creates 0600; a profile is an ordinary file. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		ret = errno;
	for (size_t off = 0; !ret && off < len;) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ret = errno;
		else
			off += (size_t)n;
	}
	if (!ret && fsync(fd))
		ret = errno;
	if (close(fd) && !ret)
		ret = errno;
	if (ret) {
		cli_error("learn: cannot write %s: %s", tmp, strerror(ret));
		unlink(tmp);
		return LB_EXIT_FAIL;
	}
	if (force) {
		if (rename(tmp, file))
			ret = errno;
	} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE)) {
		ret = errno;
		/* A filesystem without RENAME_NOREPLACE: link refuses too. */
		if (ret == EINVAL || ret == ENOSYS)
			ret = link(tmp, file) ? errno : 0;
	}
	unlink(tmp); /* gone after rename; the link's spare name otherwise */
	if (ret == EEXIST) {
		cli_error("learn: %s exists; use --force to overwrite it", file);
		return LB_EXIT_FAIL;
	}
	if (ret) {
		char why[PATH_MAX + 160];
		if ((ret == EPERM || ret == EACCES) &&
		    sticky_replace_refused(file, why, sizeof(why)))
			cli_error("learn: cannot write %s: %s", file, why);
		else
			cli_error("learn: cannot write %s: %s", file, strerror(ret));
		return LB_EXIT_FAIL;
	}
	/* The new name itself must survive a crash.  Best effort: a directory
	 * name cut at PATH_MAX makes the fsync useless, not harmful. */
	if (slash)
		(void)snprintf(dir, sizeof(dir), "%.*s", slash == file ? 1 : (int)(slash - file),
			       file);
	else
		(void)snprintf(dir, sizeof(dir), ".");
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* ---- the rounds ---------------------------------------------------------- */

static void free_learn(struct learn *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	learn_args_free(&l->args);
}

/* Whether COMMAND was stopped by a signal landbox forwarded (the user wants
 * to stop, not to learn from that run). */
static int interrupted(const struct run_result *res)
{
	if (!res->ran || !WIFSIGNALED(res->wstatus))
		return 0;
	switch (WTERMSIG(res->wstatus)) {
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
	case SIGQUIT:
		return 1;
	}
	return 0;
}

/* Run the rounds.  Returns landbox's exit status; *CLEAN is set when a run
 * had nothing left to allow, with its round and COMMAND's status. */
static int rounds(struct learn *l, struct policy *p, char **cmd, struct explain *ex, int *clean,
		  unsigned *round_out, int *status_out)
{
	for (unsigned round = 1; round <= l->rounds; round++) {
		struct run_result res;
		const struct audit_log *log;
		int added = 0, unfixable = 0, ret;
		size_t n;

		ret = run_spawn(p, cmd, ex, &res);
		/* The same warnings (what this kernel cannot restrict) would
		 * be printed again on every round: once is enough. */
		if (round == 1 && cli_log_level == LOG_WARN)
			cli_log_level = LOG_ERROR;
		if (ret)
			return ret;
		if (interrupted(&res)) {
			cli_error("learn: COMMAND was interrupted (signal %d); "
				  "nothing written",
				  WTERMSIG(res.wstatus));
			return res.status;
		}
		log = explain_log(ex);
		n = audit_log_count(log);
		cli_error("learn: round %u: COMMAND exited with status %d, %zu "
			  "distinct denial%s",
			  round, res.status, n, n == 1 ? "" : "s");
		for (size_t i = 0; i < n; i++) {
			ret = learn_denial(l, p, audit_log_get(log, i), round, &unfixable);
			if (ret < 0)
				return -ret;
			added += ret;
		}
		if (l->generalize) {
			ret = generalize(l, p, round);
			if (ret < 0)
				return -ret;
			added += ret;
		}
		*round_out = round;
		*status_out = res.status;
		if (n == (size_t)unfixable) {
			/* Nothing (more) to allow: learned. */
			*clean = 1;
			return 0;
		}
		if (!added) {
			cli_error("learn: no progress in round %u: the denials above "
				  "are already allowed and still happen; nothing written",
				  round);
			return 1;
		}
	}
	cli_error("learn: COMMAND still hit new denials after %u round%s (--rounds); "
		  "nothing written",
		  l->rounds, l->rounds == 1 ? "" : "s");
	return 1;
}

int cmd_learn(int argc, char **argv)
{
	struct learn l = {.rounds = ROUNDS_DEFAULT};
	struct policy p;
	struct explain *ex = NULL;
	struct stat st;
	char why[PATH_MAX + 160];
	int ci, ret, clean = 0, status = 0;
	unsigned round = 0;
	char *text = NULL;
	size_t len = 0;

	policy_init(&p, PERSONA_LANDBOX);
	ret = policy_parse_args_ext(&p, argc, argv, &ci, &learn_command, &l);
	if (ret < 0) {
		ret = 0;
		goto out;
	}
	if (ret)
		goto out;
	ret = LB_EXIT_FAIL;
	if (!l.output) {
		cli_error("learn: missing -o FILE (where to write the profile)");
		fprintf(stderr, "%s\n", LEARN_USAGE);
		goto out;
	}
	if (ci >= argc) {
		cli_error("learn: missing COMMAND");
		fprintf(stderr, "%s\n", LEARN_USAGE);
		goto out;
	}
	if (p.dry_run) {
		cli_error("learn: --dry-run: not with learn (it runs COMMAND)");
		goto out;
	}
	/* Refuse now rather than after running COMMAND several times. */
	if (!l.force && !lstat(l.output, &st)) {
		cli_error("learn: %s exists; use --force to overwrite it", l.output);
		goto out;
	}
	if (l.force && sticky_replace_refused(l.output, why, sizeof(why))) {
		cli_error(
		    "learn: --force cannot overwrite it: %s; have its owner remove it, or give "
		    "another -o FILE",
		    why);
		goto out;
	}
	if ((ret = policy_resolve(&p, argv[ci])))
		goto out;
	/* Before the first round: an argument that is not there yet is an
	 * output of COMMAND. */
	if (learn_args_init(&l.args, argv + ci)) {
		cli_error("learn: out of memory");
		ret = LB_EXIT_FAIL;
		goto out;
	}
	ex = explain_start_for(&p, "learn", "cannot learn without it");
	if (!ex) {
		ret = LB_EXIT_FAIL;
		goto out;
	}
	ret = rounds(&l, &p, argv + ci, ex, &clean, &round, &status);
	explain_end(ex);
	if (ret || !clean)
		goto out;
	text = profile_text(&l, argv, ci, argc, round, status, &len);
	if (!text) {
		ret = LB_EXIT_FAIL;
		goto out;
	}
	ret = write_atomic(l.output, text, len, l.force);
	if (ret)
		goto out;
	cli_error("learn: wrote %s after %u round%s", l.output, round, round == 1 ? "" : "s");
	if (status) {
		cli_error("learn: but COMMAND exited with status %d although nothing was "
			  "denied: the sandbox is not the cause (missing --env? wrong arguments? "
			  "file permissions?)",
			  status);
		command_hints(&l.args);
		ret = 1;
	}
out:
	free(text);
	free_learn(&l);
	policy_free(&p);
	return ret;
}

#ifdef LB_FUZZING
int learn_parse_args(struct policy *p, int argc, char **argv, int *cmd_index)
{
	struct learn l = {.rounds = ROUNDS_DEFAULT};

	return policy_parse_args_ext(p, argc, argv, cmd_index, &learn_command, &l);
}
#endif /* LB_FUZZING */
