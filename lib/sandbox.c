/* SPDX-License-Identifier: MIT */
/*
 * sandbox.c - the sandbox context: what it handles, how strictly, and its
 * rules.  The kernel ruleset is created when the first rule needs it and
 * each rule is added to it at once, so no file descriptor is kept per rule
 * (10,000 rules work under any RLIMIT_NOFILE, in linear time); a copy of
 * each rule is kept for lb_rule_get().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int lb_fail(struct lb_sandbox *sb, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* LB_ERROR_MAX holds a PATH_MAX path: a longer message may be cut. */
	(void)vsnprintf(sb->error, sizeof(sb->error), fmt, ap);
	va_end(ap);
	return -err;
}

LB_API struct lb_sandbox *lb_new(void)
{
	struct lb_sandbox *sb = calloc(1, sizeof(*sb));

	if (!sb)
		return NULL;
	/* Deny everything the library knows; degraded to the kernel later. */
	sb->handled[LB_KIND_FS] = lb_abi_mask(LB_KIND_FS, LB_ABI_KNOWN);
	sb->handled[LB_KIND_NET] = lb_abi_mask(LB_KIND_NET, LB_ABI_KNOWN);
	sb->handled[LB_KIND_SCOPE] = lb_abi_mask(LB_KIND_SCOPE, LB_ABI_KNOWN);
	sb->compat = LB_BEST_EFFORT;
	sb->threads = LB_ALL_THREADS;
	sb->ruleset_fd = -1;
	return sb;
}

LB_API void lb_free(struct lb_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->ruleset_fd >= 0)
		close(sb->ruleset_fd);
	while (sb->pool) {
		struct lb_pool_block *next = sb->pool->next;
		free(sb->pool);
		sb->pool = next;
	}
	free(sb->rules);
	free(sb);
}

LB_API const char *lb_error(const struct lb_sandbox *sb)
{
	return sb ? sb->error : "no sandbox (lb_new failed: out of memory?)";
}

static int check_kind(struct lb_sandbox *sb, enum lb_kind kind, const char *fn)
{
	if ((unsigned)kind >= LB_KIND_COUNT)
		return lb_fail(sb, EINVAL, "%s: unknown kind %d", fn, (int)kind);
	return 0;
}

static int check_not_frozen(struct lb_sandbox *sb, const char *fn)
{
	if (sb->frozen)
		return lb_fail(
		    sb, EBUSY,
		    "%s: the handled sets and compatibility levels cannot change after the "
		    "first rule was added",
		    fn);
	return 0;
}

LB_API int lb_handle(struct lb_sandbox *sb, enum lb_kind kind, uint64_t bits)
{
	int ret;

	if (!sb)
		return -EINVAL;
	if ((ret = check_kind(sb, kind, "lb_handle")))
		return ret;
	if (kind == LB_KIND_FLAG)
		return lb_set_flags(sb, bits);
	if ((ret = check_not_frozen(sb, "lb_handle")))
		return ret;
	sb->handled[kind] = bits;
	return 0;
}

LB_API int lb_set_compat(struct lb_sandbox *sb, enum lb_compat level)
{
	int ret;

	if (!sb)
		return -EINVAL;
	if ((unsigned)level > LB_HARD_REQUIREMENT)
		return lb_fail(sb, EINVAL, "lb_set_compat: unknown compatibility level %d",
			       (int)level);
	if ((ret = check_not_frozen(sb, "lb_set_compat")))
		return ret;
	sb->compat = level;
	return 0;
}

LB_API int lb_require(struct lb_sandbox *sb, enum lb_kind kind, uint64_t bits, enum lb_compat level)
{
	int ret;

	if (!sb)
		return -EINVAL;
	if ((ret = check_kind(sb, kind, "lb_require")))
		return ret;
	if ((unsigned)level > LB_HARD_REQUIREMENT)
		return lb_fail(sb, EINVAL, "lb_require: unknown compatibility level %d",
			       (int)level);
	if ((ret = check_not_frozen(sb, "lb_require")))
		return ret;
	sb->level_set[kind] |= bits;
	sb->level_soft[kind] &= ~bits;
	sb->level_hard[kind] &= ~bits;
	if (level == LB_SOFT_REQUIREMENT)
		sb->level_soft[kind] |= bits;
	else if (level == LB_HARD_REQUIREMENT)
		sb->level_hard[kind] |= bits;
	return 0;
}

LB_API int lb_set_flags(struct lb_sandbox *sb, uint64_t flags)
{
	if (!sb)
		return -EINVAL;
	/*
	 * TSYNC is the library's business (it follows lb_set_threads()), and
	 * so is NO_NEW_PRIVS (the library sets no_new_privs anyway).
	 */
	sb->handled[LB_KIND_FLAG] = flags & ~(LB_TSYNC | LB_NO_NEW_PRIVS);
	return 0;
}

LB_API int lb_set_quiet(struct lb_sandbox *sb, enum lb_kind kind, uint64_t bits)
{
	int ret;

	if (!sb)
		return -EINVAL;
	if ((ret = check_kind(sb, kind, "lb_set_quiet")))
		return ret;
	if (kind == LB_KIND_FLAG)
		return lb_fail(sb, EINVAL, "lb_set_quiet: flags cannot be quiet");
	if ((ret = check_not_frozen(sb, "lb_set_quiet")))
		return ret;
	sb->quiet[kind] = bits;
	return 0;
}

LB_API int lb_set_threads(struct lb_sandbox *sb, enum lb_threads mode)
{
	if (!sb)
		return -EINVAL;
	if (mode != LB_ALL_THREADS && mode != LB_THREAD_ONLY)
		return lb_fail(sb, EINVAL, "lb_set_threads: unknown mode %d", (int)mode);
	sb->threads = mode;
	return 0;
}

LB_API int lb_set_record(struct lb_sandbox *sb, enum lb_record mode)
{
	if (!sb)
		return -EINVAL;
	if (mode != LB_RECORD_ALL && mode != LB_RECORD_LAST)
		return lb_fail(sb, EINVAL, "lb_set_record: unknown mode %d", (int)mode);
	if (sb->frozen && mode != sb->record)
		return lb_fail(sb, EBUSY, "lb_set_record: rules were already added");
	sb->record = mode;
	return 0;
}

uint64_t lb_effective(const struct lb_sandbox *sb, enum lb_kind kind, int abi)
{
	if (abi <= 0)
		return 0;
	return sb->handled[kind] & lb_kernel_mask(kind, abi);
}

uint64_t lb_effective_quiet(const struct lb_sandbox *sb, enum lb_kind kind, int abi)
{
	if (abi < 10 || kind == LB_KIND_FLAG)
		return 0;
	return sb->quiet[kind] & lb_effective(sb, kind, abi);
}

int lb_create_ruleset(struct lb_sandbox *sb, int abi)
{
	struct lb_sys_ruleset_attr attr = {0};
	size_t size = LB_ATTR_SIZE_FS;
	long fd;

	if (sb->ruleset_fd >= 0 || abi <= 0)
		return 0;
	attr.handled_access_fs = lb_effective(sb, LB_KIND_FS, abi);
	attr.handled_access_net = lb_effective(sb, LB_KIND_NET, abi);
	attr.scoped = lb_effective(sb, LB_KIND_SCOPE, abi);
	attr.quiet_access_fs = lb_effective_quiet(sb, LB_KIND_FS, abi);
	attr.quiet_access_net = lb_effective_quiet(sb, LB_KIND_NET, abi);
	attr.quiet_scoped = lb_effective_quiet(sb, LB_KIND_SCOPE, abi);
	/* A ruleset handling nothing is refused (ENOMSG): nothing to enforce. */
	if (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped)
		return 0;
	/* The smallest size covering what is filled: older kernels want exactly that. */
	if (attr.quiet_access_fs || attr.quiet_access_net || attr.quiet_scoped)
		size = LB_ATTR_SIZE_QUIET;
	else if (attr.scoped)
		size = LB_ATTR_SIZE_SCOPE;
	else if (attr.handled_access_net)
		size = LB_ATTR_SIZE_NET;
	fd = lb_sys_create_ruleset(&attr, size, 0);
	if (fd < 0)
		return lb_fail(
		    sb, errno,
		    "cannot create the Landlock ruleset (ABI %d, %zu-byte attribute): %s", abi,
		    size, strerror(errno));
	sb->ruleset_fd = (int)fd;
	return 0;
}

/*
 * Room for one more rule record; NULL (message set) when out of memory.
 * LB_RECORD_LAST reuses the one record, and the pool's room of its path.
 */
static struct lb_rule_rec *next_rule(struct lb_sandbox *sb)
{
	if (sb->record == LB_RECORD_LAST && sb->cap) {
		sb->first = sb->nrules;
		if (sb->pool)
			sb->pool->used = 0;
		memset(&sb->rules[0], 0, sizeof(sb->rules[0]));
		return &sb->rules[0];
	}
	if (sb->nrules == sb->cap) {
		size_t cap = sb->cap ? sb->cap * 2 : 16;
		struct lb_rule_rec *r = realloc(sb->rules, cap * sizeof(*r));
		if (!r) {
			lb_fail(sb, ENOMEM, "cannot record a rule: %s", strerror(ENOMEM));
			return NULL;
		}
		sb->rules = r;
		sb->cap = cap;
	}
	memset(&sb->rules[sb->nrules], 0, sizeof(sb->rules[0]));
	return &sb->rules[sb->nrules];
}

/* A copy of PATH for the rule record (NULL PATH is fine), in SB's pool. */
static int copy_path(struct lb_sandbox *sb, struct lb_rule_rec *rec, const char *path)
{
	struct lb_pool_block *b = sb->pool;
	size_t len;

	if (!path)
		return 0;
	len = strlen(path) + 1;
	if (!b || b->size - b->used < len) {
		const size_t next = !b				  ? LB_POOL_FIRST
				    : b->size < LB_POOL_BLOCK / 2 ? b->size * 2
								  : LB_POOL_BLOCK;
		const size_t size = len > next ? len : next;
		if (!(b = malloc(sizeof(*b) + size)))
			return lb_fail(sb, ENOMEM, "cannot record the rule for %s: %s", path,
				       strerror(ENOMEM));
		b->size = size;
		b->used = 0;
		b->next = sb->pool;
		sb->pool = b;
	}
	memcpy(b->data + b->used, path, len);
	rec->path = b->data + b->used;
	b->used += len;
	return 0;
}

/* Give back the pool's room of REC's path, the last one copied. */
static void uncopy_path(struct lb_sandbox *sb, struct lb_rule_rec *rec)
{
	if (rec->path)
		sb->pool->used = (size_t)(rec->path - sb->pool->data);
	rec->path = NULL;
}

/* NAME of a rule in messages: its path, or "fd N". */
static const char *rule_name(const char *path, int fd, char *buf, size_t len)
{
	if (path)
		return path;
	(void)snprintf(buf, len, "fd %d", fd); /* fits: BUF holds any int */
	return buf;
}

/* The rule for the open file FD (PATH only names it in messages and records). */
static int add_fs_rule(struct lb_sandbox *sb, int fd, const char *path, uint64_t rights,
		       unsigned flags)
{
	const int abi = lb_probe_abi_error(NULL);
	struct lb_rule_rec *rec;
	struct stat st;
	char fdname[32], names[512];
	const char *name = rule_name(path, fd, fdname, sizeof(fdname));
	int ret;

	if (fstat(fd, &st))
		return lb_fail(sb, errno, "cannot use %s for a rule: %s", name, strerror(errno));
	if (!(rec = next_rule(sb)))
		return -ENOMEM;
	if ((ret = copy_path(sb, rec, path)))
		return ret;
	rec->kind = LB_KIND_FS;
	rec->is_dir = S_ISDIR(st.st_mode);
	rec->dev = (uint64_t)st.st_dev;
	rec->ino = (uint64_t)st.st_ino;
	rec->requested = rights;
	rec->effective = rights & lb_effective(sb, LB_KIND_FS, abi);
	/* Directory-only rights on a file make the kernel fail: not a weakening. */
	if (!rec->is_dir)
		rec->effective &= lb_file_rights() | ~lb_abi_mask(LB_KIND_FS, LB_ABI_KNOWN);
	if (rec->effective) {
		struct lb_sys_path_beneath_attr attr = {
		    .allowed_access = rec->effective,
		    .parent_fd = fd,
		};
		uint32_t rule_flags = (flags & LB_QUIET) && abi >= 10 ? LB_ADD_RULE_QUIET : 0;

		if ((ret = lb_create_ruleset(sb, abi)))
			goto fail;
		if (sb->ruleset_fd >= 0 &&
		    lb_sys_add_rule(sb->ruleset_fd, LB_RULE_PATH_BENEATH, &attr, rule_flags)) {
			const int err = errno;
			lb_format_rights(LB_KIND_FS, rec->effective, ", ", names, sizeof(names));
			ret = lb_fail(sb, err, "cannot add the rule for %s (%s): %s", name, names,
				      strerror(err));
			goto fail;
		}
	}
	sb->nrules++;
	return 0;
fail:
	uncopy_path(sb, rec);
	return ret;
}

LB_API int lb_allow_path(struct lb_sandbox *sb, const char *path, uint64_t fs_rights,
			 unsigned flags)
{
	int fd, ret;

	if (!sb)
		return -EINVAL;
	if (!path || !*path)
		return lb_fail(sb, EINVAL, "lb_allow_path: empty path");
	sb->frozen = 1;
	/* O_PATH: no read permission needed, and FIFOs or devices never block. */
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		const int err = errno;
		if (err == ENOENT && (flags & LB_IGNORE_MISSING)) {
			struct lb_rule_rec *rec = next_rule(sb);
			if (!rec)
				return -ENOMEM;
			if ((ret = copy_path(sb, rec, path)))
				return ret;
			rec->kind = LB_KIND_FS;
			rec->missing = 1;
			rec->requested = fs_rights;
			sb->nrules++;
			return 0;
		}
		return lb_fail(sb, err, "cannot open %s for a rule: %s", path, strerror(err));
	}
	ret = add_fs_rule(sb, fd, path, fs_rights, flags);
	close(fd);
	return ret;
}

LB_API int lb_allow_fd(struct lb_sandbox *sb, int fd, uint64_t fs_rights)
{
	if (!sb)
		return -EINVAL;
	if (fd < 0)
		return lb_fail(sb, EBADF, "lb_allow_fd: invalid file descriptor %d", fd);
	sb->frozen = 1;
	return add_fs_rule(sb, fd, NULL, fs_rights, 0);
}

LB_API int lb_allow_port(struct lb_sandbox *sb, uint64_t net_rights, uint64_t port)
{
	const int abi = lb_probe_abi_error(NULL);
	struct lb_rule_rec *rec;

	if (!sb)
		return -EINVAL;
	if (port > 65535)
		return lb_fail(sb, EINVAL, "port %llu is out of range (0-65535)",
			       (unsigned long long)port);
	sb->frozen = 1;
	if (!(rec = next_rule(sb)))
		return -ENOMEM;
	rec->kind = LB_KIND_NET;
	rec->port = (uint16_t)port;
	rec->requested = net_rights;
	rec->effective = net_rights & lb_effective(sb, LB_KIND_NET, abi);
	if (rec->effective) {
		struct lb_sys_net_port_attr attr = {
		    .allowed_access = rec->effective,
		    .port = port,
		};
		int ret;

		if ((ret = lb_create_ruleset(sb, abi)))
			return ret;
		if (sb->ruleset_fd >= 0 &&
		    lb_sys_add_rule(sb->ruleset_fd, LB_RULE_NET_PORT, &attr, 0)) {
			const int err = errno;
			char names[256];
			lb_format_rights(LB_KIND_NET, rec->effective, ", ", names, sizeof(names));
			return lb_fail(sb, err, "cannot add the rule for port %llu (%s): %s",
				       (unsigned long long)port, names, strerror(err));
		}
	}
	sb->nrules++;
	return 0;
}

LB_API size_t lb_rule_count(const struct lb_sandbox *sb)
{
	return sb ? sb->nrules : 0;
}

/* The record of rule I; NULL with errno set (and the message) if there is none. */
static const struct lb_rule_rec *recorded(struct lb_sandbox *sb, size_t i, const char *fn)
{
	if (i >= sb->nrules)
		errno = -lb_fail(sb, ERANGE, "%s: no rule %zu (there are %zu)", fn, i, sb->nrules);
	else if (i < sb->first || i - sb->first >= sb->cap)
		errno =
		    -lb_fail(sb, ENOENT, "%s: rule %zu was not recorded (LB_RECORD_LAST)", fn, i);
	else
		return &sb->rules[i - sb->first];
	return NULL;
}

LB_API int lb_rule_get(struct lb_sandbox *sb, size_t i, struct lb_rule_info *out)
{
	const struct lb_rule_rec *r;

	if (!sb || !out)
		return -EINVAL;
	if ((r = recorded(sb, i, "lb_rule_get")) == NULL)
		return -errno;
	memset(out, 0, sizeof(*out));
	out->kind = (enum lb_kind)r->kind;
	out->path = r->path;
	out->is_dir = r->is_dir;
	out->missing = r->missing;
	out->port = r->port;
	out->requested = r->requested;
	out->effective = r->effective;
	return 0;
}

LB_API int lb_rule_inode(struct lb_sandbox *sb, size_t i, uint64_t *dev, uint64_t *ino)
{
	const struct lb_rule_rec *r;

	if (!sb || !dev || !ino)
		return -EINVAL;
	if ((r = recorded(sb, i, "lb_rule_inode")) == NULL)
		return -errno;
	if (r->kind != LB_KIND_FS || r->missing)
		return lb_fail(sb, ENOENT, "lb_rule_inode: rule %zu is not on a file", i);
	*dev = r->dev;
	*ino = r->ino;
	return 0;
}
