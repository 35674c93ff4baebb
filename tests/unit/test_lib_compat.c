/* SPDX-License-Identifier: MIT */
/* test_lib_compat.c - the compatibility levels (best effort, soft and hard
 * requirement, globally and per right) with each outcome: fully, partially
 * and not enforced, and the error.  Every case restricts a child for real
 * and checks what it can still do: read a file outside the rules (EACCES
 * when enforced), and whether no_new_privs was set.  Expectations follow
 * the ABI the library sees (lt_abi), so the file passes under every
 * emulated ABI. */
#include "test_lib.h"

#define FS_ALL lb_abi_mask(LB_KIND_FS, LB_ABI_KNOWN)

/* What a case expects. */
struct expect {
	int ret;		   /* lb_restrict's return */
	enum lb_enforcement state; /* when ret == 0 */
	int enforced;		   /* the secret file is denied */
	const char *msg;	   /* substring of lb_error when ret < 0 */
	const char *msg2;
};

/* Restrict SB (which allows lt_dir/allowed) and check E in this child. */
static int outcome(struct lb_sandbox *sb, const struct expect *e)
{
	struct lb_status plan, st;
	char line[PATH_MAX];
	int pret, ret;

	LT_CHECK(lb_allow_path(sb, lt_path(line, "allowed"), LB_FS_READ, 0) == 0, "rule: %s",
		 lb_error(sb));
	pret = lb_plan(sb, &plan);
	LT_CHECK(lt_nnp() == 0, "lb_plan restricts nothing");
	ret = lb_restrict(sb, &st);
	LT_CHECK(ret == pret, "lb_plan predicted %d, lb_restrict returned %d", pret, ret);
	LT_CHECK(ret == e->ret, "lb_restrict returned %d (%s), expected %d", ret, lb_error(sb),
		 e->ret);
	if (ret < 0) {
		LT_CHECK(strstr(lb_error(sb), e->msg) &&
			     (!e->msg2 || strstr(lb_error(sb), e->msg2)),
			 "message \"%s\" lacks \"%s\" / \"%s\"", lb_error(sb), e->msg,
			 e->msg2 ? e->msg2 : "");
		tap_diag("error: %s", lb_error(sb));
	} else {
		lb_status_format(&st, line, sizeof(line));
		tap_diag("status: %s", line);
		LT_CHECK(st.state == e->state && plan.state == st.state,
			 "state %d (plan %d), expected %d", st.state, plan.state, e->state);
	}
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(e->enforced),
		 "secret file: got errno %d, expected %d", lt_open("secret", O_RDONLY),
		 lt_denied(e->enforced));
	LT_CHECK(lt_open("allowed/a", O_RDONLY) == 0, "allowed file readable");
	LT_CHECK(lt_nnp() == (e->ret == 0 && e->enforced), "no_new_privs %d", lt_nnp());
	lb_free(sb);
	return 0;
}

/* The state of the default sandbox (everything handled) on lt_abi. */
static enum lb_enforcement default_state(void)
{
	if (lt_abi == 0)
		return LB_NOT_ENFORCED;
	return lt_abi >= TAP_ABI_LAST_RIGHT ? LB_FULLY_ENFORCED : LB_PARTIALLY_ENFORCED;
}

static int best_full(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct expect e = {0, lt_abi ? LB_FULLY_ENFORCED : LB_NOT_ENFORCED, lt_abi > 0, NULL, NULL};
	(void)arg;

	lb_handle(sb, LB_KIND_FS, lb_abi_mask(LB_KIND_FS, 1));
	lb_handle(sb, LB_KIND_NET, 0);
	lb_handle(sb, LB_KIND_SCOPE, 0);
	return outcome(sb, &e);
}

static int best_partial(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct expect e = {0, default_state(), lt_abi > 0, NULL, NULL};
	struct lb_status st;
	(void)arg;

	LT_CHECK(lb_plan(sb, &st) == 0, "plan");
	LT_CHECK(st.unenforced[LB_KIND_FS] == (FS_ALL & ~lb_abi_mask(LB_KIND_FS, lt_abi)),
		 "unenforced fs = what ABI %d lacks", lt_abi);
	LT_CHECK(st.handled[LB_KIND_FS] == lb_abi_mask(LB_KIND_FS, lt_abi), "handled fs");
	return outcome(sb, &e);
}

static int best_nothing(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	/* Only TCP: nothing at all before ABI 4; the secret file is never denied. */
	struct expect e = {0, lt_abi >= 4 ? LB_FULLY_ENFORCED : LB_NOT_ENFORCED, 0, NULL, NULL};
	(void)arg;

	lb_handle(sb, LB_KIND_FS, 0);
	lb_handle(sb, LB_KIND_SCOPE, 0);
	lb_handle(sb, LB_KIND_NET, LB_NET_BIND_TCP | LB_NET_CONNECT_TCP);
	if (lb_restrict(sb, NULL) != 0)
		return 1;
	LT_CHECK(lt_nnp() == (lt_abi >= 4), "no_new_privs only when something was enforced");
	LT_CHECK(lt_open("secret", O_RDONLY) == 0, "fs not handled");
	lb_free(sb);
	(void)e;
	return 0;
}

static int soft_truncate(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	const int met = lt_abi >= 3;
	struct expect e = {0, met ? default_state() : LB_NOT_ENFORCED, met, NULL, NULL};
	(void)arg;

	lb_require(sb, LB_KIND_FS, LB_FS_TRUNCATE, LB_SOFT_REQUIREMENT);
	return outcome(sb, &e);
}

static int soft_signal(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	const int met = lt_abi >= 6;
	struct expect e = {0, met ? default_state() : LB_NOT_ENFORCED, met, NULL, NULL};
	struct lb_status st;
	(void)arg;

	lb_require(sb, LB_KIND_SCOPE, LB_SCOPE_SIGNAL, LB_SOFT_REQUIREMENT);
	LT_CHECK(lb_plan(sb, &st) == 0, "plan");
	if (!met)
		LT_CHECK(st.unenforced[LB_KIND_FS] == FS_ALL && st.handled[LB_KIND_FS] == 0,
			 "all or nothing: every requested right reported");
	return outcome(sb, &e);
}

static int soft_global(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	const int met = lt_abi >= TAP_ABI_LAST_RIGHT;
	struct expect e = {0, met ? LB_FULLY_ENFORCED : LB_NOT_ENFORCED, met, NULL, NULL};
	(void)arg;

	lb_set_compat(sb, LB_SOFT_REQUIREMENT);
	return outcome(sb, &e);
}

static int hard_truncate(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	char want[128];
	struct expect e = {0, default_state(), lt_abi > 0, want, NULL};
	(void)arg;

	if (lt_abi < 3) {
		e.ret = -EOPNOTSUPP;
		e.enforced = 0;
		if (lt_abi > 0) {
			snprintf(want, sizeof(want),
				 "fs.truncate needs Landlock ABI 3; this kernel has ABI %d",
				 lt_abi);
		} else {
			snprintf(want, sizeof(want), "fs.truncate needs Landlock ABI 3");
			e.msg2 = "lsm=landlock,";
		}
	}
	lb_require(sb, LB_KIND_FS, LB_FS_TRUNCATE, LB_HARD_REQUIREMENT);
	return outcome(sb, &e);
}

static int hard_tcp(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct expect e = {0, default_state(), lt_abi > 0, "net.bind_tcp needs Landlock ABI 4",
			   NULL};
	(void)arg;

	if (lt_abi < 4) {
		e.ret = -EOPNOTSUPP;
		e.enforced = 0;
	}
	lb_require(sb, LB_KIND_NET, LB_NET_BIND_TCP, LB_HARD_REQUIREMENT);
	return outcome(sb, &e);
}

static int hard_log_flag(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct expect e = {0, default_state(), lt_abi > 0,
			   "flag.log_new_exec_on needs Landlock ABI 7", NULL};
	(void)arg;

	if (lt_abi < 7) {
		e.ret = -EOPNOTSUPP;
		e.enforced = 0;
	}
	lb_set_flags(sb, LB_LOG_NEW_EXEC_ON);
	lb_require(sb, LB_KIND_FLAG, LB_LOG_NEW_EXEC_ON, LB_HARD_REQUIREMENT);
	return outcome(sb, &e);
}

/* Hard by default, best effort for everything after ABI 1: hard only on "Landlock at all". */
static int hard_global_with_exceptions(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct expect e = {0, default_state(), lt_abi > 0, "fs.execute needs Landlock ABI 1",
			   "lsm=landlock,"};
	(void)arg;

	if (lt_abi == 0) {
		e.ret = -EOPNOTSUPP;
		e.enforced = 0;
	}
	lb_set_compat(sb, LB_HARD_REQUIREMENT);
	lb_require(sb, LB_KIND_FS, FS_ALL & ~lb_abi_mask(LB_KIND_FS, 1), LB_BEST_EFFORT);
	lb_require(sb, LB_KIND_NET, ~0ULL, LB_BEST_EFFORT);
	lb_require(sb, LB_KIND_SCOPE, ~0ULL, LB_BEST_EFFORT);
	return outcome(sb, &e);
}

static int hard_global(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	const int met = lt_abi >= TAP_ABI_LAST_RIGHT;
	struct expect e = {0, LB_FULLY_ENFORCED, 1, "net.bind_udp needs Landlock ABI 10", NULL};
	(void)arg;

	if (!met) {
		e.ret = -EOPNOTSUPP;
		e.enforced = 0;
	}
	lb_set_compat(sb, LB_HARD_REQUIREMENT);
	return outcome(sb, &e);
}

/* ABI 1 cannot handle fs.refer: cross-directory renames are always EXDEV there. */
static int refer(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_status st;
	char a[PATH_MAX], b[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	int err;
	(void)arg;

	LT_CHECK(lb_allow_path(sb, lt_path(a, "ra"), FS_ALL, 0) == 0 &&
		     lb_allow_path(sb, lt_path(b, "rb"), FS_ALL, 0) == 0,
		 "rules: %s", lb_error(sb));
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(!!(st.unenforced[LB_KIND_FS] & LB_FS_REFER) == (lt_abi <= 1),
		 "fs.refer reported as not enforced exactly on ABI 0 and 1");
	err = rename(lt_path(from, "ra/f"), lt_path(to, "rb/f")) ? errno : 0;
	LT_CHECK(err == (lt_abi == 1 ? EXDEV : 0), "rename across directories: errno %d", err);
	if (!err)
		rename(to, from);
	err = rename(lt_path(from, "ra/f"), lt_path(to, "ra/g")) ? errno : 0;
	LT_CHECK(err == 0, "rename within a directory: errno %d", err);
	lb_free(sb);
	return 0;
}

int main(void)
{
	lt_init();
	if (lt_mkdir("allowed") || lt_write("allowed/a", "a") || lt_write("secret", "s") ||
	    lt_mkdir("ra") || lt_mkdir("rb") || lt_write("ra/f", "f")) {
		printf("Bail out! scratch files\n");
		return 1;
	}
	tap_ok(tap_child(best_full, NULL) == 0, "best effort, ABI 1 rights: fully enforced");
	tap_ok(tap_child(best_partial, NULL) == 0,
	       "best effort, everything: partially enforced below ABI %d", TAP_ABI_LAST_RIGHT);
	tap_ok(tap_child(best_nothing, NULL) == 0,
	       "best effort, TCP only: not enforced before ABI 4");
	tap_ok(tap_child(soft_truncate, NULL) == 0, "soft requirement on fs.truncate (ABI 3)");
	tap_ok(tap_child(soft_signal, NULL) == 0, "soft requirement on scope.signal (ABI 6)");
	tap_ok(tap_child(soft_global, NULL) == 0, "soft requirement on everything: all or nothing");
	tap_ok(tap_child(hard_truncate, NULL) == 0,
	       "hard requirement on fs.truncate: error names it");
	tap_ok(tap_child(hard_tcp, NULL) == 0, "hard requirement on net.bind_tcp (ABI 4)");
	tap_ok(tap_child(hard_log_flag, NULL) == 0, "hard requirement on a log flag (ABI 7)");
	tap_ok(tap_child(hard_global_with_exceptions, NULL) == 0,
	       "hard by default with best-effort exceptions: needs Landlock only");
	tap_ok(tap_child(hard_global, NULL) == 0,
	       "hard requirement on everything: ABI 10 or error");
	tap_ok(tap_child(refer, NULL) == 0, "fs.refer: EXDEV across directories on ABI 1 only");
	return tap_done();
}
