/* SPDX-License-Identifier: MIT */
/* sbtest.h - what the sandbox behaviour tests (tests/unit/test_sandbox_*.c)
 * share: the ABI the checks expect, a scratch directory under $TMPDIR, the
 * syscall seam that lets an emulated ABI above the kernel's (8-11 on an ABI 7
 * host, anything above 2 on Linux 6.1) enforce for real what the kernel
 * knows, and a way to run a scenario in a sandboxed child whose checks come
 * back to the parent as TAP lines (sbt_run, sbt_check, sbt_expect).
 *
 * Expectations: sbt_abi is what the running kernel really enforces for the
 * emulated (or real) ABI: lb_abi() after tap_init, capped by the kernel's
 * own ABI.  Checks compare errno values: 0 means the operation succeeded.
 * Each TAP name ends with the expected outcome ("allowed", "EACCES", ...) so
 * that names are stable for a given ABI and the kernel matrix can compare an
 * emulated run with a real kernel of the same ABI. */
#ifndef LB_SBTEST_H
#define LB_SBTEST_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/prctl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "landbox.h"
#include "tap.h"

/* The kernel's syscall numbers and UAPI layouts, private copies: the system
 * headers here are older than the kernel. */
#define SBT_NR_CREATE_RULESET 444
#define SBT_NR_ADD_RULE	      445
#define SBT_NR_RESTRICT_SELF  446
#define SBT_CREATE_VERSION    (1U << 0)
#define SBT_RULE_PATH_BENEATH 1
#define SBT_RULE_NET_PORT     2

struct sbt_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct sbt_net_port {
	uint64_t allowed_access;
	uint64_t port;
};

/* Every filesystem right of ABI 1..10 (masked to the file rights on files). */
#define SBT_FS_ALL ((LB_FS_RESOLVE_UNIX << 1) - 1)

static int sbt_emulated;   /* tap_init(): -1 real kernel, 0 none, else 1..11 */
static int sbt_kernel_abi; /* the running kernel's own ABI, 0 without Landlock */
static int sbt_abi;	   /* what the checks expect to be enforced */
static char sbt_dir[PATH_MAX];

/* ---- The seam: emulated ABI above the kernel's, enforced for real ---- */

/* What a kernel of ABI knows, from DESIGN.md section 1 (not from the library
 * under test). */
static inline uint64_t sbt_fs_mask(int abi)
{
	uint64_t m = 0;
	if (abi >= 1)
		m |= (1ULL << 13) - 1;
	if (abi >= 2)
		m |= LB_FS_REFER;
	if (abi >= 3)
		m |= LB_FS_TRUNCATE;
	if (abi >= 5)
		m |= LB_FS_IOCTL_DEV;
	if (abi >= 9)
		m |= LB_FS_RESOLVE_UNIX;
	return m;
}

static inline uint64_t sbt_net_mask(int abi)
{
	if (abi >= 10)
		return LB_NET_BIND_TCP | LB_NET_CONNECT_TCP | LB_NET_BIND_UDP |
		       LB_NET_CONNECT_SEND_UDP;
	return abi >= 4 ? LB_NET_BIND_TCP | LB_NET_CONNECT_TCP : 0;
}

static inline uint64_t sbt_scope_mask(int abi)
{
	return abi >= 6 ? LB_SCOPE_ABSTRACT_UNIX_SOCKET | LB_SCOPE_SIGNAL : 0;
}

static inline uint32_t sbt_flag_mask(int abi)
{
	if (abi >= 11)
		return LB_LOG_SAME_EXEC_OFF | LB_LOG_NEW_EXEC_ON | LB_LOG_SUBDOMAINS_OFF |
		       LB_TSYNC | LB_NO_NEW_PRIVS;
	if (abi >= 8)
		return LB_LOG_SAME_EXEC_OFF | LB_LOG_NEW_EXEC_ON | LB_LOG_SUBDOMAINS_OFF | LB_TSYNC;
	return abi >= 7 ? LB_LOG_SAME_EXEC_OFF | LB_LOG_NEW_EXEC_ON | LB_LOG_SUBDOMAINS_OFF : 0;
}

static inline size_t sbt_attr_size(int abi)
{
	if (abi >= 10)
		return 48;
	if (abi >= 6)
		return 24;
	return abi >= 4 ? 16 : 8;
}

/* Forward to the kernel what it knows: the attr cut to its size with newer
 * bits cleared, rules with newer rights stripped (dropped when nothing is
 * left: UDP port rules, resolve_unix-only rules), flags it does not know
 * (LANDLOCK_ADD_RULE_QUIET, log flags before ABI 7) cleared; TSYNC below. */
static long sbt_seam_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	uint64_t a[6] = {0};
	size_t ksize = sbt_attr_size(sbt_kernel_abi);

	if (!attr)
		return syscall(SBT_NR_CREATE_RULESET, attr, size, flags);
	memcpy(a, attr, size < sizeof(a) ? size : sizeof(a));
	a[0] &= sbt_fs_mask(sbt_kernel_abi);
	a[1] &= sbt_net_mask(sbt_kernel_abi);
	a[2] &= sbt_scope_mask(sbt_kernel_abi);
	return syscall(SBT_NR_CREATE_RULESET, a, size < ksize ? size : ksize, flags);
}

static long sbt_seam_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags)
{
	(void)flags;
	if (rule_type == SBT_RULE_PATH_BENEATH) {
		struct sbt_path_beneath pb;
		memcpy(&pb, attr, sizeof(pb));
		pb.allowed_access &= sbt_fs_mask(sbt_kernel_abi);
		if (!pb.allowed_access)
			return 0;
		return syscall(SBT_NR_ADD_RULE, ruleset_fd, rule_type, &pb, 0);
	}
	if (rule_type == SBT_RULE_NET_PORT) {
		struct sbt_net_port np;
		memcpy(&np, attr, sizeof(np));
		np.allowed_access &= sbt_net_mask(sbt_kernel_abi);
		if (!np.allowed_access)
			return 0;
		return syscall(SBT_NR_ADD_RULE, ruleset_fd, rule_type, &np, 0);
	}
	return syscall(SBT_NR_ADD_RULE, ruleset_fd, rule_type, attr, 0);
}

/* Set by the tests that run several threads when they restrict. */
static int sbt_threaded;

/*
 * TSYNC on a kernel without it.  A single-threaded process gets from a plain
 * restrict_self exactly what TSYNC gives.  With several threads, the others
 * must be restricted too, or the test would see half a sandbox that ABI 8
 * never gives: the library's forwarding seam does that with its own
 * every-thread restriction (each thread then comes back here without TSYNC).
 */
static long sbt_seam_restrict_self(int ruleset_fd, uint32_t flags)
{
	/* NO_NEW_PRIVS (ABI 11) on a kernel without it: the prctl it replaces. */
	if ((flags & LB_NO_NEW_PRIVS) && !(sbt_flag_mask(sbt_kernel_abi) & LB_NO_NEW_PRIVS) &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	if (sbt_threaded && (flags & LB_TSYNC) && !(sbt_flag_mask(sbt_kernel_abi) & LB_TSYNC))
		return lb_test_sys_forward()->restrict_self(ruleset_fd, flags);
	return syscall(SBT_NR_RESTRICT_SELF, ruleset_fd, flags & sbt_flag_mask(sbt_kernel_abi));
}

static const struct lb_test_sys sbt_seam = {
    .create_ruleset = sbt_seam_create_ruleset,
    .add_rule = sbt_seam_add_rule,
    .restrict_self = sbt_seam_restrict_self,
};

/* ---- Results of sandboxed children, reported by the parent ---- */

#define SBT_MAX_CHECKS 128

struct sbt_check {
	int ok;
	char name[200];
	char got[400];
};

struct sbt_shared {
	int n;
	struct sbt_check c[SBT_MAX_CHECKS];
};

static struct sbt_shared *sbt_sh;

/* An errno value as the TAP names spell it. */
static inline const char *sbt_errname(int err)
{
	static char buf[32];
	switch (err) {
	case 0:
		return "allowed";
	case EACCES:
		return "EACCES";
	case EPERM:
		return "EPERM";
	case EXDEV:
		return "EXDEV";
	case E2BIG:
		return "E2BIG";
	case ENOENT:
		return "ENOENT";
	case ENOTTY:
		return "ENOTTY";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EINVAL:
		return "EINVAL";
	case EEXIST:
		return "EEXIST";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case EADDRINUSE:
		return "EADDRINUSE";
	case ENXIO:
		return "ENXIO";
	default:
		snprintf(buf, sizeof(buf), "errno %d", err);
		return buf;
	}
}

/* Record a check; in the parent it is printed at once, in a child when the
 * child is done (sbt_run). */
__attribute__((format(printf, 3, 4))) static inline int sbt_check(int ok, const char *got,
								  const char *fmt, ...)
{
	struct sbt_check *c;
	va_list ap;

	if (sbt_sh->n >= SBT_MAX_CHECKS) {
		fprintf(stderr, "sbtest: too many checks in one child\n");
		_exit(99);
	}
	c = &sbt_sh->c[sbt_sh->n++];
	c->ok = ok;
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	snprintf(c->got, sizeof(c->got), "%s", got ? got : "");
	return ok;
}

/* Check that an operation ended with errno WANT (0: it succeeded).  The name
 * gets ": <expected outcome>" appended. */
__attribute__((format(printf, 3, 4))) static inline int sbt_expect(int got, int want,
								   const char *fmt, ...)
{
	char name[160], gotbuf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(gotbuf, sizeof(gotbuf), "got %s", sbt_errname(got));
	return sbt_check(got == want, gotbuf, "%s: %s", name, sbt_errname(want));
}

/* The same for a library call's return code RC (0 or -errno): the name gets
 * ": succeeds" or ": fails with <errno>" appended. */
__attribute__((format(printf, 3, 4))) static inline int sbt_expect_rc(int rc, int want,
								      const char *fmt, ...)
{
	char name[160], gotbuf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (rc)
		snprintf(gotbuf, sizeof(gotbuf), "got %s", sbt_errname(-rc));
	else
		snprintf(gotbuf, sizeof(gotbuf), "got success");
	if (want)
		return sbt_check(rc == -want, gotbuf, "%s: fails with %s", name, sbt_errname(want));
	return sbt_check(rc == 0, gotbuf, "%s: succeeds", name);
}

/* WANT when the sandbox enforces a feature of ABI MIN_ABI, else 0. */
static inline int sbt_denied_from(int min_abi, int want)
{
	return sbt_abi >= min_abi ? want : 0;
}

static inline void sbt_flush(void)
{
	int i;
	for (i = 0; i < sbt_sh->n; i++) {
		struct sbt_check *c = &sbt_sh->c[i];
		if (!tap_ok(c->ok, "%s", c->name) && c->got[0])
			tap_diag("%s", c->got);
	}
	sbt_sh->n = 0;
}

/* Run FN(ARG) in a child (with a watchdog), then report its checks.  The
 * scenario's name appears only if the child did not exit cleanly. */
static inline int sbt_run(const char *scenario, int (*fn)(void *), void *arg)
{
	int st;

	sbt_flush();
	st = tap_child(fn, arg);
	sbt_flush();
	if (st != 0)
		tap_ok(0, "%s: sandboxed child exited with status %d", scenario, st);
	return st;
}

/* ---- Scratch files ---- */

/* An absolute path beneath the scratch directory (8 rotating buffers). */
__attribute__((format(printf, 1, 2))) static inline const char *sbt_path(const char *fmt, ...)
{
	static char bufs[8][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 8];
	size_t n = strlen(sbt_dir);
	va_list ap;

	memcpy(b, sbt_dir, n);
	b[n++] = '/';
	va_start(ap, fmt);
	vsnprintf(b + n, PATH_MAX - n, fmt, ap);
	va_end(ap);
	return b;
}

static inline void sbt_die(const char *what, const char *path)
{
	printf("Bail out! %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static inline void sbt_mkdir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		sbt_die("mkdir", path);
}

static inline void sbt_write(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t len = strlen(content);

	if (fd < 0)
		sbt_die("create", path);
	if (write(fd, content, len) != (ssize_t)len)
		sbt_die("write", path);
	close(fd);
}

/* The content of PATH (up to 255 bytes) into BUF; "" when unreadable. */
static inline const char *sbt_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = read(fd, buf, len - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static inline int sbt_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int sbt_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* ---- Set-up and tear-down ---- */

/*
 * Apply LANDBOX_TEST_ABI, probe the kernel, install the seam when the
 * emulated ABI is above the kernel's, create the scratch directory and make
 * it the working directory.  Returns 0, or 1 after printing a skip plan
 * when this kernel cannot run the suite at all.
 */
static inline int sbt_init(void)
{
	const char *tmp = getenv("TMPDIR");
	long k;
	int lib;

	sbt_emulated = tap_init();
	k = syscall(SBT_NR_CREATE_RULESET, NULL, 0, SBT_CREATE_VERSION);
	sbt_kernel_abi = k > 0 ? (int)k : 0;
	if (sbt_emulated > 0 && sbt_kernel_abi == 0) {
		printf("1..0 # SKIP emulated ABI %d needs a kernel with Landlock\n", sbt_emulated);
		return 1;
	}
	if (sbt_emulated > sbt_kernel_abi)
		lb_test_set_sys(&sbt_seam);
	lib = lb_abi();
	sbt_abi = lib < sbt_kernel_abi ? lib : sbt_kernel_abi;
	tap_diag("emulated ABI %d, kernel ABI %d, library ABI %d: expecting ABI %d enforcement%s",
		 sbt_emulated, sbt_kernel_abi, lib, sbt_abi,
		 sbt_emulated > sbt_kernel_abi ? " (through the test seam)" : "");

	sbt_sh =
	    mmap(NULL, sizeof(*sbt_sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sbt_sh == MAP_FAILED)
		sbt_die("mmap", "shared results");
	sbt_sh->n = 0;

	snprintf(sbt_dir, sizeof(sbt_dir), "%s/landbox-sbtest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(sbt_dir))
		sbt_die("mkdtemp", sbt_dir);
	/* Resolve symlinks ($TMPDIR may be one) so paths match what rules see. */
	{
		char *real = realpath(sbt_dir, NULL);
		if (real && strlen(real) < sizeof(sbt_dir))
			memcpy(sbt_dir, real, strlen(real) + 1);
		free(real);
	}
	if (chdir(sbt_dir))
		sbt_die("chdir", sbt_dir);
	return 0;
}

static inline int sbt_done(void)
{
	sbt_flush();
	if (chdir("/") == 0 && sbt_dir[0])
		nftw(sbt_dir, sbt_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}

/* ---- Building and enforcing sandboxes (in children) ---- */

static inline struct lb_sandbox *sbt_new(const char *scenario)
{
	struct lb_sandbox *sb = lb_new();
	if (!sb) {
		sbt_check(0, "ENOMEM", "%s: lb_new", scenario);
		_exit(2);
	}
	return sb;
}

/* A rule that must be accepted; a failure is a failed check, with the
 * library's message. */
static inline void sbt_allow(struct lb_sandbox *sb, const char *path, uint64_t rights,
			     unsigned flags)
{
	int rc = lb_allow_path(sb, path, rights, flags);
	if (rc)
		sbt_check(0, lb_error(sb), "lb_allow_path(%s) failed with %s", path,
			  sbt_errname(-rc));
}

static inline void sbt_allow_port(struct lb_sandbox *sb, uint64_t rights, uint64_t port)
{
	int rc = lb_allow_port(sb, rights, port);
	if (rc)
		sbt_check(0, lb_error(sb), "lb_allow_port(%llu) failed with %s",
			  (unsigned long long)port, sbt_errname(-rc));
}

/*
 * Enforce SB and free it.  One check: lb_restrict succeeds, and the status
 * says "not enforced" exactly when there is no Landlock.  Exits the child
 * when restricting failed, since every later check would be meaningless.
 */
static inline void sbt_enforce(struct lb_sandbox *sb, const char *scenario)
{
	struct lb_status st;
	char got[120];
	int rc;

	memset(&st, 0, sizeof(st));
	rc = lb_restrict(sb, &st);
	if (rc) {
		sbt_check(0, lb_error(sb), "%s: lb_restrict succeeds", scenario);
		lb_free(sb);
		_exit(3);
	}
	snprintf(got, sizeof(got), "state %d, status ABI %d", (int)st.state, st.abi);
	sbt_check((st.state == LB_NOT_ENFORCED) == (sbt_abi == 0), got,
		  "%s: lb_restrict succeeds, %s", scenario,
		  sbt_abi ? "enforced" : "not enforced (no Landlock)");
	lb_free(sb);
}

/* ---- Operations, as the sandboxed code sees them: 0 or errno ---- */

static inline int sbt_errno_of(int rc)
{
	return rc < 0 ? errno : 0;
}

static inline int sbt_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

#endif
