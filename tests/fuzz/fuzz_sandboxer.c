/* SPDX-License-Identifier: MIT */
/* fuzz_sandboxer.c - the kernel sample's LL_* variables (cli/sandboxer.c)
 * into a sandbox, which is never enforced.  The input: one byte saying which
 * variables are set (bit i for the i-th of VARS) and the emulated ABI, then
 * their values separated by NUL bytes. */
#include <stdlib.h>

#include "cli.h"
#include "fuzz.h"

static const char *const vars[] = {"LL_FS_RO",	     "LL_FS_RW",  "LL_TCP_BIND",
				   "LL_TCP_CONNECT", "LL_SCOPED", "LL_FORCE_LOG"};
#define NVARS (sizeof(vars) / sizeof(vars[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *vals[NVARS + 1], *store;
	struct lb_sandbox *sb = NULL;
	uint64_t net = 0;
	unsigned set, abi;
	int n;

	if (size < 2)
		return 0;
	set = data[0];
	abi = 1 + data[1] % 7;
	n = fuzz_split(data + 2, size - 2, vals, (int)NVARS + 1, &store);
	for (size_t i = 0; i < NVARS; i++)
		if (set & (1U << i))
			(void)setenv(vars[i], (int)i < n ? vals[i] : "", 1);
	if (sandboxer_policy((int)abi, &sb, &net) == 0 &&
	    (!sb || (net & ~(LB_NET_BIND_TCP | LB_NET_CONNECT_TCP))))
		abort(); /* success gives a sandbox handling TCP at most */
	lb_free(sb);
	for (size_t i = 0; i < NVARS; i++)
		(void)unsetenv(vars[i]);
	free(store);
	return 0;
}
