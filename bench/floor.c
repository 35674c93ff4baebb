/* SPDX-License-Identifier: MIT */
/* floor.c - the floor landbox is measured against: the least a Landlock
 * wrapper can do.  Three syscalls with hard-coded rules (the same policy the
 * benchmark gives landbox), no_new_privs, exec.  No parsing, no probing, no
 * error messages, no fork.  Usage: floor COMMAND [ARG...] */
#include <fcntl.h>
#include <stdint.h>
#include <sys/prctl.h>
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
#define RX	    (1ULL << 0 | 1ULL << 2 | 1ULL << 3)
#define RO	    (1ULL << 2 | 1ULL << 3)
#define RW_FILE	    (1ULL << 1 | 1ULL << 2 | 1ULL << 14 | 1ULL << 15)

static void allow(int ruleset, const char *path, uint64_t rights)
{
	struct path_beneath pb = {.allowed = rights, .fd = open(path, O_PATH | O_CLOEXEC)};
	if (pb.fd < 0)
		return;
	syscall(445, ruleset, 1, &pb, 0);
	close(pb.fd);
}

int main(int argc, char **argv)
{
	struct ruleset_attr attr = {.fs = FS_ALL_ABI7, .net = 3, .scoped = 3};
	int ruleset = (int)syscall(444, &attr, sizeof(attr), 0);
	(void)argc;
	if (ruleset < 0)
		return 125;
	allow(ruleset, argv[1], RX & ~(1ULL << 3)); /* the program itself */
	allow(ruleset, "/usr", RX);
	allow(ruleset, "/etc/ld.so.cache", RO & ~(1ULL << 3));
	allow(ruleset, "/etc/localtime", RO & ~(1ULL << 3));
	allow(ruleset, "/dev/null", RW_FILE);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (syscall(446, ruleset, 0))
		return 125;
	close(ruleset);
	execv(argv[1], argv + 1);
	return 127;
}
