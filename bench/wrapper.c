/* SPDX-License-Identifier: MIT */
/* wrapper.c - the per-rule floor of rule scaling: the least a Landlock
 * wrapper can do for N path rules.  For each path of LIST (one a line) it
 * opens the path O_PATH, fstat()s it (to mask directory rights off files),
 * adds the rule and closes it; then no_new_privs, restrict, exec.  Raw
 * syscalls, no allocation but the list itself, no messages.
 * Usage: wrapper LIST COMMAND [ARG...]  (COMMAND itself is allowed rx). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ruleset_attr {
	/* cppcheck-suppress unusedStructMember ; the kernel reads them */
	uint64_t fs, net, scoped;
};
struct path_beneath {
	uint64_t allowed;
	int32_t fd;
} __attribute__((packed));

#define FS_ALL_ABI7 ((1ULL << 16) - 1)
#define FILE_RIGHTS (1ULL << 0 | 1ULL << 1 | 1ULL << 2 | 1ULL << 14 | 1ULL << 15)
#define RO	    (1ULL << 2 | 1ULL << 3)
#define RX	    (1ULL << 0 | RO)

static int allow(int ruleset, const char *path, uint64_t rights)
{
	struct path_beneath pb = {.allowed = rights, .fd = open(path, O_PATH | O_CLOEXEC)};
	struct stat st;
	int ret;

	if (pb.fd < 0)
		return -1;
	if (fstat(pb.fd, &st) == 0 && !S_ISDIR(st.st_mode))
		pb.allowed &= FILE_RIGHTS;
	ret = (int)syscall(445, ruleset, 1, &pb, 0);
	close(pb.fd);
	return ret;
}

int main(int argc, char **argv)
{
	struct ruleset_attr attr = {.fs = FS_ALL_ABI7, .net = 3, .scoped = 3};
	struct stat st;
	char *list, *p, *end;
	int ruleset, fd;

	if (argc < 3)
		return 125;
	ruleset = (int)syscall(444, &attr, sizeof(attr), 0);
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (ruleset < 0 || fd < 0 || fstat(fd, &st))
		return 125;
	/* A private writable mapping: each newline becomes the path's end. */
	list = mmap(NULL, (size_t)st.st_size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (list == MAP_FAILED)
		return 125;
	end = list + st.st_size;
	for (p = list; p < end;) {
		char *nl = p;
		while (nl < end && *nl != '\n')
			nl++;
		*nl = '\0';
		if (*p && allow(ruleset, p, RO))
			return 125;
		p = nl + 1;
	}
	if (allow(ruleset, argv[2], RX))
		return 125;
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (syscall(446, ruleset, 0))
		return 125;
	close(ruleset);
	execv(argv[2], argv + 2);
	return 127;
}
