// SPDX-License-Identifier: MIT
/* toml.c - a strict TOML 1.0 reader producing the document tree of tree.c.
 *
 * Debian 12 has no C TOML library (only C++ ones), and landbox stays a C
 * program with no C++ runtime to load at start-up, so it reads TOML itself.
 * Everything TOML 1.0 defines is read, and everything it forbids is refused
 * with the line: invalid UTF-8, control characters, bare CR, keys defined
 * twice, tables defined twice or extended the wrong way (dotted keys into a
 * [table], a [table] over dotted keys, anything into an inline table or a
 * static array), integers out of the 64-bit range, leading zeros, misplaced
 * underscores, invalid dates and times.  Date-times are checked and kept as
 * text (the configuration format has none).  Nesting of arrays and inline
 * tables is limited to TOML_MAX_DEPTH levels: deeper input is refused, not
 * allowed to exhaust the stack. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define TOML_MAX_DEPTH 128

struct toml {
	const char *s, *end;
	int line;
	int depth;
	char *err;
	size_t errlen;
	int err_line;
	struct cfg_value *root, *cur;
};

/* A growable byte buffer for strings and keys. */
struct buf {
	char *p;
	size_t n, cap;
};

static int fail(struct toml *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct toml *t, const char *fmt, ...)
{
	va_list ap;

	if (t->err_line)
		return -1; /* the first error is the one reported */
	t->err_line = t->line;
	va_start(ap, fmt);
	(void)vsnprintf(t->err, t->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int buf_put(struct toml *t, struct buf *b, const char *p, size_t n)
{
	if (!b->p || b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *q = realloc(b->p, cap);
		if (!q)
			return fail(t, "out of memory");
		b->p = q;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/* Length of the valid UTF-8 sequence at P (before END), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], min;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

static int encode_utf8(struct toml *t, struct buf *b, unsigned long c)
{
	char out[4];
	size_t n;

	if (c < 0x80)
		out[0] = (char)c, n = 1;
	else if (c < 0x800)
		out[0] = (char)(0xc0 | (c >> 6)), out[1] = (char)(0x80 | (c & 0x3f)), n = 2;
	else if (c < 0x10000)
		out[0] = (char)(0xe0 | (c >> 12)), out[1] = (char)(0x80 | ((c >> 6) & 0x3f)),
		out[2] = (char)(0x80 | (c & 0x3f)), n = 3;
	else
		out[0] = (char)(0xf0 | (c >> 18)), out[1] = (char)(0x80 | ((c >> 12) & 0x3f)),
		out[2] = (char)(0x80 | ((c >> 6) & 0x3f)), out[3] = (char)(0x80 | (c & 0x3f)),
		n = 4;
	return buf_put(t, b, out, n);
}

static int at(const struct toml *t, size_t i)
{
	return t->s + i < t->end ? (unsigned char)t->s[i] : -1;
}

static void skip_ws(struct toml *t)
{
	while (t->s < t->end && (*t->s == ' ' || *t->s == '\t'))
		t->s++;
}

/* A comment (from '#') up to the end of the line: only tab among the controls. */
static int skip_comment(struct toml *t)
{
	if (at(t, 0) != '#')
		return 0;
	while (t->s < t->end && *t->s != '\n') {
		const unsigned char c = (unsigned char)*t->s;
		if (c == '\r' && at(t, 1) == '\n')
			break;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(t, "control character 0x%02x in a comment", c);
		const size_t n =
		    utf8_len((const unsigned char *)t->s, (const unsigned char *)t->end);
		if (!n)
			return fail(t, "invalid UTF-8 in a comment");
		t->s += n;
	}
	return 0;
}

/* A newline (LF or CRLF) at the cursor: consumed, 1; else 0. */
static int newline(struct toml *t)
{
	if (at(t, 0) == '\n') {
		t->s++;
		t->line++;
		return 1;
	}
	if (at(t, 0) == '\r' && at(t, 1) == '\n') {
		t->s += 2;
		t->line++;
		return 1;
	}
	return 0;
}

/* Whitespace, comments and newlines (inside arrays). */
static int skip_ws_nl(struct toml *t)
{
	for (;;) {
		skip_ws(t);
		if (skip_comment(t))
			return -1;
		if (!newline(t))
			return 0;
	}
}

/* The end of a line after an expression: whitespace, a comment, a newline or EOF. */
static int end_of_line(struct toml *t)
{
	skip_ws(t);
	if (skip_comment(t))
		return -1;
	if (t->s == t->end || newline(t))
		return 0;
	if (at(t, 0) == '\r')
		return fail(t, "a carriage return must be followed by a line feed");
	return fail(t, "expected the end of the line, found '%c'",
		    isprint(at(t, 0)) ? at(t, 0) : '?');
}

/* ---- strings ---------------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int escape(struct toml *t, struct buf *b)
{
	const int c = at(t, 1);
	unsigned long u = 0;
	int n = 0;

	switch (c) {
	case 'b':
		t->s += 2;
		return buf_put(t, b, "\b", 1);
	case 't':
		t->s += 2;
		return buf_put(t, b, "\t", 1);
	case 'n':
		t->s += 2;
		return buf_put(t, b, "\n", 1);
	case 'f':
		t->s += 2;
		return buf_put(t, b, "\f", 1);
	case 'r':
		t->s += 2;
		return buf_put(t, b, "\r", 1);
	case '"':
		t->s += 2;
		return buf_put(t, b, "\"", 1);
	case '\\':
		t->s += 2;
		return buf_put(t, b, "\\", 1);
	case 'u':
		n = 4;
		break;
	case 'U':
		n = 8;
		break;
	default:
		return fail(t, "invalid escape sequence in a string");
	}
	for (int i = 0; i < n; i++) {
		const int h = hexval(at(t, (size_t)i + 2));
		if (h < 0)
			return fail(t, "invalid \\%c escape: %d hexadecimal digits expected", c, n);
		u = u * 16 + (unsigned long)h;
	}
	if (u > 0x10ffff || (u >= 0xd800 && u <= 0xdfff))
		return fail(t, "escape \\%c%.*s is not a Unicode scalar value", c, n, t->s + 2);
	t->s += 2 + n;
	return encode_utf8(t, b, u);
}

/* One character of string content (not a delimiter): copied after checks. */
static int string_char(struct toml *t, struct buf *b, int multiline)
{
	const unsigned char c = (unsigned char)*t->s;

	if (multiline && newline(t))
		return buf_put(t, b, "\n", 1);
	if ((c < 0x20 && c != '\t') || c == 0x7f)
		return fail(t, "control character 0x%02x in a string (escape it)", c);
	const size_t n = utf8_len((const unsigned char *)t->s, (const unsigned char *)t->end);
	if (!n)
		return fail(t, "invalid UTF-8 in a string");
	t->s += n;
	return buf_put(t, b, t->s - n, n);
}

/* A line-ending backslash at the cursor (backslash, blanks, newline): it
 * and the whitespace and newlines after it are skipped, 1; else 0. */
static int line_ending_backslash(struct toml *t)
{
	size_t i = 1;

	while (at(t, i) == ' ' || at(t, i) == '\t')
		i++;
	if (at(t, i) != '\n' && !(at(t, i) == '\r' && at(t, i + 1) == '\n'))
		return 0;
	t->s += i;
	for (;;) {
		if (at(t, 0) == ' ' || at(t, 0) == '\t')
			t->s++;
		else if (!newline(t))
			return 1;
	}
}

/* A multi-line string (the cursor on its opening quotes), into B. */
static int parse_multiline(struct toml *t, struct buf *b)
{
	const char q = *t->s;

	t->s += 3;
	(void)newline(t); /* a newline right after the opening is trimmed */
	for (;;) {
		if (t->s >= t->end)
			return fail(t, "unterminated multi-line string");
		if (*t->s == q && at(t, 1) == q && at(t, 2) == q) {
			size_t run = 3;
			while (at(t, run) == q)
				run++;
			if (run > 5)
				return fail(t, "too many quotes closing a multi-line string");
			/* Up to two quotes before the closing three are content. */
			if (buf_put(t, b, t->s, run - 3))
				return -1;
			t->s += run;
			return 0;
		}
		if (q == '"' && *t->s == '\\') {
			if (!line_ending_backslash(t) && escape(t, b))
				return -1;
			continue;
		}
		if (string_char(t, b, 1))
			return -1;
	}
}

/* A string of any of the four kinds at the cursor, into B. */
static int parse_string(struct toml *t, struct buf *b, int allow_multiline)
{
	const char q = *t->s;

	b->n = 0;
	if (buf_put(t, b, "", 0))
		return -1;
	if (at(t, 1) == q && at(t, 2) == q) {
		if (!allow_multiline)
			return fail(t, "a key cannot be a multi-line string");
		return parse_multiline(t, b);
	}
	t->s++;
	for (;;) {
		if (t->s >= t->end || *t->s == '\n' || *t->s == '\r')
			return fail(t, "unterminated string");
		if (*t->s == q) {
			t->s++;
			return 0;
		}
		if (q == '"' && *t->s == '\\') {
			if (escape(t, b))
				return -1;
			continue;
		}
		if (string_char(t, b, 0))
			return -1;
	}
}

/* ---- keys --------------------------------------------------------------------- */

struct key {
	struct buf *parts; /* each part's bytes */
	size_t n;
};

static void key_free(struct key *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->parts[i].p);
	free(k->parts);
	k->parts = NULL;
	k->n = 0;
}

static int is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* A (dotted) key at the cursor. */
static int parse_key(struct toml *t, struct key *k)
{
	k->parts = NULL;
	k->n = 0;
	for (;;) {
		struct buf *nb = realloc(k->parts, (k->n + 1) * sizeof(*nb));
		if (!nb)
			return fail(t, "out of memory");
		k->parts = nb;
		struct buf *b = &k->parts[k->n++];
		memset(b, 0, sizeof(*b));
		skip_ws(t);
		if (at(t, 0) == '"' || at(t, 0) == '\'') {
			if (parse_string(t, b, 0))
				return -1;
		} else if (is_bare(at(t, 0))) {
			const char *start = t->s;
			while (t->s < t->end && is_bare((unsigned char)*t->s))
				t->s++;
			if (buf_put(t, b, start, (size_t)(t->s - start)))
				return -1;
		} else {
			return fail(t, "expected a key");
		}
		skip_ws(t);
		if (at(t, 0) != '.')
			return 0;
		t->s++;
	}
}

/* ---- scalars -------------------------------------------------------------------- */

static int digit_in(int c, int base)
{
	if (base == 16)
		return hexval(c) >= 0;
	return c >= '0' && c < '0' + base;
}

/* Digits of BASE with single underscores between them, from P; returns the
 * count of characters, 0 if malformed. */
static size_t digits(const char *p, const char *end, int base)
{
	size_t i = 0;

	if (p >= end || !digit_in((unsigned char)*p, base))
		return 0;
	while (p + i < end &&
	       (digit_in((unsigned char)p[i], base) ||
		(p[i] == '_' && p + i + 1 < end && digit_in((unsigned char)p[i + 1], base))))
		i++;
	return i;
}

static int days_in(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

static int num(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* HH:MM:SS[.frac] at P: its length, 0 if it is not one, -1 if invalid. */
static long time_len(struct toml *t, const char *p)
{
	long i = 8;

	if (t->end - p < 8 || p[2] != ':' || p[5] != ':')
		return 0;
	const int h = num(p, 2), m = num(p + 3, 2), s = num(p + 6, 2);
	if (h < 0 || m < 0 || s < 0)
		return 0;
	if (h > 23 || m > 59 || s > 60)
		return fail(t, "invalid time %.8s", p);
	if (p + i < t->end && p[i] == '.') {
		i++;
		if (p + i >= t->end || !isdigit((unsigned char)p[i]))
			return fail(t, "invalid fractional seconds in a time");
		while (p + i < t->end && isdigit((unsigned char)p[i]))
			i++;
	}
	return i;
}

/* A date, date-time or time at the cursor: 1 and *OUT if there is one. */
static int parse_datetime(struct toml *t, struct cfg_value **out)
{
	const char *p = t->s;
	long n = 0;

	if (t->end - p >= 10 && p[4] == '-' && p[7] == '-' && num(p, 4) >= 0 &&
	    num(p + 5, 2) >= 0 && num(p + 8, 2) >= 0) {
		const int y = num(p, 4), mo = num(p + 5, 2), d = num(p + 8, 2);
		if (mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo))
			return fail(t, "invalid date %.10s", p);
		n = 10;
		if (p + n < t->end && (p[n] == 'T' || p[n] == 't' || p[n] == ' ') &&
		    p + n + 1 < t->end && isdigit((unsigned char)p[n + 1])) {
			const long tl = time_len(t, p + n + 1);
			if (tl < 0)
				return -1;
			if (tl == 0 && p[n] != ' ')
				return fail(t, "invalid date-time");
			if (tl > 0) {
				n += 1 + tl;
				if (p + n < t->end && (p[n] == 'Z' || p[n] == 'z')) {
					n++;
				} else if (p + n < t->end && (p[n] == '+' || p[n] == '-')) {
					if (t->end - (p + n) < 6 || p[n + 3] != ':' ||
					    num(p + n + 1, 2) < 0 || num(p + n + 4, 2) < 0 ||
					    num(p + n + 1, 2) > 23 || num(p + n + 4, 2) > 59)
						return fail(t, "invalid time offset");
					n += 6;
				}
			}
		}
	} else if (t->end - p >= 3 && isdigit((unsigned char)p[0]) &&
		   isdigit((unsigned char)p[1]) && p[2] == ':') {
		n = time_len(t, p);
		if (n <= 0)
			return n < 0 ? -1 : fail(t, "invalid time");
	} else {
		return 0;
	}
	struct cfg_value *v = cfg_new(CFG_DATETIME, t->line);
	if (!v || !(v->s = strndup(p, (size_t)n))) {
		cfg_free(v);
		return fail(t, "out of memory");
	}
	v->len = (size_t)n;
	t->s += n;
	*out = v;
	return 1;
}

/* inf or nan, signed or not (SIGN: 1 if a sign precedes it). */
static int parse_special_float(struct toml *t, int sign, struct cfg_value **out)
{
	const char *p = t->s;
	struct cfg_value *v = cfg_new(CFG_FLOAT, t->line);

	if (!v)
		return fail(t, "out of memory");
	v->f = p[sign] == 'i' ? INFINITY : NAN;
	if (*p == '-')
		v->f = -v->f;
	t->s += sign + 3;
	*out = v;
	return 0;
}

/* 0x, 0o or 0b integers (unsigned in TOML, at most INT64_MAX). */
static int parse_prefixed(struct toml *t, struct cfg_value **out)
{
	const char *p = t->s;
	const int base = at(t, 1) == 'x' ? 16 : at(t, 1) == 'o' ? 8 : 2;
	const size_t len = digits(p + 2, t->end, base);
	uint64_t u = 0;

	if (!len)
		return fail(t, "invalid integer");
	for (size_t i = 0; i < len; i++) {
		if (p[2 + i] == '_')
			continue;
		const unsigned d = (unsigned)hexval((unsigned char)p[2 + i]);
		if (u > (UINT64_C(0x7fffffffffffffff) - d) / (unsigned)base)
			return fail(t, "integer out of range (64-bit signed)");
		u = u * (unsigned)base + d;
	}
	struct cfg_value *v = cfg_new(CFG_INT, t->line);
	if (!v)
		return fail(t, "out of memory");
	v->i = (int64_t)u;
	t->s += 2 + len;
	*out = v;
	return 0;
}

/* An integer or a float at the cursor. */
static int parse_number(struct toml *t, struct cfg_value **out)
{
	const char *p = t->s, *end = t->end;
	char clean[128];
	size_t n = 0, len;
	int sign = 0;

	if (*p == '+' || *p == '-')
		sign = 1;
	if (end - (p + sign) >= 3 && (!strncmp(p + sign, "inf", 3) || !strncmp(p + sign, "nan", 3)))
		return parse_special_float(t, sign, out);
	if (!sign && at(t, 0) == '0' && (at(t, 1) == 'x' || at(t, 1) == 'o' || at(t, 1) == 'b'))
		return parse_prefixed(t, out);
	len = digits(p + sign, end, 10);
	if (!len)
		return fail(t, "invalid value");
	if (p[sign] == '0' && len > 1)
		return fail(t, "leading zeros are not allowed in a number");
	size_t i = (size_t)sign + len;
	int is_float = 0;
	if (p + i < end && p[i] == '.') {
		const size_t f = digits(p + i + 1, end, 10);
		if (!f)
			return fail(t, "invalid float: digits must follow the decimal point");
		i += 1 + f;
		is_float = 1;
	}
	if (p + i < end && (p[i] == 'e' || p[i] == 'E')) {
		size_t j = i + 1;
		if (p + j < end && (p[j] == '+' || p[j] == '-'))
			j++;
		const size_t e = digits(p + j, end, 10);
		if (!e)
			return fail(t, "invalid float exponent");
		i = j + e;
		is_float = 1;
	}
	if (p + i < end && (is_bare((unsigned char)p[i]) || p[i] == '.'))
		return fail(t, "invalid number");
	for (size_t k = 0; k < i; k++) {
		if (p[k] == '_')
			continue;
		if (n + 1 >= sizeof(clean))
			return fail(t, "number too long");
		clean[n++] = p[k];
	}
	clean[n] = '\0';
	struct cfg_value *v = cfg_new(is_float ? CFG_FLOAT : CFG_INT, t->line);
	if (!v)
		return fail(t, "out of memory");
	errno = 0;
	if (is_float) {
		v->f = strtod(clean, NULL);
		if (errno == ERANGE && isinf(v->f)) {
			cfg_free(v);
			return fail(t, "float out of range");
		}
	} else {
		v->i = strtoll(clean, NULL, 10);
		if (errno == ERANGE) {
			cfg_free(v);
			return fail(t, "integer out of range (64-bit signed)");
		}
	}
	t->s += i;
	*out = v;
	return 0;
}

/* ---- values, tables ------------------------------------------------------------ */

static int parse_value(struct toml *t, struct cfg_value **out);

/* Mark V and everything in it complete (an inline table, an array value). */
static void freeze(struct cfg_value *v)
{
	if (v->type != CFG_OBJECT && v->type != CFG_ARRAY)
		return;
	v->flags |= CFG_F_FROZEN;
	for (size_t i = 0; i < v->n; i++)
		freeze(v->items[i]);
}

/*
 * Set KEY (possibly dotted) to VAL in TABLE: the tables on the way are
 * created as dotted-key tables, or must be ones.  Takes VAL.
 */
static int assign(struct toml *t, struct cfg_value *table, struct key *k, int key_line,
		  struct cfg_value *val)
{
	struct cfg_value *cur = table;

	for (size_t i = 0; i + 1 < k->n; i++) {
		struct cfg_value *next = cfg_get(cur, k->parts[i].p, k->parts[i].n);
		if (!next) {
			next = cfg_new(CFG_OBJECT, key_line);
			if (!next ||
			    cfg_append(cur, k->parts[i].p, k->parts[i].n, key_line, next)) {
				cfg_free(next);
				cfg_free(val);
				return fail(t, "out of memory");
			}
			next->flags |= CFG_F_DOTTED;
		} else if (next->type != CFG_OBJECT || !(next->flags & CFG_F_DOTTED) ||
			   (next->flags & CFG_F_FROZEN)) {
			cfg_free(val);
			return fail(t,
				    "key '%s' is already defined and cannot be extended with a "
				    "dotted key",
				    k->parts[i].p);
		}
		cur = next;
	}
	if (!k->n || !k->parts) {
		cfg_free(val);
		return fail(t, "expected a key");
	}
	const struct buf *last = &k->parts[k->n - 1];
	if (cfg_get(cur, last->p, last->n)) {
		cfg_free(val);
		return fail(t, "duplicate key '%s'", last->p);
	}
	if (cfg_append(cur, last->p, last->n, key_line, val)) {
		cfg_free(val);
		return fail(t, "out of memory");
	}
	return 0;
}

static int parse_inline_table(struct toml *t, struct cfg_value **out)
{
	struct cfg_value *tab = cfg_new(CFG_OBJECT, t->line);

	if (!tab)
		return fail(t, "out of memory");
	t->s++; /* { */
	skip_ws(t);
	if (at(t, 0) == '}') {
		t->s++;
		freeze(tab);
		*out = tab;
		return 0;
	}
	for (;;) {
		struct key k;
		struct cfg_value *v = NULL;
		const int key_line = t->line;

		if (parse_key(t, &k)) {
			key_free(&k);
			cfg_free(tab);
			return -1;
		}
		if (at(t, 0) != '=') {
			key_free(&k);
			cfg_free(tab);
			return fail(t, "expected '=' after a key");
		}
		t->s++;
		skip_ws(t);
		if (parse_value(t, &v) || assign(t, tab, &k, key_line, v)) {
			key_free(&k);
			cfg_free(tab);
			return -1;
		}
		key_free(&k);
		skip_ws(t);
		if (at(t, 0) == ',') {
			t->s++;
			skip_ws(t);
			if (at(t, 0) == '}') {
				cfg_free(tab);
				return fail(t, "trailing comma in an inline table");
			}
			continue;
		}
		if (at(t, 0) == '}') {
			t->s++;
			freeze(tab);
			*out = tab;
			return 0;
		}
		cfg_free(tab);
		return fail(t, "expected ',' or '}' in an inline table (on one line)");
	}
}

static int parse_array(struct toml *t, struct cfg_value **out)
{
	struct cfg_value *arr = cfg_new(CFG_ARRAY, t->line);

	if (!arr)
		return fail(t, "out of memory");
	t->s++; /* [ */
	for (;;) {
		struct cfg_value *v = NULL;

		if (skip_ws_nl(t))
			goto bad;
		if (at(t, 0) == ']')
			break;
		if (parse_value(t, &v))
			goto bad;
		if (cfg_append(arr, NULL, 0, 0, v)) {
			cfg_free(v);
			fail(t, "out of memory");
			goto bad;
		}
		if (skip_ws_nl(t))
			goto bad;
		if (at(t, 0) == ',') {
			t->s++;
			continue;
		}
		if (at(t, 0) == ']')
			break;
		fail(t, "expected ',' or ']' in an array");
		goto bad;
	}
	t->s++;
	freeze(arr);
	*out = arr;
	return 0;
bad:
	cfg_free(arr);
	return -1;
}

static int parse_value(struct toml *t, struct cfg_value **out)
{
	const int c = at(t, 0);
	int ret;

	*out = NULL;
	if (c == '"' || c == '\'') {
		struct buf b = {0};
		const int line = t->line;
		if (parse_string(t, &b, 1)) {
			free(b.p);
			return -1;
		}
		struct cfg_value *v = cfg_new(CFG_STRING, line);
		if (!v) {
			free(b.p);
			return fail(t, "out of memory");
		}
		v->s = b.p;
		v->len = b.n;
		*out = v;
		return 0;
	}
	if (c == '[' || c == '{') {
		if (++t->depth > TOML_MAX_DEPTH)
			return fail(t, "arrays and inline tables nested too deep (more than %d)",
				    TOML_MAX_DEPTH);
		ret = c == '[' ? parse_array(t, out) : parse_inline_table(t, out);
		t->depth--;
		return ret;
	}
	if (t->end - t->s >= 4 && !strncmp(t->s, "true", 4) &&
	    (t->end - t->s == 4 || !is_bare((unsigned char)t->s[4]))) {
		*out = cfg_new(CFG_BOOL, t->line);
		if (!*out)
			return fail(t, "out of memory");
		(*out)->i = 1;
		t->s += 4;
		return 0;
	}
	if (t->end - t->s >= 5 && !strncmp(t->s, "false", 5) &&
	    (t->end - t->s == 5 || !is_bare((unsigned char)t->s[5]))) {
		*out = cfg_new(CFG_BOOL, t->line);
		if (!*out)
			return fail(t, "out of memory");
		t->s += 5;
		return 0;
	}
	if (c >= '0' && c <= '9') {
		ret = parse_datetime(t, out);
		if (ret)
			return ret < 0 ? -1 : 0;
	}
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'i' || c == 'n')
		return parse_number(t, out);
	if (c < 0)
		return fail(t, "expected a value");
	return fail(t, "invalid value starting with '%c'", isprint(c) ? c : '?');
}

/* The table a header's key is defined in: the tables on the way are found
 * (the last element of an array of tables) or created; NULL on error. */
static struct cfg_value *header_parent(struct toml *t, const struct key *k, int line)
{
	struct cfg_value *cur = t->root;

	for (size_t i = 0; i + 1 < k->n; i++) {
		struct cfg_value *next = cfg_get(cur, k->parts[i].p, k->parts[i].n);
		if (!next) {
			next = cfg_new(CFG_OBJECT, line);
			if (!next || cfg_append(cur, k->parts[i].p, k->parts[i].n, line, next)) {
				cfg_free(next);
				fail(t, "out of memory");
				return NULL;
			}
			next->flags |= CFG_F_IMPLICIT;
		} else if (next->type == CFG_ARRAY && (next->flags & CFG_F_AOT) && next->n) {
			next = next->items[next->n - 1];
		} else if (next->type != CFG_OBJECT || (next->flags & CFG_F_FROZEN)) {
			fail(t, "key '%s' is not a table that can be extended", k->parts[i].p);
			return NULL;
		}
		cur = next;
	}
	return cur;
}

/* [header] or [[header]]: make it the current table. */
static int parse_header(struct toml *t)
{
	const int aot = at(t, 1) == '[';
	const int line = t->line;
	struct cfg_value *cur;
	struct key k;

	t->s += aot ? 2 : 1;
	if (parse_key(t, &k))
		goto bad;
	if (at(t, 0) != ']' || (aot && at(t, 1) != ']')) {
		fail(t, "expected '%s' to close a table header", aot ? "]]" : "]");
		goto bad;
	}
	t->s += aot ? 2 : 1;
	cur = header_parent(t, &k, line);
	if (!cur)
		goto bad;
	if (!k.n || !k.parts) {
		fail(t, "expected a key");
		goto bad;
	}
	const struct buf *last = &k.parts[k.n - 1];
	struct cfg_value *v = cfg_get(cur, last->p, last->n);
	if (aot) {
		if (!v) {
			v = cfg_new(CFG_ARRAY, line);
			if (!v || cfg_append(cur, last->p, last->n, line, v)) {
				cfg_free(v);
				fail(t, "out of memory");
				goto bad;
			}
			v->flags |= CFG_F_AOT;
		} else if (v->type != CFG_ARRAY || !(v->flags & CFG_F_AOT)) {
			fail(t, "'%s' is already defined and is not an array of tables", last->p);
			goto bad;
		}
		struct cfg_value *tab = cfg_new(CFG_OBJECT, line);
		if (!tab || cfg_append(v, NULL, 0, 0, tab)) {
			cfg_free(tab);
			fail(t, "out of memory");
			goto bad;
		}
		tab->flags |= CFG_F_DEFINED;
		t->cur = tab;
	} else {
		if (!v) {
			v = cfg_new(CFG_OBJECT, line);
			if (!v || cfg_append(cur, last->p, last->n, line, v)) {
				cfg_free(v);
				fail(t, "out of memory");
				goto bad;
			}
		} else if (v->type != CFG_OBJECT ||
			   (v->flags & (CFG_F_DEFINED | CFG_F_DOTTED | CFG_F_FROZEN))) {
			fail(t, "table '%s' is already defined", last->p);
			goto bad;
		}
		v->flags = (v->flags & ~CFG_F_IMPLICIT) | CFG_F_DEFINED;
		v->line = line;
		t->cur = v;
	}
	key_free(&k);
	return end_of_line(t);
bad:
	key_free(&k);
	return -1;
}

/* The whole input must be UTF-8 (checked once, so every error has a line). */
static int check_utf8(struct toml *t)
{
	const unsigned char *p = (const unsigned char *)t->s, *end = (const unsigned char *)t->end;

	while (p < end) {
		const size_t n = utf8_len(p, end);
		if (!n)
			return fail(t, "invalid UTF-8");
		if (*p == '\n')
			t->line++;
		p += n;
	}
	t->line = 1;
	return 0;
}

int toml_parse(const char *text, size_t len, struct cfg_value **out, int *err_line, char *err,
	       size_t errlen)
{
	struct toml t = {.s = text, .end = text + len, .line = 1, .err = err, .errlen = errlen};

	*out = NULL;
	*err_line = 0;
	if (errlen)
		err[0] = '\0';
	if (check_utf8(&t)) {
		*err_line = t.err_line;
		return -1;
	}
	t.root = cfg_new(CFG_OBJECT, 1);
	if (!t.root) {
		(void)fail(&t, "out of memory");
		return -1;
	}
	t.root->flags = CFG_F_DEFINED;
	t.cur = t.root;
	/* A byte order mark may open the document. */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		t.s += 3;
	while (t.s < t.end) {
		skip_ws(&t);
		if (skip_comment(&t))
			goto bad;
		if (newline(&t))
			continue;
		if (t.s >= t.end)
			break;
		if (*t.s == '[') {
			if (parse_header(&t))
				goto bad;
			continue;
		}
		if (*t.s == '\r') {
			fail(&t, "a carriage return must be followed by a line feed");
			goto bad;
		}
		struct key k;
		struct cfg_value *v = NULL;
		const int key_line = t.line;
		if (parse_key(&t, &k)) {
			key_free(&k);
			goto bad;
		}
		if (at(&t, 0) != '=') {
			key_free(&k);
			fail(&t, "expected '=' after a key");
			goto bad;
		}
		t.s++;
		skip_ws(&t);
		if (parse_value(&t, &v) || assign(&t, t.cur, &k, key_line, v)) {
			key_free(&k);
			goto bad;
		}
		key_free(&k);
		if (end_of_line(&t))
			goto bad;
	}
	*out = t.root;
	return 0;
bad:
	*err_line = t.err_line;
	cfg_free(t.root);
	return -1;
}
