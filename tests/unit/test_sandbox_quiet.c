/* SPDX-License-Identifier: MIT */
/* test_sandbox_quiet.c - the quiet settings of ABI 10 (lb_set_quiet and
 * LB_QUIET on a path rule) in the audit records of a real kernel: a denial
 * beneath a quiet path makes no record, a denial elsewhere does, and the
 * same denial without LB_QUIET does too.  A child restricts itself and opens
 * two denied files; the parent reads the Landlock records of that child's
 * domain from the audit read-log group (with the reader of `landbox run
 * --explain`).  Needs root (CAP_AUDIT_READ, CAP_AUDIT_CONTROL) and a kernel
 * with ABI 10: skipped otherwise, saying why; under emulation (the quiet
 * fields are not sent to an older kernel) it is left to the real kernel. */
#include <poll.h>
#include <sys/wait.h>

#include "explain/audit.h"
#include "test_lib.h"

/* A sandbox denying reads in q/ and n/ (both listable), q/ quiet when QUIET. */
static struct lb_sandbox *build(int quiet)
{
	char q[PATH_MAX], n[PATH_MAX];
	struct lb_sandbox *sb = lb_new();

	/* The quiet set first: the handled sets freeze at the first rule. */
	if (!sb || lb_set_quiet(sb, LB_KIND_FS, LB_FS_READ_FILE) ||
	    lb_allow_path(sb, lt_path(q, "q"), LB_FS_READ_DIR, quiet ? LB_QUIET : 0) ||
	    lb_allow_path(sb, lt_path(n, "n"), LB_FS_READ_DIR, 0)) {
		tap_diag("building: %s", sb ? lb_error(sb) : "ENOMEM");
		lb_free(sb);
		return NULL;
	}
	return sb;
}

/* Restrict, then try q/f and n/f (both EACCES); exit 0 if both were denied. */
static int child(int quiet)
{
	struct lb_sandbox *sb = build(quiet);
	struct lb_status st;

	if (!sb || lb_restrict(sb, &st) || st.state == LB_NOT_ENFORCED)
		return 2;
	lb_free(sb);
	return lt_open("q/f", O_RDONLY) == EACCES && lt_open("n/f", O_RDONLY) == EACCES ? 0 : 3;
}

/* Denials of the child's domain naming PATH, as the audit reader kept them. */
static unsigned long denials_on(const struct audit_log *log, const char *path)
{
	unsigned long n = 0;

	for (size_t i = 0; i < audit_log_count(log); i++) {
		const struct audit_denial *d = audit_log_get(log, i);
		if (d->kind == AUDIT_K_FS && (d->mask & LB_FS_READ_FILE) &&
		    !strcmp(d->object, path))
			n += d->count;
	}
	return n;
}

/* Run the child; 0 with the denials on q/f and n/f in *NQ and *NN. */
static int run(struct audit_conn *c, int quiet, unsigned long *nq, unsigned long *nn)
{
	char q[PATH_MAX], n[PATH_MAX];
	struct audit_log *log = audit_log_new(0);
	int status, ret = -1;
	pid_t pid;

	if (!log)
		return -1;
	while (audit_read(c, log) > 0)
		; /* what came before is not ours */
	(void)fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(child(quiet));
	audit_log_reset(log, pid);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		tap_diag("the child failed (status %#x)", status);
		goto out;
	}
	/* Every record queued before the barrier reaches us before it. */
	audit_log_watch_barrier(log, getpid());
	if (audit_barrier(c) < 0)
		goto out;
	for (int i = 0; i < 50 && audit_log_barriers(log) < c->barriers; i++) {
		struct pollfd p = {c->mc, POLLIN, 0};
		(void)poll(&p, 1, 100);
		(void)audit_read(c, log);
	}
	audit_log_flush(log);
	*nq = denials_on(log, lt_path(q, "q/f"));
	*nn = denials_on(log, lt_path(n, "n/f"));
	ret = 0;
out:
	audit_log_free(log);
	return ret;
}

int main(void)
{
	struct audit_conn c;
	char err[256], caps[AUDIT_CAPS_LEN];
	unsigned long nq = 0, nn = 0, cq = 0, cn = 0;

	lt_init();
	if (lt_emulated >= 0) {
		printf(
		    "1..0 # SKIP runs on the real kernel only (audit records of a real domain)\n");
		return 0;
	}
	if (lt_kernel < 10) {
		printf("1..0 # SKIP Landlock ABI %d < 10: no quiet settings\n", lt_kernel);
		return 0;
	}
	if (audit_missing_caps(caps, sizeof(caps))) {
		printf("1..0 # SKIP reading audit records needs %s (root)\n", caps);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	if (audit_open(&c, err, sizeof(err))) {
		printf("1..0 # SKIP cannot read the audit records: %s\n", err);
		return 0;
	}
	if (lt_mkdir("q") || lt_mkdir("n") || lt_write("q/f", "x") || lt_write("n/f", "x")) {
		audit_close(&c);
		printf("Bail out! scratch files\n");
		return 1;
	}
	tap_ok(run(&c, 1, &nq, &nn) == 0, "quiet: the sandboxed child was denied both files");
	tap_ok(run(&c, 0, &cq, &cn) == 0, "quiet: and again without LB_QUIET");
	tap_diag("denials on q/f: %lu with LB_QUIET, %lu without; on n/f: %lu, %lu", nq, cq, nn,
		 cn);
	tap_ok(nq == 0, "quiet: a denial beneath a quiet path makes no audit record");
	tap_ok(nn >= 1 && cn >= 1, "quiet: a denial elsewhere makes one");
	tap_ok(cq >= 1, "quiet: without LB_QUIET the same denial makes one");
	audit_close(&c);
	return tap_done();
}
