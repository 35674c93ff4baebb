/* SPDX-License-Identifier: MIT */
/* fuzz_elf.c - the --ldd resolver (cli/elf/) on a file: the input is
 * written to an executable file in the scratch directory and resolved as
 * `landbox run --ldd` would resolve COMMAND: the ELF headers, PT_INTERP,
 * the dynamic section (DT_NEEDED, DT_RPATH, DT_RUNPATH with $ORIGIN, $LIB,
 * $PLATFORM), the libraries found for it on this machine, or a #! line and
 * its interpreter (`#!/usr/bin/env NAME` looked up in PATH).  Nothing runs. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "elf/elfdeps.h"
#include "fuzz.h"

static char prog[PATH_MAX];

void fuzz_target_init(const char *dir)
{
	(void)snprintf(prog, sizeof(prog), "%s/prog", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elfdeps deps;
	char err[512];
	int ret;

	fuzz_write(prog, data, size);
	(void)chmod(prog, 0755);
	ret = elfdeps_resolve_path(prog, "/usr/bin:/bin", &deps, err, sizeof(err));
	if (ret > 0 || (ret < 0 && (deps.n || !err[0])))
		__builtin_trap(); /* a failure is -errno, leaves nothing and says why */
	elfdeps_free(&deps);
	return 0;
}
