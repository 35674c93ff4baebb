/* SPDX-License-Identifier: MIT */
/* maxrss.c - peak resident memory of a command and its children, in KiB.
 * Usage: maxrss [NAME=VALUE...] CMD [ARG...] */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	pid_t pid;
	int st;
	struct rusage ru;
	while (argc > 2 && argv[1][0] != '/' && strchr(argv[1], '=')) {
		if (putenv(argv[1]))
			return 1;
		argv++;
		argc--;
	}
	if (argc < 2 || posix_spawn(&pid, argv[1], NULL, NULL, argv + 1, environ))
		return 1;
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return 1;
	printf("%ld\n", ru.ru_maxrss);
	return 0;
}
