/* SPDX-License-Identifier: MIT */
/* trace.c - the trace source: ptrace COMMAND's process tree, catch the
 * system calls failing with EACCES/EPERM/EXDEV, and judge each against
 * landbox's policy (see trace.h). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "denial.h"
#include "landbox.h"
#include "policy-match.h"
#include "trace.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#define NATIVE_ARCH 0
#endif

/* Distinct errors that were not Landlock's kept for the report. */
#define OTHERS_MAX 32
/* After COMMAND ended: how long letting its remaining processes go may take. */
#define DETACH_MS 2000

struct inflight {
	pid_t tid;
	long nr;
	uint64_t a[6];
};

struct trace {
	const struct policy *p;
	struct audit_log *log;
	struct pmatch *pm;
	int sync[2];
	int attached;
	int exec_seen; /* COMMAND was executed: from now on everything counts */
	struct inflight *fl;
	size_t nfl, capfl;
	pid_t *tids; /* the tracees seen alive */
	size_t ntids, captids;
	char *others[OTHERS_MAX];
	size_t nothers;
	unsigned long others_more;
};

/* ---- life cycle ---------------------------------------------------------- */

struct trace *trace_new(const struct policy *p, struct audit_log *log, char *err, size_t len)
{
	struct trace *t;
	char scope[16] = "";
	int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		ssize_t n = read(fd, scope, sizeof(scope) - 1);
		scope[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	if (strtol(scope, NULL, 10) >= 3) {
		(void)snprintf(err, len,
			       "ptrace is disabled on this system "
			       "(kernel.yama.ptrace_scope = 3)");
		return NULL;
	}
	if (!NATIVE_ARCH) {
		(void)snprintf(err, len, "tracing is not supported on this architecture");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		(void)snprintf(err, len, "out of memory");
		return NULL;
	}
	t->p = p;
	t->log = log;
	t->sync[0] = t->sync[1] = -1;
	return t;
}

static void close_sync(struct trace *t)
{
	for (int i = 0; i < 2; i++) {
		if (t->sync[i] >= 0)
			close(t->sync[i]);
		t->sync[i] = -1;
	}
}

static void clear_others(struct trace *t)
{
	for (size_t i = 0; i < t->nothers; i++)
		free(t->others[i]);
	t->nothers = 0;
	t->others_more = 0;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	close_sync(t);
	pmatch_free(t->pm);
	clear_others(t);
	free(t->fl);
	free(t->tids);
	free(t);
}

int trace_set_status(struct trace *t, const struct lb_status *status)
{
	pmatch_free(t->pm);
	t->pm = pmatch_new(t->p, status);
	return t->pm ? 0 : -ENOMEM;
}

int trace_prepare(struct trace *t)
{
	close_sync(t);
	t->attached = 0;
	if (pipe2(t->sync, O_CLOEXEC))
		return -errno;
	return 0;
}

void trace_child(const struct trace *t)
{
	char c;

	if (t->sync[0] < 0)
		return;
	close(t->sync[1]);
	/* EOF (or an error) once the parent attached or gave up. */
	while (read(t->sync[0], &c, 1) < 0 && errno == EINTR)
		;
	close(t->sync[0]);
}

int trace_attach(struct trace *t, pid_t pid)
{
	const long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK |
			  PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
	int ret = 0;

	t->attached = 0;
	t->exec_seen = 0;
	t->ntids = t->nfl = 0;
	if (ptrace(PTRACE_SEIZE, pid, 0, opts) || ptrace(PTRACE_INTERRUPT, pid, 0, 0)) {
		ret = -errno;
		fprintf(stderr,
			"landbox: --explain=trace: cannot trace COMMAND: %s%s; "
			"running without explaining\n",
			strerror(errno),
			errno == EPERM ? " (is landbox itself being traced, or does a Yama "
					 "ptrace_scope forbid it?)"
				       : "");
	} else {
		t->attached = 1;
	}
	/* Release the child: it stops at once (the interrupt) if traced. */
	close_sync(t);
	return ret;
}

/* ---- the tracees ---------------------------------------------------------- */

static void tid_add(struct trace *t, pid_t tid)
{
	for (size_t i = 0; i < t->ntids; i++)
		if (t->tids[i] == tid)
			return;
	if (t->ntids == t->captids) {
		size_t cap = t->captids ? t->captids * 2 : 64;
		pid_t *n = realloc(t->tids, cap * sizeof(*n));
		if (!n)
			return; /* not let go explicitly: it is at landbox's exit */
		t->tids = n;
		t->captids = cap;
	}
	t->tids[t->ntids++] = tid;
}

static void tid_forget(struct trace *t, pid_t tid)
{
	for (size_t i = 0; i < t->ntids; i++)
		if (t->tids[i] == tid) {
			t->tids[i] = t->tids[--t->ntids];
			break;
		}
	for (size_t i = 0; i < t->nfl; i++)
		if (t->fl[i].tid == tid) {
			t->fl[i] = t->fl[--t->nfl];
			break;
		}
}

static struct inflight *inflight_get(struct trace *t, pid_t tid)
{
	for (size_t i = 0; i < t->nfl; i++)
		if (t->fl[i].tid == tid)
			return &t->fl[i];
	return NULL;
}

/* ---- reading from the tracee --------------------------------------------- */

/* Copy LEN bytes at ADDR of TID's memory; the number copied or -1. */
static ssize_t peek(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = {.iov_base = buf, .iov_len = len};
	/* An address in the tracee, never dereferenced here. */
	struct iovec remote = {.iov_base =
				   (void *)(uintptr_t)addr, /* NOLINT(performance-no-int-to-ptr) */
			       .iov_len = len};

	return process_vm_readv(tid, &local, 1, &remote, 1, 0);
}

/* A string at ADDR into BUF (LEN bytes), read page by page (a string may end
 * just before an unmapped page).  0, or -1 if unreadable or too long. */
static int peek_str(pid_t tid, uint64_t addr, char *buf, size_t len)
{
	size_t got = 0;

	if (!addr)
		return -1;
	while (got + 1 < len) {
		size_t chunk = 4096 - ((addr + got) & 4095);
		ssize_t n;

		if (chunk > len - 1 - got)
			chunk = len - 1 - got;
		n = peek(tid, addr + got, buf + got, chunk);
		if (n <= 0)
			return -1;
		if (memchr(buf + got, '\0', (size_t)n))
			return 0;
		got += (size_t)n;
	}
	return -1;
}

/* Read the one-line file /proc/TID/NAME into BUF without its newline. */
static void proc_line(pid_t tid, const char *name, char *buf, size_t len)
{
	char path[64];
	int fd;
	ssize_t n;

	buf[0] = '\0';
	(void)snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* What /proc/TID/fd/FD (or cwd for AT_FDCWD) names.  0 or -1. */
static int fd_path(pid_t tid, int fd, char *buf, size_t len)
{
	char link[64];
	ssize_t n;

	if (fd == AT_FDCWD)
		(void)snprintf(link, sizeof(link), "/proc/%d/cwd", (int)tid);
	else
		(void)snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)tid, fd);
	n = readlink(link, buf, len - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return buf[0] == '/' ? 0 : -1;
}

/* The credentials and identity of a tracee (from /proc/TID/status). */
struct creds {
	pid_t tgid;
	long uid, euid, suid, fsuid, fsgid;
	long groups[64];
	int ngroups;
	uint64_t capeff;
};

/* The numbers after KEY at the start of LINE (at most MAX) into V: their
 * count, or 0 when LINE does not start with KEY. */
static int numbers(const char *line, const char *key, long *v, int max)
{
	const size_t klen = strlen(key);
	const char *s = line + klen;
	int n = 0;

	if (strncmp(line, key, klen) != 0)
		return 0;
	while (n < max) {
		char *end;
		const long x = strtol(s, &end, 10);
		if (end == s)
			break;
		v[n++] = x;
		s = end;
	}
	return n;
}

static int read_creds(pid_t tid, struct creds *c)
{
	char path[64], line[1024];
	FILE *f;

	memset(c, 0, sizeof(*c));
	c->tgid = tid;
	(void)snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long v[4];
		if (numbers(line, "Tgid:", v, 1) == 1)
			c->tgid = (pid_t)v[0];
		else if (numbers(line, "Uid:", v, 4) == 4)
			c->uid = v[0], c->euid = v[1], c->suid = v[2], c->fsuid = v[3];
		else if (numbers(line, "Gid:", v, 4) == 4)
			c->fsgid = v[3];
		else if (!strncmp(line, "Groups:", 7))
			c->ngroups = numbers(line, "Groups:", c->groups, 64);
		else if (!strncmp(line, "CapEff:", 7))
			c->capeff = strtoull(line + 7, NULL, 16);
	}
	(void)fclose(f);
	return 0;
}

/*
 * Whether the file mode bits let C do WANT (4 read, 2 write, 1 execute) on
 * ST.  ACLs are not read: a file with an ACL is judged by its mode, and
 * the caller says "probably".
 */
static int dac_allows(const struct creds *c, const struct stat *st, int want)
{
	int bits;

	if (c->capeff & (1ULL << 1)) /* CAP_DAC_OVERRIDE */
		return !(want & 1) || S_ISDIR(st->st_mode) || (st->st_mode & 0111);
	if (want == 4 && (c->capeff & (1ULL << 2))) /* CAP_DAC_READ_SEARCH */
		return 1;
	if (c->fsuid == (long)st->st_uid)
		bits = (int)((st->st_mode >> 6) & 7);
	else {
		int in_group = c->fsgid == (long)st->st_gid;
		for (int i = 0; i < c->ngroups && !in_group; i++)
			in_group = c->groups[i] == (long)st->st_gid;
		bits = (int)(in_group ? (st->st_mode >> 3) & 7 : st->st_mode & 7);
	}
	return (bits & want) == want;
}

/* ---- paths ------------------------------------------------------------------ */

/* PATH of the tracee (relative to DIRFD) made absolute and canonical: its
 * last component followed when FOLLOW (and it exists), else only the
 * directory's.  0 or -1. */
static int resolve(pid_t tid, int dirfd, const char *path, int follow, char *out, size_t len)
{
	char full[PATH_MAX * 2], dir[PATH_MAX], canon[PATH_MAX];
	char *slash;

	if (path[0] == '/') {
		(void)snprintf(full, sizeof(full), "%s", path);
	} else {
		if (fd_path(tid, dirfd, dir, sizeof(dir)))
			return -1;
		(void)snprintf(full, sizeof(full), "%s/%s", strcmp(dir, "/") ? dir : "", path);
	}
	if (!path[0]) /* AT_EMPTY_PATH: the directory fd itself */
		(void)snprintf(full, sizeof(full), "%s", dir);
	/* Strip trailing slashes (not the root's). */
	for (size_t n = strlen(full); n > 1 && full[n - 1] == '/'; n--)
		full[n - 1] = '\0';
	if (follow && realpath(full, canon)) {
		(void)snprintf(out, len, "%s", canon);
		return 0;
	}
	slash = strrchr(full, '/');
	if (!slash)
		return -1;
	if (slash == full) {
		(void)snprintf(out, len, "%s", full);
		return 0;
	}
	*slash = '\0';
	if (!strcmp(slash + 1, ".") || !strcmp(slash + 1, "..")) {
		*slash = '/';
		if (!realpath(full, canon))
			return -1;
		(void)snprintf(out, len, "%s", canon);
		return 0;
	}
	if (!realpath(full, canon))
		return -1;
	/* Too long for a path: no object to judge. */
	if (snprintf(out, len, "%s/%s", strcmp(canon, "/") ? canon : "", slash + 1) >= (int)len)
		return -1;
	return 0;
}

/* The directory holding PATH (canonical, not the root). */
static void parent_of(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		(void)snprintf(out, len, "/");
	else
		(void)snprintf(out, len, "%.*s", (int)(slash - path), path);
}

/* ---- verdicts ----------------------------------------------------------------- */

struct call {
	struct trace *t;
	pid_t tid;
	const char *name; /* "openat" */
	int err;
	struct creds c;
};

/* A permission error that Landlock did not cause (WHY: "not Landlock's:
 * ..."), or that no option can allow. */
static void not_landlock(struct call *k, const char *object, const char *why)
{
	struct trace *t = k->t;
	char comm[64], line[PATH_MAX + 512];

	proc_line(k->tid, "comm", comm, sizeof(comm));
	(void)snprintf(line, sizeof(line), "%s %s: %s (by %s, pid %d) \u2014 %s", k->name, object,
		       strerror(k->err), comm[0] ? comm : "?", (int)k->c.tgid, why);
	/* The names come from the sandboxed program: no forged lines. */
	for (char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	for (size_t i = 0; i < t->nothers; i++)
		if (!strcmp(t->others[i], line))
			return;
	if (t->nothers == OTHERS_MAX) {
		t->others_more++;
		return;
	}
	t->others[t->nothers] = strdup(line);
	if (t->others[t->nothers])
		t->nothers++;
}

/* A Landlock denial of MASK (rights of KIND) on OBJECT. */
static void landlock(struct call *k, enum audit_kind kind, uint64_t mask, const char *object,
		     long long port, long opid, int probably)
{
	char blockers[256], comm[64], exe[PATH_MAX], link[64];
	ssize_t n;
	struct denial_event ev;

	lb_format_rights((enum lb_kind)kind, mask, ",", blockers, sizeof(blockers));
	proc_line(k->tid, "comm", comm, sizeof(comm));
	(void)snprintf(link, sizeof(link), "/proc/%d/exe", (int)k->c.tgid);
	n = readlink(link, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.mask = mask;
	ev.blockers = blockers;
	ev.object = object;
	ev.port = port;
	ev.opid = opid;
	ev.pid = k->c.tgid;
	ev.comm = comm;
	ev.exe = exe;
	ev.probably = probably;
	(void)denial_add(k->t->log, &ev);
}

/*
 * The fs rights NEED on OBJECT failed.  DAC_ST (when not NULL) is the inode
 * whose mode bits must allow WANT first: the kernel checks them before
 * Landlock, so a refusal there is not Landlock's.
 */
static void judge_fs(struct call *k, const char *object, uint64_t need, const struct stat *dac_st,
		     int want)
{
	const uint64_t enforced = pmatch_enforced(k->t->pm, LB_KIND_FS);
	const uint64_t missing = need & enforced & ~pmatch_fs(k->t->pm, object);

	if (!missing) {
		char names[256], why[512];
		lb_format_rights(LB_KIND_FS, need, ",", names, sizeof(names));
		(void)snprintf(why, sizeof(why), "not Landlock's: %s %s",
			       (need & enforced) ? "the sandbox grants"
						 : "this sandbox does not restrict",
			       names);
		not_landlock(k, object, why);
		return;
	}
	if (dac_st && !dac_allows(&k->c, dac_st, want)) {
		not_landlock(k, object,
			     "not Landlock's: the file's permission bits refuse it first");
		return;
	}
	landlock(k, AUDIT_K_FS, missing, object, -1, 0, 0);
}

/* The make_* right for a file of MODE's type. */
static uint64_t make_right(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return LB_FS_MAKE_DIR;
	case S_IFCHR:
		return LB_FS_MAKE_CHAR;
	case S_IFBLK:
		return LB_FS_MAKE_BLOCK;
	case S_IFIFO:
		return LB_FS_MAKE_FIFO;
	case S_IFSOCK:
		return LB_FS_MAKE_SOCK;
	case S_IFLNK:
		return LB_FS_MAKE_SYM;
	default:
		return LB_FS_MAKE_REG;
	}
}

/* Creating or removing an entry of PATH: the right on its directory. */
static void judge_entry(struct call *k, const char *path, uint64_t need)
{
	char dir[PATH_MAX];
	struct stat st;

	parent_of(path, dir, sizeof(dir));
	judge_fs(k, dir, need, stat(dir, &st) ? NULL : &st, 3);
}

static void judge_open(struct call *k, int dirfd, uint64_t path_addr, uint64_t flags)
{
	char path[PATH_MAX], obj[PATH_MAX];
	struct stat st;
	uint64_t need = 0;
	int want = 0;

	if (flags & O_PATH)
		return; /* Landlock does not check O_PATH opens */
	if (peek_str(k->tid, path_addr, path, sizeof(path)) ||
	    resolve(k->tid, dirfd, path, !(flags & O_NOFOLLOW), obj, sizeof(obj)))
		return;
	if (stat(obj, &st)) {
		if (flags & O_CREAT)
			judge_entry(k, obj, LB_FS_MAKE_REG);
		return;
	}
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		need = S_ISDIR(st.st_mode) ? LB_FS_READ_DIR : LB_FS_READ_FILE;
		want = 4;
		break;
	case O_WRONLY:
		need = LB_FS_WRITE_FILE;
		want = 2;
		break;
	default:
		need = LB_FS_READ_FILE | LB_FS_WRITE_FILE;
		want = 6;
		break;
	}
	if ((flags & O_TRUNC) && S_ISREG(st.st_mode))
		need |= LB_FS_TRUNCATE, want |= 2;
	judge_fs(k, obj, need, &st, want);
}

/* The interpreter a file asks for: "#!" line or ELF PT_INTERP.  0 or -1. */
static int interpreter_of(const char *file, char *out, size_t len)
{
	char head[256];
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	int ret = -1;

	if (fd < 0)
		return -1;
	n = pread(fd, head, sizeof(head) - 1, 0);
	if (n > 2 && head[0] == '#' && head[1] == '!') {
		char *s;
		head[n] = '\0';
		s = head + 2 + strspn(head + 2, " \t");
		s[strcspn(s, " \t\n")] = '\0';
		if (*s == '/') {
			(void)snprintf(out, len, "%s", s);
			ret = 0;
		}
	} else if (n >= (ssize_t)sizeof(Elf64_Ehdr) && !memcmp(head, ELFMAG, SELFMAG) &&
		   (unsigned char)head[EI_CLASS] == ELFCLASS64) {
		Elf64_Ehdr eh;
		memcpy(&eh, head, sizeof(eh));
		for (unsigned i = 0; i < eh.e_phnum && i < 64; i++) {
			Elf64_Phdr ph;
			if (pread(fd, &ph, sizeof(ph),
				  (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
			    (ssize_t)sizeof(ph))
				break;
			if (ph.p_type != PT_INTERP || ph.p_filesz == 0 || ph.p_filesz >= len)
				continue;
			if (pread(fd, out, ph.p_filesz, (off_t)ph.p_offset) ==
			    (ssize_t)ph.p_filesz) {
				out[ph.p_filesz] = '\0';
				ret = out[0] == '/' ? 0 : -1;
			}
			break;
		}
	}
	close(fd);
	return ret;
}

static void judge_exec(struct call *k, int dirfd, uint64_t path_addr, int flags)
{
	const uint64_t need = LB_FS_EXECUTE | LB_FS_READ_FILE;
	char path[PATH_MAX], obj[PATH_MAX], interp[PATH_MAX], real[PATH_MAX];
	struct stat st;

	if (peek_str(k->tid, path_addr, path, sizeof(path)) ||
	    resolve(k->tid, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), obj, sizeof(obj)) ||
	    stat(obj, &st))
		return;
	if (!dac_allows(&k->c, &st, 1)) {
		not_landlock(k, obj,
			     "not Landlock's: the file's permission bits refuse executing it");
		return;
	}
	/* The kernel opens the program, then its interpreter (ELF or #!),
	 * each needing execute and read_file. */
	if (need & pmatch_enforced(k->t->pm, LB_KIND_FS) & ~pmatch_fs(k->t->pm, obj)) {
		judge_fs(k, obj, need, NULL, 0);
		return;
	}
	if (interpreter_of(obj, interp, sizeof(interp)) == 0 && realpath(interp, real) &&
	    !stat(real, &st)) {
		judge_fs(k, real, need, &st, 1);
		return;
	}
	judge_fs(k, obj, need, NULL, 0);
}

/* rename/link from OLD to NEW (resolved, not followed). */
static void judge_move(struct call *k, const char *from, const char *to, int is_link)
{
	char fdir[PATH_MAX], tdir[PATH_MAX];
	struct stat fs, ts, src;
	uint64_t need_from = 0, need_to;
	const uint64_t enforced = pmatch_enforced(k->t->pm, LB_KIND_FS);
	int cross;

	if (lstat(from, &src))
		return;
	parent_of(from, fdir, sizeof(fdir));
	parent_of(to, tdir, sizeof(tdir));
	if (stat(fdir, &fs) || stat(tdir, &ts))
		return;
	if (k->err == EXDEV && fs.st_dev != ts.st_dev) {
		not_landlock(
		    k, from,
		    "not Landlock's: source and destination are on different file systems");
		return;
	}
	cross = fs.st_ino != ts.st_ino || fs.st_dev != ts.st_dev;
	need_to = make_right(src.st_mode);
	if (!is_link)
		need_from = S_ISDIR(src.st_mode) ? LB_FS_REMOVE_DIR : LB_FS_REMOVE_FILE;
	if (cross && k->err == EXDEV) {
		/* Reparenting needs refer on both sides; a sandbox that does
		 * not handle refer (ABI 1) always refuses it. */
		if (!(enforced & LB_FS_REFER)) {
			not_landlock(k, from,
				     "Landlock before ABI 2 (or without fs.refer) refuses every "
				     "rename and link across directories; no option allows it");
			return;
		}
		need_from |= LB_FS_REFER;
		need_to |= LB_FS_REFER;
	}
	{
		const uint64_t miss_from = need_from & enforced & ~pmatch_fs(k->t->pm, fdir);
		const uint64_t miss_to = need_to & enforced & ~pmatch_fs(k->t->pm, tdir);
		if (!miss_from && !miss_to && cross && k->err == EXDEV) {
			/* Refer granted on both sides: the moved file would gain
			 * rights in its new place (Landlock's EXDEV).  Granting
			 * them where it comes from allows it. */
			const uint64_t gained = pmatch_fs(k->t->pm, tdir) & LB_FS_FILE_RIGHTS &
						~pmatch_fs(k->t->pm, from);
			if (gained)
				landlock(k, AUDIT_K_FS, gained | LB_FS_REFER, fdir, -1, 0, 1);
			else
				not_landlock(
				    k, from,
				    "not Landlock's: the sandbox grants fs.refer on both sides");
			return;
		}
		if (!miss_from && !miss_to) {
			judge_fs(k, tdir, need_to, NULL, 0); /* says why it is not Landlock's */
			return;
		}
		if (!dac_allows(&k->c, &fs, 3) || !dac_allows(&k->c, &ts, 3)) {
			not_landlock(
			    k, from,
			    "not Landlock's: the directories' permission bits refuse it first");
			return;
		}
		if (miss_from)
			landlock(k, AUDIT_K_FS, miss_from, fdir, -1, 0, 0);
		if (miss_to)
			landlock(k, AUDIT_K_FS, miss_to, tdir, -1, 0, 0);
	}
}

/* A socket address of the tracee: family, port, address text, abstract
 * name or path. */
struct addr {
	int family;
	long long port;
	char text[PATH_MAX];
	int abstract;
};

static int peek_addr(pid_t tid, uint64_t ptr, uint64_t len, struct addr *a)
{
	struct sockaddr_storage ss;
	const size_t n = len < sizeof(ss) ? (size_t)len : sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	memset(a, 0, sizeof(*a));
	a->port = -1;
	if (!ptr || n < sizeof(sa_family_t) || peek(tid, ptr, &ss, n) != (ssize_t)n)
		return -1;
	a->family = ss.ss_family;
	if (a->family == AF_INET && n >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
		a->port = ntohs(in->sin_port);
		inet_ntop(AF_INET, &in->sin_addr, a->text, sizeof(a->text));
	} else if (a->family == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
		a->port = ntohs(in6->sin6_port);
		inet_ntop(AF_INET6, &in6->sin6_addr, a->text, sizeof(a->text));
	} else if (a->family == AF_UNIX && n > offsetof(struct sockaddr_un, sun_path)) {
		const struct sockaddr_un *un = (const struct sockaddr_un *)&ss;
		const size_t plen = n - offsetof(struct sockaddr_un, sun_path);
		if (un->sun_path[0] == '\0') {
			a->abstract = 1;
			(void)snprintf(a->text, sizeof(a->text), "@%.*s", (int)(plen - 1),
				       un->sun_path + 1);
		} else {
			(void)snprintf(a->text, sizeof(a->text), "%.*s", (int)plen, un->sun_path);
		}
	}
	return 0;
}

/* The protocol of the tracee's socket FD (IPPROTO_TCP/UDP), or -1. */
static int socket_protocol(pid_t tid, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, tid, 0), sfd, proto = -1;
	socklen_t len = sizeof(proto);

	if (pidfd < 0)
		return -1;
	sfd = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	if (sfd < 0)
		return -1;
	if (getsockopt(sfd, SOL_SOCKET, SO_PROTOCOL, &proto, &len))
		proto = -1;
	close(sfd);
	return proto;
}

/* bind (BIND), connect or send to A from socket FD. */
static void judge_net(struct call *k, int fd, const struct addr *a, int bind)
{
	const uint64_t enforced_scope = pmatch_enforced(k->t->pm, LB_KIND_SCOPE);
	const uint64_t enforced_net = pmatch_enforced(k->t->pm, LB_KIND_NET);
	uint64_t right;
	int proto, probably = 0;

	if (a->family == AF_UNIX) {
		if (a->abstract && !bind) {
			if (k->err != EPERM)
				return;
			if (!(enforced_scope & LB_SCOPE_ABSTRACT_UNIX_SOCKET)) {
				not_landlock(
				    k, a->text,
				    "not Landlock's: this sandbox does not restrict abstract "
				    "UNIX sockets");
				return;
			}
			landlock(k, AUDIT_K_SCOPE, LB_SCOPE_ABSTRACT_UNIX_SOCKET, a->text, -1, 0,
				 0);
		} else if (!a->abstract && !bind && a->text[0]) {
			char obj[PATH_MAX];
			struct stat st;
			if (resolve(k->tid, AT_FDCWD, a->text, 1, obj, sizeof(obj)) ||
			    stat(obj, &st))
				return;
			judge_fs(k, obj, LB_FS_RESOLVE_UNIX, &st, 2);
		}
		return;
	}
	if ((a->family != AF_INET && a->family != AF_INET6) || k->err != EACCES)
		return;
	proto = socket_protocol(k->tid, fd);
	if (proto < 0) {
		proto = IPPROTO_TCP;
		probably = 1;
	}
	if (proto == IPPROTO_TCP)
		right = bind ? LB_NET_BIND_TCP : LB_NET_CONNECT_TCP;
	else if (proto == IPPROTO_UDP)
		right = bind ? LB_NET_BIND_UDP : LB_NET_CONNECT_SEND_UDP;
	else
		return;
	if (!(enforced_net & right)) {
		not_landlock(
		    k, a->text,
		    "not Landlock's: this sandbox does not restrict this protocol's ports");
		return;
	}
	if (pmatch_port(k->t->pm, right, (unsigned)a->port)) {
		not_landlock(k, a->text, "not Landlock's: the sandbox grants this port");
		return;
	}
	/* Binding a privileged port fails with EACCES too, before Landlock. */
	if (bind && a->port > 0 && a->port < 1024 && !(k->c.capeff & (1ULL << 10)))
		probably = 1;
	landlock(k, AUDIT_K_NET, right, a->text, a->port, 0, probably);
}

/* Whether process PID is traced by landbox. */
static int traced_by_us(long pid)
{
	char path[64], line[256];
	long tracer = 0;
	FILE *f;

	(void)snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (numbers(line, "TracerPid:", &tracer, 1) == 1)
			break;
	(void)fclose(f);
	return tracer == (long)getpid();
}

static void judge_kill(struct call *k, long target)
{
	struct creds tc;
	char comm[64], status[64];

	if (k->err != EPERM || target <= 0)
		return;
	(void)snprintf(status, sizeof(status), "%ld", target);
	if (read_creds((pid_t)target, &tc))
		return;
	/* A tracee of ours is inside the sandbox (or one nested in it). */
	if (traced_by_us(target))
		return;
	if (!(k->c.capeff & (1ULL << 5)) /* CAP_KILL */ && k->c.euid != tc.uid &&
	    k->c.euid != tc.suid && k->c.uid != tc.uid && k->c.uid != tc.suid) {
		not_landlock(k, status, "not Landlock's: the target belongs to another user");
		return;
	}
	if (!(pmatch_enforced(k->t->pm, LB_KIND_SCOPE) & LB_SCOPE_SIGNAL)) {
		not_landlock(k, status, "not Landlock's: this sandbox does not restrict signals");
		return;
	}
	proc_line((pid_t)target, "comm", comm, sizeof(comm));
	landlock(k, AUDIT_K_SCOPE, LB_SCOPE_SIGNAL, comm, -1, target, 0);
}

/* Paths of a two-path call (rename, link) resolved without following. */
static int two_paths(struct call *k, int d1, uint64_t p1, int d2, uint64_t p2, char *a, char *b)
{
	char s1[PATH_MAX], s2[PATH_MAX];

	if (peek_str(k->tid, p1, s1, sizeof(s1)) || peek_str(k->tid, p2, s2, sizeof(s2)))
		return -1;
	if (resolve(k->tid, d1, s1, 0, a, PATH_MAX) || resolve(k->tid, d2, s2, 0, b, PATH_MAX))
		return -1;
	return 0;
}

/* One path argument, resolved (FOLLOW or not). */
static int one_path(struct call *k, int dirfd, uint64_t addr, int follow, char *out)
{
	char s[PATH_MAX];

	if (peek_str(k->tid, addr, s, sizeof(s)))
		return -1;
	return resolve(k->tid, dirfd, s, follow, out, PATH_MAX);
}

static void judge_remove(struct call *k, const char *obj, int rmdir)
{
	struct stat st;

	if (!rmdir && !lstat(obj, &st) && S_ISDIR(st.st_mode))
		rmdir = 1;
	judge_entry(k, obj, rmdir ? LB_FS_REMOVE_DIR : LB_FS_REMOVE_FILE);
}

#ifdef SYS_mkdir
/*
 * A path system call without a directory descriptor (x86_64 has them) as
 * the *at call that does the same: its arguments A rewritten into AT, its
 * own name into *NAME.  Returns the *at call's number, or -1 for another
 * call (truncate has no *at form: judged as it is).
 */
static long legacy_at(long nr, const uint64_t *a, uint64_t *at, const char **name)
{
	const uint64_t cwd = (uint64_t)(int64_t)AT_FDCWD;
	static const struct {
		long nr, at_nr;
		const char *name;
	} calls[] = {
	    {SYS_open, SYS_openat, "open"},	     {SYS_creat, SYS_openat, "creat"},
	    {SYS_mkdir, SYS_mkdirat, "mkdir"},	     {SYS_mknod, SYS_mknodat, "mknod"},
	    {SYS_unlink, SYS_unlinkat, "unlink"},    {SYS_rmdir, SYS_unlinkat, "rmdir"},
	    {SYS_symlink, SYS_symlinkat, "symlink"}, {SYS_rename, SYS_renameat, "rename"},
	    {SYS_link, SYS_linkat, "link"},
	};
	size_t i = 0;

	while (i < sizeof(calls) / sizeof(calls[0]) && calls[i].nr != nr)
		i++;
	if (i == sizeof(calls) / sizeof(calls[0]))
		return -1;
	*name = calls[i].name;
	/* The directory descriptor first, then the arguments as they were;
	 * creat's flags and rmdir's AT_REMOVEDIR added. */
	at[0] = cwd;
	at[1] = a[0];
	at[2] = a[1];
	at[3] = a[2];
	at[4] = 0;
	if (nr == SYS_creat) {
		at[2] = O_CREAT | O_WRONLY | O_TRUNC;
	} else if (nr == SYS_unlink || nr == SYS_rmdir) {
		at[2] = nr == SYS_rmdir ? AT_REMOVEDIR : 0;
	} else if (nr == SYS_symlink) { /* symlinkat(target, dirfd, path) */
		at[0] = a[0];
		at[1] = cwd;
		at[2] = a[1];
	} else if (nr == SYS_rename || nr == SYS_link) {
		at[2] = cwd;
		at[3] = a[1];
	}
	return calls[i].at_nr;
}
#endif

/* The name of the call as COMMAND made it: a legacy call keeps its own. */
static void call_name(struct call *k, const char *name)
{
	if (!k->name)
		k->name = name;
}

/* Decide about system call NR with arguments A that failed with ERR. */
static void judge(struct call *k, long nr, const uint64_t *a)
{
	char obj[PATH_MAX], obj2[PATH_MAX];
	struct addr addr;
	int d0;
#ifdef SYS_mkdir
	uint64_t at[5];
	const long at_nr = legacy_at(nr, a, at, &k->name);

	if (at_nr >= 0) {
		nr = at_nr;
		a = at;
	}
#endif
	d0 = (int)a[0];
	switch (nr) {
	case SYS_openat:
		call_name(k, "openat");
		judge_open(k, d0, a[1], a[2]);
		return;
	case SYS_openat2: {
		uint64_t how[3];
		call_name(k, "openat2");
		if (peek(k->tid, a[2], how, sizeof(how)) == (ssize_t)sizeof(how))
			judge_open(k, d0, a[1], how[0]);
		return;
	}
	case SYS_execve:
		call_name(k, "execve");
		judge_exec(k, AT_FDCWD, a[0], 0);
		return;
	case SYS_execveat:
		call_name(k, "execveat");
		judge_exec(k, d0, a[1], (int)a[4]);
		return;
#ifdef SYS_mkdir
	case SYS_truncate: /* no *at form */
		call_name(k, "truncate");
		if (!one_path(k, AT_FDCWD, a[0], 1, obj)) {
			struct stat st;
			judge_fs(k, obj, LB_FS_TRUNCATE, stat(obj, &st) ? NULL : &st, 2);
		}
		return;
#endif
	case SYS_mkdirat:
		call_name(k, "mkdirat");
		if (!one_path(k, d0, a[1], 0, obj))
			judge_entry(k, obj, LB_FS_MAKE_DIR);
		return;
	case SYS_mknodat:
		call_name(k, "mknodat");
		if (!one_path(k, d0, a[1], 0, obj))
			judge_entry(k, obj, make_right((mode_t)a[2]));
		return;
	case SYS_unlinkat:
		call_name(k, "unlinkat");
		if (!one_path(k, d0, a[1], 0, obj))
			judge_remove(k, obj, !!(a[2] & AT_REMOVEDIR));
		return;
	case SYS_symlinkat:
		call_name(k, "symlinkat");
		if (!one_path(k, (int)a[1], a[2], 0, obj))
			judge_entry(k, obj, LB_FS_MAKE_SYM);
		return;
	case SYS_renameat:
	case SYS_renameat2:
		call_name(k, nr == SYS_renameat ? "renameat" : "renameat2");
		if (!two_paths(k, d0, a[1], (int)a[2], a[3], obj, obj2))
			judge_move(k, obj, obj2, 0);
		return;
	case SYS_linkat:
		call_name(k, "linkat");
		if (!two_paths(k, d0, a[1], (int)a[2], a[3], obj, obj2))
			judge_move(k, obj, obj2, 1);
		return;
	case SYS_ftruncate:
		call_name(k, "ftruncate");
		/* truncate is bound to the descriptor when it was opened. */
		if (!fd_path(k->tid, d0, obj, sizeof(obj)))
			judge_fs(k, obj, LB_FS_TRUNCATE, NULL, 0);
		return;
	case SYS_ioctl: {
		struct stat st;
		call_name(k, "ioctl");
		if (k->err != EACCES || fd_path(k->tid, d0, obj, sizeof(obj)) || stat(obj, &st) ||
		    !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
			return;
		judge_fs(k, obj, LB_FS_IOCTL_DEV, NULL, 0);
		return;
	}
	case SYS_bind:
	case SYS_connect:
		call_name(k, nr == SYS_bind ? "bind" : "connect");
		if (!peek_addr(k->tid, a[1], a[2], &addr))
			judge_net(k, d0, &addr, nr == SYS_bind);
		return;
	case SYS_sendto:
		call_name(k, "sendto");
		if (a[4] && !peek_addr(k->tid, a[4], a[5], &addr))
			judge_net(k, d0, &addr, 0);
		return;
	case SYS_sendmsg: {
		struct msghdr mh;
		call_name(k, "sendmsg");
		if (peek(k->tid, a[1], &mh, sizeof(mh)) == (ssize_t)sizeof(mh) && mh.msg_name &&
		    !peek_addr(k->tid, (uint64_t)(uintptr_t)mh.msg_name, mh.msg_namelen, &addr))
			judge_net(k, d0, &addr, 0);
		return;
	}
	case SYS_kill:
		call_name(k, "kill");
		judge_kill(k, (long)(int)a[0]);
		return;
	case SYS_tkill:
		call_name(k, "tkill");
		judge_kill(k, (long)(int)a[0]);
		return;
	case SYS_tgkill:
		call_name(k, "tgkill");
		judge_kill(k, (long)(int)a[0]);
		return;
	default:
		return;
	}
}

/* Whether system call NR can fail because of Landlock. */
static int interesting(long nr)
{
	switch (nr) {
#ifdef SYS_open
	case SYS_open:
	case SYS_creat:
	case SYS_mkdir:
	case SYS_mknod:
	case SYS_unlink:
	case SYS_rmdir:
	case SYS_symlink:
	case SYS_rename:
	case SYS_link:
	case SYS_truncate:
#endif
	case SYS_openat:
	case SYS_openat2:
	case SYS_execve:
	case SYS_execveat:
	case SYS_mkdirat:
	case SYS_mknodat:
	case SYS_unlinkat:
	case SYS_symlinkat:
	case SYS_renameat:
	case SYS_renameat2:
	case SYS_linkat:
	case SYS_ftruncate:
	case SYS_ioctl:
	case SYS_bind:
	case SYS_connect:
	case SYS_sendto:
	case SYS_sendmsg:
	case SYS_kill:
	case SYS_tkill:
	case SYS_tgkill:
		return 1;
	default:
		return 0;
	}
}

/* A syscall-stop of TID: remember the arguments at entry, judge at exit. */
static void on_syscall(struct trace *t, pid_t tid)
{
	struct __ptrace_syscall_info info;
	struct inflight *f;

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) <= 0)
		return;
	f = inflight_get(t, tid);
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
		if (info.arch != NATIVE_ARCH || !interesting((long)info.entry.nr)) {
			if (f)
				*f = t->fl[--t->nfl];
			return;
		}
		if (!f) {
			if (t->nfl == t->capfl) {
				size_t cap = t->capfl ? t->capfl * 2 : 16;
				struct inflight *n = realloc(t->fl, cap * sizeof(*n));
				if (!n)
					return;
				t->fl = n;
				t->capfl = cap;
			}
			f = &t->fl[t->nfl++];
		}
		f->tid = tid;
		f->nr = (long)info.entry.nr;
		memcpy(f->a, info.entry.args, sizeof(f->a));
		return;
	}
	if (info.op != PTRACE_SYSCALL_INFO_EXIT || !f)
		return;
	if (info.exit.is_error &&
	    (info.exit.rval == -EACCES || info.exit.rval == -EPERM || info.exit.rval == -EXDEV) &&
	    t->pm && (t->exec_seen || f->nr == SYS_execve || f->nr == SYS_execveat)) {
		struct call k;
		memset(&k, 0, sizeof(k));
		k.t = t;
		k.tid = tid;
		k.err = (int)-info.exit.rval;
		if (!read_creds(tid, &k.c))
			judge(&k, f->nr, f->a);
	}
	f = inflight_get(t, tid); /* judge() does not move it, but be sure */
	if (f)
		*f = t->fl[--t->nfl];
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * COMMAND ended: let its remaining processes go (they would otherwise stay
 * stopped until landbox exits), each stopped first as PTRACE_DETACH needs.
 * Bounded: what is not let go in time is at landbox's exit.
 */
static void let_go(struct trace *t)
{
	const long long deadline = now_ms() + DETACH_MS;

	while (t->ntids && now_ms() < deadline) {
		const pid_t tid = t->tids[t->ntids - 1];
		int st, sig = 0;
		pid_t r;

		t->ntids--;
		if (ptrace(PTRACE_INTERRUPT, tid, 0, 0))
			continue;
		/* Polled: a process stuck in the kernel must not hold landbox. */
		while ((r = waitpid(tid, &st, __WALL | WNOHANG)) == 0 && now_ms() < deadline)
			usleep(1000);
		if (r != tid || !WIFSTOPPED(st))
			continue;
		/* A signal on its way is delivered, not lost. */
		if ((st >> 16) == 0 && WSTOPSIG(st) != (SIGTRAP | 0x80))
			sig = WSTOPSIG(st);
		(void)ptrace(PTRACE_DETACH, tid, 0, sig);
	}
}

static int plain_wait(pid_t pid, int *wstatus)
{
	while (waitpid(pid, wstatus, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int trace_wait(struct trace *t, pid_t pid, int *wstatus)
{
	audit_log_reset(t->log, 0);
	clear_others(t);
	if (!t->attached)
		return plain_wait(pid, wstatus);
	tid_add(t, pid);
	for (;;) {
		int st, sig, ev;
		pid_t tid = waitpid(-1, &st, __WALL);

		if (tid < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			tid_forget(t, tid);
			if (tid == pid) {
				*wstatus = st;
				break;
			}
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		tid_add(t, tid);
		sig = WSTOPSIG(st);
		ev = (int)((unsigned)st >> 16);
		if (sig == (SIGTRAP | 0x80)) {
			on_syscall(t, tid);
			sig = 0;
		} else if (ev == PTRACE_EVENT_STOP) {
			if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
				/* A group-stop: stay stopped, as without tracing, until
				 * SIGCONT (which is reported as another stop). */
				(void)ptrace(PTRACE_LISTEN, tid, 0, 0);
				continue;
			}
			sig = 0;
		} else if (ev) {
			if (ev == PTRACE_EVENT_EXEC) {
				t->exec_seen = 1;
				tid_forget(t, tid); /* its syscall in flight is gone */
				tid_add(t, tid);
			}
			sig = 0;
		}
		/* Otherwise a signal-delivery-stop: deliver SIG. */
		(void)ptrace(PTRACE_SYSCALL, tid, 0, sig);
	}
	let_go(t);
	return 0;
}

void trace_report_others(const struct trace *t, FILE *out)
{
	for (size_t i = 0; i < t->nothers; i++)
		fprintf(out, "landbox: --explain: %s\n", t->others[i]);
	if (t->others_more)
		fprintf(out,
			"landbox: --explain: %lu more permission errors not caused by Landlock\n",
			t->others_more);
}
