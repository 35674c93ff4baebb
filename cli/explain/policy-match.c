/* SPDX-License-Identifier: MIT */
/* policy-match.c - the rights landbox's policy grants on an object (see
 * policy-match.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "deny.h"
#include "landbox.h"
#include "policy-match.h"

struct mrule {
	dev_t dev;
	ino_t ino;
	int is_dir;
	uint64_t rights;
	const struct policy_path *src; /* for deny_hides() */
};

struct pmatch {
	const struct policy *p;
	uint64_t enforced[LB_KIND_COUNT];
	struct mrule *rules;
	size_t n;
};

struct pmatch *pmatch_new(const struct policy *p, const struct lb_status *status)
{
	struct pmatch *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->p = p;
	for (int k = 0; k < LB_KIND_COUNT; k++)
		m->enforced[k] = status->abi > 0 ? status->handled[k] & ~status->unenforced[k] : 0;
	m->rules = calloc(p->npaths ? p->npaths : 1, sizeof(*m->rules));
	if (!m->rules) {
		free(m);
		return NULL;
	}
	for (size_t i = 0; i < p->npaths; i++) {
		const struct policy_path *r = &p->paths[i];
		struct stat st;

		/* Rules open their path when the sandbox is built, following
		 * symlinks: stat() now sees the same inode. */
		if (r->skip != SKIP_NONE || stat(r->path, &st))
			continue;
		m->rules[m->n].dev = st.st_dev;
		m->rules[m->n].ino = st.st_ino;
		m->rules[m->n].is_dir = S_ISDIR(st.st_mode);
		m->rules[m->n].rights =
		    r->rights & (S_ISDIR(st.st_mode) ? ~0ULL : LB_FS_FILE_RIGHTS);
		m->rules[m->n].src = r;
		m->n++;
	}
	return m;
}

void pmatch_free(struct pmatch *m)
{
	if (!m)
		return;
	free(m->rules);
	free(m);
}

uint64_t pmatch_enforced(const struct pmatch *m, enum lb_kind kind)
{
	return m->enforced[kind];
}

/* The rights of the rules bound to the inode ST, seen from OBJECT. */
static uint64_t rights_at(const struct pmatch *m, const struct stat *st, int is_object,
			  const char *object)
{
	uint64_t rights = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct mrule *r = &m->rules[i];
		if (r->dev != st->st_dev || r->ino != st->st_ino)
			continue;
		if (!r->is_dir && !is_object)
			continue;
		if (m->p->ndenies && deny_hides(m->p, r->src, object))
			continue;
		rights |= r->rights;
	}
	return rights;
}

uint64_t pmatch_fs(const struct pmatch *m, const char *path)
{
	char walk[PATH_MAX];
	uint64_t rights = 0;
	int is_object = 1;

	if (snprintf(walk, sizeof(walk), "%s", path) >= (int)sizeof(walk) || walk[0] != '/')
		return 0;
	for (;;) {
		struct stat st;
		char *slash;

		if (stat(walk, &st) == 0)
			rights |= rights_at(m, &st, is_object, path);
		is_object = 0;
		if (!strcmp(walk, "/"))
			break;
		slash = strrchr(walk, '/');
		if (slash == walk)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	return rights & m->enforced[LB_KIND_FS];
}

int pmatch_port(const struct pmatch *m, uint64_t right, unsigned port)
{
	for (size_t i = 0; i < m->p->nports; i++) {
		const struct policy_port *r = &m->p->ports[i];
		if (r->skip == SKIP_NONE && (r->rights & right) && r->port == port)
			return 1;
	}
	return 0;
}

uint64_t pmatch_policy_fs(const struct policy *p, const char *path)
{
	/* Every right enforced: what the rules say, not what this kernel does. */
	const struct lb_status all = {.abi = 1, .handled = {~0ULL, ~0ULL, ~0ULL, ~0ULL}};
	char real[PATH_MAX];
	struct pmatch *m;
	uint64_t rights;

	if (!realpath(path, real) || !(m = pmatch_new(p, &all)))
		return 0;
	rights = pmatch_fs(m, real);
	pmatch_free(m);
	return rights;
}
