/* SPDX-License-Identifier: MIT */
/*
 * landbox.h - liblandbox, Linux Landlock made practical.
 *
 * The library is layered like libseccomp: a sandbox context is created
 * (lb_new), told what it handles and how strictly (lb_handle, lb_require),
 * given rules (lb_allow_path, lb_allow_port, ...), and finally enforced on
 * the calling process (lb_restrict).  On every kernel from Linux 5.13 on, the
 * library degrades what the kernel cannot enforce according to the
 * compatibility level, and reports exactly what was not enforced.
 *
 * The library uses only libc, reads no environment variable, and keeps no
 * global mutable state besides the cached ABI probe.  A context must not be
 * used by two threads at once; distinct contexts are independent.
 *
 * Errors: functions returning int return 0 on success and a negative errno
 * value on failure; lb_error() then gives a message naming the path, right
 * and errno involved.
 */
#ifndef LANDBOX_H
#define LANDBOX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LB_VERSION "0.1.0"

/* Highest Landlock ABI this library knows. */
#define LB_ABI_KNOWN 11

/*
 * Access rights.  The values are the kernel's bits, so rights newer than this
 * library can be passed as raw bits.  The table returned by lb_rights() holds
 * their names and ABI levels.
 */
/* Filesystem (ABI 1 unless noted). */
#define LB_FS_EXECUTE	   (1ULL << 0)
#define LB_FS_WRITE_FILE   (1ULL << 1)
#define LB_FS_READ_FILE	   (1ULL << 2)
#define LB_FS_READ_DIR	   (1ULL << 3)
#define LB_FS_REMOVE_DIR   (1ULL << 4)
#define LB_FS_REMOVE_FILE  (1ULL << 5)
#define LB_FS_MAKE_CHAR	   (1ULL << 6)
#define LB_FS_MAKE_DIR	   (1ULL << 7)
#define LB_FS_MAKE_REG	   (1ULL << 8)
#define LB_FS_MAKE_SOCK	   (1ULL << 9)
#define LB_FS_MAKE_FIFO	   (1ULL << 10)
#define LB_FS_MAKE_BLOCK   (1ULL << 11)
#define LB_FS_MAKE_SYM	   (1ULL << 12)
#define LB_FS_REFER	   (1ULL << 13) /* ABI 2 */
#define LB_FS_TRUNCATE	   (1ULL << 14) /* ABI 3 */
#define LB_FS_IOCTL_DEV	   (1ULL << 15) /* ABI 5 */
#define LB_FS_RESOLVE_UNIX (1ULL << 16) /* ABI 9 */

/* Network (ABI 4; UDP ABI 10). */
#define LB_NET_BIND_TCP		(1ULL << 0)
#define LB_NET_CONNECT_TCP	(1ULL << 1)
#define LB_NET_BIND_UDP		(1ULL << 2)
#define LB_NET_CONNECT_SEND_UDP (1ULL << 3)

/* Scopes (ABI 6). */
#define LB_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LB_SCOPE_SIGNAL		      (1ULL << 1)

/* landlock_restrict_self() flags (log flags ABI 7, TSYNC ABI 8, NO_NEW_PRIVS ABI 11). */
#define LB_LOG_SAME_EXEC_OFF  (1ULL << 0)
#define LB_LOG_NEW_EXEC_ON    (1ULL << 1)
#define LB_LOG_SUBDOMAINS_OFF (1ULL << 2)
#define LB_TSYNC	      (1ULL << 3)
#define LB_NO_NEW_PRIVS	      (1ULL << 4)

/* Convenience groups. */
#define LB_FS_FILE_RIGHTS                                                                          \
	(LB_FS_EXECUTE | LB_FS_WRITE_FILE | LB_FS_READ_FILE | LB_FS_TRUNCATE | LB_FS_IOCTL_DEV |   \
	 LB_FS_RESOLVE_UNIX)
#define LB_FS_READ (LB_FS_READ_FILE | LB_FS_READ_DIR)
#define LB_FS_MAKE_ALL                                                                             \
	(LB_FS_MAKE_CHAR | LB_FS_MAKE_DIR | LB_FS_MAKE_REG | LB_FS_MAKE_SOCK | LB_FS_MAKE_FIFO |   \
	 LB_FS_MAKE_BLOCK | LB_FS_MAKE_SYM)
#define LB_FS_WRITE                                                                                \
	(LB_FS_WRITE_FILE | LB_FS_TRUNCATE | LB_FS_IOCTL_DEV | LB_FS_REMOVE_DIR |                  \
	 LB_FS_REMOVE_FILE | LB_FS_MAKE_ALL | LB_FS_REFER)

/* The four kinds of things Landlock knows. */
enum lb_kind {
	LB_KIND_FS = 0,	   /* handled_access_fs, path rules */
	LB_KIND_NET = 1,   /* handled_access_net, port rules */
	LB_KIND_SCOPE = 2, /* scoped */
	LB_KIND_FLAG = 3,  /* landlock_restrict_self() flags */
};
#define LB_KIND_COUNT 4

/*
 * One entry of the table of everything Landlock can restrict.  Names are the
 * kernel's audit names: "fs.read_file", "net.bind_tcp", "scope.signal", and
 * for flags "flag.log_new_exec_on", "flag.tsync".
 */
struct lb_right {
	const char *name; /* "fs.read_file" */
	enum lb_kind kind;
	uint64_t bit;
	int abi;	  /* first ABI that knows it */
	int file;	  /* fs: applies to non-directories too */
	const char *help; /* one line for humans */
};

/* The table, in kind then bit order; *count receives its length. */
const struct lb_right *lb_rights(size_t *count);
/* Look a right up by its full name ("fs.read_file"); NULL if unknown. */
const struct lb_right *lb_right_by_name(const char *name);
/* Every bit of KIND that ABI knows (abi > LB_ABI_KNOWN counts as known). */
uint64_t lb_abi_mask(enum lb_kind kind, int abi);
/*
 * Write the names of the bits of KIND in MASK, separated by SEP, to BUF.
 * Unknown bits are written as "fs.0x20000".  Returns the length it needed
 * (like snprintf).
 */
int lb_format_rights(enum lb_kind kind, uint64_t mask, const char *sep, char *buf, size_t len);

/* ---- Probing the kernel ------------------------------------------------ */

/* Landlock errata known to this library (bit = 1 << (erratum - 1)). */
struct lb_erratum {
	int id;
	int abi;
	const char *summary;
};
const struct lb_erratum *lb_errata(size_t *count);

struct lb_probe {
	int abi;	 /* 0 when Landlock is not usable */
	int error;	 /* 0, ENOSYS (not built in), EOPNOTSUPP (disabled at boot), or
			    the errno of a probe refused otherwise (EPERM: seccomp...) */
	uint64_t errata; /* errata bitmask reported by the kernel (ABI 1+ with support) */
};

/* Probe the running kernel (cached; safe from several threads). */
int lb_probe(struct lb_probe *out);
/* Shortcut: the ABI version, or 0. */
int lb_abi(void);
/* The kernel's own advice for a probe result, or NULL when Landlock works. */
const char *lb_probe_hint(const struct lb_probe *probe);

/* ---- Building a sandbox ------------------------------------------------ */

struct lb_sandbox;

/*
 * A new context that handles (denies by default) everything this library
 * knows: all fs and net rights and all scopes.  NULL on ENOMEM.
 */
struct lb_sandbox *lb_new(void);
void lb_free(struct lb_sandbox *sb);
/* The last error message of SB (never NULL; "" when there was none). */
const char *lb_error(const struct lb_sandbox *sb);

/*
 * Set the handled set of KIND (replaces the default).  0 leaves that kind
 * unhandled.  Must precede the first rule (else -EBUSY).
 */
int lb_handle(struct lb_sandbox *sb, enum lb_kind kind, uint64_t bits);

/* Compatibility levels, see lb_require(). */
enum lb_compat {
	LB_BEST_EFFORT = 0,  /* drop what the kernel cannot enforce, report it */
	LB_SOFT_REQUIREMENT, /* if it cannot be enforced, enforce nothing (all or nothing) */
	LB_HARD_REQUIREMENT, /* if it cannot be enforced, lb_restrict fails */
};
/* Level for everything not given its own level (default LB_BEST_EFFORT). */
int lb_set_compat(struct lb_sandbox *sb, enum lb_compat level);
/* Level for the BITS of KIND (handled rights, scopes or flags). */
int lb_require(struct lb_sandbox *sb, enum lb_kind kind, uint64_t bits, enum lb_compat level);

/* Flags for the rule functions. */
#define LB_IGNORE_MISSING (1u << 0) /* a missing path is skipped (reported), not an error */
#define LB_QUIET	  (1u << 1) /* ABI 10: denials beneath this path are not logged */

/*
 * Allow FS_RIGHTS beneath PATH (a directory) or on PATH (any other file).
 * The path is opened O_PATH|O_CLOEXEC, following symlinks; rights that do
 * not apply to a non-directory are masked away silently, and so are rights
 * the sandbox does not handle (they are not denied in the first place).  A
 * missing path is an error naming it, unless LB_IGNORE_MISSING; the other
 * rules are kept.
 */
int lb_allow_path(struct lb_sandbox *sb, const char *path, uint64_t fs_rights, unsigned flags);
/* The same for an open fd (not consumed; O_PATH is fine). */
int lb_allow_fd(struct lb_sandbox *sb, int fd, uint64_t fs_rights);
/* Allow NET_RIGHTS (TCP or UDP) on PORT; port 0 with a bind right = ephemeral. */
int lb_allow_port(struct lb_sandbox *sb, uint64_t net_rights, uint64_t port);

/*
 * landlock_restrict_self() flags: LB_LOG_* (LB_TSYNC and LB_NO_NEW_PRIVS are
 * the library's own: it adds them where the kernel has them).
 */
int lb_set_flags(struct lb_sandbox *sb, uint64_t flags);

/*
 * ABI 10: the handled BITS of KIND (fs, net or scope) whose denials are not
 * logged (the quiet_* fields of the ruleset attribute).  Degraded like any
 * other feature on older kernels (kind LB_KIND_FLAG is not accepted).
 */
int lb_set_quiet(struct lb_sandbox *sb, enum lb_kind kind, uint64_t bits);

/*
 * Threads.  Before ABI 8 the kernel restricts only the calling thread.  By
 * default lb_restrict restricts every thread of the process (with TSYNC on
 * ABI 8+, else by signalling each thread, see landbox(3)); with
 * LB_THREAD_ONLY only the calling thread (and its future children) is
 * restricted, as the bare syscall does.
 */
enum lb_threads {
	LB_ALL_THREADS = 0,
	LB_THREAD_ONLY = 1,
};
int lb_set_threads(struct lb_sandbox *sb, enum lb_threads mode);

/*
 * What the sandbox remembers of its rules (the kernel keeps its own copy).
 * LB_RECORD_ALL (the default) keeps every rule for lb_rule_get() and
 * lb_rule_inode(); LB_RECORD_LAST keeps only the last rule added, so that
 * memory stays constant however many rules there are: those two functions
 * then answer for index lb_rule_count() - 1 only (-ENOENT for the others).
 * Set it before the first rule (-EBUSY after).
 */
enum lb_record {
	LB_RECORD_ALL = 0,
	LB_RECORD_LAST = 1,
};
int lb_set_record(struct lb_sandbox *sb, enum lb_record mode);

/* ---- Enforcing --------------------------------------------------------- */

enum lb_enforcement {
	LB_FULLY_ENFORCED = 0,
	LB_PARTIALLY_ENFORCED,
	LB_NOT_ENFORCED,
};

struct lb_status {
	enum lb_enforcement state;
	int abi;			    /* ABI used (0: no Landlock) */
	int landlock_error;		    /* lb_probe's error when no Landlock */
	uint64_t handled[LB_KIND_COUNT];    /* what the kernel was asked to handle/set */
	uint64_t unenforced[LB_KIND_COUNT]; /* asked for, but not enforced */
};

/*
 * What lb_restrict would do on this kernel, without doing it: fills STATUS
 * and fails with -EOPNOTSUPP (message set) if a hard requirement cannot be
 * met.  Used for dry runs.
 */
int lb_plan(struct lb_sandbox *sb, struct lb_status *status);

/*
 * Enforce SB on the calling process: set no_new_privs, create the ruleset,
 * add the rules, restrict.  On success fills STATUS (may be NULL).  After a
 * failure nothing was restricted, except when -ECANCELED is returned: then
 * some threads were restricted and others could not be, and the caller must
 * not go on (exit).  SB may be freed afterwards; it cannot be enforced twice.
 */
int lb_restrict(struct lb_sandbox *sb, struct lb_status *status);

/*
 * For launchers that fork (or vfork) a child which then executes a program.
 * lb_prepare() runs in the parent and does everything that can fail with a
 * message: it plans (like lb_plan, same errors), creates the kernel ruleset
 * and fills STATUS.  lb_restrict_child() runs in the child: it sets
 * no_new_privs and restricts the calling thread (a new child has no other),
 * makes only async-signal-safe system calls and never writes to SB, so it is
 * safe after vfork() and the parent still owns SB and frees it.  It returns
 * 0 (also when STATUS said nothing can be enforced: then it does nothing) or
 * -errno (E2BIG: 16 nested sandboxes already; EPERM: no_new_privs refused);
 * lb_restrict_hint() turns that errno into a sentence.
 */
int lb_prepare(struct lb_sandbox *sb, struct lb_status *status);
int lb_restrict_child(const struct lb_sandbox *sb);
const char *lb_restrict_hint(int err);

/*
 * One human-readable line for STATUS, e.g. "partially enforced (ABI 3): not
 * enforced: net.bind_tcp, net.connect_tcp, scope.signal".  Returns the length
 * needed, like snprintf.
 */
int lb_status_format(const struct lb_status *status, char *buf, size_t len);

/* ---- Inspecting rules (for dry runs) ----------------------------------- */

struct lb_rule_info {
	enum lb_kind kind;  /* LB_KIND_FS or LB_KIND_NET */
	const char *path;   /* fs: as given (NULL for lb_allow_fd rules) */
	int is_dir;	    /* fs */
	int missing;	    /* fs: skipped because the path does not exist */
	uint64_t port;	    /* net */
	uint64_t requested; /* rights asked for */
	uint64_t effective; /* after file masking and degrading to the kernel */
};
/* Number of rules, and the I-th one; effective rights reflect this kernel. */
size_t lb_rule_count(const struct lb_sandbox *sb);
int lb_rule_get(struct lb_sandbox *sb, size_t i, struct lb_rule_info *out);
/*
 * The device and inode number the I-th rule binds to (st_dev, st_ino of the
 * file it opened), e.g. to match the dev= and ino= of an audit record.
 * -ENOENT for port rules and paths skipped as missing.
 */
int lb_rule_inode(struct lb_sandbox *sb, size_t i, uint64_t *dev, uint64_t *ino);

/* ---- Closing what Landlock cannot: a seccomp filter -------------------- */

/*
 * Landlock (up to ABI 9) does not control UDP, raw and packet sockets, MPTCP,
 * SCTP, the creation of sockets of other address families, nor the terminal
 * ioctls that inject input.  lb_seccomp_*() build and install a small
 * seccomp-BPF filter that closes those "holes", each named by one LB_HOLE_*
 * bit.  It is opt-in and independent of the Landlock sandbox (install both).
 *
 * A closed hole fails the system call with an errno, never silently:
 *   socket()/socketpair() of a closed protocol of inet/inet6     EACCES
 *   socket()/socketpair() of a closed address family               EAFNOSUPPORT
 *   io_uring_setup() (io_uring can create sockets itself)          ENOSYS
 *   ioctl(TIOCSTI), ioctl(TIOCLINUX)                               EACCES
 * A system call made for another architecture than the one the library was
 * built for (a 64-bit process calling int 0x80, say) kills the process: the
 * filter cannot judge it, so it fails closed.  On x86_64, x32 system calls
 * get the same checks as native ones (x32's own ioctl number included).
 * Filters stack: a filter installed inside a sandbox that has one adds to it.
 */
#define LB_HOLE_UDP    (1u << 0) /* inet/inet6 datagram sockets: UDP, UDP-Lite, ICMP "ping" */
#define LB_HOLE_MPTCP  (1u << 1) /* IPPROTO_MPTCP */
#define LB_HOLE_SCTP   (1u << 2) /* IPPROTO_SCTP, and SOCK_SEQPACKET in inet/inet6 */
#define LB_HOLE_RAW    (1u << 3) /* SOCK_RAW in inet/inet6 */
#define LB_HOLE_PACKET (1u << 4) /* AF_PACKET (and the old SOCK_PACKET of AF_INET) */
/* Families other than unix, inet, inet6 (and packet); inet/inet6 protocols
 * other than TCP and the above. */
#define LB_HOLE_FAMILIES  (1u << 5)
#define LB_HOLE_IO_URING  (1u << 6) /* io_uring_setup() */
#define LB_HOLE_TIOCSTI	  (1u << 7) /* ioctl TIOCSTI: type into a terminal */
#define LB_HOLE_TIOCLINUX (1u << 8) /* ioctl TIOCLINUX: console selection paste, etc. */
#define LB_HOLES_NET                                                                               \
	(LB_HOLE_UDP | LB_HOLE_MPTCP | LB_HOLE_SCTP | LB_HOLE_RAW | LB_HOLE_PACKET |               \
	 LB_HOLE_FAMILIES | LB_HOLE_IO_URING)
#define LB_HOLES_TTY (LB_HOLE_TIOCSTI | LB_HOLE_TIOCLINUX)
#define LB_HOLES_ALL (LB_HOLES_NET | LB_HOLES_TTY)

/* One entry of the table of holes: its name ("udp"), bit, errno and a line. */
struct lb_hole {
	const char *name;
	uint32_t bit;
	int err; /* the errno a closed hole returns */
	const char *help;
};
const struct lb_hole *lb_holes(size_t *count);

struct lb_seccomp;

/* A filter closing HOLES (LB_HOLE_* bits; unknown bits: NULL, EINVAL). */
struct lb_seccomp *lb_seccomp_new(uint32_t holes);
void lb_seccomp_free(struct lb_seccomp *sc);
/* The last error message of SC (never NULL). */
const char *lb_seccomp_error(const struct lb_seccomp *sc);
/*
 * Keep the address FAMILY (AF_*, 0-63) open although LB_HOLE_FAMILIES (or,
 * for AF_PACKET, LB_HOLE_PACKET) is closed.  AF_UNIX, AF_INET and AF_INET6
 * are always open.  Before lb_seccomp_prepare().
 */
int lb_seccomp_allow_family(struct lb_seccomp *sc, int family);
/*
 * Build the BPF program (no system call).  -ENOSYS (message set) on an
 * architecture the library does not know.  Idempotent.
 */
int lb_seccomp_prepare(struct lb_seccomp *sc);
/*
 * For a child after fork() or vfork(): set no_new_privs and install the
 * prepared filter on the calling thread.  Only async-signal-safe system
 * calls, SC is not written.  0 (also when SC closes nothing) or -errno:
 * -EINVAL when SC was not prepared or the kernel has no seccomp filters.
 */
int lb_seccomp_install(const struct lb_seccomp *sc);
/*
 * Prepare and install on the whole calling process (every thread, with
 * SECCOMP_FILTER_FLAG_TSYNC).  0 or -errno with the message set.
 */
int lb_seccomp_enforce(struct lb_seccomp *sc);
/* 1 when this kernel installs seccomp filters (and kills whole processes). */
int lb_seccomp_available(void);

/* ---- OpenBSD-style layer ----------------------------------------------- */

/*
 * lb_unveil(path, perms) then lb_unveil_commit().  PERMS is a string of
 * "r" (read_file, read_dir), "w" (write_file, truncate, ioctl_dev),
 * "x" (execute), "c" (create and remove: make_*, remove_*, refer).  An empty
 * string hides the path (no rule).  The first call starts a best-effort
 * sandbox that handles every fs right and no network; lb_unveil_commit(),
 * or lb_unveil(NULL, NULL) as on OpenBSD, enforces it on the calling
 * process.  Both return 0 or -errno; lb_unveil_error() gives the message.
 * The pending sandbox is kept per thread (thread-local): it is the one piece
 * of state the library keeps besides the cached probe.
 */
int lb_unveil(const char *path, const char *perms);
int lb_unveil_commit(void);
const char *lb_unveil_error(void);

#ifdef __cplusplus
}
#endif

#endif /* LANDBOX_H */
