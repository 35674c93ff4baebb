/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of liblandbox share and nobody else sees:
 * the private copy of the Landlock UAPI (the system headers are often older
 * than the kernel), the syscall layer, the sandbox context and the helpers
 * the pieces of the library call each other through.
 */
#ifndef LB_INTERNAL_H
#define LB_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "landbox.h"

/* The shared library is built with -fvisibility=hidden: only lb_* is exported. */
#define LB_API __attribute__((visibility("default")))

#define LB_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* ---- Private copy of the Landlock UAPI (include/uapi/linux/landlock.h) ---- */

#define LB_NR_CREATE_RULESET 444
#define LB_NR_ADD_RULE	     445
#define LB_NR_RESTRICT_SELF  446

/* landlock_create_ruleset() flags. */
#define LB_CREATE_RULESET_VERSION (1U << 0)
#define LB_CREATE_RULESET_ERRATA  (1U << 1)

/* landlock_add_rule() rule types and flags. */
#define LB_RULE_PATH_BENEATH 1
#define LB_RULE_NET_PORT     2
#define LB_ADD_RULE_QUIET    (1U << 0) /* ABI 10 */

/*
 * struct landlock_ruleset_attr as of ABI 10.  The kernel accepts any prefix
 * of it (extra bytes must be zero), so the library passes the smallest size
 * covering what it filled.
 */
struct lb_sys_ruleset_attr {
	uint64_t handled_access_fs;  /* ABI 1 */
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;	     /* ABI 6 */
	uint64_t quiet_access_fs;    /* ABI 10 */
	uint64_t quiet_access_net;   /* ABI 10 */
	uint64_t quiet_scoped;	     /* ABI 10 */
};
#define LB_ATTR_SIZE_FS	   8
#define LB_ATTR_SIZE_NET   16
#define LB_ATTR_SIZE_SCOPE 24
#define LB_ATTR_SIZE_QUIET 48

struct lb_sys_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct lb_sys_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/* ---- sys.c: the three syscalls (through the test seam in test builds) ---- */

long lb_sys_create_ruleset(const void *attr, size_t size, uint32_t flags);
long lb_sys_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags);
long lb_sys_restrict_self(int ruleset_fd, uint32_t flags);
/* prctl(PR_SET_NO_NEW_PRIVS) for the calling thread; 0 or -1 with errno. */
int lb_sys_no_new_privs(void);

/* ---- probe.c ---- */

/* The probed ABI (emulated one in test builds), 0 without Landlock. */
int lb_probe_abi_error(int *error);
/* Why there is no Landlock, from lb_probe's error, for messages:
 * "not built in", "disabled at boot", or the errno's text (EPERM...). */
const char *lb_probe_why(int error);
#ifdef LB_TESTING
/* Forget the cached probe (the emulated kernel or the seam changed). */
void lb_probe_reset(void);
#endif

/* ---- rights.c ---- */

/*
 * The bits of KIND a kernel of ABI can enforce.  Unlike lb_abi_mask(), a
 * kernel newer than this library is assumed to know raw bits the table does
 * not have, so they pass through to it.
 */
uint64_t lb_kernel_mask(enum lb_kind kind, int abi);
/* The first ABI knowing BIT of KIND; 0 when the table does not know it. */
int lb_bit_abi(enum lb_kind kind, uint64_t bit);
/* The rights that apply to non-directories (those with file = 1). */
uint64_t lb_file_rights(void);
/* The name of KIND's bit into BUF ("fs.read_file", or "fs.0x20000"). */
void lb_bit_name(enum lb_kind kind, uint64_t bit, char *buf, size_t len);

/* ---- sandbox.c: the context ---- */

/* One rule as lb_rule_get() shows it: 48 bytes, tens of thousands may exist. */
struct lb_rule_rec {
	const char *path; /* in sb->pool; NULL for fd rules and port rules */
	uint64_t requested;
	uint64_t effective;
	uint64_t dev, ino; /* fs: the inode the rule binds to (from its fstat) */
	uint16_t port;
	uint8_t kind; /* enum lb_kind */
	uint8_t is_dir : 1, missing : 1;
};

/*
 * The paths of the rules, back to back in blocks that never move (so a
 * rule's path pointer stays valid until lb_free): one allocation per block
 * instead of one per rule.  The first block holds LB_POOL_FIRST bytes, each
 * next one twice as many up to LB_POOL_BLOCK: a sandbox of a few rules
 * does not touch 16 KiB of fresh heap (pages faulted in at every start).
 */
#define LB_POOL_FIRST 1024
#define LB_POOL_BLOCK 16384
struct lb_pool_block {
	struct lb_pool_block *next;
	size_t used, size;
	char data[];
};

#define LB_ERROR_MAX 4400 /* room for a PATH_MAX path and its explanation */

struct lb_sandbox {
	uint64_t handled[LB_KIND_COUNT]; /* requested; [LB_KIND_FLAG] = log flags */
	uint64_t quiet[LB_KIND_FLAG];	 /* ABI 10 quiet_* fields, per kind */
	enum lb_compat compat;		 /* level of the bits given none */
	uint64_t level_set[LB_KIND_COUNT];
	uint64_t level_soft[LB_KIND_COUNT];
	uint64_t level_hard[LB_KIND_COUNT];
	enum lb_threads threads;

	int frozen;		 /* a rule was added: handled sets and levels are fixed */
	int ruleset_fd;		 /* the kernel ruleset, -1 until created */
	int consumed;		 /* lb_restrict succeeded: cannot be enforced twice */
	int prepared;		 /* lb_prepare succeeded: lb_restrict_child may run */
	int prepared_enforce;	 /* lb_prepare found something to enforce */
	uint32_t prepared_flags; /* restrict_self flags lb_prepare planned */

	struct lb_rule_rec *rules; /* rule I is rules[I - first] */
	size_t nrules, cap;
	size_t first; /* LB_RECORD_LAST: the index of rules[0] */
	enum lb_record record;
	struct lb_pool_block *pool; /* newest first */

	char error[LB_ERROR_MAX];
};

/* Set the error message of SB and return -ERR (ERR > 0). */
int lb_fail(struct lb_sandbox *sb, int err, const char *fmt, ...) LB_PRINTF(3, 4);
/* Effective handled bits of KIND on a kernel of ABI. */
uint64_t lb_effective(const struct lb_sandbox *sb, enum lb_kind kind, int abi);
/* Quiet bits of KIND that will be sent on ABI (0 before ABI 10). */
uint64_t lb_effective_quiet(const struct lb_sandbox *sb, enum lb_kind kind, int abi);
/*
 * Create the kernel ruleset of SB if this kernel can enforce any of it.
 * Returns 0 (sb->ruleset_fd stays -1 when there is nothing to enforce) or
 * -errno with the message set.
 */
int lb_create_ruleset(struct lb_sandbox *sb, int abi);

/* ---- threads.c ---- */

/*
 * Restrict every thread of the process with RULESET_FD and FLAGS (no TSYNC:
 * one thread at a time through a signal), the calling thread last.  Returns
 * 0, or -errno with MSG set; -ECANCELED when some threads were restricted
 * and others could not be.
 */
int lb_restrict_all_threads(int ruleset_fd, uint32_t flags, char *msg, size_t len);

#endif /* LB_INTERNAL_H */
