/* SPDX-License-Identifier: MIT */
/* messages.c - what every part of the landbox program prints: messages on
 * stderr prefixed "landbox: ", filtered by the log level. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum log_level cli_log_level = LOG_WARN;
const char *cli_prog = "landbox";

/* The length of the UTF-8 sequence at S that is printable (not a C1 control
 * such as U+009B, which some terminals take for CSI), or 0 if it is not one. */
static size_t utf8_printable(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fU;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fU;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07U;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fU);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, C1 controls. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

size_t cli_escape(const char *in, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t used = 0;

	if (!len)
		return 0;
	while (*s) {
		char esc[8];
		size_t n = utf8_printable(s);
		const char *add = (const char *)s;

		if (n == 0 && *s >= 0x20 && *s != 0x7f && *s < 0x80)
			n = 1;
		if (n == 0) {
			/* A control character or a byte that is not UTF-8: shown, not sent. */
			if (*s == '\n' || *s == '\t' || *s == '\r')
				(void)snprintf(esc, sizeof(esc), "\\%c",
					       *s == '\n'   ? 'n'
					       : *s == '\t' ? 't'
							    : 'r');
			else
				(void)snprintf(esc, sizeof(esc), "\\x%02x", *s);
			add = esc;
			n = strlen(esc);
			s++;
		} else {
			s += n;
		}
		if (used + n >= len)
			break;
		memcpy(out + used, add, n);
		used += n;
	}
	out[used] = '\0';
	return used;
}

void cli_json_string(FILE *out, const char *s, int dollars)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '$' && dollars)
			fputs("$$", out);
		else if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(out, "\\u%04x", *++p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

void cli_out(FILE *out, const char *fmt, ...)
{
	char small[1024], *big = NULL, *safe;
	const char *line = small;
	size_t cap;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		if (!(big = malloc((size_t)n + 1)))
			return;
		va_start(ap, fmt);
		(void)vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		line = big;
	}
	/* At worst every byte becomes \xNN. */
	cap = (size_t)n * 4 + 1;
	safe = malloc(cap);
	if (safe) {
		(void)cli_escape(line, safe, cap);
		fprintf(out, "%s\n", safe);
	}
	free(safe);
	free(big);
}

static void vmessage(const char *tag, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vmessage(const char *tag, const char *fmt, va_list ap)
{
	/* One write per line, so that lines of concurrent processes do not mix.
	 * Messages quote user input (options, profile lines, paths, variables):
	 * its control characters are escaped, never sent to the terminal.
	 * A line is formatted on the stack when it is short, as most are, and
	 * in static buffers otherwise (landbox prints no message from a signal
	 * handler or a thread); written with write(2), not fprintf, whose
	 * unbuffered stderr takes 8 KiB more of stack.  The 20 KiB of stack
	 * this took before cost page faults in every run that printed a
	 * warning (bench/RESULTS.md). */
	static char big[4096], big_safe[4096 * 4 + 1];
	char small[512], small_safe[512 * 4 + 1];
	char *buf = small, *safe = small_safe;
	size_t size = sizeof(small), safe_size = sizeof(small_safe), len, done = 0;
	va_list again;
	int n = snprintf(buf, size, "%s: %s", cli_prog, tag);

	if (n < 0 || (size_t)n >= size)
		n = 0;
	va_copy(again, ap);
	const int m = vsnprintf(buf + n, size - (size_t)n, fmt, ap);
	if (m >= 0 && (size_t)n + (size_t)m >= size) {
		memcpy(big, small, (size_t)n);
		buf = big;
		safe = big_safe;
		size = sizeof(big);
		safe_size = sizeof(big_safe);
		(void)vsnprintf(buf + n, size - (size_t)n, fmt, again);
	}
	va_end(again);
	len = cli_escape(buf, safe, safe_size - 1);
	safe[len++] = '\n';
	while (done < len) {
		const ssize_t w = write(fileno(stderr), safe + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	if (cli_log_level < LOG_WARN)
		return;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void cli_info(const char *fmt, ...)
{
	va_list ap;

	if (cli_log_level < LOG_INFO)
		return;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

static struct timespec started;

void cli_clock_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &started);
}

long cli_elapsed_us(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - started.tv_sec) * 1000000L + (now.tv_nsec - started.tv_nsec) / 1000;
}

void cli_debug(const char *fmt, ...)
{
	va_list ap;

	if (cli_log_level < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vmessage("debug: ", fmt, ap);
	va_end(ap);
}

const char *cli_abi_linux(int abi)
{
	/* DESIGN §1: the first Linux release of each Landlock ABI. */
	static const char *const linux_of[] = {"?",    "5.13", "5.19", "6.2", "6.7", "6.10",
					       "6.12", "6.15", "7.0",  "7.1", "7.2", "7.3"};

	if (abi < 1 || abi >= (int)(sizeof(linux_of) / sizeof(linux_of[0])))
		return "?";
	return linux_of[abi];
}
