/* SPDX-License-Identifier: MIT */
/* test_sandbox_layers.c - what restricting does to the process besides the
 * rules: domains stack up to 16 layers and the 17th is refused with E2BIG
 * and a message saying why; a nested sandbox can only narrow; no file
 * descriptor is left open (and the ones held meanwhile are close-on-exec);
 * no_new_privs is set.  Also that the probe reports the ABI the suite runs
 * under. */
#include <dirent.h>
#include <sys/prctl.h>

#include "sbtest.h"

/* ---- Stacking ---- */

/* A sandbox granting read beneath A and B (when not NULL). */
static struct lb_sandbox *read_only(const char *scenario, const char *a, const char *b)
{
	struct lb_sandbox *sb = sbt_new(scenario);
	sbt_allow(sb, sbt_path("%s", a), LB_FS_READ, 0);
	if (b)
		sbt_allow(sb, sbt_path("%s", b), LB_FS_READ, 0);
	return sb;
}

/* The layers are stacked with LB_THREAD_ONLY: this checks the kernel's
 * limit and how the library reports it, whatever the thread syncing does
 * (nesting in the default mode is checked by the "nested" scenarios). */
static int sixteen(void *arg)
{
	struct lb_sandbox *sb;
	struct lb_status st;
	const char *msg;
	int i, ok = 0, rc;

	(void)arg;
	alarm(10);
	for (i = 1; i <= 16; i++) {
		sb = read_only("layers", "stack/in", NULL);
		lb_set_threads(sb, LB_THREAD_ONLY);
		rc = lb_restrict(sb, &st);
		if (rc)
			sbt_check(0, lb_error(sb), "layers: layer %d failed with %s", i,
				  sbt_errname(-rc));
		else
			ok++;
		lb_free(sb);
	}
	sbt_check(ok == 16, NULL, "layers: 16 nested sandboxes are enforced");
	sbt_expect(sbt_open("stack/in/file", O_RDONLY), 0, "layers: read inside after 16 layers");
	sbt_expect(sbt_open("stack/out/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "layers: read outside after 16 layers");

	sb = read_only("layers", "stack/in", NULL);
	lb_set_threads(sb, LB_THREAD_ONLY);
	rc = lb_restrict(sb, &st);
	sbt_expect_rc(rc, sbt_denied_from(1, E2BIG),
		      "layers: lb_restrict of a 17th nested sandbox");
	msg = lb_error(sb);
	if (sbt_abi)
		sbt_check(rc && strstr(msg, "16") != NULL, msg,
			  "layers: the 17th's error message tells the limit of 16");
	lb_free(sb);
	sbt_expect(sbt_open("stack/in/file", O_RDONLY), 0,
		   "layers: read inside after the 17th was refused");
	sbt_expect(sbt_open("stack/out/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "layers: read outside after the 17th was refused");
	return 0;
}

/* Outer grants read on a; inner grants read on a and b and write on a. */
static int widen(void *arg)
{
	struct lb_sandbox *inner;

	(void)arg;
	alarm(10);
	sbt_enforce(read_only("nested widen outer", "nest/a", NULL), "nested widen outer");
	inner = sbt_new("nested widen inner");
	sbt_allow(inner, sbt_path("nest/a"), LB_FS_READ | LB_FS_WRITE_FILE, 0);
	sbt_allow(inner, sbt_path("nest/b"), LB_FS_READ, 0);
	sbt_enforce(inner, "nested widen inner");
	sbt_expect(sbt_open("nest/a/file", O_RDONLY), 0, "nested: read granted by both layers");
	sbt_expect(sbt_open("nest/b/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "nested: read granted only by the inner layer");
	sbt_expect(sbt_open("nest/a/file", O_WRONLY), sbt_denied_from(1, EACCES),
		   "nested: write granted only by the inner layer");
	return 0;
}

/* Outer grants read on a and b; inner only on a. */
static int narrow(void *arg)
{
	(void)arg;
	alarm(10);
	sbt_enforce(read_only("nested narrow outer", "nest/a", "nest/b"), "nested narrow outer");
	sbt_expect(sbt_open("nest/b/file", O_RDONLY), 0, "nested: read b under the outer layer");
	sbt_enforce(read_only("nested narrow inner", "nest/a", NULL), "nested narrow inner");
	sbt_expect(sbt_open("nest/a/file", O_RDONLY), 0, "nested: read a kept by the inner layer");
	sbt_expect(sbt_open("nest/b/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "nested: read b dropped by the inner layer");
	return 0;
}

/* ---- File descriptors ---- */

/* The open fds, as /proc/self/fd lists them (read through D, opened before
 * any sandbox: Landlock checks at open time), into a bitmap. */
#define MAXFD 1024
static void list_fds(DIR *d, unsigned char *set)
{
	struct dirent *e;

	memset(set, 0, MAXFD);
	rewinddir(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) < MAXFD)
			set[atoi(e->d_name)] = 1;
}

/* Fds open in AFTER and not in BEFORE, as "3 4" into BUF; 0 when none. */
static int new_fds(const unsigned char *before, const unsigned char *after, char *buf, size_t len,
		   int *not_cloexec)
{
	size_t used = 0;
	int fd, n = 0;

	buf[0] = '\0';
	*not_cloexec = 0;
	for (fd = 0; fd < MAXFD; fd++) {
		if (!after[fd] || before[fd])
			continue;
		n++;
		if (!(fcntl(fd, F_GETFD) & FD_CLOEXEC))
			*not_cloexec = 1;
		if (used < len)
			used += snprintf(buf + used, len - used, " %d", fd);
	}
	return n;
}

static int fds(void *arg)
{
	static unsigned char before[MAXFD], during[MAXFD], after[MAXFD];
	struct lb_sandbox *sb;
	char got[128];
	DIR *d;
	int n, bad, fd;

	(void)arg;
	alarm(10);
	d = opendir("/proc/self/fd");
	if (!d)
		return 4;
	list_fds(d, before);

	/* A sandbox that fails and is freed without restricting. */
	sb = sbt_new("fds");
	sbt_allow(sb, sbt_path("nest/a"), LB_FS_READ, 0);
	lb_allow_path(sb, sbt_path("nest/missing"), LB_FS_READ, 0);
	lb_free(sb);
	list_fds(d, after);
	n = new_fds(before, after, got, sizeof(got), &bad);
	sbt_check(n == 0, got, "fds: none left after a sandbox is freed unenforced");

	/* One that is enforced, with every kind of rule. */
	sb = sbt_new("fds");
	sbt_allow(sb, sbt_path("nest/a"), LB_FS_READ, 0);
	sbt_allow(sb, sbt_path("nest/b/file"), LB_FS_READ_FILE, 0);
	sbt_allow(sb, sbt_path("nest/missing"), LB_FS_READ, LB_IGNORE_MISSING);
	sbt_allow(sb, "/dev/null", LB_FS_READ_FILE | LB_FS_WRITE_FILE, 0);
	fd = open(sbt_path("nest"), O_PATH | O_CLOEXEC);
	if (lb_allow_fd(sb, fd, LB_FS_READ_DIR))
		sbt_check(0, lb_error(sb), "fds: lb_allow_fd");
	close(fd);
	sbt_allow_port(sb, LB_NET_CONNECT_TCP, 443);
	list_fds(d, during);
	n = new_fds(before, during, got, sizeof(got), &bad);
	sbt_check(!bad, got, "fds: those the library holds while building are close-on-exec");
	sbt_check(n <= 1, got, "fds: at most one (the ruleset) held while building, none per rule");
	sbt_enforce(sb, "fds");
	list_fds(d, after);
	n = new_fds(before, after, got, sizeof(got), &bad);
	sbt_check(n == 0, got, "fds: none left after restricting");
	n = new_fds(after, before, got, sizeof(got), &bad);
	sbt_check(n == 0, got, "fds: none of the caller's closed by restricting");
	closedir(d);
	return 0;
}

/* ---- no_new_privs ---- */

static int nnp(void *arg)
{
	int before = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), after;
	char got[32];

	(void)arg;
	alarm(10);
	sbt_enforce(read_only("no_new_privs", "nest/a", NULL), "no_new_privs");
	after = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	snprintf(got, sizeof(got), "before %d, after %d", before, after);
	/* landbox(3): set when something is enforced, not set otherwise. */
	if (sbt_abi)
		sbt_check(before == 0 && after == 1, got,
			  "no_new_privs: unset before restricting, set after");
	else
		sbt_check(before == 0 && after == 0, got,
			  "no_new_privs: not set when nothing is enforced (no Landlock)");
	return 0;
}

int main(void)
{
	const char *dirs[] = {"stack", "stack/in", "stack/out", "nest", "nest/a", "nest/b"};
	size_t i;

	if (sbt_init())
		return 0;
	/* The kernel's, or the emulated one (same name: the kernel matrix
	 * compares the two runs). */
	tap_ok(lb_abi() == (sbt_emulated < 0 ? sbt_kernel_abi : sbt_emulated),
	       "probe: lb_abi() is the ABI under test (%d)", sbt_abi);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		sbt_mkdir(sbt_path("%s", dirs[i]));
		if (strchr(dirs[i], '/'))
			sbt_write(sbt_path("%s/file", dirs[i]), "hello\n");
	}
	sbt_run("layers", sixteen, NULL);
	sbt_run("nested widen", widen, NULL);
	sbt_run("nested narrow", narrow, NULL);
	sbt_run("fds", fds, NULL);
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		tap_skip("no_new_privs: the test runs with no_new_privs already set");
	else
		sbt_run("no_new_privs", nnp, NULL);
	return sbt_done();
}
