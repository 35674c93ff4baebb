/* SPDX-License-Identifier: MIT */
/* test_sandbox_fs_abi.c - the filesystem rights added after ABI 1, whose
 * outcome depends on the ABI: refer (ABI 2: cross-directory rename and link,
 * EXDEV when not granted on both sides and ALWAYS on ABI 1), truncate (ABI 3:
 * truncate(), O_TRUNC, ftruncate() on an fd opened without it) and ioctl_dev
 * (ABI 5: FIONREAD on /dev/null denied, FIOCLEX always allowed).  Also: an
 * fd opened before restricting keeps its access. */
#include <sys/ioctl.h>

#include "sbtest.h"

/* ---- refer ---- */

static int refer(void *arg)
{
	struct lb_sandbox *sb = sbt_new("refer");
	/* Granted on both sides: works from ABI 2; ABI 1 cannot grant refer,
	 * and the kernel then always answers EXDEV. */
	int both = sbt_abi == 1 ? EXDEV : 0;
	int one = sbt_denied_from(1, EXDEV);

	(void)arg;
	alarm(10);
	sbt_allow(sb, sbt_path("ref/a"), SBT_FS_ALL, 0);
	sbt_allow(sb, sbt_path("ref/b"), SBT_FS_ALL, 0);
	sbt_allow(sb, sbt_path("ref/c"), SBT_FS_ALL & ~LB_FS_REFER, 0);
	sbt_enforce(sb, "refer");

	sbt_expect(sbt_errno_of(rename("ref/a/f1", "ref/b/f1")), both,
		   "refer: rename across dirs both granted refer");
	sbt_expect(sbt_errno_of(link("ref/a/f2", "ref/b/f2")), both,
		   "refer: link across dirs both granted refer");
	sbt_expect(sbt_errno_of(rename("ref/a/f3", "ref/c/f3")), one,
		   "refer: rename into a dir not granted refer");
	sbt_expect(sbt_errno_of(rename("ref/c/g1", "ref/a/g1")), one,
		   "refer: rename out of a dir not granted refer");
	sbt_expect(sbt_errno_of(link("ref/a/f4", "ref/c/f4")), one,
		   "refer: link into a dir not granted refer");
	sbt_expect(sbt_errno_of(rename("ref/a/f5", "ref/a/f5b")), 0,
		   "refer: rename within one dir (no refer needed)");
	sbt_expect(sbt_errno_of(rename("ref/c/g2", "ref/c/g2b")), 0,
		   "refer: rename within a dir not granted refer");
	return 0;
}

static void test_refer(void)
{
	const char *files[] = {"a/f1", "a/f2", "a/f3", "a/f4", "a/f5", "c/g1", "c/g2"};
	int moved = sbt_abi != 1;
	size_t i;

	sbt_mkdir(sbt_path("ref"));
	sbt_mkdir(sbt_path("ref/a"));
	sbt_mkdir(sbt_path("ref/b"));
	sbt_mkdir(sbt_path("ref/c"));
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		sbt_write(sbt_path("ref/%s", files[i]), "x");
	sbt_run("refer", refer, NULL);
	tap_ok(sbt_exists(sbt_path("ref/b/f1")) == moved &&
		   sbt_exists(sbt_path("ref/a/f1")) != moved,
	       "refer: file renamed across dirs granted refer: %s", moved ? "moved" : "in place");
	tap_ok(sbt_exists(sbt_path("ref/c/f3")) == (sbt_abi == 0),
	       "refer: file renamed into a dir not granted refer: %s",
	       sbt_abi == 0 ? "moved" : "in place");
}

/* ---- truncate ---- */

static int pre_fd = -1; /* opened O_RDWR on trunc/no/pre before restricting */

static int trunc_open(const char *path)
{
	return sbt_open(path, O_WRONLY | O_TRUNC);
}

static int trunc_fd(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return 1000 + errno; /* not what any check expects */
	if (ftruncate(fd, 0))
		err = errno;
	close(fd);
	return err;
}

static int truncation(void *arg)
{
	struct lb_sandbox *sb = sbt_new("truncate");
	int denied = sbt_denied_from(3, EACCES);

	(void)arg;
	alarm(10);
	pre_fd = open(sbt_path("trunc/no/pre"), O_RDWR | O_CLOEXEC);
	sbt_allow(sb, sbt_path("trunc/yes"), SBT_FS_ALL, 0);
	sbt_allow(sb, sbt_path("trunc/no"), SBT_FS_ALL & ~LB_FS_TRUNCATE, 0);
	sbt_enforce(sb, "truncate");

	sbt_expect(sbt_errno_of(truncate("trunc/no/t1", 0)), denied,
		   "truncate: truncate() without the truncate right");
	sbt_expect(trunc_open("trunc/no/t2"), denied,
		   "truncate: open O_TRUNC without the truncate right");
	sbt_expect(sbt_open("trunc/no/t3", O_WRONLY | O_CREAT | O_TRUNC), denied,
		   "truncate: creat() over an existing file without the truncate right");
	sbt_expect(trunc_fd("trunc/no/t4"), denied,
		   "truncate: ftruncate() on an fd opened without the truncate right");
	sbt_expect(sbt_open("trunc/no/t5", O_WRONLY), 0,
		   "truncate: open for writing (no O_TRUNC) without the truncate right");
	sbt_expect(sbt_errno_of(truncate("trunc/yes/t1", 0)), 0,
		   "truncate: truncate() with the truncate right");
	sbt_expect(trunc_open("trunc/yes/t2"), 0, "truncate: open O_TRUNC with the truncate right");
	sbt_expect(sbt_open("trunc/yes/t3", O_WRONLY | O_CREAT | O_TRUNC), 0,
		   "truncate: creat() over an existing file with the truncate right");
	sbt_expect(trunc_fd("trunc/yes/t4"), 0,
		   "truncate: ftruncate() on an fd opened with the truncate right");
	sbt_expect(pre_fd < 0 ? 1000 + errno : sbt_errno_of(ftruncate(pre_fd, 0)), 0,
		   "truncate: ftruncate() on an fd opened before restricting");
	close(pre_fd);
	return 0;
}

static off_t size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -1 : st.st_size;
}

static void test_truncate(void)
{
	const char *files[] = {"t1", "t2", "t3", "t4", "t5", "pre"};
	int denied = sbt_abi >= 3;
	size_t i;

	sbt_mkdir(sbt_path("trunc"));
	sbt_mkdir(sbt_path("trunc/yes"));
	sbt_mkdir(sbt_path("trunc/no"));
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		sbt_write(sbt_path("trunc/yes/%s", files[i]), "hello\n");
		sbt_write(sbt_path("trunc/no/%s", files[i]), "hello\n");
	}
	sbt_run("truncate", truncation, NULL);
	tap_ok(size_of(sbt_path("trunc/no/t1")) == (denied ? 6 : 0),
	       "truncate: size after truncate() without the right: %s",
	       denied ? "unchanged" : "zero");
	tap_ok(size_of(sbt_path("trunc/yes/t1")) == 0,
	       "truncate: size after truncate() with the right: zero");
	tap_ok(size_of(sbt_path("trunc/no/pre")) == 0,
	       "truncate: size after ftruncate() on the fd opened before restricting: zero");
}

/* ---- ioctl_dev ---- */

static int fionread_baseline; /* FIONREAD on /dev/null unsandboxed: ENOTTY */

static int ioctl_errno(int fd, unsigned long cmd)
{
	int n = 0;
	return sbt_errno_of(ioctl(fd, cmd, &n));
}

static int ioctl_dev(void *arg)
{
	struct lb_sandbox *sb = sbt_new("ioctl_dev");
	int granted = *(int *)arg;
	const char *with = granted ? "with" : "without";
	int fd;

	alarm(10);
	sbt_allow(sb, "/dev/null",
		  LB_FS_READ_FILE | LB_FS_WRITE_FILE | (granted ? LB_FS_IOCTL_DEV : 0), 0);
	sbt_enforce(sb, granted ? "ioctl_dev granted" : "ioctl_dev not granted");

	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	sbt_expect(fd < 0 ? errno : 0, 0, "ioctl: open /dev/null %s ioctl_dev", with);
	if (fd < 0)
		return 1;
	/* Denied: EACCES from Landlock; allowed: what /dev/null answers. */
	sbt_expect(ioctl_errno(fd, FIONREAD), !granted && sbt_abi >= 5 ? EACCES : fionread_baseline,
		   "ioctl: FIONREAD on /dev/null %s ioctl_dev", with);
	sbt_expect(ioctl_errno(fd, FIOCLEX), 0, "ioctl: FIOCLEX on /dev/null %s ioctl_dev", with);
	close(fd);
	return 0;
}

static void test_ioctl(void)
{
	int no = 0, yes = 1;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		sbt_die("open", "/dev/null");
	fionread_baseline = ioctl_errno(fd, FIONREAD);
	close(fd);
	sbt_run("ioctl_dev not granted", ioctl_dev, &no);
	sbt_run("ioctl_dev granted", ioctl_dev, &yes);
}

int main(void)
{
	if (sbt_init())
		return 0;
	test_refer();
	test_truncate();
	test_ioctl();
	return sbt_done();
}
