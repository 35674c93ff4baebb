/* SPDX-License-Identifier: MIT */
/*
 * seccomp.c - closing what Landlock cannot with a seccomp-BPF filter: UDP
 * (before ABI 10), MPTCP, SCTP, raw and packet sockets, other address
 * families, io_uring (which creates sockets without socket(2)) and the
 * terminal ioctls TIOCSTI and TIOCLINUX.  The classic-BPF program is written
 * here by hand (libc only, no libseccomp): a handful of comparisons on the
 * arguments of socket(2), socketpair(2) and ioctl(2).
 *
 * The program, in order:
 *   1. the architecture of the call must be the one this library was built
 *      for, else the process is killed (fail closed: another architecture's
 *      system call numbers mean other calls; x86_64's int 0x80 is i386);
 *   2. on x86_64 the x32 bit is masked off the number, so x32 calls get the
 *      same checks (x32 has its own ioctl number, 514, checked too);
 *   3. socket/socketpair: unix, inet, inet6 and the allowed families pass;
 *      inet/inet6 pass TCP (stream, protocol 0 or 6) and each protocol
 *      whose hole is open (ICMP "ping" datagram sockets count as raw);
 *      everything else fails with its hole's errno;
 *   4. ioctl: TIOCSTI and TIOCLINUX fail when their hole is closed;
 *   5. io_uring_setup fails with ENOSYS when LB_HOLE_IO_URING is closed;
 *   6. every other call is allowed.
 * Arguments are C ints: only their low 32 bits are compared, as the kernel
 * only uses those.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* ---- Private copies of constants older headers may lack ---- */

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif
#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC
#define SECCOMP_FILTER_FLAG_TSYNC (1UL << 0)
#endif
#ifndef __NR_seccomp
#if defined(__x86_64__)
#define __NR_seccomp 317
#endif
#endif
#define LB_IPPROTO_ICMP	  1
#define LB_IPPROTO_TCP	  6
#define LB_IPPROTO_ICMPV6 58
#define LB_IPPROTO_SCTP	  132
#define LB_IPPROTO_MPTCP  262
#define LB_AF_UNIX	  1
#define LB_AF_INET	  2
#define LB_AF_INET6	  10
#define LB_AF_PACKET	  17
#define LB_SOCK_STREAM	  1
#define LB_SOCK_DGRAM	  2
#define LB_SOCK_RAW	  3
#define LB_SOCK_SEQPACKET 5
#define LB_SOCK_PACKET	  10
#define LB_SOCK_TYPE_MASK 0xf
#define LB_TIOCSTI	  0x5412
#define LB_TIOCLINUX	  0x541C

/* The architecture the filter is built for (AUDIT_ARCH_*), 0 if unknown. */
#if defined(__x86_64__)
#define LB_AUDIT_ARCH	AUDIT_ARCH_X86_64 /* also x32, with the x32 bit in nr */
#define LB_X32_BIT	0x40000000U
#define LB_NR_X32_IOCTL 514
#elif defined(__i386__)
#define LB_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__) && defined(__AARCH64EL__)
#define LB_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define LB_AUDIT_ARCH AUDIT_ARCH_RISCV64
#else
#define LB_AUDIT_ARCH 0
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LB_ARG_LOW(i) (offsetof(struct seccomp_data, args) + sizeof(uint64_t) * (i))
#else
#define LB_ARG_LOW(i) (offsetof(struct seccomp_data, args) + sizeof(uint64_t) * (i) + 4)
#endif

#define LB_SECCOMP_MAX 192 /* instructions: ~40 plus one per allowed family */

/* clang-format off */
static const struct lb_hole holes[] = {
	{"udp", LB_HOLE_UDP, EACCES,
	 "UDP (and UDP-Lite) sockets of inet/inet6 (Landlock restricts UDP ports from ABI 10)"},
	{"mptcp", LB_HOLE_MPTCP, EACCES, "MPTCP sockets (IPPROTO_MPTCP), which Landlock does not restrict"},
	{"sctp", LB_HOLE_SCTP, EACCES, "SCTP sockets (IPPROTO_SCTP, inet SOCK_SEQPACKET)"},
	{"raw", LB_HOLE_RAW, EACCES, "raw sockets of inet/inet6 (SOCK_RAW) and ICMP ping sockets"},
	{"packet", LB_HOLE_PACKET, EAFNOSUPPORT, "packet sockets (AF_PACKET)"},
	{"other-families", LB_HOLE_FAMILIES, EAFNOSUPPORT,
	 "sockets of address families other than unix, inet, inet6 (netlink, vsock, bluetooth, "
	 "alg, ...) and inet/inet6 protocols other than TCP and the above"},
	{"io-uring", LB_HOLE_IO_URING, ENOSYS, "io_uring_setup (io_uring can create sockets itself)"},
	{"tiocsti", LB_HOLE_TIOCSTI, EACCES, "ioctl TIOCSTI: typing into the terminal"},
	{"tioclinux", LB_HOLE_TIOCLINUX, EACCES,
	 "ioctl TIOCLINUX: pasting the console selection and other console requests"},
};
/* clang-format on */

struct lb_seccomp {
	uint32_t holes;
	uint64_t families; /* allowed despite LB_HOLE_FAMILIES / LB_HOLE_PACKET */
	int prepared;
	unsigned short len;
	struct sock_filter prog[LB_SECCOMP_MAX];
	char error[256];
};

LB_API const struct lb_hole *lb_holes(size_t *count)
{
	if (count)
		*count = sizeof(holes) / sizeof(holes[0]);
	return holes;
}

static int hole_errno(uint32_t bit)
{
	for (size_t i = 0; i < sizeof(holes) / sizeof(holes[0]); i++)
		if (holes[i].bit == bit)
			return holes[i].err;
	return EACCES;
}

static int sc_fail(struct lb_seccomp *sc, int err, const char *msg)
{
	(void)snprintf(sc->error, sizeof(sc->error), "%s", msg);
	return -err;
}

LB_API struct lb_seccomp *lb_seccomp_new(uint32_t close_holes)
{
	struct lb_seccomp *sc;

	if (close_holes & ~(uint32_t)LB_HOLES_ALL) {
		errno = EINVAL;
		return NULL;
	}
	sc = calloc(1, sizeof(*sc));
	if (sc)
		sc->holes = close_holes;
	return sc;
}

LB_API void lb_seccomp_free(struct lb_seccomp *sc)
{
	free(sc);
}

LB_API const char *lb_seccomp_error(const struct lb_seccomp *sc)
{
	return sc ? sc->error : "no filter";
}

LB_API int lb_seccomp_allow_family(struct lb_seccomp *sc, int family)
{
	if (!sc)
		return -EINVAL;
	if (sc->prepared)
		return sc_fail(sc, EBUSY, "the filter is already prepared");
	if (family < 0 || family > 63)
		return sc_fail(sc, EINVAL, "address family out of range (0-63)");
	sc->families |= 1ULL << family;
	return 0;
}

/* ---- A tiny assembler: forward jumps to labels, resolved at the end ---- */

enum label {
	L_NEXT = -1, /* the next instruction */
	L_ALLOW = 0,
	L_KILL,
	L_SOCKET,
	L_INET,
	L_DGRAM, /* inet/inet6 SOCK_DGRAM, X = protocol */
	L_IOCTL,
	L_DENY,	   /* EACCES */
	L_DENY_AF, /* EAFNOSUPPORT */
	L_NOSYS,
	L_COUNT,
};

struct bpf_asm {
	struct sock_filter *prog;
	signed char jt[LB_SECCOMP_MAX], jf[LB_SECCOMP_MAX], ja[LB_SECCOMP_MAX];
	int at[L_COUNT];
	int n, overflow;
};

static void emit(struct bpf_asm *a, unsigned short code, uint32_t k, int jt, int jf, int ja)
{
	if (a->n >= LB_SECCOMP_MAX) {
		a->overflow = 1;
		return;
	}
	a->prog[a->n] = (struct sock_filter)BPF_STMT(code, k);
	a->jt[a->n] = (signed char)jt;
	a->jf[a->n] = (signed char)jf;
	a->ja[a->n] = (signed char)ja;
	a->n++;
}

static void ld(struct bpf_asm *a, uint32_t offset)
{
	emit(a, BPF_LD | BPF_W | BPF_ABS, offset, L_NEXT, L_NEXT, L_NEXT);
}

/* if (A == K) goto T else goto F */
static void jeq(struct bpf_asm *a, uint32_t k, int t, int f)
{
	emit(a, BPF_JMP | BPF_JEQ | BPF_K, k, t, f, L_NEXT);
}

static void jmp(struct bpf_asm *a, int target)
{
	emit(a, BPF_JMP | BPF_JA, 0, L_NEXT, L_NEXT, target);
}

static void emit_ret(struct bpf_asm *a, uint32_t value)
{
	emit(a, BPF_RET | BPF_K, value, L_NEXT, L_NEXT, L_NEXT);
}

static void label(struct bpf_asm *a, enum label l)
{
	a->at[l] = a->n;
}

/* Turn labels into offsets; -1 if a jump does not fit (cannot happen here). */
static int resolve(struct bpf_asm *a)
{
	for (int i = 0; i < a->n; i++) {
		struct sock_filter *f = &a->prog[i];
		int off;
		if (a->ja[i] != L_NEXT) {
			off = a->at[a->ja[i]] - (i + 1);
			if (off < 0)
				return -1;
			f->k = (uint32_t)off;
		}
		if (BPF_CLASS(f->code) != BPF_JMP || BPF_OP(f->code) == BPF_JA)
			continue;
		off = a->jt[i] == L_NEXT ? 0 : a->at[a->jt[i]] - (i + 1);
		if (off < 0 || off > 255)
			return -1;
		f->jt = (unsigned char)off;
		off = a->jf[i] == L_NEXT ? 0 : a->at[a->jf[i]] - (i + 1);
		if (off < 0 || off > 255)
			return -1;
		f->jf = (unsigned char)off;
	}
	return 0;
}

/* ---- The program ---- */

/* Where a call in hole BIT goes: its denial when closed, else allowed. */
static int verdict(const struct lb_seccomp *sc, uint32_t bit)
{
	if (!(sc->holes & bit))
		return L_ALLOW;
	return hole_errno(bit) == EAFNOSUPPORT ? L_DENY_AF : L_DENY;
}

static void socket_checks(const struct lb_seccomp *sc, struct bpf_asm *a)
{
	const int other = verdict(sc, LB_HOLE_FAMILIES);
	/* The same hole for an unknown protocol of inet: EACCES, not EAFNOSUPPORT. */
	const int other_proto = (sc->holes & LB_HOLE_FAMILIES) ? L_DENY : L_ALLOW;
	int packet = verdict(sc, LB_HOLE_PACKET);

	if (sc->families & (1ULL << LB_AF_PACKET))
		packet = L_ALLOW;
	/* The family (socket and socketpair alike). */
	label(a, L_SOCKET);
	ld(a, LB_ARG_LOW(0));
	jeq(a, LB_AF_UNIX, L_ALLOW, L_NEXT);
	jeq(a, LB_AF_INET, L_INET, L_NEXT);
	jeq(a, LB_AF_INET6, L_INET, L_NEXT);
	jeq(a, LB_AF_PACKET, packet, L_NEXT);
	for (int f = 0; f < 64; f++)
		if ((sc->families & (1ULL << f)) && f != LB_AF_UNIX && f != LB_AF_INET &&
		    f != LB_AF_INET6 && f != LB_AF_PACKET)
			jeq(a, (uint32_t)f, L_ALLOW, L_NEXT);
	jmp(a, other);

	/* inet/inet6: the protocol, then the type. */
	label(a, L_INET);
	ld(a, LB_ARG_LOW(2));
	jeq(a, LB_IPPROTO_MPTCP, verdict(sc, LB_HOLE_MPTCP), L_NEXT);
	jeq(a, LB_IPPROTO_SCTP, verdict(sc, LB_HOLE_SCTP), L_NEXT);
	emit(a, BPF_MISC | BPF_TAX, 0, L_NEXT, L_NEXT, L_NEXT); /* X = protocol */
	ld(a, LB_ARG_LOW(1));
	emit(a, BPF_ALU | BPF_AND | BPF_K, LB_SOCK_TYPE_MASK, L_NEXT, L_NEXT, L_NEXT);
	jeq(a, LB_SOCK_DGRAM, L_DGRAM, L_NEXT);
	jeq(a, LB_SOCK_RAW, verdict(sc, LB_HOLE_RAW), L_NEXT);
	jeq(a, LB_SOCK_SEQPACKET, verdict(sc, LB_HOLE_SCTP), L_NEXT);
	/* The kernel turns AF_INET + SOCK_PACKET into an AF_PACKET socket. */
	jeq(a, LB_SOCK_PACKET, packet, L_NEXT);
	jeq(a, LB_SOCK_STREAM, L_NEXT, other_proto);
	emit(a, BPF_MISC | BPF_TXA, 0, L_NEXT, L_NEXT, L_NEXT); /* A = protocol */
	jeq(a, 0, L_ALLOW, L_NEXT);
	jeq(a, LB_IPPROTO_TCP, L_ALLOW, other_proto);

	/* Datagrams: ICMP "ping" sockets belong with raw ICMP, the rest is UDP. */
	label(a, L_DGRAM);
	emit(a, BPF_MISC | BPF_TXA, 0, L_NEXT, L_NEXT, L_NEXT); /* A = protocol */
	jeq(a, LB_IPPROTO_ICMP, verdict(sc, LB_HOLE_RAW), L_NEXT);
	jeq(a, LB_IPPROTO_ICMPV6, verdict(sc, LB_HOLE_RAW), verdict(sc, LB_HOLE_UDP));
}

static void ioctl_checks(const struct lb_seccomp *sc, struct bpf_asm *a)
{
	label(a, L_IOCTL);
	ld(a, LB_ARG_LOW(1));
	jeq(a, LB_TIOCSTI, verdict(sc, LB_HOLE_TIOCSTI), L_NEXT);
	jeq(a, LB_TIOCLINUX, verdict(sc, LB_HOLE_TIOCLINUX), L_NEXT);
	emit_ret(a, SECCOMP_RET_ALLOW);
}

static int assemble(struct lb_seccomp *sc, struct bpf_asm *a)
{
	const uint32_t sockets = sc->holes & (LB_HOLES_NET & ~(uint32_t)LB_HOLE_IO_URING);

	memset(a, 0, sizeof(*a));
	a->prog = sc->prog;
	for (int l = 0; l < L_COUNT; l++)
		a->at[l] = -1;
	ld(a, offsetof(struct seccomp_data, arch));
	jeq(a, LB_AUDIT_ARCH, L_NEXT, L_KILL);
	ld(a, offsetof(struct seccomp_data, nr));
#ifdef LB_X32_BIT
	/* x32 calls carry this bit; the numbers below are common to both. */
	emit(a, BPF_ALU | BPF_AND | BPF_K, ~LB_X32_BIT, L_NEXT, L_NEXT, L_NEXT);
#endif
	if (sockets) {
		jeq(a, __NR_socket, L_SOCKET, L_NEXT);
		jeq(a, __NR_socketpair, L_SOCKET, L_NEXT);
#ifdef __NR_socketcall
		/* Its arguments are behind a pointer the filter cannot read. */
		jeq(a, __NR_socketcall, L_NOSYS, L_NEXT);
#endif
	}
	if (sc->holes & LB_HOLES_TTY) {
		jeq(a, __NR_ioctl, L_IOCTL, L_NEXT);
#ifdef LB_NR_X32_IOCTL
		jeq(a, LB_NR_X32_IOCTL, L_IOCTL, L_NEXT);
#endif
	}
#ifdef __NR_io_uring_setup
	if (sc->holes & LB_HOLE_IO_URING)
		jeq(a, __NR_io_uring_setup, L_NOSYS, L_NEXT);
#endif
	emit_ret(a, SECCOMP_RET_ALLOW); /* every other call */
	if (sockets)
		socket_checks(sc, a);
	if (sc->holes & LB_HOLES_TTY)
		ioctl_checks(sc, a);
	/* The verdicts, last: cBPF only jumps forward. */
	label(a, L_ALLOW);
	emit_ret(a, SECCOMP_RET_ALLOW);
	label(a, L_DENY);
	emit_ret(a, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA));
	label(a, L_DENY_AF);
	emit_ret(a, SECCOMP_RET_ERRNO | (EAFNOSUPPORT & SECCOMP_RET_DATA));
	label(a, L_NOSYS);
	emit_ret(a, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
	label(a, L_KILL);
	emit_ret(a, SECCOMP_RET_KILL_PROCESS);
	/* Labels of pieces left out are never jumped to; point them at the end. */
	for (int l = 0; l < L_COUNT; l++)
		if (a->at[l] < 0)
			a->at[l] = a->n - 1;
	if (a->overflow || resolve(a))
		return -1;
	return 0;
}

LB_API int lb_seccomp_prepare(struct lb_seccomp *sc)
{
	struct bpf_asm a;

	if (!sc)
		return -EINVAL;
	if (sc->prepared)
		return 0;
	if (!LB_AUDIT_ARCH)
		return sc_fail(sc, ENOSYS,
			       "the seccomp filter does not know this architecture (built for "
			       "x86_64, i386, aarch64 and riscv64)");
	if (assemble(sc, &a))
		return sc_fail(sc, E2BIG, "the seccomp filter is too long (too many families)");
	sc->len = (unsigned short)a.n;
	sc->prepared = 1;
	return 0;
}

#ifdef LB_TESTING

#include "testing.h"

static _Atomic int emu_seccomp; /* see lb_test_seccomp() */

LB_API void lb_test_seccomp(int mode)
{
	atomic_store(&emu_seccomp, mode);
}
#endif

static long set_filter(unsigned flags, const struct sock_fprog *prog)
{
	long r;

#ifdef LB_TESTING
	if (atomic_load(&emu_seccomp)) {
		errno = EINVAL;
		return -1;
	}
#endif
	r = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);

	/* Before Linux 3.17 only the prctl exists (and no TSYNC). */
	if (r < 0 && errno == ENOSYS && !flags)
		r = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0);
	return r;
}

LB_API int lb_seccomp_install(const struct lb_seccomp *sc)
{
	struct sock_fprog prog;

	if (!sc || !sc->prepared)
		return -EINVAL;
	if (!sc->holes)
		return 0;
	prog.len = sc->len;
	prog.filter = (struct sock_filter *)sc->prog;
	if (lb_sys_no_new_privs())
		return -errno;
	if (set_filter(0, &prog))
		return -errno;
	return 0;
}

LB_API int lb_seccomp_enforce(struct lb_seccomp *sc)
{
	struct sock_fprog prog;
	long r;
	int ret;

	if (!sc)
		return -EINVAL;
	if ((ret = lb_seccomp_prepare(sc)))
		return ret;
	if (!sc->holes)
		return 0;
	prog.len = sc->len;
	prog.filter = sc->prog;
	if (lb_sys_no_new_privs())
		return sc_fail(sc, errno, "cannot set no_new_privs");
	r = set_filter(SECCOMP_FILTER_FLAG_TSYNC, &prog);
	if (r > 0)
		return sc_fail(sc, EAGAIN,
			       "another thread has a seccomp filter of its own: cannot install the "
			       "filter on every thread");
	if (r < 0) {
		const int err = errno;
		char msg[128];
		(void)snprintf(msg, sizeof(msg), "cannot install the seccomp filter: %s",
			       strerror(err));
		return sc_fail(sc, err, msg);
	}
	return 0;
}

static _Atomic int seccomp_known; /* lb_seccomp_available()'s cached answer */

LB_API int lb_seccomp_available(void)
{
	const uint32_t action = SECCOMP_RET_KILL_PROCESS;

#ifdef LB_TESTING
	if (atomic_load(&emu_seccomp) == 1)
		return 0;
#endif

	/* The kernel's answer cannot change: asked once (1 yes, 2 no). */
	int known = atomic_load(&seccomp_known);
	if (known)
		return known == 1;
	/* Linux 4.14+: filters and the kill-process action both present. */
	if (syscall(__NR_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0)
		known = 1;
	/* Older kernels: PR_GET_SECCOMP fails with EINVAL without seccomp. */
	else
		known = errno == EINVAL && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 ? 1 : 2;
	atomic_store(&seccomp_known, known);
	return known == 1;
}
