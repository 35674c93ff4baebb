/* SPDX-License-Identifier: MIT */
/* fuzz_options.c - the command-line parsers: `landbox run`'s options, the
 * landrun personality's and `landbox learn`'s, and the log level variables.
 * The first byte of the input chooses the parser (and whether the last
 * argument is also LANDBOX_LOG_LEVEL or LANDRUN_LOG_LEVEL), the rest are the
 * arguments, separated by NUL bytes.
 * Only parsing: COMMAND is never looked up, let alone run. */
#include <stdlib.h>

#include "cli.h"
#include "fuzz.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[MAX_ARGS], *store;
	struct policy p;
	int n, ci = 0;
	unsigned which;

	if (!size)
		return 0;
	which = data[0] % 3;
	n = fuzz_split(data + 1, size - 1, args, MAX_ARGS, &store);
	/* Bit 3: the last argument is also the log level in the environment. */
	if ((data[0] & 8) && n > 0)
		(void)setenv(data[0] & 16 ? "LANDRUN_LOG_LEVEL" : "LANDBOX_LOG_LEVEL", args[n - 1],
			     1);
	policy_init(&p, which == 1 ? PERSONA_LANDRUN : PERSONA_LANDBOX);
	if (which == 2)
		(void)learn_parse_args(&p, n, args, &ci);
	else
		(void)policy_parse_args(&p, n, args, &ci);
	if (ci < 0 || ci > n)
		abort(); /* COMMAND's index must be within the arguments */
	policy_free(&p);
	(void)unsetenv("LANDBOX_LOG_LEVEL");
	(void)unsetenv("LANDRUN_LOG_LEVEL");
	free(store);
	cli_log_level = LOG_ERROR;
	return 0;
}
