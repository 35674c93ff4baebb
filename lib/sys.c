/* SPDX-License-Identifier: MIT */
/*
 * sys.c - the three Landlock syscalls and no_new_privs.  In the test build
 * (-DLB_TESTING) this is also where a kernel of another ABI is emulated and
 * where the tests' syscall seam plugs in; the installed build has neither.
 */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"
#include "testing.h"

static long real_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	return syscall(LB_NR_CREATE_RULESET, attr, size, flags);
}

static long real_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags)
{
	return syscall(LB_NR_ADD_RULE, ruleset_fd, rule_type, attr, flags);
}

static long real_restrict_self(int ruleset_fd, uint32_t flags)
{
	return syscall(LB_NR_RESTRICT_SELF, ruleset_fd, flags);
}

int lb_sys_no_new_privs(void)
{
	/* Direct prctl: also called from the thread-sync signal handler. */
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ? -1 : 0;
}

#ifndef LB_TESTING

long lb_sys_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	return real_create_ruleset(attr, size, flags);
}

long lb_sys_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags)
{
	return real_add_rule(ruleset_fd, rule_type, attr, flags);
}

long lb_sys_restrict_self(int ruleset_fd, uint32_t flags)
{
	return real_restrict_self(ruleset_fd, flags);
}

#else /* LB_TESTING */

#include <stdatomic.h>

/*
 * Test-only state.  Atomics, because the thread-sync signal handler reads
 * the seam from other threads.
 */
static _Atomic int emu_on;
static _Atomic int emu_abi;
static _Atomic int emu_error;
static const struct lb_test_sys *_Atomic seam;

LB_API void lb_test_emulate(int abi, int error)
{
	if (abi < 0) {
		atomic_store(&emu_on, 0);
	} else {
		atomic_store(&emu_abi, abi);
		atomic_store(&emu_error, abi == 0 ? (error ? error : ENOSYS) : 0);
		atomic_store(&emu_on, 1);
	}
	lb_probe_reset();
}

LB_API void lb_test_set_sys(const struct lb_test_sys *sys)
{
	atomic_store(&seam, sys);
	lb_probe_reset();
}

/* Without Landlock every syscall fails as the emulated kernel would. */
static int emulated_absent(void)
{
	if (atomic_load(&emu_on) && atomic_load(&emu_abi) == 0) {
		errno = atomic_load(&emu_error);
		return 1;
	}
	return 0;
}

static long emulated_errata(void)
{
	size_t n;
	const struct lb_erratum *e = lb_errata(&n);
	long real = real_create_ruleset(NULL, 0, LB_CREATE_RULESET_ERRATA);
	long mask = 0;

	if (real <= 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (e[i].abi <= atomic_load(&emu_abi))
			mask |= 1L << (e[i].id - 1);
	return real & mask;
}

long lb_sys_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	const struct lb_test_sys *s = atomic_load(&seam);

	if (emulated_absent())
		return -1;
	if (atomic_load(&emu_on) && !attr && !size) {
		/*
		 * The emulated kernel answers its own probe, seam or not: its
		 * version, and the real kernel's errata that concern its ABI.
		 */
		if (flags == LB_CREATE_RULESET_VERSION)
			return atomic_load(&emu_abi);
		if (flags == LB_CREATE_RULESET_ERRATA)
			return emulated_errata();
	}
	if (s && s->create_ruleset)
		return s->create_ruleset(attr, size, flags);
	return real_create_ruleset(attr, size, flags);
}

long lb_sys_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags)
{
	const struct lb_test_sys *s = atomic_load(&seam);

	if (emulated_absent())
		return -1;
	if (s && s->add_rule)
		return s->add_rule(ruleset_fd, rule_type, attr, flags);
	return real_add_rule(ruleset_fd, rule_type, attr, flags);
}

long lb_sys_restrict_self(int ruleset_fd, uint32_t flags)
{
	const struct lb_test_sys *s = atomic_load(&seam);

	if (emulated_absent())
		return -1;
	if (s && s->restrict_self)
		return s->restrict_self(ruleset_fd, flags);
	return real_restrict_self(ruleset_fd, flags);
}

/* ---- The forwarding seam: an emulated newer ABI on this older kernel ---- */

static int real_abi(void)
{
	const long abi = real_create_ruleset(NULL, 0, LB_CREATE_RULESET_VERSION);

	return abi > 0 ? (int)abi : 0;
}

static long forward_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	struct lb_sys_ruleset_attr a = {0};
	const int abi = real_abi();
	size_t n = abi >= 6 ? LB_ATTR_SIZE_SCOPE : abi >= 4 ? LB_ATTR_SIZE_NET : LB_ATTR_SIZE_FS;

	if (!attr)
		return real_create_ruleset(attr, size, flags);
	memcpy(&a, attr, size < sizeof(a) ? size : sizeof(a));
	a.handled_access_fs &= lb_kernel_mask(LB_KIND_FS, abi);
	a.handled_access_net &= lb_kernel_mask(LB_KIND_NET, abi);
	a.scoped &= lb_kernel_mask(LB_KIND_SCOPE, abi);
	if (abi >= 10)
		n = size;
	else
		a.quiet_access_fs = a.quiet_access_net = a.quiet_scoped = 0;
	return real_create_ruleset(&a, size < n ? size : n, flags);
}

static long forward_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags)
{
	const int abi = real_abi();

	if (abi < 10)
		flags &= ~LB_ADD_RULE_QUIET;
	if (rule_type == LB_RULE_PATH_BENEATH) {
		struct lb_sys_path_beneath_attr a;
		memcpy(&a, attr, sizeof(a));
		a.allowed_access &= lb_kernel_mask(LB_KIND_FS, abi);
		if (!a.allowed_access)
			return 0; /* only rights the real kernel does not handle */
		return real_add_rule(ruleset_fd, rule_type, &a, flags);
	}
	if (rule_type == LB_RULE_NET_PORT) {
		struct lb_sys_net_port_attr a;
		memcpy(&a, attr, sizeof(a));
		a.allowed_access &= lb_kernel_mask(LB_KIND_NET, abi);
		if (!a.allowed_access)
			return 0;
		return real_add_rule(ruleset_fd, rule_type, &a, flags);
	}
	return real_add_rule(ruleset_fd, rule_type, attr, flags);
}

static long forward_restrict_self(int ruleset_fd, uint32_t flags)
{
	const int abi = real_abi();
	char msg[256];
	int ret;

	/*
	 * NO_NEW_PRIVS before ABI 11: a prctl first (on the calling thread;
	 * the every-thread path below sets it on each thread itself).
	 */
	if ((flags & LB_NO_NEW_PRIVS) && abi < 11 && lb_sys_no_new_privs())
		return -1;
	if ((flags & LB_TSYNC) && abi < 8) {
		/* Every thread, the way the library does it before ABI 8. */
		ret = lb_restrict_all_threads(ruleset_fd, flags & ~(uint32_t)LB_TSYNC, msg,
					      sizeof(msg));
		if (ret) {
			errno = -ret;
			return -1;
		}
		return 0;
	}
	return real_restrict_self(ruleset_fd, flags & (uint32_t)lb_kernel_mask(LB_KIND_FLAG, abi));
}

static const struct lb_test_sys forward = {
    .create_ruleset = forward_create_ruleset,
    .add_rule = forward_add_rule,
    .restrict_self = forward_restrict_self,
};

LB_API const struct lb_test_sys *lb_test_sys_forward(void)
{
	return &forward;
}

#endif /* LB_TESTING */
