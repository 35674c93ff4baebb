/* SPDX-License-Identifier: MIT */
/* tests/hooks/testhooks.c - linked into the test build of the command only
 * (build/test/landbox, compiled with -DLB_TESTING):
 * LANDBOX_TEST_ABI makes landbox behave as on another kernel.
 *
 *   none      no Landlock (ENOSYS: not built in)
 *   disabled  Landlock disabled at boot (EOPNOTSUPP)
 *   N         Landlock ABI N; when N is newer than the running kernel, the
 *             library's forwarding seam strips what the real kernel does not
 *             know, so that COMMAND still runs really sandboxed.
 *
 * LANDBOX_TEST_SECCOMP makes the seccomp filter fail as on a kernel without
 * seccomp filters (absent) or fail when the child installs it (fail).
 *
 * The installed build has none of this: the Makefile never compiles this file
 * into build/landbox (tests/install/product.t checks the binary). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "testing.h"

/* The running kernel's own ABI, asked before any emulation. */
static int real_abi(void)
{
	const long abi = syscall(444 /* landlock_create_ruleset */, NULL, 0, 1U /* VERSION */);

	return abi > 0 ? (int)abi : 0;
}

int cli_test_setup(void)
{
	const char *v = getenv("LANDBOX_TEST_SECCOMP");
	char *end;
	long abi;

	/* absent: a kernel without seccomp filters; fail: installing fails. */
	if (v && !strcmp(v, "absent"))
		lb_test_seccomp(1);
	else if (v && !strcmp(v, "fail"))
		lb_test_seccomp(2);
	v = getenv("LANDBOX_TEST_ABI");

	if (!v || !*v || !strcmp(v, "real"))
		return 0;
	if (!strcmp(v, "none")) {
		lb_test_emulate(0, ENOSYS);
		return 0;
	}
	if (!strcmp(v, "disabled")) {
		lb_test_emulate(0, EOPNOTSUPP);
		return 0;
	}
	abi = strtol(v, &end, 10);
	if (*end || abi < 1 || abi > 99) {
		cli_error("LANDBOX_TEST_ABI: invalid value '%s' (none, disabled or 1-99)", v);
		return -1;
	}
	if (abi > real_abi())
		lb_test_set_sys(lb_test_sys_forward());
	lb_test_emulate((int)abi, 0);
	return 0;
}
