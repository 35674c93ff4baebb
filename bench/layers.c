/* SPDX-License-Identifier: MIT */
/* layers.c - what each start-up layer of `landbox run` costs inside the
 * process, apart from scheduling noise: in a fresh child each time, the
 * time of emptying the bounding set (one PR_CAPBSET_DROP per capability it
 * holds; root only), of installing landbox's seccomp filter, and of
 * exec()ing a static no-op with and without that filter (fork to reaped).
 * Usage: layers N STATIC-NOOP   (prints a Markdown table of medians). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "landbox.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

enum what { DROP, FILTER, EXEC_PLAIN, EXEC_FILTER, NWHAT };

/* One measurement of W in a child; -1 when it cannot be made. */
static double once(enum what w, const char *noop)
{
	int fd[2];
	double t = -1, t0 = now();
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct lb_seccomp *sc = lb_seccomp_new(LB_HOLES_ALL);
		double d = -1, s;
		char *argv[] = {(char *)noop, NULL};

		if (!sc || lb_seccomp_prepare(sc) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(1);
		s = now();
		if (w == DROP) {
			int c;
			for (c = 0; c < 64 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0; c++)
				;
			d = c > 0 ? now() - s : -1;
		} else if (w == FILTER) {
			d = lb_seccomp_install(sc) == 0 ? now() - s : -1;
		} else {
			if (w == EXEC_FILTER && lb_seccomp_install(sc))
				_exit(1);
			close(fd[1]);
			execv(noop, argv);
			_exit(127);
		}
		_exit(write(fd[1], &d, sizeof(d)) == sizeof(d) ? 0 : 1);
	}
	close(fd[1]);
	if (w == DROP || w == FILTER) {
		if (read(fd[0], &t, sizeof(t)) != sizeof(t))
			t = -1;
	}
	close(fd[0]);
	waitpid(pid, NULL, 0);
	if (w == EXEC_PLAIN || w == EXEC_FILTER)
		t = now() - t0;
	return t;
}

int main(int argc, char **argv)
{
	static const char *names[NWHAT] = {
	    "empty the bounding set (PR_CAPBSET_DROP each)",
	    "install the seccomp filter (seccomp(2))",
	    "fork + exec a static no-op + reap",
	    "the same with the filter installed first",
	};
	const int n = argc > 2 ? atoi(argv[1]) : 0;
	double *t[NWHAT];

	if (n <= 0)
		return 2;
	for (int w = 0; w < NWHAT; w++)
		if (!(t[w] = calloc((size_t)n, sizeof(double))))
			return 1;
	for (int k = 0; k < n; k++)
		for (int w = 0; w < NWHAT; w++)
			t[w][k] = once((enum what)w, argv[2]);
	printf("| layer (in a child, median of %d) | µs |\n|---|---:|\n", n);
	for (int w = 0; w < NWHAT; w++) {
		qsort(t[w], (size_t)n, sizeof(double), cmp);
		if (t[w][n / 2] < 0)
			printf("| %s | n/a |\n", names[w]);
		else
			printf("| %s | %.1f |\n", names[w], t[w][n / 2]);
	}
	return 0;
}
