/* SPDX-License-Identifier: MIT */
/* trace.h - the trace source of `run --explain=trace` and `learn`: landbox,
 * COMMAND's parent and outside the sandbox, traces COMMAND and every process
 * and thread it starts (ptrace, no privilege needed, every kernel), sees each
 * system call that fails with EACCES, EPERM or EXDEV, reads its arguments
 * from the tracee, and judges against landbox's own policy
 * (policy-match.c) whether Landlock refused it and which right was missing.
 *
 * Why syscall-stops and no seccomp filter: a SECCOMP_RET_TRACE filter
 * would stop only on the interesting system calls, but it would be one more
 * filter in COMMAND's process tree, and once landbox is gone (COMMAND's
 * background processes outlive it) every traced system call would fail
 * with ENOSYS: the sandbox would not be the one a run without --explain
 * gets.  Plain PTRACE_SYSCALL adds nothing to COMMAND, and a tracee whose
 * tracer exits simply runs on.  The price is two stops per system call, in
 * runs with --explain=trace only (make bench measures it).
 *
 * Flow: trace_new() before fork; in the child trace_child() waits until the
 * parent has attached (trace_attach(): PTRACE_SEIZE, then a pipe is closed),
 * so nothing COMMAND does escapes; trace_wait() replaces waitpid(). */
#ifndef LANDBOX_TRACE_H
#define LANDBOX_TRACE_H

#include <stdio.h>
#include <sys/types.h>

#include "cli.h"

struct audit_log;
struct trace;

/* A tracer filling LOG, judging against P (both must outlive it).  NULL
 * with a message in ERR when tracing is impossible here. */
struct trace *trace_new(const struct policy *p, struct audit_log *log, char *err, size_t len);
void trace_free(struct trace *t);
/* The sandbox about to be entered: what it enforces (STATUS). */
int trace_set_status(struct trace *t, const struct lb_status *status);
/* Before each fork: the pipe the child waits on.  0 or -errno. */
int trace_prepare(struct trace *t);
/* In the child, before it enters the sandbox: wait until traced.  System
 * calls only. */
void trace_child(const struct trace *t);
/* In the parent after fork: trace PID (and release it).  0, or -errno
 * after a warning: then trace_wait() only waits. */
int trace_attach(struct trace *t, pid_t pid);
/* waitpid(PID) while tracing it and its descendants; the others are let go
 * when PID ends.  0 and the wait status, or -errno. */
int trace_wait(struct trace *t, pid_t pid, int *wstatus);
/* The permission errors that were not Landlock's, one line each. */
void trace_report_others(const struct trace *t, FILE *out);

#endif
