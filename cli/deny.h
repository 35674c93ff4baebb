/* SPDX-License-Identifier: MIT */
/* deny.h - `--deny PATH` (and `deny PATH` in profiles): allow a tree but not
 * a path inside it.
 *
 * Landlock rules only add, and a rule on a directory covers everything
 * beneath it, so a denied path inside a granted directory cannot be
 * subtracted from the grant.  Instead the grant is split: it gets no rule on
 * itself, and each entry of each directory on the way from it down to the
 * denied path (the denied path excepted) gets a rule with the grant's rights.
 * The directories on that way get no rule at all: they cannot be listed,
 * and nothing can be created, removed or renamed directly in them; entries
 * created there later are not accessible.  Symbolic links among the entries
 * get no rule (a rule follows a link to its target, which may be outside the
 * grant or inside the denied path); they work where their target is allowed.
 *
 * Decisions (landbox(1) documents them):
 *  - Paths are compared resolved (symlinks followed), as rules bind inodes.
 *  - Every grant containing a denied path is split, whatever its origin.
 *  - A grant equal to a denied path is dropped; a grant inside a denied path
 *    is kept (the more specific rule wins: --ro ~ --deny ~/.ssh --ro
 *    ~/.ssh/known_hosts reads known_hosts).
 *  - A denied path that does not exist is an error, unless --ignore-missing
 *    or an optional profile line ("deny? PATH"): then the grants containing
 *    it are split all the same, so it stays denied if it is created later.
 *  - Splitting one grant may need at most DENY_MAX_RULES rules; beyond that
 *    landbox refuses (exit 125).
 *  - What cannot be covered: another name of the same file (hard links, bind
 *    mounts) reachable through an allowed entry stays reachable.
 *
 * Called from policy/build.c (deny_prepare, deny_allow_path),
 * policy/model.c (deny_free), run.c (--dry-run, the hint after exit status
 * 126, --explain) and learn.c (a denial inside a denied path is not
 * learned).
 */
#ifndef LANDBOX_DENY_H
#define LANDBOX_DENY_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"

/* The most rules the split of one grant may need (landbox(1) says so). */
#define DENY_MAX_RULES 4096
#define DENY_MAX_STR   "4096" /* the same, for --help */

/* deny_allow_path(): the grant was split or dropped, nothing more to add. */
#define DENY_DONE 1

/* Record the denied PATH from ORIGIN (the option handler).  0 or 125. */
int deny_add(struct policy *p, const char *path, const char *origin);

/*
 * Before the rules of P are added (policy_build): resolve every denied path
 * (error when missing, see above) and find the grants each one splits.
 * Returns 0 or LB_EXIT_FAIL (message printed).
 */
int deny_prepare(struct policy *p);

/*
 * Add the grant R to SB: lb_allow_path() for a grant no denied path is in
 * (its return value), else the rules of its split (DENY_DONE, or
 * LB_EXIT_FAIL after a message: too many rules, a directory that cannot be
 * listed, a rule the kernel refused).
 */
int deny_allow_path(const struct policy *p, struct policy_path *r, struct lb_sandbox *sb,
		    unsigned flags);

/*
 * --dry-run: print the split or dropped grant R (the rules of SB from *K
 * on) and advance *K; returns 0 (nothing printed) for a grant deny_allow_path
 * added as is.
 */
int deny_dry_rule(const struct policy *p, const struct policy_path *r, struct lb_sandbox *sb,
		  size_t *k);
/* --dry-run: the "denied:" section, each denied path and what it cannot cover. */
void deny_dry_print(const struct policy *p);

/*
 * The denied path (as given) that makes a rule on PATH useless or harmful:
 * PATH is a denied path, inside one, or a directory split around one.
 * NULL if none.  Uses the state of the last policy_build().
 */
const char *deny_conflict(const struct policy *p, const char *path);

/*
 * Whether grant R of the last policy_build() gives nothing on TARGET
 * (resolved) because TARGET is a path denied out of R, or beneath one.
 */
int deny_hides(const struct policy *p, const struct policy_path *r, const char *target);

/*
 * --explain, after its report: for each denial in LOG that a --deny asked
 * for (the suggested rule would undo it, or be split again), say so on OUT.
 */
struct audit_log;
void deny_explain(const struct policy *p, const struct audit_log *log, FILE *out);

void deny_free(struct policy *p);

#endif /* LANDBOX_DENY_H */
