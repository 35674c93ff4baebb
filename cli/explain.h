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

struct explain;

/* NULL when explaining is impossible here; the reason (missing privilege,
 * ABI < 7, no audit) has then been printed to stderr and the caller runs
 * COMMAND anyway. */
struct explain *explain_start(void);
/* Wait for PID (the process that restricted itself) like waitpid(), reading
 * its domain's denials meanwhile.  Returns 0 and the wait status, or -errno. */
int explain_wait(struct explain *ex, pid_t pid, int *wstatus);
/* Print the denials seen, one line each, to OUT. */
void explain_report(struct explain *ex, FILE *out);
/* Restore the audit state found by explain_start and free EX (NULL is fine).
 * Async-signal-safe variant for fatal signals: explain_restore_now(). */
void explain_end(struct explain *ex);
void explain_restore_now(struct explain *ex);

/* `landbox learn ...`: argv after "learn".  Returns landbox's exit status. */
int cmd_learn(int argc, char **argv);

#endif
