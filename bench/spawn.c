/* SPDX-License-Identifier: MIT */
/* spawn.c - times commands side by side.  Each variant is spawned N times,
 * round-robin, so that machine noise hits every variant alike; prints the
 * median and the ratio to the first variant (the baseline) and to a named
 * reference.  Usage:
 *   spawn N REF LABEL :: CMD... ::: LABEL :: CMD... ::: ...
 * REF is the index of the reference variant for the second ratio.  Leading
 * NAME=VALUE words of a CMD are added to that variant's environment only.
 *
 * Every command runs in a session of its own with standard input and error
 * on /dev/null: no controlling terminal, however `make bench` was started,
 * so that landbox takes the same path on every machine (in place: nothing
 * needs a parent).  A LABEL ending in "(terminal)" gets a pseudo-terminal
 * on standard input instead, as its controlling terminal: landbox then
 * leads the terminal's session, the one case where it must fork to detach
 * COMMAND from the terminal (a landbox started by a shell on a terminal
 * execs in place, as without one, after one more ioctl). */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

struct variant {
	const char *label;
	char **argv;
	char **envp;
	double *t;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static const char *tty_path; /* a pseudo-terminal's slave, for "(terminal)" variants */

/* ARGV's leading NAME=VALUE words, in front of environ, as an environment;
 * ARGV moves past them. */
static char **split_env(char ***argv)
{
	size_t n = 0, k = 0;
	char **envp;
	while ((*argv)[n] && (*argv)[n][0] != '/' && strchr((*argv)[n], '='))
		n++;
	if (!n)
		return environ;
	while (environ[k])
		k++;
	envp = calloc(n + k + 1, sizeof(*envp));
	if (!envp)
		exit(1);
	memcpy(envp, *argv, n * sizeof(*envp));
	memcpy(envp + n, environ, k * sizeof(*envp));
	*argv += n;
	return envp;
}

static double run(char **argv, char **envp, int tty)
{
	pid_t pid;
	int st;
	double t0;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	/* Warnings on stderr would time the terminal, not the wrapper. */
	posix_spawn_file_actions_init(&fa);
	/* The new session's leader opening a terminal makes it its controlling one. */
	posix_spawn_file_actions_addopen(&fa, 0, tty ? tty_path : "/dev/null", O_RDWR, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
	t0 = now();
	if (posix_spawn(&pid, argv[0], &fa, &attr, argv, envp) != 0) {
		perror(argv[0]);
		exit(1);
	}
	waitpid(pid, &st, 0);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "spawn: %s failed (status %d)\n", argv[0], st);
		exit(1);
	}
	return now() - t0;
}

static int is_tty(const char *label)
{
	const size_t n = strlen(label), k = strlen("(terminal)");
	return n >= k && !strcmp(label + n - k, "(terminal)");
}

int main(int argc, char **argv)
{
	struct variant v[16];
	int nv = 0, n, ref, i, k;
	if (argc < 5)
		return 2;
	{
		const int m = posix_openpt(O_RDWR | O_NOCTTY);
		if (m < 0 || grantpt(m) || unlockpt(m) || !(tty_path = ptsname(m)))
			tty_path = "/dev/null"; /* no pseudo-terminals: measured as without */
	}
	n = atoi(argv[1]);
	ref = atoi(argv[2]);
	for (i = 3; i < argc && nv < 16;) {
		v[nv].label = argv[i];
		v[nv].argv = &argv[i + 2];
		for (k = i + 2; k < argc && strcmp(argv[k], ":::"); k++)
			;
		if (k < argc)
			argv[k] = NULL;
		v[nv].envp = split_env(&v[nv].argv);
		v[nv].t = calloc((size_t)n, sizeof(double));
		nv++;
		i = k + 1;
	}
	for (i = 0; i < nv; i++)
		run(v[i].argv, v[i].envp, is_tty(v[i].label)); /* warm the page cache */
	for (k = 0; k < n; k++)
		for (i = 0; i < nv; i++)
			v[i].t[k] = run(v[i].argv, v[i].envp, is_tty(v[i].label));
	printf("| variant | median (µs) | × %s | × %s |\n|---|---:|---:|---:|\n", v[0].label,
	       v[ref].label);
	for (i = 0; i < nv; i++)
		qsort(v[i].t, (size_t)n, sizeof(double), cmp);
	for (i = 0; i < nv; i++)
		printf("| %s | %.0f | %.2f | %.2f |\n", v[i].label, v[i].t[n / 2],
		       v[i].t[n / 2] / v[0].t[n / 2], v[i].t[n / 2] / v[ref].t[n / 2]);
	return 0;
}
