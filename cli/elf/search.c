/* SPDX-License-Identifier: MIT */
#include "internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Searching libraries ------------------------------------------------------- */

/*
 * Open PATH as a library for NEEDER.  Returns 1 with F filled, 0 if it does
 * not exist or does not fit (another class, byte order or machine, not a
 * shared object) - ld.so skips those and searches on.
 */
static int try_candidate(const char *path, const struct elf_info *needer, struct found *f)
{
	const size_t len = strlen(path);
	ssize_t got;
	if (len >= sizeof(f->path))
		return 0;
	f->fd = elf_open_regular(path, &f->st);
	if (f->fd < 0)
		return 0;
	got = elf_read_at(f->fd, f->head, sizeof(f->head), 0);
	memset(&f->ei, 0, sizeof(f->ei));
	if (got < 0 || elf_ident(f->head, (size_t)got, &f->ei) < 0 || f->ei.cls != needer->cls ||
	    f->ei.data != needer->data || f->ei.machine != needer->machine ||
	    f->ei.type != ET_DYN) {
		close(f->fd);
		f->fd = -1;
		return 0;
	}
	f->headlen = (size_t)got;
	memcpy(f->path, path, len + 1);
	return 1;
}

static struct dir_state *dir_state(struct ctx *c, const char *dir)
{
	struct dir_state *d, *nd;
	char sub[PATH_MAX];
	size_t i, cap = c->ndirs;
	int n;

	for (i = 0; i < c->ndirs; i++)
		if (!strcmp(c->dirs[i].dir, dir))
			return &c->dirs[i];
	/* dirs grows by one: keep it exact-sized, lookups are few. */
	nd = reallocarray(c->dirs, cap + 1, sizeof(*nd));
	if (!nd)
		return NULL;
	c->dirs = nd;
	d = &c->dirs[c->ndirs];
	d->dir = strdup(dir);
	if (!d->dir)
		return NULL;
	c->ndirs++;
	d->exists = elf_is_dir(*dir ? dir : ".");
	n = snprintf(sub, sizeof(sub), "%s%sglibc-hwcaps", dir, *dir ? "/" : "");
	d->hwcaps = d->exists && n > 0 && (size_t)n < sizeof(sub) && elf_is_dir(sub);
	return d;
}

/* Try NAME in DIR and in the glibc-hwcaps subdirectories of DIR usable here. */
static int try_dir(struct ctx *c, const char *dir, const char *name, const struct elf_info *needer,
		   struct found *f)
{
	char path[PATH_MAX];
	const struct dir_state *d = dir_state(c, dir);
	const char *sep = (*dir && dir[strlen(dir) - 1] != '/') ? "/" : "";
	int n;

	if (d && !d->exists)
		return 0;
	if (d && d->hwcaps) {
		struct arch_facts *a = elf_arch_facts(c, needer);
		int level;
		for (level = elf_arch_hwcaps_level(a); level >= 2; level--) {
			n = snprintf(path, sizeof(path), "%s%sglibc-hwcaps/x86-64-v%d/%s", dir, sep,
				     level, name);
			if (n > 0 && (size_t)n < sizeof(path) && try_candidate(path, needer, f))
				return 1;
		}
	}
	n = snprintf(path, sizeof(path), "%s%s%s", dir, sep, name);
	return n > 0 && (size_t)n < sizeof(path) && try_candidate(path, needer, f);
}

/*
 * Expand $ORIGIN, $LIB, $PLATFORM (also as ${...}) in IN into OUT.  A name
 * ld.so does not know is left as it is, as ld.so does.  Returns -1 if the
 * result does not fit.
 */
static int expand_dst(struct ctx *c, const char *in, size_t inlen, const char *origin,
		      const struct elf_info *needer, char *out, size_t outlen)
{
	static const char *const names[] = {"ORIGIN", "LIB", "PLATFORM"};
	size_t o = 0, i = 0;

	while (i < inlen) {
		const char *val = NULL;
		size_t skip = 0;
		if (in[i] == '$') {
			for (size_t k = 0; k < 3 && !val; k++) {
				size_t nl = strlen(names[k]);
				const char *p = in + i + 1;
				size_t rest = inlen - i - 1;
				if (rest >= nl + 2 && p[0] == '{' &&
				    !strncmp(p + 1, names[k], nl) && p[nl + 1] == '}') {
					skip = nl + 3;
				} else if (rest >= nl && !strncmp(p, names[k], nl) &&
					   (rest == nl ||
					    !(p[nl] == '_' || (p[nl] >= '0' && p[nl] <= '9') ||
					      ((p[nl] | 0x20) >= 'a' && (p[nl] | 0x20) <= 'z')))) {
					skip = nl + 1;
				} else {
					continue;
				}
				if (k == 0)
					val = origin;
				else if (k == 1)
					val = elf_arch_lib(elf_arch_facts(c, needer));
				else
					val = elf_arch_platform(elf_arch_facts(c, needer));
			}
		}
		if (val) {
			size_t vl = strlen(val);
			if (o + vl >= outlen)
				return -1;
			memcpy(out + o, val, vl);
			o += vl;
			i += skip;
		} else {
			if (o + 1 >= outlen)
				return -1;
			out[o++] = in[i++];
		}
	}
	out[o] = '\0';
	return 0;
}

/* Search NAME in each directory of the ':'-separated LIST owned by OWNER. */
static int search_list(struct ctx *c, const char *list, const struct ns_obj *owner,
		       const char *name, const struct elf_info *needer, struct found *f)
{
	const char *p = list;
	for (;;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char dir[PATH_MAX];
		/* An empty element is the current directory, as for ld.so. */
		if (expand_dst(c, p, len, owner->origin, needer, dir, sizeof(dir)) == 0 &&
		    try_dir(c, dir, name, needer, f))
			return 1;
		if (!end)
			return 0;
		p = end + 1;
	}
}

/* "/LIB" then "/usr/LIB" (LIB: LIBDIR followed by SUB) into DIRS at *N.
 * They fit: SUB is at most a multiarch tuple (less than 48 bytes). */
static void add_lib_dirs(char dirs[][64], size_t *n, const char *libdir, const char *sub)
{
	(void)snprintf(dirs[(*n)++], 64, "/%s%s", libdir, sub);
	(void)snprintf(dirs[(*n)++], 64, "/usr/%s%s", libdir, sub);
}

/* The default directories of ld.so for objects like NEEDER, into DIRS. */
static size_t default_dirs(struct ctx *c, const struct elf_info *needer, char dirs[][64])
{
	struct arch_facts *a = elf_arch_facts(c, needer);
	size_t n = 0;
	if (a->tuple[0])
		add_lib_dirs(dirs, &n, "lib/", a->tuple);
	if (needer->cls == ELFCLASS64)
		add_lib_dirs(dirs, &n, "lib64", "");
	else if (needer->machine == EM_X86_64)
		add_lib_dirs(dirs, &n, "libx32", "");
	else if (sizeof(void *) == 8)
		add_lib_dirs(dirs, &n, "lib32", "");
	add_lib_dirs(dirs, &n, "lib", "");
	return n;
}

/* Is the directory of PATH one of the default directories? */
static int in_default_dir(struct ctx *c, const struct elf_info *needer, const char *path)
{
	char dirs[8][64];
	size_t n = default_dirs(c, needer, dirs), i;
	const char *slash = strrchr(path, '/');
	for (i = 0; slash && i < n; i++)
		if (strlen(dirs[i]) == (size_t)(slash - path) &&
		    !strncmp(path, dirs[i], (size_t)(slash - path)))
			return 1;
	return 0;
}

/* Find NAME needed by object FROM of NS the way ld.so does (see the top). */
int elf_search_library(struct ctx *c, struct ns *ns, int from, const char *name, struct found *f)
{
	const struct ns_obj *o = &ns->o[from];
	const struct elf_info *needer = &o->ei;
	int nodeflib = (needer->flags_1 & DF_1_NODEFLIB) != 0;
	char dirs[8][64];
	const char *cached[8];
	size_t i, n;

	if (strchr(name, '/')) {
		char path[PATH_MAX];
		return expand_dst(c, name, strlen(name), o->origin, needer, path, sizeof(path)) ==
			   0 &&
		       try_candidate(path, needer, f);
	}
	if (!needer->runpath) {
		int main_seen = 0;
		for (int l = from; l >= 0; l = ns->o[l].loader) {
			if (l == 0)
				main_seen = 1;
			if (ns->o[l].ei.rpath && !ns->o[l].ei.runpath &&
			    search_list(c, ns->o[l].ei.rpath, &ns->o[l], name, needer, f))
				return 1;
		}
		if (!main_seen && ns->o[0].ei.rpath && !ns->o[0].ei.runpath &&
		    search_list(c, ns->o[0].ei.rpath, &ns->o[0], name, needer, f))
			return 1;
	}
	if (needer->runpath && search_list(c, needer->runpath, o, name, needer, f))
		return 1;
	n = ldcache_lookup(c, needer, name, cached, sizeof(cached) / sizeof(cached[0]));
	for (i = 0; i < n; i++) {
		if (nodeflib && in_default_dir(c, needer, cached[i]))
			continue;
		if (try_candidate(cached[i], needer, f))
			return 1;
	}
	if (nodeflib)
		return 0;
	n = default_dirs(c, needer, dirs);
	for (i = 0; i < n; i++)
		if (try_dir(c, dirs[i], name, needer, f))
			return 1;
	return 0;
}

int elfdeps_find_in_path(const char *name, const char *path_env, char *out, size_t outlen)
{
	const char *p;
	int found_other = 0;

	if (!name || !*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		const size_t len = strlen(name);
		struct stat st;
		if (len >= outlen)
			return -ENAMETOOLONG;
		if (stat(name, &st) < 0)
			return elf_neg_errno();
		if (!S_ISREG(st.st_mode) || faccessat(AT_FDCWD, name, X_OK, AT_EACCESS) < 0)
			return -EACCES;
		memcpy(out, name, len + 1);
		return 0;
	}
	p = path_env ? path_env : DEFAULT_PATH;
	for (;;) {
		const char *end = strchr(p, ':');
		size_t dlen = end ? (size_t)(end - p) : strlen(p);
		char buf[PATH_MAX];
		struct stat st;
		int n;
		/* An empty element is the current directory, as for execvp(). */
		if (dlen == 0)
			n = snprintf(buf, sizeof(buf), "%s", name);
		else
			n = snprintf(buf, sizeof(buf), "%.*s/%s", (int)dlen, p, name);
		if (n > 0 && (size_t)n < sizeof(buf) && stat(buf, &st) == 0) {
			if (S_ISREG(st.st_mode) &&
			    faccessat(AT_FDCWD, buf, X_OK, AT_EACCESS) == 0) {
				if ((size_t)n >= outlen)
					return -ENAMETOOLONG;
				memcpy(out, buf, (size_t)n + 1);
				return 0;
			}
			found_other = 1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return found_other ? -EACCES : -ENOENT;
}
