/* SPDX-License-Identifier: MIT */
/* rules.c - rule scaling: build and enforce N path rules with liblandbox,
 * in a child each time, and report the median time and the peak memory.
 * Usage: rules DIR N... (DIR holds at least max(N) files named 0..N-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "landbox.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* In a child: N rules, restrict; write elapsed µs to FD; exit status 0. */
static int one(const char *dir, int n, int fd)
{
	char path[4096];
	struct lb_sandbox *sb;
	double t0 = now(), dt;
	int i;
	sb = lb_new();
	if (!sb)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%d", dir, i);
		if (lb_allow_path(sb, path, LB_FS_READ_FILE, 0)) {
			fprintf(stderr, "rules: %s\n", lb_error(sb));
			return 1;
		}
	}
	if (lb_restrict(sb, NULL)) {
		fprintf(stderr, "rules: %s\n", lb_error(sb));
		return 1;
	}
	lb_free(sb);
	dt = now() - t0;
	return write(fd, &dt, sizeof(dt)) == sizeof(dt) ? 0 : 1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int a, k, reps = 9;
	printf("| path rules | median build+enforce (ms) | µs per rule | peak RSS (KiB) |\n"
	       "|---:|---:|---:|---:|\n");
	for (a = 2; a < argc; a++) {
		int n = atoi(argv[a]);
		double t[16];
		long rss = 0;
		for (k = 0; k < reps; k++) {
			int p[2], st;
			struct rusage ru;
			pid_t pid;
			if (pipe(p))
				return 1;
			pid = fork();
			if (pid == 0)
				_exit(one(argv[1], n, p[1]));
			close(p[1]);
			if (read(p[0], &t[k], sizeof(t[k])) != sizeof(t[k]))
				return 1;
			close(p[0]);
			wait4(pid, &st, 0, &ru);
			if (ru.ru_maxrss > rss)
				rss = ru.ru_maxrss;
		}
		qsort(t, (size_t)reps, sizeof(double), cmp);
		printf("| %d | %.2f | %.2f | %ld |\n", n, t[reps / 2] / 1e3, t[reps / 2] / n, rss);
	}
	return 0;
}
