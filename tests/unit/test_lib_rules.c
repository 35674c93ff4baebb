/* SPDX-License-Identifier: MIT */
/* test_lib_rules.c - building the rules: errors that name the path or port,
 * a missing path with and without LB_IGNORE_MISSING (the other rules are
 * kept either way), file masking, unhandled rights dropped, FIFOs that do
 * not block, symlinks followed, rules by fd, the EBUSY freeze, TCP ports,
 * 10,000 rules (on 100 files) under RLIMIT_NOFILE 1024, the same with
 * LB_RECORD_LAST (only the last recorded, memory constant), and no fd
 * left open afterwards.
 * Every restriction happens in a child that then checks what it can do. */
#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "test_lib.h"

#define NMANY  10000
#define NFILES 100 /* distinct files: creating 10,000 takes seconds on slow disks */

static int errors(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	char p[PATH_MAX], want[PATH_MAX + 64];
	struct lb_rule_info ri;
	(void)arg;

	LT_CHECK(lb_allow_path(sb, lt_path(p, "nope/x"), LB_FS_READ, 0) == -ENOENT, "ENOENT");
	snprintf(want, sizeof(want), "cannot open %s for a rule: No such file or directory", p);
	LT_CHECK(!strcmp(lb_error(sb), want), "message: %s", lb_error(sb));
	LT_CHECK(lb_allow_port(sb, LB_NET_BIND_TCP, 70000) == -EINVAL &&
		     strstr(lb_error(sb), "70000"),
		 "port 70000: %s", lb_error(sb));
	LT_CHECK(lb_allow_fd(sb, -1, LB_FS_READ) == -EBADF && strstr(lb_error(sb), "-1"),
		 "fd -1: %s", lb_error(sb));
	LT_CHECK(lb_allow_path(sb, "", LB_FS_READ, 0) == -EINVAL, "empty path");
	LT_CHECK(lb_rule_count(sb) == 0, "no rule recorded for errors");
	LT_CHECK(lb_rule_get(sb, 0, &ri) == -ERANGE, "lb_rule_get out of range");
	LT_CHECK(lb_handle(sb, 7, 0) == -EINVAL && lb_set_compat(sb, 9) == -EINVAL &&
		     lb_set_threads(sb, 5) == -EINVAL,
		 "bad kind, level and mode");
	lb_free(sb);
	return 0;
}

/* Rules A, then missing (FLAGS), then B: A and B must both be in force. */
static int missing(void *arg)
{
	const unsigned flags = *(const unsigned *)arg;
	struct lb_sandbox *sb = lb_new();
	struct lb_rule_info ri;
	char p[PATH_MAX];
	int ret;

	LT_CHECK(lb_allow_path(sb, lt_path(p, "a"), LB_FS_READ, 0) == 0, "rule a");
	ret = lb_allow_path(sb, lt_path(p, "missing"), LB_FS_READ, flags);
	LT_CHECK(lb_allow_path(sb, lt_path(p, "b"), LB_FS_READ, 0) == 0, "rule b");
	if (flags & LB_IGNORE_MISSING) {
		LT_CHECK(ret == 0, "ignored: %s", lb_error(sb));
		LT_CHECK(lb_rule_count(sb) == 3, "three rules recorded");
		LT_CHECK(lb_rule_get(sb, 1, &ri) == 0 && ri.missing && ri.effective == 0 &&
			     ri.requested == LB_FS_READ,
			 "the missing rule is recorded as missing");
		lt_path(p, "missing");
		LT_CHECK(!strcmp(ri.path, p), "with its path");
	} else {
		LT_CHECK(ret == -ENOENT && strstr(lb_error(sb), "missing"), "error names the path");
		LT_CHECK(lb_rule_count(sb) == 2, "the two good rules recorded");
	}
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(lt_open("a/f", O_RDONLY) == 0 && lt_open("b/f", O_RDONLY) == 0,
		 "rules before and after the missing one are in force");
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(lt_abi > 0), "the rest is denied");
	lb_free(sb);
	return 0;
}

static int masking(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_rule_info ri;
	char p[PATH_MAX];
	const uint64_t fs = lb_abi_mask(LB_KIND_FS, lt_abi);
	(void)arg;

	alarm(10); /* a FIFO opened for reading would block forever */
	LT_CHECK(lb_allow_path(sb, lt_path(p, "a/f"), LB_FS_READ | LB_FS_WRITE, 0) == 0,
		 "directory rights on a file are accepted: %s", lb_error(sb));
	LT_CHECK(lb_rule_get(sb, 0, &ri) == 0 && !ri.is_dir &&
		     ri.effective == (LB_FS_FILE_RIGHTS & (LB_FS_READ | LB_FS_WRITE) & fs),
		 "masked to the file rights on ABI %d: %#llx", lt_abi,
		 (unsigned long long)ri.effective);
	LT_CHECK(lb_allow_path(sb, lt_path(p, "fifo"), LB_FS_READ | LB_FS_WRITE_FILE, 0) == 0,
		 "a FIFO rule does not block: %s", lb_error(sb));
	LT_CHECK(lb_allow_path(sb, lt_path(p, "link"), LB_FS_READ | LB_FS_MAKE_REG, 0) == 0,
		 "symlink rule: %s", lb_error(sb));
	LT_CHECK(lb_rule_get(sb, 2, &ri) == 0 && ri.is_dir &&
		     ri.effective == ((LB_FS_READ | LB_FS_MAKE_REG) & fs),
		 "symlink followed to the directory b");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(lt_open("a/f", O_RDWR) == 0, "file rule in force");
	LT_CHECK(lt_open("b/new", O_WRONLY | O_CREAT) == lt_denied(lt_abi > 0),
		 "b: make_reg but no write_file");
	LT_CHECK(lt_open("b/made", O_RDONLY | O_CREAT) == 0,
		 "b: create (make_reg) through the link");
	LT_CHECK(lt_open("a/g", O_RDONLY) == lt_denied(lt_abi > 0), "a/g not covered by a/f");
	lb_free(sb);
	return 0;
}

static int unhandled(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_rule_info ri;
	char p[PATH_MAX];
	(void)arg;

	LT_CHECK(lb_handle(sb, LB_KIND_FS, LB_FS_READ) == 0, "handle read only");
	LT_CHECK(lb_allow_path(sb, lt_path(p, "a"), LB_FS_READ | LB_FS_WRITE_FILE, 0) == 0, "rule");
	LT_CHECK(lb_allow_path(sb, lt_path(p, "b"), LB_FS_WRITE_FILE, 0) == 0,
		 "a rule of only unhandled rights is no error");
	LT_CHECK(lb_rule_get(sb, 0, &ri) == 0 && ri.effective == (lt_abi ? LB_FS_READ : 0),
		 "unhandled write_file dropped");
	LT_CHECK(lb_rule_get(sb, 1, &ri) == 0 && ri.effective == 0, "empty rule skipped");
	LT_CHECK(lb_handle(sb, LB_KIND_FS, 0) == -EBUSY && lb_set_compat(sb, 0) == -EBUSY &&
		     lb_require(sb, LB_KIND_FS, 1, 0) == -EBUSY,
		 "handled sets and levels are fixed after the first rule");
	LT_CHECK(strstr(lb_error(sb), "first rule"), "EBUSY explained: %s", lb_error(sb));
	LT_CHECK(lb_set_flags(sb, 0) == 0 && lb_set_threads(sb, LB_ALL_THREADS) == 0,
		 "flags and threads can still change");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(lt_open("secret", O_WRONLY) == 0, "writing is not handled");
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(lt_abi > 0), "reading is");
	LT_CHECK(lt_open("a/f", O_RDONLY) == 0, "a readable");
	LT_CHECK(lb_restrict(sb, NULL) == -EALREADY, "a sandbox is enforced once");
	lb_free(sb);
	return 0;
}

static int by_fd(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_rule_info ri;
	char p[PATH_MAX];
	int fd = open(lt_path(p, "a"), O_PATH | O_CLOEXEC);
	(void)arg;

	LT_CHECK(fd >= 0, "open a");
	LT_CHECK(lb_allow_fd(sb, fd, LB_FS_READ) == 0, "fd rule: %s", lb_error(sb));
	LT_CHECK(fcntl(fd, F_GETFD) >= 0, "the fd is not consumed");
	close(fd);
	LT_CHECK(lb_rule_get(sb, 0, &ri) == 0 && ri.path == NULL && ri.is_dir, "recorded, no path");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(lt_open("a/f", O_RDONLY) == 0, "a readable");
	LT_CHECK(lt_open("b/f", O_RDONLY) == lt_denied(lt_abi > 0), "b denied");
	lb_free(sb);
	return 0;
}

/* errno of binding a TCP socket of FAMILY to PORT on loopback (0 = ok). */
static int try_bind(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), err;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0)
		return errno;
	err = bind(s, (struct sockaddr *)&sa, sizeof(sa)) ? errno : 0;
	close(s);
	return err;
}

static int free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s >= 0 && !bind(s, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(s, (struct sockaddr *)&sa, &len))
		port = ntohs(sa.sin_port);
	if (s >= 0)
		close(s);
	return port;
}

static int ports(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	const int p1 = free_port(), p2 = free_port();
	const int net = lt_abi >= 4;
	struct lb_rule_info ri;
	(void)arg;

	LT_CHECK(p1 > 0 && p2 > 0 && p1 != p2, "free ports");
	LT_CHECK(lb_allow_port(sb, LB_NET_BIND_TCP, (uint64_t)p1) == 0, "port rule: %s",
		 lb_error(sb));
	LT_CHECK(lb_rule_get(sb, 0, &ri) == 0 && ri.kind == LB_KIND_NET &&
		     ri.port == (uint64_t)p1 && ri.effective == (net ? LB_NET_BIND_TCP : 0),
		 "recorded with its effect on ABI %d", lt_abi);
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(try_bind(p1) == 0, "bind to the allowed port %d", p1);
	LT_CHECK(try_bind(p2) == lt_denied(net), "bind to port %d: errno %d", p2, try_bind(p2));
	lb_free(sb);
	return 0;
}

/* lb_rule_inode: the inode the rule binds to, a symlink's target's. */
static int inodes(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_rule_info ri;
	struct stat st;
	uint64_t dev, ino;
	const char *first;
	char p[PATH_MAX];
	(void)arg;

	LT_CHECK(lb_allow_path(sb, lt_path(p, "a/f"), LB_FS_READ_FILE, 0) == 0, "rule a/f");
	LT_CHECK(lb_rule_get(sb, 0, &ri) == 0, "rule 0");
	first = ri.path;
	LT_CHECK(lb_allow_path(sb, lt_path(p, "link"), LB_FS_READ, 0) == 0, "rule link");
	LT_CHECK(lb_allow_path(sb, lt_path(p, "missing"), LB_FS_READ, LB_IGNORE_MISSING) == 0,
		 "missing rule");
	LT_CHECK(lb_allow_port(sb, LB_NET_BIND_TCP, 80) == 0, "port rule");
	LT_CHECK(stat(lt_path(p, "a/f"), &st) == 0 && lb_rule_inode(sb, 0, &dev, &ino) == 0 &&
		     dev == (uint64_t)st.st_dev && ino == (uint64_t)st.st_ino,
		 "a file rule's inode");
	LT_CHECK(stat(lt_path(p, "b"), &st) == 0 && lb_rule_inode(sb, 1, &dev, &ino) == 0 &&
		     dev == (uint64_t)st.st_dev && ino == (uint64_t)st.st_ino,
		 "a symlink rule binds to its target");
	LT_CHECK(lb_rule_inode(sb, 2, &dev, &ino) == -ENOENT, "a missing path has no inode");
	LT_CHECK(lb_rule_inode(sb, 3, &dev, &ino) == -ENOENT, "a port rule has no inode");
	LT_CHECK(lb_rule_inode(sb, 4, &dev, &ino) == -ERANGE, "past the end");
	LT_CHECK(lb_rule_get(sb, 0, &ri) == 0 && ri.path == first &&
		     !strcmp(first, lt_path(p, "a/f")),
		 "a rule's path stays where it was");
	lb_free(sb);
	return 0;
}

static int many(void *arg)
{
	struct rlimit rl = {1024, 1024};
	struct lb_sandbox *sb;
	unsigned char before[128], after[128];
	char p[PATH_MAX], name[64];
	struct timespec t0, t1;
	(void)arg;

	LT_CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit");
	lt_fds(before);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sb = lb_new();
	for (int i = 0; i < NMANY; i++) {
		snprintf(name, sizeof(name), "many/%d", i % NFILES);
		LT_CHECK(lb_allow_path(sb, lt_path(p, name), LB_FS_READ_FILE, 0) == 0,
			 "rule %d: %s", i, lb_error(sb));
	}
	LT_CHECK(lb_rule_count(sb) == NMANY, "all rules recorded");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* The paths fill many pool blocks: each must still read as given. */
	for (int i = 0; i < NMANY; i++) {
		struct lb_rule_info ri;
		snprintf(name, sizeof(name), "many/%d", i % NFILES);
		LT_CHECK(lb_rule_get(sb, (size_t)i, &ri) == 0 && !strcmp(ri.path, lt_path(p, name)),
			 "rule %d keeps its path: %s", i, ri.path);
	}
	lb_free(sb);
	tap_diag("%d rules built and enforced in %.1f ms", NMANY,
		 (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	lt_fds(after);
	LT_CHECK(!memcmp(before, after, sizeof(before)), "no fd left open");
	LT_CHECK(lt_open("many/0", O_RDONLY) == 0 && lt_open("many/99", O_RDONLY) == 0,
		 "first and last rule in force");
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(lt_abi > 0), "the rest denied");
	return 0;
}

/*
 * LB_RECORD_LAST: 10,000 rules all in force, only the last one recorded,
 * and the library's memory does not grow with them.
 */
static int record_last(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_rule_info ri;
	char p[PATH_MAX], name[64];
	uint64_t dev, ino;
	size_t heap;
	(void)arg;

	LT_CHECK(lb_set_record(sb, (enum lb_record)7) == -EINVAL, "unknown mode refused");
	LT_CHECK(lb_set_record(sb, LB_RECORD_LAST) == 0, "LB_RECORD_LAST: %s", lb_error(sb));
	LT_CHECK(lb_allow_path(sb, lt_path(p, "many/0"), LB_FS_READ_FILE, 0) == 0, "first rule");
	heap = mallinfo2().uordblks;
	for (int i = 1; i < NMANY; i++) {
		snprintf(name, sizeof(name), "many/%d", i % NFILES);
		LT_CHECK(lb_allow_path(sb, lt_path(p, name), LB_FS_READ_FILE, 0) == 0,
			 "rule %d: %s", i, lb_error(sb));
	}
	LT_CHECK(mallinfo2().uordblks <= heap + 4096,
		 "memory does not grow with the rules: %zu -> %zu", heap, mallinfo2().uordblks);
	LT_CHECK(lb_rule_count(sb) == NMANY, "every rule counted");
	LT_CHECK(lb_rule_get(sb, NMANY - 1, &ri) == 0 && !strcmp(ri.path, lt_path(p, "many/99")) &&
		     ri.effective == LB_FS_READ_FILE * (lt_abi > 0),
		 "the last rule is recorded: %s", lb_error(sb));
	LT_CHECK(lb_rule_inode(sb, NMANY - 1, &dev, &ino) == 0, "and its inode");
	LT_CHECK(lb_rule_get(sb, 0, &ri) == -ENOENT && strstr(lb_error(sb), "not recorded"),
		 "an earlier one is not: %s", lb_error(sb));
	LT_CHECK(lb_rule_inode(sb, NMANY - 2, &dev, &ino) == -ENOENT, "nor its inode");
	LT_CHECK(lb_rule_get(sb, NMANY, &ri) == -ERANGE, "past the end: ERANGE");
	LT_CHECK(lb_set_record(sb, LB_RECORD_ALL) == -EBUSY, "the mode is fixed after a rule");
	LT_CHECK(lb_allow_path(sb, lt_path(p, "gone"), LB_FS_READ_FILE, LB_IGNORE_MISSING) == 0 &&
		     lb_rule_get(sb, NMANY, &ri) == 0 && ri.missing,
		 "a missing path is the last rule: %s", lb_error(sb));
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "many/%d", i);
		LT_CHECK(lt_open(name, O_RDONLY) == 0, "rule on %s in force", name);
	}
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(lt_abi > 0), "the rest denied");
	lb_free(sb);
	return 0;
}

static int fds_and_nnp(void *arg)
{
	unsigned char before[128], after[128];
	struct lb_sandbox *sb;
	char p[PATH_MAX];
	(void)arg;

	LT_CHECK(lt_nnp() == 0, "no_new_privs not set before");
	lt_fds(before);
	sb = lb_new();
	LT_CHECK(lb_allow_path(sb, lt_path(p, "a"), LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_allow_path(sb, lt_path(p, "nope"), LB_FS_READ, 0) == -ENOENT, "bad rule");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	lb_free(sb);
	lt_fds(after);
	LT_CHECK(!memcmp(before, after, sizeof(before)), "the same fds open before and after");
	LT_CHECK(lt_nnp() == (lt_abi > 0), "no_new_privs set by lb_restrict (when enforcing)");
	return 0;
}

int main(void)
{
	char p[PATH_MAX], name[64];
	unsigned none = 0, ignore = LB_IGNORE_MISSING;

	lt_init();
	if (lt_mkdir("a") || lt_write("a/f", "a") || lt_write("a/g", "g") || lt_mkdir("b") ||
	    lt_write("b/f", "b") || lt_write("secret", "s") || lt_mkdir("many") ||
	    mkfifo(lt_path(p, "fifo"), 0600) || symlink("b", lt_path(name, "link")) != 0) {
		printf("Bail out! scratch files\n");
		return 1;
	}
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "many/%d", i);
		if (lt_write(name, "")) {
			printf("Bail out! cannot create %s\n", name);
			return 1;
		}
	}
	tap_ok(tap_child(errors, NULL) == 0, "errors name the path, port or fd");
	tap_ok(tap_child(missing, &none) == 0, "missing path: error naming it, other rules kept");
	tap_ok(tap_child(missing, &ignore) == 0, "missing path with LB_IGNORE_MISSING: recorded, "
						 "skipped");
	tap_ok(tap_child(masking, NULL) == 0, "file masking, FIFO, symlink");
	tap_ok(tap_child(unhandled, NULL) == 0, "unhandled rights dropped; EBUSY after a rule");
	tap_ok(tap_child(by_fd, NULL) == 0, "rule by fd");
	tap_ok(tap_child(inodes, NULL) == 0, "lb_rule_inode; paths stay put");
	tap_ok(tap_child(ports, NULL) == 0, "TCP port rule (enforced from ABI 4)");
	tap_ok(tap_child(many, NULL) == 0, "%d path rules under RLIMIT_NOFILE 1024", NMANY);
	tap_ok(tap_child(record_last, NULL) == 0, "LB_RECORD_LAST: %d rules, the last recorded",
	       NMANY);
	tap_ok(tap_child(fds_and_nnp, NULL) == 0, "no fd left open, no_new_privs set");
	return tap_done();
}
