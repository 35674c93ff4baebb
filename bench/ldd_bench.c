/* SPDX-License-Identifier: MIT */
/* ldd_bench.c - `--ldd` cost: landbox's ELF reader (cli/elf/) against
 * running the ldd process, on the same programs, side by side.
 *
 * Usage: ldd_bench PROGRAM...   (missing programs are reported and skipped)
 * Environment: LDD_BENCH_N runs of elfdeps_resolve per program (default
 * 500), LDD_BENCH_M runs of ldd (default 30: it costs milliseconds).
 * Prints a Markdown table of medians: files found, elfdeps µs, ldd µs, and
 * how many times faster the reader is. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "elf/elfdeps.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);
	int n = v ? atoi(v) : 0;
	return n > 0 ? n : def;
}

/* One `ldd PROGRAM` run, output discarded; its wall time in µs, or -1. */
static double time_ldd(const char *program)
{
	double t0 = now_us();
	int st;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execlp("ldd", "ldd", program, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	return now_us() - t0;
}

int main(int argc, char **argv)
{
	int n = env_int("LDD_BENCH_N", 500), m = env_int("LDD_BENCH_M", 30), i, a;
	double *t = malloc(sizeof(double) * (size_t)(n > m ? n : m));

	if (argc < 2 || !t) {
		fprintf(stderr, "usage: %s PROGRAM...\n", argv[0]);
		return 2;
	}
	printf("| program | files | elfdeps_resolve (µs) | ldd process (µs) | ldd / elfdeps |\n");
	printf("|---|---:|---:|---:|---:|\n");
	for (a = 1; a < argc; a++) {
		const char *prog = argv[a];
		struct elfdeps d;
		char err[512];
		double ours, theirs;
		size_t files = 0;

		if (access(prog, X_OK)) {
			printf("| %s | not installed | | | |\n", prog);
			continue;
		}
		for (i = 0; i < n; i++) {
			double t0 = now_us();
			int ret = elfdeps_resolve(prog, &d, err, sizeof(err));
			t[i] = now_us() - t0;
			if (ret) {
				fprintf(stderr, "ldd_bench: %s\n", err);
				return 1;
			}
			files = d.n;
			elfdeps_free(&d);
		}
		ours = median(t, n);
		for (i = 0; i < m; i++) {
			t[i] = time_ldd(prog);
			if (t[i] < 0) {
				fprintf(stderr, "ldd_bench: ldd %s failed\n", prog);
				return 1;
			}
		}
		theirs = median(t, m);
		printf("| %s | %zu | %.0f | %.0f | %.0f× |\n", prog, files, ours, theirs,
		       theirs / ours);
	}
	free(t);
	return 0;
}
