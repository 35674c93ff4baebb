/* SPDX-License-Identifier: MIT */
/* fuzz_toml.c - the TOML reader of landlockconfig files (cli/config/toml.c)
 * and everything after it: the input is a TOML file, parsed into the
 * document tree, read as a configuration (model.c), composed with itself
 * (composition is idempotent: the result must equal the original) and
 * resolved into the effective ruleset.  Nothing is enforced. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config/config.h"
#include "fuzz.h"

/* NOLINTNEXTLINE(readability-non-const-parameter): libFuzzer's signature */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	(void)fuzz_setup();
	cli_log_level = LOG_ERROR;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_value *root = NULL;
	struct llc_config c, twice;
	struct llc_effective e;
	char err[256];
	int line;

	memset(&c, 0, sizeof(c));
	memset(&twice, 0, sizeof(twice));
	if (toml_parse((const char *)data, size, &root, &line, err, sizeof(err))) {
		if (root || !err[0] || line < 0)
			abort(); /* a failure has a message and no tree */
		return 0;
	}
	if (!root)
		abort();
	if (llc_from_tree(root, "fuzz.toml", LLC_TOML, &c) == 0 &&
	    llc_from_tree(root, "fuzz.toml", LLC_TOML, &twice) == 0) {
		if (llc_compose(&twice, &c) == 0 &&
		    (twice.handled_fs != c.handled_fs || twice.handled_net != c.handled_net ||
		     twice.scoped != c.scoped || twice.npaths != c.npaths ||
		     twice.nports != c.nports))
			abort(); /* composing a configuration with itself changes nothing */
		if (llc_resolve(&c, &e) == 0)
			for (size_t i = 0; i < e.npaths; i++)
				if (e.paths[i].rights & ~c.handled_fs)
					abort(); /* every rule is handled */
		llc_effective_free(&e);
	}
	llc_config_free(&c);
	llc_config_free(&twice);
	cfg_free(root);
	return 0;
}
