/* SPDX-License-Identifier: MIT */
/* elfdeps.c - landbox's own ELF dependency resolver, for `landbox run --ldd`.
 *
 * It answers "which files does the kernel open to exec this program, and
 * which files does glibc's ld.so open before main()?" by reading the files,
 * never by running them (ldd runs the loader, which runs code of the file).
 *
 * The model follows what the kernel and ld.so do:
 *  - the kernel: a "#!" line names an interpreter (and one optional
 *    argument), at most a few levels deep; an ELF file names its ELF
 *    interpreter in PT_INTERP.  Each exec is a new process image, so each
 *    executable gets its own set of loaded objects ("namespace" below).
 *  - ld.so: the DT_NEEDED entries of the program and of every library,
 *    breadth-first; a name already loaded (as a name or a DT_SONAME) is not
 *    searched again; a name with a '/' is a path; otherwise the search goes
 *    DT_RPATH of the needing object and of the objects that loaded it (only
 *    when the needing object has no DT_RUNPATH, and skipping objects that
 *    have one), DT_RPATH of the program, DT_RUNPATH of the needing object,
 *    /etc/ld.so.cache, then the default directories; DF_1_NODEFLIB skips
 *    the last two.  Each directory is also searched in its glibc-hwcaps
 *    subdirectories the CPU supports.  A candidate of another ELF class,
 *    byte order or machine is skipped.
 *
 * Every number read from a file is checked against the file size before it
 * is used: a bad file gives an error naming it, never a crash.  Files are
 * read with pread() into bounded buffers (no mmap: a file truncated under us
 * must not raise SIGBUS); only /etc/ld.so.cache is mapped, once per call.
 */
#include "elfdeps.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

/* The kernel reads this much of a file to find "#!" (BINPRM_BUF_SIZE). */
#define SCRIPT_BUF 256
/* exec() follows at most this many interpreters (fs/exec.c). */
#define MAX_INTERP_DEPTH 5
/* What is read first from every file: the ELF header and, nearly always,
 * the program headers and PT_INTERP. */
#define HEAD_SIZE 4096
/* The kernel refuses program header tables larger than this. */
#define MAX_PHDRS_SIZE 65536
/* A generous limit for the dynamic section, read whole. */
#define MAX_DYNAMIC_SIZE (1 << 20)
/* More objects than this in one process image is a loop we failed to see. */
#define MAX_OBJECTS 4096

#define LDSO_CACHE   "/etc/ld.so.cache"
#define LDSO_PRELOAD "/etc/ld.so.preload"

/* ---- What one ELF file says ---------------------------------------------- */

struct elf_info {
	unsigned char cls;  /* ELFCLASS32 / ELFCLASS64 */
	unsigned char data; /* ELFDATA2LSB / ELFDATA2MSB */
	uint16_t type;	    /* ET_EXEC, ET_DYN, ... */
	uint16_t machine;   /* EM_* */
	uint32_t flags;	    /* e_flags */
	char *interp;	    /* PT_INTERP, or NULL */
	char **needed;	    /* DT_NEEDED, in order */
	size_t nneeded;
	char *runpath, *rpath, *soname; /* or NULL */
	uint64_t flags_1;		/* DT_FLAGS_1 */
};

/* One PT_LOAD: where its bytes are in the file (to find DT_STRTAB). */
struct load_seg {
	uint64_t vaddr, offset, filesz;
};

/* ---- State of one elfdeps_resolve_path() call ---------------------------- */

/* Identity of a listed file, parallel to deps->v (dedup by inode). */
struct dep_key {
	dev_t dev;
	ino_t ino;
};

/* Search directories already looked at (avoid a stat storm). */
struct dir_state {
	char *dir;
	int exists;
	int hwcaps; /* has a glibc-hwcaps subdirectory */
};

/* Facts that depend on the ELF class and machine of the needing objects. */
struct arch_facts {
	unsigned char cls;
	uint16_t machine;
	char lib[64];	   /* what $LIB expands to */
	char platform[64]; /* what $PLATFORM expands to */
	char tuple[48];	   /* multiarch tuple, "" if unknown */
	int hwcaps_level;  /* glibc-hwcaps x86-64-vN usable: N, 0 none, -1 not known yet */
};

struct ctx {
	struct elfdeps *deps;
	struct dep_key *keys;
	char *err;
	size_t errlen;
	const char *path_env;

	/* /etc/ld.so.cache, mapped on first use */
	int cache_tried;
	void *cache_map;
	size_t cache_map_len;
	const unsigned char *cache;
	size_t cache_len;
	const unsigned char *cache_entries;
	uint32_t cache_nlibs;
	const unsigned char *cache_hwcaps; /* array of uint32 string offsets */
	uint32_t cache_nhwcaps;

	struct dir_state *dirs;
	size_t ndirs;
	struct arch_facts arch[4];
	size_t narch;

	char *preload; /* contents of /etc/ld.so.preload, or NULL */
	int preload_tried;
};

/* One object loaded in a process image (ld.so's link map, in short). */
struct ns_obj {
	size_t dep; /* index in deps->v */
	dev_t dev;
	ino_t ino;
	char *name;   /* name it was loaded as, NULL for the program and its interpreter */
	char *origin; /* what $ORIGIN expands to for it */
	int loader;   /* index of the object whose DT_NEEDED loaded it, -1 if none */
	int is_interp;
	struct elf_info ei;
};

struct ns {
	struct ns_obj *o;
	size_t n, cap;
};

/* Write the message for the caller (cut at its ERRLEN, still a message).
 * The caller returns its -errno itself: a variadic function is opaque to
 * the static analyzer, a value it returned would be unknown. */
__attribute__((format(printf, 2, 3))) static void fail(struct ctx *c, const char *fmt, ...)
{
	if (c->err && c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		(void)vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
}

/* "PATH: out of memory" (or without PATH) for the caller; -ENOMEM. */
static int no_memory(struct ctx *c, const char *path)
{
	if (path)
		fail(c, "%s: out of memory", path);
	else
		fail(c, "out of memory");
	return -ENOMEM;
}

/* ---- Small helpers ---------------------------------------------------------- */

static int host_big_endian(void)
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
static int in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* -errno for the call that just failed; never 0, which would read as
 * success (a count, an fd, an index). */
static int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* pread() until LEN bytes or end of file; returns the count or -errno. */
static ssize_t read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	if (off > (uint64_t)INT64_MAX)
		return -EINVAL;
	while (done < len) {
		ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return neg_errno();
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static void *grow(void *v, size_t *cap, size_t n, size_t size)
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

static void elf_info_free(struct elf_info *ei)
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

/* Returned by open_regular() for a directory, FIFO, device...: exec() says EACCES. */
#define NOT_REGULAR (-4096)

/* Open a file to read it: never blocks (FIFO), refuses what is not a regular file. */
static int open_regular(const char *path, struct stat *st)
{
	int fd;
	memset(st, 0, sizeof(*st)); /* zeros, not garbage, when the open fails */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return neg_errno();
	if (fstat(fd, st) < 0) {
		int e = neg_errno();
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
static char *canonical_path(int fd, const char *path)
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
static char *origin_of(const char *path, const char *canonical)
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
static int elf_ident(const unsigned char *head, size_t n, struct elf_info *ei)
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
			uint64_t *nv = grow(r->needed, &cap, r->nneeded, sizeof(*nv));
			if (!nv)
				return no_memory(c, path);
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
	got = read_at(t->fd, buf, want < STR_SHORT ? want : STR_SHORT, t->off + off);
	if (got >= 0 && !memchr(buf, '\0', (size_t)got) && want > STR_SHORT)
		got = read_at(t->fd, buf, want, t->off + off);
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
		fail(c, "%s: bad ELF file: dynamic section without DT_STRTAB/DT_STRSZ", path);
		return -ENOEXEC;
	}
	if (vaddr_to_offset(segs, nsegs, r->strtab, &t.off, &avail) < 0) {
		fail(c, "%s: bad ELF file: DT_STRTAB 0x%llx is outside every PT_LOAD segment", path,
		     (unsigned long long)r->strtab);
		return -ENOEXEC;
	}
	if (r->strsz > avail || !in_file(t.off, r->strsz, fsize)) {
		fail(c, "%s: bad ELF file: string table goes past the end of the file", path);
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
				return no_memory(c, path);
			got = read_at(fd, t.win, (size_t)t.win_len, t.off + t.win_lo);
			if (got < 0) {
				free(t.win);
				fail(c, "%s: cannot read the dynamic string table: %s", path,
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
		fail(c,
		     "%s: bad ELF file: dynamic string outside the string table or not "
		     "terminated",
		     path);
		return ret;
	}
	if (ret == -ENOMEM)
		return no_memory(c, path);
	if (ret < 0) {
		fail(c, "%s: cannot read the dynamic string table: %s", path, strerror(-ret));
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
		if (!shoff || !in_file(shoff, shsz, fsize) ||
		    read_at(fd, sh, shsz, shoff) != (ssize_t)shsz) {
			fail(c, "%s: bad ELF file: section header 0 out of the file", path);
			return -ENOEXEC;
		}
		p->num = rd32(sh + (is64 ? 44 : 28), be);
	}
	if (p->num == 0)
		return 0; /* nothing to load: nothing needed */
	if (p->entsize < minent) {
		fail(c, "%s: bad ELF file: program header size %zu < %zu", path, p->entsize,
		     minent);
		return -ENOEXEC;
	}
	if (p->num > MAX_PHDRS_SIZE / p->entsize) {
		fail(c, "%s: bad ELF file: %zu program headers", path, p->num);
		return -ENOEXEC;
	}
	tabsize = p->num * p->entsize;
	if (!in_file(phoff, tabsize, fsize)) {
		fail(c,
		     "%s: truncated or bad ELF file: program headers (offset %llu) beyond "
		     "the end of the file (%llu bytes)",
		     path, (unsigned long long)phoff, (unsigned long long)fsize);
		return -ENOEXEC;
	}
	if (phoff + tabsize <= headlen) {
		p->ph = head + phoff;
		return 0;
	}
	p->buf = malloc(tabsize);
	if (!p->buf)
		return no_memory(c, path);
	got = read_at(fd, p->buf, tabsize, phoff);
	if (got != (ssize_t)tabsize) {
		fail(c, "%s: cannot read the program headers: %s", path,
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
		return no_memory(c, path);
	for (size_t i = 0; i < p->num; i++) {
		const unsigned char *e = p->ph + i * p->entsize;
		uint32_t type = rd32(e, be);
		uint64_t off = is64 ? rd64(e + 8, be) : rd32(e + 4, be);
		uint64_t vaddr = is64 ? rd64(e + 16, be) : rd32(e + 8, be);
		uint64_t filesz = is64 ? rd64(e + 32, be) : rd32(e + 16, be);
		struct file_range *r = NULL;

		if (type == PT_LOAD) {
			if (!in_file(off, filesz, fsize)) {
				fail(c,
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
	if (r->len < 2 || r->len > PATH_MAX || !in_file(r->off, r->len, fsize)) {
		fail(c, "%s: bad ELF file: PT_INTERP of %llu bytes at offset %llu", path,
		     (unsigned long long)r->len, (unsigned long long)r->off);
		return -ENOEXEC;
	}
	got = read_at(fd, buf, (size_t)r->len, r->off);
	if (got != (ssize_t)r->len || buf[r->len - 1] != '\0' || !buf[0]) {
		fail(c, "%s: bad ELF file: PT_INTERP is not a NUL-terminated path", path);
		return -ENOEXEC;
	}
	ei->interp = strdup(buf);
	return ei->interp ? 0 : no_memory(c, path);
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

	if (!in_file(r->off, r->len, fsize)) {
		fail(c, "%s: truncated or bad ELF file: PT_DYNAMIC beyond the end of the file",
		     path);
		return -ENOEXEC;
	}
	if (r->len > MAX_DYNAMIC_SIZE) {
		fail(c, "%s: bad ELF file: dynamic section of %llu bytes", path,
		     (unsigned long long)r->len);
		return -ENOEXEC;
	}
	dyn = malloc(r->len ? (size_t)r->len : 1);
	if (!dyn)
		return no_memory(c, path);
	got = read_at(fd, dyn, (size_t)r->len, r->off);
	if (got != (ssize_t)r->len) {
		fail(c, "%s: cannot read the dynamic section: %s", path,
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
static int elf_read(struct ctx *c, int fd, uint64_t fsize, const unsigned char *head,
		    size_t headlen, const char *path, struct elf_info *ei)
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

/* ---- Facts about this machine and its glibc ----------------------------------- */

/* Debian's multiarch tuple for an ELF class and machine ("" if unknown). */
static const char *multiarch_tuple(unsigned char cls, uint16_t machine, unsigned char data,
				   uint32_t flags)
{
	int is64 = cls == ELFCLASS64, le = data == ELFDATA2LSB;
	switch (machine) {
	case EM_X86_64:
		return is64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
	case EM_386:
		return "i386-linux-gnu";
	case EM_AARCH64:
		return is64 ? (le ? "aarch64-linux-gnu" : "aarch64_be-linux-gnu")
			    : "aarch64-linux-gnu_ilp32";
	case EM_ARM:
		/* EF_ARM_ABI_FLOAT_HARD */
		return (flags & 0x400) ? "arm-linux-gnueabihf" : "arm-linux-gnueabi";
	case EM_PPC64:
		return le ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu";
	case EM_PPC:
		return "powerpc-linux-gnu";
	case EM_S390:
		return is64 ? "s390x-linux-gnu" : "s390-linux-gnu";
	case EM_RISCV:
		return is64 ? "riscv64-linux-gnu" : "riscv32-linux-gnu";
	case EM_SPARCV9:
		return "sparc64-linux-gnu";
	case EM_IA_64:
		return "ia64-linux-gnu";
	case EM_ALPHA:
		return "alpha-linux-gnu";
	case EM_68K:
		return "m68k-linux-gnu";
	case EM_SH:
		return "sh4-linux-gnu";
	case EM_MIPS:
		if (is64)
			return le ? "mips64el-linux-gnuabi64" : "mips64-linux-gnuabi64";
		return le ? "mipsel-linux-gnu" : "mips-linux-gnu";
#ifdef EM_LOONGARCH
	case EM_LOONGARCH:
		return "loongarch64-linux-gnu";
#endif
	default:
		return "";
	}
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

#if defined(__x86_64__) || defined(__i386__)
/* The x86 CPU features ld.so's choices depend on, "active" meaning usable:
 * present and, for AVX and AVX-512, their registers saved by the OS. */
struct x86_features {
	int cx16, lahf, popcnt, sse3, sse41, sse42, ssse3;			 /* x86-64-v2 */
	int avx, avx2, bmi1, bmi2, f16c, fma, lzcnt, movbe;			 /* x86-64-v3 */
	int avx512f, avx512bw, avx512cd, avx512dq, avx512vl, avx512er, avx512pf; /* v4, xeon_phi */
};

#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
/*
 * glibc 2.33+ hands out what ld.so computed at start-up: no CPUID (which
 * costs tens of microseconds in a virtual machine), and the same answer as
 * ld.so, tunables included.  Read like CPU_FEATURE_ACTIVE() but with an
 * unsigned shift: the header's 1 << 31 is undefined behaviour.
 */
static int x86_active(unsigned index)
{
	const unsigned bits = 8 * sizeof(unsigned);
	const struct cpuid_feature *f = __x86_get_cpuid_feature_leaf(index / (4 * bits));
	unsigned reg = index % (4 * bits);
	return f && (f->active_array[reg / bits] >> (reg % bits)) & 1U;
}

static void x86_features(struct x86_features *f)
{
	f->cx16 = x86_active(x86_cpu_CMPXCHG16B);
	f->lahf = x86_active(x86_cpu_LAHF64_SAHF64);
	f->popcnt = x86_active(x86_cpu_POPCNT);
	f->sse3 = x86_active(x86_cpu_SSE3);
	f->sse41 = x86_active(x86_cpu_SSE4_1);
	f->sse42 = x86_active(x86_cpu_SSE4_2);
	f->ssse3 = x86_active(x86_cpu_SSSE3);
	f->avx = x86_active(x86_cpu_AVX);
	f->avx2 = x86_active(x86_cpu_AVX2);
	f->bmi1 = x86_active(x86_cpu_BMI1);
	f->bmi2 = x86_active(x86_cpu_BMI2);
	f->f16c = x86_active(x86_cpu_F16C);
	f->fma = x86_active(x86_cpu_FMA);
	f->lzcnt = x86_active(x86_cpu_LZCNT);
	f->movbe = x86_active(x86_cpu_MOVBE);
	f->avx512f = x86_active(x86_cpu_AVX512F);
	f->avx512bw = x86_active(x86_cpu_AVX512BW);
	f->avx512cd = x86_active(x86_cpu_AVX512CD);
	f->avx512dq = x86_active(x86_cpu_AVX512DQ);
	f->avx512vl = x86_active(x86_cpu_AVX512VL);
	f->avx512er = x86_active(x86_cpu_AVX512ER);
	f->avx512pf = x86_active(x86_cpu_AVX512PF);
}
#else
static void x86_features(struct x86_features *f)
{
	unsigned a, b, c1 = 0, d, c81 = 0, b7 = 0, c7, maxleaf, os = 0, os512 = 0;
	memset(f, 0, sizeof(*f));
	if (!__get_cpuid(0, &maxleaf, &b, &c7, &d) || !__get_cpuid(1, &a, &b, &c1, &d))
		return;
	if (maxleaf >= 7)
		__cpuid_count(7, 0, a, b7, c7, d);
	if (!__get_cpuid(0x80000001, &a, &b, &c81, &d))
		c81 = 0;
	if (c1 & (1U << 27)) { /* OSXSAVE: XCR0 says which registers the OS saves */
		unsigned lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		os = (lo & 0x6) == 0x6;
		os512 = os && (lo & 0xe0) == 0xe0;
	}
#define BIT(r, n) (((r) >> (n)) & 1U)
	f->cx16 = BIT(c1, 13), f->lahf = BIT(c81, 0), f->popcnt = BIT(c1, 23);
	f->sse3 = BIT(c1, 0), f->sse41 = BIT(c1, 19), f->sse42 = BIT(c1, 20);
	f->ssse3 = BIT(c1, 9), f->avx = os && BIT(c1, 28), f->avx2 = os && BIT(b7, 5);
	f->bmi1 = BIT(b7, 3), f->bmi2 = BIT(b7, 8), f->f16c = os && BIT(c1, 29);
	f->fma = os && BIT(c1, 12), f->lzcnt = BIT(c81, 5), f->movbe = BIT(c1, 22);
	f->avx512f = os512 && BIT(b7, 16), f->avx512bw = os512 && BIT(b7, 30);
	f->avx512cd = os512 && BIT(b7, 28), f->avx512dq = os512 && BIT(b7, 17);
	f->avx512vl = os512 && BIT(b7, 31), f->avx512er = os512 && BIT(b7, 27);
	f->avx512pf = os512 && BIT(b7, 26);
#undef BIT
}
#endif

/* The highest x86-64 ISA level usable (2..4), 0 for the baseline. */
static int x86_isa_level(void)
{
	struct x86_features f;
	int v2, v3, v4;
	x86_features(&f);
	v2 = f.cx16 && f.lahf && f.popcnt && f.sse3 && f.sse41 && f.sse42 && f.ssse3;
	v3 = v2 && f.avx && f.avx2 && f.bmi1 && f.bmi2 && f.f16c && f.fma && f.lzcnt && f.movbe;
	v4 = v3 && f.avx512f && f.avx512bw && f.avx512cd && f.avx512dq && f.avx512vl;
	return v4 ? 4 : v3 ? 3 : v2 ? 2 : 0;
}

/* ld.so renames the platform of Intel CPUs (sysdeps/x86/cpu-features.c);
 * NULL keeps the kernel's AT_PLATFORM. */
static const char *x86_64_platform(void)
{
	unsigned maxleaf, vendor[3];
	struct x86_features f;
	if (!__get_cpuid(0, &maxleaf, &vendor[0], &vendor[2], &vendor[1]) ||
	    memcmp(vendor, "GenuineIntel", 12) != 0)
		return NULL;
	x86_features(&f);
	if (f.avx512cd && f.avx512er && f.avx512pf)
		return "xeon_phi";
	if (f.avx2 && f.fma && f.bmi1 && f.bmi2 && f.lzcnt && f.movbe && f.popcnt)
		return "haswell";
	return NULL;
}
#endif

/*
 * The facts of the ld.so that loads objects of this class and machine.
 * Computed on demand: most programs need none of $LIB, $PLATFORM and
 * glibc-hwcaps, and each costs system calls or CPUID.
 */
static struct arch_facts *arch_facts(struct ctx *c, const struct elf_info *ei)
{
	struct arch_facts *a;
	size_t i;

	for (i = 0; i < c->narch; i++)
		if (c->arch[i].cls == ei->cls && c->arch[i].machine == ei->machine)
			return &c->arch[i];
	/* Only a few kinds of objects ever meet in one call: recycle the last slot. */
	a = &c->arch[c->narch < 4 ? c->narch++ : 3];
	memset(a, 0, sizeof(*a));
	a->cls = ei->cls;
	a->machine = ei->machine;
	a->hwcaps_level = -1;
	/* Fits: the longest tuple has 24 bytes. */
	(void)snprintf(a->tuple, sizeof(a->tuple), "%s",
		       multiarch_tuple(ei->cls, ei->machine, ei->data, ei->flags));
	return a;
}

/*
 * $LIB is compiled into ld.so: Debian and Ubuntu build it as
 * "lib/<multiarch tuple>", Fedora and SUSE as "lib64" for 64-bit, others
 * as "lib".  We cannot ask ld.so without running it, so we guess from the
 * directories that exist, in that order.
 */
static const char *arch_lib(struct arch_facts *a)
{
	char dir[96];
	if (a->lib[0])
		return a->lib;
	/* Everything fits: a tuple has less than 48 bytes. */
	(void)snprintf(dir, sizeof(dir), "/usr/lib/%s", a->tuple);
	if (a->tuple[0] && is_dir(dir))
		(void)snprintf(a->lib, sizeof(a->lib), "lib/%s", a->tuple);
	else if (a->cls == ELFCLASS64 && is_dir("/usr/lib64"))
		(void)snprintf(a->lib, sizeof(a->lib), "lib64");
	else if (a->cls == ELFCLASS32 && a->machine == EM_X86_64 && is_dir("/usr/libx32"))
		(void)snprintf(a->lib, sizeof(a->lib), "libx32");
	else if (a->cls == ELFCLASS32 && sizeof(void *) == 8 && is_dir("/usr/lib32"))
		(void)snprintf(a->lib, sizeof(a->lib), "lib32");
	else
		(void)snprintf(a->lib, sizeof(a->lib), "lib");
	return a->lib;
}

static const char *arch_platform(struct arch_facts *a)
{
	const char *p = NULL;
	if (a->platform[0])
		return a->platform;
#if defined(__x86_64__) || defined(__i386__)
	if (a->machine == EM_X86_64)
		p = x86_64_platform();
	else if (a->machine == EM_386)
		p = "i686"; /* every CPU that runs this code has CMOV */
#endif
	/* AT_PLATFORM's value is the address of a string: getauxval returns
	 * every entry as an unsigned long, the cast is its documented use. */
	if (!p)
		p = (const char *)getauxval(AT_PLATFORM); /* NOLINT(performance-no-int-to-ptr) */
	/* Fits: platform names are short ("x86_64", "aarch64"). */
	(void)snprintf(a->platform, sizeof(a->platform), "%s", p ? p : "");
	return a->platform;
}

/* The highest glibc-hwcaps level usable (x86-64-v2..v4), 0 if none. */
static int arch_hwcaps_level(struct arch_facts *a)
{
	if (a->hwcaps_level >= 0)
		return a->hwcaps_level;
	a->hwcaps_level = 0;
#if defined(__x86_64__)
	/* glibc-hwcaps subdirectories exist for x86-64 (and POWER and Z,
	 * which this code does not know yet). */
	if (a->machine == EM_X86_64 && a->cls == ELFCLASS64)
		a->hwcaps_level = x86_isa_level();
#endif
	return a->hwcaps_level;
}

/* ---- /etc/ld.so.cache --------------------------------------------------------- */

/*
 * The "new" format (glibc 2.32+ writes only this one), possibly after the
 * old "ld.so-1.7.0" table:
 *   header: char magic[17] "glibc-ld.so.cache", char version[3] "1.1",
 *           u32 nlibs, u32 len_strings, u8 flags (byte order), u8 pad[3],
 *           u32 extension_offset, u32 unused[3]           (48 bytes)
 *   entry:  i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap (24)
 * Strings are offsets from the start of the new header.  Entries are sorted
 * by name in descending version-aware order (_dl_cache_libcmp), the
 * glibc-hwcaps variants of a name before its plain entries.
 */
#define CACHE_MAGIC_OLD	 "ld.so-1.7.0"
#define CACHE_MAGIC_NEW	 "glibc-ld.so.cache1.1"
#define CACHE_HDR_SIZE	 48
#define CACHE_ENTRY_SIZE 24
#define CACHE_EXT_MAGIC	 0xea8e5f74U /* (uint32_t) -358342284 */
#define CACHE_EXT_HWCAPS 1
#define HWCAP_EXTENSION	 (1ULL << 62)
#define CACHE_FLAG_TYPE	 0x00ff
#define CACHE_FLAG_ELF	 0x0001
#define CACHE_FLAG_LIBC6 0x0003
#define CACHE_FLAG_ANY	 (-1)

/* Take the cache image M (LEN bytes) if it is one ld.so would use: sets
 * c->cache and the tables; otherwise leaves them unset. */
static void cache_parse(struct ctx *c, const unsigned char *m, size_t len)
{
	const unsigned char *hdr;
	size_t off = 0;
	uint32_t nlibs, extoff;

	if (len < CACHE_HDR_SIZE)
		return;
	if (!memcmp(m, CACHE_MAGIC_OLD, sizeof(CACHE_MAGIC_OLD) - 1)) {
		/* Old table: 16-byte header, 12-byte entries; the new one follows, 8-aligned. */
		uint32_t oldn;
		memcpy(&oldn, m + 12, 4);
		if (oldn > (len - 16) / 12)
			return;
		off = (16 + (size_t)oldn * 12 + 7) & ~(size_t)7;
	}
	/* Rounded up, OFF may lie past the end of a cache whose old table ends
	 * at (or just before) its end: check it before LEN - OFF. */
	if (off > len || len - off < CACHE_HDR_SIZE || memcmp(m + off, CACHE_MAGIC_NEW, 20) != 0)
		return;
	hdr = m + off;
	/* Byte order: 0 unset, 2 little, 3 big; a cache for the other order is not ours. */
	if (hdr[28] != 0 && hdr[28] != (host_big_endian() ? 3 : 2))
		return;
	memcpy(&nlibs, hdr + 20, 4);
	memcpy(&extoff, hdr + 32, 4);
	if (nlibs > (len - off - CACHE_HDR_SIZE) / CACHE_ENTRY_SIZE)
		return;
	/* From here string offsets are relative to the new header. */
	c->cache = hdr;
	c->cache_len = len - off;
	c->cache_entries = hdr + CACHE_HDR_SIZE;
	c->cache_nlibs = nlibs;

	/* The extension directory, for the names of glibc-hwcaps subdirectories. */
	if (extoff && extoff % 4 == 0 && in_file(extoff, 8, c->cache_len)) {
		uint32_t magic, count;
		memcpy(&magic, hdr + extoff, 4);
		memcpy(&count, hdr + extoff + 4, 4);
		if (magic == CACHE_EXT_MAGIC && count <= (c->cache_len - extoff - 8) / 16) {
			for (size_t i = 0; i < count; i++) {
				uint32_t sec[4]; /* tag, flags, offset, size */
				memcpy(sec, hdr + extoff + 8 + 16 * i, 16);
				if (sec[0] == CACHE_EXT_HWCAPS && sec[2] % 4 == 0 &&
				    in_file(sec[2], sec[3], c->cache_len)) {
					c->cache_hwcaps = hdr + sec[2];
					c->cache_nhwcaps = sec[3] / 4;
				}
			}
		}
	}
}

/* Map /etc/ld.so.cache (once per call) and take it if ld.so would. */
static void cache_load(struct ctx *c)
{
	struct stat st;
	size_t len;
	int fd;
	void *map;

	c->cache_tried = 1;
	fd = open(LDSO_CACHE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < CACHE_HDR_SIZE ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return;
	}
	len = (size_t)st.st_size;
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	c->cache_map = map;
	c->cache_map_len = len;
	cache_parse(c, map, len);
}

/* Cache string at OFF, or NULL if it is not inside the cache. */
static const char *cache_str(const struct ctx *c, uint32_t off)
{
	if (off >= c->cache_len || !memchr(c->cache + off, '\0', c->cache_len - off))
		return NULL;
	return (const char *)c->cache + off;
}

/* ld.so's order of library names: runs of digits compare as numbers. */
static int libcmp(const char *a, const char *b)
{
	while (*a) {
		int da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';
		if (da && db) {
			unsigned long va = 0, vb = 0;
			while (*a >= '0' && *a <= '9')
				va = va * 10 + (unsigned long)(*a++ - '0');
			while (*b >= '0' && *b <= '9')
				vb = vb * 10 + (unsigned long)(*b++ - '0');
			if (va != vb)
				return va < vb ? -1 : 1;
		} else if (da) {
			return 1;
		} else if (db) {
			return -1;
		} else if (*a != *b) {
			return (unsigned char)*a - (unsigned char)*b;
		} else {
			a++;
			b++;
		}
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* The cache flags ld.so accepts for objects of this class and machine. */
static int cache_flags_for(const struct elf_info *ei)
{
	int is64 = ei->cls == ELFCLASS64;
	switch (ei->machine) {
	case EM_X86_64:
		return is64 ? 0x0303 : 0x0803;
	case EM_386:
		return CACHE_FLAG_LIBC6;
	case EM_AARCH64:
		return is64 ? 0x0a03 : CACHE_FLAG_ANY;
	case EM_PPC64:
		return 0x0503;
	case EM_S390:
		return is64 ? 0x0403 : CACHE_FLAG_LIBC6;
	case EM_SPARCV9:
		return 0x0103;
	case EM_IA_64:
		return 0x0203;
	case EM_PPC:
		return CACHE_FLAG_LIBC6;
	default:
		/* ARM, MIPS, RISC-V, LoongArch: flags depend on the float ABI;
		 * take any entry and let the ELF header check decide. */
		return CACHE_FLAG_ANY;
	}
}

/* Priority of a glibc-hwcaps subdirectory (0: not usable on this CPU). */
static int hwcaps_priority(struct arch_facts *a, const char *name)
{
	int level;
	if (strncmp(name, "x86-64-v", 8) != 0 || name[8] < '2' || name[8] > '4' || name[9])
		return 0;
	level = name[8] - '0';
	return arch_hwcaps_level(a) >= level ? level - 1 : 0;
}

/*
 * The paths the cache gives for NAME, best first, into OUT (at most MAX).
 * As ld.so: the best usable glibc-hwcaps variant if any, else the first
 * plain entry with the right flags.  With CACHE_FLAG_ANY every plain entry
 * is returned, for the caller to check their ELF headers.
 */
static size_t cache_lookup(struct ctx *c, const struct elf_info *needer, const char *name,
			   const char **out, size_t max)
{
	struct arch_facts *a = arch_facts(c, needer);
	int want = cache_flags_for(needer), best_prio = 0;
	long lo = 0, hi, mid = -1;
	size_t n = 0;
	const char *best = NULL;

	if (!c->cache_tried)
		cache_load(c);
	if (!c->cache_entries || !max)
		return 0;
	hi = (long)c->cache_nlibs - 1;
	while (lo <= hi) {
		long m = lo + (hi - lo) / 2;
		uint32_t key;
		const char *k;
		int cmp;
		memcpy(&key, c->cache_entries + (size_t)m * CACHE_ENTRY_SIZE + 4, 4);
		k = cache_str(c, key);
		if (!k)
			return 0; /* corrupt cache: ld.so would ignore it too */
		cmp = libcmp(name, k);
		if (cmp == 0) {
			mid = m;
			break;
		}
		if (cmp < 0)
			lo = m + 1;
		else
			hi = m - 1;
	}
	if (mid < 0)
		return 0;
	/* Back to the first entry of this name, then through all of them. */
	while (mid > 0) {
		uint32_t key;
		const char *k;
		memcpy(&key, c->cache_entries + (size_t)(mid - 1) * CACHE_ENTRY_SIZE + 4, 4);
		k = cache_str(c, key);
		if (!k || libcmp(name, k))
			break;
		mid--;
	}
	for (; (uint32_t)mid < c->cache_nlibs; mid++) {
		const unsigned char *e = c->cache_entries + (size_t)mid * CACHE_ENTRY_SIZE;
		int32_t flags;
		uint32_t key, value;
		uint64_t hwcap;
		const char *k, *v;
		memcpy(&flags, e, 4);
		memcpy(&key, e + 4, 4);
		memcpy(&value, e + 8, 4);
		memcpy(&hwcap, e + 16, 8);
		k = cache_str(c, key);
		if (!k || libcmp(name, k))
			break;
		v = cache_str(c, value);
		if (!v)
			continue;
		if ((flags & CACHE_FLAG_TYPE) != CACHE_FLAG_LIBC6 && flags != CACHE_FLAG_ELF)
			continue;
		if (want != CACHE_FLAG_ANY && flags != want && flags != CACHE_FLAG_ELF)
			continue;
		if ((hwcap >> 32) == (HWCAP_EXTENSION >> 32)) {
			uint32_t idx = (uint32_t)hwcap, soff;
			const char *sub;
			int prio;
			if (idx >= c->cache_nhwcaps)
				continue;
			memcpy(&soff, c->cache_hwcaps + (size_t)4 * idx, 4);
			sub = cache_str(c, soff);
			prio = sub ? hwcaps_priority(a, sub) : 0;
			if (prio > best_prio) {
				best_prio = prio;
				best = v;
			}
			continue;
		}
		/* Legacy hwcaps (tls, haswell, ... subdirectories): only the
		 * baseline entry, see the known gaps in the report. */
		if (hwcap & ~(1ULL << 63))
			continue;
		if (best)
			break; /* a glibc-hwcaps variant wins over plain entries */
		out[n++] = v;
		if (want != CACHE_FLAG_ANY || n == max)
			break;
	}
	if (best) {
		out[0] = best;
		n = 1;
	}
	return n;
}

/* ---- Searching libraries ------------------------------------------------------- */

/* A candidate found by a search: open, checked, its header read. */
struct found {
	int fd;
	struct stat st;
	char path[PATH_MAX]; /* as opened (for $ORIGIN) */
	unsigned char head[HEAD_SIZE];
	size_t headlen;
	struct elf_info ei;
};

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
	f->fd = open_regular(path, &f->st);
	if (f->fd < 0)
		return 0;
	got = read_at(f->fd, f->head, sizeof(f->head), 0);
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
	d->exists = is_dir(*dir ? dir : ".");
	n = snprintf(sub, sizeof(sub), "%s%sglibc-hwcaps", dir, *dir ? "/" : "");
	d->hwcaps = d->exists && n > 0 && (size_t)n < sizeof(sub) && is_dir(sub);
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
		struct arch_facts *a = arch_facts(c, needer);
		int level;
		for (level = arch_hwcaps_level(a); level >= 2; level--) {
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
					val = arch_lib(arch_facts(c, needer));
				else
					val = arch_platform(arch_facts(c, needer));
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
	struct arch_facts *a = arch_facts(c, needer);
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
static int search_library(struct ctx *c, struct ns *ns, int from, const char *name, struct found *f)
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
	n = cache_lookup(c, needer, name, cached, sizeof(cached) / sizeof(cached[0]));
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
	canon = canonical_path(fd, path);
	if (!canon) {
		int e = neg_errno();
		fail(c, "%s: cannot resolve the path: %s", path, strerror(-e));
		return e;
	}
	cap = d->cap;
	if (d->n == cap) {
		struct elfdep *nv = grow(d->v, &cap, d->n, sizeof(*nv));
		struct dep_key *nk = nv ? reallocarray(c->keys, cap, sizeof(*nk)) : NULL;
		if (nv)
			d->v = nv;
		if (!nk) {
			free(canon);
			return no_memory(c, path);
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
		char **nm = grow(d->missing, &cap, d->nmissing, sizeof(*nm));
		const char **nb;
		if (!nm)
			return no_memory(c, NULL);
		d->missing = nm;
		nb = reallocarray(d->missing_by, cap, sizeof(*nb));
		if (!nb)
			return no_memory(c, NULL);
		d->missing_by = nb;
		d->missing_cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return no_memory(c, NULL);
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
	struct ns_obj *o, *nv = grow(ns->o, &ns->cap, ns->n, sizeof(*nv));
	if (!nv)
		return no_memory(c, NULL);
	ns->o = nv;
	o = &ns->o[ns->n];
	memset(o, 0, sizeof(*o));
	o->dep = dep;
	o->dev = st->st_dev;
	o->ino = st->st_ino;
	o->loader = loader;
	o->name = name ? strdup(name) : NULL;
	o->origin = origin_of(opened, c->deps->v[dep].path);
	o->ei = *ei;
	memset(ei, 0, sizeof(*ei));
	if ((name && !o->name) || !o->origin) {
		ns->n++; /* so that ns_free releases it */
		return no_memory(c, NULL);
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
		return no_memory(c, NULL);
	f->fd = -1;
	if (!search_library(c, ns, from, name, f)) {
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
		fail(c, "%s: more than %d shared objects", c->deps->v[ns->o[0].dep].path,
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
		int fd = open_regular(LDSO_PRELOAD, &st);
		c->preload_tried = 1;
		if (fd >= 0) {
			if (st.st_size > 0 && st.st_size < 65536) {
				c->preload = calloc(1, (size_t)st.st_size + 1);
				if (c->preload &&
				    read_at(fd, c->preload, (size_t)st.st_size, 0) < 0) {
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
		return no_memory(c, NULL);
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
		fail(c, "%s: #! line names no interpreter", path);
		return -ENOEXEC;
	}
	name = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	/* Without a newline in the buffer the name must end before it ends. */
	if (!nl && !*p && (size_t)(p - line) >= n) {
		fail(c, "%s: #! line longer than %d bytes", path, SCRIPT_BUF);
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
		fail(c, "%s: too many levels of #! interpreters", path);
		return -ELOOP;
	}
	fd = open_regular(path, &st);
	if (fd == NOT_REGULAR) {
		fail(c, "%s%s: not a regular file", what, path);
		return -EACCES;
	}
	if (fd < 0) {
		fail(c, "%s%s: %s", what, path, strerror(-fd));
		return fd;
	}
	got = read_at(fd, head, sizeof(head), 0);
	if (got < 0) {
		ret = (int)got;
		fail(c, "%s%s: cannot read: %s", what, path, strerror(-ret));
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
		fail(c, "%s%s: not an ELF executable nor a #! script (exec format error)", what,
		     path);
		goto out;
	}
	if (ret < 0) {
		fail(c, "%s%s: bad or truncated ELF header", what, path);
		ret = -ENOEXEC;
		goto out;
	}
	if (ei.type != ET_EXEC && ei.type != ET_DYN) {
		fail(c, "%s%s: ELF file of type %u, not an executable", what, path, ei.type);
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

	ifd = open_regular(ei.interp, &ist);
	if (ifd < 0) {
		ret = ifd == NOT_REGULAR ? -EACCES : ifd;
		fail(c, "%s: ELF interpreter %s: %s", path, ei.interp,
		     ifd == NOT_REGULAR ? "not a regular file" : strerror(-ifd));
		goto out;
	}
	got = read_at(ifd, head, sizeof(head), 0);
	if (got < 0 || elf_ident(head, (size_t)got, &iei) < 0) {
		fail(c, "%s: ELF interpreter %s is not an ELF file", path, ei.interp);
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

int elfdeps_resolve_path(const char *program, const char *path_env, struct elfdeps *deps, char *err,
			 size_t errlen)
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
		fail(&c, "empty program path");
		return -ENOENT;
	}

	ret = resolve_exec(&c, program, ELFDEP_PROGRAM, -1, 0);

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

int elfdeps_resolve(const char *program, struct elfdeps *deps, char *err, size_t errlen)
{
	return elfdeps_resolve_path(program, DEFAULT_PATH, deps, err, errlen);
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
			return neg_errno();
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

#ifdef LB_TESTING
size_t elfdeps_cache_lookup_buf(const void *cache, size_t len, const char *name, int cls,
				int machine, const char **out, size_t max)
{
	struct ctx c;
	struct elf_info ei = {0};

	memset(&c, 0, sizeof(c));
	c.cache_tried = 1;
	cache_parse(&c, cache, len);
	ei.cls = (unsigned char)cls;
	ei.machine = (uint16_t)machine;
	ei.data = host_big_endian() ? ELFDATA2MSB : ELFDATA2LSB;
	return cache_lookup(&c, &ei, name, out, max);
}
#endif /* LB_TESTING */
