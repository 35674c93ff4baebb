/* SPDX-License-Identifier: MIT */
/* profile.c - profiles: text files of run options without the leading
 * dashes, one a line ("rox /usr", "connect-tcp 443", "env HOME"), with #
 * comments, "include NAME", ${VAR} variables and optional lines ("ro?
 * /lib64", "connect-udp? 53": left out where the path does not exist or the
 * kernel lacks the feature).  Every line goes through the option table
 * (options.c), exactly as the command line does.
 *
 * Search order for NAME (DESIGN §4): a path (NAME contains '/', or ends
 * with ".profile" and exists), $XDG_CONFIG_HOME/landbox/profiles or
 * ~/.config/landbox/profiles, the system directory (/etc/landbox/profiles),
 * the built-in profiles compiled into landbox, and the installed copies in
 * LB_PROFILE_DIR. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmdargs.h"

#define PROFILE_MAX_SIZE (1 << 20)
#define PROFILE_SUFFIX	 ".profile"

/* A profile found: its text and the name its messages use. */
struct found {
	char
	    display[PATH_MAX]; /* "my.profile", "/etc/landbox/profiles/x.profile", "base.profile" */
	char key[PATH_MAX + 16]; /* identity for cycle detection; a directory path only
				    for a profile file, which relative includes start from */
	int file;		 /* a profile file, open (open_profile()); -1 for a built-in */
	const char *builtin;
};

/* read_file()'s errno for what is neither a regular file nor an inherited
 * pipe (Linux has no such errno: see read_error()). */
#define ERR_NOT_REGULAR 0x10000

static const char *read_error(int err)
{
	return err == ERR_NOT_REGULAR
		   ? "not a regular file (a named pipe, a device or a socket is refused: "
		     "landbox would wait on it)"
		   : strerror(err);
}

/* Whether FD is an anonymous pipe (as given by --profile <(...)), which
 * /proc names "pipe:[INODE]"; a named FIFO has a path there. */
static int anonymous_pipe(int fd)
{
	char link[64], target[32];
	ssize_t n;

	(void)snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	return n > 5 && !strncmp(target, "pipe:", 5);
}

/*
 * Open a profile file for reading: a regular file, or an anonymous pipe such
 * as --profile <(echo rox /usr).  Anything else is refused without waiting:
 * opening a named FIFO that no one writes would block forever, and so
 * would reading a terminal.  Returns the descriptor (blocking), or -1 with
 * errno set.
 */
static int open_profile(const char *path, int *is_pipe)
{
	struct stat st;
	int err = 0;
	const int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	*is_pipe = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st))
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (S_ISFIFO(st.st_mode) && anonymous_pipe(fd))
		*is_pipe = 1;
	else if (!S_ISREG(st.st_mode))
		err = ERR_NOT_REGULAR;
	/* A pipe is read to its end, as a file is: blocking again. */
	if (!err && fcntl(fd, F_SETFL, 0) < 0)
		err = errno;
	if (err) {
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/*
 * Read a whole (small) file, as open_profile() opens it, for listing
 * profiles.  Returns the text (*LEN bytes, NUL-terminated after them; it
 * may hold NUL bytes), or NULL with errno set.
 */
static char *read_file(const char *path, size_t *len, int *is_pipe)
{
	char *buf = NULL;
	size_t used = 0, cap = 0;
	int err = 0;
	const int fd = open_profile(path, is_pipe);

	if (fd < 0)
		return NULL;
	while (!err) {
		ssize_t n;
		if (used + 1 >= cap) {
			char *nb;
			cap = cap ? cap * 2 : 4096;
			if (cap > PROFILE_MAX_SIZE) {
				err = EFBIG;
				break;
			}
			if (!(nb = realloc(buf, cap))) {
				err = ENOMEM;
				break;
			}
			buf = nb;
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	if (!buf && !(buf = malloc(1))) {
		errno = ENOMEM;
		return NULL;
	}
	buf[used] = '\0';
	*len = used;
	return buf;
}

static int ends_with(const char *s, const char *suffix)
{
	const size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The user's profile directory, or NULL without $XDG_CONFIG_HOME and $HOME. */
static const char *user_dir(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/landbox/profiles", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.config/landbox/profiles", home);
	else
		return NULL;
	return n > 0 && (size_t)n < len ? buf : NULL;
}

static int try_file(struct found *fd, const char *path, const char *display)
{
	int is_pipe;

	fd->file = open_profile(path, &is_pipe);
	if (fd->file < 0)
		return -errno;
	(void)snprintf(fd->display, sizeof(fd->display), "%s", display);
	/* A pipe has no directory: its relative includes start from the
	 * current directory, as those of the command line do. */
	if (is_pipe)
		(void)snprintf(fd->key, sizeof(fd->key), "pipe:%s", path);
	else if (!realpath(path, fd->key))
		(void)snprintf(fd->key, sizeof(fd->key), "%s", path);
	return 0;
}

static int try_dir(struct found *fd, const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (!dir || (size_t)snprintf(path, sizeof(path), "%s/%s%s", dir, name, PROFILE_SUFFIX) >=
			sizeof(path))
		return -ENAMETOOLONG;
	return try_file(fd, path, path);
}

static const struct builtin_profile *find_builtin(const char *name)
{
	for (const struct builtin_profile *b = builtin_profiles; b->name; b++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

/*
 * Find NAME (included from the profile file FROM, canonical, or NULL).
 * Returns 0, or LB_EXIT_FAIL with the message printed.
 */
static int find_profile(const char *name, const char *from, const char *origin, struct found *fd)
{
	char dir[PATH_MAX];
	const struct builtin_profile *b;

	memset(fd, 0, sizeof(*fd));
	fd->file = -1;
	/* A relative path in a profile file is relative to that file's
	 * directory, and only to it: what a profile includes must not depend
	 * on where landbox is run. */
	if (from && from[0] == '/' && name[0] != '/' &&
	    (strchr(name, '/') || ends_with(name, PROFILE_SUFFIX))) {
		char rel[PATH_MAX];
		const int n = (int)(strrchr(from, '/') - from);
		int ret;
		if ((size_t)snprintf(rel, sizeof(rel), "%.*s/%s", n, from, name) >= sizeof(rel))
			ret = -ENAMETOOLONG;
		else if ((ret = try_file(fd, rel, rel)) == 0)
			return 0;
		cli_error("%s: cannot read profile %s: %s", origin, rel, read_error(-ret));
		return LB_EXIT_FAIL;
	}
	if (strchr(name, '/') || (ends_with(name, PROFILE_SUFFIX) && access(name, F_OK) == 0)) {
		const int ret = try_file(fd, name, name);
		if (ret == 0)
			return 0;
		cli_error("%s: cannot read profile %s: %s", origin, name, read_error(-ret));
		return LB_EXIT_FAIL;
	}
	/* A bare name must not climb out of the profile directories. */
	if (!*name || name[0] == '.') {
		cli_error("%s: invalid profile name '%s'", origin, name);
		return LB_EXIT_FAIL;
	}
	if (try_dir(fd, user_dir(dir, sizeof(dir)), name) == 0 ||
	    try_dir(fd, LB_SYSCONF_PROFILE_DIR, name) == 0)
		return 0;
	if ((b = find_builtin(name))) {
		fd->builtin = b->text;
		(void)snprintf(fd->display, sizeof(fd->display), "%s%s", name, PROFILE_SUFFIX);
		(void)snprintf(fd->key, sizeof(fd->key), "builtin:%s", name);
		return 0;
	}
	if (try_dir(fd, LB_PROFILE_DIR, name) == 0)
		return 0;
	{
		char names[512];
		size_t used = 0;
		names[0] = '\0';
		for (b = builtin_profiles; b->name && used < sizeof(names); b++)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 used ? ", " : "", b->name);
		cli_error(
		    "%s: unknown profile '%s' (not a file; not in %s, %s or %s; built-in: %s)",
		    origin, name, user_dir(dir, sizeof(dir)) ? dir : "~/.config/landbox/profiles",
		    LB_SYSCONF_PROFILE_DIR, LB_PROFILE_DIR, names[0] ? names : "none");
	}
	return LB_EXIT_FAIL;
}

/* ---- Variables ------------------------------------------------------------ */

/*
 * The value of variable NAME into BUF; NULL if undefined, with *EMPTY set
 * when it is set but empty.  An empty value counts as unset, so that the
 * variables that have a default get it and the others are an error: an
 * empty ${HOME} must not turn "rw ${HOME}/.cache" into "rw /.cache".
 */
static const char *variable(const char *name, char *buf, size_t len, int *empty)
{
	const char *v = getenv(name);

	*empty = 0;
	if (!strcmp(name, "UID")) {
		(void)snprintf(buf, len, "%u", (unsigned)getuid());
		return buf;
	}
	if (!strcmp(name, "PWD")) {
		/* The real directory, not a possibly stale $PWD. */
		if (getcwd(buf, len))
			return buf;
	}
	if (v && *v)
		return v;
	if (!strcmp(name, "TMPDIR"))
		return "/tmp";
	if (!strcmp(name, "XDG_RUNTIME_DIR")) {
		(void)snprintf(buf, len, "/run/user/%u", (unsigned)getuid());
		return buf;
	}
	if (!strcmp(name, "HOME") || !strcmp(name, "USER")) {
		/* Only here: the password database is not read otherwise. */
		const struct passwd *pw = getpwuid(getuid());
		const char *pv = pw ? (!strcmp(name, "HOME") ? pw->pw_dir : pw->pw_name) : NULL;
		if (pv && *pv) {
			(void)snprintf(buf, len, "%s", pv);
			return buf;
		}
	}
	*empty = v != NULL;
	return NULL;
}

/*
 * ${ARGn} / ${ARGDIRn}: COMMAND's argument N (cmdargs.h) into BUF, for a
 * path option only (ARGS: COMMAND's arguments then; NULL elsewhere: an
 * argument must not choose a profile to include or a variable to set).
 * Returns 0 or LB_EXIT_FAIL (message printed).
 */
static int argument(const struct policy *args, const char *where, const char *name, unsigned n,
		    int dir, char *buf, size_t len)
{
	const char *why;

	if (!args) {
		cli_error("%s: '${%s}': COMMAND's arguments may be used in path options only "
			  "(ro, rw, rox, ...)",
			  where, name);
		return LB_EXIT_FAIL;
	}
	if (!args->cmd_args || n > (unsigned)args->cmd_nargs) {
		cli_error("%s: '${%s}': COMMAND has no argument %u", where, name, n);
		return LB_EXIT_FAIL;
	}
	if (cmdargs_value(args->cmd_args[n - 1], dir, buf, len, &why)) {
		cli_error("%s: '${%s}': argument %u '%s' cannot be used as a path: %s", where, name,
			  n, args->cmd_args[n - 1], why);
		return LB_EXIT_FAIL;
	}
	return 0;
}

/*
 * Expand ${VAR} in IN into OUT.  Whatever a value holds (commas, blanks,
 * newlines, '='), it is copied as it is: the caller has already split the
 * line's literal text.  ARGS is the policy whose COMMAND's arguments
 * ${ARGn} may name, or NULL where they may not.  Returns 0 or LB_EXIT_FAIL
 * (message printed).
 */
static int expand_args(const struct policy *args, const char *where, const char *in, char *out,
		       size_t len)
{
	size_t used = 0;

	while (*in) {
		const char *val;
		char name[128], vbuf[PATH_MAX];
		size_t n;
		unsigned argn;
		int empty, argdir;

		if (in[0] != '$' || in[1] != '{') {
			if (used + 1 >= len)
				goto too_long;
			out[used++] = *in++;
			continue;
		}
		n = strcspn(in + 2, "}");
		if (!in[2 + n]) {
			cli_error("%s: unterminated variable '%s'", where, in);
			return LB_EXIT_FAIL;
		}
		if (n == 0 || n >= sizeof(name)) {
			cli_error("%s: invalid variable '%.*s'", where, (int)n + 3, in);
			return LB_EXIT_FAIL;
		}
		memcpy(name, in + 2, n);
		name[n] = '\0';
		if (cmdargs_name(name, &argn, &argdir)) {
			if (argument(args, where, name, argn, argdir, vbuf, sizeof(vbuf)))
				return LB_EXIT_FAIL;
			val = vbuf;
		} else
			val = variable(name, vbuf, sizeof(vbuf), &empty);
		if (!val) {
			cli_error("%s: %s variable '${%s}'", where, empty ? "empty" : "undefined",
				  name);
			return LB_EXIT_FAIL;
		}
		if (used + strlen(val) >= len)
			goto too_long;
		memcpy(out + used, val, strlen(val));
		used += strlen(val);
		in += n + 3;
	}
	out[used] = '\0';
	return 0;
too_long:
	cli_error("%s: line too long after expanding variables", where);
	return LB_EXIT_FAIL;
}

/* expand_args() where COMMAND's arguments may not be used. */
static int expand(const char *where, const char *in, char *out, size_t len)
{
	return expand_args(NULL, where, in, out, len);
}

/* ---- Parsing ------------------------------------------------------------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int not_optional(const char *where, const char *name)
{
	cli_error("%s: option '%s' cannot be optional ('?' marks path and port options only)",
		  where, name);
	return LB_EXIT_FAIL;
}

/*
 * One element of a list line, split at the commas written in the profile:
 * its variables are replaced, and the result is applied as ONE path, port
 * or family.  A variable holding "/tmp/x,/etc" is the one path
 * "/tmp/x,/etc", never two rules.
 */
static int apply_item(struct policy *p, const struct cli_option *o, const char *item,
		      const char *where)
{
	char expanded[PATH_MAX * 2];

	if (expand_args(o->arg == ARG_PATHS ? p : NULL, where, item, expanded, sizeof(expanded)))
		return LB_EXIT_FAIL;
	return cli_option_item(p, o, expanded, where);
}

/*
 * "env KEY=VALUE": KEY and VALUE are expanded apart, and an expanded KEY
 * holding '=' is refused: a variable cannot choose which variable is set.
 */
static int apply_env(struct policy *p, const struct cli_option *o, const char *value,
		     const char *where)
{
	char key[PATH_MAX * 2], expanded[PATH_MAX * 4];
	const char *eq = strchr(value, '=');
	const size_t n = eq ? (size_t)(eq - value) : strlen(value);

	/* Fits: VALUE is part of one line, shorter than KEY. */
	(void)snprintf(key, sizeof(key), "%.*s", (int)n, value);
	if (expand(where, key, expanded, sizeof(expanded) / 2))
		return LB_EXIT_FAIL;
	if (strchr(expanded, '=') || !*expanded) {
		cli_error("%s: %s: invalid variable name '%s' (KEY or KEY=VALUE)", where, o->name,
			  expanded);
		return LB_EXIT_FAIL;
	}
	if (eq) {
		const size_t k = strlen(expanded);
		expanded[k] = '=';
		if (expand(where, eq + 1, expanded + k + 1, sizeof(expanded) - k - 1))
			return LB_EXIT_FAIL;
	}
	return o->handler(p, o, expanded, where);
}

/* Apply one line (NUL-terminated, no newline).  WHERE is "FILE:LINE". */
static int apply_line(struct policy *p, char *line, const char *where)
{
	const struct cli_option *o;
	char *name, *value, *end, *hash;
	char expanded[PATH_MAX * 2];
	size_t n;
	int optional, ret;

	while (is_blank(*line))
		line++;
	if (!*line || *line == '#')
		return 0;
	/* A comment may also follow the value, after a blank. */
	for (hash = line; (hash = strchr(hash, '#')); hash++)
		if (hash > line && is_blank(hash[-1])) {
			*hash = '\0';
			break;
		}
	end = line + strlen(line);
	while (end > line && is_blank(end[-1]))
		*--end = '\0';
	name = line;
	n = strcspn(name, " \t\r=");
	value = name + n;
	if (*value) {
		*value++ = '\0';
		while (is_blank(*value))
			value++;
	}
	/* "ro? PATH": an optional line (policy_build() leaves it out if it
	 * cannot be had). */
	optional = n > 1 && name[n - 1] == '?';
	if (optional)
		name[n - 1] = '\0';
	if (!strcmp(name, "include") || !strcmp(name, "profile")) {
		if (optional)
			return not_optional(where, name);
		if (!*value) {
			cli_error("%s: %s: missing profile name", where, name);
			return LB_EXIT_FAIL;
		}
		if (expand(where, value, expanded, sizeof(expanded)))
			return LB_EXIT_FAIL;
		return profile_load(p, expanded, where);
	}
	o = cli_option_find(name);
	if (!o) {
		cli_error("%s: unknown option '%s'", where, name);
		return LB_EXIT_FAIL;
	}
	if (o->flags & OPT_CLI_ONLY) {
		cli_error("%s: option '%s' is not allowed in a profile", where, name);
		return LB_EXIT_FAIL;
	}
	if (optional && o->arg != ARG_PATHS && o->arg != ARG_PORTS)
		return not_optional(where, name);
	if (o->arg == ARG_NONE) {
		if (*value) {
			cli_error("%s: option '%s' takes no value (given '%s')", where, name,
				  value);
			return LB_EXIT_FAIL;
		}
		return o->handler(p, o, NULL, where);
	}
	if (!*value) {
		cli_error("%s: option '%s' needs a value (%s)", where, name, o->metavar);
		return LB_EXIT_FAIL;
	}
	p->optional_line = optional;
	if (o->item)
		ret = cli_option_split(p, o, value, where, apply_item);
	else if (!strcmp(o->name, "env"))
		ret = apply_env(p, o, value, where);
	else if (!(ret = expand(where, value, expanded, sizeof(expanded))))
		ret = o->handler(p, o, expanded, where);
	p->optional_line = 0;
	return ret;
}

/* Apply line LINENO of DISPLAY, the N bytes at S.  0 or an exit status. */
static int parse_line(struct policy *p, const char *display, unsigned lineno, const char *s,
		      size_t n)
{
	char line[PATH_MAX * 2], where[PATH_MAX + 32];

	(void)snprintf(where, sizeof(where), "%s:%u", display, lineno);
	if (n >= sizeof(line)) {
		cli_error("%s: line too long", where);
		return LB_EXIT_FAIL;
	}
	memcpy(line, s, n);
	line[n] = '\0';
	return apply_line(p, line, where);
}

/* A built-in profile's TEXT. */
static int parse_text(struct policy *p, const char *display, const char *text)
{
	const char *s = text;
	unsigned lineno = 0;

	while (*s) {
		const size_t n = strcspn(s, "\n");
		int ret;

		if ((ret = parse_line(p, display, ++lineno, s, n)))
			return ret;
		s += n;
		if (*s == '\n')
			s++;
	}
	return 0;
}

/* Room for a few lines of a profile file: it is read a piece at a time. */
#define PROFILE_CHUNK (PATH_MAX * 4)

/*
 * Read the profile file FD a piece at a time and apply each line as it
 * comes: a profile of any length costs no more memory than its rules.  A
 * NUL byte is refused (a text file has none) before the lines of its piece.
 */
static int parse_file(struct policy *p, const char *display, int fd)
{
	char *buf = malloc(PROFILE_CHUNK);
	size_t start = 0, have = 0;
	unsigned lineno = 0;
	int eof = 0, ret = 0;

	if (!buf) {
		cli_error("out of memory");
		return LB_EXIT_FAIL;
	}
	while (!ret) {
		const char *nl = memchr(buf + start, '\n', have - start);
		ssize_t n;

		if (nl || (eof && have > start)) {
			const size_t len = nl ? (size_t)(nl - (buf + start)) : have - start;
			ret = parse_line(p, display, ++lineno, buf + start, len);
			start += len + !!nl;
			continue;
		}
		if (eof)
			break;
		if (start) { /* the unfinished line to the front */
			memmove(buf, buf + start, have - start);
			have -= start;
			start = 0;
		}
		if (have == PROFILE_CHUNK) {
			cli_error("%s:%u: line too long", display, lineno + 1);
			ret = LB_EXIT_FAIL;
			break;
		}
		n = read(fd, buf + have, PROFILE_CHUNK - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_error("%s: cannot read the profile: %s", display, strerror(errno));
			ret = LB_EXIT_FAIL;
		} else if (n == 0) {
			eof = 1;
		} else {
			const char *nul = memchr(buf + have, '\0', (size_t)n);
			if (nul) {
				unsigned line = lineno + 1;
				for (const char *c = buf; c < nul; c++)
					line += *c == '\n';
				cli_error("%s:%u: NUL byte in the profile (not a text file?)",
					  display, line);
				ret = LB_EXIT_FAIL;
			}
			have += (size_t)n;
		}
	}
	free(buf);
	return ret;
}

static void close_found(struct found *fd)
{
	if (fd->file >= 0)
		close(fd->file);
	fd->file = -1;
}

int profile_load(struct policy *p, const char *name, const char *origin)
{
	struct found fd;
	int ret;

	if (!*name) {
		cli_error("%s: empty profile name", origin);
		return LB_EXIT_FAIL;
	}
	/* "auto" names no file: the profile is chosen once COMMAND is known. */
	if (!strcmp(name, "auto"))
		return programs_auto_request(p, origin);
	if ((ret =
		 find_profile(name, p->nloading ? p->loading[p->nloading - 1] : NULL, origin, &fd)))
		return ret;
	for (int i = 0; i < p->nloading; i++) {
		if (!strcmp(p->loading[i], fd.key)) {
			char chain[2048];
			size_t used = 0;
			for (int j = i; j < p->nloading && used < sizeof(chain); j++)
				used += (size_t)snprintf(chain + used, sizeof(chain) - used,
							 "%s -> ", p->loading[j]);
			cli_error("%s: include cycle: %s%s", origin, chain, fd.key);
			close_found(&fd);
			return LB_EXIT_FAIL;
		}
	}
	if (p->nloading >= (int)(sizeof(p->loading) / sizeof(p->loading[0]))) {
		cli_error("%s: profiles nested too deeply (at %s)", origin, fd.display);
		close_found(&fd);
		return LB_EXIT_FAIL;
	}
	p->loading[p->nloading] = strdup(fd.key);
	if (!p->loading[p->nloading]) {
		cli_error("out of memory");
		close_found(&fd);
		return LB_EXIT_FAIL;
	}
	p->nloading++;
	cli_debug("%s: profile %s", origin, fd.display);
	ret = fd.file >= 0 ? parse_file(p, fd.display, fd.file)
			   : parse_text(p, fd.display, fd.builtin);
	free(p->loading[--p->nloading]);
	p->loading[p->nloading] = NULL;
	close_found(&fd);
	return ret;
}

/* ---- Listing --------------------------------------------------------------- */

/* The "programs" line of TEXT, if any, on a line of its own (--profile auto). */
static void list_programs(FILE *out, const char *text)
{
	char buf[1024];
	const char *pats = text ? programs_of(text, buf, sizeof(buf)) : NULL;

	/* A file's line may hold anything: shown escaped, as messages are. */
	if (pats)
		cli_out(out, "%-16s   --profile auto for: %s", "", pats);
}

static void list_dir(FILE *out, const char *dir, const char *what)
{
	DIR *d;
	struct dirent *e;

	if (!dir || !(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		const size_t n = strlen(e->d_name);
		char path[PATH_MAX], *text;
		size_t len;
		int is_pipe;

		if (e->d_name[0] == '.' || !ends_with(e->d_name, PROFILE_SUFFIX))
			continue;
		cli_out(out, "%-16.*s %s (%s/%s)", (int)(n - strlen(PROFILE_SUFFIX)), e->d_name,
			what, dir, e->d_name);
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < sizeof(path) &&
		    (text = read_file(path, &len, &is_pipe))) {
			list_programs(out, text);
			free(text);
		}
	}
	closedir(d);
}

void profile_list(FILE *out)
{
	char dir[PATH_MAX];

	list_dir(out, user_dir(dir, sizeof(dir)), "user");
	list_dir(out, LB_SYSCONF_PROFILE_DIR, "system");
	for (const struct builtin_profile *b = builtin_profiles; b->name; b++) {
		/* The first comment line (not the license) says what it is for. */
		const char *t = b->text, *desc = NULL;
		while (*t == '#' || *t == '\n') {
			if (t[0] == '#' && t[1] == ' ' && strncmp(t, "# SPDX", 6) != 0) {
				desc = t + 2;
				break;
			}
			t += strcspn(t, "\n");
			if (*t)
				t++;
		}
		if (desc)
			fprintf(out, "%-16s built-in: %.*s\n", b->name, (int)strcspn(desc, "\n"),
				desc);
		else
			fprintf(out, "%-16s built-in\n", b->name);
		list_programs(out, b->text);
	}
	list_dir(out, LB_PROFILE_DIR, "installed");
}

/* ---- Every profile, in search order (--profile auto) ----------------------- */

/* Whether NAME was visited already: the first in search order hides the others. */
static int seen(char **names, size_t n, const char *name)
{
	for (size_t i = 0; names && i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

struct visit_state {
	char **names;
	size_t n, cap;
	int (*visit)(void *, const char *, const char *, const char *);
	void *ctx;
};

/* Visit NAME unless seen; remember it. */
static int visit_one(struct visit_state *v, const char *name, const char *where, const char *text)
{
	if (seen(v->names, v->n, name))
		return 0;
	if (!v->names || v->n == v->cap) {
		const size_t cap = v->cap ? v->cap * 2 : 32;
		char **nn = realloc(v->names, cap * sizeof(*nn));
		if (!nn) {
			cli_error("out of memory");
			exit(LB_EXIT_FAIL);
		}
		v->names = nn;
		v->cap = cap;
	}
	v->names[v->n++] = cli_xstrdup(name);
	return v->visit(v->ctx, name, where, text);
}

static int visit_dir(struct visit_state *v, const char *dir)
{
	struct dirent **list = NULL;
	int n, ret = 0;

	if (!dir || (n = scandir(dir, &list, NULL, alphasort)) < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		const char *e = list[i]->d_name;
		const size_t len = strlen(e);
		char path[PATH_MAX];
		size_t tlen;
		int is_pipe;
		char *text;

		if (!ret && e[0] != '.' && ends_with(e, PROFILE_SUFFIX) &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, e) < sizeof(path) &&
		    (text = read_file(path, &tlen, &is_pipe))) {
			char name[NAME_MAX + 1];
			(void)snprintf(name, sizeof(name), "%.*s",
				       (int)(len - strlen(PROFILE_SUFFIX)), e);
			/* A NUL byte ends the text here; profile_load refuses such a file. */
			ret = visit_one(v, name, path, text);
			free(text);
		}
		free(list[i]);
	}
	free(list);
	return ret;
}

int profile_foreach(int (*visit)(void *ctx, const char *name, const char *where, const char *text),
		    void *ctx)
{
	struct visit_state v = {.visit = visit, .ctx = ctx};
	char dir[PATH_MAX];
	int ret;

	ret = visit_dir(&v, user_dir(dir, sizeof(dir)));
	if (!ret)
		ret = visit_dir(&v, LB_SYSCONF_PROFILE_DIR);
	for (const struct builtin_profile *b = builtin_profiles; !ret && b->name; b++)
		ret = visit_one(&v, b->name, "built-in", b->text);
	if (!ret)
		ret = visit_dir(&v, LB_PROFILE_DIR);
	for (size_t i = 0; i < v.n; i++)
		free(v.names[i]);
	free(v.names);
	return ret;
}
