/* SPDX-License-Identifier: MIT */
/* test_sandbox_scope.c - the scopes (ABI 6): a sandboxed process cannot
 * connect or send to an abstract UNIX socket created outside its domain
 * (EPERM) but can to one created inside it, and cannot signal a process
 * outside its domain (EPERM: its parent, a helper, even its own child forked
 * before restricting) but can signal itself and a child forked after.  When
 * the scopes are not handled, everything is allowed. */
#include <sys/socket.h>
#include <sys/un.h>

#include "sbtest.h"

static socklen_t abstract_addr(const char *tag, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] = '\0': the abstract namespace. */
	snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "landbox-test-%d-%s", (int)getpid(),
		 tag);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(sun->sun_path + 1);
}

/* An abstract socket of TYPE named after the creator's pid and TAG. */
static int abstract_socket(int type, const char *tag)
{
	struct sockaddr_un sun;
	socklen_t len = abstract_addr(tag, &sun);
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, len) ||
	    (type == SOCK_STREAM && listen(fd, 4)))
		return -1;
	return fd;
}

/* What the sandboxed code gets from connect()/sendto() to the socket that
 * process OWNER named TAG: 0 or errno. */
static int reach(pid_t owner, int type, const char *tag)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	int err = 0;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1, "landbox-test-%d-%s", (int)owner, tag);
	len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(sun.sun_path + 1);
	if (fd < 0)
		return errno;
	if (type == SOCK_STREAM) {
		if (connect(fd, (struct sockaddr *)&sun, len))
			err = errno;
	} else if (sendto(fd, "x", 1, 0, (struct sockaddr *)&sun, len) < 0) {
		err = errno;
	}
	close(fd);
	return err;
}

static pid_t victim; /* a process outside every domain, forked by the parent */

/* A child that waits until *HOLD (the write end of its pipe) is closed, so
 * that it can be ended without a signal when signals are denied. */
static pid_t sleeper(int *hold)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		alarm(20);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	*hold = p[1];
	return pid;
}

/* Signal a sleeper with SIGTERM: 0 when it died of it, else kill's errno
 * (or 1000 when it survived without an error). */
static int kill_child(pid_t pid, int hold)
{
	int st, err = sbt_errno_of(kill(pid, SIGTERM));

	close(hold);
	if (waitpid(pid, &st, 0) != pid)
		return err ? err : 1000;
	if (!err && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM))
		return 1000;
	return err;
}

struct scenario {
	const char *name;
	int handled; /* the scopes are handled (the default) */
};

static int scopes(void *arg)
{
	const struct scenario *sc = arg;
	struct lb_sandbox *sb = sbt_new(sc->name);
	int denied = sc->handled ? sbt_denied_from(6, EPERM) : 0;
	const char *how = sc->handled ? "" : " (scopes not handled)";
	pid_t parent = getppid(), before, after;
	int inside_s, inside_d, hold_before, hold_after;

	alarm(10);
	if (!sc->handled && lb_handle(sb, LB_KIND_SCOPE, 0))
		sbt_check(0, lb_error(sb), "%s: lb_handle(LB_KIND_SCOPE, 0)", sc->name);
	before = sleeper(&hold_before);
	sbt_enforce(sb, sc->name);

	/* Abstract UNIX sockets */
	sbt_expect(reach(parent, SOCK_STREAM, "stream"), denied,
		   "scope: connect to an abstract socket created outside%s", how);
	sbt_expect(reach(parent, SOCK_DGRAM, "dgram"), denied,
		   "scope: sendto an abstract datagram socket created outside%s", how);
	inside_s = abstract_socket(SOCK_STREAM, "inside-stream");
	inside_d = abstract_socket(SOCK_DGRAM, "inside-dgram");
	sbt_check(inside_s >= 0 && inside_d >= 0, strerror(errno),
		  "scope: create abstract sockets inside the sandbox%s", how);
	sbt_expect(reach(getpid(), SOCK_STREAM, "inside-stream"), 0,
		   "scope: connect to an abstract socket created inside the domain%s", how);
	sbt_expect(reach(getpid(), SOCK_DGRAM, "inside-dgram"), 0,
		   "scope: sendto an abstract datagram socket created inside the domain%s", how);
	close(inside_s);
	close(inside_d);

	/* Signals */
	sbt_expect(sbt_errno_of(kill(parent, 0)), denied,
		   "scope: signal 0 to the parent outside the domain%s", how);
	sbt_expect(sbt_errno_of(kill(victim, SIGUSR1)), denied,
		   "scope: SIGUSR1 to a process outside the domain%s", how);
	sbt_expect(kill_child(before, hold_before), denied,
		   "scope: SIGTERM to own child forked before restricting%s", how);
	sbt_expect(sbt_errno_of(kill(getpid(), 0)), 0, "scope: signal 0 to itself%s", how);
	after = sleeper(&hold_after);
	sbt_expect(kill_child(after, hold_after), 0,
		   "scope: SIGTERM to own child forked after restricting%s", how);
	return 0;
}

/* The victim died of SIGUSR1 (its default action) only if the signal was
 * allowed; else closing HOLD lets it exit normally. */
static void check_victim(int hold, const char *how, int denied)
{
	int st = 0;

	close(hold);
	if (waitpid(victim, &st, 0) != victim)
		sbt_die("waitpid", "victim");
	tap_ok((WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1) == !denied,
	       "scope: the process outside %s%s", denied ? "survived" : "got the signal", how);
}

int main(void)
{
	static const struct scenario handled = {"scopes", 1}, unhandled = {"scopes unhandled", 0};
	int s, d, hold;

	if (sbt_init())
		return 0;
	s = abstract_socket(SOCK_STREAM, "stream");
	d = abstract_socket(SOCK_DGRAM, "dgram");
	if (s < 0 || d < 0)
		sbt_die("bind", "abstract UNIX socket");

	victim = sleeper(&hold);
	sbt_run(handled.name, scopes, (void *)&handled);
	check_victim(hold, "", sbt_abi >= 6);
	victim = sleeper(&hold);
	sbt_run(unhandled.name, scopes, (void *)&unhandled);
	check_victim(hold, " (scopes not handled)", 0);

	close(s);
	close(d);
	return sbt_done();
}
