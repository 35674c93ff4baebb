/* SPDX-License-Identifier: MIT */
/* programs.c - program profiles and --profile auto.  A program profile says
 * which programs it is for in a "programs" line (names or globs:
 * "programs convert,identify,mogrify,magick"); --profile auto loads the
 * first profile, in the search order of --profile NAME (the user's, the
 * system's, the built-in ones, the installed ones), whose line claims
 * COMMAND.  The table of which program gets which profile is thus the
 * profiles themselves: a profile of the user's own can claim a program, or
 * take it from a built-in one.
 *
 * COMMAND is known only after the options are parsed, so "--profile auto"
 * (or "include auto" in a profile) only records where it was asked; the
 * profile is loaded when COMMAND is resolved (policy_resolve), and its
 * environment lines are moved to where "auto" stood, so that a later
 * --env KEY=VALUE still wins over them as it would over a named profile. */
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int programs_auto_request(struct policy *p, const char *origin)
{
	if (p->auto_origin)
		return 0; /* asked twice: one profile all the same */
	p->auto_origin = cli_xstrdup(origin);
	p->auto_env_at = p->nenv;
	return 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

const char *programs_of(const char *text, char *buf, size_t len)
{
	const char *s = text;

	while (*s) {
		const size_t n = strcspn(s, "\n");
		const char *l = s;

		while (blank(*l))
			l++;
		if (!strncmp(l, "programs", 8) && blank(l[8])) {
			size_t k = 0;
			for (l += 8; blank(*l); l++)
				;
			/* Up to a comment (after a blank) or the end of the line. */
			while (l < s + n && !(*l == '#' && blank(l[-1])) && k + 1 < len)
				buf[k++] = *l++;
			while (k > 0 && blank(buf[k - 1]))
				k--;
			buf[k] = '\0';
			return k ? buf : NULL;
		}
		s += n;
		if (*s)
			s++;
	}
	return NULL;
}

/* Whether one of the comma-separated PATTERNS matches NAME. */
static int claims(const char *patterns, const char *name)
{
	const char *s = patterns;

	while (*s) {
		const size_t n = strcspn(s, ",");
		char pat[NAME_MAX + 1];
		const char *b = s, *e = s + n;

		while (b < e && blank(*b))
			b++;
		while (e > b && blank(e[-1]))
			e--;
		if (e > b && (size_t)(e - b) < sizeof(pat)) {
			memcpy(pat, b, (size_t)(e - b));
			pat[e - b] = '\0';
			if (fnmatch(pat, name, FNM_PERIOD) == 0)
				return 1;
		}
		s += n;
		if (*s)
			s++;
	}
	return 0;
}

struct pick {
	const char *name;	    /* the program's name */
	char profile[NAME_MAX + 1]; /* the profile that claims it */
	char where[PATH_MAX];	    /* "built-in" or its file */
};

static int pick_visit(void *ctx, const char *name, const char *where, const char *text)
{
	struct pick *pk = ctx;
	char buf[1024];
	const char *pats = programs_of(text, buf, sizeof(buf));

	if (!pats || !claims(pats, pk->name))
		return 0;
	(void)snprintf(pk->profile, sizeof(pk->profile), "%s", name);
	(void)snprintf(pk->where, sizeof(pk->where), "%s", where);
	return 1;
}

/* The program profiles, "name (programs), ..." for the failure message. */
struct listing {
	char text[2048];
	size_t used;
};

static int list_visit(void *ctx, const char *name, const char *where, const char *text)
{
	struct listing *l = ctx;
	char buf[1024];
	const char *pats = programs_of(text, buf, sizeof(buf));

	(void)where;
	if (pats && l->used < sizeof(l->text))
		l->used += (size_t)snprintf(l->text + l->used, sizeof(l->text) - l->used,
					    "%s%s (%s)", l->used ? ", " : "", name, pats);
	return 0;
}

/* The last component of PATH. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The profile claiming NAME into PK; 1 if found. */
static int find_for(struct pick *pk, const char *name)
{
	pk->name = name;
	return profile_foreach(pick_visit, pk) == 1;
}

/* Move the env entries from FROM (loaded by the profile) to p->auto_env_at. */
static void move_env(struct policy *p, size_t from)
{
	const size_t at = p->auto_env_at, moved = p->nenv - from;
	struct policy_env *tmp;

	if (!moved || at >= from)
		return;
	tmp = malloc(moved * sizeof(*tmp));
	if (!tmp) {
		cli_error("out of memory");
		exit(LB_EXIT_FAIL);
	}
	memcpy(tmp, p->env + from, moved * sizeof(*tmp));
	memmove(p->env + at + moved, p->env + at, (from - at) * sizeof(*tmp));
	memcpy(p->env + at, tmp, moved * sizeof(*tmp));
	free(tmp);
	/* --private-tmp's reserved entry may have moved with them. */
	if (p->private_tmp_env > at && p->private_tmp_env <= from)
		p->private_tmp_env += moved;
	else if (p->private_tmp_env > from)
		p->private_tmp_env -= from - at;
}

int programs_auto_apply(struct policy *p, const char *command, const char *program)
{
	struct pick pk;
	const char *name;
	char real[PATH_MAX];
	size_t env_before;
	int ret;

	/* Before any call: a call from this 10 KiB frame would touch (fault
	 * in) a page of stack that no other step of a run needs. */
	if (!p->auto_origin || p->auto_done)
		return 0;
	name = base_name(command);
	memset(&pk, 0, sizeof(pk));
	/* As typed (cc, python3), then the file it leads to (cc -> gcc-12). */
	if (!find_for(&pk, name) &&
	    (!program || !realpath(program, real) || !find_for(&pk, base_name(real)))) {
		struct listing l;
		memset(&l, 0, sizeof(l));
		(void)profile_foreach(list_visit, &l);
		cli_error("%s: auto: no program profile claims '%s'; the program profiles are: %s",
			  p->auto_origin, name, l.used ? l.text : "none");
		cli_error("hint: name a profile instead of auto, or claim '%s' in a profile of "
			  "your own with a line \"programs %s\" (landbox-profile(5))",
			  name, name);
		return LB_EXIT_FAIL;
	}
	cli_info("%s: auto: %s is a program of profile %s (%s)", p->auto_origin, name, pk.profile,
		 pk.where);
	p->auto_done = 1;
	env_before = p->nenv;
	ret = profile_load(p, pk.profile, p->auto_origin);
	if (!ret)
		move_env(p, env_before);
	return ret;
}
