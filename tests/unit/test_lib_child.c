/* SPDX-License-Identifier: MIT */
/* test_lib_child.c - lb_prepare in the parent, lb_restrict_child in a child
 * made by vfork() or fork(): the launcher pattern of the landbox command.
 * The child restricts, tries to open files and reports the errno through
 * its exit status; the parent checks what it got and that the parent still
 * owns (and frees) the sandbox without leaking its ruleset fd. */
#include <sys/wait.h>

#include "test_lib.h"

/* Restrict in a child made by vfork (or fork), then open NAME: the errno. */
static int child_open(struct lb_sandbox *sb, const char *name, int use_vfork)
{
	char path[PATH_MAX];
	pid_t pid;
	int st;

	lt_path(path, name);
	fflush(stdout);
	pid = use_vfork ? vfork() : fork();
	if (pid == 0) {
		const int err = lb_restrict_child(sb);
		int fd;
		if (err)
			_exit(100 + (-err & 0x3f));
		fd = open(path, O_RDONLY | O_CLOEXEC);
		_exit(fd < 0 ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static struct lb_sandbox *sandbox_allowing(const char *name)
{
	char path[PATH_MAX];
	struct lb_sandbox *sb = lb_new();
	if (sb && lb_allow_path(sb, lt_path(path, name), LB_FS_READ_FILE, 0)) {
		tap_diag("%s", lb_error(sb));
		lb_free(sb);
		return NULL;
	}
	return sb;
}

static void test_vfork(int use_vfork)
{
	const char *how = use_vfork ? "vfork" : "fork";
	unsigned char before[128], after[128];
	struct lb_status st;
	struct lb_sandbox *sb;
	int enforced = lt_real >= 1;

	lt_fds(before);
	sb = sandbox_allowing("allowed");
	tap_ok(sb && lb_prepare(sb, &st) == 0, "prepare then %s: lb_prepare succeeds", how);
	if (!sb)
		return;
	tap_ok(st.state == (lt_abi >= 1 ? LB_PARTIALLY_ENFORCED : LB_NOT_ENFORCED) ||
		   (lt_abi >= TAP_ABI_LAST_RIGHT && st.state == LB_FULLY_ENFORCED),
	       "prepare then %s: status says what will be enforced", how);
	tap_ok(child_open(sb, "allowed", use_vfork) == 0, "prepare then %s: allowed file opens",
	       how);
	tap_ok(child_open(sb, "denied", use_vfork) == lt_denied(enforced),
	       "prepare then %s: other file %s", how, enforced ? "denied (EACCES)" : "opens");
	tap_ok(lt_open("denied", O_RDONLY) == 0 && !lt_nnp(),
	       "prepare then %s: the parent stays unsandboxed", how);
	lb_free(sb);
	lt_fds(after);
	tap_ok(!memcmp(before, after, sizeof(before)),
	       "prepare then %s: no fd left in the parent after lb_free", how);
}

static void test_misuse(void)
{
	struct lb_sandbox *sb = sandbox_allowing("allowed");

	tap_ok(sb && lb_restrict_child(sb) == -EINVAL, "restrict_child before prepare: EINVAL");
	tap_ok(lb_restrict_child(NULL) == -EINVAL, "restrict_child of NULL: EINVAL");
	lb_free(sb);
	tap_ok(strstr(lb_restrict_hint(-E2BIG), "16") != NULL,
	       "restrict hint names the 16-layer limit");
	tap_ok(!strcmp(lb_restrict_hint(ENOENT), ""), "restrict hint empty for other errors");
}

/* A soft requirement that cannot be met: the child enforces nothing. */
static void test_soft(void)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_status st;
	char path[PATH_MAX];
	int ok;

	/* Soft-require something newer than what the library sees. */
	ok = sb && lb_require(sb, LB_KIND_FS, LB_FS_RESOLVE_UNIX, LB_SOFT_REQUIREMENT) == 0 &&
	     lb_allow_path(sb, lt_path(path, "allowed"), LB_FS_READ_FILE, 0) == 0 &&
	     lb_prepare(sb, &st) == 0;
	tap_ok(ok, "soft requirement: lb_prepare succeeds");
	if (ok && lt_abi < 9) {
		tap_ok(st.state == LB_NOT_ENFORCED, "soft requirement unmet: not enforced");
		tap_ok(child_open(sb, "denied", 1) == 0,
		       "soft requirement unmet: child unrestricted");
	} else {
		tap_ok(st.state != LB_NOT_ENFORCED, "soft requirement met: enforced");
		tap_ok(child_open(sb, "denied", 1) == lt_denied(lt_real >= 1),
		       "soft requirement met: child restricted");
	}
	lb_free(sb);
}

int main(void)
{
	lt_init();
	if (lt_write("allowed", "a") || lt_write("denied", "d")) {
		printf("Bail out! cannot write test files\n");
		return 1;
	}
	test_vfork(1);
	test_vfork(0);
	test_misuse();
	test_soft();
	lt_cleanup();
	return tap_done();
}
