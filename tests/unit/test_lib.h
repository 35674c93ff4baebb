/* SPDX-License-Identifier: MIT */
/* test_lib.h - what the library's own unit tests (tests/unit/test_lib_*.c)
 * share: the ABI to expect, a scratch directory under $TMPDIR, and small
 * probes of what a (sandboxed) process can do.
 *
 * lt_abi is the ABI the library works with (emulated or real).  When the
 * emulated ABI is newer than the running kernel, the library's forwarding
 * seam is installed so that everything the kernel knows is still enforced
 * for real; lt_real is then the ABI really enforcing (rights of the newer
 * ABI are checked by the recording seam in test_lib_seam.c instead). */
#ifndef LB_TEST_LIB_H
#define LB_TEST_LIB_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landbox.h"
#include "tap.h"

static int lt_emulated; /* tap_init(): -1 real kernel, 0 none, else 1..11 */
static int lt_kernel;	/* the running kernel's own ABI, 0 without Landlock */
static int lt_abi;	/* the ABI the library sees */
static int lt_real;	/* the ABI that really enforces: min(lt_abi, lt_kernel) */
static char lt_dir[1024];

/* Fail the current child check: print why, return 1 from the child function. */
#define LT_CHECK(cond, ...)                                                                        \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			tap_diag("line %d:", __LINE__);                                            \
			tap_diag(__VA_ARGS__);                                                     \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

static inline int lt_kernel_abi(void)
{
	long abi = syscall(444, NULL, 0, 1U);
	return abi > 0 ? (int)abi : 0;
}

static inline int lt_rm(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static inline void lt_cleanup(void)
{
	if (lt_dir[0])
		nftw(lt_dir, lt_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* tap_init, the seam for newer emulated ABIs, and a fresh scratch directory. */
static inline void lt_init(void)
{
	const char *tmp = getenv("TMPDIR");

	lt_emulated = tap_init();
	lt_kernel = lt_kernel_abi();
	if (lt_emulated > lt_kernel && lt_kernel > 0)
		lb_test_set_sys(lb_test_sys_forward());
	lt_abi = lb_abi();
	lt_real = lt_abi < lt_kernel ? lt_abi : lt_kernel;
	snprintf(lt_dir, sizeof(lt_dir), "%s/lbtest.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(lt_dir)) {
		printf("Bail out! cannot create a scratch directory %s: %s\n", lt_dir,
		       strerror(errno));
		exit(1);
	}
	atexit(lt_cleanup);
	tap_diag("library ABI %d, kernel ABI %d, enforced ABI %d (emulated: %d)", lt_abi, lt_kernel,
		 lt_real, lt_emulated);
}

/* lt_dir/NAME into BUF. */
static inline const char *lt_path(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", lt_dir, name);
	return buf;
}

static inline int lt_mkdir(const char *name)
{
	char p[PATH_MAX];
	return mkdir(lt_path(p, name), 0700) && errno != EEXIST ? -1 : 0;
}

static inline int lt_write(const char *name, const char *text)
{
	char p[PATH_MAX];
	int fd = open(lt_path(p, name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* errno of open(lt_dir/NAME, FLAGS), 0 when it worked. */
static inline int lt_open(const char *name, int flags)
{
	char p[PATH_MAX];
	int fd = open(lt_path(p, name), flags | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* The errno a sandboxed open gets when the rights are ENFORCED (on this ABI). */
static inline int lt_denied(int enforced)
{
	return enforced ? EACCES : 0;
}

static inline int lt_nnp(void)
{
	return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
}

/* Bitmap of the open fds below 1024 (no filesystem access needed). */
static inline void lt_fds(unsigned char map[128])
{
	memset(map, 0, 128);
	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			map[fd / 8] |= (unsigned char)(1u << (fd % 8));
}

#endif
