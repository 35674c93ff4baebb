/* SPDX-License-Identifier: MIT */
/* fuzz_profile.c - the profile parser (cli/policy/profile.c): the input is a profile
 * file in the scratch directory, loaded as `--profile FILE` would load it, so
 * that its lines go through the option table, ${VAR} expansion (variables
 * from the controlled environment of fuzz_setup) and includes: of itself (a
 * cycle), of a file next to it ("inc.profile"), of the user profile directory
 * ("user"), and of the built-in profiles. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "fuzz.h"

static char input[PATH_MAX];

void fuzz_target_init(const char *dir)
{
	char path[PATH_MAX];
	static const char inc[] = "# next to the input\nro? ${FUZZVAR}/lib\ninclude base\n";
	static const char user[] = "rw ${HOME}\nconnect-tcp 443\nenv FUZZVAR\n";

	(void)snprintf(input, sizeof(input), "%s/input.profile", dir);
	(void)snprintf(path, sizeof(path), "%s/inc.profile", dir);
	fuzz_write(path, inc, sizeof(inc) - 1);
	(void)snprintf(path, sizeof(path), "%s/landbox/profiles/user.profile", dir);
	fuzz_write(path, user, sizeof(user) - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;

	fuzz_write(input, data, size);
	policy_init(&p, PERSONA_LANDBOX);
	(void)profile_load(&p, input, "--profile");
	policy_free(&p);
	cli_log_level = LOG_ERROR;
	return 0;
}
