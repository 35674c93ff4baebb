/* SPDX-License-Identifier: MIT */
/* fuzz.h - what the libFuzzer targets of tests/fuzz share (make fuzz).
 *
 * Every target links guard.c, which makes the fuzz build unable to restrict
 * itself, execute or fork: the Landlock syscalls go to a seam where a
 * ruleset may be built (a /dev/null fd stands for it) but enforcing it
 * aborts, and the exec, fork and spawn functions of libc are replaced by ones that
 * abort.  A target that reached them would be reported as a crash. */
#ifndef LANDBOX_FUZZ_H
#define LANDBOX_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* init.c's: fuzz_setup(), errors-only messages, fuzz_target_init(). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A target's own setup, once per process, after fuzz_setup() (DIR is its
 * scratch directory).  Optional: init.c has an empty default.
 */
void fuzz_target_init(const char *dir);

/*
 * Once per process: the guard, an emulated Landlock ABI 7 (no probe of the
 * real kernel's version), stdin from /dev/null (an included "/dev/stdin"
 * must not block), and a controlled environment: HOME and XDG_CONFIG_HOME in
 * a fresh scratch directory (returned), FUZZ_DIR naming it.
 */
const char *fuzz_setup(void);

/* Write SIZE bytes of DATA to PATH (created or truncated); aborts on failure. */
void fuzz_write(const char *path, const void *data, size_t size);

/*
 * Split DATA at NUL bytes into at most MAX - 1 strings, copied into one
 * allocation (*STORE, for the caller to free) and listed in ARGV, which is
 * NULL-terminated.  Returns the count.
 */
int fuzz_split(const uint8_t *data, size_t size, char **argv, int max, char **store);

#endif
