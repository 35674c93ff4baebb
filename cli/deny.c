/* SPDX-License-Identifier: MIT */
/* deny.c - --deny PATH: the grants containing a denied path are split into
 * rules on the entries around it (the reasons and the decisions are in
 * deny.h; what the user loses is in landbox(1), "DENY EXCEPTIONS"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "explain/audit.h"
#include "deny.h"
#include "explain.h"

/* One denied path, resolved. */
struct denied {
	char *real; /* absolute, symlinks resolved as far as it exists */
	int exists;
	size_t grants; /* grants it splits or drops */
};

/* What becomes of one grant (the same index as policy.paths). */
struct grant {
	char *real; /* resolved; NULL when it does not exist */
	int is_dir;
	size_t dropped; /* index + 1 of a denied path equal to it */
	size_t first;	/* index + 1 of the first denied path beneath it */
	size_t ndenied; /* denied paths beneath it */
	size_t inside;	/* index + 1 of a denied path containing it (it is kept) */
	/* Counted by the split. */
	size_t nrules, ndirs, nsymlinks;
};

struct deny_state {
	struct denied *d;
	size_t nd;
	struct grant *g;
	size_t ng;
};

/* A walk splitting one grant. */
struct walk {
	const struct policy_path *r;
	struct grant *g;
	struct lb_sandbox *sb;
	const char *grant_where;
	char path[PATH_MAX]; /* the entry being looked at */
};

static void *xcalloc(size_t n, size_t size)
{
	void *q = calloc(n ? n : 1, size);

	if (!q) {
		cli_error("out of memory");
		exit(LB_EXIT_FAIL);
	}
	return q;
}

/* Whether PATH is DIR or beneath it (both resolved). */
static int beneath(const char *path, const char *dir)
{
	const size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return 1;
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

static int strictly_beneath(const char *path, const char *dir)
{
	return strcmp(path, dir) != 0 && beneath(path, dir);
}

/* "--deny /x" for the command line, "f.profile:3: deny /x" for a profile line. */
static void where(char *buf, size_t len, const char *origin, const char *option, const char *path)
{
	/* Cut when longer than BUF: it only names the option in a message. */
	if (origin[0] == '-')
		(void)snprintf(buf, len, "%s %s", origin, path);
	else
		(void)snprintf(buf, len, "%s: %s %s", origin, option, path);
}

/* The same for the grant R. */
static void grant_where(char *buf, size_t len, const struct policy_path *r)
{
	char o[POLICY_ORIGIN_MAX];

	where(buf, len, policy_path_origin(r, o, sizeof(o)), policy_path_option(r), r->path);
}

static void deny_where(const struct policy *p, size_t i, char *buf, size_t len)
{
	where(buf, len, p->denies[i].origin, "deny", p->denies[i].path);
}

int deny_add(struct policy *p, const char *path, const char *origin)
{
	struct policy_deny *d;

	if (!*path) {
		cli_error("%s: empty path", origin);
		return LB_EXIT_FAIL;
	}
	if (p->ndenies == p->denies_cap) {
		const size_t cap = p->denies_cap ? p->denies_cap * 2 : 8;
		d = realloc(p->denies, cap * sizeof(*d));
		if (!d) {
			cli_error("out of memory");
			return LB_EXIT_FAIL;
		}
		p->denies = d;
		p->denies_cap = cap;
	}
	d = &p->denies[p->ndenies++];
	d->path = cli_xstrdup(path);
	d->origin = cli_xstrdup(origin);
	d->optional = p->optional_line;
	return 0;
}

/*
 * PATH resolved into OUT (PATH_MAX bytes): realpath() when it exists
 * (*EXISTS = 1); else its longest existing prefix resolved, followed by the
 * missing components as given (a missing component cannot be a symlink).
 * Returns 0 or an errno (EINVAL: ".." after a missing component).
 */
static int resolve(const char *path, char *out, int *exists)
{
	char abs[PATH_MAX], head[PATH_MAX];
	size_t cut;

	*exists = 0;
	if (realpath(path, out)) {
		*exists = 1;
		return 0;
	}
	if (errno != ENOENT && errno != ENOTDIR)
		return errno;
	if (path[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)))
			return errno;
		if ((size_t)snprintf(abs, sizeof(abs), "%s/%s", cwd, path) >= sizeof(abs))
			return ENAMETOOLONG;
	} else {
		(void)snprintf(abs, sizeof(abs), "%s", path); /* fits: PATH resolved above */
	}
	/* Drop components from the end until what is left resolves. */
	cut = strlen(abs);
	for (;;) {
		while (cut > 1 && abs[cut - 1] == '/')
			cut--;
		while (cut > 1 && abs[cut - 1] != '/')
			cut--;
		(void)snprintf(head, sizeof(head), "%.*s", (int)cut, abs);
		if (realpath(head, out))
			break;
		if ((errno != ENOENT && errno != ENOTDIR) || cut <= 1)
			return errno;
	}
	for (const char *s = abs + cut; *s;) {
		const size_t n = strcspn(s, "/"), o = strlen(out);

		if (n == 0 || (n == 1 && s[0] == '.')) {
			s += n ? n : 1;
			continue;
		}
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return EINVAL;
		if (o + 1 + n >= PATH_MAX)
			return ENAMETOOLONG;
		(void)snprintf(out + o, PATH_MAX - o, "%s%.*s", strcmp(out, "/") ? "/" : "", (int)n,
			       s);
		s += n;
	}
	return 0;
}

static void free_state(struct policy *p)
{
	struct deny_state *ds = p->deny_state;

	if (!ds)
		return;
	for (size_t i = 0; i < ds->nd; i++)
		free(ds->d[i].real);
	for (size_t i = 0; i < ds->ng; i++)
		free(ds->g[i].real);
	free(ds->d);
	free(ds->g);
	free(ds);
	p->deny_state = NULL;
}

void deny_free(struct policy *p)
{
	free_state(p);
	for (size_t i = 0; i < p->ndenies; i++) {
		free(p->denies[i].path);
		free(p->denies[i].origin);
	}
	free(p->denies);
	p->denies = NULL;
	p->ndenies = p->denies_cap = 0;
}

/* Resolve denied path I into DS.  0 or LB_EXIT_FAIL. */
static int resolve_denied(const struct policy *p, struct deny_state *ds, size_t i)
{
	const struct policy_deny *pd = &p->denies[i];
	char real[PATH_MAX], w[PATH_MAX + 160];
	struct stat st;
	int exists, err;

	deny_where(p, i, w, sizeof(w));
	err = resolve(pd->path, real, &exists);
	if (err) {
		cli_error("%s: %s", w,
			  err == EINVAL ? "'..' after a component that does not exist"
					: strerror(err));
		return LB_EXIT_FAIL;
	}
	if (!exists && !pd->optional && !p->ignore_missing) {
		cli_error("%s: %s (with --ignore-missing it is denied all the same, should it be "
			  "created later)",
			  w, strerror(ENOENT));
		return LB_EXIT_FAIL;
	}
	if (!exists && !pd->optional)
		cli_warn("%s does not exist: denied all the same, should it be created later "
			 "(--ignore-missing)",
			 w);
	else if (!exists)
		cli_debug("%s does not exist: optional, denied all the same", w);
	/* Another name of the same file is another path: not denied. */
	if (exists && !stat(real, &st) && !S_ISDIR(st.st_mode) && st.st_nlink > 1)
		cli_warn("%s has %lu hard links: its other names stay reachable where a grant "
			 "allows them",
			 w, (unsigned long)st.st_nlink);
	ds->d[i].real = cli_xstrdup(real);
	ds->d[i].exists = exists;
	return 0;
}

/* Which denied paths of DS split, drop or contain grant J of P. */
static void match_grant(const struct policy *p, struct deny_state *ds, size_t j)
{
	struct grant *g = &ds->g[j];
	char real[PATH_MAX];
	struct stat st;

	if (!realpath(p->paths[j].path, real))
		return; /* missing: add_path_rule() says so */
	g->real = cli_xstrdup(real);
	g->is_dir = !stat(real, &st) && S_ISDIR(st.st_mode);
	for (size_t i = 0; i < ds->nd; i++) {
		const char *d = ds->d[i].real;

		if (!strcmp(d, real)) {
			if (!g->dropped)
				g->dropped = i + 1;
			ds->d[i].grants++;
		} else if (g->is_dir && strictly_beneath(d, real)) {
			if (!g->first)
				g->first = i + 1;
			g->ndenied++;
			ds->d[i].grants++;
		} else if (strictly_beneath(real, d) && !g->inside) {
			g->inside = i + 1;
		}
	}
}

/* deny_prepare() with denied paths.  Not inlined: without --deny, no call
 * is made from its 8 KiB frame (a page fault in every run otherwise). */
static __attribute__((noinline)) int prepare_denials(struct policy *p)
{
	struct deny_state *ds;
	char w[PATH_MAX + 160], gw[PATH_MAX + 160];

	if (p->unrestricted & UNRESTRICTED_FS) {
		cli_warn("--unrestricted-filesystem: the filesystem is not restricted at all: "
			 "--deny denies nothing");
		return 0;
	}
	ds = xcalloc(1, sizeof(*ds));
	p->deny_state = ds;
	ds->d = xcalloc(p->ndenies, sizeof(*ds->d));
	ds->nd = p->ndenies;
	for (size_t i = 0; i < p->ndenies; i++)
		if (resolve_denied(p, ds, i))
			return LB_EXIT_FAIL;
	ds->g = xcalloc(p->npaths, sizeof(*ds->g));
	ds->ng = p->npaths;
	for (size_t j = 0; j < p->npaths; j++) {
		const struct policy_path *r = &p->paths[j];

		match_grant(p, ds, j);
		if (ds->g[j].inside && !ds->g[j].dropped) {
			grant_where(gw, sizeof(gw), r);
			deny_where(p, ds->g[j].inside - 1, w, sizeof(w));
			cli_info("%s is inside %s: kept (a grant inside a denied path wins)", gw,
				 w);
		}
	}
	for (size_t i = 0; i < ds->nd; i++) {
		if (ds->d[i].grants)
			continue;
		deny_where(p, i, w, sizeof(w));
		cli_info("%s: no grant contains it: nothing to split (what no rule allows is "
			 "denied anyway)",
			 w);
	}
	return 0;
}

int deny_prepare(struct policy *p)
{
	free_state(p);
	return p->ndenies ? prepare_denials(p) : 0;
}

/* ---- Splitting one grant -------------------------------------------------------- */

static int walk_fail(const struct walk *w, int err, const char *what)
{
	cli_error("%s: cannot %s %s to split it around --deny: %s", w->grant_where, what, w->path,
		  strerror(err));
	return LB_EXIT_FAIL;
}

/* The rule for the entry NAME of DIRFD (W->path). */
static int add_entry(struct walk *w, int dirfd, const char *name)
{
	struct stat st;
	int fd, ret;

	/* O_NOFOLLOW: a symlink is looked at, not followed. */
	fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : walk_fail(w, errno, "open");
	if (fstat(fd, &st)) {
		ret = errno;
		close(fd);
		return walk_fail(w, ret, "look at");
	}
	if (S_ISLNK(st.st_mode)) {
		/* A rule would follow it: to its target, maybe the denied path. */
		w->g->nsymlinks++;
		cli_debug("%s: symlink %s: no rule (it works where its target is allowed)",
			  w->grant_where, w->path);
		close(fd);
		return 0;
	}
	if (++w->g->nrules > DENY_MAX_RULES) {
		close(fd); /* counted only: the split is refused after the walk */
		return 0;
	}
	w->g->ndirs += S_ISDIR(st.st_mode) != 0;
	ret = lb_allow_fd(w->sb, fd, w->r->rights);
	close(fd);
	if (ret) {
		cli_error("%s: split around --deny: %s: %s", w->grant_where, w->path,
			  strerror(-ret));
		return LB_EXIT_FAIL;
	}
	cli_debug("rule %s %s (split of %s)", policy_path_option(w->r), w->path, w->grant_where);
	return 0;
}

static int split_entry(struct walk *w, int dirfd, const char *name, size_t len, const char **denied,
		       size_t nd);

/*
 * Rules for every entry of the directory FD (consumed; W->path, LEN bytes,
 * names it) except the DENIED paths (ND of them, all beneath it), splitting
 * the entries that contain one.
 */
static int split_dir(struct walk *w, int fd, size_t len, const char **denied, size_t nd)
{
	DIR *dir = fdopendir(fd);
	const char **sub;
	int ret = 0;

	if (!dir) {
		ret = errno;
		close(fd);
		return walk_fail(w, ret, "list");
	}
	sub = xcalloc(nd, sizeof(*sub));
	while (!ret) {
		const struct dirent *e;
		size_t n, nsub = 0;
		int is_denied = 0;

		errno = 0;
		e = readdir(dir);
		if (!e) {
			if (errno)
				ret = walk_fail(w, errno, "list");
			break;
		}
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n = (size_t)snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
				     len == 1 ? "" : "/", e->d_name);
		if (len + n >= sizeof(w->path)) {
			w->path[len] = '\0';
			ret = walk_fail(w, ENAMETOOLONG, "list");
			break;
		}
		for (size_t i = 0; i < nd; i++) {
			if (!strcmp(denied[i], w->path))
				is_denied = 1;
			else if (strictly_beneath(denied[i], w->path))
				sub[nsub++] = denied[i];
		}
		if (is_denied)
			cli_debug("%s: %s is denied: no rule", w->grant_where, w->path);
		else if (nsub)
			ret = split_entry(w, dirfd(dir), e->d_name, len + n, sub, nsub);
		else
			ret = add_entry(w, dirfd(dir), e->d_name);
		w->path[len] = '\0';
	}
	free(sub);
	closedir(dir);
	return ret;
}

/* The entry NAME of DIRFD (W->path, LEN bytes) has DENIED paths beneath it. */
static int split_entry(struct walk *w, int dirfd, const char *name, size_t len, const char **denied,
		       size_t nd)
{
	const int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0)
		return split_dir(w, fd, len, denied, nd);
	/* Not a directory (or replaced by a symlink meanwhile): nothing can be
	 * beneath it; add_entry() knows what to do with it. */
	if (errno == ENOTDIR || errno == ELOOP)
		return add_entry(w, dirfd, name);
	return errno == ENOENT ? 0 : walk_fail(w, errno, "list");
}

/* deny_allow_path() for grant G (number J) that a denied path concerns.
 * Not inlined: its 8 KiB frame must not lie under every plain rule's
 * lb_allow_path() (one page fault more in every run). */
static __attribute__((noinline)) int allow_around(const struct policy *p, struct policy_path *r,
						  struct lb_sandbox *sb, struct grant *g)
{
	const struct deny_state *ds = p->deny_state;
	char gw[PATH_MAX + 160], dw[PATH_MAX + 160];
	struct walk *w;
	const char **denied;
	size_t nd = 0;
	int fd, ret;

	g->nrules = g->ndirs = g->nsymlinks = 0;
	grant_where(gw, sizeof(gw), r);
	if (g->dropped) {
		deny_where(p, g->dropped - 1, dw, sizeof(dw));
		cli_info("%s: no rule: the path itself is denied (%s)", gw, dw);
		return DENY_DONE;
	}
	deny_where(p, g->first - 1, dw, sizeof(dw));
	denied = xcalloc(ds->nd, sizeof(*denied));
	for (size_t i = 0; i < ds->nd; i++)
		if (strictly_beneath(ds->d[i].real, g->real))
			denied[nd++] = ds->d[i].real;
	w = xcalloc(1, sizeof(*w));
	w->r = r;
	w->g = g;
	w->sb = sb;
	w->grant_where = gw;
	(void)snprintf(w->path, sizeof(w->path), "%s", g->real); /* fits: from realpath() */
	fd = open(g->real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ret = fd < 0 ? walk_fail(w, errno, "list") : split_dir(w, fd, strlen(w->path), denied, nd);
	free(denied);
	free(w);
	if (ret)
		return ret;
	if (g->nrules > DENY_MAX_RULES) {
		cli_error("%s: expanding %s would need %zu rules (limit %d): deny a path nearer to "
			  "the granted directory, or grant smaller trees",
			  dw, gw, g->nrules, DENY_MAX_RULES);
		return LB_EXIT_FAIL;
	}
	cli_info("%s: split around %s%s: %zu rule(s) (directories: %zu); symlinks left without a "
		 "rule: %zu",
		 gw, dw, g->ndenied > 1 ? " and others" : "", g->nrules, g->ndirs, g->nsymlinks);
	return DENY_DONE;
}

int deny_allow_path(const struct policy *p, struct policy_path *r, struct lb_sandbox *sb,
		    unsigned flags)
{
	struct deny_state *ds = p->deny_state;
	const size_t j = (size_t)(r - p->paths);

	if (!ds || j >= ds->ng || (!ds->g[j].dropped && !ds->g[j].first))
		return lb_allow_path(sb, r->path, r->rights, flags);
	return allow_around(p, r, sb, &ds->g[j]);
}

/* ---- --dry-run ------------------------------------------------------------------- */

static void print_rights(const char *label, uint64_t bits)
{
	char names[1024];

	lb_format_rights(LB_KIND_FS, bits, ", ", names, sizeof(names));
	printf("%s%s\n", label, bits ? names : "(none)");
}

/* The directories of grant G on the way down to its denied paths: no rule.
 * One line, built whole to be printed escaped. */
static void print_bare_dirs(const struct deny_state *ds, const struct grant *g)
{
	const size_t n = strlen(g->real);
	size_t len = n + 1, used;
	char *line;

	for (size_t i = 0; i < ds->nd; i++) {
		/* ", DIR" for each directory on the way to D: at most one per '/'. */
		const char *d = ds->d[i].real;
		size_t dirs = 1;
		for (const char *s = d; (s = strchr(s, '/')); s++)
			dirs++;
		len += dirs * (strlen(d) + 2);
	}
	if (!(line = malloc(len)))
		return;
	used = (size_t)snprintf(line, len, "%s", g->real);
	for (size_t i = 0; i < ds->nd; i++) {
		const char *d = ds->d[i].real;

		if (!strictly_beneath(d, g->real))
			continue;
		/* Each directory strictly between the grant and D, once. */
		for (const char *s = d + n + (strcmp(g->real, "/") != 0); (s = strchr(s, '/'));
		     s++) {
			int seen = 0;
			const size_t dlen = (size_t)(s - d);
			for (size_t k = 0; k < i && !seen; k++)
				seen = strictly_beneath(ds->d[k].real, g->real) &&
				       !strncmp(ds->d[k].real, d, dlen) &&
				       ds->d[k].real[dlen] == '/';
			if (!seen && used < len)
				used += (size_t)snprintf(line + used, len - used, ", %.*s",
							 (int)dlen, d);
		}
	}
	cli_out(stdout,
		"      no rule on %s: they cannot be listed, nothing can be created, removed or "
		"renamed directly in them, and what is created there later is not accessible",
		line);
	free(line);
}

int deny_dry_rule(const struct policy *p, const struct policy_path *r, struct lb_sandbox *sb,
		  size_t *k)
{
	const struct deny_state *ds = p->deny_state;
	const size_t j = (size_t)(r - p->paths);
	const struct grant *g;
	struct lb_rule_info info;
	char dw[PATH_MAX + 160];
	int dir_seen = 0, file_seen = 0;
	char o[POLICY_ORIGIN_MAX];
	const char *origin = policy_path_origin(r, o, sizeof(o));

	if (!ds || j >= ds->ng || (!ds->g[j].dropped && !ds->g[j].first))
		return 0;
	g = &ds->g[j];
	if (g->dropped) {
		deny_where(p, g->dropped - 1, dw, sizeof(dw));
		cli_out(stdout, "  %s (dropped: the path itself is denied by %s) from %s", r->path,
			dw, origin);
		print_rights("      requested: ", r->rights);
		return 1;
	}
	cli_out(stdout, "  %s (directory, split around --deny) from %s", r->path, origin);
	print_rights("      requested: ", r->rights);
	for (size_t i = 0; i < ds->nd; i++)
		if (strictly_beneath(ds->d[i].real, g->real)) {
			deny_where(p, i, dw, sizeof(dw));
			cli_out(stdout, "      denied beneath: %s%s (%s)", ds->d[i].real,
				ds->d[i].exists ? "" : " (does not exist yet)", dw);
		}
	printf("      instead: %zu rule(s) on the other entries (directories: %zu, files and "
	       "others: %zu); symlinks left without a rule: %zu\n",
	       g->nrules, g->ndirs, g->nrules - g->ndirs, g->nsymlinks);
	for (size_t i = *k; i < *k + g->nrules && (!dir_seen || !file_seen); i++) {
		if (lb_rule_get(sb, i, &info))
			break;
		if (info.is_dir && !dir_seen++)
			print_rights("      granted on each directory: ", info.effective);
		else if (!info.is_dir && !file_seen++)
			print_rights("      granted on each file:      ", info.effective);
	}
	print_bare_dirs(ds, g);
	*k += g->nrules;
	return 1;
}

void deny_dry_print(const struct policy *p)
{
	const struct deny_state *ds = p->deny_state;
	char w[PATH_MAX + 160];

	if (!p->ndenies)
		return;
	printf("denied:\n");
	if (!ds) {
		printf("  nothing: --unrestricted-filesystem does not restrict the filesystem\n");
		return;
	}
	for (size_t i = 0; i < ds->nd; i++) {
		const int same = !strcmp(p->denies[i].path, ds->d[i].real);

		cli_out(stdout, "  %s%s from %s%s%s%s", ds->d[i].real,
			ds->d[i].exists ? "" : " (does not exist: denied should it be created)",
			p->denies[i].origin, same ? "" : " (given as ",
			same ? "" : p->denies[i].path, same ? "" : ")");
		if (!ds->d[i].grants)
			printf("      no grant contains it: nothing to split (denied anyway)\n");
		for (size_t j = 0; j < ds->ng; j++) {
			const struct grant *g = &ds->g[j];
			const struct policy_path *r = &p->paths[j];
			if (!g->real)
				continue;
			grant_where(w, sizeof(w), r);
			if (g->dropped == i + 1)
				cli_out(stdout, "      drops %s", w);
			else if (g->is_dir && strictly_beneath(ds->d[i].real, g->real))
				cli_out(stdout, "      splits %s", w);
			else if (g->inside == i + 1 && !g->dropped)
				cli_out(
				    stdout,
				    "      inside it, kept: %s (a grant inside a denied path wins)",
				    w);
		}
	}
	printf("  not covered: other names of a denied file (hard links, bind mounts) where a "
	       "grant allows them; files moved out of a denied path while COMMAND runs\n");
}

/* ---- learn ---------------------------------------------------------------------- */

const char *deny_conflict(const struct policy *p, const char *path)
{
	const struct deny_state *ds = p->deny_state;
	char real[PATH_MAX];
	int exists;

	if (!ds || resolve(path, real, &exists))
		return NULL;
	for (size_t i = 0; i < ds->nd; i++)
		if (beneath(real, ds->d[i].real) || strictly_beneath(ds->d[i].real, real))
			return p->denies[i].path;
	return NULL;
}

/* ---- the hint after exit status 126 ---------------------------------------------- */

int deny_hides(const struct policy *p, const struct policy_path *r, const char *target)
{
	const struct deny_state *ds = p->deny_state;
	const size_t j = (size_t)(r - p->paths);
	const struct grant *g;

	if (!ds || j >= ds->ng || !ds->g[j].real)
		return 0;
	g = &ds->g[j];
	for (size_t i = 0; i < ds->nd; i++)
		if (beneath(ds->d[i].real, g->real) && beneath(target, ds->d[i].real) &&
		    (g->dropped || g->first))
			return 1;
	return 0;
}

/* ---- --explain ------------------------------------------------------------------ */

void deny_explain(const struct policy *p, const struct audit_log *log, FILE *out)
{
	const size_t n = audit_log_count(log);

	for (size_t i = 0; i < n; i++) {
		struct explain_rule rule;
		const struct cli_option *o;
		const char *denied;

		if (explain_rule(audit_log_get(log, i), &rule) < 0 || !rule.option)
			continue;
		o = cli_option_find(rule.option);
		if (!o || o->arg != ARG_PATHS || !(denied = deny_conflict(p, rule.arg)))
			continue;
		fprintf(out,
			"%s: the denial on %s is what --deny %s asks for: a rule there would undo "
			"it, or be split around it again\n",
			cli_prog, rule.arg, denied);
	}
}
