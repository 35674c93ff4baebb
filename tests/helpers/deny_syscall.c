/* SPDX-License-Identifier: MIT */
/* deny_syscall.c - a test helper: run COMMAND under a seccomp filter that
 * makes one system call fail with a chosen errno, as a container's seccomp
 * profile or systemd's SystemCallFilter= does.  The tests use it to refuse
 * landlock_create_ruleset (444) with EPERM or ENOMEM and check what landbox
 * says then.
 *
 * usage: deny_syscall NR ERRNO COMMAND [ARG...] */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *end;
	unsigned long nr, err;

	if (argc < 4) {
		fprintf(stderr, "usage: deny_syscall NR ERRNO COMMAND [ARG...]\n");
		return 2;
	}
	nr = strtoul(argv[1], &end, 10);
	if (*end || !*argv[1])
		return 2;
	err = strtoul(argv[2], &end, 10);
	if (*end || !*argv[2] || err > SECCOMP_RET_DATA)
		return 2;
	{
		/* The number alone: the Landlock system calls have the same
		 * number on every architecture but alpha. */
		struct sock_filter filter[] = {
		    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned)err),
		    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0)) {
			fprintf(stderr, "deny_syscall: cannot install the filter: %s\n",
				strerror(errno));
			return 2;
		}
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "deny_syscall: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
