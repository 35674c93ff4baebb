/* SPDX-License-Identifier: MIT */
/* test_sandbox_compat.c - each compatibility level with each outcome, seen
 * from inside: a requirement on a feature this ABI lacks makes a hard
 * requirement fail with nothing restricted, a soft one enforce nothing, and
 * best effort enforce the rest; a requirement on a feature this ABI has
 * changes nothing.  The lacking feature is the first one the next ABI adds,
 * so every ABI run meets both outcomes (ABI 10 lacks nothing). */
#include "sbtest.h"

struct feature {
	int abi; /* first ABI that has it */
	enum lb_kind kind;
	uint64_t bit;
	const char *name;
};

/* One feature of each ABI (ABI 8 adds only TSYNC, which the library sets by
 * itself: take ABI 9's right for 7 and 8). */
static const struct feature features[] = {
    {1, LB_KIND_FS, LB_FS_READ_FILE, "fs.read_file"},
    {2, LB_KIND_FS, LB_FS_REFER, "fs.refer"},
    {3, LB_KIND_FS, LB_FS_TRUNCATE, "fs.truncate"},
    {4, LB_KIND_NET, LB_NET_BIND_TCP, "net.bind_tcp"},
    {5, LB_KIND_FS, LB_FS_IOCTL_DEV, "fs.ioctl_dev"},
    {6, LB_KIND_SCOPE, LB_SCOPE_SIGNAL, "scope.signal"},
    {7, LB_KIND_FLAG, LB_LOG_NEW_EXEC_ON, "flag.log_new_exec_on"},
    {9, LB_KIND_FS, LB_FS_RESOLVE_UNIX, "fs.resolve_unix"},
    {9, LB_KIND_FS, LB_FS_RESOLVE_UNIX, "fs.resolve_unix"},
    {10, LB_KIND_NET, LB_NET_BIND_UDP, "net.bind_udp"},
};

static int lib_abi; /* the ABI the library works with (requirements are judged on it) */

struct scenario {
	const struct feature *f;
	enum lb_compat level;
	const char *level_name;
	int met; /* lib_abi has the feature */
};

static int require(void *arg)
{
	const struct scenario *sc = arg;
	struct lb_sandbox *sb = sbt_new("compat");
	const char *what = sc->met ? "present" : "missing";
	struct lb_status st;
	int rc, want_rc, enforced;

	alarm(10);
	if (sc->f->kind == LB_KIND_FLAG && lb_set_flags(sb, sc->f->bit))
		sbt_check(0, lb_error(sb), "compat: lb_set_flags");
	rc = lb_require(sb, sc->f->kind, sc->f->bit, sc->level);
	sbt_expect_rc(rc, 0, "compat: lb_require %s on %s", sc->level_name, sc->f->name);
	sbt_allow(sb, sbt_path("compat/in"), LB_FS_READ, 0);

	memset(&st, 0, sizeof(st));
	rc = lb_restrict(sb, &st);
	want_rc = !sc->met && sc->level == LB_HARD_REQUIREMENT ? EOPNOTSUPP : 0;
	sbt_expect_rc(rc, want_rc, "compat: %s requirement on %s (%s): lb_restrict", sc->level_name,
		      sc->f->name, what);
	if (want_rc)
		sbt_check(strstr(lb_error(sb), sc->f->name) != NULL, lb_error(sb),
			  "compat: the error names %s", sc->f->name);

	/* What is enforced: nothing when the requirement failed hard or soft. */
	enforced = sbt_abi > 0 && (sc->met || sc->level == LB_BEST_EFFORT);
	if (!rc) {
		char got[400];
		snprintf(got, sizeof(got), "state %d, unenforced kind %d: %#llx", (int)st.state,
			 (int)sc->f->kind, (unsigned long long)st.unenforced[sc->f->kind]);
		sbt_check((st.state == LB_NOT_ENFORCED) == !enforced, got,
			  "compat: %s requirement on %s (%s): status %s", sc->level_name,
			  sc->f->name, what, enforced ? "enforced" : "not enforced");
		sbt_check(!!(st.unenforced[sc->f->kind] & sc->f->bit) == !sc->met, got,
			  "compat: %s requirement on %s (%s): status lists it as %s",
			  sc->level_name, sc->f->name, what, sc->met ? "enforced" : "unenforced");
	}
	lb_free(sb);
	sbt_expect(sbt_open("compat/out/file", O_RDONLY), enforced ? EACCES : 0,
		   "compat: %s requirement on %s (%s): read outside the rules", sc->level_name,
		   sc->f->name, what);
	sbt_expect(sbt_open("compat/in/file", O_RDONLY), 0,
		   "compat: %s requirement on %s (%s): read inside the rules", sc->level_name,
		   sc->f->name, what);
	return 0;
}

/* The global level: a hard requirement on everything the library knows. */
static int strict(void *arg)
{
	struct lb_sandbox *sb = sbt_new("compat strict");
	int want = lib_abi >= TAP_ABI_LAST_RIGHT ? 0 : EOPNOTSUPP;
	int rc;

	(void)arg;
	alarm(10);
	if (lb_set_compat(sb, LB_HARD_REQUIREMENT))
		sbt_check(0, lb_error(sb), "compat: lb_set_compat(LB_HARD_REQUIREMENT)");
	sbt_allow(sb, sbt_path("compat/in"), LB_FS_READ, 0);
	rc = lb_restrict(sb, NULL);
	sbt_expect_rc(rc, want, "compat: hard requirement on everything: lb_restrict");
	lb_free(sb);
	sbt_expect(sbt_open("compat/out/file", O_RDONLY), !want && sbt_abi ? EACCES : 0,
		   "compat: hard requirement on everything: read outside the rules");
	return 0;
}

int main(void)
{
	static const struct {
		enum lb_compat level;
		const char *name;
	} levels[] = {
	    {LB_BEST_EFFORT, "best-effort"},
	    {LB_SOFT_REQUIREMENT, "soft"},
	    {LB_HARD_REQUIREMENT, "hard"},
	};
	struct scenario sc;
	size_t i;

	if (sbt_init())
		return 0;
	lib_abi = lb_abi();
	sbt_mkdir(sbt_path("compat"));
	sbt_mkdir(sbt_path("compat/in"));
	sbt_mkdir(sbt_path("compat/out"));
	sbt_write(sbt_path("compat/in/file"), "hello\n");
	sbt_write(sbt_path("compat/out/file"), "hello\n");

	for (i = 0; i < 3; i++) {
		sc.level = levels[i].level;
		sc.level_name = levels[i].name;
		/* Present: fs.read_file (missing only without Landlock). */
		sc.f = &features[0];
		sc.met = lib_abi >= sc.f->abi;
		sbt_run("compat present", require, &sc);
		/* Missing: the next ABI's feature. */
		if (lib_abi < TAP_ABI_LAST_RIGHT && lib_abi >= 1) {
			sc.f = &features[lib_abi];
			sc.met = lib_abi >= sc.f->abi; /* 0: the table says so */
			sbt_run("compat missing", require, &sc);
		}
	}
	sbt_run("compat strict", strict, NULL);
	return sbt_done();
}
