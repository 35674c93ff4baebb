/* SPDX-License-Identifier: MIT */
/* test_lib_seam.c - the exact arguments the library sends to the kernel, on
 * every ABI, recorded through the syscall seam: attribute size and fields
 * (48 bytes with quiet_* on ABI 10), handled sets degraded per ABI
 * (fs.resolve_unix on 9, UDP on 10), rule types, rights and flags (UDP port
 * rules, LANDLOCK_ADD_RULE_QUIET), restrict_self flags (TSYNC on ABI 8+ in
 * all-threads mode only, log flags on 7+).  ABI 8-10 cannot be enforced by
 * this machine's kernel, so this is how they are tested.  Each scenario runs
 * in a child (lb_restrict sets no_new_privs); the seam never restricts. */
#include "test_lib.h"

struct rec_rule {
	int type;
	uint32_t flags;
	uint64_t access;
	uint64_t port;
	int fd_is_opath_cloexec;
};

static struct {
	int creates;
	uint64_t attr[8];
	size_t size;
	int nrules;
	struct rec_rule rule[16];
	int restricts;
	uint32_t rflags;
	int rnnp; /* no_new_privs when restrict_self was called */
} rec;

static long rec_create(const void *attr, size_t size, uint32_t flags)
{
	if (!attr || flags) {
		errno = EINVAL;
		return -1;
	}
	rec.creates++;
	memset(rec.attr, 0, sizeof(rec.attr));
	memcpy(rec.attr, attr, size < sizeof(rec.attr) ? size : sizeof(rec.attr));
	rec.size = size;
	return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static long rec_add_rule(int fd, int type, const void *attr, uint32_t flags)
{
	struct rec_rule *r = &rec.rule[rec.nrules < 15 ? rec.nrules++ : 15];
	uint64_t a[2];
	int32_t pfd;

	(void)fd;
	r->type = type;
	r->flags = flags;
	if (type == 1) {
		memcpy(&a[0], attr, 8);
		memcpy(&pfd, (const char *)attr + 8, 4);
		r->access = a[0];
		r->fd_is_opath_cloexec =
		    (fcntl(pfd, F_GETFL) & O_PATH) && (fcntl(pfd, F_GETFD) & FD_CLOEXEC);
	} else {
		memcpy(a, attr, 16);
		r->access = a[0];
		r->port = a[1];
	}
	return 0;
}

static long rec_restrict(int fd, uint32_t flags)
{
	(void)fd;
	rec.restricts++;
	rec.rflags = flags;
	rec.rnnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	return 0;
}

static const struct lb_test_sys rec_sys = {rec_create, rec_add_rule, rec_restrict};

#define FS_ALL	lb_abi_mask(LB_KIND_FS, LB_ABI_KNOWN)
#define NET_ALL lb_abi_mask(LB_KIND_NET, LB_ABI_KNOWN)
#define UDP	(LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP)
#define TCP	(LB_NET_BIND_TCP | LB_NET_CONNECT_TCP)
#define SCOPES	(LB_SCOPE_ABSTRACT_UNIX_SOCKET | LB_SCOPE_SIGNAL)

/* A default sandbox on emulated ABI, with a directory, a file and ports. */
static struct lb_sandbox *build(int abi, unsigned dir_flags)
{
	char d[PATH_MAX], f[PATH_MAX];
	struct lb_sandbox *sb;

	lb_test_emulate(abi, 0);
	lb_test_set_sys(&rec_sys);
	memset(&rec, 0, sizeof(rec));
	sb = lb_new();
	if (!sb || lb_allow_path(sb, lt_path(d, "dir"), LB_FS_READ | LB_FS_MAKE_REG, dir_flags) ||
	    lb_allow_path(sb, lt_path(f, "file"), LB_FS_READ | LB_FS_RESOLVE_UNIX, 0) ||
	    lb_allow_port(sb, LB_NET_BIND_TCP, 8080) || lb_allow_port(sb, UDP, 53)) {
		tap_diag("building failed: %s", sb ? lb_error(sb) : "ENOMEM");
		return NULL;
	}
	return sb;
}

static int abi8(void *arg)
{
	struct lb_sandbox *sb = build(8, 0);
	struct lb_status st;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_set_flags(sb, LB_LOG_NEW_EXEC_ON) == 0, "flags");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.creates == 1 && rec.size == 24, "one create, 24 bytes (got %d, %zu)",
		 rec.creates, rec.size);
	LT_CHECK(rec.attr[0] == lb_abi_mask(LB_KIND_FS, 8) && !(rec.attr[0] & LB_FS_RESOLVE_UNIX),
		 "fs handled = ABI 8 rights: %#llx", (unsigned long long)rec.attr[0]);
	LT_CHECK(rec.attr[1] == TCP && rec.attr[2] == SCOPES, "net = TCP, scoped = both");
	LT_CHECK(rec.nrules == 3, "dir, file and the TCP rule; no UDP rule (got %d)", rec.nrules);
	LT_CHECK(rec.restricts == 1 && rec.rflags == (LB_LOG_NEW_EXEC_ON | LB_TSYNC),
		 "restrict_self flags LOG_NEW_EXEC_ON|TSYNC (got %#x)", rec.rflags);
	LT_CHECK(rec.rnnp == 1, "no_new_privs set by a prctl before restrict_self");
	LT_CHECK(st.state == LB_PARTIALLY_ENFORCED &&
		     st.unenforced[LB_KIND_FS] == LB_FS_RESOLVE_UNIX &&
		     st.unenforced[LB_KIND_NET] == UDP && st.handled[LB_KIND_FLAG] & LB_TSYNC,
		 "status: partial, resolve_unix and UDP not enforced, TSYNC handled");
	lb_free(sb);
	return 0;
}

/*
 * ABI 11: no_new_privs comes with the domain (LANDLOCK_RESTRICT_SELF_NO_NEW_PRIVS,
 * set if and only if restrict_self succeeds), not from a prctl before it.
 */
static int abi11(void *arg)
{
	struct lb_sandbox *sb = build(11, 0);
	struct lb_status st;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_set_flags(sb, LB_LOG_NEW_EXEC_ON | LB_NO_NEW_PRIVS) == 0, "flags");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.restricts == 1 &&
		     rec.rflags == (LB_LOG_NEW_EXEC_ON | LB_TSYNC | LB_NO_NEW_PRIVS),
		 "restrict_self flags LOG_NEW_EXEC_ON|TSYNC|NO_NEW_PRIVS (got %#x)", rec.rflags);
	LT_CHECK(rec.rnnp == 0, "no prctl before restrict_self (no_new_privs %d)", rec.rnnp);
	LT_CHECK(st.state == LB_FULLY_ENFORCED && (st.handled[LB_KIND_FLAG] & LB_NO_NEW_PRIVS),
		 "status: fully enforced, NO_NEW_PRIVS handled");
	lb_free(sb);
	return 0;
}

/* The same through lb_prepare and lb_restrict_child (what landbox run uses). */
static int abi11_child(void *arg)
{
	struct lb_sandbox *sb = build(11, 0);
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_prepare(sb, NULL) == 0, "prepare: %s", lb_error(sb));
	LT_CHECK(lb_restrict_child(sb) == 0, "restrict_child");
	LT_CHECK(rec.rflags == LB_NO_NEW_PRIVS && rec.rnnp == 0,
		 "NO_NEW_PRIVS, no TSYNC, no prctl before (got %#x, no_new_privs %d)", rec.rflags,
		 rec.rnnp);
	lb_free(sb);
	return 0;
}

/* The rule list above holds three rules: check them apart. */
static int abi8_rules(void *arg)
{
	struct lb_sandbox *sb = build(8, 0);
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(rec.nrules == 3, "three rules sent (got %d)", rec.nrules);
	LT_CHECK(rec.rule[0].type == 1 && rec.rule[0].access == (LB_FS_READ | LB_FS_MAKE_REG) &&
		     rec.rule[0].flags == 0 && rec.rule[0].fd_is_opath_cloexec,
		 "directory rule: read + make_reg, O_PATH|O_CLOEXEC fd");
	LT_CHECK(rec.rule[1].type == 1 && rec.rule[1].access == LB_FS_READ_FILE,
		 "file rule masked to read_file (no read_dir, no resolve_unix on 8): %#llx",
		 (unsigned long long)rec.rule[1].access);
	LT_CHECK(rec.rule[2].type == 2 && rec.rule[2].access == LB_NET_BIND_TCP &&
		     rec.rule[2].port == 8080,
		 "port rule bind_tcp 8080");
	lb_free(sb);
	return 0;
}

static int abi8_thread_only(void *arg)
{
	struct lb_sandbox *sb = build(8, 0);
	struct lb_status st;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_set_threads(sb, LB_THREAD_ONLY) == 0, "thread only");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.rflags == 0 && !(st.handled[LB_KIND_FLAG] & LB_TSYNC),
		 "no TSYNC in thread-only mode (got %#x)", rec.rflags);
	lb_free(sb);
	return 0;
}

static int abi9(void *arg)
{
	struct lb_sandbox *sb = build(9, 0);
	struct lb_status st;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.size == 24 && (rec.attr[0] & LB_FS_RESOLVE_UNIX) &&
		     rec.attr[0] == lb_abi_mask(LB_KIND_FS, 9),
		 "fs.resolve_unix handled on ABI 9");
	LT_CHECK(rec.rule[1].access == (LB_FS_READ_FILE | LB_FS_RESOLVE_UNIX),
		 "resolve_unix kept on a file rule (a file right)");
	LT_CHECK(rec.attr[1] == TCP && rec.nrules == 3, "still no UDP on ABI 9");
	LT_CHECK(st.unenforced[LB_KIND_FS] == 0 && st.unenforced[LB_KIND_NET] == UDP,
		 "only UDP not enforced");
	LT_CHECK(rec.rflags == LB_TSYNC, "TSYNC");
	lb_free(sb);
	return 0;
}

static int abi10_quiet(void *arg)
{
	struct lb_sandbox *sb;
	struct lb_status st;
	char d[PATH_MAX];
	(void)arg;

	lb_test_emulate(10, 0);
	lb_test_set_sys(&rec_sys);
	memset(&rec, 0, sizeof(rec));
	sb = lb_new();
	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_set_quiet(sb, LB_KIND_FS, LB_FS_READ_FILE) == 0 &&
		     lb_set_quiet(sb, LB_KIND_NET, LB_NET_BIND_UDP) == 0 &&
		     lb_set_quiet(sb, LB_KIND_SCOPE, LB_SCOPE_SIGNAL) == 0,
		 "quiet sets");
	LT_CHECK(lb_set_quiet(sb, LB_KIND_FLAG, 1) == -EINVAL, "no quiet flags");
	LT_CHECK(lb_allow_path(sb, lt_path(d, "dir"), LB_FS_READ, LB_QUIET) == 0, "quiet rule: %s",
		 lb_error(sb));
	LT_CHECK(lb_allow_path(sb, lt_path(d, "file"), LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_allow_port(sb, UDP, 53) == 0 && lb_allow_port(sb, LB_NET_CONNECT_TCP, 443) == 0,
		 "port rules");
	LT_CHECK(lb_set_quiet(sb, LB_KIND_FS, LB_FS_EXECUTE) == -EBUSY, "quiet is fixed by rules");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.size == 48, "48-byte attribute with quiet fields (got %zu)", rec.size);
	LT_CHECK(rec.attr[0] == FS_ALL && rec.attr[1] == NET_ALL && rec.attr[2] == SCOPES,
		 "everything handled on ABI 10");
	LT_CHECK(rec.attr[3] == LB_FS_READ_FILE && rec.attr[4] == LB_NET_BIND_UDP &&
		     rec.attr[5] == LB_SCOPE_SIGNAL,
		 "quiet_access_fs, quiet_access_net, quiet_scoped");
	LT_CHECK(rec.nrules == 4, "four rules (got %d)", rec.nrules);
	LT_CHECK(rec.rule[0].flags == 1 && rec.rule[1].flags == 0,
		 "LANDLOCK_ADD_RULE_QUIET only on the LB_QUIET rule");
	LT_CHECK(rec.rule[2].type == 2 && rec.rule[2].access == UDP && rec.rule[2].port == 53,
		 "UDP port rule: bind_udp|connect_send_udp on 53");
	LT_CHECK(rec.rule[3].access == LB_NET_CONNECT_TCP && rec.rule[3].port == 443, "TCP 443");
	LT_CHECK(rec.rflags == LB_TSYNC, "TSYNC");
	LT_CHECK(st.state == LB_FULLY_ENFORCED, "fully enforced on ABI 10");
	lb_free(sb);
	return 0;
}

static int abi10_no_quiet(void *arg)
{
	struct lb_sandbox *sb = build(10, LB_QUIET);
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.size == 24, "no quiet field used: 24 bytes (got %zu)", rec.size);
	LT_CHECK(rec.attr[1] == NET_ALL && rec.nrules == 4 && rec.rule[3].access == UDP,
		 "UDP handled and its rule sent");
	LT_CHECK(rec.rule[0].flags == 1, "a rule can be quiet without quiet_* fields");
	lb_free(sb);
	return 0;
}

static int abi7(void *arg)
{
	struct lb_sandbox *sb;
	struct lb_status st;
	char d[PATH_MAX];
	(void)arg;

	lb_test_emulate(7, 0);
	lb_test_set_sys(&rec_sys);
	memset(&rec, 0, sizeof(rec));
	sb = lb_new();
	LT_CHECK(sb && lb_set_quiet(sb, LB_KIND_FS, LB_FS_READ_FILE) == 0, "quiet");
	LT_CHECK(lb_allow_path(sb, lt_path(d, "dir"), LB_FS_READ, LB_QUIET) == 0, "rule");
	LT_CHECK(lb_allow_port(sb, UDP, 53) == 0, "UDP rule accepted (and dropped)");
	LT_CHECK(lb_set_flags(sb, LB_LOG_SAME_EXEC_OFF | LB_LOG_SUBDOMAINS_OFF) == 0, "flags");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.size == 24 && rec.attr[3] == 0, "no quiet before ABI 10: 24 bytes");
	LT_CHECK(rec.nrules == 1 && rec.rule[0].flags == 0, "no quiet flag, no UDP rule");
	LT_CHECK(rec.rflags == (LB_LOG_SAME_EXEC_OFF | LB_LOG_SUBDOMAINS_OFF),
		 "log flags, no TSYNC (got %#x)", rec.rflags);
	LT_CHECK(st.unenforced[LB_KIND_FLAG] == 0 && st.unenforced[LB_KIND_NET] == UDP &&
		     st.unenforced[LB_KIND_FS] == LB_FS_RESOLVE_UNIX,
		 "unenforced: resolve_unix, UDP");
	lb_free(sb);
	return 0;
}

static int abi6_flags(void *arg)
{
	struct lb_sandbox *sb = build(6, 0);
	struct lb_status st;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_set_flags(sb, LB_LOG_NEW_EXEC_ON) == 0, "flags");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.rflags == 0 && st.unenforced[LB_KIND_FLAG] == LB_LOG_NEW_EXEC_ON,
		 "log flag not sent before ABI 7, reported under LB_KIND_FLAG");
	LT_CHECK(rec.size == 24 && rec.attr[2] == SCOPES, "scopes on ABI 6");
	lb_free(sb);
	return 0;
}

static int abi6_net_only(void *arg)
{
	struct lb_sandbox *sb;
	(void)arg;

	lb_test_emulate(6, 0);
	lb_test_set_sys(&rec_sys);
	memset(&rec, 0, sizeof(rec));
	sb = lb_new();
	LT_CHECK(sb && lb_handle(sb, LB_KIND_FS, 0) == 0 && lb_handle(sb, LB_KIND_SCOPE, 0) == 0,
		 "handle");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.size == 16 && rec.attr[0] == 0 && rec.attr[1] == TCP,
		 "net only: 16 bytes (got %zu)", rec.size);
	lb_free(sb);
	return 0;
}

static int abi3(void *arg)
{
	struct lb_sandbox *sb = build(3, 0);
	struct lb_status st;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.size == 8 && rec.attr[0] == lb_abi_mask(LB_KIND_FS, 3), "fs only: 8 bytes");
	LT_CHECK(rec.nrules == 2, "no port rule sent (got %d)", rec.nrules);
	LT_CHECK(st.unenforced[LB_KIND_NET] == NET_ALL && st.unenforced[LB_KIND_SCOPE] == SCOPES,
		 "net and scopes reported");
	LT_CHECK(rec.rflags == 0, "no flags");
	lb_free(sb);
	return 0;
}

static int abi1(void *arg)
{
	struct lb_sandbox *sb = build(1, 0);
	struct lb_status st;
	struct lb_rule_info ri;
	(void)arg;

	LT_CHECK(sb, "no sandbox");
	LT_CHECK(lb_restrict(sb, &st) == 0, "restrict: %s", lb_error(sb));
	LT_CHECK(rec.attr[0] == (1ULL << 13) - 1, "ABI 1 rights only, no refer");
	LT_CHECK(st.unenforced[LB_KIND_FS] & LB_FS_REFER, "fs.refer reported on ABI 1");
	LT_CHECK(lb_rule_get(sb, 3, &ri) == 0 && ri.kind == LB_KIND_NET && ri.port == 53 &&
		     ri.requested == UDP && ri.effective == 0,
		 "the UDP rule is recorded with no effect");
	lb_free(sb);
	return 0;
}

static int none(void *arg)
{
	struct lb_sandbox *sb;
	struct lb_status st;
	char d[PATH_MAX];
	(void)arg;

	lb_test_emulate(0, ENOSYS);
	lb_test_set_sys(&rec_sys);
	memset(&rec, 0, sizeof(rec));
	sb = lb_new();
	LT_CHECK(sb && lb_allow_path(sb, lt_path(d, "dir"), LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_restrict(sb, &st) == 0 && st.state == LB_NOT_ENFORCED &&
		     st.landlock_error == ENOSYS,
		 "best effort without Landlock: not enforced");
	LT_CHECK(rec.creates == 0 && rec.restricts == 0 && rec.nrules == 0, "no syscall reached");
	LT_CHECK(lt_nnp() == 0, "no_new_privs untouched when nothing is enforced");
	lb_free(sb);
	return 0;
}

/* A kernel, or a seccomp filter, refusing landlock_create_ruleset with
 * refused_errno: the probe keeps that errno and its own advice. */
static int refused_errno;

static long refused_create(const void *attr, size_t size, uint32_t flags)
{
	(void)attr, (void)size, (void)flags;
	errno = refused_errno;
	return -1;
}

static const struct lb_test_sys refused_sys = {refused_create, NULL, NULL};

static int refused(void *arg)
{
	const int err = *(const int *)arg;
	struct lb_probe probe;
	struct lb_sandbox *sb;
	struct lb_status st;
	const char *hint;
	char d[PATH_MAX];

	lb_test_emulate(-1, 0); /* the real kernel, whatever LANDBOX_TEST_ABI says */
	refused_errno = err;
	lb_test_set_sys(&refused_sys);
	LT_CHECK(lb_probe(&probe) == 0 && probe.abi == 0 && probe.error == err,
		 "probe error %d, wanted %d", probe.error, err);
	hint = lb_probe_hint(&probe);
	LT_CHECK(hint != NULL, "a hint");
	if (err == ENOSYS)
		LT_CHECK(strstr(hint, "CONFIG_SECURITY_LANDLOCK") != NULL, "ENOSYS: build hint: %s",
			 hint);
	else if (err == EOPNOTSUPP)
		LT_CHECK(strstr(hint, "lsm=") != NULL, "EOPNOTSUPP: boot hint: %s", hint);
	else if (err == EPERM)
		LT_CHECK(strstr(hint, "seccomp") != NULL && !strstr(hint, "CONFIG_"),
			 "EPERM: seccomp hint, not a kernel build: %s", hint);
	else
		LT_CHECK(!strstr(hint, "CONFIG_") && !strstr(hint, "lsm="),
			 "other errno: no rebuild or boot advice: %s", hint);
	sb = lb_new();
	LT_CHECK(sb && lb_set_compat(sb, LB_HARD_REQUIREMENT) == 0, "compat");
	LT_CHECK(lb_allow_path(sb, lt_path(d, "dir"), LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_plan(sb, &st) != 0 && st.landlock_error == err, "plan refused, error %d",
		 st.landlock_error);
	LT_CHECK(lb_restrict(sb, NULL) != 0, "refused");
	if (err != ENOSYS && err != EOPNOTSUPP)
		LT_CHECK(strstr(lb_error(sb), strerror(err)) && !strstr(lb_error(sb), "not built"),
			 "the message names the real errno: %s", lb_error(sb));
	lb_free(sb);
	return 0;
}

int main(void)
{
	static const int errs[] = {EPERM, ENOMEM, ENOSYS, EOPNOTSUPP};

	lt_init();
	if (lt_mkdir("dir") || lt_write("file", "x")) {
		printf("Bail out! scratch files\n");
		return 1;
	}
	tap_ok(tap_child(abi8, NULL) == 0, "ABI 8: 24-byte attr, TSYNC added, log flag kept");
	tap_ok(tap_child(abi8_rules, NULL) == 0, "ABI 8: rules masked and sent as given");
	tap_ok(tap_child(abi8_thread_only, NULL) == 0, "ABI 8: LB_THREAD_ONLY sends no TSYNC");
	tap_ok(tap_child(abi9, NULL) == 0, "ABI 9: fs.resolve_unix handled");
	tap_ok(tap_child(abi11, NULL) == 0, "ABI 11: NO_NEW_PRIVS sent instead of a prctl");
	tap_ok(tap_child(abi11_child, NULL) == 0, "ABI 11: lb_restrict_child sends NO_NEW_PRIVS");
	tap_ok(tap_child(abi10_quiet, NULL) == 0, "ABI 10: 48-byte attr with quiet, UDP rules");
	tap_ok(tap_child(abi10_no_quiet, NULL) == 0, "ABI 10 without quiet sets: 24 bytes");
	tap_ok(tap_child(abi7, NULL) == 0, "ABI 7: quiet and UDP dropped, log flags sent");
	tap_ok(tap_child(abi6_flags, NULL) == 0, "ABI 6: log flags reported as not enforced");
	tap_ok(tap_child(abi6_net_only, NULL) == 0, "net without fs: 16-byte attr");
	tap_ok(tap_child(abi3, NULL) == 0, "ABI 3: 8-byte attr, port rules not sent");
	tap_ok(tap_child(abi1, NULL) == 0, "ABI 1: no refer, reported");
	tap_ok(tap_child(none, NULL) == 0, "no Landlock: no syscall, not enforced");
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		tap_ok(tap_child(refused, (void *)&errs[i]) == 0,
		       "landlock_create_ruleset refused with %s: that errno and its advice",
		       strerror(errs[i]));
	return tap_done();
}
