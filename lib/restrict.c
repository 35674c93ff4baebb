/* SPDX-License-Identifier: MIT */
/*
 * restrict.c - deciding what this kernel can enforce of a sandbox (the
 * compatibility levels), enforcing it, and saying in one line what was and
 * was not enforced.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static enum lb_compat level_of(const struct lb_sandbox *sb, enum lb_kind kind, uint64_t bit)
{
	if (!(sb->level_set[kind] & bit))
		return sb->compat;
	if (sb->level_hard[kind] & bit)
		return LB_HARD_REQUIREMENT;
	if (sb->level_soft[kind] & bit)
		return LB_SOFT_REQUIREMENT;
	return LB_BEST_EFFORT;
}

/* What ABI can enforce of SB, before the compatibility levels are applied. */
static void degrade(const struct lb_sandbox *sb, int abi, struct lb_status *st)
{
	uint64_t any = 0;

	for (int k = LB_KIND_FS; k < LB_KIND_FLAG; k++) {
		st->handled[k] = lb_effective(sb, (enum lb_kind)k, abi);
		st->unenforced[k] = sb->handled[k] & ~st->handled[k];
		any |= st->handled[k];
	}
	/* Flags only exist with a ruleset to restrict with. */
	st->handled[LB_KIND_FLAG] = any ? lb_effective(sb, LB_KIND_FLAG, abi) : 0;
	st->unenforced[LB_KIND_FLAG] = sb->handled[LB_KIND_FLAG] & ~st->handled[LB_KIND_FLAG];
	if (any && abi >= 8 && sb->threads == LB_ALL_THREADS)
		st->handled[LB_KIND_FLAG] |= LB_TSYNC;
	/*
	 * ABI 11: no_new_privs in the restricting call itself, set if and only
	 * if it succeeds, instead of a prctl before it (with TSYNC, on every
	 * thread).  Either way no_new_privs ends up set when enforcing worked.
	 */
	if (any && abi >= 11)
		st->handled[LB_KIND_FLAG] |= LB_NO_NEW_PRIVS;
}

/* Append ", NAME needs Landlock ABI N" for each hard-required unenforced bit. */
static size_t hard_failures(const struct lb_sandbox *sb, const struct lb_status *st, char *buf,
			    size_t len)
{
	size_t n = 0, used = 0;
	char name[64];

	buf[0] = '\0';
	for (int k = 0; k < LB_KIND_COUNT; k++) {
		for (int b = 0; b < 64; b++) {
			const uint64_t bit = 1ULL << b;
			int abi;
			if (!(st->unenforced[k] & bit) ||
			    level_of(sb, (enum lb_kind)k, bit) != LB_HARD_REQUIREMENT)
				continue;
			lb_bit_name((enum lb_kind)k, bit, name, sizeof(name));
			abi = lb_bit_abi((enum lb_kind)k, bit);
			if (used < len) {
				if (abi)
					used += snprintf(buf + used, len - used,
							 "%s%s needs Landlock ABI %d",
							 n ? ", " : "", name, abi);
				else
					used += snprintf(buf + used, len - used,
							 "%s%s is unknown to this kernel",
							 n ? ", " : "", name);
			}
			n++;
		}
	}
	return n;
}

static int any_soft_failure(const struct lb_sandbox *sb, const struct lb_status *st)
{
	for (int k = 0; k < LB_KIND_COUNT; k++)
		for (int b = 0; b < 64; b++)
			if ((st->unenforced[k] & (1ULL << b)) &&
			    level_of(sb, (enum lb_kind)k, 1ULL << b) == LB_SOFT_REQUIREMENT)
				return 1;
	return 0;
}

LB_API int lb_plan(struct lb_sandbox *sb, struct lb_status *status)
{
	struct lb_status st;
	int error;
	const int abi = lb_probe_abi_error(&error);
	int enforced = 0, weakened = 0;
	char why[1024];

	if (!sb)
		return -EINVAL;
	memset(&st, 0, sizeof(st));
	st.abi = abi;
	st.landlock_error = abi > 0 ? 0 : error;
	degrade(sb, abi, &st);

	if (hard_failures(sb, &st, why, sizeof(why))) {
		st.state = LB_NOT_ENFORCED; /* refused: nothing will be */
		if (status)
			*status = st;
		if (abi <= 0)
			return lb_fail(sb, EOPNOTSUPP, "%s; this kernel has no Landlock (%s): %s",
				       why, lb_probe_why(error), lb_probe_hint(NULL));
		return lb_fail(sb, EOPNOTSUPP, "%s; this kernel has ABI %d", why, abi);
	}
	if (any_soft_failure(sb, &st)) {
		/* All or nothing: nothing. */
		for (int k = 0; k < LB_KIND_COUNT; k++) {
			st.unenforced[k] = sb->handled[k];
			st.handled[k] = 0;
		}
	}
	for (int k = 0; k < LB_KIND_COUNT; k++) {
		enforced |= st.handled[k] != 0;
		weakened |= st.unenforced[k] != 0;
	}
	if (abi <= 0 || (!enforced && weakened))
		st.state = LB_NOT_ENFORCED;
	else if (weakened)
		st.state = LB_PARTIALLY_ENFORCED;
	else
		st.state = LB_FULLY_ENFORCED;
	if (status)
		*status = st;
	return 0;
}

LB_API const char *lb_restrict_hint(int err)
{
	if (err < 0)
		err = -err;
	if (err == E2BIG)
		return "Landlock allows at most 16 nested sandboxes";
	if (err == EPERM)
		return "no_new_privs could not be set and the process lacks CAP_SYS_ADMIN";
	return "";
}

/* The kernel's refusal to restrict, explained. */
static int restrict_error(struct lb_sandbox *sb, int err)
{
	const char *hint = lb_restrict_hint(err);

	return lb_fail(sb, err, "cannot enforce the Landlock ruleset: %s%s%s%s", strerror(err),
		       *hint ? " (" : "", hint, *hint ? ")" : "");
}

/*
 * What lb_prepare and lb_restrict do first: plan, and create the kernel
 * ruleset when there is anything to enforce (*ENFORCE says whether: not
 * without Landlock, nor when a soft requirement failed).
 */
static int plan_and_create(struct lb_sandbox *sb, struct lb_status *st, int *enforce)
{
	int ret;

	memset(st, 0, sizeof(*st));
	*enforce = 0;
	if (sb->consumed)
		return lb_fail(sb, EALREADY, "this sandbox was already enforced");
	if ((ret = lb_plan(sb, st)))
		return ret;
	*enforce =
	    st->handled[LB_KIND_FS] || st->handled[LB_KIND_NET] || st->handled[LB_KIND_SCOPE];
	return *enforce ? lb_create_ruleset(sb, st->abi) : 0;
}

LB_API int lb_prepare(struct lb_sandbox *sb, struct lb_status *status)
{
	struct lb_status st;
	int ret;

	if (!sb)
		return -EINVAL;
	if ((ret = plan_and_create(sb, &st, &sb->prepared_enforce)))
		return ret;
	/* A fresh child has one thread: TSYNC would add nothing. */
	sb->prepared_flags = (uint32_t)(st.handled[LB_KIND_FLAG] & ~LB_TSYNC);
	sb->prepared = 1;
	if (status)
		*status = st;
	return 0;
}

/* Async-signal-safe: system calls only, SB is read, never written. */
LB_API int lb_restrict_child(const struct lb_sandbox *sb)
{
	if (!sb || !sb->prepared)
		return -EINVAL;
	if (!sb->prepared_enforce || sb->ruleset_fd < 0)
		return 0;
	/* ABI 11: the flag sets no_new_privs; before, a prctl must. */
	if (!(sb->prepared_flags & LB_NO_NEW_PRIVS) && lb_sys_no_new_privs())
		return -errno;
	if (lb_sys_restrict_self(sb->ruleset_fd, sb->prepared_flags))
		return -errno;
	return 0;
}

LB_API int lb_restrict(struct lb_sandbox *sb, struct lb_status *status)
{
	struct lb_status st;
	int ret, enforce;

	if (!sb)
		return -EINVAL;
	if ((ret = plan_and_create(sb, &st, &enforce)))
		return ret;
	if (!enforce || sb->ruleset_fd < 0)
		goto done; /* nothing this kernel can enforce */

	if (sb->threads == LB_THREAD_ONLY || (st.handled[LB_KIND_FLAG] & LB_TSYNC)) {
		/*
		 * Landlock needs no_new_privs unless the caller has CAP_SYS_ADMIN;
		 * on ABI 11 the NO_NEW_PRIVS flag sets it with the domain.
		 */
		if (!(st.handled[LB_KIND_FLAG] & LB_NO_NEW_PRIVS) && lb_sys_no_new_privs())
			return lb_fail(sb, errno, "cannot set no_new_privs: %s", strerror(errno));
		if (lb_sys_restrict_self(sb->ruleset_fd, (uint32_t)st.handled[LB_KIND_FLAG]))
			return restrict_error(sb, errno);
	} else {
		/* Before TSYNC (ABI 8): one thread at a time, see threads.c. */
		ret = lb_restrict_all_threads(sb->ruleset_fd, (uint32_t)st.handled[LB_KIND_FLAG],
					      sb->error, sizeof(sb->error));
		if (ret == -ECANCELED) {
			/* Half done: this sandbox is spent whatever the caller does. */
			close(sb->ruleset_fd);
			sb->ruleset_fd = -1;
			sb->consumed = 1;
		}
		if (ret)
			return ret;
	}
done:
	if (sb->ruleset_fd >= 0) {
		close(sb->ruleset_fd);
		sb->ruleset_fd = -1;
	}
	sb->consumed = 1;
	if (status)
		*status = st;
	return 0;
}

/* snprintf that keeps counting when BUF is full. */
static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...) LB_PRINTF(4, 5);
static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (used < len) {
		n = vsnprintf(buf + used, len - used, fmt, ap);
	} else {
		char dummy[1];
		n = vsnprintf(dummy, 0, fmt, ap);
	}
	va_end(ap);
	return used + (n > 0 ? (size_t)n : 0);
}

LB_API int lb_status_format(const struct lb_status *status, char *buf, size_t len)
{
	static const char *const states[] = {"fully enforced", "partially enforced",
					     "not enforced"};
	size_t used = 0;
	int first = 1;

	if (buf && len)
		buf[0] = '\0';
	if (!buf)
		len = 0;
	if (!status)
		return 0;
	const char *state =
	    (unsigned)status->state <= LB_NOT_ENFORCED ? states[status->state] : "unknown";
	if (status->abi <= 0) {
		const char *why = status->landlock_error == ENOSYS || !status->landlock_error
				      ? "not built into this kernel"
				      : lb_probe_why(status->landlock_error);
		return (int)append(buf, len, used, "%s (no Landlock: %s)", state, why);
	}
	used = append(buf, len, used, "%s (Landlock ABI %d)", state, status->abi);
	for (int k = 0; k < LB_KIND_COUNT; k++) {
		char names[1024];
		if (!status->unenforced[k])
			continue;
		lb_format_rights((enum lb_kind)k, status->unenforced[k], ", ", names,
				 sizeof(names));
		/* Partially: what was left out; not at all: what stays unrestricted. */
		used = append(buf, len, used, "%s%s",
			      !first				 ? ", "
			      : status->state == LB_NOT_ENFORCED ? ": unrestricted: "
								 : ": not enforced: ",
			      names);
		first = 0;
	}
	return (int)used;
}
