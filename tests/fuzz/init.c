/* SPDX-License-Identifier: MIT */
/* init.c - the one LLVMFuzzerInitialize of every fuzz target: fuzz_setup(),
 * landbox's own messages quieted to errors (a fuzzed input warns at every
 * run), then the target's fuzz_target_init().  Linked as an object, not from
 * libfuzz.a: libFuzzer's reference to LLVMFuzzerInitialize is weak and would
 * not pull an archive member in. */
#include "cli.h"
#include "fuzz.h"

/* The targets that need no setup of their own get this one. */
__attribute__((weak)) void fuzz_target_init(const char *dir)
{
	(void)dir;
}

/* NOLINTNEXTLINE(readability-non-const-parameter): libFuzzer's signature */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cli_log_level = LOG_ERROR;
	fuzz_target_init(fuzz_setup());
	return 0;
}
