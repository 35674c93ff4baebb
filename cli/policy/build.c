/* SPDX-License-Identifier: MIT */
/* policy/build.c - the top of the policy of `landbox run`: parsing the
 * command line through the option table (options.c) and profiles
 * (profile.c), finding COMMAND (--add-exec, --ldd), turning the policy
 * (model.c) into an lb_sandbox with the right compatibility levels,
 * deciding whether this kernel can run it (refuse, or one warning line),
 * and the environment COMMAND gets. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cli.h"
#include "config/config.h"
#include "deny.h"
#include "elf/elfdeps.h"

/* ---- The command line ------------------------------------------------------ */

/*
 * Apply O with VALUE from ORIGIN: its handler, or, for --profile (which has
 * none: the option table sits below the profile reader), load the profile.
 */
static int apply(struct policy *p, const struct cli_option *o, const char *value,
		 const char *origin)
{
	if (o->handler)
		return o->handler(p, o, value, origin);
	if (!value || !*value) {
		if (origin[0] == '-')
			cli_error("%s: empty profile name", origin);
		else
			cli_error("%s: %s: empty profile name", origin, o->name);
		return LB_EXIT_FAIL;
	}
	return profile_load(p, value, origin);
}

int policy_apply_option(struct policy *p, const char *name, const char *value, const char *origin)
{
	const struct cli_option *o = cli_option_find(name);

	if (!o) {
		cli_error("%s: unknown option '%s'", origin, name);
		return LB_EXIT_FAIL;
	}
	return apply(p, o, o->arg == ARG_NONE ? NULL : value ? value : "", origin);
}

static void run_hint(const struct policy *p)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		p->persona == PERSONA_LANDRUN ? "landrun" : "landbox run");
}

/* --help, --version, --list-*: print and tell the caller to exit 0. */
static int informational(const struct policy *p, const char *name, const struct cli_subcommand *sub)
{
	if (!strcmp(name, "help")) {
		if (sub)
			cli_print_sub_help(stdout, sub);
		else
			cli_print_help(stdout,
				       p->persona == PERSONA_LANDRUN ? "landrun" : "landbox");
		return 1;
	}
	if (!strcmp(name, "version")) {
		printf("landbox %s\nliblandbox %s\n", LB_VERSION_STR, LB_VERSION);
		return 1;
	}
	if (!strcmp(name, "list-options")) {
		cli_list_options(stdout);
		return 1;
	}
	if (!strcmp(name, "list-profiles")) {
		profile_list(stdout);
		return 1;
	}
	return 0;
}

static const struct cli_extra_option *find_extra(const struct cli_subcommand *sub, const char *name,
						 char short_name)
{
	const struct cli_extra_option *extra = sub ? sub->options : NULL;

	for (; extra && extra->name; extra++)
		if ((name && !strcmp(extra->name, name)) ||
		    (short_name && extra->short_name == short_name))
			return extra;
	return NULL;
}

/* A short option: -h, or one of SUB's (-o FILE, -oFILE). */
static int parse_short(struct policy *p, int argc, char **argv, int *i,
		       const struct cli_subcommand *sub, void *ctx)
{
	const char *a = argv[*i];
	const struct cli_extra_option *x;
	const char *value = NULL;

	if (!strcmp(a, "-h"))
		return informational(p, "help", sub) ? -1 : 0;
	if (!strcmp(a, "-q"))
		return policy_apply_option(p, "quiet", NULL, "-q");
	x = find_extra(sub, NULL, a[1]);
	if (!x) {
		/* landrun (urfave/cli) also accepts long options with one dash. */
		if (p->persona == PERSONA_LANDRUN && a[1] && a[2])
			return 1;
		cli_error("unknown option '%s'", a);
		run_hint(p);
		return LB_EXIT_FAIL;
	}
	if (x->has_arg) {
		if (a[2])
			value = a + 2;
		else if (*i + 1 < argc)
			value = argv[++*i];
		else {
			cli_error("-%c: missing value (%s)", x->short_name,
				  x->metavar ? x->metavar : "VALUE");
			return LB_EXIT_FAIL;
		}
	} else if (a[2]) {
		cli_error("unknown option '%s'", a);
		run_hint(p);
		return LB_EXIT_FAIL;
	}
	return x->handler(ctx, value);
}

/*
 * The long option NAME ("ro" or "ro=/usr") at ARGV[*I]: its value is after
 * '=' or the next argument.  Returns 0, -1 (informational, exit 0) or an
 * exit status.
 */
static int parse_long(struct policy *p, const char *name, int argc, char **argv, int *i,
		      const struct cli_subcommand *sub, void *ctx)
{
	const char *eq = strchr(name, '='), *value = eq ? eq + 1 : NULL, *metavar;
	const struct cli_option *o;
	const struct cli_extra_option *x;
	char nbuf[64], origin[80];

	/* Truncation is harmless: no option name is that long. */
	(void)snprintf(nbuf, sizeof(nbuf), "%.*s", (int)(eq ? (size_t)(eq - name) : strlen(name)),
		       name);
	(void)snprintf(origin, sizeof(origin), "--%s", nbuf);
	o = cli_option_find(nbuf);
	x = o ? NULL : find_extra(sub, nbuf, 0);
	if (!o && !x) {
		const size_t n = strlen(nbuf);
		const char *near = cli_nearest_option(nbuf, sub);

		if (near)
			cli_error("unknown option '--%s' (did you mean --%s?)", nbuf, near);
		else
			cli_error("unknown option '--%s'", nbuf);
		/* "--ro?": the optional marker of profile lines. */
		if (n > 1 && nbuf[n - 1] == '?' && (nbuf[n - 1] = '\0', cli_option_find(nbuf)))
			cli_error("hint: '?' marks an optional line in a profile "
				  "(landbox-profile(5)); on the command line, --ignore-missing "
				  "skips missing paths and --best-effort runs what this kernel "
				  "cannot enforce");
		run_hint(p);
		return LB_EXIT_FAIL;
	}
	if (o && o->arg == ARG_OPTIONAL) {
		/* The value, if any, came with '=': nothing to take. */
	} else if ((o && o->arg == ARG_NONE) || (x && !x->has_arg)) {
		if (value) {
			cli_error("%s: takes no value (given '%s')", origin, value);
			return LB_EXIT_FAIL;
		}
	} else if (!value) {
		if (*i + 1 >= argc) {
			metavar = o ? o->metavar : x->metavar;
			cli_error("%s: missing value (%s)", origin, metavar ? metavar : "VALUE");
			run_hint(p);
			return LB_EXIT_FAIL;
		}
		value = argv[++*i];
	}
	if (x)
		return x->handler(ctx, value);
	if (o->flags & OPT_PROFILE) {
		cli_error("%s: only valid in a profile file (see landbox-profile(5))", origin);
		return LB_EXIT_FAIL;
	}
	if (informational(p, o->name, sub))
		return -1;
	return apply(p, o, value, origin);
}

/*
 * Where COMMAND starts in ARGV, found before any option is applied (a
 * profile given before COMMAND may use its arguments, ${ARG1}): the same
 * walk as policy_parse_args_ext(), skipping option values.  ARGC when
 * there is no COMMAND or an option is not known (the parse says so).
 */
static int command_start(const struct policy *p, int argc, char **argv,
			 const struct cli_subcommand *sub)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *name = a + 2, *eq;
		const struct cli_option *o;
		const struct cli_extra_option *x;
		char nbuf[64];

		if (!strcmp(a, "--"))
			return i + 1;
		if (a[0] != '-' || !a[1])
			return i;
		if (a[1] != '-') {
			x = find_extra(sub, NULL, a[1]);
			if (x) {
				i += x->has_arg && !a[2];
				continue;
			}
			if (!(p->persona == PERSONA_LANDRUN && a[2]))
				continue; /* -h, -q, or an error the parse reports */
			name = a + 1;
		}
		eq = strchr(name, '=');
		(void)snprintf(nbuf, sizeof(nbuf), "%.*s",
			       (int)(eq ? (size_t)(eq - name) : strlen(name)), name);
		o = cli_option_find(nbuf);
		x = o ? NULL : find_extra(sub, nbuf, 0);
		if (!o && !x)
			return argc;
		if (!eq && ((o && o->arg != ARG_NONE) || (x && x->has_arg)))
			i++;
	}
	return argc;
}

int policy_parse_args_ext(struct policy *p, int argc, char **argv, int *cmd_index,
			  const struct cli_subcommand *sub, void *ctx)
{
	int i, ret;

	i = command_start(p, argc, argv, sub);
	if (i < argc) {
		p->cmd_args = argv + i + 1;
		p->cmd_nargs = argc - i - 1;
	}

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *name = a + 2;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (a[1] != '-') {
			ret = parse_short(p, argc, argv, &i, sub, ctx);
			if (ret != 1) {
				if (ret)
					return ret;
				continue;
			}
			name = a + 1; /* landrun's -ro: a long option with one dash */
		}
		if ((ret = parse_long(p, name, argc, argv, &i, sub, ctx)))
			return ret;
	}
	*cmd_index = i;
	policy_env_log_level(p);
	if (p->strict_given && p->best_effort_given) {
		cli_error("--strict and --best-effort contradict each other: choose one");
		return LB_EXIT_FAIL;
	}
	return 0;
}

int policy_parse_args(struct policy *p, int argc, char **argv, int *cmd_index)
{
	return policy_parse_args_ext(p, argc, argv, cmd_index, NULL, NULL);
}

/* ---- Finding COMMAND -------------------------------------------------------- */

static const char *dep_what(enum elfdep_kind kind)
{
	switch (kind) {
	case ELFDEP_INTERP:
		return "ELF interpreter";
	case ELFDEP_SCRIPT_INTERP:
		return "#! interpreter";
	case ELFDEP_LIBRARY:
		return "library";
	default:
		return "program";
	}
}

/* --ldd: the interpreters (--rox) and libraries (--ro) PROGRAM needs to start. */
static int add_ldd(struct policy *p, const char *program, const char *path_env)
{
	struct elfdeps deps;
	char err[512];
	int ret = elfdeps_resolve_path(program, path_env, &deps, err, sizeof(err));

	if (ret) {
		cli_error("--ldd: %s", err);
		elfdeps_free(&deps);
		return LB_EXIT_FAIL;
	}
	for (size_t i = 0; i < deps.n && !ret; i++) {
		const struct elfdep *d = &deps.v[i];
		const int exec = d->kind == ELFDEP_INTERP || d->kind == ELFDEP_SCRIPT_INTERP;
		const uint64_t rights = exec ? LB_FS_READ_FILE | LB_FS_READ_DIR | LB_FS_EXECUTE
					     : LB_FS_READ_FILE | LB_FS_READ_DIR;

		if (d->kind == ELFDEP_PROGRAM)
			continue; /* the program itself is --add-exec's business */
		ret = policy_add_path_ext(p, d->path, rights, exec ? "rox" : "ro", "--ldd",
					  SOURCE_LDD);
		cli_debug("--ldd: --%s %s (%s of %s)", exec ? "rox" : "ro", d->path,
			  dep_what(d->kind), d->needed_by ? d->needed_by : program);
	}
	for (size_t i = 0; i < deps.nmissing; i++)
		cli_warn("--ldd: %s (needed by %s) not found", deps.missing[i],
			 deps.missing_by[i] ? deps.missing_by[i] : program);
	elfdeps_free(&deps);
	return ret;
}

/* Prefix the relative PATH (LEN bytes of room) with the current directory.
 * Not inlined, as below: policy_resolve()'s frame lies under the rest of
 * a run, and every 4 KiB of it is one page fault more. */
static __attribute__((noinline)) int absolute(char *path, size_t len)
{
	char cwd[PATH_MAX], rel[PATH_MAX];
	const char *r = path;

	while (r[0] == '.' && r[1] == '/')
		for (r += 2; *r == '/'; r++)
			;
	(void)snprintf(rel, sizeof(rel), "%s", r);
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("%s: cannot find the current directory: %s", rel, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(path, len, "%s/%s", strcmp(cwd, "/") ? cwd : "", rel) >= len) {
		cli_error("%s: path too long", rel);
		return -1;
	}
	return 0;
}

/* FOUND (LEN bytes): COMMAND found as execvp() would, relative to --chdir
 * when it is a relative path; 0, -errno, or 1 when that path is too long. */
static __attribute__((noinline)) int find_command(const struct policy *p, const char *command,
						  const char *path_env, char *found, size_t len)
{
	char rel[PATH_MAX];

	if (p->chdir && strchr(command, '/') && command[0] != '/') {
		if ((size_t)snprintf(rel, sizeof(rel), "%s/%s", p->chdir, command) >= sizeof(rel))
			return 1;
		command = rel;
	}
	return elfdeps_find_in_path(command, path_env, found, len);
}

int policy_resolve(struct policy *p, const char *command)
{
	const char *path_env = getenv("PATH");
	char found[PATH_MAX];
	int ret;

	if (p->resolved)
		return 0;
	if (!command || !*command) {
		cli_error("empty COMMAND");
		return LB_EXIT_NOTFOUND;
	}
	/* With --chdir, a relative ./prog is relative to the new directory. */
	ret = find_command(p, command, path_env, found, sizeof(found));
	if (ret == 1) {
		cli_error("%s: path too long", command);
		return LB_EXIT_NOTFOUND;
	}
	if (ret == -ENOENT) {
		if (strchr(command, '/'))
			cli_error("%s: no such file or directory", command);
		else
			cli_error("%s: command not found (searched PATH=%s)", command,
				  path_env ? path_env : "/usr/local/bin:/usr/bin:/bin");
		return LB_EXIT_NOTFOUND;
	}
	if (ret == -EACCES) {
		cli_error("%s: permission denied (not an executable file)", command);
		return LB_EXIT_NOEXEC;
	}
	if (ret) {
		cli_error("%s: cannot find COMMAND: %s", command, strerror(-ret));
		return LB_EXIT_NOTFOUND;
	}
	/* Absolute: the child changes directory (--chdir) before it executes it. */
	if (found[0] != '/' && absolute(found, sizeof(found)))
		return LB_EXIT_NOTFOUND;
	p->program = cli_xstrdup(found);
	p->resolved = 1;
	cli_debug("COMMAND %s is %s", command, found);
	if ((ret = programs_auto_apply(p, command, found)))
		return ret;
	if (p->unrestricted & UNRESTRICTED_FS) {
		if (p->add_exec || p->ldd)
			cli_info(
			    "--add-exec/--ldd: nothing to add, the filesystem is unrestricted");
		return 0;
	}
	if (p->add_exec) {
		ret =
		    policy_add_path_ext(p, found, LB_FS_READ_FILE | LB_FS_READ_DIR | LB_FS_EXECUTE,
					"rox", "--add-exec", SOURCE_ADD_EXEC);
		cli_debug("--add-exec: --rox %s", found);
		if (ret)
			return ret;
	}
	if (p->ldd)
		return add_ldd(p, found, path_env);
	return 0;
}

/* ---- Building the sandbox ---------------------------------------------------- */

/* What the policy explicitly asks for, by feature (DESIGN §4). */
struct features {
	uint64_t fs_rights; /* union of the path rules */
	uint64_t tcp, udp;  /* net rights of the port rules */
	const char *tcp_origin, *udp_origin, *unix_origin;
	char unix_buf[POLICY_ORIGIN_MAX]; /* room for UNIX_ORIGIN */
};

static void used_features(const struct policy *p, struct features *f)
{
	const uint64_t tcp = LB_NET_BIND_TCP | LB_NET_CONNECT_TCP;

	memset(f, 0, sizeof(*f));
	/* An optional rule asks for nothing: it is left out if it cannot be had. */
	if (!(p->unrestricted & UNRESTRICTED_FS)) {
		for (size_t i = 0; i < p->npaths; i++) {
			if (p->paths[i].optional)
				continue;
			f->fs_rights |= p->paths[i].rights;
			if (!f->unix_origin && (p->paths[i].rights & LB_FS_RESOLVE_UNIX))
				f->unix_origin = policy_path_origin(&p->paths[i], f->unix_buf,
								    sizeof(f->unix_buf));
		}
	}
	if (!(p->unrestricted & UNRESTRICTED_NET)) {
		for (size_t i = 0; i < p->nports; i++) {
			if (p->ports[i].optional)
				continue;
			/* --allow-udp opens every UDP port: its port rules ask for nothing. */
			if ((p->holes_open & LB_HOLE_UDP) &&
			    (p->ports[i].rights & (LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP)))
				continue;
			if (p->ports[i].rights & tcp) {
				f->tcp |= p->ports[i].rights;
				if (!f->tcp_origin)
					f->tcp_origin = p->ports[i].origin;
			} else {
				f->udp |= p->ports[i].rights;
				if (!f->udp_origin)
					f->udp_origin = p->ports[i].origin;
			}
		}
	}
}

/* The handled sets: everything known, minus --unrestricted-*, minus what
 * landrun does not handle (UDP) unless asked. */
static void handled_sets(const struct policy *p, const struct features *f,
			 uint64_t handled[LB_KIND_COUNT])
{
	handled[LB_KIND_FS] = lb_abi_mask(LB_KIND_FS, LB_ABI_KNOWN);
	handled[LB_KIND_NET] = lb_abi_mask(LB_KIND_NET, LB_ABI_KNOWN);
	handled[LB_KIND_SCOPE] = lb_abi_mask(LB_KIND_SCOPE, LB_ABI_KNOWN);
	handled[LB_KIND_FLAG] = p->log_flags;
	if (p->persona == PERSONA_LANDRUN && !f->udp)
		handled[LB_KIND_NET] &= LB_NET_BIND_TCP | LB_NET_CONNECT_TCP;
	if (p->holes_open & LB_HOLE_UDP) /* --allow-udp: Landlock leaves UDP alone too */
		handled[LB_KIND_NET] &= ~(LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP);
	if (p->unrestricted & UNRESTRICTED_FS)
		handled[LB_KIND_FS] = 0;
	if (p->unrestricted & UNRESTRICTED_NET)
		handled[LB_KIND_NET] = 0;
	if (p->unrestricted & UNRESTRICTED_SCOPE)
		handled[LB_KIND_SCOPE] = 0;
	/* --config: what the landlockconfig files handle, no more. */
	if (p->config_applied)
		for (int k = LB_KIND_FS; k <= LB_KIND_SCOPE; k++)
			handled[k] &= p->config_handled[k];
}

/*
 * The feature a rule belongs to, as refusals name it ("UDP port rules"),
 * what a kernel without it leaves unrestricted (*WHAT), and the first ABI
 * that has it (*ABI).
 */
static const char *rule_feature(enum lb_kind kind, uint64_t rights, const char **what, int *abi)
{
	uint64_t bit = rights;
	const char *name;

	if (kind == LB_KIND_NET && (rights & (LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP)))
		name = "UDP port rules", *what = "UDP";
	else if (kind == LB_KIND_NET)
		name = "TCP port rules", *what = "TCP";
	else if (rights & LB_FS_RESOLVE_UNIX)
		bit = LB_FS_RESOLVE_UNIX, name = "pathname UNIX socket rules",
		*what = "connecting to pathname UNIX sockets";
	else
		bit = LB_FS_READ_FILE, name = "path rules", *what = "the filesystem";
	*abi = 1;
	while (*abi < LB_ABI_KNOWN && (lb_abi_mask(kind, *abi) & bit) != bit)
		(*abi)++;
	return name;
}

/*
 * Whether to leave out a rule of KIND with RIGHTS: never when it is not
 * OPTIONAL; else when the policy does not restrict its rights at all, or
 * this kernel (ABI > 0) is too old for its feature.  Without Landlock no
 * rule is left out: nothing is enforced, and run says so loudly.
 */
static enum rule_skip optional_skip(int optional, enum lb_kind kind, uint64_t rights,
				    const uint64_t handled[LB_KIND_COUNT], int abi)
{
	const char *what;
	int need;

	if (!optional)
		return SKIP_NONE;
	if (!(rights & handled[kind]))
		return SKIP_UNHANDLED;
	(void)rule_feature(kind, rights, &what, &need);
	return abi > 0 && abi < need ? SKIP_ABI : SKIP_NONE;
}

void policy_skip_reason(enum rule_skip skip, enum lb_kind kind, uint64_t rights, char *buf,
			size_t len)
{
	char names[256];
	const char *feature, *what;
	int need;

	switch (skip) {
	case SKIP_MISSING:
		(void)snprintf(buf, len, "does not exist");
		break;
	case SKIP_ABI:
		feature = rule_feature(kind, rights, &what, &need);
		(void)snprintf(buf, len,
			       "%s need Landlock ABI %d (Linux %s); this kernel (ABI %d) does not "
			       "restrict %s at all",
			       feature, need, cli_abi_linux(need), lb_abi(), what);
		break;
	case SKIP_UNHANDLED:
		lb_format_rights(kind, rights, ", ", names, sizeof(names));
		(void)snprintf(buf, len, "this policy does not restrict %s at all", names);
		break;
	default:
		(void)snprintf(buf, len, "kept");
		break;
	}
}

/* The note for an optional rule left out: why, at info level (debug for a missing path). */
static void note_skip(enum rule_skip skip, enum lb_kind kind, uint64_t rights, const char *origin,
		      const char *option, const char *value)
{
	char why[512];

	policy_skip_reason(skip, kind, rights, why, sizeof(why));
	if (skip == SKIP_MISSING)
		cli_debug("%s: %s? %s: optional, skipped: %s", origin, option, value, why);
	else
		cli_info("%s: %s? %s: optional, left out: %s", origin, option, value, why);
}

static int sb_fail(struct lb_sandbox *sb, const char *what)
{
	cli_error("%s: %s", what, lb_error(sb));
	lb_free(sb);
	return LB_EXIT_FAIL;
}

/* The compatibility levels of P (DESIGN §4, "Enforcement and failing closed"). */
static void set_compat(const struct policy *p, const struct features *f, struct lb_sandbox *sb)
{
	switch (p->compat) {
	case COMPAT_STRICT:
		lb_set_compat(sb, LB_HARD_REQUIREMENT);
		break;
	case COMPAT_BEST_EFFORT:
		lb_set_compat(sb, LB_BEST_EFFORT);
		break;
	case COMPAT_DEFAULT:
		/* What was explicitly asked for must be enforced; the rest degrades. */
		lb_set_compat(sb, LB_BEST_EFFORT);
		lb_require(sb, LB_KIND_FS, f->fs_rights & lb_abi_mask(LB_KIND_FS, 1),
			   LB_HARD_REQUIREMENT);
		if (f->unix_origin)
			lb_require(sb, LB_KIND_FS, LB_FS_RESOLVE_UNIX, LB_HARD_REQUIREMENT);
		if (f->tcp)
			lb_require(sb, LB_KIND_NET, LB_NET_BIND_TCP | LB_NET_CONNECT_TCP,
				   LB_HARD_REQUIREMENT);
		if (f->udp)
			lb_require(sb, LB_KIND_NET, LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP,
				   LB_HARD_REQUIREMENT);
		lb_require(sb, LB_KIND_FLAG, p->log_flags, LB_HARD_REQUIREMENT);
		break;
	}
}

/*
 * Rules are opened by landbox, before COMMAND exists, and bind to inodes: a
 * path that leads into /proc/self, /proc/thread-self or /proc/PID names that
 * process's own /proc directory (landbox's for the first two), never
 * COMMAND's, and the kernel replaces a /proc/PID inode when it drops it
 * from its caches.  Warn: such a rule is never what was meant.
 */
static void warn_proc_pid(const struct policy_path *r)
{
	char real[PATH_MAX], where[PATH_MAX + 160], o[POLICY_ORIGIN_MAX];
	const char *digits, *origin = policy_path_origin(r, o, sizeof(o));
	const char *option = policy_path_option(r);
	char *end;
	long pid;

	/* realpath() costs a readlink per component and a getcwd for a relative
	 * path: the caller asks only for rules on /proc's filesystem (on_proc). */
	if (!realpath(r->path, real) || strncmp(real, "/proc/", 6) != 0)
		return;
	digits = real + 6;
	if (*digits < '1' || *digits > '9')
		return;
	pid = strtol(digits, &end, 10);
	if (*end && *end != '/')
		return;
	if (origin[0] == '-')
		(void)snprintf(where, sizeof(where), "%s %s", origin, r->path);
	else
		(void)snprintf(where, sizeof(where), "%s: %s %s", origin, option, r->path);
	if (pid == (long)getpid())
		cli_warn("%s: rules bind to inodes; this names landbox's own /proc entry, not "
			 "COMMAND's \u2014 use --%s /proc",
			 where, option);
	else
		cli_warn("%s: rules bind to inodes; this names the /proc entry of process %ld, "
			 "not COMMAND's, and stops matching when the kernel drops it from its "
			 "caches \u2014 use --%s /proc",
			 where, pid, option);
}

/*
 * Whether rule I of SB binds to an inode of the filesystem mounted on /proc.
 * procfs has an anonymous device (major 0), like tmpfs or devtmpfs: only
 * then is /proc's device looked up, once per run.
 */
static int on_proc(struct lb_sandbox *sb, size_t i)
{
	static dev_t proc_dev;
	static int have_proc_dev;
	uint64_t dev, ino;
	struct stat st;

	if (lb_rule_inode(sb, i, &dev, &ino) || major((dev_t)dev) != 0)
		return 0;
	if (!have_proc_dev) {
		have_proc_dev = stat("/proc", &st) == 0 ? 1 : -1;
		if (have_proc_dev > 0)
			proc_dev = st.st_dev;
	}
	return have_proc_dev > 0 && (dev_t)dev == proc_dev;
}

/* Add the path rule R to SB (or leave it out if optional).  0 or LB_EXIT_FAIL. */
static int add_path_rule(const struct policy *p, struct policy_path *r, struct lb_sandbox *sb,
			 const uint64_t handled[LB_KIND_COUNT], int abi)
{
	const unsigned flags = p->ignore_missing ? LB_IGNORE_MISSING : 0;
	struct lb_rule_info info;
	char o[POLICY_ORIGIN_MAX];
	int ret;

	r->skip = optional_skip(r->optional, LB_KIND_FS, r->rights, handled, abi);
	if (r->skip) {
		note_skip(r->skip, LB_KIND_FS, r->rights, policy_path_origin(r, o, sizeof(o)),
			  policy_path_option(r), r->path);
		return 0;
	}
	/* An optional path is skipped quietly, not as --ignore-missing warns. */
	ret = deny_allow_path(p, r, sb, r->optional ? 0 : flags);
	if (ret > 0) /* split or dropped by --deny (deny.c said how), or refused */
		return ret == DENY_DONE ? 0 : ret;
	if (r->optional && (ret == -ENOENT || ret == -ENOTDIR)) {
		r->skip = SKIP_MISSING;
		note_skip(r->skip, LB_KIND_FS, r->rights, policy_path_origin(r, o, sizeof(o)),
			  policy_path_option(r), r->path);
		return 0;
	}
	if (ret) {
		cli_error("%s: %s: %s%s", policy_path_origin(r, o, sizeof(o)), r->path,
			  strerror(-ret),
			  ret == -ENOENT ? " (--ignore-missing skips missing paths)" : "");
		return LB_EXIT_FAIL;
	}
	if (p->ignore_missing && !lb_rule_get(sb, lb_rule_count(sb) - 1, &info) && info.missing)
		cli_warn("%s: %s does not exist: skipped (--ignore-missing)",
			 policy_path_origin(r, o, sizeof(o)), r->path);
	else if (on_proc(sb, lb_rule_count(sb) - 1))
		warn_proc_pid(r);
	if (cli_log_level >= LOG_DEBUG)
		cli_debug("rule %s %s (%s)", policy_path_option(r), r->path,
			  policy_path_origin(r, o, sizeof(o)));
	return 0;
}

/* Add the port rule R to SB (or leave it out if optional).  0 or LB_EXIT_FAIL. */
static int add_port_rule(struct policy_port *r, struct lb_sandbox *sb,
			 const uint64_t handled[LB_KIND_COUNT], int abi)
{
	r->skip = optional_skip(r->optional, LB_KIND_NET, r->rights, handled, abi);
	if (r->skip) {
		char port[8];
		(void)snprintf(port, sizeof(port), "%u", r->port);
		note_skip(r->skip, LB_KIND_NET, r->rights, r->origin, r->option, port);
		return 0;
	}
	if (lb_allow_port(sb, r->rights, r->port)) {
		cli_error("%s %u: %s", r->origin, r->port, lb_error(sb));
		return LB_EXIT_FAIL;
	}
	cli_debug("rule %s %u (%s)", r->option, r->port, r->origin);
	return 0;
}

/*
 * --connect-udp implies binding an ephemeral UDP port: connecting or sending
 * from an unbound UDP socket (what every resolver does) binds one, and from
 * ABI 10 Landlock checks that autobind against net.bind_udp on port 0 (seen
 * on Linux 7.2: connect() was EACCES with --connect-udp 53 alone).  Port 0
 * grants no fixed port.  0 or LB_EXIT_FAIL.
 */
static int udp_client_rule(const struct policy *p, struct lb_sandbox *sb,
			   const uint64_t handled[LB_KIND_COUNT])
{
	const struct policy_port *client = NULL;

	if (!(handled[LB_KIND_NET] & LB_NET_BIND_UDP))
		return 0;
	for (size_t i = 0; i < p->nports && !client; i++)
		if ((p->ports[i].rights & LB_NET_CONNECT_SEND_UDP) && !p->ports[i].skip)
			client = &p->ports[i];
	if (!client)
		return 0;
	if (lb_allow_port(sb, LB_NET_BIND_UDP, 0)) {
		cli_error("%s: %s", client->origin, lb_error(sb));
		return LB_EXIT_FAIL;
	}
	cli_debug("rule bind-udp 0 (implied by %s %u: a UDP client binds an ephemeral port)",
		  client->option, client->port);
	return 0;
}

int policy_build(struct policy *p, uint64_t extra_flags, struct lb_sandbox **out)
{
	struct features f;
	uint64_t handled[LB_KIND_COUNT];
	struct lb_sandbox *sb = lb_new();
	const int abi = lb_abi();

	*out = NULL;
	if (!sb) {
		cli_error("cannot create the sandbox: out of memory");
		return LB_EXIT_FAIL;
	}
	if (p->auto_origin && !p->auto_done) {
		cli_error("%s: auto: the profile is chosen by COMMAND's name: give a COMMAND",
			  p->auto_origin);
		lb_free(sb);
		return LB_EXIT_FAIL;
	}
	if (config_finish(p)) {
		lb_free(sb);
		return LB_EXIT_FAIL;
	}
	for (size_t i = 0; i < p->npaths; i++)
		p->paths[i].skip = SKIP_NONE;
	for (size_t i = 0; i < p->nports; i++)
		p->ports[i].skip = SKIP_NONE;
	used_features(p, &f);
	handled_sets(p, &f, handled);
	for (int k = LB_KIND_FS; k < LB_KIND_FLAG; k++)
		if (lb_handle(sb, (enum lb_kind)k, handled[k]))
			return sb_fail(sb, "cannot set up the sandbox");
	set_compat(p, &f, sb);
	/* --explain's LB_LOG_NEW_EXEC_ON is best effort unless --strict. */
	lb_set_flags(sb, p->log_flags | extra_flags);
	/* The child restricting itself has exactly one thread. */
	lb_set_threads(sb, LB_THREAD_ONLY);

	if (deny_prepare(p)) {
		lb_free(sb);
		return LB_EXIT_FAIL;
	}
	/* Only --dry-run lists the rules: the others need the last one alone. */
	if (!p->dry_run)
		lb_set_record(sb, LB_RECORD_LAST);
	if (!(p->unrestricted & UNRESTRICTED_FS)) {
		for (size_t i = 0; i < p->npaths; i++) {
			if (add_path_rule(p, &p->paths[i], sb, handled, abi)) {
				lb_free(sb);
				return LB_EXIT_FAIL;
			}
		}
	} else if (p->npaths) {
		cli_info("--unrestricted-filesystem: %zu path rule(s) ignored", p->npaths);
	}
	if (!(p->unrestricted & UNRESTRICTED_NET)) {
		for (size_t i = 0; i < p->nports; i++) {
			if (add_port_rule(&p->ports[i], sb, handled, abi)) {
				lb_free(sb);
				return LB_EXIT_FAIL;
			}
		}
		if (udp_client_rule(p, sb, handled)) {
			lb_free(sb);
			return LB_EXIT_FAIL;
		}
	} else if (p->nports) {
		cli_info("--unrestricted-network: %zu port rule(s) ignored", p->nports);
	}
	*out = sb;
	return 0;
}

/* ---- Can this kernel run it? -------------------------------------------------- */

/* "fs.resolve_unix, net.bind_udp" for the unenforced bits of ST (no TSYNC). */
static void unenforced_names(const struct lb_status *st, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < LB_KIND_COUNT && used < len; k++) {
		uint64_t bits = st->unenforced[k];
		if (k == LB_KIND_FLAG)
			bits &= ~LB_TSYNC;
		if (!bits)
			continue;
		if (used)
			used += (size_t)snprintf(buf + used, len - used, ", ");
		if (used < len)
			used += (size_t)lb_format_rights((enum lb_kind)k, bits, ", ", buf + used,
							 len - used);
	}
}

/* The option name of the first log flag in FLAGS ("log-enable-subprocesses"). */
static const char *log_flag_option(uint64_t flags)
{
	for (const struct cli_option *o = cli_options; o->name; o++)
		if (o->arg == ARG_NONE && !strncmp(o->name, "log-", 4) && (o->rights & flags))
			return o->name;
	return "log-*";
}

/*
 * Name the explicitly used feature this kernel lacks, with the ABI it needs
 * and where it was asked for.  Returns 0 if there is none (then the library's
 * message is the best there is).
 */
static int refuse_default(const struct policy *p, int abi)
{
	struct features f;
	const char *what, *origin;
	char flag[64];
	int need;

	used_features(p, &f);
	(void)snprintf(flag, sizeof(flag), "--%s", log_flag_option(p->log_flags));
	if (f.tcp && abi < 4)
		what = "TCP port rules", origin = f.tcp_origin, need = 4;
	else if (p->log_flags && abi < 7)
		what = "audit log flags", origin = flag, need = 7;
	else if (f.unix_origin && abi < 9)
		what = "pathname UNIX socket rules", origin = f.unix_origin, need = 9;
	else if (f.udp && abi < 10)
		what = "UDP port rules", origin = f.udp_origin, need = 10;
	else
		return 0;
	cli_error("%s (%s) need Landlock ABI %d (Linux %s); this kernel has ABI %d: refusing to "
		  "run COMMAND without them (--best-effort runs it anyway)",
		  what, origin, need, cli_abi_linux(need), abi);
	return 1;
}

int policy_check(const struct policy *p, struct lb_sandbox *sb, struct lb_status *st)
{
	struct lb_probe probe;
	char names[1024];
	int ret;
	int handles_any = 0;
	uint64_t handled[LB_KIND_COUNT];
	struct features f;

	used_features(p, &f);
	handled_sets(p, &f, handled);
	for (int k = 0; k < LB_KIND_FLAG; k++)
		handles_any |= handled[k] != 0;
	lb_probe(&probe);
	/* The plan fills ST even when the answer is a refusal (for --dry-run). */
	memset(st, 0, sizeof(*st));
	ret = lb_plan(sb, st);
	if (ret) {
		/* A refused plan leaves the state unset: say what would be enforced. */
		int weakened = 0;
		for (int k = 0; k < LB_KIND_COUNT; k++)
			weakened |= st->unenforced[k] != 0;
		st->state = st->abi <= 0 ? LB_NOT_ENFORCED
			    : weakened	 ? LB_PARTIALLY_ENFORCED
					 : LB_FULLY_ENFORCED;
	}
	if (probe.abi <= 0 && handles_any) {
		const char *hint = lb_probe_hint(&probe);
		if (p->compat != COMPAT_BEST_EFFORT) {
			cli_error("Landlock is not available (%s): %s", strerror(probe.error),
				  hint);
			cli_error("refusing to run COMMAND unsandboxed (--best-effort would run it "
				  "without any sandbox)");
			return LB_EXIT_FAIL;
		}
		/* Loud whatever the log level: never silently unsandboxed. */
		fprintf(stderr,
			"%s: WARNING: Landlock is not available (%s): %s\n"
			"%s: WARNING: --best-effort: running COMMAND WITHOUT ANY SANDBOX\n",
			cli_prog, strerror(probe.error), hint, cli_prog);
		return 0;
	}
	if (ret == -EOPNOTSUPP) {
		unenforced_names(st, names, sizeof(names));
		if (p->compat == COMPAT_STRICT && p->persona == PERSONA_LANDRUN)
			cli_error(
			    "this kernel (ABI %d) cannot restrict everything landrun handles: "
			    "%s (--best-effort runs with what it can restrict)",
			    st->abi, names);
		else if (p->compat == COMPAT_STRICT)
			cli_error("--strict: this kernel (ABI %d) cannot restrict: %s", st->abi,
				  names);
		else if (!refuse_default(p, st->abi))
			cli_error("%s", lb_error(sb));
		return LB_EXIT_FAIL;
	}
	if (ret) {
		cli_error("cannot plan the sandbox: %s", lb_error(sb));
		return LB_EXIT_FAIL;
	}
	{
		/* What the seccomp filter closes entirely is not left open. */
		struct holes_plan plan;
		struct lb_status left = *st;
		holes_plan(p, st->abi, &plan);
		if (plan.closed & LB_HOLE_UDP)
			left.unenforced[LB_KIND_NET] &=
			    ~(LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP);
		unenforced_names(&left, names, sizeof(names));
	}
	if (names[0])
		cli_warn("this kernel (ABI %d) cannot restrict: %s", st->abi, names);
	return 0;
}

/* ---- The environment ---------------------------------------------------------- */

static size_t key_len(const char *entry)
{
	return strcspn(entry, "=");
}

/* Put ENTRY ("KEY=VALUE") into V, replacing an entry with the same KEY. */
static void env_put(char **v, size_t *n, char *entry)
{
	const size_t k = key_len(entry);

	for (size_t i = 0; i < *n; i++) {
		if (key_len(v[i]) == k && !strncmp(v[i], entry, k)) {
			v[i] = entry;
			return;
		}
	}
	v[(*n)++] = entry;
}

/* Whether V[0..N-1] sets PATH. */
static int has_path(char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(v[i], "PATH=", 5))
			return 1;
	return 0;
}

char **policy_environ(const struct policy *p)
{
	size_t n = 0, cap = p->nenv + 2, extra = 0;
	char **v, *strings;

	if (p->keep_env)
		for (char **e = environ; e && *e; e++)
			cap++;
	/* "KEY" alone takes landbox's own value: room for "KEY=VALUE" after the array. */
	for (size_t i = 0; i < p->nenv; i++) {
		const char *val;
		if (!strchr(p->env[i].entry, '=') && (val = getenv(p->env[i].entry)))
			extra += strlen(p->env[i].entry) + strlen(val) + 2;
	}
	v = cli_xrealloc(NULL, cap * sizeof(*v) + extra);
	strings = (char *)(v + cap);
	if (p->keep_env)
		for (char **e = environ; e && *e; e++)
			v[n++] = *e;
	for (size_t i = 0; i < p->nenv; i++) {
		char *entry = p->env[i].entry;

		if (!strchr(entry, '=')) {
			const char *val = getenv(entry);
			const size_t len = strlen(entry) + (val ? strlen(val) : 0) + 2;
			if (!val)
				continue; /* not set here: not passed */
			(void)snprintf(strings, len, "%s=%s", entry, val); /* room counted above */
			entry = strings;
			strings += len;
		}
		env_put(v, &n, entry);
	}
	if (!p->clear_env && !p->keep_env && p->persona != PERSONA_LANDRUN && !has_path(v, n))
		v[n++] = (char *)"PATH=" CLI_DEFAULT_PATH;
	v[n] = NULL;
	return v;
}
