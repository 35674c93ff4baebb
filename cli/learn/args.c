/* SPDX-License-Identifier: MIT */
/* learn/args.c - learned paths in terms of COMMAND's arguments (args.h). */
#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmdargs.h"

int learn_args_init(struct learn_args *a, char **cmd)
{
	unsigned n = 0;

	memset(a, 0, sizeof(*a));
	while (cmd[0] && cmd[n + 1] && n < CMDARGS_MAX)
		n++;
	if (!n)
		return 0;
	a->v = calloc(n, sizeof(*a->v));
	if (!a->v)
		return -1;
	a->n = n;
	for (unsigned i = 0; i < n; i++) {
		struct learn_arg *x = &a->v[i];
		char buf[PATH_MAX];
		const char *why;
		struct stat st;

		x->as = cmd[i + 1];
		if (!cmdargs_value(x->as, 0, buf, sizeof(buf), &why)) {
			x->value = strdup(buf);
			x->output = lstat(buf, &st) != 0;
			if (!x->value)
				return -1;
		}
		if (!cmdargs_value(x->as, 1, buf, sizeof(buf), &why) && !(x->dir = strdup(buf)))
			return -1;
	}
	return 0;
}

void learn_args_free(struct learn_args *a)
{
	for (unsigned i = 0; i < a->n; i++) {
		free(a->v[i].value);
		free(a->v[i].dir);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

unsigned learn_args_rewrite(struct learn_args *a, const char *path, char *out, size_t len,
			    const char **tail)
{
	unsigned best = 0;
	size_t best_len = 0;

	/* The argument itself, or the longest argument PATH is inside. */
	for (unsigned i = 0; i < a->n; i++) {
		const char *v = a->v[i].value;
		const size_t n = v ? strlen(v) : 0;

		if (v && !strncmp(path, v, n) && (path[n] == '\0' || path[n] == '/') &&
		    n > best_len) {
			best = i + 1;
			best_len = n;
		}
	}
	if (best) {
		*tail = path + best_len;
		if ((size_t)snprintf(out, len, "${ARG%u}%s", best, *tail) >= len)
			return 0;
		a->v[best - 1].used = 1;
		return best;
	}
	/* The directory COMMAND made an output argument in (the last one:
	 * `cp a b`, `convert in out`).  Only for an output: an input's
	 * directory may be needed whatever the arguments are. */
	for (unsigned i = a->n; i-- > 0;)
		if (a->v[i].output && a->v[i].dir && !strcmp(a->v[i].dir, path)) {
			*tail = path + strlen(path);
			if ((size_t)snprintf(out, len, "${ARGDIR%u}", i + 1) >= len)
				return 0;
			a->v[i].used = 1;
			return i + 1;
		}
	return 0;
}
