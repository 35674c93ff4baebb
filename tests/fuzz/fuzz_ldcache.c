/* SPDX-License-Identifier: MIT */
/* fuzz_ldcache.c - the ld.so.cache reader of --ldd (cli/elf/) on an
 * image in memory: the input is the cache, looked up for a few names and
 * kinds of objects as ld.so would. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elfdeps.h"
#include "fuzz.h"

static const char *const names[] = {"libc.so.6", "libfoo.so.1", "libm.so.6", "a", ""};
static const int kinds[][2] = {
    {ELFCLASS64, EM_X86_64}, {ELFCLASS32, EM_386},   {ELFCLASS64, EM_AARCH64},
    {ELFCLASS32, EM_ARM},    {ELFCLASS64, EM_RISCV}, {ELFCLASS32, EM_X86_64},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *out[8];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const int *k = kinds[(i + (size ? data[size - 1] : 0)) % 6];
		const size_t n = elfdeps_cache_lookup_buf(data, size, names[i], k[0], k[1], out, 8);
		if (n > 8)
			abort();
		for (size_t j = 0; j < n; j++) /* each a string inside the image */
			if ((const uint8_t *)out[j] < data ||
			    (const uint8_t *)out[j] + strlen(out[j]) >= data + size)
				abort();
	}
	return 0;
}
