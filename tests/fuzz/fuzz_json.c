/* SPDX-License-Identifier: MIT */
/* fuzz_json.c - the JSON reader of landlockconfig files (cli/config/json.c)
 * and everything after it (config_one.c): the input is a JSON file, parsed into the
 * document tree, read as a configuration (model.c), composed with itself
 * (composition is idempotent: the result must equal the original) and
 * resolved into the effective ruleset.  Nothing is enforced. */
#include "cli.h"
#include "config_one.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_config_one(json_parse, "fuzz.json", LLC_JSON, data, size);
	return 0;
}
