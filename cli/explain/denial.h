/* SPDX-License-Identifier: MIT */
/* denial.h - what a denial source reports: one system call of one process
 * that a Landlock sandbox refused, and the table that keeps the distinct
 * ones for `run --explain` and `learn`.
 *
 * Two sources produce them: the audit reader (audit-*.c, Landlock ABI 7,
 * root), and the tracer (trace.c, every ABI, no privilege), which sees the
 * failing system call and judges it against landbox's own policy
 * (policy-match.c).  Both hand each denial to denial_add(); explain.c and
 * learn.c read the table back (audit_log_count/audit_log_get) whatever the
 * source.  The table is struct audit_log (audit.h), which also does the
 * audit-specific joining of records; a trace-made table simply never gets a
 * record. */
#ifndef LANDBOX_DENIAL_H
#define LANDBOX_DENIAL_H

#include <stdint.h>

#include "audit.h"

/* One denial as a source saw it.  The strings are copied by denial_add(). */
struct denial_event {
	enum audit_kind kind; /* fs, net, scope (lb_kind values), ptrace, ... */
	uint64_t mask;	      /* the rights of KIND that were missing */
	uint64_t domain;      /* audit: the layer that denied; trace: 0 */
	const char *blockers; /* the rights as the kernel names them, "fs.read_file" */
	/* fs: the path (the directory for make_*, remove_*, refer); net: the
	 * address, may be ""; scope: "@name" or the target's command name. */
	const char *object;
	long long port;	  /* net: the port, -1 if unknown */
	long opid;	  /* scope.signal: the target's pid, else 0 */
	long pid;	  /* the denied process (thread group id), 0 if unknown */
	const char *comm; /* its command name, "" if unknown */
	const char *exe;  /* its executable, "" if unknown */
	int probably;	  /* the source cannot rule out another cause */
};

/* Count EV among LOG's distinct denials.  0 or -ENOMEM. */
int denial_add(struct audit_log *log, const struct denial_event *ev);

#endif
