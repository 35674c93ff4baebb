/* SPDX-License-Identifier: MIT */
/* cmdargs.h - COMMAND's arguments as profile variables: ${ARG1}, ${ARG2},
 * ... (argument N as a path) and ${ARGDIR1}, ... (the directory it is in),
 * so that a profile learned from `convert a.png b.png` runs `convert c.png
 * d.png` (landbox-profile(5), "Command arguments").
 *
 * profile.c fills them when it expands a path option's value; learn.c
 * writes them (learn/args.c) for the paths a learned rule shares with an
 * argument.  Both go through cmdargs_value(), so that what learn matched is
 * what run fills in.
 *
 * Safety: the value is ONE path, whatever characters the argument holds
 * (commas, blanks, newlines: it is never split again), canonical (no "..",
 * no symlink left); an argument starting with '-' is an option, never a
 * path; a value that is the root directory is refused (one argument must
 * not open the whole filesystem).
 */
#ifndef LANDBOX_CMDARGS_H
#define LANDBOX_CMDARGS_H

#include <stddef.h>

/* The highest N of ${ARGn}. */
#define CMDARGS_MAX 99

/* Whether NAME is an argument variable: "ARG3" (*N = 3, *DIR = 0) or
 * "ARGDIR3" (*DIR = 1).  N is 1..CMDARGS_MAX, written without leading 0. */
int cmdargs_name(const char *name, unsigned *n, int *dir);

/*
 * The value of ${ARGn} (DIR 0) or ${ARGDIRn} (DIR 1) for the argument ARG
 * into OUT: the canonical absolute path of ARG (of its directory, for a
 * file that does not exist yet, plus its name), or the directory that path
 * is in.  Returns 0, or -1 with *WHY saying why ARG cannot be one (an
 * option, empty, its directory missing, the root directory).
 */
int cmdargs_value(const char *arg, int dir, char *out, size_t len, const char **why);

#endif /* LANDBOX_CMDARGS_H */
