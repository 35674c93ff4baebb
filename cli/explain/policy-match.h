/* SPDX-License-Identifier: MIT */
/* policy-match.h - what landbox's own policy grants on an object, as the
 * kernel will judge it: for the trace source (trace.c), which sees a system
 * call fail and must tell whether Landlock refused it, and which right was
 * missing.
 *
 * Rules bind to inodes (DESIGN §1): a rule is matched by device and inode
 * against the object and each of its parent directories, as Landlock walks
 * them; a rule on a file applies to that file only.  Only rules the sandbox
 * really holds count (SKIP_NONE), only rights the kernel enforces (the
 * sandbox's status: handled minus unenforced), and a grant split around a
 * --deny path gives nothing beneath it (deny.c). */
#ifndef LANDBOX_POLICY_MATCH_H
#define LANDBOX_POLICY_MATCH_H

#include <stdint.h>
#include <sys/types.h>

#include "cli.h"

struct pmatch;

/* A matcher for policy P (kept by pointer: it must outlive the matcher)
 * enforcing what STATUS says.  NULL on ENOMEM. */
struct pmatch *pmatch_new(const struct policy *p, const struct lb_status *status);
void pmatch_free(struct pmatch *m);
/* The rights of KIND the sandbox enforces. */
uint64_t pmatch_enforced(const struct pmatch *m, enum lb_kind kind);
/* The fs rights granted on PATH (absolute, canonical; it may not exist any
 * more, then only its existing parents count). */
uint64_t pmatch_fs(const struct pmatch *m, const char *path);
/* Whether the net right RIGHT is granted on PORT. */
int pmatch_port(const struct pmatch *m, uint64_t right, unsigned port);
/* The fs rights policy P's rules grant on PATH (any path: resolved first),
 * whatever the kernel enforces: for the hints after COMMAND failed (run.c).
 * 0 when PATH does not resolve, or on ENOMEM. */
uint64_t pmatch_policy_fs(const struct policy *p, const char *path);

#endif
