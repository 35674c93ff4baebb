/* SPDX-License-Identifier: MIT */
/* suggest.c - "did you mean --profile?": the known word nearest to a
 * mistyped option or sub-command, by edit distance (a swap of two
 * neighbouring letters counts as one edit: "proflie" is one from "profile"). */
#include <string.h>

#include "cli.h"

#define WORD_MAX 64

/* Optimal string alignment distance of A and B (each under WORD_MAX). */
static size_t distance(const char *a, const char *b)
{
	size_t d[WORD_MAX + 1][WORD_MAX + 1];
	const size_t m = strlen(a), n = strlen(b);

	if (m > WORD_MAX || n > WORD_MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= m; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= n; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= m; i++) {
		for (size_t j = 1; j <= n; j++) {
			const size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[m][n];
}

/* Keep CANDIDATE in *BEST if it is nearer to WORD than what is there. */
static void consider(const char *word, const char *candidate, const char **best, size_t *dist)
{
	const size_t d = distance(word, candidate);

	if (d < *dist) {
		*best = candidate;
		*dist = d;
	}
}

/* Close enough to be what was meant: one edit in a short word, two else. */
static const char *close_enough(const char *word, const char *best, size_t dist)
{
	const size_t len = strlen(word);

	if (!best || dist == 0 || dist >= len || dist > (len <= 4 ? 1U : 2U))
		return NULL;
	return best;
}

const char *cli_nearest_option(const char *name, const struct cli_subcommand *sub)
{
	const char *best = NULL;
	size_t dist = (size_t)-1;

	for (const struct cli_option *o = cli_options; o->name; o++)
		if (!(o->flags & OPT_HIDDEN))
			consider(name, o->name, &best, &dist);
	for (const struct cli_extra_option *x = sub ? sub->options : NULL; x && x->name; x++)
		consider(name, x->name, &best, &dist);
	return close_enough(name, best, dist);
}

const char *cli_nearest_word(const char *word, const char *const *words)
{
	const char *best = NULL;
	size_t dist = (size_t)-1;

	for (; *words; words++)
		consider(word, *words, &best, &dist);
	return close_enough(word, best, dist);
}
