/* SPDX-License-Identifier: MIT */
#include "internal.h"

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- The result list ------------------------------------------------------------ */

/* Index of the entry for the inode of ST, or -1. */
static long dep_find(const struct ctx *c, const struct stat *st)
{
	size_t i;
	for (i = 0; i < c->deps->n; i++)
		if (c->keys[i].dev == st->st_dev && c->keys[i].ino == st->st_ino)
			return (long)i;
	return -1;
}

/*
 * List the file open as FD (opened as PATH) with KIND, unless its inode is
 * listed already: then an entry that only needed read_file is upgraded to a
 * kind that needs execute.  Returns the index or -errno.
 */
static long dep_add(struct ctx *c, int fd, const struct stat *st, const char *path,
		    enum elfdep_kind kind, long needed_by)
{
	struct elfdeps *d = c->deps;
	long i = dep_find(c, st);
	size_t cap;
	char *canon;

	if (i >= 0) {
		if (d->v[i].kind == ELFDEP_LIBRARY && kind != ELFDEP_LIBRARY) {
			d->v[i].kind = kind;
			d->v[i].needed_by = needed_by >= 0 ? d->v[needed_by].path : NULL;
		}
		return i;
	}
	canon = elf_canonical_path(fd, path);
	if (!canon) {
		int e = elf_neg_errno();
		elf_fail(c, "%s: cannot resolve the path: %s", path, strerror(-e));
		return e;
	}
	cap = d->cap;
	if (d->n == cap) {
		struct elfdep *nv = elf_grow(d->v, &cap, d->n, sizeof(*nv));
		struct dep_key *nk = nv ? reallocarray(c->keys, cap, sizeof(*nk)) : NULL;
		if (nv)
			d->v = nv;
		if (!nk) {
			free(canon);
			return elf_no_memory(c, path);
		}
		c->keys = nk;
		d->cap = cap;
	}
	d->v[d->n].path = canon;
	d->v[d->n].kind = kind;
	d->v[d->n].needed_by = needed_by >= 0 ? d->v[needed_by].path : NULL;
	c->keys[d->n].dev = st->st_dev;
	c->keys[d->n].ino = st->st_ino;
	return (long)d->n++;
}

static int missing_add(struct ctx *c, const char *name, long needed_by)
{
	struct elfdeps *d = c->deps;
	size_t i, cap = d->missing_cap;
	char *copy;

	for (i = 0; i < d->nmissing; i++)
		if (!strcmp(d->missing[i], name))
			return 0;
	if (d->nmissing == cap) {
		char **nm = elf_grow(d->missing, &cap, d->nmissing, sizeof(*nm));
		const char **nb;
		if (!nm)
			return elf_no_memory(c, NULL);
		d->missing = nm;
		nb = reallocarray(d->missing_by, cap, sizeof(*nb));
		if (!nb)
			return elf_no_memory(c, NULL);
		d->missing_by = nb;
		d->missing_cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return elf_no_memory(c, NULL);
	d->missing[d->nmissing] = copy;
	d->missing_by[d->nmissing] = needed_by >= 0 ? d->v[needed_by].path : NULL;
	d->nmissing++;
	return 0;
}

/* ---- One process image: the program, its interpreter, its libraries ------------ */

static void ns_free(struct ns *ns)
{
	size_t i;
	for (i = 0; i < ns->n; i++) {
		free(ns->o[i].name);
		free(ns->o[i].origin);
		elf_info_free(&ns->o[i].ei);
	}
	free(ns->o);
	memset(ns, 0, sizeof(*ns));
}

/* Add an object to NS; takes EI over.  Returns its index or -ENOMEM. */
static int ns_add(struct ctx *c, struct ns *ns, size_t dep, const struct stat *st, const char *name,
		  const char *opened, int loader, struct elf_info *ei)
{
	struct ns_obj *o, *nv = elf_grow(ns->o, &ns->cap, ns->n, sizeof(*nv));
	if (!nv)
		return elf_no_memory(c, NULL);
	ns->o = nv;
	o = &ns->o[ns->n];
	memset(o, 0, sizeof(*o));
	o->dep = dep;
	o->dev = st->st_dev;
	o->ino = st->st_ino;
	o->loader = loader;
	o->name = name ? strdup(name) : NULL;
	o->origin = elf_origin_of(opened, c->deps->v[dep].path);
	o->ei = *ei;
	memset(ei, 0, sizeof(*ei));
	if ((name && !o->name) || !o->origin) {
		ns->n++; /* so that ns_free releases it */
		return elf_no_memory(c, NULL);
	}
	return (int)ns->n++;
}

/* Load NAME, needed by object FROM of NS (DT_NEEDED or a preload). */
static int load_needed(struct ctx *c, struct ns *ns, int from, const char *name)
{
	struct found *f;
	size_t i;
	long dep;
	int ret;

	/* Already loaded under this name or soname: ld.so does not search again. */
	for (i = 0; i < ns->n; i++)
		if ((ns->o[i].name && !strcmp(ns->o[i].name, name)) ||
		    (ns->o[i].ei.soname && !strcmp(ns->o[i].ei.soname, name)))
			return 0;
	f = malloc(sizeof(*f));
	if (!f)
		return elf_no_memory(c, NULL);
	f->fd = -1;
	if (!elf_search_library(c, ns, from, name, f)) {
		free(f);
		return missing_add(c, name, (long)ns->o[from].dep);
	}
	/* The same file under another name: one object for ld.so too. */
	for (i = 0; i < ns->n; i++) {
		if (ns->o[i].dev == f->st.st_dev && ns->o[i].ino == f->st.st_ino) {
			ret = 0;
			goto out;
		}
	}
	if (ns->n >= MAX_OBJECTS) {
		ret = -ELOOP;
		elf_fail(c, "%s: more than %d shared objects", c->deps->v[ns->o[0].dep].path,
			 MAX_OBJECTS);
		goto out;
	}
	ret = elf_read(c, f->fd, (uint64_t)f->st.st_size, f->head, f->headlen, f->path, &f->ei);
	if (ret < 0)
		goto out;
	dep = dep_add(c, f->fd, &f->st, f->path, ELFDEP_LIBRARY, (long)ns->o[from].dep);
	if (dep < 0) {
		ret = (int)dep;
		goto out;
	}
	ret = ns_add(c, ns, (size_t)dep, &f->st, name, f->path, from, &f->ei);
	ret = ret < 0 ? ret : 0;
out:
	elf_info_free(&f->ei);
	close(f->fd);
	free(f);
	return ret;
}

/* /etc/ld.so.preload: names or paths, separated by blanks or ':'. */
static int load_preloads(struct ctx *c, struct ns *ns)
{
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if (!c->preload_tried) {
		struct stat st;
		int fd = elf_open_regular(LDSO_PRELOAD, &st);
		c->preload_tried = 1;
		if (fd >= 0) {
			if (st.st_size > 0 && st.st_size < 65536) {
				c->preload = calloc(1, (size_t)st.st_size + 1);
				if (c->preload &&
				    elf_read_at(fd, c->preload, (size_t)st.st_size, 0) < 0) {
					free(c->preload);
					c->preload = NULL;
				}
			}
			close(fd);
		}
	}
	if (!c->preload)
		return 0;
	copy = strdup(c->preload);
	if (!copy)
		return elf_no_memory(c, NULL);
	for (tok = strtok_r(copy, " \t\n:", &save); tok && !ret;
	     tok = strtok_r(NULL, " \t\n:", &save))
		ret = load_needed(c, ns, 0, tok);
	free(copy);
	return ret;
}

/*
 * The libraries of the dynamically linked ELF program listed as entry DEP,
 * whose ELF interpreter is entry IDEP (opened as IOPENED).  Takes over *EI
 * and *IEI.
 */
static int load_image(struct ctx *c, size_t dep, const struct stat *st, struct elf_info *ei,
		      size_t idep, const struct stat *ist, const char *iopened,
		      struct elf_info *iei)
{
	struct ns ns = {0};
	size_t i, j;
	int ret;

	/* The program's $ORIGIN comes from /proc/self/exe, symlinks resolved
	 * (unlike under ldd, which names the program to ld.so). */
	ret = ns_add(c, &ns, dep, st, NULL, c->deps->v[dep].path, -1, ei);
	if (ret >= 0)
		ret = ns_add(c, &ns, idep, ist, NULL, iopened, -1, iei);
	if (ret >= 0) {
		ns.o[1].is_interp = 1;
		ret = load_preloads(c, &ns);
	}
	/* Breadth-first, as ld.so maps them; the interpreter's own needs are
	 * nobody's business: the kernel maps it and it loads nothing for itself. */
	for (i = 0; ret >= 0 && i < ns.n; i++) {
		if (ns.o[i].is_interp)
			continue;
		for (j = 0; ret >= 0 && j < ns.o[i].ei.nneeded; j++)
			ret = load_needed(c, &ns, (int)i, ns.o[i].ei.needed[j]);
	}
	ns_free(&ns);
	return ret < 0 ? ret : 0;
}

static int resolve_exec(struct ctx *c, const char *path, enum elfdep_kind kind, long needed_by,
			int depth);

/* The word `#!/usr/bin/env ARG` runs: "python3" in "python3", "-S python3 -u". */
static int env_command(const char *arg, char *out, size_t outlen)
{
	const char *p = arg;
	int split = 0;
	for (;;) {
		size_t len;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return -1;
		len = strcspn(p, " \t");
		if (!split && len >= 2 && !strncmp(p, "-S", 2)) {
			/* -S splits the rest into words: "-Spython3" or "-S python3". */
			split = 1;
			p += 2;
			continue;
		}
		if (p[0] == '-') {
			/* Another option: beyond what a #! line can tell us. */
			return -1;
		}
		if (!memchr(p, '=', len)) {
			if (len >= outlen)
				return -1;
			memcpy(out, p, len);
			out[len] = '\0';
			return 0;
		}
		if (!split)
			return -1; /* "VAR=value" as the only argument: env prints the environment
				    */
		p += len;	   /* VAR=value assignments before the command */
	}
}

/*
 * A "#!" script listed as entry DEP: parse the line as the kernel does
 * (fs/binfmt_script.c: first SCRIPT_BUF bytes, interpreter then one
 * optional argument) and resolve the interpreter.
 */
static int resolve_script(struct ctx *c, const char *path, const unsigned char *head, size_t n,
			  long dep, int depth)
{
	char line[SCRIPT_BUF + 1], *p, *end, *name, *arg = NULL, *nl;
	int ret;

	if (n > SCRIPT_BUF)
		n = SCRIPT_BUF;
	memcpy(line, head, n);
	line[n] = '\0';
	nl = memchr(line, '\n', n);
	end = nl ? nl : line + n;
	*end = '\0';
	p = line + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || !end[-1]))
		*--end = '\0';
	if (!*p) {
		elf_fail(c, "%s: #! line names no interpreter", path);
		return -ENOEXEC;
	}
	name = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	/* Without a newline in the buffer the name must end before it ends. */
	if (!nl && !*p && (size_t)(p - line) >= n) {
		elf_fail(c, "%s: #! line longer than %d bytes", path, SCRIPT_BUF);
		return -ENOEXEC;
	}
	if (*p) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			arg = p;
	}
	ret = resolve_exec(c, name, ELFDEP_SCRIPT_INTERP, dep, depth + 1);
	if (ret < 0)
		return ret;
	if (arg) {
		const char *base = strrchr(name, '/');
		char cmd[PATH_MAX];
		base = base ? base + 1 : name;
		if (!strcmp(base, "env") && env_command(arg, cmd, sizeof(cmd)) == 0) {
			char found[PATH_MAX];
			if (elfdeps_find_in_path(cmd, c->path_env, found, sizeof(found)) < 0)
				return missing_add(c, cmd, dep);
			return resolve_exec(c, found, ELFDEP_SCRIPT_INTERP, dep, depth + 1);
		}
	}
	return 0;
}

/* What exec(PATH) needs: PATH itself listed as KIND, and what it needs, recursively. */
static int resolve_exec(struct ctx *c, const char *path, enum elfdep_kind kind, long needed_by,
			int depth)
{
	unsigned char head[HEAD_SIZE];
	struct elf_info ei = {0}, iei = {0};
	struct stat st, ist;
	char what[PATH_MAX + 32] = "";
	ssize_t got;
	long dep, idep;
	int fd, ifd = -1, ret;

	/* Name the script too when its interpreter is the problem. */
	if (needed_by >= 0) /* fits: a listed path is shorter than PATH_MAX */
		(void)snprintf(what, sizeof(what), "%s: #! interpreter ",
			       c->deps->v[needed_by].path);
	if (depth > MAX_INTERP_DEPTH) {
		elf_fail(c, "%s: too many levels of #! interpreters", path);
		return -ELOOP;
	}
	fd = elf_open_regular(path, &st);
	if (fd == NOT_REGULAR) {
		elf_fail(c, "%s%s: not a regular file", what, path);
		return -EACCES;
	}
	if (fd < 0) {
		elf_fail(c, "%s%s: %s", what, path, strerror(-fd));
		return fd;
	}
	got = elf_read_at(fd, head, sizeof(head), 0);
	if (got < 0) {
		ret = (int)got;
		elf_fail(c, "%s%s: cannot read: %s", what, path, strerror(-ret));
		goto out;
	}
	if (got >= 2 && head[0] == '#' && head[1] == '!') {
		dep = dep_add(c, fd, &st, path, kind, needed_by);
		close(fd);
		fd = -1;
		ret = dep < 0 ? (int)dep : resolve_script(c, path, head, (size_t)got, dep, depth);
		goto out;
	}
	ret = elf_ident(head, (size_t)got, &ei);
	if (ret == -ENOEXEC) {
		elf_fail(c, "%s%s: not an ELF executable nor a #! script (exec format error)", what,
			 path);
		goto out;
	}
	if (ret < 0) {
		elf_fail(c, "%s%s: bad or truncated ELF header", what, path);
		ret = -ENOEXEC;
		goto out;
	}
	if (ei.type != ET_EXEC && ei.type != ET_DYN) {
		elf_fail(c, "%s%s: ELF file of type %u, not an executable", what, path, ei.type);
		ret = -ENOEXEC;
		goto out;
	}
	ret = elf_read(c, fd, (uint64_t)st.st_size, head, (size_t)got, path, &ei);
	if (ret < 0)
		goto out;
	dep = dep_add(c, fd, &st, path, kind, needed_by);
	if (dep < 0) {
		ret = (int)dep;
		goto out;
	}
	if (!ei.interp) {
		/* Static (or static-pie): the kernel loads nothing else, and
		 * nobody reads its DT_NEEDED. */
		ret = 0;
		goto out;
	}

	ifd = elf_open_regular(ei.interp, &ist);
	if (ifd < 0) {
		ret = ifd == NOT_REGULAR ? -EACCES : ifd;
		elf_fail(c, "%s: ELF interpreter %s: %s", path, ei.interp,
			 ifd == NOT_REGULAR ? "not a regular file" : strerror(-ifd));
		goto out;
	}
	got = elf_read_at(ifd, head, sizeof(head), 0);
	if (got < 0 || elf_ident(head, (size_t)got, &iei) < 0) {
		elf_fail(c, "%s: ELF interpreter %s is not an ELF file", path, ei.interp);
		ret = -ELIBBAD;
		goto out;
	}
	ret = elf_read(c, ifd, (uint64_t)ist.st_size, head, (size_t)got, ei.interp, &iei);
	if (ret < 0)
		goto out;
	idep = dep_add(c, ifd, &ist, ei.interp, ELFDEP_INTERP, dep);
	if (idep < 0) {
		ret = (int)idep;
		goto out;
	}
	ret = load_image(c, (size_t)dep, &st, &ei, (size_t)idep, &ist, ei.interp, &iei);
out:
	elf_info_free(&ei);
	elf_info_free(&iei);
	if (ifd >= 0)
		close(ifd);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* ---- Public API --------------------------------------------------------------- */

void elfdeps_free(struct elfdeps *deps)
{
	size_t i;
	if (!deps)
		return;
	for (i = 0; i < deps->n; i++)
		free(deps->v[i].path);
	free(deps->v);
	for (i = 0; i < deps->nmissing; i++)
		free(deps->missing[i]);
	free(deps->missing);
	free(deps->missing_by);
	memset(deps, 0, sizeof(*deps));
}

/* What loading the shared library PATH (dlopen) needs: PATH listed as a
 * library and its DT_NEEDED libraries, recursively, searched from it. */
static int resolve_library(struct ctx *c, const char *path)
{
	unsigned char head[HEAD_SIZE];
	struct elf_info ei = {0};
	struct ns ns = {0};
	struct stat st;
	ssize_t got;
	long dep;
	int fd, ret;

	fd = elf_open_regular(path, &st);
	if (fd < 0) {
		elf_fail(c, "%s: %s", path,
			 fd == NOT_REGULAR ? "not a regular file" : strerror(-fd));
		return fd == NOT_REGULAR ? -EACCES : fd;
	}
	got = elf_read_at(fd, head, sizeof(head), 0);
	ret = got < 0 ? (int)got : elf_ident(head, (size_t)got, &ei);
	if (ret >= 0 && ei.type != ET_DYN)
		ret = -ENOEXEC;
	if (ret < 0) {
		elf_fail(c, "%s: not an ELF shared object", path);
		goto out;
	}
	ret = elf_read(c, fd, (uint64_t)st.st_size, head, (size_t)got, path, &ei);
	if (ret < 0)
		goto out;
	dep = dep_add(c, fd, &st, path, ELFDEP_LIBRARY, -1);
	if (dep < 0) {
		ret = (int)dep;
		goto out;
	}
	/* The library stands for the program of its namespace: its own
	 * DT_RPATH, DT_RUNPATH and $ORIGIN drive the search, as they do when
	 * it is dlopen()ed (the real program's DT_RPATH is not known here). */
	ret = ns_add(c, &ns, (size_t)dep, &st, NULL, path, -1, &ei);
	for (size_t i = 0; ret >= 0 && i < ns.n; i++)
		for (size_t j = 0; ret >= 0 && j < ns.o[i].ei.nneeded; j++)
			ret = load_needed(c, &ns, (int)i, ns.o[i].ei.needed[j]);
	ret = ret < 0 ? ret : 0;
out:
	ns_free(&ns);
	elf_info_free(&ei);
	close(fd);
	return ret;
}

/* Run RESOLVE on PROGRAM with a fresh context; hand the result over whole. */
static int resolve_with(const char *program, const char *path_env, int library,
			struct elfdeps *deps, char *err, size_t errlen)
{
	struct elfdeps result = {0}; /* handed over at the end, whole */
	struct ctx c;
	size_t i;
	int ret;

	memset(deps, 0, sizeof(*deps));
	memset(&c, 0, sizeof(c));
	c.deps = &result;
	c.err = err;
	c.errlen = errlen;
	c.path_env = path_env ? path_env : DEFAULT_PATH;
	if (err && errlen)
		err[0] = '\0';
	if (!program || !*program) {
		elf_fail(&c, "empty program path");
		return -ENOENT;
	}

	ret = library ? resolve_library(&c, program)
		      : resolve_exec(&c, program, ELFDEP_PROGRAM, -1, 0);

	if (c.cache_map)
		munmap(c.cache_map, c.cache_map_len);
	for (i = 0; i < c.ndirs; i++)
		free(c.dirs[i].dir);
	free(c.dirs);
	free(c.keys);
	free(c.preload);
	if (ret < 0)
		elfdeps_free(&result);
	*deps = result;
	return ret;
}

int elfdeps_resolve_path(const char *program, const char *path_env, struct elfdeps *deps, char *err,
			 size_t errlen)
{
	return resolve_with(program, path_env, 0, deps, err, errlen);
}

int elfdeps_resolve_library(const char *library, struct elfdeps *deps, char *err, size_t errlen)
{
	return resolve_with(library, NULL, 1, deps, err, errlen);
}

int elfdeps_resolve(const char *program, struct elfdeps *deps, char *err, size_t errlen)
{
	return elfdeps_resolve_path(program, DEFAULT_PATH, deps, err, errlen);
}
