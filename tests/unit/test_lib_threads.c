/* SPDX-License-Identifier: MIT */
/* test_lib_threads.c - a multi-threaded process is never left half
 * sandboxed: with real pthreads, after lb_restrict every thread (and one
 * blocked in read(), and threads they create later) gets EACCES on a file
 * outside the rules and has no_new_privs; with LB_THREAD_ONLY the other
 * threads are NOT restricted; the borrowed real-time signal is given back;
 * a single thread needs no /proc (a nested sandbox may hide it);
 * and a thread that blocks every signal makes lb_restrict fail clearly
 * (ETIMEDOUT with nothing restricted, or ECANCELED once others were). */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#include "test_lib.h"

#define NT 3

struct shared {
	atomic_int go;	  /* 1: lb_restrict returned */
	atomic_int ready; /* threads waiting */
	int err[NT];	  /* errno of opening the secret file */
	int nnp[NT];	  /* no_new_privs seen by the thread */
	int child_err;	  /* a thread created after lb_restrict */
	int pipe_fd[2];	  /* thread 0 blocks reading it */
	int read_ret;	  /* what its read returned */
};

static void *grandchild(void *arg)
{
	struct shared *s = arg;
	s->child_err = lt_open("secret", O_RDONLY);
	return NULL;
}

struct warg {
	struct shared *s;
	int i;
};

static void *thread_main(void *arg)
{
	struct warg *w = arg;
	struct shared *s = w->s;
	char c;

	atomic_fetch_add(&s->ready, 1);
	if (w->i == 0) {
		/* Blocked in a syscall while the signal comes: SA_RESTART resumes it. */
		s->read_ret = (int)read(s->pipe_fd[0], &c, 1);
	}
	while (!atomic_load(&s->go))
		usleep(200);
	s->err[w->i] = lt_open("secret", O_RDONLY);
	s->nnp[w->i] = lt_nnp();
	if (w->i == 1) {
		pthread_t t;
		if (pthread_create(&t, NULL, grandchild, s) == 0)
			pthread_join(t, NULL);
	}
	return NULL;
}

/* Every real-time signal has its default action (the library gave it back). */
static int rt_signals_default(void)
{
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
		struct sigaction sa;
		if (sigaction(sig, NULL, &sa) || (sa.sa_flags & SA_SIGINFO) ||
		    sa.sa_handler != SIG_DFL)
			return 0;
	}
	return 1;
}

static int run(void *arg)
{
	const enum lb_threads mode = *(const enum lb_threads *)arg;
	struct shared s;
	struct warg w[NT];
	pthread_t t[NT];
	struct lb_sandbox *sb = lb_new();
	char p[PATH_MAX];
	const int enforced = lt_abi > 0;
	const int others = enforced && mode == LB_ALL_THREADS;

	memset(&s, 0, sizeof(s));
	LT_CHECK(pipe2(s.pipe_fd, O_CLOEXEC) == 0, "pipe");
	for (int i = 0; i < NT; i++) {
		w[i].s = &s;
		w[i].i = i;
		LT_CHECK(pthread_create(&t[i], NULL, thread_main, &w[i]) == 0, "pthread_create");
	}
	while (atomic_load(&s.ready) < NT)
		usleep(200);
	usleep(2000); /* let thread 0 enter read() */
	LT_CHECK(lb_set_threads(sb, mode) == 0, "mode");
	LT_CHECK(lb_allow_path(sb, lt_path(p, "allowed"), LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "restrict: %s", lb_error(sb));
	lb_free(sb);
	LT_CHECK(write(s.pipe_fd[1], "x", 1) == 1, "wake thread 0");
	atomic_store(&s.go, 1);
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	LT_CHECK(s.read_ret == 1, "the interrupted read() was restarted (got %d)", s.read_ret);
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(enforced), "calling thread");
	LT_CHECK(lt_nnp() == enforced, "calling thread no_new_privs");
	for (int i = 0; i < NT; i++) {
		LT_CHECK(s.err[i] == lt_denied(others), "thread %d: errno %d, expected %d", i,
			 s.err[i], lt_denied(others));
		LT_CHECK(s.nnp[i] == others, "thread %d no_new_privs %d", i, s.nnp[i]);
	}
	LT_CHECK(s.child_err == lt_denied(others), "a thread created afterwards: errno %d",
		 s.child_err);
	LT_CHECK(rt_signals_default(), "real-time signal actions restored");
	close(s.pipe_fd[0]);
	close(s.pipe_fd[1]);
	return 0;
}

static void *blocker(void *arg)
{
	sigset_t all;
	atomic_int *stop = arg;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	while (!atomic_load(stop))
		usleep(1000);
	return NULL;
}

static void *plain(void *arg)
{
	atomic_int *stop = arg;
	while (!atomic_load(stop))
		usleep(1000);
	return NULL;
}

/* WITH_PLAIN: a cooperative thread (restricted first) before the blocker. */
static int blocked(void *arg)
{
	const int with_plain = *(const int *)arg;
	atomic_int stop = 0;
	pthread_t a, b;
	struct lb_sandbox *sb = lb_new();
	char p[PATH_MAX];
	int ret;

	if (with_plain)
		LT_CHECK(pthread_create(&a, NULL, plain, &stop) == 0, "thread");
	LT_CHECK(pthread_create(&b, NULL, blocker, &stop) == 0, "thread");
	usleep(5000);
	LT_CHECK(lb_allow_path(sb, lt_path(p, "allowed"), LB_FS_READ, 0) == 0, "rule");
	ret = lb_restrict(sb, NULL);
	tap_diag("lb_restrict: %d: %s", ret, lb_error(sb));
	if (with_plain) {
		LT_CHECK(ret == -ECANCELED && strstr(lb_error(sb), "must exit"),
			 "ECANCELED: some threads restricted, the process must exit");
	} else {
		LT_CHECK(ret == -ETIMEDOUT && strstr(lb_error(sb), "no thread was restricted"),
			 "ETIMEDOUT: nothing restricted");
		LT_CHECK(lt_open("secret", O_RDONLY) == 0, "the calling thread is not restricted");
	}
	LT_CHECK(strstr(lb_error(sb), "block"), "the message says the thread blocks the signal");
	/* The process must exit: do it without joining. */
	_exit(0);
}

/* A second layer from inside a first one that hides /proc (single thread). */
static int nested_without_proc(void *arg)
{
	struct lb_sandbox *sb = lb_new();
	char p[PATH_MAX];
	(void)arg;

	LT_CHECK(lb_allow_path(sb, lt_dir, LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "first layer: %s", lb_error(sb));
	lb_free(sb);
	LT_CHECK(open("/proc/self/task", O_RDONLY | O_CLOEXEC) < 0 || lt_abi == 0,
		 "the first layer hides /proc");
	sb = lb_new();
	LT_CHECK(lb_allow_path(sb, lt_path(p, "allowed"), LB_FS_READ, 0) == 0, "rule");
	LT_CHECK(lb_restrict(sb, NULL) == 0, "second layer: %s", lb_error(sb));
	lb_free(sb);
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(lt_abi > 0), "narrowed");
	LT_CHECK(lt_open("allowed/f", O_RDONLY) == 0, "allowed");
	return 0;
}

int main(void)
{
	enum lb_threads all = LB_ALL_THREADS, only = LB_THREAD_ONLY;
	int yes = 1, no = 0;

	lt_init();
	if (lt_mkdir("allowed") || lt_write("allowed/f", "f") || lt_write("secret", "s")) {
		printf("Bail out! scratch files\n");
		return 1;
	}
	tap_ok(tap_child(run, &all) == 0, "all threads restricted (ABI %d)", lt_abi);
	tap_ok(tap_child(run, &only) == 0, "LB_THREAD_ONLY: the other threads are not restricted");
	tap_ok(tap_child(nested_without_proc, NULL) == 0,
	       "a single thread restricts again without /proc (nested sandbox)");
	/* Each of these waits for the bounded timeout (2 s): real kernel run only. */
	if (lt_emulated < 0 && lt_abi > 0 && lt_abi < 8) {
		tap_ok(tap_child(blocked, &no) == 0, "a thread blocking the signal: ETIMEDOUT");
		tap_ok(tap_child(blocked, &yes) == 0, "after another was restricted: ECANCELED");
	} else {
		tap_skip("signal-blocking threads: tested once, on the real kernel before ABI 8");
		tap_skip("signal-blocking threads: tested once, on the real kernel before ABI 8");
	}
	return tap_done();
}
