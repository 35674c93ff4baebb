// SPDX-License-Identifier: MIT
/* tree.c - the document tree the TOML and JSON readers both produce, so that
 * one model (model.c) reads either: values that know their line. */
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct cfg_value *cfg_new(enum cfg_type type, int line)
{
	struct cfg_value *v = calloc(1, sizeof(*v));

	if (v) {
		v->type = type;
		v->line = line;
	}
	return v;
}

void cfg_free(struct cfg_value *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		cfg_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->key_lens);
	free(v->key_lines);
	free(v->s);
	free(v);
}

int cfg_append(struct cfg_value *parent, const char *key, size_t keylen, int key_line,
	       struct cfg_value *item)
{
	if (parent->n == parent->cap) {
		const size_t cap = parent->cap ? parent->cap * 2 : 4;
		struct cfg_value **items = realloc(parent->items, cap * sizeof(struct cfg_value *));

		if (!items)
			return -1;
		parent->items = items;
		if (parent->type == CFG_OBJECT) {
			char **keys = realloc(parent->keys, cap * sizeof(*keys));
			if (!keys)
				return -1;
			parent->keys = keys;
			size_t *lens = realloc(parent->key_lens, cap * sizeof(*lens));
			if (!lens)
				return -1;
			parent->key_lens = lens;
			int *lines = realloc(parent->key_lines, cap * sizeof(*lines));
			if (!lines)
				return -1;
			parent->key_lines = lines;
		}
		parent->cap = cap;
	}
	if (parent->type == CFG_OBJECT) {
		char *k = malloc(keylen + 1);
		if (!k)
			return -1;
		memcpy(k, key, keylen);
		k[keylen] = '\0';
		parent->keys[parent->n] = k;
		parent->key_lens[parent->n] = keylen;
		parent->key_lines[parent->n] = key_line;
	}
	parent->items[parent->n++] = item;
	return 0;
}

struct cfg_value *cfg_get(const struct cfg_value *obj, const char *key, size_t keylen)
{
	if (!obj || obj->type != CFG_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (obj->key_lens[i] == keylen && !memcmp(obj->keys[i], key, keylen))
			return obj->items[i];
	return NULL;
}

const char *cfg_type_name(enum cfg_type type)
{
	static const char *const names[] = {
	    [CFG_NULL] = "null",       [CFG_BOOL] = "a boolean",
	    [CFG_INT] = "an integer",  [CFG_FLOAT] = "a float",
	    [CFG_STRING] = "a string", [CFG_DATETIME] = "a date-time",
	    [CFG_ARRAY] = "an array",  [CFG_OBJECT] = "a table/object",
	};
	return (unsigned)type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}
