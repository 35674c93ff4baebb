/* SPDX-License-Identifier: MIT */
/* test_lib_rights.c - the one table of rights, scopes and flags, the errata
 * table, the probe and its hint, and the formatting of names and statuses.
 * Nothing here restricts: these are the facts everything else derives from,
 * checked against DESIGN.md section 1 rather than against the library. */
#include "test_lib.h"

/* DESIGN.md section 1: name, kind, bit, ABI, applies to files. */
static const struct {
	const char *name;
	enum lb_kind kind;
	uint64_t bit;
	int abi, file;
} expect[] = {
    {"fs.execute", LB_KIND_FS, 1ULL << 0, 1, 1},
    {"fs.write_file", LB_KIND_FS, 1ULL << 1, 1, 1},
    {"fs.read_file", LB_KIND_FS, 1ULL << 2, 1, 1},
    {"fs.read_dir", LB_KIND_FS, 1ULL << 3, 1, 0},
    {"fs.remove_dir", LB_KIND_FS, 1ULL << 4, 1, 0},
    {"fs.remove_file", LB_KIND_FS, 1ULL << 5, 1, 0},
    {"fs.make_char", LB_KIND_FS, 1ULL << 6, 1, 0},
    {"fs.make_dir", LB_KIND_FS, 1ULL << 7, 1, 0},
    {"fs.make_reg", LB_KIND_FS, 1ULL << 8, 1, 0},
    {"fs.make_sock", LB_KIND_FS, 1ULL << 9, 1, 0},
    {"fs.make_fifo", LB_KIND_FS, 1ULL << 10, 1, 0},
    {"fs.make_block", LB_KIND_FS, 1ULL << 11, 1, 0},
    {"fs.make_sym", LB_KIND_FS, 1ULL << 12, 1, 0},
    {"fs.refer", LB_KIND_FS, 1ULL << 13, 2, 0},
    {"fs.truncate", LB_KIND_FS, 1ULL << 14, 3, 1},
    {"fs.ioctl_dev", LB_KIND_FS, 1ULL << 15, 5, 1},
    {"fs.resolve_unix", LB_KIND_FS, 1ULL << 16, 9, 1},
    {"net.bind_tcp", LB_KIND_NET, 1ULL << 0, 4, 0},
    {"net.connect_tcp", LB_KIND_NET, 1ULL << 1, 4, 0},
    {"net.bind_udp", LB_KIND_NET, 1ULL << 2, 10, 0},
    {"net.connect_send_udp", LB_KIND_NET, 1ULL << 3, 10, 0},
    {"scope.abstract_unix_socket", LB_KIND_SCOPE, 1ULL << 0, 6, 0},
    {"scope.signal", LB_KIND_SCOPE, 1ULL << 1, 6, 0},
    {"flag.log_same_exec_off", LB_KIND_FLAG, 1ULL << 0, 7, 0},
    {"flag.log_new_exec_on", LB_KIND_FLAG, 1ULL << 1, 7, 0},
    {"flag.log_subdomains_off", LB_KIND_FLAG, 1ULL << 2, 7, 0},
    {"flag.tsync", LB_KIND_FLAG, 1ULL << 3, 8, 0},
    {"flag.no_new_privs", LB_KIND_FLAG, 1ULL << 4, 11, 0},
};
#define NEXPECT (sizeof(expect) / sizeof(expect[0]))

static void test_table(void)
{
	size_t n = 0, bad = 0;
	const struct lb_right *r = lb_rights(&n);

	tap_ok(n == NEXPECT, "the table has the %zu rights, scopes and flags of ABI 1-11 (got %zu)",
	       NEXPECT, n);
	for (size_t i = 0; i < NEXPECT && i < n; i++) {
		if (strcmp(r[i].name, expect[i].name) || r[i].kind != expect[i].kind ||
		    r[i].bit != expect[i].bit || r[i].abi != expect[i].abi ||
		    r[i].file != expect[i].file || !r[i].help || !r[i].help[0]) {
			tap_diag("entry %zu: %s kind %d bit %#llx abi %d file %d", i, r[i].name,
				 r[i].kind, (unsigned long long)r[i].bit, r[i].abi, r[i].file);
			bad++;
		}
		if (lb_right_by_name(expect[i].name) != &r[i])
			bad++;
	}
	tap_ok(bad == 0, "every entry matches DESIGN section 1, in kind then bit order, with help");
	tap_ok(!lb_right_by_name("fs.nope") && !lb_right_by_name("read_file") &&
		   !lb_right_by_name(NULL),
	       "unknown names are NULL");

	uint64_t file = 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].kind == LB_KIND_FS && r[i].file)
			file |= r[i].bit;
	tap_ok(file == LB_FS_FILE_RIGHTS, "the file rights are LB_FS_FILE_RIGHTS");
}

static void test_abi_masks(void)
{
	int bad = 0;

	for (int abi = 0; abi <= LB_ABI_KNOWN + 2; abi++) {
		for (int k = 0; k < LB_KIND_COUNT; k++) {
			uint64_t want = 0;
			for (size_t i = 0; i < NEXPECT; i++)
				if ((int)expect[i].kind == k && expect[i].abi <= abi)
					want |= expect[i].bit;
			if (lb_abi_mask((enum lb_kind)k, abi) != want) {
				tap_diag("abi %d kind %d: %#llx", abi, k,
					 (unsigned long long)lb_abi_mask((enum lb_kind)k, abi));
				bad++;
			}
		}
	}
	tap_ok(bad == 0, "lb_abi_mask for every kind and ABI 0-13 (newer = all known)");
	tap_ok(lb_abi_mask(LB_KIND_FS, 1) == (1ULL << 13) - 1 &&
		   lb_abi_mask(LB_KIND_FS, 2) == (1ULL << 14) - 1 &&
		   lb_abi_mask(LB_KIND_FS, 9) == (1ULL << 17) - 1,
	       "fs masks of ABI 1, 2 and 9 by value");
}

static void test_format(void)
{
	char buf[256], small[12];
	int n;

	n = lb_format_rights(LB_KIND_FS, LB_FS_READ_FILE | LB_FS_TRUNCATE, ", ", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "fs.read_file, fs.truncate") && n == (int)strlen(buf),
	       "lb_format_rights: names in bit order (%s)", buf);
	n = lb_format_rights(LB_KIND_FS, 1ULL << 20, ",", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "fs.0x100000") && n == (int)strlen(buf), "unknown bits as raw hex (%s)",
	       buf);
	n = lb_format_rights(LB_KIND_NET, LB_NET_BIND_TCP | LB_NET_CONNECT_SEND_UDP, " ", small,
			     sizeof(small));
	tap_ok(n == (int)strlen("net.bind_tcp net.connect_send_udp") && strlen(small) == 11,
	       "truncates like snprintf and returns the length needed (%d)", n);
	n = lb_format_rights(LB_KIND_SCOPE, 0, ", ", buf, sizeof(buf));
	tap_ok(n == 0 && buf[0] == '\0', "an empty mask is an empty string");
}

static void test_status_format(void)
{
	struct lb_status st;
	char buf[512];
	int n;

	memset(&st, 0, sizeof(st));
	st.state = LB_PARTIALLY_ENFORCED;
	st.abi = 3;
	st.unenforced[LB_KIND_NET] = LB_NET_BIND_TCP | LB_NET_CONNECT_TCP;
	st.unenforced[LB_KIND_SCOPE] = LB_SCOPE_ABSTRACT_UNIX_SOCKET | LB_SCOPE_SIGNAL;
	n = lb_status_format(&st, buf, sizeof(buf));
	tap_ok(!strcmp(buf, "partially enforced (Landlock ABI 3): not enforced: net.bind_tcp, "
			    "net.connect_tcp, scope.abstract_unix_socket, scope.signal") &&
		   n == (int)strlen(buf),
	       "partial status in one line: %s", buf);
	memset(&st, 0, sizeof(st));
	st.abi = 7;
	lb_status_format(&st, buf, sizeof(buf));
	tap_ok(!strcmp(buf, "fully enforced (Landlock ABI 7)"), "full status: %s", buf);
	st.state = LB_NOT_ENFORCED;
	st.abi = 0;
	st.landlock_error = EOPNOTSUPP;
	lb_status_format(&st, buf, sizeof(buf));
	tap_ok(strstr(buf, "not enforced") && strstr(buf, "disabled at boot"),
	       "no-Landlock status says why: %s", buf);
	n = lb_status_format(&st, NULL, 0);
	tap_ok(n == (int)strlen(buf), "NULL buffer gives the length needed");
}

static void test_probe(void)
{
	struct lb_probe p;
	size_t n;
	const struct lb_erratum *e = lb_errata(&n);
	int ok = n >= 4;

	for (size_t i = 0; i < n; i++)
		ok = ok && e[i].id == (int)i + 1 && e[i].abi >= 1 && e[i].summary && *e[i].summary;
	tap_ok(ok, "errata table: ids 1..%zu with ABI and summary", n);
	/* security/landlock/errata/abi-1.h: erratum 4, OverlayFS whiteouts. */
	tap_ok(n >= 4 && e[3].abi == 1 && strstr(e[3].summary, "whiteout") &&
		   strstr(e[3].summary, "fs.make_reg"),
	       "erratum 4 (ABI 1) is the whiteout one: fs.make_reg instead of fs.make_char");

	/* Probe first: the arguments of tap_ok are evaluated in no set order. */
	const int probed = lb_probe(&p);
	tap_ok(probed == 0 && p.abi == lb_abi(), "lb_probe and lb_abi agree (ABI %d)", p.abi);
	if (lt_emulated < 0)
		tap_ok(p.abi == lt_kernel, "real kernel: the probe is the syscall's answer");
	else if (lt_emulated > 0)
		tap_ok(p.abi == lt_emulated && p.error == 0,
		       "emulated ABI %d is what the probe says", lt_emulated);
	else
		tap_ok(p.abi == 0 && (p.error == ENOSYS || p.error == EOPNOTSUPP),
		       "emulated absence: ABI 0, error %d", p.error);
	if (p.abi > 0) {
		tap_ok(lb_probe_hint(&p) == NULL, "no hint when Landlock works");
	} else {
		const char *h = lb_probe_hint(&p);
		tap_ok(h && strstr(h, "lsm=landlock,") &&
			   (p.error == EOPNOTSUPP || strstr(h, "CONFIG_SECURITY_LANDLOCK=y")),
		       "hint says how to enable Landlock: %s", h ? h : "(null)");
	}
	struct lb_probe off = {0, EOPNOTSUPP, 0}, absent = {0, ENOSYS, 0};
	tap_ok(strstr(lb_probe_hint(&off), "boot") && strstr(lb_probe_hint(&absent), "CONFIG_LSM"),
	       "distinct hints for disabled at boot and not built in");
	for (size_t i = 0; i < n; i++)
		if (p.errata & (1ULL << (e[i].id - 1)))
			tap_diag("kernel fixed erratum %d: %s", e[i].id, e[i].summary);
}

int main(void)
{
	lt_init();
	test_table();
	test_abi_masks();
	test_format();
	test_status_format();
	test_probe();
	return tap_done();
}
