/* SPDX-License-Identifier: MIT */
#include "internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write the message for the caller (cut at its ERRLEN, still a message).
 * The caller returns its -errno itself: a variadic function is opaque to
 * the static analyzer, a value it returned would be unknown. */
__attribute__((format(printf, 2, 3))) void elf_fail(struct ctx *c, const char *fmt, ...)
{
	if (c->err && c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		(void)vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
}

/* "PATH: out of memory" (or without PATH) for the caller; -ENOMEM. */
int elf_no_memory(struct ctx *c, const char *path)
{
	if (path)
		elf_fail(c, "%s: out of memory", path);
	else
		elf_fail(c, "out of memory");
	return -ENOMEM;
}

/* ---- Small helpers ---------------------------------------------------------- */

int elf_host_big_endian(void)
{
	const uint16_t one = 1;
	return *(const unsigned char *)&one == 0;
}

static uint16_t rd16(const unsigned char *p, int be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(const unsigned char *p, int be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t rd64(const unsigned char *p, int be)
{
	uint64_t hi = rd32(be ? p : p + 4, be), lo = rd32(be ? p + 4 : p, be);
	return hi << 32 | lo;
}

/* A word of the file's class: 4 bytes in ELF32, 8 in ELF64. */
static uint64_t rdword(const unsigned char *p, const struct elf_info *ei)
{
	return ei->cls == ELFCLASS64 ? rd64(p, ei->data == ELFDATA2MSB)
				     : rd32(p, ei->data == ELFDATA2MSB);
}

/* [OFF, OFF+LEN) lies within a file of SIZE bytes (no overflow). */
int elf_in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* -errno for the call that just failed; never 0, which would read as
 * success (a count, an fd, an index). */
int elf_neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* pread() until LEN bytes or end of file; returns the count or -errno. */
ssize_t elf_read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	if (off > (uint64_t)INT64_MAX)
		return -EINVAL;
	while (done < len) {
		ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return elf_neg_errno();
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

void *elf_grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nv;
	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	nv = reallocarray(v, ncap, size);
	if (nv)
		*cap = ncap;
	return nv;
}

void elf_info_free(struct elf_info *ei)
{
	size_t i;
	free(ei->interp);
	for (i = 0; i < ei->nneeded; i++)
		free(ei->needed[i]);
	free(ei->needed);
	free(ei->runpath);
	free(ei->rpath);
	free(ei->soname);
	memset(ei, 0, sizeof(*ei));
}

/* Returned by elf_open_regular() for a directory, FIFO, device...: exec() says EACCES. */
#define NOT_REGULAR (-4096)

/* Open a file to read it: never blocks (FIFO), refuses what is not a regular file. */
int elf_open_regular(const char *path, struct stat *st)
{
	int fd;
	memset(st, 0, sizeof(*st)); /* zeros, not garbage, when the open fails */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return elf_neg_errno();
	if (fstat(fd, st) < 0) {
		int e = elf_neg_errno();
		close(fd);
		return e;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return NOT_REGULAR;
	}
	return fd;
}

/*
 * The canonical path of the open file FD, opened as PATH.  The kernel's name
 * of the fd costs one syscall where realpath() costs one per component;
 * realpath() is the fallback when /proc is not mounted.
 */
char *elf_canonical_path(int fd, const char *path)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;
	(void)snprintf(link, sizeof(link), "/proc/self/fd/%d", fd); /* fits */
	n = readlink(link, buf, sizeof(buf));
	if (n > 0 && (size_t)n < sizeof(buf) && buf[0] == '/') {
		buf[n] = '\0';
		/* A file replaced since we opened it: ask the path instead. */
		if (n < 10 || strcmp(buf + n - 10, " (deleted)") != 0)
			return strdup(buf);
	}
	return realpath(path, NULL);
}

/* The directory part of PATH as an absolute path (for $ORIGIN). */
char *elf_origin_of(const char *path, const char *canonical)
{
	const char *slash;
	char *o;
	/* ld.so takes the directory of the path it opened; a relative one is
	 * resolved against the cwd, which the canonical path already did. */
	if (path[0] != '/')
		path = canonical;
	slash = strrchr(path, '/');
	if (slash == path)
		return strdup("/");
	o = strndup(path, (size_t)(slash - path));
	return o;
}

/* ---- Reading ELF files ------------------------------------------------------- */

/*
 * Check the ELF identification and header in HEAD (N bytes read from the
 * start of the file).  Returns 0 and fills the header fields of EI, -ENOEXEC
 * if HEAD is not ELF at all, -EINVAL if it is a bad or truncated ELF header.
 */
int elf_ident(const unsigned char *head, size_t n, struct elf_info *ei)
{
	int be;
	if (n < EI_NIDENT || memcmp(head, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (head[EI_CLASS] != ELFCLASS32 && head[EI_CLASS] != ELFCLASS64)
		return -EINVAL;
	if (head[EI_DATA] != ELFDATA2LSB && head[EI_DATA] != ELFDATA2MSB)
		return -EINVAL;
	if (head[EI_VERSION] != EV_CURRENT)
		return -EINVAL;
	if (n < (head[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return -EINVAL;
	ei->cls = head[EI_CLASS];
	ei->data = head[EI_DATA];
	be = ei->data == ELFDATA2MSB;
	/* e_type, e_machine and e_flags sit at the same place in both classes
	 * but for e_flags, which follows the class-sized e_entry/e_phoff/e_shoff. */
	ei->type = rd16(head + 16, be);
	ei->machine = rd16(head + 18, be);
	ei->flags = rd32(head + (ei->cls == ELFCLASS64 ? 48 : 36), be);
	return 0;
}

/* A copy of the NUL-terminated string at OFF in STR (LEN bytes), or NULL. */
static char *str_at(const char *str, size_t len, uint64_t off)
{
	const char *end;
	if (off >= len)
		return NULL;
	end = memchr(str + off, '\0', len - off);
	if (!end)
		return NULL;
	return strndup(str + off, (size_t)(end - (str + off)));
}

/* Where the bytes of virtual address ADDR are in the file. */
static int vaddr_to_offset(const struct load_seg *segs, size_t nsegs, uint64_t addr, uint64_t *off,
			   uint64_t *avail)
{
	size_t i;
	for (i = 0; i < nsegs; i++) {
		if (addr >= segs[i].vaddr && addr - segs[i].vaddr < segs[i].filesz) {
			*off = segs[i].offset + (addr - segs[i].vaddr);
			*avail = segs[i].filesz - (addr - segs[i].vaddr);
			return 0;
		}
	}
	return -1;
}

/* The string offsets found in the dynamic section. */
struct dyn_refs {
	uint64_t strtab, strsz;
	int have_strtab, have_strsz;
	uint64_t *needed;
	size_t nneeded;
	uint64_t runpath, rpath, soname;
	int have_runpath, have_rpath, have_soname;
	uint64_t flags_1;
};

static int parse_dynamic(struct ctx *c, const char *path, const unsigned char *dyn, size_t len,
			 const struct elf_info *ei, struct dyn_refs *r)
{
	size_t esz = ei->cls == ELFCLASS64 ? 16 : 8, half = esz / 2, i, cap = 0;
	for (i = 0; i + esz <= len; i += esz) {
		int64_t tag;
		uint64_t val = rdword(dyn + i + half, ei);
		if (ei->cls == ELFCLASS64)
			tag = (int64_t)rdword(dyn + i, ei);
		else
			tag = (int32_t)rdword(dyn + i, ei);
		if (tag == DT_NULL)
			break;
		switch (tag) {
		case DT_NEEDED: {
			uint64_t *nv = elf_grow(r->needed, &cap, r->nneeded, sizeof(*nv));
			if (!nv)
				return elf_no_memory(c, path);
			r->needed = nv;
			r->needed[r->nneeded++] = val;
			break;
		}
		case DT_STRTAB:
			r->strtab = val;
			r->have_strtab = 1;
			break;
		case DT_STRSZ:
			r->strsz = val;
			r->have_strsz = 1;
			break;
		case DT_RUNPATH:
			r->runpath = val;
			r->have_runpath = 1;
			break;
		case DT_RPATH:
			r->rpath = val;
			r->have_rpath = 1;
			break;
		case DT_SONAME:
			r->soname = val;
			r->have_soname = 1;
			break;
		case DT_FLAGS_1:
			r->flags_1 = val;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The dynamic string table of a file, and maybe a window of it already read. */
struct strtab {
	int fd;
	uint64_t off, size; /* where the table is in the file */
	char *win;	    /* bytes [win_lo, win_lo + win_len) of the table, or NULL */
	uint64_t win_lo, win_len;
};

/* The window is read when the strings we need lie close together (they
 * usually do); otherwise, or for a string longer than the window holds,
 * each string is read on its own: a first short read, then up to the
 * longest string we accept. */
#define STRWIN_MAX   65536
#define STR_SHORT    1024
#define STR_MAX_READ 65536

/* A copy of the string at OFF of table T: 0, -ENOEXEC if it is not
 * terminated inside the table, -ENOMEM, or the read error. */
static int strtab_get(const struct strtab *t, uint64_t off, char **out)
{
	char *buf;
	size_t want;
	ssize_t got;

	*out = NULL;
	if (off >= t->size)
		return -ENOEXEC;
	if (t->win && off >= t->win_lo && off - t->win_lo < t->win_len) {
		*out = str_at(t->win, (size_t)t->win_len, off - t->win_lo);
		if (*out)
			return 0;
	}
	want = t->size - off < STR_MAX_READ ? (size_t)(t->size - off) : STR_MAX_READ;
	buf = malloc(want);
	if (!buf)
		return -ENOMEM;
	got = elf_read_at(t->fd, buf, want < STR_SHORT ? want : STR_SHORT, t->off + off);
	if (got >= 0 && !memchr(buf, '\0', (size_t)got) && want > STR_SHORT)
		got = elf_read_at(t->fd, buf, want, t->off + off);
	if (got < 0) {
		free(buf);
		return (int)got;
	}
	*out = str_at(buf, (size_t)got, 0);
	free(buf);
	return *out ? 0 : -ENOEXEC;
}

/*
 * Read the strings the dynamic section refers to.  Not the whole table:
 * libraries like libLLVM have megabytes of symbol names we do not need.
 */
static int read_dyn_strings(struct ctx *c, int fd, uint64_t fsize, const char *path,
			    const struct load_seg *segs, size_t nsegs, const struct dyn_refs *r,
			    struct elf_info *ei)
{
	struct strtab t = {.fd = fd};
	uint64_t lo = UINT64_MAX, hi = 0, avail;
	size_t i;
	int ret = 0;

	if (!r->nneeded && !r->have_runpath && !r->have_rpath && !r->have_soname)
		return 0;
	if (!r->have_strtab || !r->have_strsz) {
		elf_fail(c, "%s: bad ELF file: dynamic section without DT_STRTAB/DT_STRSZ", path);
		return -ENOEXEC;
	}
	if (vaddr_to_offset(segs, nsegs, r->strtab, &t.off, &avail) < 0) {
		elf_fail(c, "%s: bad ELF file: DT_STRTAB 0x%llx is outside every PT_LOAD segment",
			 path, (unsigned long long)r->strtab);
		return -ENOEXEC;
	}
	if (r->strsz > avail || !elf_in_file(t.off, r->strsz, fsize)) {
		elf_fail(c, "%s: bad ELF file: string table goes past the end of the file", path);
		return -ENOEXEC;
	}
	t.size = r->strsz;

	for (i = 0; i < r->nneeded; i++) {
		lo = r->needed[i] < lo ? r->needed[i] : lo;
		hi = r->needed[i] > hi ? r->needed[i] : hi;
	}
	{
		const uint64_t more[3] = {r->runpath, r->rpath, r->soname};
		const int have[3] = {r->have_runpath, r->have_rpath, r->have_soname};
		for (i = 0; i < 3; i++) {
			if (!have[i])
				continue;
			lo = more[i] < lo ? more[i] : lo;
			hi = more[i] > hi ? more[i] : hi;
		}
	}
	if (lo < t.size) {
		/* Room for the last string too: names are short, and a longer
		 * run path is read on its own by strtab_get(). */
		t.win_lo = lo;
		t.win_len = t.size - lo;
		if (hi < t.size && t.win_len > hi - lo + 256)
			t.win_len = hi - lo + 256;
		if (t.win_len <= STRWIN_MAX) {
			ssize_t got;
			t.win = malloc((size_t)t.win_len);
			if (!t.win)
				return elf_no_memory(c, path);
			got = elf_read_at(fd, t.win, (size_t)t.win_len, t.off + t.win_lo);
			if (got < 0) {
				free(t.win);
				elf_fail(c, "%s: cannot read the dynamic string table: %s", path,
					 strerror((int)-got));
				return (int)got;
			}
			t.win_len = (uint64_t)got;
		}
	}

	if (r->nneeded) {
		ei->needed = calloc(r->nneeded, sizeof(*ei->needed));
		if (!ei->needed)
			ret = -ENOMEM;
	}
	for (i = 0; !ret && i < r->nneeded; i++) {
		ret = strtab_get(&t, r->needed[i], &ei->needed[i]);
		if (!ret)
			ei->nneeded++;
	}
	if (!ret && r->have_runpath)
		ret = strtab_get(&t, r->runpath, &ei->runpath);
	if (!ret && r->have_rpath)
		ret = strtab_get(&t, r->rpath, &ei->rpath);
	if (!ret && r->have_soname)
		ret = strtab_get(&t, r->soname, &ei->soname);
	free(t.win);
	if (ret == -ENOEXEC) {
		elf_fail(c,
			 "%s: bad ELF file: dynamic string outside the string table or not "
			 "terminated",
			 path);
		return ret;
	}
	if (ret == -ENOMEM)
		return elf_no_memory(c, path);
	if (ret < 0) {
		elf_fail(c, "%s: cannot read the dynamic string table: %s", path, strerror(-ret));
		return ret;
	}
	return 0;
}

/* The program header table of an ELF file. */
struct phdrs {
	const unsigned char *ph; /* in the caller's HEAD, or BUF */
	unsigned char *buf;	 /* allocated when HEAD does not hold the table */
	size_t num, entsize;
};

/* A part of a file named by a program header. */
struct file_range {
	uint64_t off, len;
	int found;
};

/* What the program headers point to. */
struct elf_layout {
	struct load_seg *segs; /* the PT_LOAD segments */
	size_t nsegs;
	struct file_range interp, dyn; /* PT_INTERP, PT_DYNAMIC */
};

/*
 * Find the program header table of FD (opened as PATH, FSIZE bytes, HEAD =
 * its first HEADLEN bytes, checked by elf_ident into EI) and read it, unless
 * HEAD holds it.  0 with P->num == 0 when the file has none.
 */
static int phdrs_read(struct ctx *c, int fd, uint64_t fsize, const unsigned char *head,
		      size_t headlen, const char *path, const struct elf_info *ei, struct phdrs *p)
{
	int be = ei->data == ELFDATA2MSB, is64 = ei->cls == ELFCLASS64;
	uint64_t phoff = is64 ? rd64(head + 32, be) : rd32(head + 28, be);
	uint64_t shoff = is64 ? rd64(head + 40, be) : rd32(head + 32, be);
	size_t minent = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr), tabsize;
	ssize_t got;

	p->entsize = rd16(head + (is64 ? 54 : 42), be);
	p->num = rd16(head + (is64 ? 56 : 44), be);
	if (p->num == PN_XNUM) {
		/* More than 0xfffe headers: the count is in section header 0. */
		unsigned char sh[sizeof(Elf64_Shdr)];
		size_t shsz = is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
		if (!shoff || !elf_in_file(shoff, shsz, fsize) ||
		    elf_read_at(fd, sh, shsz, shoff) != (ssize_t)shsz) {
			elf_fail(c, "%s: bad ELF file: section header 0 out of the file", path);
			return -ENOEXEC;
		}
		p->num = rd32(sh + (is64 ? 44 : 28), be);
	}
	if (p->num == 0)
		return 0; /* nothing to load: nothing needed */
	if (p->entsize < minent) {
		elf_fail(c, "%s: bad ELF file: program header size %zu < %zu", path, p->entsize,
			 minent);
		return -ENOEXEC;
	}
	if (p->num > MAX_PHDRS_SIZE / p->entsize) {
		elf_fail(c, "%s: bad ELF file: %zu program headers", path, p->num);
		return -ENOEXEC;
	}
	tabsize = p->num * p->entsize;
	if (!elf_in_file(phoff, tabsize, fsize)) {
		elf_fail(c,
			 "%s: truncated or bad ELF file: program headers (offset %llu) beyond "
			 "the end of the file (%llu bytes)",
			 path, (unsigned long long)phoff, (unsigned long long)fsize);
		return -ENOEXEC;
	}
	if (phoff + tabsize <= headlen) {
		p->ph = head + phoff;
		return 0;
	}
	p->buf = calloc(1, tabsize); /* zeroed: the analyzer cannot see pread fill it */
	if (!p->buf)
		return elf_no_memory(c, path);
	got = elf_read_at(fd, p->buf, tabsize, phoff);
	if (got != (ssize_t)tabsize) {
		elf_fail(c, "%s: cannot read the program headers: %s", path,
			 got < 0 ? strerror((int)-got) : "file truncated");
		return got < 0 ? (int)got : -ENOEXEC;
	}
	p->ph = p->buf;
	return 0;
}

/* The PT_LOAD segments, PT_INTERP and PT_DYNAMIC of table P into L. */
static int phdrs_scan(struct ctx *c, const struct phdrs *p, uint64_t fsize, const char *path,
		      const struct elf_info *ei, struct elf_layout *l)
{
	int be = ei->data == ELFDATA2MSB, is64 = ei->cls == ELFCLASS64;

	l->segs = calloc(p->num, sizeof(*l->segs));
	if (!l->segs)
		return elf_no_memory(c, path);
	for (size_t i = 0; i < p->num; i++) {
		const unsigned char *e = p->ph + i * p->entsize;
		uint32_t type = rd32(e, be);
		uint64_t off = is64 ? rd64(e + 8, be) : rd32(e + 4, be);
		uint64_t vaddr = is64 ? rd64(e + 16, be) : rd32(e + 8, be);
		uint64_t filesz = is64 ? rd64(e + 32, be) : rd32(e + 16, be);
		struct file_range *r = NULL;

		if (type == PT_LOAD) {
			if (!elf_in_file(off, filesz, fsize)) {
				elf_fail(
				    c,
				    "%s: truncated or bad ELF file: PT_LOAD segment beyond the "
				    "end of the file",
				    path);
				return -ENOEXEC;
			}
			l->segs[l->nsegs].vaddr = vaddr;
			l->segs[l->nsegs].offset = off;
			l->segs[l->nsegs].filesz = filesz;
			l->nsegs++;
		} else if (type == PT_INTERP) {
			r = &l->interp;
		} else if (type == PT_DYNAMIC) {
			r = &l->dyn;
		}
		if (r && !r->found) {
			r->found = 1;
			r->off = off;
			r->len = filesz;
		}
	}
	return 0;
}

/* The path in PT_INTERP (range R) into EI->interp. */
static int interp_read(struct ctx *c, int fd, uint64_t fsize, const char *path,
		       const struct file_range *r, struct elf_info *ei)
{
	char buf[PATH_MAX];
	ssize_t got;

	/* The kernel's own limits (fs/binfmt_elf.c). */
	if (r->len < 2 || r->len > PATH_MAX || !elf_in_file(r->off, r->len, fsize)) {
		elf_fail(c, "%s: bad ELF file: PT_INTERP of %llu bytes at offset %llu", path,
			 (unsigned long long)r->len, (unsigned long long)r->off);
		return -ENOEXEC;
	}
	got = elf_read_at(fd, buf, (size_t)r->len, r->off);
	if (got != (ssize_t)r->len || buf[r->len - 1] != '\0' || !buf[0]) {
		elf_fail(c, "%s: bad ELF file: PT_INTERP is not a NUL-terminated path", path);
		return -ENOEXEC;
	}
	ei->interp = strdup(buf);
	return ei->interp ? 0 : elf_no_memory(c, path);
}

/* From PT_DYNAMIC (L->dyn): the needed names, run paths, soname and flags
 * into EI. */
static int dynamic_read(struct ctx *c, int fd, uint64_t fsize, const char *path,
			const struct elf_layout *l, struct elf_info *ei)
{
	const struct file_range *r = &l->dyn;
	struct dyn_refs refs = {0};
	unsigned char *dyn;
	ssize_t got;
	int ret;

	if (!elf_in_file(r->off, r->len, fsize)) {
		elf_fail(c, "%s: truncated or bad ELF file: PT_DYNAMIC beyond the end of the file",
			 path);
		return -ENOEXEC;
	}
	if (r->len > MAX_DYNAMIC_SIZE) {
		elf_fail(c, "%s: bad ELF file: dynamic section of %llu bytes", path,
			 (unsigned long long)r->len);
		return -ENOEXEC;
	}
	dyn = malloc(r->len ? (size_t)r->len : 1);
	if (!dyn)
		return elf_no_memory(c, path);
	got = elf_read_at(fd, dyn, (size_t)r->len, r->off);
	if (got != (ssize_t)r->len) {
		elf_fail(c, "%s: cannot read the dynamic section: %s", path,
			 got < 0 ? strerror((int)-got) : "file truncated");
		ret = got < 0 ? (int)got : -ENOEXEC;
	} else {
		ret = parse_dynamic(c, path, dyn, (size_t)r->len, ei, &refs);
	}
	free(dyn);
	if (ret == 0) {
		ei->flags_1 = refs.flags_1;
		ret = read_dyn_strings(c, fd, fsize, path, l->segs, l->nsegs, &refs, ei);
	}
	free(refs.needed);
	return ret;
}

/*
 * Read what matters to start FD (opened as PATH, FSIZE bytes, HEAD = its
 * first HEADLEN bytes, already checked by elf_ident into EI): PT_INTERP,
 * and from PT_DYNAMIC the needed names, run paths, soname and flags.
 */
int elf_read(struct ctx *c, int fd, uint64_t fsize, const unsigned char *head, size_t headlen,
	     const char *path, struct elf_info *ei)
{
	struct phdrs ph = {0};
	struct elf_layout l = {0};
	int ret;

	ret = phdrs_read(c, fd, fsize, head, headlen, path, ei, &ph);
	if (ret == 0 && ph.num)
		ret = phdrs_scan(c, &ph, fsize, path, ei, &l);
	if (ret == 0 && l.interp.found)
		ret = interp_read(c, fd, fsize, path, &l.interp, ei);
	if (ret == 0 && l.dyn.found)
		ret = dynamic_read(c, fd, fsize, path, &l, ei);
	free(l.segs);
	free(ph.buf);
	if (ret < 0)
		elf_info_free(ei);
	return ret;
}
