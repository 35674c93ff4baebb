/* SPDX-License-Identifier: MIT */
/* guard_check.c - `make fuzz` first checks that the guard holds: built as the
 * fuzz targets are, `guard_check WHAT` runs one thing the fuzz build must
 * never do, which must abort with the guard's message (run.sh checks). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fuzz.h"

/* Not a fuzz target: libFuzzer's library is not linked in. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}

/* NOLINTNEXTLINE(readability-non-const-parameter): libFuzzer's signature */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int main(int argc, char **argv)
{
	char prog[] = "true";
	char *args[] = {prog, NULL};
	const char *what = argc > 1 ? argv[1] : "";

	(void)fuzz_setup();
	if (!strcmp(what, "sandboxer")) {
		/* Builds a ruleset (allowed), then enforces it (not). */
		(void)setenv("LL_FS_RO", "/usr", 1);
		(void)setenv("LL_FS_RW", "", 1);
		return cmd_sandboxer(1, args, "sandboxer");
	}
	if (!strcmp(what, "run"))
		return cmd_run(1, args, PERSONA_LANDBOX);
	if (!strcmp(what, "exec"))
		return execvp(prog, args);
	if (!strcmp(what, "fork"))
		return (int)fork();
	if (!strcmp(what, "system"))
		return system(prog); /* NOLINT(cert-env33-c): must be stopped by the guard */
	return 2;
}
