/* SPDX-License-Identifier: MIT */
/* config_one.c - one landlockconfig document through its parser, the model,
 * composition and resolution, for fuzz_json and fuzz_toml (config_one.h). */
#include <stdlib.h>
#include <string.h>

#include "config_one.h"

void fuzz_config_one(config_parser parse, const char *name, enum llc_format format,
		     const uint8_t *data, size_t size)
{
	struct cfg_value *root = NULL;
	struct llc_config c, twice;
	struct llc_effective e;
	char err[256];
	int line;

	memset(&c, 0, sizeof(c));
	memset(&twice, 0, sizeof(twice));
	if (parse((const char *)data, size, &root, &line, err, sizeof(err))) {
		if (root || !err[0] || line < 0)
			abort(); /* a failure has a message and no tree */
		return;
	}
	if (!root)
		abort();
	if (llc_from_tree(root, name, format, &c) == 0 &&
	    llc_from_tree(root, name, format, &twice) == 0) {
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
}
