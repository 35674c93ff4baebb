/* SPDX-License-Identifier: MIT */
/* policy/options.c - THE option table of `landbox run`.  One entry per
 * option: its name, its argument, the rights it grants, its help line and
 * its handler.  The same table drives the command line parser (build.c),
 * the profile parser (profile.c: the same names without the dashes), --help
 * and the bash completion (landbox --list-options), so nothing can drift.
 * Handlers change the policy through model.c; the table sits below the
 * profile reader, so "profile"/"include" have no handler: their callers
 * load the profile. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config/config.h"
#include "deny.h"

/* Rights of the path options (DESIGN §4). */
#define RIGHTS_RO   (LB_FS_READ_FILE | LB_FS_READ_DIR)
#define RIGHTS_ROX  (RIGHTS_RO | LB_FS_EXECUTE)
#define RIGHTS_RW   (LB_FS_READ | LB_FS_WRITE)
#define RIGHTS_RWX  (RIGHTS_RW | LB_FS_EXECUTE)
#define RIGHTS_UNIX (LB_FS_READ_FILE | LB_FS_RESOLVE_UNIX)

/*
 * "landbox: --bind-tcp: MSG" for the command line, "landbox: FILE:LINE:
 * bind-tcp: MSG" for a profile line.
 */
static int opt_fail(const struct cli_option *o, const char *origin, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int opt_fail(const struct cli_option *o, const char *origin, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (origin[0] == '-')
		cli_error("%s: %s", origin, msg);
	else
		cli_error("%s: %s: %s", origin, o->name, msg);
	return LB_EXIT_FAIL;
}

/* What one element of O's list is called in messages. */
static const char *item_word(const struct cli_option *o)
{
	if (o->arg == ARG_PORTS)
		return "port";
	if (o->arg == ARG_PATHS)
		return "path";
	if (!strcmp(o->name, "programs"))
		return "program name";
	return "address family"; /* the one list of names: --allow-socket */
}

int cli_option_split(struct policy *p, const struct cli_option *o, const char *list,
		     const char *origin,
		     int (*each)(struct policy *, const struct cli_option *, const char *,
				 const char *))
{
	const char *what = item_word(o);
	const char *s = list;

	for (;;) {
		const size_t n = strcspn(s, ",");
		char item[4096];
		int ret;

		if (n == 0)
			return opt_fail(o, origin, "empty %s%s%s%s", what, *list ? " in '" : "",
					list, *list ? "'" : "");
		if (n >= sizeof(item))
			return opt_fail(o, origin, "%s too long: '%.40s...'", what, s);
		memcpy(item, s, n);
		item[n] = '\0';
		if ((ret = each(p, o, item, origin)))
			return ret;
		if (!s[n])
			return 0;
		s += n + 1;
	}
}

static int one_path(struct policy *p, const struct cli_option *o, const char *path,
		    const char *origin)
{
	return policy_add_path_ext(p, path, o->rights, o->name, origin, SOURCE_OPTION);
}

static int h_paths(struct policy *p, const struct cli_option *o, const char *value,
		   const char *origin)
{
	return cli_option_split(p, o, value, origin, one_path);
}

static int one_deny(struct policy *p, const struct cli_option *o, const char *path,
		    const char *origin)
{
	(void)o;
	return deny_add(p, path, origin);
}

static int h_deny(struct policy *p, const struct cli_option *o, const char *value,
		  const char *origin)
{
	return cli_option_split(p, o, value, origin, one_deny);
}

/* A port: decimal digits only, 0-65535. */
static int one_port(struct policy *p, const struct cli_option *o, const char *s, const char *origin)
{
	unsigned long v = 0;
	const char *c;

	for (c = s; *c >= '0' && *c <= '9' && v <= 65535; c++)
		v = v * 10 + (unsigned long)(*c - '0');
	if (c == s || *c || v > 65535)
		return opt_fail(o, origin, "invalid port '%s' (0-65535)", s);
	return policy_add_port(p, o->rights, (unsigned)v, o->name, origin);
}

static int h_ports(struct policy *p, const struct cli_option *o, const char *value,
		   const char *origin)
{
	if (!*value)
		return opt_fail(o, origin, "invalid port '' (0-65535)");
	return cli_option_split(p, o, value, origin, one_port);
}

/* --allow-udp and the like: re-open the hole o->rights of the seccomp filter. */
static int h_allow_hole(struct policy *p, const struct cli_option *o, const char *value,
			const char *origin)
{
	const int i = __builtin_ctz((uint32_t)o->rights);

	(void)value;
	p->holes_open |= (uint32_t)o->rights;
	free(p->hole_origin[i]);
	p->hole_origin[i] = cli_xstrdup(origin);
	return 0;
}

static int one_family(struct policy *p, const struct cli_option *o, const char *name,
		      const char *origin)
{
	const int af = holes_family(name);
	const struct cli_option packet = {.name = o->name, .rights = LB_HOLE_PACKET};

	if (af < 0)
		return opt_fail(o, origin, "unknown address family '%s' (%s)", name,
				holes_family_names());
	p->families_open |= 1ULL << af;
	if (af == 17) /* AF_PACKET has a hole of its own */
		return h_allow_hole(p, &packet, NULL, origin);
	return 0;
}

static int h_allow_socket(struct policy *p, const struct cli_option *o, const char *value,
			  const char *origin)
{
	return cli_option_split(p, o, value, origin, one_family);
}

static int h_no_seccomp(struct policy *p, const struct cli_option *o, const char *value,
			const char *origin)
{
	(void)o, (void)value;
	p->no_seccomp = 1;
	free(p->no_seccomp_origin);
	p->no_seccomp_origin = cli_xstrdup(origin);
	return 0;
}

static int h_env(struct policy *p, const struct cli_option *o, const char *value,
		 const char *origin)
{
	struct policy_env *e;

	if (!*value || *value == '=')
		return opt_fail(o, origin, "empty variable name in '%s' (KEY or KEY=VALUE)", value);
	if (p->nenv == p->env_cap) {
		size_t cap = p->env_cap ? p->env_cap * 2 : 8;
		e = realloc(p->env, cap * sizeof(*e));
		if (!e)
			return opt_fail(o, origin, "out of memory");
		p->env = e;
		p->env_cap = cap;
	}
	e = &p->env[p->nenv++];
	e->entry = cli_xstrdup(value);
	e->origin = cli_xstrdup(origin);
	return 0;
}

static int h_keep_env(struct policy *p, const struct cli_option *o, const char *value,
		      const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->keep_env = 1;
	return 0;
}

static int h_clear_env(struct policy *p, const struct cli_option *o, const char *value,
		       const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->clear_env = 1;
	return 0;
}

static int h_best_effort(struct policy *p, const struct cli_option *o, const char *value,
			 const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->compat = COMPAT_BEST_EFFORT;
	p->best_effort_given = 1;
	return 0;
}

static int h_strict(struct policy *p, const struct cli_option *o, const char *value,
		    const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->compat = COMPAT_STRICT;
	p->strict_given = 1;
	return 0;
}

static int h_unrestricted(struct policy *p, const struct cli_option *o, const char *value,
			  const char *origin)
{
	(void)value, (void)origin;
	p->unrestricted |= (unsigned)o->rights;
	return 0;
}

static int h_ignore_missing(struct policy *p, const struct cli_option *o, const char *value,
			    const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->ignore_missing = 1;
	return 0;
}

static int h_log_flag(struct policy *p, const struct cli_option *o, const char *value,
		      const char *origin)
{
	(void)value, (void)origin;
	p->log_flags |= o->rights;
	return 0;
}

static int h_ldd(struct policy *p, const struct cli_option *o, const char *value,
		 const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->ldd = 1;
	return 0;
}

static int h_add_exec(struct policy *p, const struct cli_option *o, const char *value,
		      const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->add_exec = 1;
	return 0;
}

/* The values parse_level() accepts, as --help and the messages name them. */
#define LOG_LEVELS "error, warn (or warning), info or debug"

/* "error", "warn", "info", "debug" (any case; "warning" too) -> level; -1 if unknown. */
static int parse_level(const char *s)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};

	for (int i = 0; i < 4; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	if (!strcasecmp(s, "warning"))
		return LOG_WARN;
	return -1;
}

static int h_log_level(struct policy *p, const struct cli_option *o, const char *value,
		       const char *origin)
{
	const int level = parse_level(value);

	if (level < 0)
		return opt_fail(o, origin, "unknown log level '%s' (%s)", value, LOG_LEVELS);
	p->log_level = (enum log_level)level;
	p->log_level_set = 1;
	cli_log_level = p->log_level;
	return 0;
}

static int h_quiet(struct policy *p, const struct cli_option *o, const char *value,
		   const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->log_level = LOG_ERROR;
	p->log_level_set = 1;
	cli_log_level = p->log_level;
	return 0;
}

void policy_env_log_level(struct policy *p)
{
	static const char *const vars[] = {"LANDBOX_LOG_LEVEL", "LANDRUN_LOG_LEVEL"};

	if (p->log_level_set)
		return;
	for (int i = 0; i < 2; i++) {
		const char *v = getenv(vars[i]);
		int level;

		if (!v || !*v)
			continue;
		level = parse_level(v);
		if (level < 0) {
			cli_warn("%s: unknown log level '%s' ignored (%s)", vars[i], v, LOG_LEVELS);
			continue;
		}
		p->log_level = (enum log_level)level;
		cli_log_level = p->log_level;
		return;
	}
}

static int h_config(struct policy *p, const struct cli_option *o, const char *value,
		    const char *origin)
{
	if (!*value)
		return opt_fail(o, origin, "empty file name");
	/* --config-ext: the same, with landbox's proposed ABI 9-10 names. */
	llc_extensions = !strcmp(o->name, "config-ext");
	const int ret = config_apply(p, value, LLC_AUTO, origin);
	llc_extensions = 0;
	return ret;
}

static int h_chdir(struct policy *p, const struct cli_option *o, const char *value,
		   const char *origin)
{
	if (!*value)
		return opt_fail(o, origin, "empty directory");
	free(p->chdir);
	p->chdir = cli_xstrdup(value);
	return 0;
}

static int h_dry_run(struct policy *p, const struct cli_option *o, const char *value,
		     const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->dry_run = 1;
	return 0;
}

static int h_explain(struct policy *p, const struct cli_option *o, const char *value,
		     const char *origin)
{
	(void)o;
	if (!value || !*value || !strcmp(value, "auto"))
		p->explain = EXPLAIN_AUTO;
	else if (!strcmp(value, "audit"))
		p->explain = EXPLAIN_AUDIT;
	else if (!strcmp(value, "trace"))
		p->explain = EXPLAIN_TRACE;
	else {
		cli_error("%s: unknown source '%s' (trace, audit or auto)", origin, value);
		return LB_EXIT_FAIL;
	}
	return 0;
}

static int h_same_session(struct policy *p, const struct cli_option *o, const char *value,
			  const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->same_session = 1;
	return 0;
}

static int h_keep_caps(struct policy *p, const struct cli_option *o, const char *value,
		       const char *origin)
{
	(void)o, (void)value, (void)origin;
	p->keep_caps = 1;
	return 0;
}

/*
 * --private-tmp: reserve COMMAND's TMPDIR here, among the --env entries
 * (cli/privtmp.c fills it and the rule when it makes the directory).
 */
static int h_private_tmp(struct policy *p, const struct cli_option *o, const char *value,
			 const char *origin)
{
	int ret;

	(void)value;
	if (p->private_tmp_origin)
		return 0;
	if ((ret = h_env(p, o, "TMPDIR", origin)))
		return ret;
	p->private_tmp_env = p->nenv;
	p->private_tmp_origin = cli_xstrdup(origin);
	return 0;
}

/* One pattern of a "programs" line: a program's name, or a glob of names. */
static int one_program(struct policy *p, const struct cli_option *o, const char *name,
		       const char *origin)
{
	(void)p;
	if (!*name || strchr(name, '/') || strpbrk(name, " \t"))
		return opt_fail(o, origin,
				"invalid program name '%s' (a name or a glob such as "
				"python3.*, without '/')",
				name);
	return 0;
}

/* "programs NAME,...": what --profile auto reads (cli/programs.c); checked here. */
static int h_programs(struct policy *p, const struct cli_option *o, const char *value,
		      const char *origin)
{
	return cli_option_split(p, o, value, origin, one_program);
}

/* --help, --version and --list-* are handled by the parser itself. */
static int h_none(struct policy *p, const struct cli_option *o, const char *value,
		  const char *origin)
{
	(void)p, (void)o, (void)value, (void)origin;
	return 0;
}

int cli_option_item(struct policy *p, const struct cli_option *o, const char *item,
		    const char *origin)
{
	if (o->item && o->arg == ARG_PATHS && !*item)
		return opt_fail(o, origin, "empty path");
	return (o->item ? o->item : o->handler)(p, o, item, origin);
}

/* clang-format off */
const struct cli_option cli_options[] = {
	/* Filesystem. */
	{"ro", ARG_PATHS, 0, "PATH[,...]", RIGHTS_RO,
	 "allow reading PATH (read_file, and read_dir on a directory)", h_paths, one_path},
	{"rox", ARG_PATHS, 0, "PATH[,...]", RIGHTS_ROX,
	 "allow reading and executing PATH (--ro + execute)", h_paths, one_path},
	{"rw", ARG_PATHS, 0, "PATH[,...]", RIGHTS_RW,
	 "allow reading and writing PATH (read_file, write_file, truncate, ioctl_dev; on a "
	 "directory also read_dir, remove_*, make_*, refer)", h_paths, one_path},
	{"rwx", ARG_PATHS, 0, "PATH[,...]", RIGHTS_RWX,
	 "allow reading, writing and executing PATH (--rw + execute)", h_paths, one_path},
	{"unix", ARG_PATHS, 0, "PATH[,...]", RIGHTS_UNIX,
	 "allow connecting to the pathname UNIX socket PATH (read_file + resolve_unix, ABI 9)",
	 h_paths, one_path},
	{"deny", ARG_PATHS, 0, "PATH[,...]", 0,
	 "deny PATH although a grant contains it (--ro ~ --deny ~/.ssh): each such grant becomes "
	 "rules on the entries around PATH, at most " DENY_MAX_STR "; see landbox(1), DENY "
	 "EXCEPTIONS", h_deny, one_deny},
	/* Network. */
	{"bind-tcp", ARG_PORTS, 0, "PORT[,...]", LB_NET_BIND_TCP,
	 "allow binding TCP PORT (0: an ephemeral port; ABI 4)", h_ports, one_port},
	{"connect-tcp", ARG_PORTS, 0, "PORT[,...]", LB_NET_CONNECT_TCP,
	 "allow connecting to TCP PORT (ABI 4)", h_ports, one_port},
	{"bind-udp", ARG_PORTS, 0, "PORT[,...]", LB_NET_BIND_UDP,
	 "allow binding UDP PORT (ABI 10)", h_ports, one_port},
	{"connect-udp", ARG_PORTS, 0, "PORT[,...]", LB_NET_CONNECT_SEND_UDP,
	 "allow connecting and sending to UDP PORT (ABI 10; implies binding an ephemeral port)",
	 h_ports, one_port},
	/* What Landlock cannot restrict: the holes the seccomp filter closes (cli/seccomp.c). */
	{"allow-udp", ARG_NONE, 0, NULL, LB_HOLE_UDP,
	 "allow UDP on every port (closed by default: by Landlock from ABI 10, before by the "
	 "seccomp filter)", h_allow_hole, NULL},
	{"allow-mptcp", ARG_NONE, 0, NULL, LB_HOLE_MPTCP,
	 "allow MPTCP sockets (not restricted by Landlock's TCP port rules)", h_allow_hole, NULL},
	{"allow-sctp", ARG_NONE, 0, NULL, LB_HOLE_SCTP, "allow SCTP sockets", h_allow_hole, NULL},
	{"allow-raw", ARG_NONE, 0, NULL, LB_HOLE_RAW,
	 "allow raw IPv4/IPv6 sockets (the kernel also wants CAP_NET_RAW)", h_allow_hole, NULL},
	{"allow-socket", ARG_STRING, 0, "FAMILY[,...]", 0,
	 "allow sockets of the address FAMILY (netlink, packet, vsock, bluetooth, can, alg, "
	 "... or a number; unix, inet and inet6 are always allowed)", h_allow_socket, one_family},
	{"allow-io-uring", ARG_NONE, 0, NULL, LB_HOLE_IO_URING,
	 "allow io_uring (closed with the network: it creates sockets without socket(2))",
	 h_allow_hole, NULL},
	{"allow-tiocsti", ARG_NONE, 0, NULL, LB_HOLE_TIOCSTI,
	 "allow the TIOCSTI ioctl (typing into the terminal)", h_allow_hole, NULL},
	{"allow-tioclinux", ARG_NONE, 0, NULL, LB_HOLE_TIOCLINUX,
	 "allow the TIOCLINUX ioctl (console selection paste)", h_allow_hole, NULL},
	{"no-seccomp", ARG_NONE, 0, NULL, 0,
	 "install no seccomp filter: leave every hole above open", h_no_seccomp, NULL},
	/* Environment. */
	{"env", ARG_STRING, 0, "KEY[=VALUE]", 0,
	 "pass KEY (its current value, if set) or KEY=VALUE to COMMAND", h_env, NULL},
	{"keep-env", ARG_NONE, 0, NULL, 0,
	 "pass landbox's whole environment to COMMAND (default: only PATH=" CLI_DEFAULT_PATH ")",
	 h_keep_env, NULL},
	{"clear-env", ARG_NONE, 0, NULL, 0,
	 "do not give COMMAND the default PATH: its environment is only what --env passes",
	 h_clear_env, NULL},
	/* Profiles. */
	{"profile", ARG_STRING, 0, "NAME|FILE", 0,
	 "apply a profile (see --list-profiles and landbox-profile(5)); auto: the program "
	 "profile whose programs line names COMMAND (convert: imagemagick, python3: python, "
	 "cc, make: build, git, curl, tar, xz: archive)", NULL, NULL}, /* loaded by the caller (build.c, profile.c) */
	{"programs", ARG_STRING, OPT_PROFILE | OPT_HIDDEN, "NAME[,...]", 0,
	 "in a profile: the programs --profile auto chooses it for (names or globs)", h_programs,
	 one_program},
	{"config", ARG_STRING, 0, "FILE", 0,
	 "apply a landlockconfig file (*.json or *.toml, or a directory of them; the format of "
	 "llconfig): its handled rights and rules; several compose as llconfig composes them",
	 h_config, NULL},
	{"config-ext", ARG_STRING, 0, "FILE", 0,
	 "--config accepting landbox's proposed extension of the format for ABI 9-10 "
	 "(resolve_unix, bind_udp, connect_send_udp; what config export --abi-extensions writes)",
	 h_config, NULL},
	{"include", ARG_STRING, OPT_HIDDEN, "NAME|FILE", 0,
	 "apply a profile (the profile-file spelling of --profile)", NULL, NULL}, /* loaded by the caller (build.c, profile.c) */
	/* Enforcement. */
	{"best-effort", ARG_NONE, 0, NULL, 0,
	 "never refuse: enforce what this kernel can and warn about the rest", h_best_effort, NULL},
	{"strict", ARG_NONE, 0, NULL, 0,
	 "refuse unless every right landbox knows is enforced by this kernel", h_strict, NULL},
	{"unrestricted-filesystem", ARG_NONE, 0, NULL, UNRESTRICTED_FS,
	 "do not restrict the filesystem (path options are ignored)", h_unrestricted, NULL},
	{"unrestricted-network", ARG_NONE, 0, NULL, UNRESTRICTED_NET,
	 "do not restrict the network (port options are ignored)", h_unrestricted, NULL},
	{"unrestricted-scoped", ARG_NONE, 0, NULL, UNRESTRICTED_SCOPE,
	 "do not restrict abstract UNIX sockets and signals (scopes, ABI 6)", h_unrestricted, NULL},
	{"ignore-missing", ARG_NONE, 0, NULL, 0,
	 "skip paths that do not exist (with a warning) instead of failing", h_ignore_missing, NULL},
	/* Audit logging (ABI 7). */
	{"log-disable-originating", ARG_NONE, 0, NULL, LB_LOG_SAME_EXEC_OFF,
	 "do not log the denials that happen before COMMAND starts, such as executing "
	 "COMMAND itself (the only ones logged by default; ABI 7)", h_log_flag, NULL},
	{"log-enable-subprocesses", ARG_NONE, 0, NULL, LB_LOG_NEW_EXEC_ON,
	 "also log the denials of COMMAND and of every program it runs (not logged by "
	 "default; ABI 7)", h_log_flag, NULL},
	{"log-disable-subdomains", ARG_NONE, 0, NULL, LB_LOG_SUBDOMAINS_OFF,
	 "do not log the denials of sandboxes nested inside this one (ABI 7)", h_log_flag, NULL},
	/* Programs. */
	{"ldd", ARG_NONE, 0, NULL, 0,
	 "allow what COMMAND needs to start: its ELF interpreter (--rox), its shared libraries "
	 "(--ro) and the interpreter of a #! script (COMMAND itself needs --add-exec or a "
	 "rule)", h_ldd, NULL},
	{"add-exec", ARG_NONE, 0, NULL, 0,
	 "allow executing COMMAND itself (--rox on the program found in PATH)", h_add_exec, NULL},
	{"chdir", ARG_STRING, 0, "DIR", 0,
	 "run COMMAND in DIR", h_chdir, NULL},
	{"private-tmp", ARG_NONE, 0, NULL, 0,
	 "give COMMAND a new empty temporary directory of its own, read-write, as TMPDIR; "
	 "removed with what it holds after COMMAND exits", h_private_tmp, NULL},
	/* The process (enter.c). */
	{"same-session", ARG_NONE, 0, NULL, 0,
	 "let COMMAND keep the controlling terminal (job control, /dev/tty); by default it is "
	 "detached from it, so that it cannot type into your shell (TIOCSTI)", h_same_session, NULL},
	/* Not in profiles: a profile someone gave you must not hand COMMAND root's powers. */
	{"keep-caps", ARG_NONE, OPT_CLI_ONLY, NULL, 0,
	 "let COMMAND keep landbox's capabilities (by default every capability is dropped, "
	 "bounding set included: a root COMMAND cannot load modules, set the clock, ...)",
	 h_keep_caps, NULL},
	/* landbox itself. */
	{"log-level", ARG_STRING, 0, "LEVEL", 0,
	 "how much landbox itself says: " LOG_LEVELS " (default: warn; landrun: error; env "
	 "LANDBOX_LOG_LEVEL, LANDRUN_LOG_LEVEL)", h_log_level, NULL},
	{"quiet", ARG_NONE, 0, NULL, 0,
	 "-q: errors only, no warnings (the same as --log-level error)", h_quiet, NULL},
	{"dry-run", ARG_NONE, OPT_CLI_ONLY, NULL, 0,
	 "print the effective policy on this kernel and exit without running COMMAND", h_dry_run, NULL},
	{"explain", ARG_OPTIONAL, OPT_CLI_ONLY, "[=SOURCE]", 0,
	 "after COMMAND exits, explain each denial and the option that allows it; "
	 "--explain=trace traces COMMAND (any user, any ABI), --explain=audit reads "
	 "Landlock's audit records (root, ABI 7), --explain (auto) prefers audit",
	 h_explain, NULL},
	{"help", ARG_NONE, OPT_CLI_ONLY, NULL, 0, "print this help and exit", h_none, NULL},
	{"version", ARG_NONE, OPT_CLI_ONLY, NULL, 0, "print the version and exit", h_none, NULL},
	{"list-profiles", ARG_NONE, OPT_CLI_ONLY, NULL, 0,
	 "list the profiles --profile can find and exit", h_none, NULL},
	{"list-options", ARG_NONE, OPT_CLI_ONLY | OPT_HIDDEN, NULL, 0,
	 "list every option, one a line (for completion)", h_none, NULL},
	{NULL, ARG_NONE, 0, NULL, 0, NULL, NULL, NULL},
};
/* clang-format on */

const char *cli_option_of_rights(uint64_t rights, enum opt_arg arg)
{
	for (const struct cli_option *o = cli_options; o->name; o++)
		if (o->arg == arg && o->rights == rights)
			return o->name;
	return NULL;
}

const struct cli_option *cli_option_find(const char *name)
{
	for (const struct cli_option *o = cli_options; o->name; o++)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

void cli_list_options(FILE *out)
{
	for (const struct cli_option *o = cli_options; o->name; o++)
		if (!(o->flags & OPT_HIDDEN))
			fprintf(out, "--%s\n", o->name);
}

/*
 * One help entry: "  --name METAVAR" (or "  -o, --name METAVAR" with a
 * SHORT_NAME) then the help wrapped at column 79.
 */
static void help_entry(FILE *out, char short_name, const char *name, const char *metavar,
		       const char *help)
{
	char head[64], shortopt[8] = "";
	const char *s = help;
	int col, first = 1;

	if (short_name)
		(void)snprintf(shortopt, sizeof(shortopt), "-%c, ", short_name);
	/* "[=VALUE]" (ARG_OPTIONAL) sticks to the name. */
	(void)snprintf(head, sizeof(head), "  %s--%s%s%s", shortopt, name,
		       metavar && metavar[0] != '[' ? " " : "", metavar ? metavar : "");
	fputs(head, out);
	col = (int)strlen(head);
	while (*s) {
		size_t n = strlen(s);
		const int width = 79 - 28;

		if (n > (size_t)width) {
			n = (size_t)width;
			while (n > 0 && s[n] != ' ')
				n--;
			if (n == 0)
				n = (size_t)width;
		}
		if (first && col >= 27) {
			fputc('\n', out);
			col = 0;
		}
		fprintf(out, "%*s%.*s\n", 28 - col, "", (int)n, s);
		col = 0;
		first = 0;
		s += n;
		while (*s == ' ')
			s++;
	}
}

void cli_print_usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s run [OPTIONS] [--] COMMAND [ARG...]   run COMMAND in a sandbox\n"
		"       %s status [--json]                      what this kernel can enforce\n"
		"       %s learn [OPTIONS] -o FILE -- COMMAND   write a profile from denials\n"
		"       %s sandboxer COMMAND [ARG...]           as the kernel's sandboxer\n"
		"       %s config show|export [OPTIONS] ...     read, write landlockconfig files\n"
		"       %s help | version                       this page, the version\n"
		"       %s --list-profiles                      the profiles --profile finds\n",
		prog, prog, prog, prog, prog, prog, prog);
}

void cli_print_help(FILE *out, const char *prog)
{
	if (!strcmp(prog, "landrun")) {
		fprintf(out, "usage: landrun [OPTIONS] [--] COMMAND [ARG...]\n"
			     "(landbox invoked as landrun: strict about every right landrun knows "
			     "unless\n--best-effort; exit status 1 when landrun itself fails)\n");
	} else {
		/* One page for `landbox --help` and `landbox run --help`: the
		 * sub-commands first, then run's options. */
		cli_print_usage(out, prog);
		fprintf(out,
			"\n`%s learn --help`, `%s status --help` and `%s config --help` describe "
			"those;\nthis page is "
			"run's (`%s --ro /usr cat F` is `%s run --ro /usr cat F`).\n",
			prog, prog, prog, prog, prog);
	}
	fprintf(out,
		"\n"
		"Run COMMAND with least privilege under Linux Landlock.  With no option at all,\n"
		"everything Landlock controls is denied: files (and pathname UNIX sockets on\n"
		"ABI 9), TCP (and UDP on ABI 10) ports, abstract UNIX sockets and signals\n"
		"outside the sandbox.  Each option below allows something back; path and port\n"
		"options may be repeated and take comma-separated lists.  COMMAND is looked up\n"
		"in landbox's own PATH and gets only PATH=" CLI_DEFAULT_PATH " as its\n"
		"environment unless --env, --keep-env or --clear-env says otherwise.\n"
		"\n"
		"Options:\n");
	for (const struct cli_option *o = cli_options; o->name; o++)
		if (!(o->flags & OPT_HIDDEN))
			help_entry(out, 0, o->name, o->metavar, o->help);
	fprintf(out,
		"\n"
		"Enforcement: by default landbox refuses to run COMMAND (status 125) when a\n"
		"feature it was asked for cannot be enforced by this kernel: path rules need\n"
		"Landlock ABI 1, TCP ports ABI 4, log flags ABI 7, --unix ABI 9, UDP ports\n"
		"ABI 10 (an optional profile line, such as \"connect-udp? 53\", is left out\n"
		"instead).  Finer rights this kernel cannot restrict (refer before ABI 2,\n"
		"truncate before 3, ioctl_dev before 5, scopes before 6, ...) are listed in one\n"
		"warning line and COMMAND runs.  --strict refuses unless everything is enforced;\n"
		"--best-effort never refuses.  Without Landlock, landbox refuses, or with\n"
		"--best-effort runs COMMAND unsandboxed after a loud warning.  `landbox status`\n"
		"shows what this kernel enforces.\n"
		"\n"
		"Landlock does not control: UDP before ABI 10, pathname UNIX sockets before\n"
		"ABI 9, raw and packet sockets, MPTCP, socket creation, other network protocols,\n"
		"chdir, stat and other metadata reads, chmod/chown, setxattr, utime, files\n"
		"opened before the sandbox started (including inherited file descriptors), and\n"
		"signals or abstract UNIX sockets before ABI 6.  A seccomp filter closes the\n"
		"sockets among these (UDP before ABI 10, raw, packet, MPTCP, SCTP, families\n"
		"other than unix, inet, inet6), io_uring and the TIOCSTI/TIOCLINUX ioctls;\n"
		"the --allow-* options above re-open them one by one, --no-seccomp all.\n"
		"\n"
		"Profiles: text files of options without the leading dashes (\"rox /usr\",\n"
		"\"connect-tcp 443\", \"env HOME\"), with # comments, \"include NAME\", ${VAR}\n"
		"variables and optional lines (\"ro? /lib64\"); searched as a path, in\n"
		"~/.config/landbox/profiles, in %s, then among the\n"
		"built-in profiles.  Program profiles (imagemagick, python, git, build, curl,\n"
		"archive) make one program work with nothing of your data; --profile auto\n"
		"picks one by COMMAND's name (their \"programs\" lines).  See\n"
		"landbox-profile(5).\n"
		"\n"
		"Exit status: COMMAND's own; 128+N if COMMAND was killed by signal N;\n"
		"125 if landbox itself failed (usage, policy, kernel, --chdir, more than 16\n"
		"nested sandboxes); 126 if COMMAND was found but could not be executed; 127 if\n"
		"COMMAND (or its interpreter) was not found.\n"
		"\n"
		"Examples:\n"
		"  %s run --profile base --ro /etc/hostname -- cat /etc/hostname\n"
		"  %s run --profile auto --ro in --rw out -- convert in/a.svg out/a.png\n"
		"  %s run --profile base --profile net-client -- curl https://example.org\n"
		"  %s run --ldd --add-exec --rw . -- ./build.sh\n",
		LB_SYSCONF_PROFILE_DIR, prog, prog, prog, prog);
}

void cli_print_sub_help(FILE *out, const struct cli_subcommand *sub)
{
	const struct cli_option *help = cli_option_find("help");

	fprintf(out, "usage: landbox %s\n\n%s\nOptions of this command:\n", sub->usage, sub->about);
	for (const struct cli_extra_option *x = sub->options; x->name; x++)
		help_entry(out, x->short_name, x->name, x->metavar, x->help);
	if (help)
		help_entry(out, 'h', help->name, NULL, help->help);
	/* The policy options of run, from the same table: nothing can drift. */
	fprintf(out, "\nAll the options of `landbox run` that make a policy (see `landbox run "
		     "--help`):\n");
	for (const struct cli_option *o = cli_options; o->name; o++)
		if (!(o->flags & (OPT_HIDDEN | OPT_CLI_ONLY)))
			help_entry(out, 0, o->name, o->metavar, o->help);
	if (sub->epilogue)
		fprintf(out, "\n%s", sub->epilogue);
}
