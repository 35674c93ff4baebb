/* SPDX-License-Identifier: MIT */
/* test_lib_seccomp.c - the seccomp filter that closes what Landlock cannot:
 * built in the parent, installed in a child made by vfork() (the launcher
 * pattern) or on a whole multi-threaded process (lb_seccomp_enforce), and
 * checked by the errno the child's real system calls get.  The filter does
 * not depend on Landlock, so every case runs under every emulated ABI. */
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>

#include "test_lib.h"

#define IPPROTO_MPTCP_ 262
#define AF_NETLINK_    16
#define AF_PACKET_     17
#define AF_VSOCK_      40

/* What a call gives: 0 on success (fd closed), else errno. */
static int sock(int family, int type, int proto)
{
	const int fd = socket(family, type, proto);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

enum probe {
	P_UDP,
	P_TCP,
	P_UNIX,
	P_MPTCP,
	P_SCTP,
	P_SEQPACKET,
	P_RAW,
	P_PACKET,
	P_INET_PACKET,
	P_NETLINK,
	P_VSOCK,
	P_SOCKETPAIR,
	P_TIOCSTI,
	P_IO_URING,
	P_X32_UDP,
	P_INET_OTHER,
	P_PING,
};

static int probe_call(enum probe p)
{
	int sv[2], r;

	switch (p) {
	case P_UDP:
		return sock(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	case P_TCP:
		return sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	case P_UNIX:
		return sock(AF_UNIX, SOCK_DGRAM, 0);
	case P_MPTCP:
		return sock(AF_INET, SOCK_STREAM, IPPROTO_MPTCP_);
	case P_SCTP:
		return sock(AF_INET, SOCK_STREAM, 132);
	case P_SEQPACKET:
		return sock(AF_INET, SOCK_SEQPACKET, 0);
	case P_RAW:
		return sock(AF_INET, SOCK_RAW, 1);
	case P_PACKET:
		return sock(AF_PACKET_, SOCK_DGRAM, 0);
	case P_INET_PACKET:
		return sock(AF_INET, 10 /* SOCK_PACKET */, 0);
	case P_NETLINK:
		return sock(AF_NETLINK_, SOCK_RAW, 0);
	case P_VSOCK:
		return sock(AF_VSOCK_, SOCK_STREAM, 0);
	case P_SOCKETPAIR:
		r = socketpair(AF_NETLINK_, SOCK_RAW, 0, sv);
		if (r == 0) {
			close(sv[0]);
			close(sv[1]);
		}
		return r ? errno : 0;
	case P_TIOCSTI: {
		const char c = 'x';
		/* On a pipe: ENOTTY from the kernel, EACCES from the filter. */
		if (pipe(sv))
			return 255;
		r = ioctl(sv[0], TIOCSTI, &c) ? errno : 0;
		close(sv[0]);
		close(sv[1]);
		return r;
	}
	case P_IO_URING:
		/* Bad arguments: EFAULT from the kernel, ENOSYS from the filter. */
		return syscall(__NR_io_uring_setup, 1, NULL) ? errno : 0;
	case P_X32_UDP:
#ifdef __x86_64__
		/* x32 socket(): ENOSYS where the kernel has no x32, EACCES if filtered. */
		r = (int)syscall(__NR_socket | 0x40000000, AF_INET, SOCK_DGRAM, 0);
		if (r >= 0)
			close(r);
		return r < 0 ? errno : 0;
#else
		return EACCES;
#endif
	case P_PING:
		/* ICMP echo without privilege ("ping" socket): raw, not UDP. */
		return sock(AF_INET, SOCK_DGRAM, 1);
	case P_INET_OTHER:
		/* SMC over inet (IPPROTO_SMC 256) is neither TCP nor a named hole. */
		return sock(AF_INET, SOCK_STREAM, 256);
	}
	return 255;
}

/* Install SC in a vfork()ed child, then make call P: its errno (or 200+). */
static int child_call(const struct lb_seccomp *sc, enum probe p)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		const int err = lb_seccomp_install(sc);
		if (err)
			_exit(200 + (-err & 0x1f));
		_exit(probe_call(p));
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static struct lb_seccomp *prepared(uint32_t holes)
{
	struct lb_seccomp *sc = lb_seccomp_new(holes);

	if (sc && lb_seccomp_prepare(sc)) {
		tap_diag("%s", lb_seccomp_error(sc));
		lb_seccomp_free(sc);
		return NULL;
	}
	return sc;
}

static void test_table(void)
{
	size_t n;
	const struct lb_hole *h = lb_holes(&n);
	uint32_t all = 0;
	int dup = 0;

	for (size_t i = 0; i < n; i++) {
		dup |= (all & h[i].bit) != 0;
		all |= h[i].bit;
	}
	tap_ok(all == LB_HOLES_ALL && !dup, "lb_holes names each LB_HOLE_* bit once");
	tap_ok(lb_seccomp_new(1u << 30) == NULL && errno == EINVAL,
	       "lb_seccomp_new: an unknown hole bit is EINVAL");
	struct lb_seccomp *sc = lb_seccomp_new(LB_HOLES_ALL);
	tap_ok(sc && lb_seccomp_allow_family(sc, 64) == -EINVAL,
	       "lb_seccomp_allow_family: family 64 is EINVAL");
	tap_ok(sc && lb_seccomp_install(sc) == -EINVAL,
	       "lb_seccomp_install before prepare: EINVAL");
	tap_ok(sc && lb_seccomp_prepare(sc) == 0 && lb_seccomp_allow_family(sc, 16) == -EBUSY,
	       "lb_seccomp_allow_family after prepare: EBUSY");
	lb_seccomp_free(sc);
}

static void test_all_closed(void)
{
	struct lb_seccomp *sc = prepared(LB_HOLES_ALL);
	int unfiltered;

	if (!sc) {
		tap_ok(0, "prepare a filter closing every hole");
		return;
	}
	tap_ok(child_call(sc, P_UDP) == EACCES, "UDP socket: EACCES");
	tap_ok(child_call(sc, P_TCP) == 0, "TCP socket (with SOCK_NONBLOCK): allowed");
	tap_ok(child_call(sc, P_UNIX) == 0, "unix socket: allowed");
	tap_ok(child_call(sc, P_MPTCP) == EACCES, "MPTCP socket: EACCES");
	tap_ok(child_call(sc, P_SCTP) == EACCES, "SCTP socket: EACCES");
	tap_ok(child_call(sc, P_SEQPACKET) == EACCES, "inet SOCK_SEQPACKET (SCTP): EACCES");
	tap_ok(child_call(sc, P_RAW) == EACCES, "raw socket: EACCES");
	if (probe_call(P_PING) == 0)
		tap_ok(child_call(sc, P_PING) == EACCES, "ICMP ping socket: EACCES");
	else
		tap_skip("ICMP ping socket: this user has none (net.ipv4.ping_group_range)");
	tap_ok(child_call(sc, P_PACKET) == EAFNOSUPPORT, "packet socket: EAFNOSUPPORT");
	tap_ok(child_call(sc, P_INET_PACKET) == EAFNOSUPPORT,
	       "AF_INET + SOCK_PACKET (an AF_PACKET socket): EAFNOSUPPORT");
	tap_ok(child_call(sc, P_NETLINK) == EAFNOSUPPORT, "netlink socket: EAFNOSUPPORT");
	tap_ok(child_call(sc, P_VSOCK) == EAFNOSUPPORT, "vsock socket: EAFNOSUPPORT");
	tap_ok(child_call(sc, P_SOCKETPAIR) == EAFNOSUPPORT, "netlink socketpair: EAFNOSUPPORT");
	tap_ok(child_call(sc, P_INET_OTHER) == EACCES, "another inet protocol (SMC): EACCES");
	tap_ok(child_call(sc, P_TIOCSTI) == EACCES, "ioctl TIOCSTI: EACCES (ENOTTY unfiltered)");
	tap_ok(probe_call(P_IO_URING) != ENOSYS && child_call(sc, P_IO_URING) == ENOSYS,
	       "io_uring_setup: ENOSYS");
	unfiltered = probe_call(P_X32_UDP);
	tap_ok(unfiltered != EACCES && child_call(sc, P_X32_UDP) == EACCES,
	       "x32 socket(AF_INET, SOCK_DGRAM): the same check, EACCES (unfiltered: %s)",
	       strerror(unfiltered));
	lb_seccomp_free(sc);
}

#ifdef __x86_64__
/* An i386 system call from a 64-bit process: the filter cannot judge it. */
static int int80_getpid(void *arg)
{
	const struct lb_seccomp *sc = arg;
	long r = 20; /* i386 getpid */

	if (lb_seccomp_install(sc))
		return 1;
	__asm__ volatile("int $0x80" : "+a"(r) : : "memory");
	return 0;
}
#endif

static void test_arch(void)
{
#ifdef __x86_64__
	struct lb_seccomp *sc = prepared(LB_HOLE_TIOCSTI);
	struct lb_seccomp *none = prepared(0); /* installs nothing */

	if (none && tap_child(int80_getpid, none) != 0)
		tap_skip("int 0x80 does not work here without a filter (no IA32 emulation)");
	else
		tap_ok(sc && tap_child(int80_getpid, sc) == 128 + SIGSYS,
		       "a system call of another architecture (int 0x80) kills the process "
		       "(SIGSYS)");
	lb_seccomp_free(none);
	lb_seccomp_free(sc);
#else
	tap_skip("int 0x80 exists on x86_64 only");
#endif
}

static void test_open_holes(void)
{
	struct lb_seccomp *sc = lb_seccomp_new(LB_HOLES_ALL & ~LB_HOLE_UDP & ~LB_HOLE_MPTCP);

	tap_ok(sc && lb_seccomp_allow_family(sc, AF_NETLINK_) == 0 && lb_seccomp_prepare(sc) == 0,
	       "a filter with udp and mptcp open and netlink allowed");
	if (!sc)
		return;
	tap_ok(child_call(sc, P_UDP) == 0, "udp open: UDP socket allowed");
	tap_ok(child_call(sc, P_MPTCP) != EACCES, "mptcp open: not denied by the filter");
	tap_ok(child_call(sc, P_NETLINK) == 0, "netlink allowed: netlink socket created");
	tap_ok(child_call(sc, P_VSOCK) == EAFNOSUPPORT, "netlink allowed: vsock still denied");
	tap_ok(child_call(sc, P_RAW) == EACCES, "raw still closed");
	if (probe_call(P_PING) == 0)
		tap_ok(child_call(sc, P_PING) == EACCES,
		       "udp open: an ICMP ping socket is still raw's");
	else
		tap_skip("udp open: ICMP ping: this user has none (net.ipv4.ping_group_range)");
	lb_seccomp_free(sc);

	sc = prepared(0);
	tap_ok(sc && child_call(sc, P_NETLINK) == 0 && child_call(sc, P_TIOCSTI) == ENOTTY,
	       "a filter closing nothing installs nothing");
	lb_seccomp_free(sc);
}

static int go[2]; /* the thread waits for a byte: the filter is in place */

static void *thread_udp(void *arg)
{
	char c;

	(void)arg;
	if (read(go[0], &c, 1) != 1)
		return (void *)(intptr_t)255;
	return (void *)(intptr_t)probe_call(P_UDP);
}

/* lb_seccomp_enforce on a process with a second thread: both are filtered. */
static int enforce_threads(void *arg)
{
	struct lb_seccomp *sc = lb_seccomp_new(LB_HOLE_UDP);
	pthread_t t;
	void *res;

	(void)arg;
	if (!sc || pipe(go) || pthread_create(&t, NULL, thread_udp, NULL))
		return 1;
	if (lb_seccomp_enforce(sc))
		return 2;
	if (write(go[1], "", 1) != 1)
		return 4;
	pthread_join(t, &res);
	lb_seccomp_free(sc);
	return (int)(intptr_t)res == EACCES && probe_call(P_UDP) == EACCES ? 0 : 3;
}

static void test_enforce(void)
{
	tap_ok(tap_child(enforce_threads, NULL) == 0,
	       "lb_seccomp_enforce filters every thread (TSYNC)");
	tap_ok(lb_seccomp_available() == 1, "lb_seccomp_available: this kernel has seccomp");
}

int main(void)
{
	lt_init();
	test_table();
	test_all_closed();
	test_arch();
	test_open_holes();
	test_enforce();
	lt_cleanup();
	return tap_done();
}
