/* SPDX-License-Identifier: MIT */
/* audit.h - the Landlock audit reader of `landbox run --explain` and
 * `landbox learn`: parsing Landlock's audit records (ABI 7), keeping those of
 * one sandbox, and the NETLINK_AUDIT connection that delivers them.
 *
 * Three layers, each usable alone:
 *  - parsing one record's text (pure functions, unit tested on records
 *    captured from a 6.18 kernel);
 *  - struct audit_log: fed every record read, it keeps the denials of the
 *    domain created by one process (landbox's child, which restricted
 *    itself before exec: its allocation record names that pid and landbox's
 *    executable; the record comes lazily, right after the domain's first
 *    denial), joins each denial with the SYSCALL record of the same event
 *    (same serial; it names the denied process), and counts distinct
 *    denials.  A denial names the innermost layer that denies it, so
 *    denials of sandboxes nested inside COMMAND are only counted;
 *  - struct audit_conn: the netlink sockets (state, enabling audit and
 *    restoring it, the multicast read-log group, the end-of-run barrier).
 *
 * Records as this kernel writes them (type 1423, 1424, 1300):
 *   audit(1795856706.849:2): domain=1663d6894 blockers=fs.read_file
 *       path="/etc/hostname" dev="vda" ino=733
 *   audit(1795856706.849:2): domain=1663d6894 status=allocated
 *       mode=enforcing pid=7478 uid=0 exe="/tmp/trig" comm="trig"
 *   audit(1795856706.901:6): domain=1663d6894 status=deallocated denials=1
 *   audit(1795856706.849:2): arch=c000003e syscall=257 ... ppid=7424
 *       pid=7478 ... comm="trig" exe="/tmp/trig" key=(null)
 * Strings that came from user space (paths, comm, exe) are written in
 * double quotes, or in hexadecimal without quotes when they hold a space, a
 * double quote, a control character or a byte above 0x7e. */
#ifndef LANDBOX_AUDIT_H
#define LANDBOX_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Landlock's record types (Linux 6.15); the 6.1 UAPI headers lack them. */
#define AUDIT_LANDLOCK_ACCESS 1423
#define AUDIT_LANDLOCK_DOMAIN 1424

/* Longest decoded value kept (a path is at most PATH_MAX). */
#define AUDIT_STR_MAX 4096

/* ---- parsing one record ------------------------------------------------ */

/*
 * What a denial blocked.  FS, NET and SCOPE are the rights of the library's
 * table (enum lb_kind values); the kernel also writes two blockers that no
 * rule can allow: "ptrace" and "fs.change_topology" (mount and the like).
 */
enum audit_kind {
	AUDIT_K_FS = 0,	   /* == LB_KIND_FS */
	AUDIT_K_NET = 1,   /* == LB_KIND_NET */
	AUDIT_K_SCOPE = 2, /* == LB_KIND_SCOPE */
	AUDIT_K_PTRACE = 4,
	AUDIT_K_TOPOLOGY = 5,
	AUDIT_K_UNKNOWN = 6, /* a blocker this landbox does not know */
};

/* One LANDLOCK_ACCESS record (1423). */
struct audit_access {
	uint64_t serial;
	uint64_t domain; /* the domain (layer) that denied */
	enum audit_kind kind;
	uint64_t mask;	    /* rights of KIND (fs, net, scope bits) */
	char blockers[256]; /* as the kernel wrote them */
	/* fs: path="…" (for make_*, remove_*, refer: the directory);
	 * net: daddr= or saddr= (may be empty);
	 * scope.abstract_unix_socket: "@name" (the peer's abstract address);
	 * scope.signal, ptrace: ocomm= of the target. */
	char object[AUDIT_STR_MAX];
	long long port;		/* net: dest= or src=, -1 if absent (= port 0) */
	long opid;		/* scope.signal, ptrace: the target's pid, else 0 */
	char dev[64];		/* fs: dev= */
	unsigned long long ino; /* fs: ino= */
};

/* One LANDLOCK_DOMAIN record (1424). */
struct audit_domain {
	uint64_t serial;
	uint64_t domain;
	int allocated; /* 1: status=allocated, 0: status=deallocated */
	long pid;      /* allocated: the process that restricted itself */
	long uid;
	char exe[AUDIT_STR_MAX];
	char comm[64];
	unsigned long long denials; /* deallocated: denials counted by the kernel */
};

/* The process fields of a SYSCALL record (1300). */
struct audit_syscall {
	uint64_t serial;
	long pid, ppid;
	long syscall;
	char comm[64];
	char exe[AUDIT_STR_MAX];
};

/* The serial of "audit(TIME:SERIAL): body"; returns the body or NULL. */
const char *audit_body(const char *text, uint64_t *serial);
/*
 * The raw value of KEY in BODY (a word "KEY=" at a field boundary, so "pid"
 * does not match "ppid="); *LEN receives its length.  NULL if absent.
 */
const char *audit_field(const char *body, const char *key, size_t *len);
/*
 * An untrusted string field, decoded (quotes removed or hexadecimal
 * decoded) into BUF.  Returns its length, or -1 if absent or malformed.
 */
int audit_field_str(const char *body, const char *key, char *buf, size_t len);
/* Decode a value as audit_field_str does. */
int audit_decode(const char *val, size_t vlen, char *buf, size_t len);
/* A numeric field in BASE (0 when absent or malformed: -EINVAL), and a raw
 * field copied as written (cut at LEN); for the other records of a stream. */
int audit_field_num(const char *body, const char *key, int base, unsigned long long *out);
void audit_field_raw(const char *body, const char *key, char *buf, size_t len);
/* Map one blocker name ("fs.read_file", "ptrace") to KIND and a right bit. */
enum audit_kind audit_blocker(const char *name, size_t len, uint64_t *bit);

/* Parse record TEXT of the given type.  0, or -EINVAL if malformed. */
int audit_parse_access(const char *text, struct audit_access *out);
int audit_parse_domain(const char *text, struct audit_domain *out);
int audit_parse_syscall(const char *text, struct audit_syscall *out);

/* ---- the denials of one sandbox -------------------------------------- */

/* A program that hit a denial: its command name and its first pid. */
struct audit_prog {
	char comm[64]; /* "" when no SYSCALL record named it */
	long pid;      /* 0 when unknown */
};
#define AUDIT_PROGS_MAX 3

/* A distinct denial: same blocked rights on the same object. */
struct audit_denial {
	enum audit_kind kind;
	uint64_t mask;
	uint64_t domain;
	char *blockers; /* as the kernel wrote them */
	char *object;	/* see struct audit_access */
	long long port;
	long opid;
	struct audit_prog progs[AUDIT_PROGS_MAX]; /* the first programs, in order */
	unsigned nprogs;
	char *exe;	     /* the first program's executable ("" if unknown) */
	unsigned long count; /* how many times */
	unsigned long npids; /* distinct processes */
	int probably;	     /* the source could not rule out another cause */
};

struct audit_log;

/*
 * A new log keeping the denials of the domains created by process OWNER
 * (0: none yet, see audit_log_reset).  NULL on ENOMEM.
 */
struct audit_log *audit_log_new(pid_t owner);
void audit_log_free(struct audit_log *log);
/* Change the owner; the denials kept so far are dropped. */
void audit_log_reset(struct audit_log *log, pid_t owner);
/*
 * Also require the domain's allocation record to name EXE (landbox's own
 * executable: the child restricts itself before it execs COMMAND).  A
 * domain that COMMAND creates itself (a program sandboxing itself) has the
 * same pid but COMMAND's executable: its denials are not ours to explain.
 * EXE is copied; NULL drops the requirement.  0 or -ENOMEM.
 */
int audit_log_set_exe(struct audit_log *log, const char *exe);
/*
 * Feed one record (TYPE, TEXT of LEN bytes, not necessarily terminated).
 * Records of other domains are dropped.  0, or -ENOMEM.
 */
int audit_log_feed(struct audit_log *log, int type, const char *text, size_t len);
/* Close pending events (no more SYSCALL record will come). */
void audit_log_flush(struct audit_log *log);
/* The distinct denials, in order of first occurrence. */
size_t audit_log_count(const struct audit_log *log);
const struct audit_denial *audit_log_get(const struct audit_log *log, size_t i);
/* Every denial record of ours, counting repeats. */
unsigned long audit_log_total(const struct audit_log *log);
/*
 * Denials the kernel counted in our deallocated domains but never sent
 * (records lost, or not logged because of the log flags).
 */
unsigned long audit_log_missing(const struct audit_log *log);
/* Number of our domains seen allocated and not yet deallocated. */
size_t audit_log_live_domains(const struct audit_log *log);
/*
 * Denials by sandboxes nested inside ours (created by COMMAND or its
 * children, e.g. a program that sandboxes itself): the kernel reports a
 * denial once, for the innermost layer that denies it, so these may also
 * be denied by ours; they are counted, not listed.
 */
unsigned long audit_log_nested(const struct audit_log *log);
/* Distinct denials dropped because the table was full. */
unsigned long audit_log_dropped(const struct audit_log *log);
/* The pid of the "op=disconnect" AUDIT_EVENT_LISTENER records counted. */
void audit_log_watch_barrier(struct audit_log *log, pid_t self);
unsigned long audit_log_barriers(const struct audit_log *log);

/* ---- the netlink connection ------------------------------------------- */

struct audit_conn {
	int ctl;		/* requests: AUDIT_GET, AUDIT_SET */
	int mc;			/* the AUDIT_NLGRP_READLOG multicast group */
	int lock_fd;		/* /run/landbox/audit.lock, shared while we run */
	int restore;		/* audit was off: switch it off again at the end */
	int enabled_found;	/* audit_status.enabled when we started */
	uint32_t lost_start;	/* audit_status.lost when we started */
	unsigned long barriers; /* barriers sent */
	/* The AUDIT_SET enabled=0 message, built in advance so that the
	 * async-signal-safe restore only has to send it. */
	unsigned char off_msg[64];
	size_t off_len;
};

/*
 * The capabilities the reader needs that this process lacks, as text
 * ("CAP_AUDIT_READ and CAP_AUDIT_CONTROL") in BUF; "" when it has them.
 * LEN of AUDIT_CAPS_LEN holds any answer (a shorter BUF gets it cut).
 * Returns the number missing.
 */
#define AUDIT_CAPS_LEN 64
int audit_missing_caps(char *buf, size_t len);
/*
 * Open the connection: read the audit state, enable audit if it is off
 * (remembering to restore it), join the read-log group.  0, or -errno with a
 * message in ERR.
 */
int audit_open(struct audit_conn *c, char *err, size_t errlen);
/* Read every record waiting on the multicast socket into LOG (non-blocking).
 * Returns the number of records read, or -errno (-ENOBUFS: some were lost,
 * reading can go on). */
int audit_read(struct audit_conn *c, struct audit_log *log);
/* The records of one datagram of N bytes received at BUF (aligned for
 * struct nlmsghdr) into LOG: their count, or -errno. */
int audit_feed_datagram(struct audit_log *log, const void *buf, size_t n);
/* The answer to request SEQ in one datagram of N bytes at BUF (aligned): 0
 * (the acknowledgement, or the AUDIT_GET reply copied into ST when ST) or the
 * -errno of an error message; 1 when the datagram does not answer it. */
struct audit_status;
int audit_nl_answer(const void *buf, size_t n, uint32_t seq, struct audit_status *st);
/*
 * Emit a barrier record: every record queued before it reaches us before
 * it (the audit queue is FIFO).  audit_log_barriers(log) >= c->barriers
 * once it has been read.
 */
int audit_barrier(struct audit_conn *c);
/* Records the kernel dropped since audit_open (audit_status.lost), or 0. */
unsigned long audit_lost(struct audit_conn *c);
/* Restore the audit state found by audit_open (if we are the last landbox
 * using it) and close everything.  Safe on a zeroed or closed conn. */
void audit_close(struct audit_conn *c);
/* The same, async-signal-safe: only flock, sendto and unlink. */
void audit_restore_now(struct audit_conn *c);

#endif
