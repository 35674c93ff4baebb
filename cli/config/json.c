// SPDX-License-Identifier: MIT
/* json.c - JSON through libjansson (strict: duplicate keys, invalid UTF-8,
 * NUL characters, numbers that do not fit and nesting deeper than jansson's
 * limit are refused), turned into the document tree of tree.c.
 *
 * The static build (the default, LB_JANSSON_LINKED) links libjansson in.
 * The dynamic build (make STATIC=0) loads it with dlopen() the first time a
 * JSON file is read: `landbox run` without --config must not pay for
 * loading a library it does not use (start-up is measured against a bare
 * wrapper, bench/); a missing library is a clear error naming the package.
 *
 * jansson keeps no position for values, but keeps object members in
 * document order; the line of each value is found by walking the text once
 * more with a small scanner, in the same order as the tree (the text is
 * valid JSON by then, so the scanner needs no error handling). */
#include <stdio.h>
#include <string.h>

#include "config.h"

#ifdef LB_NO_JANSSON
/* Built without libjansson-dev (the Makefile found no <jansson.h>): JSON
 * files are refused, saying what to install; TOML files work. */
int json_parse(const char *text, size_t len, struct cfg_value **out, int *err_line, char *err,
	       size_t errlen)
{
	(void)text;
	(void)len;
	*out = NULL;
	*err_line = 0;
	(void)snprintf(err, errlen,
		       "reading JSON needs libjansson, and this landbox was built without it "
		       "(install libjansson-dev and build again; TOML files work)");
	return -1;
}
#else
#include <dlfcn.h>
#include <jansson.h>

#define JANSSON_SONAME "libjansson.so.4"

/* The jansson functions used, resolved once. */
static struct {
	int loaded;
	json_t *(*loadb)(const char *, size_t, size_t, json_error_t *);
	void (*del)(json_t *);
	void *(*iter)(json_t *);
	void *(*iter_next)(json_t *, void *);
	const char *(*iter_key)(void *);
	size_t (*iter_key_len)(void *);
	json_t *(*iter_value)(void *);
	size_t (*array_size)(const json_t *);
	json_t *(*array_get)(const json_t *, size_t);
	const char *(*string_value)(const json_t *);
	size_t (*string_length)(const json_t *);
	json_int_t (*integer_value)(const json_t *);
	double (*real_value)(const json_t *);
} jn;

#ifdef LB_JANSSON_LINKED
#define SYM(field, name) (jn.field = name)
#else
#define SYM(field, name)                                                                           \
	do {                                                                                       \
		*(void **)&jn.field = dlsym(h, #name);                                             \
		if (!jn.field) {                                                                   \
			(void)snprintf(err, errlen, "%s has no %s", JANSSON_SONAME, #name);        \
			return -1;                                                                 \
		}                                                                                  \
	} while (0)
#endif

static int load_jansson(char *err, size_t errlen)
{
	if (jn.loaded)
		return 0;
#ifdef LB_JANSSON_LINKED
	(void)err;
	(void)errlen;
#else
	void *h = dlopen(JANSSON_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		(void)snprintf(err, errlen,
			       "reading JSON needs %s (Debian package libjansson4): %s",
			       JANSSON_SONAME, dlerror());
		return -1;
	}
#endif
	SYM(loadb, json_loadb);
	SYM(del, json_delete);
	SYM(iter, json_object_iter);
	SYM(iter_next, json_object_iter_next);
	SYM(iter_key, json_object_iter_key);
	SYM(iter_key_len, json_object_iter_key_len);
	SYM(iter_value, json_object_iter_value);
	SYM(array_size, json_array_size);
	SYM(array_get, json_array_get);
	SYM(string_value, json_string_value);
	SYM(string_length, json_string_length);
	SYM(integer_value, json_integer_value);
	SYM(real_value, json_real_value);
#undef SYM
	jn.loaded = 1;
	return 0;
}

/* The scanner: the start line of each value, in tree order. */
struct scan {
	const char *s, *end;
	int line;
};

static void scan_ws(struct scan *sc)
{
	while (sc->s < sc->end &&
	       (*sc->s == ' ' || *sc->s == '\t' || *sc->s == '\n' || *sc->s == '\r')) {
		if (*sc->s == '\n')
			sc->line++;
		sc->s++;
	}
}

static void scan_string(struct scan *sc)
{
	sc->s++; /* " */
	while (sc->s < sc->end && *sc->s != '"') {
		if (*sc->s == '\\')
			sc->s++;
		sc->s++;
	}
	sc->s++;
}

/* Skip the separators (',' ':' and whitespace) before the next value or key. */
static void scan_sep(struct scan *sc)
{
	scan_ws(sc);
	while (sc->s < sc->end && (*sc->s == ',' || *sc->s == ':')) {
		sc->s++;
		scan_ws(sc);
	}
}

static struct cfg_value *convert(json_t *j, struct scan *sc, int depth);

/* The value at the scanner, converted; NULL when memory runs out. */
static struct cfg_value *convert(json_t *j, struct scan *sc, int depth)
{
	struct cfg_value *v;

	scan_sep(sc);
	const int line = sc->line;
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = cfg_new(CFG_OBJECT, line);
		if (!v)
			return NULL;
		sc->s++; /* { */
		for (void *it = jn.iter(j); it; it = jn.iter_next(j, it)) {
			scan_sep(sc);
			const int key_line = sc->line;
			scan_string(sc); /* the key */
			struct cfg_value *m = convert(jn.iter_value(it), sc, depth + 1);
			if (!m ||
			    cfg_append(v, jn.iter_key(it), jn.iter_key_len(it), key_line, m)) {
				cfg_free(m);
				cfg_free(v);
				return NULL;
			}
		}
		scan_sep(sc);
		sc->s++; /* } */
		return v;
	case JSON_ARRAY:
		v = cfg_new(CFG_ARRAY, line);
		if (!v)
			return NULL;
		sc->s++; /* [ */
		for (size_t i = 0; i < jn.array_size(j); i++) {
			struct cfg_value *m = convert(jn.array_get(j, i), sc, depth + 1);
			if (!m || cfg_append(v, NULL, 0, 0, m)) {
				cfg_free(m);
				cfg_free(v);
				return NULL;
			}
		}
		scan_sep(sc);
		sc->s++; /* ] */
		return v;
	case JSON_STRING:
		v = cfg_new(CFG_STRING, line);
		if (!v)
			return NULL;
		v->len = jn.string_length(j);
		v->s = malloc(v->len + 1);
		if (!v->s) {
			cfg_free(v);
			return NULL;
		}
		memcpy(v->s, jn.string_value(j), v->len);
		v->s[v->len] = '\0';
		scan_string(sc);
		return v;
	case JSON_INTEGER:
	case JSON_REAL:
		v = cfg_new(json_typeof(j) == JSON_INTEGER ? CFG_INT : CFG_FLOAT, line);
		if (!v)
			return NULL;
		if (v->type == CFG_INT)
			v->i = jn.integer_value(j);
		else
			v->f = jn.real_value(j);
		while (sc->s < sc->end && strchr("+-.0123456789eE", *sc->s))
			sc->s++;
		return v;
	case JSON_TRUE:
	case JSON_FALSE:
		v = cfg_new(CFG_BOOL, line);
		if (v)
			v->i = json_typeof(j) == JSON_TRUE;
		sc->s += json_typeof(j) == JSON_TRUE ? 4 : 5;
		return v;
	default:
		v = cfg_new(CFG_NULL, line);
		sc->s += 4;
		return v;
	}
}

int json_parse(const char *text, size_t len, struct cfg_value **out, int *err_line, char *err,
	       size_t errlen)
{
	json_error_t e;
	json_t *j;

	*out = NULL;
	*err_line = 0;
	if (load_jansson(err, errlen))
		return -1;
	/* Only objects and arrays at the top (no JSON_DECODE_ANY). */
	j = jn.loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		*err_line = e.line > 0 ? e.line : 0;
		(void)snprintf(err, errlen, "%s", e.text);
		return -1;
	}
	struct scan sc = {.s = text, .end = text + len, .line = 1};
	/* A byte order mark is refused by jansson; nothing to skip. */
	*out = convert(j, &sc, 0);
	if (j->refcount != (size_t)-1 && --j->refcount == 0)
		jn.del(j);
	if (!*out) {
		(void)snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
#endif
