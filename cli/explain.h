/* SPDX-License-Identifier: MIT */
/* explain.h - `landbox run --explain` and `landbox learn`: the seam between
 * the run path (cli/run.c) and the audit reader (cli/audit.c).
 *
 * Flow of `run --explain`: explain_start() before fork (opens NETLINK_AUDIT,
 * enables audit if needed); the child restricts with LB_LOG_NEW_EXEC_ON
 * added to its flags and execs COMMAND; the parent calls explain_wait()
 * instead of waitpid() (it reads records while COMMAND runs, so the socket
 * buffer never overflows); then explain_report() prints each distinct denial
 * with the option that would allow it; explain_end() restores the audit state
 * and frees everything. */
#ifndef LANDBOX_EXPLAIN_H
#define LANDBOX_EXPLAIN_H

#include <stdio.h>
#include <sys/types.h>

struct lb_status;
struct policy;
struct explain;

/* NULL when explaining is impossible here; the reason (missing privilege,
 * ABI < 7, no audit) has then been printed to stderr and the caller runs
 * COMMAND anyway. */
struct explain *explain_start(const struct policy *p);
/* Wait for PID (the process that restricted itself) like waitpid(), reading
 * its domain's denials meanwhile.  Returns 0 and the wait status, or -errno. */
int explain_wait(struct explain *ex, pid_t pid, int *wstatus);
/* Print the denials seen, one line each, to OUT. */
void explain_report(struct explain *ex, FILE *out);
/* Restore the audit state found by explain_start and free EX (NULL is fine).
 * Async-signal-safe variant for fatal signals: explain_restore_now(). */
void explain_end(struct explain *ex);
void explain_restore_now(struct explain *ex);

/* ---- used by `landbox learn` (cli/learn.c) and the tests ---------------- */

struct audit_denial;
struct audit_log;

/*
 * explain_start() for WHAT ("--explain", "learn"): when explaining is
 * impossible, prints "landbox: WHAT needs ...; FALLBACK" and returns NULL.
 */
struct explain *explain_start_for(const struct policy *p, const char *what, const char *fallback);

/* ---- the trace source's hooks in the run path (cli/run.c) --------------- */

/* Whether EX traces COMMAND: then the child is forked, not vforked (the
 * parent attaches before the child enters the sandbox). */
int explain_traces(const struct explain *ex);
/* The sandbox about to be entered (what it enforces).  0 or -ENOMEM. */
int explain_set_status(struct explain *ex, const struct lb_status *status);
/* Before fork; in the child before entering the sandbox (waits until
 * traced); in the parent after fork.  No-ops for the audit source. */
int explain_prepare(struct explain *ex);
void explain_child(const struct explain *ex);
void explain_attach(struct explain *ex, pid_t pid);
/* The denials read by the last explain_wait(). */
const struct audit_log *explain_log(const struct explain *ex);

/* The option that would allow a denial. */
struct explain_rule {
	const char *option; /* without dashes: "ro", "rw", "rox", "rwx", "unix",
			     * "connect-tcp", "bind-tcp", "bind-udp", "connect-udp",
			     * "unrestricted-scoped"; NULL when none can */
	char arg[4096];	    /* the path or port ("" for a flag) */
	const char *why;    /* when OPTION is NULL: why no option allows it */
	const char *note;   /* when not NULL: why the rule is broader than the object */
};
/* Fill OUT for denial D; returns 0, or -1 when no option allows it. */
int explain_rule(const struct audit_denial *d, struct explain_rule *out);
/* One line for denial D without the "landbox: " prefix and newline:
 * "denied fs.read_file on /etc/hostname (by cat, pid 12) — allow with
 * --ro /etc/hostname". */
void explain_format(const struct audit_denial *d, char *buf, size_t len);

/* `landbox learn ...`: argv after "learn".  Returns landbox's exit status. */
int cmd_learn(int argc, char **argv);

#endif
