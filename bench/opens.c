/* SPDX-License-Identifier: MIT */
/* opens.c - open and close FILE N times (default 100000): the system-call
 * load that --explain=trace stops on twice per call.  Usage: opens FILE [N] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 100000;

	if (argc < 2) {
		fprintf(stderr, "usage: opens FILE [N]\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[1]);
			return 1;
		}
		close(fd);
	}
	return 0;
}
