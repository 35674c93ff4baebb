/* SPDX-License-Identifier: MIT */
/* test_elfdeps.c - the --ldd resolver (cli/elf/).
 *
 * What it finds is compared with what ldd (run here, in the test only)
 * finds for real programs and for programs built by the test with
 * RUNPATH/RPATH, $ORIGIN, $LIB and $PLATFORM; ELF32 and big-endian objects,
 * which no compiler here produces, are written byte by byte; bad files must
 * give an error naming them, never a crash; and a real sandbox granting
 * exactly what the resolver lists must let the program start, and must stop
 * it when the interpreter's execute right is missing.
 *
 * Everything is written under a fresh directory in $TMPDIR.  The checks do
 * not depend on the (emulated) Landlock ABI; the sandbox checks run on the
 * real kernel only (under emulation they would test the emulation). */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "elf/elfdeps.h"
#include "landbox.h"
#include "tap.h"

#define TRUE_BIN    "/usr/bin/true"
#define PYTHON_BIN  "/usr/bin/python3"
#define CURL_BIN    "/usr/bin/curl"
#define SEARCH_PATH "/usr/bin:/bin"
#define FUZZ_ROUNDS 300

static char dir[PATH_MAX]; /* the scratch directory, canonical */
static int dir_noexec;	   /* $TMPDIR is mounted noexec: ldd cannot load our files */

static void die(const char *what, const char *arg)
{
	printf("Bail out! %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

/* A path in the scratch directory (rotating buffers: a few may be live). */
__attribute__((format(printf, 1, 2))) static const char *at(const char *fmt, ...)
{
	static char bufs[8][PATH_MAX];
	static int i;
	char *b = bufs[i++ % 8];
	size_t n = strlen(dir);
	va_list ap;
	memcpy(b, dir, n);
	b[n++] = '/';
	va_start(ap, fmt);
	vsnprintf(b + n, PATH_MAX - n, fmt, ap);
	va_end(ap);
	return b;
}

static void write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd))
		die("write", path);
	chmod(path, mode);
}

static void mkdirs(const char *path)
{
	char buf[PATH_MAX], *p;
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	mkdir(buf, 0755);
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	if (in < 0)
		die("open", from);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
		die("create", to);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die("write", to);
	close(in);
	close(out);
}

/* ---- Sets of paths ------------------------------------------------------- */

struct set {
	char *v[256];
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the canonical form of PATH (if it exists), once. */
static void set_add(struct set *s, const char *path)
{
	char *real = realpath(path, NULL);
	size_t i;
	if (!real)
		return;
	for (i = 0; i < s->n; i++) {
		if (!strcmp(s->v[i], real)) {
			free(real);
			return;
		}
	}
	if (s->n < 256)
		s->v[s->n++] = real;
	else
		free(real);
}

static void set_sort(struct set *s)
{
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_str);
}

static void set_free(struct set *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static int set_has(const struct set *s, const char *path)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], path))
			return 1;
	return 0;
}

/* Equal sets, the differences as diagnostics. */
static int set_equal(const struct set *got, const struct set *want)
{
	size_t i;
	int eq = got->n == want->n;
	for (i = 0; i < got->n; i++) {
		if (!set_has(want, got->v[i])) {
			tap_diag("  only in elfdeps: %s", got->v[i]);
			eq = 0;
		}
	}
	for (i = 0; i < want->n; i++) {
		if (!set_has(got, want->v[i])) {
			tap_diag("  only in expected: %s", want->v[i]);
			eq = 0;
		}
	}
	return eq;
}

static void set_of_deps(struct set *s, const struct elfdeps *d)
{
	size_t i;
	for (i = 0; i < d->n; i++)
		set_add(s, d->v[i].path);
	set_sort(s);
}

/*
 * What ldd lists for PROG (plus PROG itself): "name => /path (0x...)",
 * "/path (0x...)", and into NOTFOUND (if given) "name => not found".
 * Returns -1 if ldd could not be run.
 */
static int set_of_ldd(struct set *s, struct set *notfound, const char *prog)
{
	char cmd[PATH_MAX + 64], line[PATH_MAX + 128];
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "ldd '%s' 2>/dev/null", prog);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		char *arrow = strstr(line, " => "), *path, *end;
		if (arrow && !strncmp(arrow + 4, "not found", 9)) {
			if (notfound) {
				char *name = line + strspn(line, " \t");
				*arrow = '\0';
				if (notfound->n < 256)
					notfound->v[notfound->n++] = strdup(name);
			}
			continue;
		}
		path = arrow ? arrow + 4 : line + strspn(line, " \t");
		if (*path != '/')
			continue; /* linux-vdso.so.1, statically linked, ... */
		end = path + strcspn(path, " \t\n");
		*end = '\0';
		set_add(s, path);
	}
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	set_add(s, prog);
	set_sort(s);
	return 0;
}

/* ---- Checks shared by many tests ------------------------------------------ */

static const char *kind_name(enum elfdep_kind k)
{
	switch (k) {
	case ELFDEP_PROGRAM:
		return "program";
	case ELFDEP_INTERP:
		return "interp";
	case ELFDEP_SCRIPT_INTERP:
		return "script-interp";
	case ELFDEP_LIBRARY:
		return "library";
	}
	return "?";
}

static void dump(const struct elfdeps *d)
{
	size_t i;
	for (i = 0; i < d->n; i++)
		tap_diag("  %-13s %s (needed by %s)", kind_name(d->v[i].kind), d->v[i].path,
			 d->v[i].needed_by ? d->v[i].needed_by : "-");
	for (i = 0; i < d->nmissing; i++)
		tap_diag("  missing       %s (needed by %s)", d->missing[i],
			 d->missing_by[i] ? d->missing_by[i] : "-");
}

/* The entry for PATH (canonicalized here), or NULL. */
static const struct elfdep *find(const struct elfdeps *d, const char *path)
{
	char *real = realpath(path, NULL);
	size_t i;
	const struct elfdep *e = NULL;
	for (i = 0; real && i < d->n && !e; i++)
		if (!strcmp(d->v[i].path, real))
			e = &d->v[i];
	free(real);
	return e;
}

static int has_missing(const struct elfdeps *d, const char *name, const char *by)
{
	size_t i;
	for (i = 0; i < d->nmissing; i++)
		if (!strcmp(d->missing[i], name) &&
		    (!by || (d->missing_by[i] && !strcmp(d->missing_by[i], by))))
			return 1;
	return 0;
}

/*
 * The invariants of every result: the program first, every path absolute
 * and canonical, no path twice, needed_by naming an entry listed before.
 */
static int well_formed(const struct elfdeps *d)
{
	size_t i, j;
	if (d->n == 0 || d->v[0].kind != ELFDEP_PROGRAM || d->v[0].needed_by)
		return 0;
	for (i = 0; i < d->n; i++) {
		char *real = d->v[i].path ? realpath(d->v[i].path, NULL) : NULL;
		int ok = real && !strcmp(real, d->v[i].path);
		free(real);
		if (!ok)
			return 0;
		if (i > 0 && d->v[i].kind == ELFDEP_PROGRAM)
			return 0;
		for (j = 0; j < i; j++)
			if (!strcmp(d->v[i].path, d->v[j].path))
				return 0;
		if (i > 0) {
			int found = 0;
			for (j = 0; j < d->n; j++)
				found |= d->v[i].needed_by == d->v[j].path;
			if (!found)
				return 0;
		}
	}
	return 1;
}

/* Resolve PROG and compare with ldd: same set of canonical paths. */
static void check_against_ldd(const char *prog)
{
	struct elfdeps d;
	struct set got = {0}, want = {0};
	char err[512];
	const struct elfdep *in;
	int ret;

	if (access(prog, X_OK)) {
		tap_skip("%s: not installed", prog);
		tap_skip("%s: kinds", prog);
		return;
	}
	ret = elfdeps_resolve_path(prog, SEARCH_PATH, &d, err, sizeof(err));
	if (!tap_ok(ret == 0, "%s: resolved (%s)", prog, ret ? err : "ok")) {
		tap_skip("%s: kinds", prog);
		return;
	}
	set_of_deps(&got, &d);
	if (set_of_ldd(&want, NULL, prog) < 0)
		tap_skip("%s: ldd failed", prog);
	else if (!tap_ok(set_equal(&got, &want), "%s: same %zu files as ldd", prog, want.n))
		dump(&d);
	in = d.n > 1 ? &d.v[1] : NULL;
	tap_ok(well_formed(&d) && in && in->kind == ELFDEP_INTERP && in->needed_by == d.v[0].path &&
		   d.nmissing == 0,
	       "%s: program first, then its ELF interpreter, no duplicates, nothing missing", prog);
	set_free(&got);
	set_free(&want);
	elfdeps_free(&d);
}

/* ---- Programs built by the test ---------------------------------------------- */

static int built; /* the fixtures were compiled */
static char tuple[64], platform[64];

/*
 * dir/deep/libbar.so        a leaf library (no soname)
 * dir/lib/libfoo.so         needs libbar.so, has no run path of its own
 * dir/x/{lib/TUPLE,lib64,lib}/libbaz.so    copies: which one is $LIB?
 * dir/x/lib/TUPLE/glibc-hwcaps/x86-64-v2/libbaz.so   preferred if the CPU can
 * dir/y/{PLATFORM,haswell,xeon_phi,x86_64,i686}/libqux.so   which is $PLATFORM?
 * dir/prog_runpath, dir/prog_rpath: need libfoo, libbaz, libqux; run path
 *   $ORIGIN/lib:$ORIGIN/deep:$ORIGIN/x/$LIB:$ORIGIN/y/${PLATFORM}
 *   as DT_RUNPATH (libbar then not found: RUNPATH serves only the program's
 *   own needs) and as DT_RPATH (libbar found: RPATH is inherited).
 */
static int build_fixtures(void)
{
	static const char *const plats[] = {"haswell", "xeon_phi", "x86_64", "i686", NULL};
	const char *at_platform = (const char *)getauxval(AT_PLATFORM);
	char cmd[8 * PATH_MAX];
	FILE *p;
	int i;

	p = popen("cc -print-multiarch 2>/dev/null", "r");
	if (p) {
		if (fgets(tuple, sizeof(tuple), p))
			tuple[strcspn(tuple, "\n")] = '\0';
		pclose(p);
	}
	snprintf(platform, sizeof(platform), "%s", at_platform ? at_platform : "x86_64");

	mkdirs(at("deep"));
	mkdirs(at("lib"));
	write_file(at("leaf.c"), "int leaf(void) { return 42; }\n", 30, 0644);
	write_file(at("foo.c"), "int foo(void) { return 1; }\n", 28, 0644);
	write_file(at("main.c"), "int main(void) { return 0; }\n", 29, 0644);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && cc -shared -fPIC -o deep/libbar.so leaf.c && "
		 "cc -shared -fPIC -o lib/libfoo.so foo.c -Wl,--no-as-needed -Ldeep -lbar",
		 dir);
	if (system(cmd) != 0)
		return -1;
	if (tuple[0]) {
		mkdirs(at("x/lib/%s/glibc-hwcaps/x86-64-v2", tuple));
		copy_file(at("deep/libbar.so"), at("x/lib/%s/libbaz.so", tuple));
		copy_file(at("deep/libbar.so"),
			  at("x/lib/%s/glibc-hwcaps/x86-64-v2/libbaz.so", tuple));
	}
	mkdirs(at("x/lib64"));
	copy_file(at("deep/libbar.so"), at("x/lib64/libbaz.so"));
	copy_file(at("deep/libbar.so"), at("x/lib/libbaz.so"));
	mkdirs(at("y/%s", platform));
	copy_file(at("deep/libbar.so"), at("y/%s/libqux.so", platform));
	for (i = 0; plats[i]; i++) {
		mkdirs(at("y/%s", plats[i]));
		copy_file(at("deep/libbar.so"), at("y/%s/libqux.so", plats[i]));
	}
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && for t in runpath:--enable-new-dtags rpath:--disable-new-dtags; do "
		 "cc -o prog_${t%%%%:*} main.c -Wl,--no-as-needed -Llib -lfoo -Lx/lib64 -lbaz "
		 "-Ly/%s -lqux -Wl,-rpath-link,deep -Wl,${t#*:} "
		 "-Wl,-rpath,'$ORIGIN/lib:$ORIGIN/deep:$ORIGIN/x/$LIB:$ORIGIN/y/${PLATFORM}' "
		 "|| exit 1; done",
		 dir, platform);
	return system(cmd) == 0 ? 0 : -1;
}

/* Which copy of a library the resolver picked, relative to dir. */
static const char *picked(const struct elfdeps *d, const char *name)
{
	size_t i, n = strlen(name), dl = strlen(dir);
	for (i = 0; i < d->n; i++) {
		const char *p = d->v[i].path;
		size_t l = strlen(p);
		if (l > n && !strcmp(p + l - n, name) && p[l - n - 1] == '/' &&
		    !strncmp(p, dir, dl))
			return p + dl + 1;
	}
	return "(none)";
}

static void test_built(int emulated)
{
	static const char *const progs[] = {"prog_runpath", "prog_rpath"};
	int i;

	/* Compiling costs most of this test's time, and nothing here depends
	 * on Landlock: once per suite (the real-kernel pass) is enough. */
	if (emulated != -1) {
		tap_skip(
		    "RUNPATH/RPATH programs: ABI independent, checked in the real-kernel pass");
		return;
	}
	if (build_fixtures() < 0) {
		tap_skip("RUNPATH/RPATH programs: cc cannot build them here");
		return;
	}
	built = 1;
	for (i = 0; i < 2; i++) {
		const char *prog = at("%s", progs[i]);
		int runpath = i == 0;
		struct elfdeps d;
		struct set got = {0}, want = {0}, notfound = {0};
		char err[512], libfoo[PATH_MAX];
		const struct elfdep *e;
		int ret = elfdeps_resolve_path(prog, SEARCH_PATH, &d, err, sizeof(err));

		if (!tap_ok(ret == 0, "%s: resolved (%s)", progs[i], ret ? err : "ok"))
			continue;
		snprintf(libfoo, sizeof(libfoo), "%s", at("lib/libfoo.so"));
		e = find(&d, libfoo);
		tap_ok(well_formed(&d) && e && e->kind == ELFDEP_LIBRARY &&
			   e->needed_by == d.v[0].path,
		       "%s: libfoo.so found through $ORIGIN/lib, needed by the program", progs[i]);
		if (runpath) {
			tap_ok(has_missing(&d, "libbar.so", e ? e->path : NULL) &&
				   !find(&d, at("deep/libbar.so")),
			       "%s: libbar.so (needed by libfoo.so) missing: DT_RUNPATH is not "
			       "inherited",
			       progs[i]);
		} else {
			const struct elfdep *bar = find(&d, at("deep/libbar.so"));
			tap_ok(bar && e && bar->needed_by == e->path && d.nmissing == 0,
			       "%s: libbar.so found through the program's DT_RPATH, inherited by "
			       "libfoo.so",
			       progs[i]);
		}
		tap_diag("%s: $LIB chose %s, $PLATFORM chose %s", progs[i], picked(&d, "libbaz.so"),
			 picked(&d, "libqux.so"));
		set_of_deps(&got, &d);
		if (dir_noexec) {
			tap_skip("%s: same files as ldd ($TMPDIR is noexec: ldd cannot map it)",
				 progs[i]);
		} else if (set_of_ldd(&want, &notfound, prog) < 0) {
			tap_skip("%s: ldd failed", progs[i]);
		} else {
			int same_missing = notfound.n == d.nmissing;
			size_t k;
			for (k = 0; k < notfound.n; k++)
				same_missing &= has_missing(&d, notfound.v[k], NULL);
			if (!tap_ok(set_equal(&got, &want) && same_missing,
				    "%s: same %zu files and %zu missing as ldd ($LIB, $PLATFORM, "
				    "$ORIGIN, glibc-hwcaps)",
				    progs[i], want.n, notfound.n))
				dump(&d);
		}
		set_free(&got);
		set_free(&want);
		set_free(&notfound);
		elfdeps_free(&d);
	}
}

/* ---- Objects written byte by byte: ELF32, big endian, odd cases ----------------- */

#define SYN_BASE 0x10000

struct synth {
	unsigned char cls, data;
	uint16_t machine, type;
	const char *interp; /* NULL: no PT_INTERP */
	int no_dynamic;	    /* no PT_DYNAMIC */
	const char *needed[6];
	const char *runpath, *rpath, *soname;
	size_t gap; /* bytes of padding before the last needed name */
};

/* The bytes of the file, and where its parts are, so tests can break them. */
struct synth_out {
	unsigned char buf[200000];
	size_t len, phoff, phentsize, phnum, interp_off, dyn_off, dynstr_off, dynstr_len;
};

static void put(unsigned char *p, uint64_t v, int size, int be)
{
	int i;
	for (i = 0; i < size; i++)
		p[be ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static void synth_build(const struct synth *s, struct synth_out *o)
{
	int be = s->data == ELFDATA2MSB, is64 = s->cls == ELFCLASS64, w = is64 ? 8 : 4;
	size_t ehsz = is64 ? 64 : 52, phsz = is64 ? 56 : 32, dynsz = is64 ? 16 : 8;
	size_t off, strpos[10] = {0}, nstr = 0, i, nneeded = 0;
	unsigned char *b = o->buf;

	memset(o, 0, sizeof(*o));
	while (nneeded < 6 && s->needed[nneeded])
		nneeded++;
	o->phoff = ehsz;
	o->phentsize = phsz;
	o->phnum = 1 + (s->interp != NULL) + !s->no_dynamic;
	off = ehsz + o->phnum * phsz;

	if (s->interp) {
		o->interp_off = off;
		memcpy(b + off, s->interp, strlen(s->interp) + 1);
		off += strlen(s->interp) + 1;
	}
	/* .dynstr: "", the needed names (with the gap before the last), run paths, soname */
	o->dynstr_off = off;
	b[off++] = '\0';
	for (i = 0; i < nneeded; i++) {
		if (i + 1 == nneeded && s->gap)
			off += s->gap;
		strpos[nstr++] = off - o->dynstr_off;
		memcpy(b + off, s->needed[i], strlen(s->needed[i]) + 1);
		off += strlen(s->needed[i]) + 1;
	}
	{
		const char *more[3] = {s->runpath, s->rpath, s->soname};
		for (i = 0; i < 3; i++) {
			strpos[6 + i] = off - o->dynstr_off;
			if (more[i]) {
				memcpy(b + off, more[i], strlen(more[i]) + 1);
				off += strlen(more[i]) + 1;
			}
		}
	}
	o->dynstr_len = off - o->dynstr_off;
	off = (off + 7) & ~(size_t)7;
	o->dyn_off = off;
	if (!s->no_dynamic) {
		struct {
			int64_t tag;
			uint64_t val;
			int on;
		} dyn[16];
		size_t n = 0;
		for (i = 0; i < nneeded; i++)
			dyn[n].tag = DT_NEEDED, dyn[n].val = strpos[i], dyn[n++].on = 1;
		dyn[n].tag = DT_RUNPATH, dyn[n].val = strpos[6], dyn[n++].on = s->runpath != NULL;
		dyn[n].tag = DT_RPATH, dyn[n].val = strpos[7], dyn[n++].on = s->rpath != NULL;
		dyn[n].tag = DT_SONAME, dyn[n].val = strpos[8], dyn[n++].on = s->soname != NULL;
		dyn[n].tag = DT_STRTAB, dyn[n].val = SYN_BASE + o->dynstr_off, dyn[n++].on = 1;
		dyn[n].tag = DT_STRSZ, dyn[n].val = o->dynstr_len, dyn[n++].on = 1;
		dyn[n].tag = DT_NULL, dyn[n].val = 0, dyn[n++].on = 1;
		for (i = 0; i < n; i++) {
			if (!dyn[i].on)
				continue;
			put(b + off, (uint64_t)dyn[i].tag, w, be);
			put(b + off + w, dyn[i].val, w, be);
			off += dynsz;
		}
	}
	o->len = off;

	/* ELF header */
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = s->cls;
	b[EI_DATA] = s->data;
	b[EI_VERSION] = EV_CURRENT;
	put(b + 16, s->type, 2, be);
	put(b + 18, s->machine, 2, be);
	put(b + 20, EV_CURRENT, 4, be);
	put(b + (is64 ? 32 : 28), o->phoff, w, be); /* e_phoff */
	put(b + (is64 ? 52 : 40), ehsz, 2, be);	    /* e_ehsize */
	put(b + (is64 ? 54 : 42), phsz, 2, be);	    /* e_phentsize */
	put(b + (is64 ? 56 : 44), o->phnum, 2, be); /* e_phnum */

	/* Program headers: PT_LOAD of the whole file, PT_INTERP, PT_DYNAMIC */
	{
		uint32_t types[3] = {PT_LOAD, PT_INTERP, PT_DYNAMIC};
		uint64_t offs[3] = {0, o->interp_off, o->dyn_off};
		uint64_t sizes[3] = {o->len, s->interp ? strlen(s->interp) + 1 : 0,
				     o->len - o->dyn_off};
		size_t ph = 0;
		for (i = 0; i < 3; i++) {
			unsigned char *p = b + o->phoff + ph * phsz;
			if ((i == 1 && !s->interp) || (i == 2 && s->no_dynamic))
				continue;
			put(p, types[i], 4, be);
			if (is64) {
				put(p + 8, offs[i], 8, be);
				put(p + 16, SYN_BASE + offs[i], 8, be);
				put(p + 24, SYN_BASE + offs[i], 8, be);
				put(p + 32, sizes[i], 8, be);
				put(p + 40, sizes[i], 8, be);
			} else {
				put(p + 4, offs[i], 4, be);
				put(p + 8, SYN_BASE + offs[i], 4, be);
				put(p + 12, SYN_BASE + offs[i], 4, be);
				put(p + 16, sizes[i], 4, be);
				put(p + 20, sizes[i], 4, be);
			}
			ph++;
		}
	}
}

static struct synth_out so; /* big: static */

static void synth_write(const char *path, const struct synth *s)
{
	synth_build(s, &so);
	write_file(path, so.buf, so.len, 0755);
}

/* Resolve PATH; the error message goes to ERR. */
static int resolve(const char *path, struct elfdeps *d, char *err, size_t len)
{
	return elfdeps_resolve_path(path, SEARCH_PATH, d, err, len);
}

/*
 * Foreign objects: an ELF32 little-endian i386 program and an ELF64
 * big-endian s390x one, each with its own synthetic loader, a library
 * directory holding a decoy of the wrong class or machine first, and
 * libraries found through DT_RPATH, ${ORIGIN}, a soname and a name with '/'.
 */
static void test_synthetic(void)
{
	struct {
		const char *tag;
		unsigned char cls, data;
		uint16_t machine;
		unsigned char decoy_cls;
		uint16_t decoy_machine;
	} cases[] = {
	    {"elf32-le-i386", ELFCLASS32, ELFDATA2LSB, EM_386, ELFCLASS64, EM_X86_64},
	    {"elf64-be-s390x", ELFCLASS64, ELFDATA2MSB, EM_S390, ELFCLASS64, EM_PPC64},
	    {"elf32-be-mips", ELFCLASS32, ELFDATA2MSB, EM_MIPS, ELFCLASS32, EM_386},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].tag;
		struct synth s = {.cls = cases[i].cls,
				  .data = cases[i].data,
				  .machine = cases[i].machine,
				  .type = ET_DYN};
		struct elfdeps d;
		char err[512], prog[PATH_MAX], ldso[PATH_MAX], liba[PATH_MAX], libb[PATH_MAX],
		    libc_[PATH_MAX], decoy[PATH_MAX];
		const struct elfdep *ea, *eb, *ec, *ei;
		int ret;

		mkdirs(at("%s/decoy", t));
		mkdirs(at("%s/good", t));
		mkdirs(at("%s/sub", t));
		snprintf(prog, sizeof(prog), "%s", at("%s/prog", t));
		snprintf(ldso, sizeof(ldso), "%s", at("%s/ld.so", t));
		snprintf(liba, sizeof(liba), "%s", at("%s/good/liba.so.1", t));
		snprintf(libb, sizeof(libb), "%s", at("%s/good/libb.so", t));
		snprintf(libc_, sizeof(libc_), "%s", at("%s/sub/libslash.so", t));
		snprintf(decoy, sizeof(decoy), "%s", at("%s/decoy/liba.so.1", t));

		/* The loader: an ET_DYN with a soname, needing nothing. */
		s.soname = "ld-synth.so.1";
		synth_write(ldso, &s);
		/* liba.so.1: soname "liba.so.1", needs libb.so (found through the
		 * program's DT_RPATH: liba has no run path) and the loader by soname. */
		s.soname = "liba.so.1";
		s.needed[0] = "libb.so";
		s.needed[1] = "ld-synth.so.1";
		synth_write(liba, &s);
		memset(s.needed, 0, sizeof(s.needed));
		s.soname = NULL;
		synth_write(libb, &s);
		synth_write(libc_, &s);
		/* The decoy: same name, wrong class or machine, first in the path. */
		{
			struct synth dc = s;
			dc.cls = cases[i].decoy_cls;
			dc.machine = cases[i].decoy_machine;
			dc.data = ELFDATA2LSB;
			synth_write(decoy, &dc);
		}
		/* The program: interpreter, DT_RPATH with ${ORIGIN} and a missing
		 * directory, a name with '/', a missing library, liba twice (by a
		 * symlink name: one object). */
		if (symlink("liba.so.1", at("%s/good/liba-alias.so", t)))
			die("symlink", at("%s/good/liba-alias.so", t));
		s.interp = ldso;
		s.rpath = "/nonexistent/dir:${ORIGIN}/decoy:$ORIGIN/good";
		s.needed[0] = "liba.so.1";
		s.needed[1] = "$ORIGIN/sub/libslash.so";
		s.needed[2] = "libmissing-synth.so.7";
		s.needed[3] = "liba-alias.so";
		s.type = ET_EXEC;
		synth_write(prog, &s);

		ret = resolve(prog, &d, err, sizeof(err));
		if (!tap_ok(ret == 0, "%s: resolved (%s)", t, ret ? err : "ok"))
			continue;
		ei = find(&d, ldso);
		ea = find(&d, liba);
		eb = find(&d, libb);
		ec = find(&d, libc_);
		if (!tap_ok(well_formed(&d) && d.n == 5 && ei && ei->kind == ELFDEP_INTERP && ea &&
				ea->kind == ELFDEP_LIBRARY && ea->needed_by == d.v[0].path && eb &&
				eb->needed_by == ea->path && ec && ec->needed_by == d.v[0].path &&
				!find(&d, decoy),
			    "%s: interpreter, decoy of another class/machine skipped, RPATH "
			    "inherited, ${ORIGIN}, '/' names, aliases once",
			    t))
			dump(&d);
		tap_ok(d.nmissing == 1 && has_missing(&d, "libmissing-synth.so.7", d.v[0].path),
		       "%s: the missing library is reported with the program needing it", t);
		elfdeps_free(&d);
	}
}

/* Names far apart in .dynstr (read one by one), DT_RUNPATH with $ORIGIN,
 * a static program, and a static-pie one (PT_DYNAMIC, no PT_INTERP). */
static void test_synthetic_more(void)
{
	struct synth s = {
	    .cls = ELFCLASS64, .data = ELFDATA2LSB, .machine = EM_X86_64, .type = ET_DYN};
	struct elfdeps d;
	char err[512], ldso[PATH_MAX];
	int ret;

	mkdirs(at("far/l"));
	snprintf(ldso, sizeof(ldso), "%s", at("far/ld.so"));
	synth_write(ldso, &s);
	synth_write(at("far/l/libnear.so"), &s);
	synth_write(at("far/l/libfar.so"), &s);
	s.interp = ldso;
	s.runpath = "$ORIGIN/l";
	s.needed[0] = "libnear.so";
	s.needed[1] = "libfar.so";
	s.gap = 150000;
	synth_write(at("far/prog"), &s);
	ret = resolve(at("far/prog"), &d, err, sizeof(err));
	tap_ok(ret == 0 && d.n == 4 && find(&d, at("far/l/libfar.so")) &&
		   find(&d, at("far/l/libnear.so")),
	       "names 150 kB apart in .dynstr, DT_RUNPATH $ORIGIN/l: %s", ret ? err : "ok");
	elfdeps_free(&d);

	memset(&s, 0, sizeof(s));
	s.cls = ELFCLASS64, s.data = ELFDATA2LSB, s.machine = EM_X86_64, s.type = ET_EXEC;
	s.no_dynamic = 1;
	synth_write(at("far/static"), &s);
	ret = resolve(at("far/static"), &d, err, sizeof(err));
	tap_ok(ret == 0 && d.n == 1 && d.v[0].kind == ELFDEP_PROGRAM && !d.nmissing,
	       "static program: itself only");
	elfdeps_free(&d);

	s.no_dynamic = 0;
	s.type = ET_DYN;
	s.needed[0] = "libc.so.6";
	synth_write(at("far/static-pie"), &s);
	ret = resolve(at("far/static-pie"), &d, err, sizeof(err));
	tap_ok(ret == 0 && d.n == 1 && !d.nmissing,
	       "PT_DYNAMIC without PT_INTERP (static-pie): nobody loads its DT_NEEDED");
	elfdeps_free(&d);
}

/* ---- Bad files ------------------------------------------------------------------ */

/* Resolving PATH fails with an error naming it, and leaves DEPS empty. */
static int fails_cleanly(const char *path, int *code, char *err, size_t len)
{
	struct elfdeps d;
	int ret = resolve(path, &d, err, len);
	const char *base = strrchr(path, '/');
	int ok = ret < 0 && d.n == 0 && d.v == NULL && strstr(err, base ? base + 1 : path);
	*code = ret;
	elfdeps_free(&d);
	return ok;
}

static void expect_bad(const char *tag, const char *path, int want)
{
	char err[512] = "";
	int code;
	int ok = fails_cleanly(path, &code, err, sizeof(err));
	tap_ok(ok && (!want || code == want), "%s: error %d, \"%s\"", tag, code, err);
}

/* Patch the last synthetic file and write it as NAME. */
static const char *patched(const char *name)
{
	const char *p = at("bad/%s", name);
	write_file(p, so.buf, so.len, 0755);
	return p;
}

static void test_bad_files(void)
{
	struct synth s = {.cls = ELFCLASS64,
			  .data = ELFDATA2LSB,
			  .machine = EM_X86_64,
			  .type = ET_EXEC,
			  .interp = "/lib64/ld-linux-x86-64.so.2",
			  .needed = {"libc.so.6"}};
	unsigned char rnd[512];
	char *true_bytes;
	size_t true_len, i;
	const size_t cuts[] = {4, 16, 52, 63, 64, 100, 500, 1000, 4096};
	int fd;
	struct stat st;

	mkdirs(at("bad"));
	for (i = 0; i < sizeof(rnd); i++)
		rnd[i] = (unsigned char)(i * 131 + 7);
	write_file(at("bad/garbage"), rnd, sizeof(rnd), 0755);
	expect_bad("garbage", at("bad/garbage"), -ENOEXEC);
	write_file(at("bad/empty"), "", 0, 0755);
	expect_bad("empty file", at("bad/empty"), -ENOEXEC);
	expect_bad("missing file", at("bad/nonexistent"), -ENOENT);
	expect_bad("directory", at("bad"), -EACCES);
	mkfifo(at("bad/fifo"), 0755);
	expect_bad("FIFO (must not block)", at("bad/fifo"), -EACCES);
	write_file(at("bad/noline"), "#!", 2, 0755);
	expect_bad("#! with no interpreter", at("bad/noline"), -ENOEXEC);
	{
		char longline[300];
		memset(longline, 'a', sizeof(longline));
		memcpy(longline, "#!/", 3);
		write_file(at("bad/longline"), longline, sizeof(longline), 0755);
		expect_bad("#! interpreter name longer than 256 bytes", at("bad/longline"),
			   -ENOEXEC);
	}
	{
		char self[PATH_MAX + 3];
		snprintf(self, sizeof(self), "#!%s\n", at("bad/loop"));
		write_file(at("bad/loop"), self, strlen(self), 0755);
		expect_bad("#! script that is its own interpreter", at("bad/loop"), -ELOOP);
	}
	write_file(at("bad/nointerp"), "#!/nonexistent/interp\n", 22, 0755);
	expect_bad("#! interpreter missing", at("bad/nointerp"), -ENOENT);

	/* Truncated copies of a real program. */
	fd = open(TRUE_BIN, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		die("open", TRUE_BIN);
	true_len = (size_t)st.st_size;
	true_bytes = malloc(true_len);
	if (!true_bytes || read(fd, true_bytes, true_len) != (ssize_t)true_len)
		die("read", TRUE_BIN);
	close(fd);
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		char tag[64];
		snprintf(tag, sizeof(tag), "%s cut to %zu bytes", TRUE_BIN, cuts[i]);
		write_file(at("bad/cut"), true_bytes, cuts[i], 0755);
		expect_bad(tag, at("bad/cut"), -ENOEXEC);
	}

	/* Synthetic files broken one field at a time. */
#define BROKEN(name, patch)                                                                        \
	do {                                                                                       \
		synth_build(&s, &so);                                                              \
		patch;                                                                             \
		expect_bad(name, patched(name), 0);                                                \
	} while (0)
	BROKEN("e_phoff near 2^64", put(so.buf + 32, 0xffffffffffffff00ULL, 8, 0));
	BROKEN("e_phentsize too small", put(so.buf + 54, 8, 2, 0));
	BROKEN("e_phnum huge", put(so.buf + 56, 0xfff0, 2, 0));
	BROKEN("PN_XNUM, no section header", put(so.buf + 56, PN_XNUM, 2, 0));
	BROKEN("bad EI_CLASS", so.buf[EI_CLASS] = 7);
	BROKEN("PT_LOAD beyond the file", put(so.buf + so.phoff + 32, 1ULL << 40, 8, 0));
	BROKEN("PT_INTERP offset past the end",
	       put(so.buf + so.phoff + so.phentsize + 8, 0xfffffffffff0ULL, 8, 0));
	BROKEN("PT_INTERP not NUL-terminated", so.buf[so.interp_off + strlen(s.interp)] = 'x');
	BROKEN("PT_DYNAMIC offset + size overflows",
	       put(so.buf + so.phoff + 2 * so.phentsize + 8, 0xfffffffffffffff8ULL, 8, 0));
	BROKEN("DT_STRTAB outside every PT_LOAD",
	       put(so.buf + so.dyn_off + 16 + 8, 0x7000000, 8, 0));
	BROKEN("DT_STRSZ past the end", put(so.buf + so.dyn_off + 32 + 8, 1ULL << 33, 8, 0));
	BROKEN("DT_NEEDED offset past DT_STRSZ", put(so.buf + so.dyn_off + 8, 1ULL << 20, 8, 0));
	BROKEN("string table not terminated",
	       memset(so.buf + so.dynstr_off + 1, 'x', so.dynstr_len - 1));
	s.interp = at("bad/garbage");
	BROKEN("ELF interpreter is not ELF", (void)0);
	s.interp = "/nonexistent/ld.so";
	BROKEN("ELF interpreter missing", (void)0);
#undef BROKEN

	/* Random damage: any outcome but a crash (ASan builds catch overreads). */
	{
		unsigned seed = 12345;
		int n, errors = 0, oks = 0;
		char err[512];
		s.interp = "/lib64/ld-linux-x86-64.so.2";
		for (n = 0; n < FUZZ_ROUNDS; n++) {
			struct elfdeps d;
			unsigned char *b = n % 2 ? so.buf : (unsigned char *)true_bytes;
			unsigned char saved[4];
			size_t pos[4], len;
			int k, ret;
			/* Odd rounds: the synthetic file; even: the first 8 kB of true. */
			if (n % 2)
				synth_build(&s, &so);
			len = n % 2 ? so.len : (true_len < 8192 ? true_len : 8192);
			for (k = 0; k < 4; k++) {
				seed = seed * 1103515245 + 12345;
				pos[k] = (seed >> 8) % len;
				saved[k] = b[pos[k]];
				b[pos[k]] ^= (unsigned char)(1 + (seed >> 20) % 255);
			}
			write_file(at("bad/fuzz"), b, n % 2 ? len : true_len, 0755);
			for (k = 3; k >= 0; k--)
				b[pos[k]] = saved[k];
			err[0] = '\0';
			ret = resolve(at("bad/fuzz"), &d, err, sizeof(err));
			if (ret < 0)
				errors += err[0] != '\0';
			else
				oks += well_formed(&d);
			elfdeps_free(&d);
		}
		tap_ok(
		    errors + oks == FUZZ_ROUNDS,
		    "%d randomly damaged files: %d errors with a message, %d well-formed results",
		    FUZZ_ROUNDS, errors, oks);
	}
	free(true_bytes);
}

/* ---- Scripts ---------------------------------------------------------------------- */

static void add_ldd(struct set *s, const char *prog)
{
	struct set t = {0};
	if (set_of_ldd(&t, NULL, prog) == 0)
		for (size_t i = 0; i < t.n; i++)
			set_add(s, t.v[i]);
	set_free(&t);
	set_sort(s);
}

static void test_scripts(void)
{
	struct elfdeps d;
	struct set got = {0}, want = {0};
	char err[512];
	const struct elfdep *e;
	const char *sh = at("s/sh-script"), *py = at("s/py-script"), *pys = at("s/py-S-script"),
		   *nope = at("s/env-missing");
	int ret;

	mkdirs(at("s"));
	write_file(sh, "#!/bin/sh\necho hi\n", 18, 0755);
	ret = resolve(sh, &d, err, sizeof(err));
	e = find(&d, "/bin/sh");
	set_of_deps(&got, &d);
	set_add(&want, sh);
	add_ldd(&want, "/bin/sh");
	tap_ok(ret == 0 && well_formed(&d) && e && e->kind == ELFDEP_SCRIPT_INTERP &&
		   e->needed_by == d.v[0].path && set_equal(&got, &want),
	       "#!/bin/sh script: the script, sh as its interpreter, sh's loader and libraries");
	set_free(&got);
	set_free(&want);
	elfdeps_free(&d);

	if (access(PYTHON_BIN, X_OK)) {
		tap_skip("#!/usr/bin/env python3: no python3");
		tap_skip("#!/usr/bin/env -S python3 -u: no python3");
	} else {
		const char *const scripts[2] = {py, pys};
		const char *const text[2] = {"#!/usr/bin/env python3\nprint(1)\n",
					     "#!/usr/bin/env -S python3 -u\nprint(1)\n"};
		char python[PATH_MAX], env[PATH_MAX];
		int i;
		snprintf(python, sizeof(python), "%s", PYTHON_BIN);
		snprintf(env, sizeof(env), "/usr/bin/env");
		for (i = 0; i < 2; i++) {
			const struct elfdep *ee, *ep;
			write_file(scripts[i], text[i], strlen(text[i]), 0755);
			ret = resolve(scripts[i], &d, err, sizeof(err));
			ee = find(&d, env);
			ep = find(&d, python);
			set_of_deps(&got, &d);
			set_add(&want, scripts[i]);
			add_ldd(&want, env);
			add_ldd(&want, python);
			if (!tap_ok(ret == 0 && well_formed(&d) && ee &&
					ee->kind == ELFDEP_SCRIPT_INTERP && ep &&
					ep->kind == ELFDEP_SCRIPT_INTERP &&
					ep->needed_by == d.v[0].path && set_equal(&got, &want),
				    "%.*s: env and python3 (PATH %s) as interpreters, with their "
				    "libraries",
				    (int)strcspn(text[i], "\n"), text[i], SEARCH_PATH))
				dump(&d);
			set_free(&got);
			set_free(&want);
			elfdeps_free(&d);
		}
	}

	write_file(nope, "#!/usr/bin/env landbox-no-such-command\n", 39, 0755);
	ret = resolve(nope, &d, err, sizeof(err));
	tap_ok(ret == 0 && has_missing(&d, "landbox-no-such-command", d.v[0].path),
	       "#!/usr/bin/env with a command not in PATH: reported missing");
	elfdeps_free(&d);
}

/* ---- PATH lookup ---------------------------------------------------------------------- */

static void test_find_in_path(void)
{
	char out[PATH_MAX], path[3 * PATH_MAX];
	int ret;

	mkdirs(at("p/noexec"));
	mkdirs(at("p/exec"));
	mkdirs(at("p/dironly/lbtool"));
	write_file(at("p/noexec/lbtool"), "#!/bin/sh\n", 10, 0644);
	write_file(at("p/exec/lbtool"), "#!/bin/sh\n", 10, 0755);

	snprintf(path, sizeof(path), "/nonexistent:%s:%s", at("p/noexec"), at("p/exec"));
	ret = elfdeps_find_in_path("lbtool", path, out, sizeof(out));
	tap_ok(ret == 0 && !strcmp(out, at("p/exec/lbtool")),
	       "find_in_path: a non-executable match is passed over, as execvp does (%s)",
	       ret ? strerror(-ret) : out);
	snprintf(path, sizeof(path), "%s:%s", at("p/dironly"), at("p/noexec"));
	ret = elfdeps_find_in_path("lbtool", path, out, sizeof(out));
	tap_ok(ret == -EACCES, "find_in_path: only a directory and a non-executable file: EACCES");
	ret = elfdeps_find_in_path("landbox-no-such-command", SEARCH_PATH, out, sizeof(out));
	tap_ok(ret == -ENOENT, "find_in_path: not found: ENOENT");
	ret = elfdeps_find_in_path("true", SEARCH_PATH, out, sizeof(out));
	tap_ok(ret == 0 && !strcmp(out, "/usr/bin/true"), "find_in_path: true in %s: %s",
	       SEARCH_PATH, ret ? strerror(-ret) : out);
	ret = elfdeps_find_in_path(at("p/noexec/lbtool"), SEARCH_PATH, out, sizeof(out));
	tap_ok(ret == -EACCES,
	       "find_in_path: a path with '/' is taken as is (not executable: EACCES)");
	ret = elfdeps_find_in_path("true", SEARCH_PATH, out, 5);
	tap_ok(ret == -ENAMETOOLONG, "find_in_path: result longer than the buffer: ENAMETOOLONG");
	ret = elfdeps_find_in_path("", SEARCH_PATH, out, sizeof(out));
	tap_ok(ret == -ENOENT, "find_in_path: empty name: ENOENT");
}

/* ---- A real sandbox built from the result ---------------------------------------------- */

struct sandboxed {
	const char *const *argv;
	const char *extra_ro; /* a directory to allow reading too (python's stdlib), or NULL */
	int interp_no_exec;   /* grant the ELF interpreter read_file only */
	int no_libraries;     /* grant no library (and silence the loader's complaint) */
	int out_fd;	      /* stdout of the program, or -1 */
};

/* In the child: sandbox exactly as --ldd would, then exec. */
static int run_sandboxed(void *arg)
{
	const struct sandboxed *sb = arg;
	char *const envp[] = {NULL};
	struct elfdeps d;
	struct lb_sandbox *box;
	char err[512];
	size_t i;

	if (elfdeps_resolve_path(sb->argv[0], SEARCH_PATH, &d, err, sizeof(err)))
		return 90;
	box = lb_new();
	if (!box)
		return 91;
	for (i = 0; i < d.n; i++) {
		uint64_t rights = LB_FS_READ_FILE;
		if (d.v[i].kind != ELFDEP_LIBRARY)
			rights |= LB_FS_EXECUTE;
		if (d.v[i].kind == ELFDEP_INTERP && sb->interp_no_exec)
			rights = LB_FS_READ_FILE;
		if (d.v[i].kind == ELFDEP_LIBRARY && sb->no_libraries)
			continue;
		if (lb_allow_path(box, d.v[i].path, rights, 0))
			return 92;
	}
	if (sb->extra_ro && lb_allow_path(box, sb->extra_ro, LB_FS_READ_FILE | LB_FS_READ_DIR, 0))
		return 93;
	if (lb_restrict(box, NULL))
		return 94;
	lb_free(box);
	if (sb->out_fd >= 0)
		dup2(sb->out_fd, 1);
	if (sb->no_libraries && sb->out_fd >= 0)
		dup2(sb->out_fd, 2);
	execve(sb->argv[0], (char *const *)sb->argv, envp);
	return errno == EACCES ? 113 : 100;
}

static void test_sandbox(int emulated)
{
	static const char *const true_argv[] = {TRUE_BIN, NULL};
	static const char *const py_argv[] = {PYTHON_BIN, "-c", "print(1)", NULL};
	struct sandboxed sb = {.argv = true_argv, .out_fd = -1};
	int st;

	if (emulated != -1 || lb_abi() < 1) {
		tap_skip("sandbox: runs on the real kernel with Landlock only");
		tap_skip("sandbox: interpreter without execute");
		tap_skip("sandbox: without the libraries");
		tap_skip("sandbox: python3");
		tap_skip("sandbox: script");
		return;
	}
	st = tap_child(run_sandboxed, &sb);
	tap_ok(st == 0, "sandbox: %s runs with exactly its --ldd rules (status %d)", TRUE_BIN, st);
	sb.interp_no_exec = 1;
	st = tap_child(run_sandboxed, &sb);
	tap_ok(st == 113,
	       "sandbox: ELF interpreter with read_file but no execute: execve EACCES "
	       "(status %d)",
	       st);
	sb.interp_no_exec = 0;
	sb.no_libraries = 1;
	sb.out_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	st = tap_child(run_sandboxed, &sb);
	if (sb.out_fd >= 0)
		close(sb.out_fd);
	tap_ok(st == 127, "sandbox: without the libraries the loader fails (status %d, want 127)",
	       st);

	if (access(PYTHON_BIN, X_OK)) {
		tap_skip("sandbox: python3 not installed");
	} else {
		FILE *p =
		    popen(PYTHON_BIN " -c 'import os; print(os.path.dirname(os.__file__))'", "r");
		int fd = open(at("py.out"), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		char stdlib[PATH_MAX] = "", out[64] = "";
		if (p) {
			if (fgets(stdlib, sizeof(stdlib), p))
				stdlib[strcspn(stdlib, "\n")] = '\0';
			pclose(p);
		}
		sb = (struct sandboxed){.argv = py_argv, .extra_ro = stdlib, .out_fd = fd};
		st = tap_child(run_sandboxed, &sb);
		if (fd >= 0 && pread(fd, out, sizeof(out) - 1, 0) < 0)
			out[0] = '\0';
		tap_ok(st == 0 && !strcmp(out, "1\n"),
		       "sandbox: python3 -c 'print(1)' with its --ldd rules and %s readable "
		       "(status %d, output \"%.*s\")",
		       stdlib, st, (int)strcspn(out, "\n"), out);
		if (fd >= 0)
			close(fd);
	}

	{
		static const char *script_argv[] = {NULL, NULL};
		script_argv[0] = at("s/sh-script");
		sb = (struct sandboxed){.argv = script_argv,
					.out_fd = open("/dev/null", O_WRONLY | O_CLOEXEC)};
		st = tap_child(run_sandboxed, &sb);
		tap_ok(st == 0, "sandbox: a #!/bin/sh script with its --ldd rules (status %d)", st);
		if (sb.out_fd >= 0)
			close(sb.out_fd);
	}
}

/* ---- Cleaning up -------------------------------------------------------------------- */

/* ---- ld.so.cache images (elfdeps_cache_lookup_buf) ------------------------ */

/* A new-format cache at BUF + AT (after an old table of OLDN entries when
 * OLDN >= 0) with one x86-64 entry libfoo.so.1 => /opt/foo/libfoo.so.1.
 * Returns the image's length. */
static size_t cache_image(unsigned char *buf, size_t cap, long oldn)
{
	static const char key[] = "libfoo.so.1", value[] = "/opt/foo/libfoo.so.1";
	size_t hdr = 0, n;
	uint32_t u;
	int32_t flags = 0x0303;

	memset(buf, 0, cap);
	if (oldn >= 0) {
		memcpy(buf, "ld.so-1.7.0", 11);
		u = (uint32_t)oldn;
		memcpy(buf + 12, &u, 4);
		hdr = (16 + (size_t)oldn * 12 + 7) & ~(size_t)7;
	}
	n = 48 + 24; /* header, one entry, then the strings */
	memcpy(buf + hdr, "glibc-ld.so.cache1.1", 20);
	u = 1;
	memcpy(buf + hdr + 20, &u, 4);
	u = sizeof(key) + sizeof(value);
	memcpy(buf + hdr + 24, &u, 4);
	memcpy(buf + hdr + 48, &flags, 4);
	u = (uint32_t)n;
	memcpy(buf + hdr + 48 + 4, &u, 4);
	memcpy(buf + hdr + n, key, sizeof(key));
	u = (uint32_t)(n + sizeof(key));
	memcpy(buf + hdr + 48 + 8, &u, 4);
	memcpy(buf + hdr + n + sizeof(key), value, sizeof(value));
	return hdr + n + sizeof(key) + sizeof(value);
}

static void test_cache_images(void)
{
	static unsigned char img[512];
	const char *out[4];
	size_t len, got, page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *map, *heap;

	len = cache_image(img, sizeof(img), -1);
	got = elfdeps_cache_lookup_buf(img, len, "libfoo.so.1", ELFCLASS64, EM_X86_64, out, 4);
	tap_ok(got == 1 && !strcmp(out[0], "/opt/foo/libfoo.so.1"),
	       "ld.so.cache image (new format): libfoo.so.1 found");
	got = elfdeps_cache_lookup_buf(img, len, "libbar.so.1", ELFCLASS64, EM_X86_64, out, 4);
	tap_ok(got == 0, "ld.so.cache image: a name it does not hold is not found");
	len = cache_image(img, sizeof(img), 1);
	got = elfdeps_cache_lookup_buf(img, len, "libfoo.so.1", ELFCLASS64, EM_X86_64, out, 4);
	tap_ok(got == 1 && !strcmp(out[0], "/opt/foo/libfoo.so.1"),
	       "ld.so.cache image (old table, then the new one 8-aligned): found");

	/*
	 * The old table of 339 entries ends at byte 4084, the end of the image;
	 * rounded up to 8 the new header would start at 4088, past the end.
	 * The image ends right before a page that cannot be read (and, for
	 * AddressSanitizer, on the heap), so that reading past it crashes.
	 */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + page, page, PROT_NONE))
		die("mmap", "guard page");
	len = 4084;
	memset(map + page - len, 0, len);
	memcpy(map + page - len, "ld.so-1.7.0", 11);
	memcpy(map + page - len + 12, &(uint32_t){339}, 4);
	got = elfdeps_cache_lookup_buf(map + page - len, len, "libc.so.6", ELFCLASS64, EM_X86_64,
				       out, 4);
	tap_ok(got == 0,
	       "ld.so.cache of %zu bytes whose old table ends at its end: ignored, "
	       "nothing read past it",
	       len);
	heap = malloc(len);
	if (!heap)
		die("malloc", "cache");
	memcpy(heap, map + page - len, len);
	got = elfdeps_cache_lookup_buf(heap, len, "libc.so.6", ELFCLASS64, EM_X86_64, out, 4);
	tap_ok(got == 0, "the same image on the heap: ignored");
	free(heap);
	munmap(map, 2 * page);
}

static void cleanup(void)
{
	char cmd[PATH_MAX + 16];
	if (getenv("LB_KEEP_TMP"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
}

/* ---- a library's closure (elfdeps_resolve_library, for learn) ------------ */

static void test_library(void)
{
	struct elfdeps prog, lib;
	char err[512];
	const char *libcurl = NULL;
	size_t in_prog = 0, has_libc = 0;
	int ret;

	if (elfdeps_resolve(CURL_BIN, &prog, err, sizeof(err)) != 0) {
		for (int i = 0; i < 4; i++)
			tap_skip("library closure: %s: %s", CURL_BIN, err);
		elfdeps_free(&prog);
		return;
	}
	for (size_t i = 0; i < prog.n && !libcurl; i++)
		if (prog.v[i].kind == ELFDEP_LIBRARY && strstr(prog.v[i].path, "/libcurl"))
			libcurl = prog.v[i].path;
	if (!libcurl) {
		for (int i = 0; i < 4; i++)
			tap_skip("library closure: %s has no libcurl", CURL_BIN);
		elfdeps_free(&prog);
		return;
	}
	ret = elfdeps_resolve_library(libcurl, &lib, err, sizeof(err));
	tap_ok(ret == 0 && lib.n > 2 && !strcmp(lib.v[0].path, libcurl) &&
		   lib.v[0].kind == ELFDEP_LIBRARY,
	       "library closure: %s and its libraries (%zu; %s)", libcurl, lib.n, err);
	/* What libcurl needs, curl needs too: the closure is part of curl's. */
	for (size_t i = 0; i < lib.n; i++) {
		has_libc += strstr(lib.v[i].path, "/libc.so") != NULL;
		for (size_t j = 0; j < prog.n; j++)
			if (!strcmp(lib.v[i].path, prog.v[j].path)) {
				in_prog++;
				break;
			}
	}
	tap_ok(lib.n && in_prog == lib.n && has_libc == 1,
	       "library closure: every library of libcurl is one of curl's, libc among them "
	       "(%zu of %zu)",
	       in_prog, lib.n);
	elfdeps_free(&lib);
	ret = elfdeps_resolve_library("/etc/passwd", &lib, err, sizeof(err));
	tap_ok(ret == -ENOEXEC && lib.n == 0, "library closure: /etc/passwd is not ELF (%d: %s)",
	       ret, err);
	elfdeps_free(&lib);
	ret = elfdeps_resolve_library("/usr/lib", &lib, err, sizeof(err));
	tap_ok(ret == -EACCES && lib.n == 0, "library closure: a directory (%d: %s)", ret, err);
	elfdeps_free(&lib);
	elfdeps_free(&prog);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	struct statvfs vfs;
	char *real;
	int emulated = tap_init();

	snprintf(dir, sizeof(dir), "%s/landbox-elfdeps-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp", dir);
	real = realpath(dir, NULL);
	if (!real || strlen(real) >= sizeof(dir))
		die("realpath", dir);
	memcpy(dir, real, strlen(real) + 1);
	free(real);
	dir_noexec = statvfs(dir, &vfs) == 0 && (vfs.f_flag & ST_NOEXEC);

	check_against_ldd(TRUE_BIN);
	check_against_ldd(PYTHON_BIN);
	check_against_ldd(CURL_BIN);
	test_built(emulated);
	test_synthetic();
	test_synthetic_more();
	test_bad_files();
	test_scripts();
	test_find_in_path();
	test_cache_images();
	test_library();
	test_sandbox(emulated);
	(void)built;
	cleanup();
	return tap_done();
}
