/* SPDX-License-Identifier: MIT */
/* tap.h - the smallest TAP producer that serves the unit tests.
 *
 * Tests that restrict run their body in a child (tap_child) so the test
 * binary itself stays unsandboxed.  LANDBOX_TEST_ABI ("1".."10", "none",
 * "disabled", unset = real kernel) selects the ABI the test build of the
 * library emulates; tap_init applies it. */
#ifndef LB_TAP_H
#define LB_TAP_H

/*
 * DESIGN.md section 1: the newest ABI that adds a right or a scope (UDP
 * ports, ABI 10).  ABI 11 adds only LANDLOCK_RESTRICT_SELF_NO_NEW_PRIVS, a
 * flag the library uses on its own: a sandbox handling everything is fully
 * enforced from ABI 10 on, although the library knows ABI 11.
 */
#define TAP_ABI_LAST_RIGHT 10

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testing.h"

static int tap_n;
static int tap_failed;

static inline void tap_plan_end(void)
{
	printf("1..%d\n", tap_n);
}

__attribute__((format(printf, 2, 3))) static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed = 1;
	return cond;
}

__attribute__((format(printf, 1, 2))) static inline void tap_skip(const char *fmt, ...)
{
	va_list ap;
	printf("ok %d - # SKIP ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

__attribute__((format(printf, 1, 2))) static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* The emulated ABI: -1 real kernel, 0 none, else 1..11. */
static inline int tap_init(void)
{
	const char *v = getenv("LANDBOX_TEST_ABI");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!v || !*v || !strcmp(v, "real"))
		return -1;
	if (!strcmp(v, "none")) {
		lb_test_emulate(0, ENOSYS);
		return 0;
	}
	if (!strcmp(v, "disabled")) {
		lb_test_emulate(0, EOPNOTSUPP);
		return 0;
	}
	lb_test_emulate(atoi(v), 0);
	return atoi(v);
}

/* Run FN(ARG) in a child; returns its exit status (or 128+signal). */
static inline int tap_child(int (*fn)(void *), void *arg)
{
	int st;
	pid_t pid;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline int tap_done(void)
{
	tap_plan_end();
	return tap_failed;
}

#endif
