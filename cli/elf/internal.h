/* SPDX-License-Identifier: MIT */
/* internal.h - what the parts of the --ldd resolver (cli/elf/) share; not
 * for use outside cli/elf/ (the interface is elfdeps.h).
 *
 * The parts, each using only those above it:
 *   elf.c      reading one ELF file (header, PT_INTERP, dynamic section)
 *              and the small file helpers everything uses
 *   arch.c     facts about this machine and its glibc ($LIB, $PLATFORM,
 *              multiarch tuple, glibc-hwcaps level)
 *   ldcache.c  /etc/ld.so.cache
 *   search.c   searching a library as ld.so does (RPATH, RUNPATH, the
 *              cache, default directories); PATH lookup of commands
 *   deps.c     the result: the program, its #! and ELF interpreters and
 *              its libraries, one process image after another
 *
 * The model, from the kernel and glibc's ld.so:
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
#ifndef LANDBOX_ELF_INTERNAL_H
#define LANDBOX_ELF_INTERNAL_H

#include "elfdeps.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

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

/* A candidate found by a search: open, checked, its header read. */
struct found {
	int fd;
	struct stat st;
	char path[PATH_MAX]; /* as opened (for $ORIGIN) */
	unsigned char head[HEAD_SIZE];
	size_t headlen;
	struct elf_info ei;
};

/* ---- elf.c ---------------------------------------------------------------- */

/* Write the message for the caller (cut at its ERRLEN, still a message).
 * The caller returns its -errno itself: a variadic function is opaque to
 * the static analyzer, a value it returned would be unknown. */
__attribute__((format(printf, 2, 3))) void elf_fail(struct ctx *c, const char *fmt, ...);
/* "PATH: out of memory" (or without PATH) for the caller; -ENOMEM. */
int elf_no_memory(struct ctx *c, const char *path);
int elf_host_big_endian(void);
/* [OFF, OFF+LEN) lies within a file of SIZE bytes (no overflow). */
int elf_in_file(uint64_t off, uint64_t len, uint64_t size);
/* -errno for the call that just failed; never 0. */
int elf_neg_errno(void);
/* pread() until LEN bytes or end of file; returns the count or -errno. */
ssize_t elf_read_at(int fd, void *buf, size_t len, uint64_t off);
/* V with room for N+1 elements of SIZE (doubling *CAP), NULL if out of memory. */
void *elf_grow(void *v, size_t *cap, size_t n, size_t size);
void elf_info_free(struct elf_info *ei);
/* Returned by elf_open_regular() for a directory, FIFO, device...: exec() says EACCES. */
#define NOT_REGULAR (-4096)
/* Open a file to read it: never blocks (FIFO), refuses what is not a regular file. */
int elf_open_regular(const char *path, struct stat *st);
/* The canonical path of the open file FD, opened as PATH. */
char *elf_canonical_path(int fd, const char *path);
/* The directory part of PATH as an absolute path (for $ORIGIN). */
char *elf_origin_of(const char *path, const char *canonical);
/* Check the ELF identification and header in HEAD (N bytes from the start
 * of the file) into EI: 0, -ENOEXEC if not ELF, -EINVAL if broken. */
int elf_ident(const unsigned char *head, size_t n, struct elf_info *ei);
/* Read PT_INTERP and the dynamic section of FD into EI (see elf.c). */
int elf_read(struct ctx *c, int fd, uint64_t fsize, const unsigned char *head, size_t headlen,
	     const char *path, struct elf_info *ei);

/* ---- arch.c --------------------------------------------------------------- */

int elf_is_dir(const char *path);
/* The facts for objects of EI's class and machine (cached in C). */
struct arch_facts *elf_arch_facts(struct ctx *c, const struct elf_info *ei);
const char *elf_arch_lib(struct arch_facts *a);	     /* $LIB */
const char *elf_arch_platform(struct arch_facts *a); /* $PLATFORM */
int elf_arch_hwcaps_level(struct arch_facts *a);

/* ---- ldcache.c ------------------------------------------------------------ */

/* The paths /etc/ld.so.cache gives for NAME needed by NEEDER, best first,
 * into OUT (at most MAX); returns their count. */
size_t ldcache_lookup(struct ctx *c, const struct elf_info *needer, const char *name,
		      const char **out, size_t max);

/* ---- search.c ------------------------------------------------------------- */

/* Find NAME needed by object FROM of NS the way ld.so does (see the top). */
int elf_search_library(struct ctx *c, struct ns *ns, int from, const char *name, struct found *f);

#endif /* LANDBOX_ELF_INTERNAL_H */
