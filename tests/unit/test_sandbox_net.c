/* SPDX-License-Identifier: MIT */
/* test_sandbox_net.c - TCP port rules (ABI 4) on 127.0.0.1 and ::1: bind
 * and connect, each allowed on a port that has the right and denied (EACCES)
 * on one that has not or has only the other right; port 0 with the bind
 * right allows an ephemeral bind, and without it does not.  The listeners
 * are created by the parent before the child restricts itself. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "sbtest.h"

struct family {
	const char *name; /* as in the TAP names */
	int af;
	int usable;		   /* loopback of this family is up here */
	int bind_yes, bind_no;	   /* free ports for bind */
	int listen_yes, listen_no; /* listeners' ports for connect */
	int listen_bindonly;	   /* listener whose port has only bind_tcp */
	int fds[3];
};

static struct family fams[] = {
    {.name = "127.0.0.1", .af = AF_INET},
    {.name = "::1", .af = AF_INET6},
};
#define NFAMS 2

static socklen_t loopback(int af, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (af == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		in6->sin6_addr = in6addr_loopback;
		return sizeof(*in6);
	}
}

/* A socket bound to the loopback address on PORT (0: ephemeral): its fd and
 * port in *PORT_OUT, or -1 with errno. */
static int bound_socket(int af, int port, int *port_out)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(af, port, &ss);
	int fd = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&ss, len) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	if (port_out)
		*port_out = ntohs(af == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
						: ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

/* Port rules do not name a family: every port the tests use is distinct,
 * so that a rule for one check never grants another. */
static int used[16];
static int nused;

static int fresh(int port)
{
	int i;
	for (i = 0; i < nused; i++)
		if (used[i] == port)
			return 0;
	used[nused++] = port;
	return 1;
}

/* A port that is free right now (the kernel picks it; we let it go). */
static int free_port(int af)
{
	int port = 0;

	do {
		const int fd = bound_socket(af, 0, &port);
		if (fd < 0)
			sbt_die("bind", "an ephemeral loopback port");
		close(fd);
	} while (!fresh(port));
	return port;
}

static int listener(int af, int *port)
{
	for (;;) {
		const int fd = bound_socket(af, 0, port);
		if (fd < 0 || listen(fd, 8))
			sbt_die("listen", "on loopback");
		if (fresh(*port))
			return fd;
		close(fd);
	}
}

/* What the sandboxed code gets: 0 or errno. */
static int try_bind(int af, int port)
{
	int fd = bound_socket(af, port, NULL);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int try_connect(int af, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(af, port, &ss);
	int fd = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err = 0;

	if (fd < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&ss, len))
		err = errno;
	close(fd);
	return err;
}

/* ---- Scenario: ports with and without rights ---- */

static int ports(void *arg)
{
	struct lb_sandbox *sb = sbt_new("tcp ports");
	int denied = sbt_denied_from(4, EACCES);
	int i;

	(void)arg;
	alarm(10);
	for (i = 0; i < NFAMS; i++) {
		struct family *f = &fams[i];
		if (!f->usable)
			continue;
		sbt_allow_port(sb, LB_NET_BIND_TCP, f->bind_yes);
		sbt_allow_port(sb, LB_NET_CONNECT_TCP, f->listen_yes);
		sbt_allow_port(sb, LB_NET_BIND_TCP, f->listen_bindonly);
		sbt_allow_port(sb, LB_NET_CONNECT_TCP, f->bind_no); /* connect only */
	}
	sbt_allow_port(sb, LB_NET_BIND_TCP, 0);
	sbt_enforce(sb, "tcp ports");

	for (i = 0; i < NFAMS; i++) {
		struct family *f = &fams[i];
		if (!f->usable)
			continue;
		sbt_expect(try_bind(f->af, f->bind_yes), 0,
			   "net: bind %s on a port granted bind_tcp", f->name);
		sbt_expect(try_bind(f->af, f->bind_no), denied,
			   "net: bind %s on a port granted only connect_tcp", f->name);
		sbt_expect(try_bind(f->af, 0), 0,
			   "net: bind %s on port 0 (ephemeral) with port 0 granted bind_tcp",
			   f->name);
		sbt_expect(try_connect(f->af, f->listen_yes), 0,
			   "net: connect %s to a port granted connect_tcp", f->name);
		sbt_expect(try_connect(f->af, f->listen_no), denied,
			   "net: connect %s to a port without rule", f->name);
		sbt_expect(try_connect(f->af, f->listen_bindonly), denied,
			   "net: connect %s to a port granted only bind_tcp", f->name);
	}
	return 0;
}

/* ---- Scenario: no port 0 rule ---- */

static int no_port0(void *arg)
{
	struct lb_sandbox *sb = sbt_new("tcp without port 0");
	int i;

	(void)arg;
	alarm(10);
	for (i = 0; i < NFAMS; i++)
		if (fams[i].usable)
			sbt_allow_port(sb, LB_NET_BIND_TCP, fams[i].bind_yes);
	sbt_enforce(sb, "tcp without port 0");
	for (i = 0; i < NFAMS; i++) {
		if (!fams[i].usable)
			continue;
		sbt_expect(try_bind(fams[i].af, 0), sbt_denied_from(4, EACCES),
			   "net: bind %s on port 0 (ephemeral) without a port 0 rule",
			   fams[i].name);
		sbt_expect(try_bind(fams[i].af, fams[i].bind_yes), 0,
			   "net: bind %s on a port granted bind_tcp (no port 0 rule)",
			   fams[i].name);
	}
	return 0;
}

/* ---- Scenario: network not handled ---- */

static int unhandled(void *arg)
{
	struct lb_sandbox *sb = sbt_new("tcp unhandled");
	int i;

	(void)arg;
	alarm(10);
	if (lb_handle(sb, LB_KIND_NET, 0))
		sbt_check(0, lb_error(sb), "net: lb_handle(LB_KIND_NET, 0)");
	sbt_enforce(sb, "tcp unhandled");
	for (i = 0; i < NFAMS; i++) {
		if (!fams[i].usable)
			continue;
		sbt_expect(try_bind(fams[i].af, fams[i].bind_no), 0,
			   "net: bind %s on any port when the network is not handled",
			   fams[i].name);
		sbt_expect(try_connect(fams[i].af, fams[i].listen_no), 0,
			   "net: connect %s to any port when the network is not handled",
			   fams[i].name);
	}
	return 0;
}

int main(void)
{
	int i, j;

	if (sbt_init())
		return 0;
	for (i = 0; i < NFAMS; i++) {
		struct family *f = &fams[i];
		int fd = bound_socket(f->af, 0, NULL);

		/* A guest without a loopback of this family skips it, loudly. */
		f->usable = fd >= 0;
		if (fd < 0) {
			tap_skip("net: %s loopback not usable here (%s)", f->name, strerror(errno));
			continue;
		}
		close(fd);
		f->bind_yes = free_port(f->af);
		f->bind_no = free_port(f->af);
		f->fds[0] = listener(f->af, &f->listen_yes);
		f->fds[1] = listener(f->af, &f->listen_no);
		f->fds[2] = listener(f->af, &f->listen_bindonly);
	}
	sbt_run("tcp ports", ports, NULL);
	sbt_run("tcp without port 0", no_port0, NULL);
	sbt_run("tcp unhandled", unhandled, NULL);
	for (i = 0; i < NFAMS; i++)
		for (j = 0; fams[i].usable && j < 3; j++)
			close(fams[i].fds[j]);
	return sbt_done();
}
