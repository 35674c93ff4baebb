/* SPDX-License-Identifier: MIT */
/* elfdeps.h - what a program needs to start: its ELF interpreter, its shared
 * libraries and the interpreters of #! scripts, found by reading the files
 * as the kernel and glibc's ld.so do, without running ldd or the loader.
 *
 * Used by `landbox run --ldd` (rules for the interpreter and the libraries)
 * and by --add-exec and the exit-127 diagnosis (elfdeps_find_in_path).
 *
 * Every path in the result is absolute and canonical (symlinks resolved):
 * Landlock rules bind to inodes, and the loader opens the path it found in its
 * search, which resolves to the same inode.  An object reached twice under
 * different names is listed once.
 *
 * What Landlock needs for each kind (see DESIGN §1): the kernel opens the
 * program, a #! interpreter and the ELF interpreter for execution, so they
 * need execute and read_file; shared libraries are read and mmapped by the
 * loader, and Landlock does not check mmap, so read_file is enough.
 */
#ifndef LANDBOX_ELFDEPS_H
#define LANDBOX_ELFDEPS_H

#include <stddef.h>

enum elfdep_kind {
	ELFDEP_PROGRAM,	      /* the program itself (resolved path) */
	ELFDEP_INTERP,	      /* ELF interpreter (PT_INTERP): needs execute + read_file */
	ELFDEP_SCRIPT_INTERP, /* interpreter named by a #! line: needs execute + read_file */
	ELFDEP_LIBRARY,	      /* shared library (DT_NEEDED, recursive): read_file is enough */
};

struct elfdep {
	char *path; /* absolute, canonical */
	enum elfdep_kind kind;
	const char *needed_by; /* path of the entry that needs it; NULL for the program */
};

struct elfdeps {
	struct elfdep *v;
	size_t n, cap;
	/*
	 * What the loader would not find: library sonames (DT_NEEDED or
	 * /etc/ld.so.preload) and commands named by `#!/usr/bin/env NAME`.
	 * Not an error: the caller warns, e.g.
	 * "landbox: --ldd: libfoo.so.1 (needed by /x/y) not found".
	 * missing_by[i] is the path of the entry that needs missing[i].
	 */
	char **missing;
	const char **missing_by;
	size_t nmissing, missing_cap;
};

/*
 * Resolve PROGRAM (a path, relative to the current directory if it has no
 * leading '/'; the caller did the PATH lookup) and everything it needs to
 * start: for an ELF file its PT_INTERP and, recursively, its DT_NEEDED
 * libraries searched as glibc's ld.so searches them (DT_RPATH of the object
 * and its loaders, DT_RUNPATH, /etc/ld.so.cache, default and multiarch
 * directories; $ORIGIN, $LIB, $PLATFORM; /etc/ld.so.preload); for a #! script
 * its interpreter, recursively, and for `#!/usr/bin/env NAME` also NAME looked
 * up in PATH_ENV.  LD_LIBRARY_PATH and LD_PRELOAD are not considered.
 *
 * *DEPS is initialized here (whatever it held is overwritten, not freed).
 * Returns 0, or -errno with a message in ERR naming the file and the problem
 * (no "landbox: " prefix); on failure *DEPS is left empty.  Either way
 * elfdeps_free() may be called on it.
 */
int elfdeps_resolve_path(const char *program, const char *path_env, struct elfdeps *deps, char *err,
			 size_t errlen);

/* elfdeps_resolve_path() with PATH "/usr/local/bin:/usr/bin:/bin". */
int elfdeps_resolve(const char *program, struct elfdeps *deps, char *err, size_t errlen);

/*
 * What loading the shared library LIBRARY (as dlopen() does) needs: LIBRARY
 * itself and, recursively, its DT_NEEDED libraries, all ELFDEP_LIBRARY,
 * searched from LIBRARY (its DT_RPATH, DT_RUNPATH and $ORIGIN, the cache,
 * the default directories).  -ENOEXEC when it is not an ELF shared object.
 * Used by `landbox learn`: a denied library load allows the whole closure.
 */
int elfdeps_resolve_library(const char *library, struct elfdeps *deps, char *err, size_t errlen);

void elfdeps_free(struct elfdeps *deps);

/*
 * Look NAME up as execvp() does: a NAME containing '/' is taken as is,
 * otherwise each directory of PATH_ENV is tried in order (an empty element
 * is the current directory; NULL means "/usr/local/bin:/usr/bin:/bin").
 * On success writes the path found (not canonicalized) to OUT and returns 0.
 * Returns -ENOENT if nothing is found, -EACCES if something was found but
 * none of it is an executable regular file, -ENAMETOOLONG if the result does
 * not fit in OUTLEN.
 */
int elfdeps_find_in_path(const char *name, const char *path_env, char *out, size_t outlen);

#ifdef LB_TESTING
/*
 * The test and fuzz builds only: look NAME up in the ld.so.cache image CACHE
 * (LEN bytes, any content) as for an object of ELF class CLS and machine
 * MACHINE, as --ldd looks it up in /etc/ld.so.cache.  Writes at most MAX
 * paths (pointing into CACHE) to OUT; returns their count, 0 when the image
 * is not a cache ld.so would use or has no such name.
 */
size_t elfdeps_cache_lookup_buf(const void *cache, size_t len, const char *name, int cls,
				int machine, const char **out, size_t max);
#endif

#endif /* LANDBOX_ELFDEPS_H */
