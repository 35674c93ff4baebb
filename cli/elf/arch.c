/* SPDX-License-Identifier: MIT */
#include "internal.h"

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* ---- Facts about this machine and its glibc ----------------------------------- */

/* Debian's multiarch tuple for an ELF class and machine ("" if unknown). */
static const char *multiarch_tuple(unsigned char cls, uint16_t machine, unsigned char data,
				   uint32_t flags)
{
	int is64 = cls == ELFCLASS64, le = data == ELFDATA2LSB;
	switch (machine) {
	case EM_X86_64:
		return is64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
	case EM_386:
		return "i386-linux-gnu";
	case EM_AARCH64:
		return is64 ? (le ? "aarch64-linux-gnu" : "aarch64_be-linux-gnu")
			    : "aarch64-linux-gnu_ilp32";
	case EM_ARM:
		/* EF_ARM_ABI_FLOAT_HARD */
		return (flags & 0x400) ? "arm-linux-gnueabihf" : "arm-linux-gnueabi";
	case EM_PPC64:
		return le ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu";
	case EM_PPC:
		return "powerpc-linux-gnu";
	case EM_S390:
		return is64 ? "s390x-linux-gnu" : "s390-linux-gnu";
	case EM_RISCV:
		return is64 ? "riscv64-linux-gnu" : "riscv32-linux-gnu";
	case EM_SPARCV9:
		return "sparc64-linux-gnu";
	case EM_IA_64:
		return "ia64-linux-gnu";
	case EM_ALPHA:
		return "alpha-linux-gnu";
	case EM_68K:
		return "m68k-linux-gnu";
	case EM_SH:
		return "sh4-linux-gnu";
	case EM_MIPS:
		if (is64)
			return le ? "mips64el-linux-gnuabi64" : "mips64-linux-gnuabi64";
		return le ? "mipsel-linux-gnu" : "mips-linux-gnu";
#ifdef EM_LOONGARCH
	case EM_LOONGARCH:
		return "loongarch64-linux-gnu";
#endif
	default:
		return "";
	}
}

int elf_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

#if defined(__x86_64__) || defined(__i386__)
/* The x86 CPU features ld.so's choices depend on, "active" meaning usable:
 * present and, for AVX and AVX-512, their registers saved by the OS. */
struct x86_features {
	int cx16, lahf, popcnt, sse3, sse41, sse42, ssse3;			 /* x86-64-v2 */
	int avx, avx2, bmi1, bmi2, f16c, fma, lzcnt, movbe;			 /* x86-64-v3 */
	int avx512f, avx512bw, avx512cd, avx512dq, avx512vl, avx512er, avx512pf; /* v4, xeon_phi */
};

#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
/*
 * glibc 2.33+ hands out what ld.so computed at start-up: no CPUID (which
 * costs tens of microseconds in a virtual machine), and the same answer as
 * ld.so, tunables included.  Read like CPU_FEATURE_ACTIVE() but with an
 * unsigned shift: the header's 1 << 31 is undefined behaviour.
 */
static int x86_active(unsigned index)
{
	const unsigned bits = 8 * sizeof(unsigned);
	const struct cpuid_feature *f = __x86_get_cpuid_feature_leaf(index / (4 * bits));
	unsigned reg = index % (4 * bits);
	return f && (f->active_array[reg / bits] >> (reg % bits)) & 1U;
}

static void x86_features(struct x86_features *f)
{
	f->cx16 = x86_active(x86_cpu_CMPXCHG16B);
	f->lahf = x86_active(x86_cpu_LAHF64_SAHF64);
	f->popcnt = x86_active(x86_cpu_POPCNT);
	f->sse3 = x86_active(x86_cpu_SSE3);
	f->sse41 = x86_active(x86_cpu_SSE4_1);
	f->sse42 = x86_active(x86_cpu_SSE4_2);
	f->ssse3 = x86_active(x86_cpu_SSSE3);
	f->avx = x86_active(x86_cpu_AVX);
	f->avx2 = x86_active(x86_cpu_AVX2);
	f->bmi1 = x86_active(x86_cpu_BMI1);
	f->bmi2 = x86_active(x86_cpu_BMI2);
	f->f16c = x86_active(x86_cpu_F16C);
	f->fma = x86_active(x86_cpu_FMA);
	f->lzcnt = x86_active(x86_cpu_LZCNT);
	f->movbe = x86_active(x86_cpu_MOVBE);
	f->avx512f = x86_active(x86_cpu_AVX512F);
	f->avx512bw = x86_active(x86_cpu_AVX512BW);
	f->avx512cd = x86_active(x86_cpu_AVX512CD);
	f->avx512dq = x86_active(x86_cpu_AVX512DQ);
	f->avx512vl = x86_active(x86_cpu_AVX512VL);
	f->avx512er = x86_active(x86_cpu_AVX512ER);
	f->avx512pf = x86_active(x86_cpu_AVX512PF);
}
#else
static void x86_features(struct x86_features *f)
{
	unsigned a, b, c1 = 0, d, c81 = 0, b7 = 0, c7, maxleaf, os = 0, os512 = 0;
	memset(f, 0, sizeof(*f));
	if (!__get_cpuid(0, &maxleaf, &b, &c7, &d) || !__get_cpuid(1, &a, &b, &c1, &d))
		return;
	if (maxleaf >= 7)
		__cpuid_count(7, 0, a, b7, c7, d);
	if (!__get_cpuid(0x80000001, &a, &b, &c81, &d))
		c81 = 0;
	if (c1 & (1U << 27)) { /* OSXSAVE: XCR0 says which registers the OS saves */
		unsigned lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		os = (lo & 0x6) == 0x6;
		os512 = os && (lo & 0xe0) == 0xe0;
	}
#define BIT(r, n) (((r) >> (n)) & 1U)
	f->cx16 = BIT(c1, 13), f->lahf = BIT(c81, 0), f->popcnt = BIT(c1, 23);
	f->sse3 = BIT(c1, 0), f->sse41 = BIT(c1, 19), f->sse42 = BIT(c1, 20);
	f->ssse3 = BIT(c1, 9), f->avx = os && BIT(c1, 28), f->avx2 = os && BIT(b7, 5);
	f->bmi1 = BIT(b7, 3), f->bmi2 = BIT(b7, 8), f->f16c = os && BIT(c1, 29);
	f->fma = os && BIT(c1, 12), f->lzcnt = BIT(c81, 5), f->movbe = BIT(c1, 22);
	f->avx512f = os512 && BIT(b7, 16), f->avx512bw = os512 && BIT(b7, 30);
	f->avx512cd = os512 && BIT(b7, 28), f->avx512dq = os512 && BIT(b7, 17);
	f->avx512vl = os512 && BIT(b7, 31), f->avx512er = os512 && BIT(b7, 27);
	f->avx512pf = os512 && BIT(b7, 26);
#undef BIT
}
#endif

/* The highest x86-64 ISA level usable (2..4), 0 for the baseline. */
static int x86_isa_level(void)
{
	struct x86_features f;
	int v2, v3, v4;
	x86_features(&f);
	v2 = f.cx16 && f.lahf && f.popcnt && f.sse3 && f.sse41 && f.sse42 && f.ssse3;
	v3 = v2 && f.avx && f.avx2 && f.bmi1 && f.bmi2 && f.f16c && f.fma && f.lzcnt && f.movbe;
	v4 = v3 && f.avx512f && f.avx512bw && f.avx512cd && f.avx512dq && f.avx512vl;
	return v4 ? 4 : v3 ? 3 : v2 ? 2 : 0;
}

/* ld.so renames the platform of Intel CPUs (sysdeps/x86/cpu-features.c);
 * NULL keeps the kernel's AT_PLATFORM. */
static const char *x86_64_platform(void)
{
	unsigned maxleaf, vendor[3];
	struct x86_features f;
	if (!__get_cpuid(0, &maxleaf, &vendor[0], &vendor[2], &vendor[1]) ||
	    memcmp(vendor, "GenuineIntel", 12) != 0)
		return NULL;
	x86_features(&f);
	if (f.avx512cd && f.avx512er && f.avx512pf)
		return "xeon_phi";
	if (f.avx2 && f.fma && f.bmi1 && f.bmi2 && f.lzcnt && f.movbe && f.popcnt)
		return "haswell";
	return NULL;
}
#endif

/*
 * The facts of the ld.so that loads objects of this class and machine.
 * Computed on demand: most programs need none of $LIB, $PLATFORM and
 * glibc-hwcaps, and each costs system calls or CPUID.
 */
struct arch_facts *elf_arch_facts(struct ctx *c, const struct elf_info *ei)
{
	struct arch_facts *a;
	size_t i;

	for (i = 0; i < c->narch; i++)
		if (c->arch[i].cls == ei->cls && c->arch[i].machine == ei->machine)
			return &c->arch[i];
	/* Only a few kinds of objects ever meet in one call: recycle the last slot. */
	a = &c->arch[c->narch < 4 ? c->narch++ : 3];
	memset(a, 0, sizeof(*a));
	a->cls = ei->cls;
	a->machine = ei->machine;
	a->hwcaps_level = -1;
	/* Fits: the longest tuple has 24 bytes. */
	(void)snprintf(a->tuple, sizeof(a->tuple), "%s",
		       multiarch_tuple(ei->cls, ei->machine, ei->data, ei->flags));
	return a;
}

/*
 * $LIB is compiled into ld.so: Debian and Ubuntu build it as
 * "lib/<multiarch tuple>", Fedora and SUSE as "lib64" for 64-bit, others
 * as "lib".  We cannot ask ld.so without running it, so we guess from the
 * directories that exist, in that order.
 */
const char *elf_arch_lib(struct arch_facts *a)
{
	char dir[96];
	if (a->lib[0])
		return a->lib;
	/* Everything fits: a tuple has less than 48 bytes. */
	(void)snprintf(dir, sizeof(dir), "/usr/lib/%s", a->tuple);
	if (a->tuple[0] && elf_is_dir(dir))
		(void)snprintf(a->lib, sizeof(a->lib), "lib/%s", a->tuple);
	else if (a->cls == ELFCLASS64 && elf_is_dir("/usr/lib64"))
		(void)snprintf(a->lib, sizeof(a->lib), "lib64");
	else if (a->cls == ELFCLASS32 && a->machine == EM_X86_64 && elf_is_dir("/usr/libx32"))
		(void)snprintf(a->lib, sizeof(a->lib), "libx32");
	else if (a->cls == ELFCLASS32 && sizeof(void *) == 8 && elf_is_dir("/usr/lib32"))
		(void)snprintf(a->lib, sizeof(a->lib), "lib32");
	else
		(void)snprintf(a->lib, sizeof(a->lib), "lib");
	return a->lib;
}

const char *elf_arch_platform(struct arch_facts *a)
{
	const char *p = NULL;
	if (a->platform[0])
		return a->platform;
#if defined(__x86_64__) || defined(__i386__)
	if (a->machine == EM_X86_64)
		p = x86_64_platform();
	else if (a->machine == EM_386)
		p = "i686"; /* every CPU that runs this code has CMOV */
#endif
	/* AT_PLATFORM's value is the address of a string: getauxval returns
	 * every entry as an unsigned long, the cast is its documented use. */
	if (!p)
		p = (const char *)getauxval(AT_PLATFORM); /* NOLINT(performance-no-int-to-ptr) */
	/* Fits: platform names are short ("x86_64", "aarch64"). */
	(void)snprintf(a->platform, sizeof(a->platform), "%s", p ? p : "");
	return a->platform;
}

/* The highest glibc-hwcaps level usable (x86-64-v2..v4), 0 if none. */
int elf_arch_hwcaps_level(struct arch_facts *a)
{
	if (a->hwcaps_level >= 0)
		return a->hwcaps_level;
	a->hwcaps_level = 0;
#if defined(__x86_64__)
	/* glibc-hwcaps subdirectories exist for x86-64 (and POWER and Z,
	 * which this code does not know yet). */
	if (a->machine == EM_X86_64 && a->cls == ELFCLASS64)
		a->hwcaps_level = x86_isa_level();
#endif
	return a->hwcaps_level;
}
