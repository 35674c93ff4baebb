/* SPDX-License-Identifier: MIT */
/* test_audit.c - the audit record parser, the per-sandbox denial log and the
 * wording of --explain, on records captured from Linux 6.18 (Landlock ABI 7)
 * by triggering each kind of denial.  No kernel needed: these run under
 * every emulated ABI alike. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "explain/audit.h"
#include "explain.h"
#include "landbox.h"
#include "tap.h"

/* Captured records (type, text after the netlink header). */
#define R_READ_ACCESS                                                                              \
	"audit(1795856706.849:2): domain=1663d6894 blockers=fs.read_file path=\"/etc/hostname\" "  \
	"dev=\"vda\" ino=733"
#define R_READ_ALLOC                                                                               \
	"audit(1795856706.849:2): domain=1663d6894 status=allocated mode=enforcing pid=7478 "      \
	"uid=0 exe=\"/tmp/ex5/trig\" comm=\"trig\""
#define R_READ_SYSCALL                                                                             \
	"audit(1795856706.849:2): arch=c000003e syscall=257 success=no exit=-13 a0=ffffff9c "      \
	"a1=55a2b3cb4050 a2=0 a3=0 items=0 ppid=7424 pid=7478 auid=4294967295 uid=0 gid=0 "        \
	"euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"trig\" "     \
	"exe=\"/tmp/ex5/trig\" key=(null)"
#define R_READ_EOE     "audit(1795856706.849:2): "
#define R_READ_DEALLOC "audit(1795856706.901:6): domain=1663d6894 status=deallocated denials=1"

static void test_body_and_fields(void)
{
	uint64_t serial = 0;
	const char *body = audit_body(R_READ_SYSCALL, &serial);
	size_t len = 0;
	const char *v;
	char buf[256];

	tap_ok(body && serial == 2 && !strncmp(body, "arch=", 5), "header: serial 2, body follows");
	tap_ok(!audit_body("audit(1795856706.849): x", &serial), "header without serial rejected");
	tap_ok(!audit_body("type=1423 msg=audit(1:2): x", &serial), "non-record text rejected");
	v = audit_field(body, "pid", &len);
	tap_ok(v && len == 4 && !strncmp(v, "7478", 4), "pid= is not confused with ppid=");
	v = audit_field(body, "ppid", &len);
	tap_ok(v && len == 4 && !strncmp(v, "7424", 4), "ppid= found");
	tap_ok(!audit_field(body, "id", &len), "no match inside a longer key");
	tap_ok(audit_field_str(body, "comm", buf, sizeof(buf)) == 4 && !strcmp(buf, "trig"),
	       "quoted string decoded");
	tap_ok(audit_field_str(body, "key", buf, sizeof(buf)) == 6 && !strcmp(buf, "(null)"),
	       "(null) kept as is");
	/* Untrusted strings with a space, a quote or 8-bit bytes: hexadecimal. */
	tap_ok(audit_decode("2F746D702F6578352F7370206163652F66", 34, buf, sizeof(buf)) == 17 &&
		   !strcmp(buf, "/tmp/ex5/sp ace/f"),
	       "hex path with a space decoded");
	tap_ok(audit_decode("2F746D702F6578352F7122756F", 26, buf, sizeof(buf)) == 13 &&
		   !strcmp(buf, "/tmp/ex5/q\"uo"),
	       "hex path with a double quote decoded");
	tap_ok(audit_decode("2F746D702F6578352FC3A9", 22, buf, sizeof(buf)) == 11 &&
		   !strcmp(buf, "/tmp/ex5/\xc3\xa9"),
	       "hex path with UTF-8 decoded");
	tap_ok(audit_decode("\"/etc\"", 6, buf, 4) < 0, "too long for the buffer: refused");
}

static void test_blocker_names(void)
{
	size_t n;
	const struct lb_right *r = lb_rights(&n);
	int ok = 1;
	uint64_t bit;

	/* Every right of the library's table maps back to itself. */
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind == LB_KIND_FLAG)
			continue;
		enum audit_kind k = audit_blocker(r[i].name, strlen(r[i].name), &bit);
		if ((int)k != (int)r[i].kind || bit != r[i].bit) {
			tap_diag("%s maps to kind %d bit %llx", r[i].name, k,
				 (unsigned long long)bit);
			ok = 0;
		}
	}
	tap_ok(ok, "every fs/net/scope right of the table is a blocker name");
	tap_ok(audit_blocker("ptrace", 6, &bit) == AUDIT_K_PTRACE, "ptrace blocker");
	tap_ok(audit_blocker("fs.change_topology", 18, &bit) == AUDIT_K_TOPOLOGY,
	       "fs.change_topology blocker");
	tap_ok(audit_blocker("fs.frobnicate", 13, &bit) == AUDIT_K_UNKNOWN,
	       "unknown blocker reported as unknown");
	tap_ok(audit_blocker("flag.tsync", 10, &bit) == AUDIT_K_UNKNOWN, "flags are not blockers");
}

static void test_parse_access(void)
{
	struct audit_access a;

	tap_ok(!audit_parse_access(R_READ_ACCESS, &a) && a.serial == 2 &&
		   a.domain == 0x1663d6894ULL && a.kind == AUDIT_K_FS &&
		   a.mask == LB_FS_READ_FILE && !strcmp(a.object, "/etc/hostname") &&
		   !strcmp(a.dev, "vda") && a.ino == 733,
	       "fs.read_file: path, dev, ino");
	tap_ok(!audit_parse_access("audit(1795856720.721:12): domain=1663d68ac "
				   "blockers=fs.execute,fs.read_file path=\"/tmp/ex5/hello\" "
				   "dev=\"vda\" ino=10953256",
				   &a) &&
		   a.mask == (LB_FS_EXECUTE | LB_FS_READ_FILE) &&
		   !strcmp(a.blockers, "fs.execute,fs.read_file"),
	       "two blockers in one record");
	tap_ok(!audit_parse_access("audit(1795856724.889:16): domain=1663d68b9 "
				   "blockers=fs.make_reg path=\"/tmp/ex5\" dev=\"vda\" "
				   "ino=10953172",
				   &a) &&
		   a.mask == LB_FS_MAKE_REG && !strcmp(a.object, "/tmp/ex5"),
	       "fs.make_reg names the directory");
	tap_ok(!audit_parse_access("audit(1795856725.141:24): domain=1663d6901 "
				   "blockers=fs.read_file path=2F746D702F6578352F7370206163652F66 "
				   "dev=\"vda\" ino=10953252",
				   &a) &&
		   !strcmp(a.object, "/tmp/ex5/sp ace/f"),
	       "hex-encoded path");
	tap_ok(!audit_parse_access("audit(1795856725.133:18): domain=1663d68d5 "
				   "blockers=net.connect_tcp daddr=127.0.0.1 dest=5432",
				   &a) &&
		   a.kind == AUDIT_K_NET && a.mask == LB_NET_CONNECT_TCP &&
		   !strcmp(a.object, "127.0.0.1") && a.port == 5432,
	       "net.connect_tcp: daddr, dest");
	tap_ok(!audit_parse_access("audit(1795856725.133:19): domain=1663d68e0 "
				   "blockers=net.connect_tcp daddr=::1 dest=5432",
				   &a) &&
		   !strcmp(a.object, "::1") && a.port == 5432,
	       "net.connect_tcp over IPv6");
	tap_ok(!audit_parse_access("audit(1795856725.137:20): domain=1663d68e1 "
				   "blockers=net.bind_tcp saddr=127.0.0.1 src=8080",
				   &a) &&
		   a.mask == LB_NET_BIND_TCP && !strcmp(a.object, "127.0.0.1") && a.port == 8080,
	       "net.bind_tcp: saddr, src");
	tap_ok(!audit_parse_access("audit(1795856824.681:65): domain=1663d6a3f "
				   "blockers=net.bind_tcp",
				   &a) &&
		   a.mask == LB_NET_BIND_TCP && !a.object[0] && a.port == -1,
	       "net.bind_tcp to 0.0.0.0 port 0: no address, no port");
	tap_ok(!audit_parse_access("audit(1795856725.137:22): domain=1663d68f6 "
				   "blockers=scope.abstract_unix_socket path=006C6274657374",
				   &a) &&
		   a.kind == AUDIT_K_SCOPE && a.mask == LB_SCOPE_ABSTRACT_UNIX_SOCKET &&
		   !strcmp(a.object, "@lbtest"),
	       "scope.abstract_unix_socket: the peer's name as @name");
	tap_ok(!audit_parse_access("audit(1795856730.765:36): domain=1663d691e "
				   "blockers=scope.signal opid=9460 ocomm=\"bash\"",
				   &a) &&
		   a.kind == AUDIT_K_SCOPE && a.mask == LB_SCOPE_SIGNAL && a.opid == 9460 &&
		   !strcmp(a.object, "bash"),
	       "scope.signal: opid, ocomm");
	tap_ok(!audit_parse_access("audit(1795856730.765:37): domain=1663d6928 "
				   "blockers=ptrace opid=9460 ocomm=\"bash\"",
				   &a) &&
		   a.kind == AUDIT_K_PTRACE && a.opid == 9460 && !strcmp(a.object, "bash"),
	       "ptrace: opid, ocomm");
	tap_ok(!audit_parse_access("audit(1795856824.681:64): domain=1663d6a39 "
				   "blockers=fs.change_topology path=\"/tmp/ex5/dd\" dev=\"vda\" "
				   "ino=10953399",
				   &a) &&
		   a.kind == AUDIT_K_TOPOLOGY && !strcmp(a.object, "/tmp/ex5/dd"),
	       "fs.change_topology (mount)");
	tap_ok(audit_parse_access("audit(1795856824.681:64): blockers=fs.read_file", &a) < 0,
	       "record without domain rejected");
}

static void test_parse_domain_syscall(void)
{
	struct audit_domain d;
	struct audit_syscall s;

	tap_ok(!audit_parse_domain(R_READ_ALLOC, &d) && d.allocated && d.pid == 7478 &&
		   d.domain == 0x1663d6894ULL && !strcmp(d.exe, "/tmp/ex5/trig") &&
		   !strcmp(d.comm, "trig"),
	       "allocation record: domain, pid, exe, comm");
	tap_ok(!audit_parse_domain(R_READ_DEALLOC, &d) && !d.allocated && d.denials == 1 &&
		   d.serial == 6,
	       "deallocation record: denials");
	tap_ok(!audit_parse_syscall(R_READ_SYSCALL, &s) && s.pid == 7478 && s.ppid == 7424 &&
		   s.syscall == 257 && !strcmp(s.comm, "trig") && !strcmp(s.exe, "/tmp/ex5/trig"),
	       "SYSCALL record: pid, ppid, comm, exe");
}

static void feed(struct audit_log *log, int type, const char *text)
{
	if (audit_log_feed(log, type, text, strlen(text)) < 0)
		tap_diag("feed failed: %s", text);
}

static void test_log(void)
{
	struct audit_log *log = audit_log_new(100);
	const struct audit_denial *d;

	/* Our domain A (created by pid 100); foreign domain B (pid 200),
	 * interleaved as records of two CPUs would be. */
	feed(log, 1423,
	     "audit(1.0:10): domain=a blockers=fs.read_file path=\"/etc/hostname\" "
	     "dev=\"vda\" ino=1");
	feed(log, 1423,
	     "audit(1.0:11): domain=b blockers=fs.read_file path=\"/etc/shadow\" "
	     "dev=\"vda\" ino=2");
	feed(log, 1424,
	     "audit(1.0:10): domain=a status=allocated mode=enforcing pid=100 uid=0 "
	     "exe=\"/usr/bin/landbox\" comm=\"landbox\"");
	feed(log, 1424,
	     "audit(1.0:11): domain=b status=allocated mode=enforcing pid=200 uid=0 "
	     "exe=\"/usr/bin/landbox\" comm=\"landbox\"");
	feed(log, 1300,
	     "audit(1.0:11): arch=c000003e syscall=257 ppid=200 pid=201 "
	     "comm=\"cat\" exe=\"/usr/bin/cat\"");
	feed(log, 1300,
	     "audit(1.0:10): arch=c000003e syscall=257 ppid=100 pid=101 "
	     "comm=\"cat\" exe=\"/usr/bin/cat\"");
	feed(log, 1320, "audit(1.0:10): ");
	feed(log, 1320, "audit(1.0:11): ");
	/* The same denial twice more, by two other processes. */
	feed(log, 1423,
	     "audit(1.0:12): domain=a blockers=fs.read_file path=\"/etc/hostname\" "
	     "dev=\"vda\" ino=1");
	feed(log, 1300, "audit(1.0:12): syscall=257 ppid=100 pid=102 comm=\"cat\" exe=\"/x\"");
	feed(log, 1423,
	     "audit(1.0:13): domain=a blockers=fs.read_file path=\"/etc/hostname\" "
	     "dev=\"vda\" ino=1");
	feed(log, 1300, "audit(1.0:13): syscall=257 ppid=100 pid=103 comm=\"cat\" exe=\"/x\"");
	feed(log, 1423,
	     "audit(1.0:13): domain=a blockers=fs.read_file path=\"/etc/hostname\" "
	     "dev=\"vda\" ino=1");
	feed(log, 1300, "audit(1.0:13): syscall=257 ppid=100 pid=101 comm=\"cat\" exe=\"/x\"");
	feed(log, 1423,
	     "audit(1.0:30): domain=a blockers=fs.read_file path=\"/etc/hostname\" "
	     "dev=\"vda\" ino=1");
	feed(log, 1300, "audit(1.0:30): syscall=257 ppid=100 pid=100 comm=\"sh\" exe=\"/y\"");
	/* Foreign domain again: dropped at once. */
	feed(log, 1423,
	     "audit(1.0:14): domain=b blockers=fs.write_file path=\"/etc/passwd\" "
	     "dev=\"vda\" ino=3");
	/* A domain allocated before we listened: never ours. */
	feed(log, 1423,
	     "audit(1.0:15): domain=c blockers=fs.write_file path=\"/etc/passwd\" "
	     "dev=\"vda\" ino=3");
	feed(log, 1320, "audit(1.0:15): ");
	/* A denial without SYSCALL record (task without audit context). */
	feed(log, 1423,
	     "audit(1.0:16): domain=a blockers=net.connect_tcp daddr=127.0.0.1 "
	     "dest=5432");
	/* Our barrier, and another process's listener record. */
	audit_log_watch_barrier(log, 42);
	feed(log, 1335, "audit(1.0:17): pid=43 uid=0 nl-mcgrp=1 op=disconnect res=1");
	feed(log, 1335, "audit(1.0:18): pid=42 uid=0 nl-mcgrp=1 op=connect res=1");
	tap_ok(audit_log_barriers(log) == 0, "barrier: other pids and op=connect ignored");
	feed(log, 1335, "audit(1.0:19): pid=42 uid=0 nl-mcgrp=1 op=disconnect res=1");
	tap_ok(audit_log_barriers(log) == 1, "barrier: our op=disconnect counted");
	tap_ok(audit_log_live_domains(log) == 1, "one live domain of ours");
	feed(log, 1424, "audit(1.0:20): domain=b status=deallocated denials=2");
	feed(log, 1424, "audit(1.0:21): domain=a status=deallocated denials=7");
	audit_log_flush(log);

	tap_ok(audit_log_count(log) == 2, "two distinct denials of ours (got %zu)",
	       audit_log_count(log));
	d = audit_log_get(log, 0);
	tap_ok(d && d->kind == AUDIT_K_FS && !strcmp(d->object, "/etc/hostname") &&
		   d->nprogs == 2 && d->progs[0].pid == 101 && !strcmp(d->progs[0].comm, "cat") &&
		   d->progs[1].pid == 100 && !strcmp(d->progs[1].comm, "sh") && d->count == 5 &&
		   d->npids == 4,
	       "read denial: by cat (first pid 101) and sh, 5 times by 4 processes");
	d = audit_log_get(log, 1);
	tap_ok(d && d->kind == AUDIT_K_NET && d->port == 5432 && d->nprogs == 0 && d->count == 1,
	       "denial without SYSCALL record kept, no process");
	tap_ok(audit_log_total(log) == 6, "6 denial records of ours");
	tap_ok(audit_log_live_domains(log) == 0, "domain deallocated");
	tap_ok(audit_log_missing(log) == 1, "kernel counted 7, we got 6: 1 missing (got %lu)",
	       audit_log_missing(log));

	/* COMMAND sandboxing itself: a domain with our child's pid but
	 * COMMAND's executable is not ours. */
	audit_log_reset(log, 400);
	tap_ok(!audit_log_set_exe(log, "/usr/bin/landbox"), "owner's executable set");
	feed(log, 1423, "audit(3.0:1): domain=e blockers=fs.read_file path=\"/etc/a\"");
	feed(log, 1424,
	     "audit(3.0:1): domain=e status=allocated mode=enforcing pid=400 uid=0 "
	     "exe=\"/usr/bin/landbox\" comm=\"landbox\"");
	feed(log, 1423, "audit(3.0:2): domain=f blockers=fs.read_file path=\"/etc/b\"");
	feed(log, 1424,
	     "audit(3.0:2): domain=f status=allocated mode=enforcing pid=400 uid=0 "
	     "exe=\"/usr/bin/xz\" comm=\"xz\"");
	audit_log_flush(log);
	feed(log, 1423, "audit(3.0:3): domain=f blockers=fs.read_file path=\"/etc/c\"");
	audit_log_flush(log);
	tap_ok(audit_log_count(log) == 1 && !strcmp(audit_log_get(log, 0)->object, "/etc/a"),
	       "COMMAND's own nested domain (same pid, its executable) is not ours");
	tap_ok(audit_log_nested(log) == 2, "its 2 denials are counted as nested (got %lu)",
	       audit_log_nested(log));
	audit_log_set_exe(log, NULL);

	/* Reset for a new run (learn's next round). */
	audit_log_reset(log, 300);
	tap_ok(audit_log_count(log) == 0 && audit_log_total(log) == 0, "reset empties the log");
	feed(log, 1423, "audit(2.0:1): domain=a blockers=fs.read_file path=\"/etc/hostname\"");
	feed(log, 1424,
	     "audit(2.0:1): domain=a status=allocated mode=enforcing pid=300 uid=0 "
	     "exe=\"/x\" comm=\"x\"");
	audit_log_flush(log);
	tap_ok(audit_log_count(log) == 1, "after reset, the new owner's domain is kept");
	audit_log_free(log);
}

/* A denial as the log would hold it. */
static struct audit_denial denial(enum audit_kind kind, uint64_t mask, const char *blockers,
				  const char *object, long long port, long opid)
{
	struct audit_denial d;

	memset(&d, 0, sizeof(d));
	d.kind = kind;
	d.mask = mask;
	d.blockers = (char *)blockers;
	d.object = (char *)object;
	d.exe = (char *)"/usr/bin/dash";
	d.port = port;
	d.opid = opid;
	d.progs[0].pid = 123;
	snprintf(d.progs[0].comm, sizeof(d.progs[0].comm), "sh");
	d.nprogs = 1;
	d.count = 1;
	d.npids = 1;
	return d;
}

static void check_line(struct audit_denial d, const char *want)
{
	char line[1024];

	explain_format(&d, line, sizeof(line));
	if (!tap_ok(!strcmp(line, want), "%s", want))
		tap_diag("got: %s", line);
}

static void test_words(void)
{
	struct audit_denial d;
	struct explain_rule rule;

	d = denial(AUDIT_K_FS, LB_FS_WRITE_FILE, "fs.write_file", "/etc/passwd", -1, 0);
	d.count = 2;
	check_line(d, "denied fs.write_file on /etc/passwd (by sh, pid 123), 2 times \u2014 "
		      "allow with --rw /etc/passwd");
	check_line(denial(AUDIT_K_FS, LB_FS_READ_FILE, "fs.read_file", "/etc/hostname", -1, 0),
		   "denied fs.read_file on /etc/hostname (by sh, pid 123) \u2014 "
		   "allow with --ro /etc/hostname");
	check_line(denial(AUDIT_K_FS, LB_FS_EXECUTE | LB_FS_READ_FILE, "fs.execute,fs.read_file",
			  "/usr/lib/x/libfoo.so", -1, 0),
		   "denied fs.execute,fs.read_file on /usr/lib/x/libfoo.so (by sh, pid 123) "
		   "\u2014 allow with --rox /usr/lib/x/libfoo.so");
	check_line(
	    denial(AUDIT_K_FS, LB_FS_MAKE_REG, "fs.make_reg", "/tmp/out", -1, 0),
	    "denied fs.make_reg in /tmp/out (by sh, pid 123) \u2014 allow with --rw /tmp/out");
	check_line(denial(AUDIT_K_FS, LB_FS_READ_DIR, "fs.read_dir", "/srv/my dir", -1, 0),
		   "denied fs.read_dir on /srv/my dir (by sh, pid 123) \u2014 "
		   "allow with --ro '/srv/my dir'");
	check_line(denial(AUDIT_K_NET, LB_NET_CONNECT_TCP, "net.connect_tcp", "127.0.0.1", 5432, 0),
		   "denied net.connect_tcp to 127.0.0.1 port 5432 (by sh, pid 123) \u2014 "
		   "allow with --connect-tcp 5432");
	check_line(denial(AUDIT_K_NET, LB_NET_BIND_TCP, "net.bind_tcp", "", -1, 0),
		   "denied net.bind_tcp on port 0 (by sh, pid 123) \u2014 allow with --bind-tcp 0");
	check_line(denial(AUDIT_K_SCOPE, LB_SCOPE_SIGNAL, "scope.signal", "bash", -1, 9460),
		   "denied scope.signal to pid 9460 (bash) (by sh, pid 123) \u2014 "
		   "allow with --unrestricted-scoped");
	check_line(denial(AUDIT_K_SCOPE, LB_SCOPE_ABSTRACT_UNIX_SOCKET,
			  "scope.abstract_unix_socket", "@lbtest", -1, 0),
		   "denied scope.abstract_unix_socket to abstract socket @lbtest (by sh, pid 123) "
		   "\u2014 allow with --unrestricted-scoped");
	check_line(denial(AUDIT_K_FS, LB_FS_READ_FILE, "fs.read_file", "/proc/4242/status", -1, 0),
		   "denied fs.read_file on /proc/4242/status (by sh, pid 123) \u2014 allow with "
		   "--ro /proc (per-process files of /proc change with every process: no narrower "
		   "rule works on the next run)");
	d = denial(AUDIT_K_FS, LB_FS_READ_FILE, "fs.read_file", "/proc/sys/kernel/ostype", -1, 0);
	tap_ok(!explain_rule(&d, &rule) && !strcmp(rule.arg, "/proc/sys/kernel/ostype") &&
		   !rule.note,
	       "/proc files outside a process directory keep their path");
	d = denial(AUDIT_K_PTRACE, 0, "ptrace", "bash", -1, 9460);
	tap_ok(explain_rule(&d, &rule) < 0 && rule.why, "ptrace: no option allows it");
	d = denial(AUDIT_K_FS, LB_FS_READ_FILE, "fs.read_file", "/etc/hostname", -1, 0);
	d.npids = 3;
	d.count = 3;
	check_line(d, "denied fs.read_file on /etc/hostname (by sh, pid 123 and 2 other "
		      "processes), 3 times \u2014 allow with --ro /etc/hostname");
	d = denial(AUDIT_K_FS, LB_FS_READ_FILE, "fs.read_file", "/etc/ld.so.cache", -1, 0);
	d.progs[1].pid = 130;
	snprintf(d.progs[1].comm, sizeof(d.progs[1].comm), "cat");
	d.nprogs = 2;
	d.npids = 4;
	d.count = 5;
	check_line(d, "denied fs.read_file on /etc/ld.so.cache (by sh, pid 123; cat, pid 130 and 2 "
		      "other processes), 5 times \u2014 allow with --ro /etc/ld.so.cache");
	d = denial(AUDIT_K_FS, LB_FS_EXECUTE | LB_FS_WRITE_FILE, "fs.execute,fs.write_file",
		   "/tmp/x", -1, 0);
	tap_ok(!explain_rule(&d, &rule) && !strcmp(rule.option, "rwx"), "execute + write: rwx");
}

/* A datagram of N bytes ending right before a page that cannot be read, so
 * that reading past its end crashes (page-aligned: nlmsghdr alignment). */
static unsigned char *guarded(size_t n, void **map, size_t *maplen)
{
	const size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *m =
	    mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + page, page, PROT_NONE)) {
		printf("Bail out! mmap: %s\n", strerror(errno));
		exit(1);
	}
	*map = m;
	*maplen = 2 * page;
	return m + page - n;
}

static void test_netlink(void)
{
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr e;
	} ack = {{NLMSG_LENGTH(sizeof(struct nlmsgerr)), NLMSG_ERROR, 0, 7, 0},
		 {-EPERM, {0, 0, 0, 0, 0}}};
	struct {
		struct nlmsghdr nh;
		char text[sizeof(R_READ_ACCESS)]; /* cppcheck-suppress unusedStructMember */
	} rec = {{NLMSG_LENGTH(sizeof(R_READ_ACCESS) - 1), AUDIT_LANDLOCK_ACCESS, 0, 0, 0},
		 R_READ_ACCESS};
	struct audit_log *log = audit_log_new(0);
	unsigned char *d;
	void *map;
	size_t maplen;

	tap_ok(audit_nl_answer(&ack, sizeof(ack), 7, NULL) == -EPERM,
	       "netlink: the error answering request 7 is its -errno");
	tap_ok(audit_nl_answer(&ack, sizeof(ack), 8, NULL) == 1,
	       "netlink: an answer to another request is not ours");
	tap_ok(audit_feed_datagram(log, &rec, NLMSG_ALIGN(rec.nh.nlmsg_len)) == 1,
	       "netlink: a datagram of one record feeds one record");
	tap_ok(audit_feed_datagram(log, &rec, rec.nh.nlmsg_len - 1) == 0,
	       "netlink: a record cut short by the datagram's end is not fed");

	/* An NLMSG_ERROR message of a header alone: its error is not there. */
	d = guarded(NLMSG_HDRLEN, &map, &maplen);
	memcpy(d, &ack.nh, NLMSG_HDRLEN);
	((struct nlmsghdr *)(void *)d)->nlmsg_len = NLMSG_HDRLEN;
	tap_ok(audit_nl_answer(d, NLMSG_HDRLEN, 7, NULL) == 1,
	       "netlink: an NLMSG_ERROR too short for its error is ignored, nothing read past it");
	munmap(map, maplen);
	audit_log_free(log);
}

int main(void)
{
	tap_init();
	test_body_and_fields();
	test_blocker_names();
	test_parse_access();
	test_parse_domain_syscall();
	test_log();
	test_words();
	test_netlink();
	return tap_done();
}
