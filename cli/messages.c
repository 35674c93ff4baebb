/* SPDX-License-Identifier: MIT */
/* messages.c - what every part of the landbox program prints: messages on
 * stderr prefixed "landbox: ", filtered by the log level. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

enum log_level cli_log_level = LOG_WARN;
const char *cli_prog = "landbox";

static void vmessage(const char *tag, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vmessage(const char *tag, const char *fmt, va_list ap)
{
	/* One write per line, so that lines of concurrent processes do not mix. */
	char buf[4096];
	int n = snprintf(buf, sizeof(buf), "%s: %s", cli_prog, tag);

	if (n < 0 || (size_t)n >= sizeof(buf))
		n = 0;
	(void)vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);
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
					       "6.12", "6.15", "7.0",  "7.1", "7.2"};

	if (abi < 1 || abi >= (int)(sizeof(linux_of) / sizeof(linux_of[0])))
		return "?";
	return linux_of[abi];
}
