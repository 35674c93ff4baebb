/* SPDX-License-Identifier: MIT */
#include "internal.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- /etc/ld.so.cache --------------------------------------------------------- */

/*
 * The "new" format (glibc 2.32+ writes only this one), possibly after the
 * old "ld.so-1.7.0" table:
 *   header: char magic[17] "glibc-ld.so.cache", char version[3] "1.1",
 *           u32 nlibs, u32 len_strings, u8 flags (byte order), u8 pad[3],
 *           u32 extension_offset, u32 unused[3]           (48 bytes)
 *   entry:  i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap (24)
 * Strings are offsets from the start of the new header.  Entries are sorted
 * by name in descending version-aware order (_dl_cache_libcmp), the
 * glibc-hwcaps variants of a name before its plain entries.
 */
#define CACHE_MAGIC_OLD	 "ld.so-1.7.0"
#define CACHE_MAGIC_NEW	 "glibc-ld.so.cache1.1"
#define CACHE_HDR_SIZE	 48
#define CACHE_ENTRY_SIZE 24
#define CACHE_EXT_MAGIC	 0xea8e5f74U /* (uint32_t) -358342284 */
#define CACHE_EXT_HWCAPS 1
#define HWCAP_EXTENSION	 (1ULL << 62)
#define CACHE_FLAG_TYPE	 0x00ff
#define CACHE_FLAG_ELF	 0x0001
#define CACHE_FLAG_LIBC6 0x0003
#define CACHE_FLAG_ANY	 (-1)

/* Take the cache image M (LEN bytes) if it is one ld.so would use: sets
 * c->cache and the tables; otherwise leaves them unset. */
static void cache_parse(struct ctx *c, const unsigned char *m, size_t len)
{
	const unsigned char *hdr;
	size_t off = 0;
	uint32_t nlibs, extoff;

	if (len < CACHE_HDR_SIZE)
		return;
	if (!memcmp(m, CACHE_MAGIC_OLD, sizeof(CACHE_MAGIC_OLD) - 1)) {
		/* Old table: 16-byte header, 12-byte entries; the new one follows, 8-aligned. */
		uint32_t oldn;
		memcpy(&oldn, m + 12, 4);
		if (oldn > (len - 16) / 12)
			return;
		off = (16 + (size_t)oldn * 12 + 7) & ~(size_t)7;
	}
	/* Rounded up, OFF may lie past the end of a cache whose old table ends
	 * at (or just before) its end: check it before LEN - OFF. */
	if (off > len || len - off < CACHE_HDR_SIZE || memcmp(m + off, CACHE_MAGIC_NEW, 20) != 0)
		return;
	hdr = m + off;
	/* Byte order: 0 unset, 2 little, 3 big; a cache for the other order is not ours. */
	if (hdr[28] != 0 && hdr[28] != (elf_host_big_endian() ? 3 : 2))
		return;
	memcpy(&nlibs, hdr + 20, 4);
	memcpy(&extoff, hdr + 32, 4);
	if (nlibs > (len - off - CACHE_HDR_SIZE) / CACHE_ENTRY_SIZE)
		return;
	/* From here string offsets are relative to the new header. */
	c->cache = hdr;
	c->cache_len = len - off;
	c->cache_entries = hdr + CACHE_HDR_SIZE;
	c->cache_nlibs = nlibs;

	/* The extension directory, for the names of glibc-hwcaps subdirectories. */
	if (extoff && extoff % 4 == 0 && elf_in_file(extoff, 8, c->cache_len)) {
		uint32_t magic, count;
		memcpy(&magic, hdr + extoff, 4);
		memcpy(&count, hdr + extoff + 4, 4);
		if (magic == CACHE_EXT_MAGIC && count <= (c->cache_len - extoff - 8) / 16) {
			for (size_t i = 0; i < count; i++) {
				uint32_t sec[4]; /* tag, flags, offset, size */
				memcpy(sec, hdr + extoff + 8 + 16 * i, 16);
				if (sec[0] == CACHE_EXT_HWCAPS && sec[2] % 4 == 0 &&
				    elf_in_file(sec[2], sec[3], c->cache_len)) {
					c->cache_hwcaps = hdr + sec[2];
					c->cache_nhwcaps = sec[3] / 4;
				}
			}
		}
	}
}

/* Map /etc/ld.so.cache (once per call) and take it if ld.so would. */
static void cache_load(struct ctx *c)
{
	struct stat st;
	size_t len;
	int fd;
	void *map;

	c->cache_tried = 1;
	fd = open(LDSO_CACHE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < CACHE_HDR_SIZE ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return;
	}
	len = (size_t)st.st_size;
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	c->cache_map = map;
	c->cache_map_len = len;
	cache_parse(c, map, len);
}

/* Cache string at OFF, or NULL if it is not inside the cache. */
static const char *cache_str(const struct ctx *c, uint32_t off)
{
	if (off >= c->cache_len || !memchr(c->cache + off, '\0', c->cache_len - off))
		return NULL;
	return (const char *)c->cache + off;
}

/* ld.so's order of library names: runs of digits compare as numbers. */
static int libcmp(const char *a, const char *b)
{
	while (*a) {
		int da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';
		if (da && db) {
			unsigned long va = 0, vb = 0;
			while (*a >= '0' && *a <= '9')
				va = va * 10 + (unsigned long)(*a++ - '0');
			while (*b >= '0' && *b <= '9')
				vb = vb * 10 + (unsigned long)(*b++ - '0');
			if (va != vb)
				return va < vb ? -1 : 1;
		} else if (da) {
			return 1;
		} else if (db) {
			return -1;
		} else if (*a != *b) {
			return (unsigned char)*a - (unsigned char)*b;
		} else {
			a++;
			b++;
		}
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* The cache flags ld.so accepts for objects of this class and machine. */
static int cache_flags_for(const struct elf_info *ei)
{
	int is64 = ei->cls == ELFCLASS64;
	switch (ei->machine) {
	case EM_X86_64:
		return is64 ? 0x0303 : 0x0803;
	case EM_386:
		return CACHE_FLAG_LIBC6;
	case EM_AARCH64:
		return is64 ? 0x0a03 : CACHE_FLAG_ANY;
	case EM_PPC64:
		return 0x0503;
	case EM_S390:
		return is64 ? 0x0403 : CACHE_FLAG_LIBC6;
	case EM_SPARCV9:
		return 0x0103;
	case EM_IA_64:
		return 0x0203;
	case EM_PPC:
		return CACHE_FLAG_LIBC6;
	default:
		/* ARM, MIPS, RISC-V, LoongArch: flags depend on the float ABI;
		 * take any entry and let the ELF header check decide. */
		return CACHE_FLAG_ANY;
	}
}

/* Priority of a glibc-hwcaps subdirectory (0: not usable on this CPU). */
static int hwcaps_priority(struct arch_facts *a, const char *name)
{
	int level;
	if (strncmp(name, "x86-64-v", 8) != 0 || name[8] < '2' || name[8] > '4' || name[9])
		return 0;
	level = name[8] - '0';
	return elf_arch_hwcaps_level(a) >= level ? level - 1 : 0;
}

/*
 * The paths the cache gives for NAME, best first, into OUT (at most MAX).
 * As ld.so: the best usable glibc-hwcaps variant if any, else the first
 * plain entry with the right flags.  With CACHE_FLAG_ANY every plain entry
 * is returned, for the caller to check their ELF headers.
 */
size_t ldcache_lookup(struct ctx *c, const struct elf_info *needer, const char *name,
		      const char **out, size_t max)
{
	struct arch_facts *a = elf_arch_facts(c, needer);
	int want = cache_flags_for(needer), best_prio = 0;
	long lo = 0, hi, mid = -1;
	size_t n = 0;
	const char *best = NULL;

	if (!c->cache_tried)
		cache_load(c);
	if (!c->cache_entries || !max)
		return 0;
	hi = (long)c->cache_nlibs - 1;
	while (lo <= hi) {
		long m = lo + (hi - lo) / 2;
		uint32_t key;
		const char *k;
		int cmp;
		memcpy(&key, c->cache_entries + (size_t)m * CACHE_ENTRY_SIZE + 4, 4);
		k = cache_str(c, key);
		if (!k)
			return 0; /* corrupt cache: ld.so would ignore it too */
		cmp = libcmp(name, k);
		if (cmp == 0) {
			mid = m;
			break;
		}
		if (cmp < 0)
			lo = m + 1;
		else
			hi = m - 1;
	}
	if (mid < 0)
		return 0;
	/* Back to the first entry of this name, then through all of them. */
	while (mid > 0) {
		uint32_t key;
		const char *k;
		memcpy(&key, c->cache_entries + (size_t)(mid - 1) * CACHE_ENTRY_SIZE + 4, 4);
		k = cache_str(c, key);
		if (!k || libcmp(name, k))
			break;
		mid--;
	}
	for (; (uint32_t)mid < c->cache_nlibs; mid++) {
		const unsigned char *e = c->cache_entries + (size_t)mid * CACHE_ENTRY_SIZE;
		int32_t flags;
		uint32_t key, value;
		uint64_t hwcap;
		const char *k, *v;
		memcpy(&flags, e, 4);
		memcpy(&key, e + 4, 4);
		memcpy(&value, e + 8, 4);
		memcpy(&hwcap, e + 16, 8);
		k = cache_str(c, key);
		if (!k || libcmp(name, k))
			break;
		v = cache_str(c, value);
		if (!v)
			continue;
		if ((flags & CACHE_FLAG_TYPE) != CACHE_FLAG_LIBC6 && flags != CACHE_FLAG_ELF)
			continue;
		if (want != CACHE_FLAG_ANY && flags != want && flags != CACHE_FLAG_ELF)
			continue;
		if ((hwcap >> 32) == (HWCAP_EXTENSION >> 32)) {
			uint32_t idx = (uint32_t)hwcap, soff;
			const char *sub;
			int prio;
			if (idx >= c->cache_nhwcaps)
				continue;
			memcpy(&soff, c->cache_hwcaps + (size_t)4 * idx, 4);
			sub = cache_str(c, soff);
			prio = sub ? hwcaps_priority(a, sub) : 0;
			if (prio > best_prio) {
				best_prio = prio;
				best = v;
			}
			continue;
		}
		/* Legacy hwcaps (tls, haswell, ... subdirectories): only the
		 * baseline entry, see the known gaps in the report. */
		if (hwcap & ~(1ULL << 63))
			continue;
		if (best)
			break; /* a glibc-hwcaps variant wins over plain entries */
		out[n++] = v;
		if (want != CACHE_FLAG_ANY || n == max)
			break;
	}
	if (best) {
		out[0] = best;
		n = 1;
	}
	return n;
}

#ifdef LB_TESTING
size_t elfdeps_cache_lookup_buf(const void *cache, size_t len, const char *name, int cls,
				int machine, const char **out, size_t max)
{
	struct ctx c;
	struct elf_info ei = {0};

	memset(&c, 0, sizeof(c));
	c.cache_tried = 1;
	cache_parse(&c, cache, len);
	ei.cls = (unsigned char)cls;
	ei.machine = (uint16_t)machine;
	ei.data = elf_host_big_endian() ? ELFDATA2MSB : ELFDATA2LSB;
	return ldcache_lookup(&c, &ei, name, out, max);
}
#endif /* LB_TESTING */
