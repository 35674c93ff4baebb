/* SPDX-License-Identifier: MIT */
/* testing.h - hooks that exist only in the test build (-DLB_TESTING).
 *
 * The installed library is compiled without LB_TESTING, so none of these
 * symbols exist there and nothing can switch an installed build to an older
 * ABI.  The test build (build/test/liblandbox-test.a) is what the unit tests
 * and build/test/landbox link against. */
#ifndef LB_TESTING_H
#define LB_TESTING_H

#ifdef LB_TESTING
#include <stddef.h>
#include <stdint.h>

/*
 * Behave exactly as on a kernel with Landlock ABI ABI (1..LB_ABI_KNOWN), or,
 * with ABI 0, as on one without Landlock failing with ERROR (ENOSYS: not
 * built in; EOPNOTSUPP: disabled at boot).  ABI -1 returns to the real
 * kernel.  Resets the cached probe.
 */
void lb_test_emulate(int abi, int error);

/*
 * The syscall seam: when set, the library calls these instead of the three
 * Landlock syscalls (the version/errata probe included).  They return what
 * the syscall would (>= 0, or -1 with errno set).  NULL restores the real
 * syscalls.  Used to record the exact arguments sent for ABI 8-10, which
 * this machine's kernel cannot enforce.
 */
struct lb_test_sys {
	long (*create_ruleset)(const void *attr, size_t size, uint32_t flags);
	long (*add_rule)(int ruleset_fd, int rule_type, const void *attr, uint32_t flags);
	long (*restrict_self)(int ruleset_fd, uint32_t flags);
};
void lb_test_set_sys(const struct lb_test_sys *sys);

/*
 * A ready-made seam for emulated ABIs newer than the running kernel: it
 * forwards to the real syscalls after removing what the real kernel does not
 * know (newer rights, quiet fields and flags, UDP port rules, TSYNC, which it
 * replaces by the library's own every-thread restriction).  What only the
 * newer ABI enforces is then NOT enforced; everything else is, for real.
 * Usage: lb_test_emulate(10, 0); lb_test_set_sys(lb_test_sys_forward());
 */
const struct lb_test_sys *lb_test_sys_forward(void);

/*
 * The seccomp filter on a kernel that cannot install it: MODE 1 is a
 * kernel without seccomp filters (lb_seccomp_available() is 0, installing
 * fails with EINVAL), MODE 2 one where only the installation fails (EINVAL),
 * MODE 0 the real kernel.
 */
void lb_test_seccomp(int mode);

#endif /* LB_TESTING */
#endif
