/* SPDX-License-Identifier: MIT */
/* causes.h - what else may be at fault when COMMAND failed under --explain
 * with no Landlock denial (causes.c). */
#ifndef LB_CLI_CAUSES_H
#define LB_CLI_CAUSES_H

#include <stdio.h>

struct policy;

/* After COMMAND exited STATUS (non-zero, not by a signal) and --explain saw
 * no Landlock denial: print to OUT what else landbox changed for COMMAND
 * that may explain it (PATH, environment, capabilities, terminal, seccomp). */
void causes_report(const struct policy *p, int status, FILE *out);

#endif
