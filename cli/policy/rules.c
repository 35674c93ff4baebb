// SPDX-License-Identifier: MIT
/* policy/rules.c - where the path rules of a policy are kept.  Policies may
 * hold tens of thousands of rules (learned profiles, --ldd, generated
 * lists), so a rule is a 24-byte record with no allocation of its own: its
 * path is copied into an arena of large blocks that never move, its origin
 * is interned ("--ro", or the FILE of "FILE:LINE" with the line kept in the
 * record) and held as an index, and so is its option name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli.h"

#define ARENA_BLOCK	  65536
#define LINE_MAX_RECORDED (1ul << 24)

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
};

/*
 * The origins of rules, interned once per process: a command line has a
 * few ("--ro", "--ldd"), each profile file one.  A rule holds its index.
 * Kept until the process ends (learn builds many policies from the same).
 */
#define ORIGINS_MAX (1u << 24)
static char **origins; /* by index */
static size_t norigins, origins_cap;
static uint32_t *slots; /* open addressing: index + 1, 0 when free */
static size_t nslots;	/* a power of two, at least twice NORIGINS */

/* N zeroed bytes. */
static void *xalloc(size_t n)
{
	return memset(cli_xrealloc(NULL, n), 0, n);
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
		b = cli_xrealloc(NULL, sizeof(*b) + size); /* not zeroed: touched as filled */
		b->used = 0;
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

/* Whether the string O is the LEN bytes at S. */
static int same(const char *o, const char *s, size_t len)
{
	return strncmp(o, s, len) == 0 && o[len] == '\0';
}

/* The slot of the LEN bytes at S: theirs, or the free one to put them in. */
static size_t slot_of(const char *s, size_t len)
{
	size_t i = hash(s, len) & (nslots - 1);

	while (slots[i] && !same(origins[slots[i] - 1], s, len))
		i = (i + 1) & (nslots - 1);
	return i;
}

/* The index of the LEN bytes at S among the origins, added if new. */
static uint32_t intern(const char *s, size_t len)
{
	size_t i;

	if (2 * (norigins + 1) > nslots) {
		const size_t old = nslots;
		uint32_t *prev = slots;
		nslots = nslots ? 2 * nslots : 64;
		slots = xalloc(nslots * sizeof(*slots));
		for (size_t j = 0; j < old; j++)
			if (prev[j]) {
				const char *o = origins[prev[j] - 1];
				slots[slot_of(o, strlen(o))] = prev[j];
			}
		free(prev);
	}
	i = slot_of(s, len);
	if (slots[i])
		return slots[i] - 1;
	if (norigins == ORIGINS_MAX) {
		cli_error("%.*s: too many different rule origins", (int)len, s);
		exit(LB_EXIT_FAIL);
	}
	if (norigins == origins_cap) {
		origins_cap = origins_cap ? 2 * origins_cap : 16;
		origins = cli_xrealloc(origins, origins_cap * sizeof(*origins));
	}
	origins[norigins] = xalloc(len + 1);
	memcpy(origins[norigins], s, len);
	slots[i] = (uint32_t)++norigins;
	return (uint32_t)(norigins - 1);
}

void policy_path_set_origin(struct policy_path *r, const char *origin)
{
	const char *colon = strrchr(origin, ':');
	const size_t len = strlen(origin);
	unsigned long line;

	r->line = 0;
	/* "FILE:LINE" with LINE as "%u" prints it (no sign, no leading zero)
	 * and within the record's 24 bits; any other origin is kept whole. */
	if (colon && colon[1] >= '1' && colon[1] <= '9' && len - (size_t)(colon - origin) <= 9 &&
	    strspn(colon + 1, "0123456789") == len - (size_t)(colon - origin) - 1 &&
	    (line = strtoul(colon + 1, NULL, 10)) < LINE_MAX_RECORDED) {
		r->line = (uint32_t)line;
		r->from = intern(origin, (size_t)(colon - origin));
		return;
	}
	r->from = intern(origin, len);
}

const char *policy_path_from(const struct policy_path *r)
{
	return origins[r->from];
}

const char *policy_path_origin(const struct policy_path *r, char *buf, size_t len)
{
	if (!r->line)
		return origins[r->from];
	(void)snprintf(buf, len, "%s:%u", origins[r->from], (unsigned)r->line);
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

/*
 * The records are in one mapping grown with mremap(): growing moves no
 * byte and leaves no freed copy behind in the heap (realloc() from the
 * heap would, each time the array doubles).
 */
struct policy_path *policy_path_new(struct policy *p)
{
	if (p->npaths == p->paths_cap) {
		const size_t old = p->paths_cap * sizeof(*p->paths);
		const size_t size = old ? 2 * old : 4096;
		void *m = old ? mremap(p->paths, old, size, MREMAP_MAYMOVE)
			      : mmap(NULL, size, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			cli_error("out of memory");
			exit(LB_EXIT_FAIL);
		}
		p->paths = m;
		p->paths_cap = size / sizeof(*p->paths);
	}
	memset(&p->paths[p->npaths], 0, sizeof(p->paths[0]));
	return &p->paths[p->npaths++];
}

void policy_rules_free(struct policy *p)
{
	struct rule_store *st = p->store;

	if (p->paths)
		(void)munmap(p->paths, p->paths_cap * sizeof(*p->paths));
	p->paths = NULL;
	p->npaths = p->paths_cap = 0;
	if (!st)
		return;
	while (st->arena) {
		struct arena_block *next = st->arena->next;
		free(st->arena);
		st->arena = next;
	}
	free(st);
	p->store = NULL;
}
