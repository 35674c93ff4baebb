// SPDX-License-Identifier: MIT
/* learn/sticky.c - the sticky-directory protections (sticky.h), as the
 * kernel checks them (fs/namei.c: __check_sticky, may_create_in_sticky). */
#include "sticky.h"

#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The directory of PATH into DIR ("." for a bare name). */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		(void)snprintf(dir, len, ".");
	else
		(void)snprintf(dir, len, "%.*s", slash == path ? 1 : (int)(slash - path), path);
}

/* PATH and its directory, when PATH is in a sticky directory; 0 otherwise. */
static int in_sticky(const char *path, struct stat *st, struct stat *dst)
{
	char dir[PATH_MAX];

	dir_of(path, dir, sizeof(dir));
	return !lstat(path, st) && !stat(dir, dst) && (dst->st_mode & S_ISVTX);
}

static int has_cap_fowner(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return 0;
	return ((d[0].effective >> CAP_FOWNER) & 1U) != 0;
}

static int sysctl_int(const char *file)
{
	FILE *f = fopen(file, "re");
	char line[32], *end;
	long v = -1;

	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f)) {
		v = strtol(line, &end, 10);
		if (end == line || v < 0 || v > INT_MAX)
			v = -1;
	}
	(void)fclose(f);
	return (int)v;
}

int sticky_protected_regular(void)
{
	return sysctl_int("/proc/sys/fs/protected_regular");
}

int sticky_replace_refused(const char *path, char *why, size_t len)
{
	struct stat st, dst;

	/* __check_sticky: the file's owner, the directory's, or CAP_FOWNER. */
	if (!in_sticky(path, &st, &dst) || st.st_uid == geteuid() || dst.st_uid == geteuid() ||
	    has_cap_fowner())
		return 0;
	(void)snprintf(why, len,
		       "%s belongs to uid %u in a sticky directory (mode %04o, like /tmp): only "
		       "its owner or the directory's can replace or remove it",
		       path, (unsigned)st.st_uid, (unsigned)(dst.st_mode & 07777));
	return 1;
}

int sticky_open_refused(const char *path, char *why, size_t len)
{
	struct stat st, dst;
	const char *name;
	int level;

	/* may_create_in_sticky: the file's owner is us or the directory's. */
	if (!in_sticky(path, &st, &dst) || st.st_uid == geteuid() || st.st_uid == dst.st_uid)
		return 0;
	if (S_ISREG(st.st_mode))
		name = "protected_regular";
	else if (S_ISFIFO(st.st_mode))
		name = "protected_fifos";
	else
		return 0;
	level = sysctl_int(S_ISREG(st.st_mode) ? "/proc/sys/fs/protected_regular"
					       : "/proc/sys/fs/protected_fifos");
	/* Level 1: world-writable sticky directories; 2: group-writable too.
	 * No capability exempts root. */
	if (!((level >= 1 && (dst.st_mode & S_IWOTH)) || (level >= 2 && (dst.st_mode & S_IWGRP))))
		return 0;
	(void)snprintf(why, len,
		       "%s belongs to uid %u in a sticky directory of another owner: with "
		       "fs.%s=%d the kernel refuses to open it with O_CREAT (EACCES), even to "
		       "root, whatever the sandbox allows",
		       path, (unsigned)st.st_uid, name, level);
	return 1;
}
