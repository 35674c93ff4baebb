// SPDX-License-Identifier: MIT
/* policy/rules.c - where the path rules of a policy are kept.  Policies may
 * hold tens of thousands of rules (learned profiles, --ldd, generated
 * lists), so a rule is a 32-byte record with no allocation of its own: its
 * path is copied into an arena of large blocks that never move, its origin
 * is interned ("--ro", or the FILE of "FILE:LINE" with the line kept in the
 * record) and its option name is a small index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

/* The option names rules were given with ("ro", "rox", "config", ...),
 * shared by every policy: a rule holds index + 1. */
#define OPTIONS_MAX 255
static char options[OPTIONS_MAX][32];
static size_t noptions;

struct rule_store {
	struct arena_block *arena; /* newest first */
	const char **interned;	   /* open addressing, CAP slots (a power of two) */
	size_t ninterned, cap;
};

static void *xalloc(size_t n)
{
	void *q = calloc(1, n);

	if (!q) {
		cli_error("out of memory");
		exit(LB_EXIT_FAIL);
	}
	return q;
}

static struct rule_store *store(struct policy *p)
{
	if (!p->store)
		p->store = xalloc(sizeof(*p->store));
	return p->store;
}

/* LEN bytes of S copied into P's arena, then a NUL. */
static char *arena_copy(struct policy *p, const char *s, size_t len)
{
	struct rule_store *st = store(p);
	struct arena_block *b = st->arena;
	char *d;

	if (!b || b->size - b->used < len + 1) {
		const size_t size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
		b = xalloc(sizeof(*b) + size);
		b->size = size;
		b->next = st->arena;
		st->arena = b;
	}
	d = b->data + b->used;
	memcpy(d, s, len);
	d[len] = '\0';
	b->used += len + 1;
	return d;
}

char *policy_strdup(struct policy *p, const char *s)
{
	return arena_copy(p, s, strlen(s));
}

static size_t hash(const char *s, size_t len)
{
	size_t h = 5381;

	for (size_t i = 0; i < len; i++)
		h = h * 33 + (unsigned char)s[i];
	return h;
}

/* The one copy of the LEN bytes at S (origins repeat: one per file). */
static const char *intern(struct policy *p, const char *s, size_t len)
{
	struct rule_store *st = store(p);
	size_t i;

	if (2 * (st->ninterned + 1) > st->cap) {
		const size_t cap = st->cap ? 2 * st->cap : 16;
		const char **t = xalloc(cap * sizeof(*t));
		for (size_t j = 0; j < st->cap; j++) {
			const char *e = st->interned[j];
			if (!e)
				continue;
			for (i = hash(e, strlen(e)) & (cap - 1); t[i]; i = (i + 1) & (cap - 1))
				;
			t[i] = e;
		}
		free(st->interned);
		st->interned = t;
		st->cap = cap;
	}
	for (i = hash(s, len) & (st->cap - 1); st->interned[i]; i = (i + 1) & (st->cap - 1))
		if (!strncmp(st->interned[i], s, len) && !st->interned[i][len])
			return st->interned[i];
	st->ninterned++;
	return st->interned[i] = arena_copy(p, s, len);
}

void policy_path_set_origin(struct policy *p, struct policy_path *r, const char *origin)
{
	const char *colon = strrchr(origin, ':');
	const size_t len = strlen(origin);

	r->line = 0;
	/* "FILE:LINE" with LINE as printed by "%u" (no sign, no leading zero). */
	if (colon && colon[1] >= '1' && colon[1] <= '9' && len - (size_t)(colon - origin) <= 10 &&
	    strspn(colon + 1, "0123456789") == len - (size_t)(colon - origin) - 1) {
		r->line = (uint32_t)strtoul(colon + 1, NULL, 10);
		r->from = intern(p, origin, (size_t)(colon - origin));
		return;
	}
	r->from = intern(p, origin, len);
}

const char *policy_path_origin(const struct policy_path *r, char *buf, size_t len)
{
	if (!r->line)
		return r->from;
	(void)snprintf(buf, len, "%s:%u", r->from, (unsigned)r->line);
	return buf;
}

void policy_path_set_option(struct policy_path *r, const char *option)
{
	size_t i;

	for (i = 0; i < noptions; i++)
		if (!strcmp(options[i], option))
			break;
	if (i == noptions) {
		if (i == OPTIONS_MAX || strlen(option) >= sizeof(options[i])) {
			cli_error("%s: not a rule's option", option);
			exit(LB_EXIT_FAIL);
		}
		memcpy(options[noptions++], option, strlen(option) + 1);
	}
	r->option = (uint8_t)(i + 1);
}

const char *policy_path_option(const struct policy_path *r)
{
	return r->option ? options[r->option - 1] : "rules";
}

void policy_rules_free(struct policy *p)
{
	struct rule_store *st = p->store;

	if (!st)
		return;
	while (st->arena) {
		struct arena_block *next = st->arena->next;
		free(st->arena);
		st->arena = next;
	}
	free(st->interned);
	free(st);
	p->store = NULL;
}
