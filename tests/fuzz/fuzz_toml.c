/* SPDX-License-Identifier: MIT */
/* fuzz_toml.c - the TOML reader of landlockconfig files (cli/config/toml.c)
 * and everything after it (config_one.c): the input is a TOML file, parsed into the
 * document tree, read as a configuration (model.c), composed with itself
 * (composition is idempotent: the result must equal the original) and
 * resolved into the effective ruleset.  Nothing is enforced. */
#include "cli.h"
#include "config_one.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_config_one(toml_parse, "fuzz.toml", LLC_TOML, data, size);
	return 0;
}
