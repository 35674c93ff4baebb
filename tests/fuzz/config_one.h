/* SPDX-License-Identifier: MIT */
/* config_one.h - the checks fuzz_json and fuzz_toml share: one landlockconfig
 * document through its parser and everything after it. */
#ifndef LANDBOX_FUZZ_CONFIG_ONE_H
#define LANDBOX_FUZZ_CONFIG_ONE_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

/* The parser of one format: json_parse or toml_parse (config/config.h). */
typedef int (*config_parser)(const char *text, size_t len, struct cfg_value **out, int *err_line,
			     char *err, size_t errsz);

/*
 * Parse DATA with PARSE, read the tree as a configuration named NAME in
 * FORMAT, compose it with itself (composition is idempotent: the result must
 * equal the original) and resolve it; aborts on a broken promise.  Nothing
 * is enforced.
 */
void fuzz_config_one(config_parser parse, const char *name, enum llc_format format,
		     const uint8_t *data, size_t size);

#endif
