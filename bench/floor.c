/* SPDX-License-Identifier: MIT */
/* floor.c - the floor landbox is measured against: the least a Landlock
 * wrapper can do.  Three syscalls with hard-coded rules (the same policy the
 * benchmark gives landbox), no_new_privs, exec.  No parsing, no probing, no
 * error messages, no fork.  Usage: floor COMMAND [ARG...]
 *
 * Built with -DFLOOR_LAYERS (bench/run.sh's floor-layers, linked with
 * liblandbox.a), it also adds landbox's two default layers, for a floor of
 * equal security: as root (CAP_SETPCAP held) the bounding set emptied, the
 * ambient set cleared and every capability dropped, as landbox does; and
 * the seccomp filter landbox installs by default on this kernel (every
 * hole closed, built by liblandbox's own filter builder). */
#include <fcntl.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef FLOOR_LAYERS
#include <linux/capability.h>

#include "landbox.h"
#endif

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
#ifdef FLOOR_LAYERS
	struct lb_seccomp *sc = lb_seccomp_new(LB_HOLES_ALL);
	if (!sc || lb_seccomp_prepare(sc))
		return 125;
	if (geteuid() == 0) {
		struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct caps[2] = {{0, 0, 0}, {0, 0, 0}};
		for (int c = 0; c < 64 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0; c++)
			;
		prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
		syscall(SYS_capset, &hdr, caps);
	}
#endif
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (syscall(446, ruleset, 0))
		return 125;
#ifdef FLOOR_LAYERS
	if (lb_seccomp_install(sc))
		return 125;
#endif
	close(ruleset);
	execv(argv[1], argv + 1);
	return 127;
}
