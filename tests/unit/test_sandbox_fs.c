/* SPDX-License-Identifier: MIT */
/* test_sandbox_fs.c - filesystem access rights of ABI 1, as the sandboxed
 * code gets them: read, write, execute, every make_* right, remove_file and
 * remove_dir, each allowed and denied; rules on single files (directory
 * rights masked away); a writable directory inside a read-only one; and the
 * rule paths themselves: symlinks followed, FIFOs not blocking, a missing
 * path reported by name without dropping the other rules, rules by fd. */
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include "sbtest.h"

/* ---- The create/remove operations, one per right ----
 * DIR is relative to the scratch directory (the working directory). */

/* mknod, not open(O_CREAT): opening the new file would also need write_file
 * or read_file on it. */
static int op_make_reg(const char *dir)
{
	return sbt_errno_of(mknod(sbt_path("%s/new", dir), S_IFREG | 0644, 0));
}

static int op_make_dir(const char *dir)
{
	return sbt_errno_of(mkdir(sbt_path("%s/new", dir), 0755));
}

static int op_make_sym(const char *dir)
{
	return sbt_errno_of(symlink("target", sbt_path("%s/new", dir)));
}

static int op_make_fifo(const char *dir)
{
	return sbt_errno_of(mkfifo(sbt_path("%s/new", dir), 0644));
}

static int op_make_sock(const char *dir)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd, err = 0;

	/* Relative to the scratch directory: sun_path is short. */
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/new", dir);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)))
		err = errno;
	close(fd);
	return err;
}

static int op_make_char(const char *dir)
{
	return sbt_errno_of(mknod(sbt_path("%s/new", dir), S_IFCHR | 0600, makedev(1, 3)));
}

static int op_make_block(const char *dir)
{
	return sbt_errno_of(mknod(sbt_path("%s/new", dir), S_IFBLK | 0600, makedev(7, 0)));
}

static int op_remove_file(const char *dir)
{
	return sbt_errno_of(unlink(sbt_path("%s/victim", dir)));
}

static int op_remove_dir(const char *dir)
{
	return sbt_errno_of(rmdir(sbt_path("%s/victim", dir)));
}

static struct op {
	const char *name; /* the right, as the kernel's audit names it */
	uint64_t right;
	int (*fn)(const char *dir);
	const char *what;
	int victim;   /* 'f': a file to remove, 'd': a directory */
	int baseline; /* what the operation gets without a sandbox */
} ops[] = {
    {"make_reg", LB_FS_MAKE_REG, op_make_reg, "mknod a regular file", 0, 0},
    {"make_dir", LB_FS_MAKE_DIR, op_make_dir, "mkdir", 0, 0},
    {"make_sym", LB_FS_MAKE_SYM, op_make_sym, "symlink", 0, 0},
    {"make_fifo", LB_FS_MAKE_FIFO, op_make_fifo, "mkfifo", 0, 0},
    {"make_sock", LB_FS_MAKE_SOCK, op_make_sock, "bind a UNIX socket", 0, 0},
    {"make_char", LB_FS_MAKE_CHAR, op_make_char, "mknod a char device", 0, 0},
    {"make_block", LB_FS_MAKE_BLOCK, op_make_block, "mknod a block device", 0, 0},
    {"remove_file", LB_FS_REMOVE_FILE, op_remove_file, "unlink a file", 'f', 0},
    {"remove_dir", LB_FS_REMOVE_DIR, op_remove_dir, "rmdir", 'd', 0},
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

static void make_victim(const struct op *op, const char *dir)
{
	if (op->victim == 'f')
		sbt_write(sbt_path("%s/victim", dir), "x");
	else if (op->victim == 'd')
		sbt_mkdir(sbt_path("%s/victim", dir));
}

/* What each operation gets unsandboxed here (mknod needs CAP_MKNOD): the
 * "allowed" expectation. */
static void measure_baselines(void)
{
	size_t i;

	sbt_mkdir(sbt_path("baseline"));
	for (i = 0; i < NOPS; i++) {
		make_victim(&ops[i], "baseline");
		ops[i].baseline = ops[i].fn("baseline");
		unlink(sbt_path("baseline/new"));
		rmdir(sbt_path("baseline/new"));
		unlink(sbt_path("baseline/victim"));
		rmdir(sbt_path("baseline/victim"));
	}
}

/* ---- Execution ---- */

static int exec_works; /* a copy of /bin/true in the scratch dir runs unsandboxed */

/* fork + execve PATH: the program's exit status, or execve's errno. */
static int run_program(const char *path)
{
	char *const argv[] = {(char *)path, NULL};
	char *const envp[] = {NULL};
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(errno & 0x7f);
	}
	if (waitpid(pid, &st, 0) < 0)
		return errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	if (in < 0 || out < 0)
		sbt_die("copy", to);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			sbt_die("write", to);
	close(in);
	close(out);
}

/* ---- Scenario 1: access rights ---- */

/* Open PATH for writing and overwrite its start with "HACKED": 0 or errno. */
static int write_op(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, "HACKED", 6) != 6)
		err = errno;
	close(fd);
	return err;
}

static const char *const system_dirs[] = {"/usr",   "/bin",   "/lib",
					  "/lib64", "/lib32", "/etc/ld.so.cache"};

static int access_rights(void *arg)
{
	struct lb_sandbox *sb = sbt_new("fs access");
	char buf[64];
	size_t i;
	int rc;

	(void)arg;
	alarm(10);
	sbt_allow(sb, sbt_path("ro"), LB_FS_READ, 0);
	sbt_allow(sb, sbt_path("ro/rw"), SBT_FS_ALL, 0);
	sbt_allow(sb, sbt_path("rdonly"), LB_FS_READ_FILE, 0);
	rc = lb_allow_path(sb, sbt_path("single/r"),
			   LB_FS_READ | LB_FS_MAKE_ALL | LB_FS_REMOVE_FILE | LB_FS_REMOVE_DIR, 0);
	sbt_expect_rc(rc, 0, "fs: rule on a file with read_dir, make_* and remove_* (masked)");
	rc = lb_allow_path(sb, sbt_path("single/w"), SBT_FS_ALL, 0);
	sbt_expect_rc(rc, 0, "fs: rule on a file with every right (masked)");
	sbt_allow(sb, sbt_path("exec/yes"), LB_FS_EXECUTE | LB_FS_READ_FILE, 0);
	sbt_allow(sb, sbt_path("exec/noexec"), LB_FS_READ_FILE, 0);
	sbt_allow(sb, sbt_path("exec/noread"), LB_FS_EXECUTE, 0);
	for (i = 0; i < sizeof(system_dirs) / sizeof(system_dirs[0]); i++)
		sbt_allow(sb, system_dirs[i], LB_FS_EXECUTE | LB_FS_READ_FILE, LB_IGNORE_MISSING);
	for (i = 0; i < NOPS; i++) {
		sbt_allow(sb, sbt_path("yes_%s", ops[i].name), ops[i].right, 0);
		sbt_allow(sb, sbt_path("no_%s", ops[i].name), SBT_FS_ALL & ~ops[i].right, 0);
	}
	sbt_enforce(sb, "fs access");

	/* read_file and read_dir */
	sbt_expect(sbt_open("ro/file", O_RDONLY), 0, "fs: read file beneath a read rule");
	sbt_check(!strcmp(sbt_read("ro/file", buf, sizeof(buf)), "hello\n"), buf,
		  "fs: read file beneath a read rule gets its content");
	sbt_expect(sbt_open("out/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "fs: read file outside every rule");
	sbt_expect(sbt_open("ro", O_RDONLY | O_DIRECTORY), 0,
		   "fs: list directory granted read_dir");
	sbt_expect(sbt_open("out", O_RDONLY | O_DIRECTORY), sbt_denied_from(1, EACCES),
		   "fs: list directory outside every rule");
	sbt_expect(sbt_open("rdonly/file", O_RDONLY), 0,
		   "fs: read file beneath a read_file-only rule");
	sbt_expect(sbt_open("rdonly", O_RDONLY | O_DIRECTORY), sbt_denied_from(1, EACCES),
		   "fs: list directory granted read_file but not read_dir");

	/* write_file; a writable directory inside a read-only one */
	sbt_expect(write_op("ro/file"), sbt_denied_from(1, EACCES),
		   "fs: write file beneath a read-only rule");
	sbt_expect(write_op("out/file"), sbt_denied_from(1, EACCES),
		   "fs: write file outside every rule");
	sbt_expect(write_op("ro/rw/file"), 0,
		   "fs: write file in a writable dir inside a read-only one");
	sbt_expect(sbt_open("ro/rw/new", O_WRONLY | O_CREAT | O_EXCL), 0,
		   "fs: create file in a writable dir inside a read-only one");
	sbt_expect(sbt_open("ro/new", O_WRONLY | O_CREAT | O_EXCL), sbt_denied_from(1, EACCES),
		   "fs: create file in the read-only parent");
	sbt_expect(sbt_errno_of(mkdir("ro/newdir", 0755)), sbt_denied_from(1, EACCES),
		   "fs: mkdir in the read-only parent");
	sbt_expect(sbt_errno_of(unlink("ro/rw/gone")), 0,
		   "fs: unlink in a writable dir inside a read-only one");
	sbt_expect(sbt_errno_of(unlink("ro/keep")), sbt_denied_from(1, EACCES),
		   "fs: unlink in the read-only parent");

	/* rules on single files */
	sbt_expect(sbt_open("single/r", O_RDONLY), 0, "fs: read a file that has its own rule");
	sbt_expect(write_op("single/r"), sbt_denied_from(1, EACCES),
		   "fs: write a file whose rule grants only read");
	sbt_expect(write_op("single/w"), 0, "fs: write a file whose rule grants write");
	sbt_expect(sbt_open("single/other", O_RDONLY), sbt_denied_from(1, EACCES),
		   "fs: read the sibling of a file that has a rule");
	sbt_expect(sbt_open("single", O_RDONLY | O_DIRECTORY), sbt_denied_from(1, EACCES),
		   "fs: list the parent of a file that has a rule");
	sbt_expect(sbt_open("single/new", O_WRONLY | O_CREAT | O_EXCL), sbt_denied_from(1, EACCES),
		   "fs: create beside a file whose rule had make_reg (masked away)");

	/* execute */
	if (exec_works) {
		sbt_expect(run_program(sbt_path("exec/yes")), 0,
			   "fs: exec a program granted execute and read_file");
		sbt_expect(run_program(sbt_path("exec/noexec")), sbt_denied_from(1, EACCES),
			   "fs: exec a program granted read_file but not execute");
		sbt_expect(run_program(sbt_path("exec/noread")), sbt_denied_from(1, EACCES),
			   "fs: exec a program granted execute but not read_file");
	}

	/* make_* and remove_*: the right alone is enough, and needed.  Where
	 * nothing is enforced (ABI none, disabled), both get what the call gets
	 * unsandboxed: EPERM for mknod of a device without CAP_MKNOD.  Landlock
	 * checks before the capability, so a denial is EACCES even then. */
	for (i = 0; i < NOPS; i++) {
		char yes[64], no[64];
		snprintf(yes, sizeof(yes), "yes_%s", ops[i].name);
		snprintf(no, sizeof(no), "no_%s", ops[i].name);
		sbt_expect(ops[i].fn(yes), ops[i].baseline, "fs: %s in a dir granted only %s",
			   ops[i].what, ops[i].name);
		sbt_expect(ops[i].fn(no), sbt_abi >= 1 ? EACCES : ops[i].baseline,
			   "fs: %s in a dir granted all but %s", ops[i].what, ops[i].name);
	}
	return 0;
}

static void setup_access(void)
{
	size_t i;

	sbt_mkdir(sbt_path("ro"));
	sbt_write(sbt_path("ro/file"), "hello\n");
	sbt_write(sbt_path("ro/keep"), "x");
	sbt_mkdir(sbt_path("ro/rw"));
	sbt_write(sbt_path("ro/rw/file"), "hello\n");
	sbt_write(sbt_path("ro/rw/gone"), "x");
	sbt_mkdir(sbt_path("out"));
	sbt_write(sbt_path("out/file"), "hello\n");
	sbt_mkdir(sbt_path("rdonly"));
	sbt_write(sbt_path("rdonly/file"), "hello\n");
	sbt_mkdir(sbt_path("single"));
	sbt_write(sbt_path("single/r"), "hello\n");
	sbt_write(sbt_path("single/w"), "hello\n");
	sbt_write(sbt_path("single/other"), "hello\n");
	sbt_mkdir(sbt_path("exec"));
	copy_file("/bin/true", sbt_path("exec/yes"));
	copy_file("/bin/true", sbt_path("exec/noexec"));
	copy_file("/bin/true", sbt_path("exec/noread"));
	exec_works = run_program(sbt_path("exec/yes")) == 0;
	for (i = 0; i < NOPS; i++) {
		char yes[64], no[64];
		snprintf(yes, sizeof(yes), "yes_%s", ops[i].name);
		snprintf(no, sizeof(no), "no_%s", ops[i].name);
		sbt_mkdir(sbt_path("%s", yes));
		sbt_mkdir(sbt_path("%s", no));
		make_victim(&ops[i], yes);
		make_victim(&ops[i], no);
	}
	measure_baselines();
}

static void test_access(void)
{
	char buf[64];
	int denied = sbt_abi >= 1;
	const char *kept = denied ? "hello\n" : "HACKED";

	setup_access();
	sbt_run("fs access", access_rights, NULL);
	if (!exec_works) {
		tap_skip("fs: exec a program granted execute and read_file (TMPDIR is noexec)");
		tap_skip("fs: exec a program granted read_file but not execute (TMPDIR is noexec)");
		tap_skip("fs: exec a program granted execute but not read_file (TMPDIR is noexec)");
	}
	/* What the sandboxed writes did, seen from outside. */
	tap_ok(!strcmp(sbt_read(sbt_path("ro/rw/file"), buf, sizeof(buf)), "HACKED"),
	       "fs: the write in the writable dir reached the file");
	tap_ok(!strncmp(sbt_read(sbt_path("ro/file"), buf, sizeof(buf)), kept, 6),
	       "fs: content of the read-only file after the write attempt: %s",
	       denied ? "unchanged" : "overwritten");
	tap_ok(!strncmp(sbt_read(sbt_path("single/r"), buf, sizeof(buf)), kept, 6),
	       "fs: content of the read-only single file after the write attempt: %s",
	       denied ? "unchanged" : "overwritten");
	tap_ok(sbt_exists(sbt_path("ro/keep")) == denied,
	       "fs: file unlinked in the read-only dir: %s", denied ? "present" : "absent");
	tap_ok(sbt_exists(sbt_path("ro/new")) == !denied, "fs: file created in read-only dir: %s",
	       denied ? "absent" : "present");
	tap_ok(sbt_exists(sbt_path("yes_make_reg/new")), "fs: file created with make_reg: present");
	tap_ok(!sbt_exists(sbt_path("yes_remove_file/victim")),
	       "fs: file removed with remove_file: absent");
	tap_ok(sbt_exists(sbt_path("no_remove_file/victim")) == denied,
	       "fs: file removed without remove_file: %s", denied ? "present" : "absent");
}

/* ---- Scenario 2: the rule paths themselves ---- */

static int rule_paths(void *arg)
{
	struct lb_sandbox *sb = sbt_new("fs rule paths");
	const char *missing = sbt_path("paths/missing");
	const char *msg;
	int fd, rc;

	(void)arg;
	alarm(10);
	rc = lb_allow_path(sb, sbt_path("paths/link"), LB_FS_READ, 0);
	sbt_expect_rc(rc, 0, "fs: rule on a symlink to a directory");
	rc = lb_allow_path(sb, sbt_path("paths/flink"), LB_FS_READ_FILE, 0);
	sbt_expect_rc(rc, 0, "fs: rule on a symlink to a file");
	/* A plain open of a FIFO would block until a writer comes; the alarm
	 * above turns that into a failure instead of a hang. */
	rc = lb_allow_path(sb, sbt_path("paths/fifo"), LB_FS_READ_FILE | LB_FS_WRITE_FILE, 0);
	sbt_expect_rc(rc, 0, "fs: rule on a FIFO (without blocking)");
	sbt_allow(sb, sbt_path("paths/a"), LB_FS_READ, 0);
	rc = lb_allow_path(sb, missing, LB_FS_READ, 0);
	sbt_expect_rc(rc, ENOENT, "fs: rule on a missing path");
	msg = lb_error(sb);
	sbt_check(strstr(msg, missing) != NULL, msg,
		  "fs: the error message names the missing path");
	sbt_allow(sb, sbt_path("paths/b"), LB_FS_READ, 0);
	rc = lb_allow_path(sb, sbt_path("paths/missing2"), LB_FS_READ, LB_IGNORE_MISSING);
	sbt_expect_rc(rc, 0, "fs: rule on a missing path with LB_IGNORE_MISSING");
	fd = open(sbt_path("paths/byfd"), O_PATH | O_CLOEXEC);
	rc = lb_allow_fd(sb, fd, LB_FS_READ);
	sbt_expect_rc(rc, 0, "fs: rule by O_PATH fd");
	close(fd);
	fd = open(sbt_path("paths/filefd"), O_RDONLY | O_CLOEXEC);
	rc = lb_allow_fd(sb, fd, SBT_FS_ALL);
	sbt_expect_rc(rc, 0, "fs: rule by fd of a file with every right (masked)");
	close(fd);
	sbt_enforce(sb, "fs rule paths");

	sbt_expect(sbt_open("paths/real/file", O_RDONLY), 0,
		   "fs: read beneath the target of a symlinked rule path");
	sbt_expect(sbt_open("paths/link/file", O_RDONLY), 0,
		   "fs: read through the symlink of a rule path");
	sbt_expect(sbt_open("paths/other/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "fs: read beside the symlinked rule path");
	sbt_expect(sbt_open("paths", O_RDONLY | O_DIRECTORY), sbt_denied_from(1, EACCES),
		   "fs: list the dir holding the symlink of a rule path");
	sbt_expect(sbt_open("paths/freal/f", O_RDONLY), 0,
		   "fs: read the file a symlinked file rule points to");
	sbt_expect(sbt_open("paths/freal/g", O_RDONLY), sbt_denied_from(1, EACCES),
		   "fs: read the sibling of a symlinked file rule's target");
	sbt_expect(sbt_open("paths/fifo", O_RDWR | O_NONBLOCK), 0,
		   "fs: open a FIFO that has a read/write rule");
	sbt_expect(sbt_open("paths/fifo2", O_RDWR | O_NONBLOCK), sbt_denied_from(1, EACCES),
		   "fs: open a FIFO without a rule");
	sbt_expect(sbt_open("paths/a/file", O_RDONLY), 0,
		   "fs: rule added before the missing path is kept");
	sbt_expect(sbt_open("paths/b/file", O_RDONLY), 0,
		   "fs: rule added after the missing path is kept");
	sbt_expect(sbt_open("paths/c/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "fs: read beside the rules around the missing path");
	sbt_expect(sbt_open("paths/byfd/file", O_RDONLY), 0, "fs: read beneath a rule by fd");
	sbt_expect(sbt_open("paths/filefd", O_WRONLY), 0, "fs: write a file with a rule by fd");
	return 0;
}

static void test_rule_paths(void)
{
	const char *dirs[] = {"paths",	 "paths/real", "paths/other", "paths/freal",
			      "paths/a", "paths/b",    "paths/c",     "paths/byfd"};
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		sbt_mkdir(sbt_path("%s", dirs[i]));
		if (i)
			sbt_write(sbt_path("%s/file", dirs[i]), "hello\n");
	}
	sbt_write(sbt_path("paths/freal/f"), "hello\n");
	sbt_write(sbt_path("paths/freal/g"), "hello\n");
	sbt_write(sbt_path("paths/filefd"), "hello\n");
	if (symlink("real", sbt_path("paths/link")) || symlink("freal/f", sbt_path("paths/flink")))
		sbt_die("symlink", "paths/link");
	if (mkfifo(sbt_path("paths/fifo"), 0644) || mkfifo(sbt_path("paths/fifo2"), 0644))
		sbt_die("mkfifo", "paths/fifo");
	sbt_run("fs rule paths", rule_paths, NULL);
}

int main(void)
{
	if (sbt_init())
		return 0;
	test_access();
	test_rule_paths();
	return sbt_done();
}
