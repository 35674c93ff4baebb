/* SPDX-License-Identifier: MIT */
/* cmdargs.c - COMMAND's arguments as profile variables (see cmdargs.h). */
#include "cmdargs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmdargs_name(const char *name, unsigned *n, int *dir)
{
	const char *digits;
	char *end;
	unsigned long v;

	if (!strncmp(name, "ARGDIR", 6)) {
		*dir = 1;
		digits = name + 6;
	} else if (!strncmp(name, "ARG", 3)) {
		*dir = 0;
		digits = name + 3;
	} else {
		return 0;
	}
	if (digits[0] < '1' || digits[0] > '9')
		return 0;
	v = strtoul(digits, &end, 10);
	if (*end || v > CMDARGS_MAX)
		return 0;
	*n = (unsigned)v;
	return 1;
}

/* The canonical path of ARG, which may not exist yet (an output file): its
 * directory must.  NULL with *WHY on failure; malloc'ed. */
static char *canonical(const char *arg, const char **why)
{
	const char *slash = strrchr(arg, '/'), *base = slash ? slash + 1 : arg;
	char *full = realpath(arg, NULL), *dir, *out;
	size_t n;

	if (full)
		return full;
	/* "x/." or "x/..": not a file name; "x/": a directory that is not there. */
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		*why = "it does not exist";
		return NULL;
	}
	if (!slash)
		dir = realpath(".", NULL);
	else if (slash == arg)
		dir = realpath("/", NULL);
	else {
		char d[PATH_MAX];
		if ((size_t)(slash - arg) >= sizeof(d)) {
			*why = "its name is too long";
			return NULL;
		}
		memcpy(d, arg, (size_t)(slash - arg));
		d[slash - arg] = '\0';
		dir = realpath(d, NULL);
	}
	if (!dir) {
		*why = "its directory does not exist";
		return NULL;
	}
	n = strlen(dir) + strlen(base) + 2;
	out = malloc(n);
	if (out)
		(void)snprintf(out, n, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", base);
	else
		*why = "out of memory";
	free(dir);
	return out;
}

int cmdargs_value(const char *arg, int dir, char *out, size_t len, const char **why)
{
	char *path;
	size_t n;

	if (!*arg) {
		*why = "it is empty";
		return -1;
	}
	if (arg[0] == '-') {
		*why = "it is an option, not a path";
		return -1;
	}
	path = canonical(arg, why);
	if (!path)
		return -1;
	n = strlen(path);
	if (dir) {
		const char *slash = strrchr(path, '/');
		n = slash && slash != path ? (size_t)(slash - path) : 1;
	}
	if (n == 1 && path[0] == '/') {
		*why = dir ? "its directory is the root directory" : "it is the root directory";
		free(path);
		return -1;
	}
	if (n >= len) {
		*why = "its path is too long";
		free(path);
		return -1;
	}
	memcpy(out, path, n);
	out[n] = '\0';
	free(path);
	return 0;
}
