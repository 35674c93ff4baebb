/* SPDX-License-Identifier: MIT */
/* learn/args.h - what `landbox learn` writes in terms of COMMAND's
 * arguments: a learned path that is an argument, or inside one, or the
 * directory of an output argument, is written ${ARGn}, ${ARGn}/REST or
 * ${ARGDIRn} (cmdargs.h), so that the profile runs COMMAND with other
 * arguments.  The values are taken with cmdargs_value(), as `run --profile`
 * fills them in. */
#ifndef LANDBOX_LEARN_ARGS_H
#define LANDBOX_LEARN_ARGS_H

#include <limits.h>
#include <stddef.h>

struct learn_arg {
	char *value;	/* ${ARGn}, or NULL when the argument is no path */
	char *dir;	/* ${ARGDIRn}, or NULL */
	int output;	/* did not exist before the first round: COMMAND makes it */
	int used;	/* written in the profile */
	const char *as; /* the argument as given */
};

struct learn_args {
	struct learn_arg *v;
	unsigned n;
};

/* COMMAND's arguments CMD[1..] (NULL-terminated), taken before the first
 * round.  Returns 0 or -1 (out of memory). */
int learn_args_init(struct learn_args *a, char **cmd);
void learn_args_free(struct learn_args *a);

/*
 * PATH written with an argument variable into OUT ("${ARG1}",
 * "${ARG2}/sub/x", "${ARGDIR2}"), the argument marked used; *TAIL is the
 * part of PATH after the argument ("" or "/sub/x", to be checked as any
 * profile text).  Returns the argument's number, or 0 when no argument
 * names PATH (OUT untouched).
 */
unsigned learn_args_rewrite(struct learn_args *a, const char *path, char *out, size_t len,
			    const char **tail);

#endif /* LANDBOX_LEARN_ARGS_H */
