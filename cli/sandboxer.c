/* SPDX-License-Identifier: MIT */
/* sandboxer.c - the personality of the kernel's sample sandboxer
 * (samples/landlock/sandboxer.c), so that the kernel documentation's
 * examples work as written: `landbox sandboxer CMD`, or landbox invoked as
 * `sandboxer`.  The policy comes from environment variables, which are
 * removed from the environment COMMAND inherits:
 *
 *   LL_FS_RO, LL_FS_RW   colon-separated paths; both must be set (may be empty)
 *   LL_TCP_BIND          colon-separated ports; unset = binding not restricted
 *   LL_TCP_CONNECT       the same for connecting
 *   LL_SCOPED            "a" (abstract UNIX sockets), "s" (signals), or "a:s"
 *   LL_FORCE_LOG=1       log denials after exec (audit, ABI 7)
 *
 * Like the sample: best effort on older kernels (with a hint), a path that
 * cannot be opened is reported and skipped, COMMAND is searched in PATH and
 * inherits the environment, landbox execs it in place, and every failure
 * exits with status 1.  Unlike the sample, and like `landbox run`, COMMAND
 * gets no capability and no controlling terminal (so that it cannot type
 * into the shell's terminal with TIOCSTI; see enter.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* What the process that becomes COMMAND needs. */
struct sandboxer_exec {
	const struct sandbox_entry *entry;
	const struct lb_sandbox *sb;
	char **argv;
};

/* Enter the sandbox and exec COMMAND; returns 1 after a message if that failed. */
static int enter_and_exec(const struct sandboxer_exec *x)
{
	int err;
	const int stage = entry_enter(x->entry, x->sb, &err);

	if (stage) {
		cli_error("failed to enforce ruleset: %s: %s", entry_stage_name(stage),
			  strerror(err));
		return 1;
	}
	fprintf(stderr, "Executing the sandboxed command...\n");
	execvp(x->argv[0], x->argv);
	cli_error("failed to execute \"%s\": %s", x->argv[0], strerror(errno));
	cli_error("hint: access to the binary, the interpreter or shared libraries may be "
		  "denied");
	return 1;
}

static void child(void *arg)
{
	_exit(enter_and_exec(arg));
}

/* The newest ABI whose features this interface uses (the log flag). */
#define SANDBOXER_ABI 7

/* The sample's "roughly read" and "roughly write" rights. */
#define SB_RO (LB_FS_EXECUTE | LB_FS_READ_FILE | LB_FS_READ_DIR)
#define SB_RW                                                                                      \
	(SB_RO | LB_FS_WRITE_FILE | LB_FS_REMOVE_DIR | LB_FS_REMOVE_FILE | LB_FS_MAKE_ALL |        \
	 LB_FS_REFER | LB_FS_TRUNCATE | LB_FS_IOCTL_DEV)

static void help(const char *prog)
{
	fprintf(stderr,
		"usage: LL_FS_RO=\"...\" LL_FS_RW=\"...\" [other environment variables] %s <cmd> "
		"[args]...\n"
		"\n"
		"Execute the given command in a restricted environment (the interface of the\n"
		"kernel's sample sandboxer).  Lists of paths, ports and scopes are\n"
		"colon-separated.\n"
		"\n"
		"Mandatory settings:\n"
		"* LL_FS_RO: paths allowed to be used in a read-only way\n"
		"* LL_FS_RW: paths allowed to be used in a read-write way\n"
		"\n"
		"Optional settings (when not set, their access check is always allowed; an\n"
		"empty string means an empty list):\n"
		"* LL_TCP_BIND: ports allowed to bind (server)\n"
		"* LL_TCP_CONNECT: ports allowed to connect (client)\n"
		"* LL_SCOPED: actions denied outside of the Landlock domain\n"
		"  - \"a\" to restrict opening abstract unix sockets\n"
		"  - \"s\" to restrict sending signals\n"
		"\n"
		"Denied accesses are not logged, unless LL_FORCE_LOG=1 (audit, ABI 7).\n"
		"\n"
		"Example:\n"
		"LL_FS_RO=\"${PATH}:/lib:/usr:/proc:/etc:/dev/urandom\" "
		"LL_FS_RW=\"/dev/null:/dev/full:/dev/zero:/dev/pts:/tmp\" LL_TCP_BIND=\"9418\" "
		"LL_TCP_CONNECT=\"80:443\" LL_SCOPED=\"a:s\" %s bash -i\n"
		"\n"
		"This sandboxer can use Landlock features up to ABI version %d.\n",
		prog, prog, SANDBOXER_ABI);
}

/* A private copy of variable NAME, removed from the environment; NULL if unset. */
static char *take_env(const char *name)
{
	const char *v = getenv(name);
	char *copy;

	if (!v)
		return NULL;
	copy = strdup(v);
	if (!copy) {
		cli_error("out of memory");
		exit(1);
	}
	unsetenv(name);
	return copy;
}

/* Rules for each path of variable NAME; a path that cannot be opened is skipped. */
static int add_paths(struct lb_sandbox *sb, const char *name, uint64_t rights)
{
	char *list = take_env(name), *next, *path;

	if (!list) {
		/* Both lists are mandatory, so that neither is forgotten. */
		cli_error("missing environment variable %s", name);
		return -1;
	}
	if (!*list) {
		free(list);
		return 0;
	}
	next = list;
	while ((path = strsep(&next, ":"))) {
		const int fd = open(path, O_PATH | O_CLOEXEC);

		if (fd < 0) {
			cli_error("failed to open \"%s\": %s", path, strerror(errno));
			continue;
		}
		if (lb_allow_fd(sb, fd, rights)) {
			cli_error("failed to update the ruleset with \"%s\": %s", path,
				  lb_error(sb));
			close(fd);
			free(list);
			return -1;
		}
		close(fd);
	}
	free(list);
	return 0;
}

/* Rules for each port of variable NAME (unset: nothing, checked by the caller). */
static int add_ports(struct lb_sandbox *sb, const char *name, uint64_t right)
{
	char *list = take_env(name), *next, *port;

	next = list;
	while (next && (port = strsep(&next, ":"))) {
		char *end;
		unsigned long long v;

		if (!*port)
			continue;
		errno = 0;
		v = strtoull(port, &end, 10);
		if (errno || *end || port[0] == '-' || port[0] == '+') {
			cli_error("failed to parse port at \"%s\"", port);
			free(list);
			return -1;
		}
		if (lb_allow_port(sb, right, v)) {
			cli_error("failed to update the ruleset with port \"%llu\": %s", v,
				  lb_error(sb));
			free(list);
			return -1;
		}
	}
	free(list);
	return 0;
}

/* LL_SCOPED: "a" and/or "s", colon-separated, each at most once. */
static int parse_scopes(uint64_t *scopes)
{
	char *list = take_env("LL_SCOPED"), *next, *s;
	int ret = 0;

	*scopes = 0;
	next = list && *list ? list : NULL;
	while (next && (s = strsep(&next, ":"))) {
		uint64_t bit = 0;
		if (!strcmp(s, "a"))
			bit = LB_SCOPE_ABSTRACT_UNIX_SOCKET;
		else if (!strcmp(s, "s"))
			bit = LB_SCOPE_SIGNAL;
		if (!bit || (*scopes & bit)) {
			cli_error("unknown or duplicate scope \"%s\" in LL_SCOPED", s);
			ret = -1;
			break;
		}
		*scopes |= bit;
	}
	free(list);
	return ret;
}

/*
 * The seccomp layer (cli/seccomp.c), as `landbox run` has it: the terminal
 * ioctls always, and what Landlock does not restrict of the network (UDP,
 * raw, packet, MPTCP, SCTP, other families, io_uring) when LL_TCP_BIND or
 * LL_TCP_CONNECT asked for a restricted network.  UDP on every ABI: the
 * sample's interface has no UDP port variables, so Landlock never handles it.
 */
static struct lb_seccomp *holes_filter_for(uint64_t net)
{
	uint32_t holes = LB_HOLES_TTY;
	struct lb_seccomp *f;
	int ret;

	if (net)
		holes |= LB_HOLES_NET;
	f = lb_seccomp_new(holes);
	ret = f ? lb_seccomp_prepare(f) : -ENOMEM;
	if (ret) {
		cli_error("failed to install the seccomp filter: %s",
			  f ? lb_seccomp_error(f) : strerror(-ret));
		lb_seccomp_free(f);
		return NULL;
	}
	return f;
}

int sandboxer_policy(int abi, struct lb_sandbox **out, uint64_t *net_out)
{
	struct lb_sandbox *sb;
	uint64_t net = 0, scopes = 0, flags = 0;
	const char *force_log;

	*out = NULL;
	/* An unset port variable leaves that access unrestricted; an empty one denies all. */
	if (getenv("LL_TCP_BIND"))
		net |= LB_NET_BIND_TCP;
	if (getenv("LL_TCP_CONNECT"))
		net |= LB_NET_CONNECT_TCP;
	if (parse_scopes(&scopes))
		return 1;
	force_log = getenv("LL_FORCE_LOG");
	if (force_log) {
		if (strcmp(force_log, "1") != 0) {
			cli_error("unknown value for LL_FORCE_LOG (only \"1\" is handled)");
			return 1;
		}
		if (abi < 7) {
			cli_error("audit logs not supported by current kernel");
			return 1;
		}
		flags |= LB_LOG_NEW_EXEC_ON;
		unsetenv("LL_FORCE_LOG");
	}

	sb = lb_new();
	if (!sb || lb_handle(sb, LB_KIND_FS, SB_RW) || lb_handle(sb, LB_KIND_NET, net) ||
	    lb_handle(sb, LB_KIND_SCOPE, scopes) || lb_set_compat(sb, LB_BEST_EFFORT) ||
	    lb_set_flags(sb, flags) || lb_set_threads(sb, LB_THREAD_ONLY)) {
		cli_error("failed to create a ruleset: %s", lb_error(sb));
		lb_free(sb);
		return 1;
	}
	if (add_paths(sb, "LL_FS_RO", SB_RO) || add_paths(sb, "LL_FS_RW", SB_RW) ||
	    add_ports(sb, "LL_TCP_BIND", LB_NET_BIND_TCP) ||
	    add_ports(sb, "LL_TCP_CONNECT", LB_NET_CONNECT_TCP)) {
		lb_free(sb);
		return 1;
	}
	*out = sb;
	if (net_out)
		*net_out = net;
	return 0;
}

int cmd_sandboxer(int argc, char **argv, const char *prog)
{
	struct lb_probe probe;
	struct lb_status prepared;
	struct lb_sandbox *sb;
	uint64_t net = 0;
	struct sandbox_entry entry;
	struct sandboxer_exec x;
	int ret;

	if (argc < 1) {
		help(prog);
		return 1;
	}
	lb_probe(&probe);
	if (probe.abi <= 0) {
		cli_error("failed to check Landlock compatibility: %s", strerror(probe.error));
		cli_error("hint: %s", lb_probe_hint(&probe));
		return 1;
	}
	if (probe.abi < SANDBOXER_ABI)
		cli_error("hint: you should update the running kernel to leverage Landlock "
			  "features provided by ABI version %d (instead of %d)",
			  SANDBOXER_ABI, probe.abi);
	if (sandboxer_policy(probe.abi, &sb, &net))
		return 1;
	if (lb_prepare(sb, &prepared)) {
		cli_error("failed to enforce ruleset: %s", lb_error(sb));
		lb_free(sb);
		return 1;
	}
	entry_plan(&entry, 0, 0);
	entry.nnp_by_landlock = (prepared.handled[LB_KIND_FLAG] & LB_NO_NEW_PRIVS) != 0;
	/* Installed after Landlock by entry_enter(). */
	entry.filter = holes_filter_for(net);
	if (!entry.filter) {
		entry_release(&entry);
		lb_free(sb);
		return 1;
	}
	x.entry = &entry;
	x.sb = sb;
	x.argv = argv;
	/* A session leader forks to detach from its terminal (enter.c); else in place. */
	if (!entry.session_leader) {
		/* Only back when exec failed, inside the sandbox: exit at once (see run.c). */
		ret = enter_and_exec(&x);
		(void)fflush(NULL);
		_exit(ret);
	}
	ret = run_forked(child, &x);
	entry_release(&entry);
	lb_free(sb);
	/* Every failure of the sandboxer itself is 1 (the child's too). */
	return ret < 0 ? 1 : ret;
}
