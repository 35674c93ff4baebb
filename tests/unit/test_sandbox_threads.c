/* SPDX-License-Identifier: MIT */
/* test_sandbox_threads.c - a process with several threads never ends up
 * half sandboxed: by default lb_restrict restricts the threads that already
 * run (TSYNC on ABI 8+, the library's own signalling before); with
 * LB_THREAD_ONLY only the calling thread and what it creates afterwards.
 * Real threads, each checking what open() gives it.  Which of the two ways
 * was taken is counted at the syscall seam: one restrict_self with TSYNC
 * from ABI 8 (really so on the 7.x kernels of the matrix), one per thread
 * without it before (the 6.x kernels). */
#include <pthread.h>
#include <stdatomic.h>

#include "sbtest.h"

#define NBEFORE 3

struct worker {
	pthread_t t;
	int go[2];  /* the thread waits for one byte (or EOF) here */
	int result; /* open()'s errno for thr/out/file as this thread sees it */
	int eintr;  /* its read() was interrupted (the library's signal must not) */
};

/* restrict_self calls, with and without TSYNC, counted from every thread. */
static atomic_int calls_tsync, calls_plain;
static const struct lb_test_sys *next_sys; /* sbt_seam, or NULL: the kernel */

static long count_restrict_self(int fd, uint32_t flags)
{
	atomic_fetch_add((flags & LB_TSYNC) ? &calls_tsync : &calls_plain, 1);
	if (next_sys)
		return next_sys->restrict_self(fd, flags);
	return syscall(SBT_NR_RESTRICT_SELF, fd, flags);
}

static long count_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	if (next_sys)
		return next_sys->create_ruleset(attr, size, flags);
	return syscall(SBT_NR_CREATE_RULESET, attr, size, flags);
}

static long count_add_rule(int fd, int type, const void *attr, uint32_t flags)
{
	if (next_sys)
		return next_sys->add_rule(fd, type, attr, flags);
	return syscall(SBT_NR_ADD_RULE, fd, type, attr, flags);
}

static const struct lb_test_sys counting = {count_create_ruleset, count_add_rule,
					    count_restrict_self};

static void *work(void *arg)
{
	struct worker *w = arg;
	char c;

	while (read(w->go[0], &c, 1) < 0 && errno == EINTR)
		w->eintr = 1;
	w->result = sbt_open("thr/out/file", O_RDONLY);
	return NULL;
}

static int start(struct worker *w)
{
	if (pipe2(w->go, O_CLOEXEC))
		return -1;
	w->result = -1;
	w->eintr = 0;
	return pthread_create(&w->t, NULL, work, w) ? -1 : 0;
}

static void finish(struct worker *w)
{
	close(w->go[1]);
	pthread_join(w->t, NULL);
	close(w->go[0]);
}

static int threads(void *arg)
{
	const int only = *(const int *)arg;
	const char *mode = only ? "LB_THREAD_ONLY" : "all threads (default)";
	struct worker before[NBEFORE], after;
	struct lb_sandbox *sb = sbt_new(mode);
	int i, all = 1, eintr = 0;
	char got[64];

	alarm(10);
	for (i = 0; i < NBEFORE; i++)
		if (start(&before[i]))
			return 4;
	sbt_allow(sb, sbt_path("thr/in"), LB_FS_READ, 0);
	if (only && lb_set_threads(sb, LB_THREAD_ONLY))
		sbt_check(0, lb_error(sb), "threads: lb_set_threads(LB_THREAD_ONLY)");
	atomic_store(&calls_tsync, 0);
	atomic_store(&calls_plain, 0);
	sbt_enforce(sb, only ? "threads LB_THREAD_ONLY" : "threads all");
	snprintf(got, sizeof(got), "%d with TSYNC, %d without", atomic_load(&calls_tsync),
		 atomic_load(&calls_plain));
	if (sbt_abi < 1)
		; /* nothing restricted, nothing to count */
	else if (only)
		sbt_check(calls_tsync == 0 && calls_plain == 1, got,
			  "threads: %s: one restrict_self, no TSYNC", mode);
	else if (sbt_emulated > 0 ? sbt_emulated >= 8 : sbt_abi >= 8)
		/* An emulated ABI 8+ on an older kernel: the seam then signals
		 * each thread itself; what the library sent is the TSYNC call. */
		sbt_check(calls_tsync == 1 && (sbt_emulated > sbt_kernel_abi || calls_plain == 0),
			  got, "threads: %s: ABI 8+: one restrict_self with TSYNC", mode);
	else
		sbt_check(calls_tsync == 0 && calls_plain == NBEFORE + 1, got,
			  "threads: %s: before ABI 8: one restrict_self per thread (%d)", mode,
			  NBEFORE + 1);

	sbt_expect(sbt_open("thr/out/file", O_RDONLY), sbt_denied_from(1, EACCES),
		   "threads: %s: read outside from the calling thread", mode);
	sbt_expect(sbt_open("thr/in/file", O_RDONLY), 0,
		   "threads: %s: read inside from the calling thread", mode);
	for (i = 0; i < NBEFORE; i++) {
		finish(&before[i]);
		if (before[i].result != before[0].result)
			all = 0;
		eintr |= before[i].eintr;
	}
	sbt_check(!eintr, NULL, "threads: %s: blocking read() in other threads not interrupted",
		  mode);
	snprintf(got, sizeof(got), "got %s", sbt_errname(before[0].result));
	sbt_check(all && before[0].result == (only ? 0 : sbt_denied_from(1, EACCES)), got,
		  "threads: %s: read outside from %d threads started before: %s", mode, NBEFORE,
		  sbt_errname(only ? 0 : sbt_denied_from(1, EACCES)));
	if (start(&after))
		return 4;
	finish(&after);
	sbt_expect(after.result, sbt_denied_from(1, EACCES),
		   "threads: %s: read outside from a thread started after", mode);
	return 0;
}

int main(void)
{
	static const int all = 0, only = 1;

	if (sbt_init())
		return 0;
	sbt_threaded = 1;
	if (sbt_emulated != 0) {
		/* Between the library and the kernel (or sbt_seam). */
		next_sys = sbt_emulated > sbt_kernel_abi ? &sbt_seam : NULL;
		lb_test_set_sys(&counting);
	}
	sbt_mkdir(sbt_path("thr"));
	sbt_mkdir(sbt_path("thr/in"));
	sbt_mkdir(sbt_path("thr/out"));
	sbt_write(sbt_path("thr/in/file"), "hello\n");
	sbt_write(sbt_path("thr/out/file"), "hello\n");
	sbt_run("threads all", threads, (void *)&all);
	sbt_run("threads LB_THREAD_ONLY", threads, (void *)&only);
	return sbt_done();
}
