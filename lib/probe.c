/* SPDX-License-Identifier: MIT */
/*
 * probe.c - which Landlock ABI the running kernel has, its errata, and what
 * to tell the user when Landlock is missing.  The answer is cached: with
 * lb_seccomp_available()'s answer (seccomp.c), the only global state of the
 * library, written with atomics so that several threads may probe at once
 * (they compute the same answer).
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "internal.h"

static _Atomic int cached; /* 0: not probed yet */
static _Atomic int cached_abi;
static _Atomic int cached_error;
static _Atomic uint64_t cached_errata;

static void probe_kernel(struct lb_probe *p)
{
	long abi = lb_sys_create_ruleset(NULL, 0, LB_CREATE_RULESET_VERSION);

	p->abi = 0;
	p->error = 0;
	p->errata = 0;
	if (abi < 0) {
		/* ENOSYS: not built in; EOPNOTSUPP: built in but disabled at boot;
		 * anything else (EPERM from a seccomp filter or a container's
		 * policy, ENOMEM...) is kept as it is: its advice differs. */
		p->error = errno ? errno : ENOSYS;
		return;
	}
	p->abi = (int)abi;
	/* Kernels from before the errata interface say EINVAL: no errata known. */
	long errata = lb_sys_create_ruleset(NULL, 0, LB_CREATE_RULESET_ERRATA);
	if (errata > 0)
		p->errata = (uint64_t)errata;
}

LB_API int lb_probe(struct lb_probe *out)
{
	struct lb_probe p;

	if (atomic_load_explicit(&cached, memory_order_acquire)) {
		p.abi = atomic_load(&cached_abi);
		p.error = atomic_load(&cached_error);
		p.errata = atomic_load(&cached_errata);
	} else {
		const int saved = errno;
		probe_kernel(&p);
		errno = saved;
		atomic_store(&cached_abi, p.abi);
		atomic_store(&cached_error, p.error);
		atomic_store(&cached_errata, p.errata);
		atomic_store_explicit(&cached, 1, memory_order_release);
	}
	if (out)
		*out = p;
	return 0;
}

LB_API int lb_abi(void)
{
	struct lb_probe p;

	lb_probe(&p);
	return p.abi;
}

int lb_probe_abi_error(int *error)
{
	struct lb_probe p;

	lb_probe(&p);
	if (error)
		*error = p.error;
	return p.abi;
}

#ifdef LB_TESTING
void lb_probe_reset(void)
{
	atomic_store_explicit(&cached, 0, memory_order_release);
}
#endif

const char *lb_probe_why(int error)
{
	if (error == EOPNOTSUPP)
		return "disabled at boot";
	if (error == ENOSYS || error == 0)
		return "not built in";
	/* The kernel was not asked: something refused the system call. */
	return strerror(error);
}

LB_API const char *lb_probe_hint(const struct lb_probe *probe)
{
	struct lb_probe p;

	if (!probe) {
		lb_probe(&p);
		probe = &p;
	}
	if (probe->abi > 0)
		return NULL;
	if (probe->error == EOPNOTSUPP)
		return "Landlock is built into this kernel but disabled at boot: add \"landlock\" "
		       "to the lsm= kernel parameter, keeping the modules listed in "
		       "/sys/kernel/security/lsm (for example "
		       "lsm=landlock,lockdown,yama,integrity,apparmor,bpf), and reboot";
	if (probe->error == EPERM || probe->error == EACCES)
		return "the landlock_create_ruleset system call was refused: a seccomp filter or "
		       "a container's security policy (Docker's or Podman's seccomp profile, "
		       "systemd's SystemCallFilter=, ...) may block the Landlock system calls; "
		       "allow landlock_create_ruleset, landlock_add_rule and "
		       "landlock_restrict_self there";
	if (probe->error != ENOSYS)
		return "the landlock_create_ruleset system call failed with the error above, "
		       "which is not one of the kernel's answers for a missing or disabled "
		       "Landlock (ENOSYS, EOPNOTSUPP): see what filters or limits the system "
		       "calls of this process (seccomp, containers, memory)";
	return "use a kernel built with CONFIG_SECURITY_LANDLOCK=y and \"landlock\" in "
	       "CONFIG_LSM, or add it to the lsm= boot parameter (for example "
	       "lsm=landlock,lockdown,yama,integrity,apparmor,bpf); Landlock exists since "
	       "Linux 5.13";
}
