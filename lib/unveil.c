/* SPDX-License-Identifier: MIT */
/*
 * unveil.c - the OpenBSD-style layer: lb_unveil(path, "rwxc") calls build a
 * pending best-effort sandbox of the calling thread, lb_unveil_commit() (or
 * lb_unveil(NULL, NULL)) enforces it.  The pending sandbox and the last
 * message are thread-local: the one piece of state besides the cached probe.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static _Thread_local struct lb_sandbox *pending;
static _Thread_local char unveil_msg[LB_ERROR_MAX];

LB_API const char *lb_unveil_error(void)
{
	return unveil_msg;
}

LB_PRINTF(2, 3) static int unveil_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(unveil_msg, sizeof(unveil_msg), fmt, ap); /* cut at LB_ERROR_MAX */
	va_end(ap);
	return -err;
}

/* "rwxc" to filesystem rights; -EINVAL on any other letter. */
static int perms_to_rights(const char *path, const char *perms, uint64_t *rights)
{
	*rights = 0;
	for (const char *p = perms; *p; p++) {
		switch (*p) {
		case 'r':
			*rights |= LB_FS_READ_FILE | LB_FS_READ_DIR;
			break;
		case 'w':
			*rights |= LB_FS_WRITE_FILE | LB_FS_TRUNCATE | LB_FS_IOCTL_DEV;
			break;
		case 'x':
			*rights |= LB_FS_EXECUTE;
			break;
		case 'c':
			*rights |=
			    LB_FS_MAKE_ALL | LB_FS_REMOVE_DIR | LB_FS_REMOVE_FILE | LB_FS_REFER;
			break;
		default:
			return unveil_fail(EINVAL,
					   "lb_unveil: unknown permission '%c' in \"%s\" for %s "
					   "(use r, w, x and c)",
					   *p, perms, path);
		}
	}
	return 0;
}

/* A new pending sandbox: every filesystem right, no network, no scope. */
static int start(void)
{
	pending = lb_new();
	if (!pending)
		return unveil_fail(ENOMEM, "lb_unveil: %s", strerror(ENOMEM));
	lb_handle(pending, LB_KIND_NET, 0);
	lb_handle(pending, LB_KIND_SCOPE, 0);
	return 0;
}

LB_API int lb_unveil(const char *path, const char *perms)
{
	uint64_t rights;
	int ret;

	if (!path && !perms)
		return lb_unveil_commit();
	if (!path || !perms)
		return unveil_fail(EINVAL, "lb_unveil: a path needs permissions (NULL, NULL "
					   "commits)");
	unveil_msg[0] = '\0';
	if ((ret = perms_to_rights(path, perms, &rights)))
		return ret;
	if (!pending && (ret = start()))
		return ret;
	if (!rights)
		return 0; /* hidden: no rule */
	ret = lb_allow_path(pending, path, rights, 0);
	if (ret)
		(void)snprintf(unveil_msg, sizeof(unveil_msg), "%s",
			       lb_error(pending)); /* same size */
	return ret;
}

LB_API int lb_unveil_commit(void)
{
	int ret;

	unveil_msg[0] = '\0';
	if (!pending)
		return 0; /* nothing unveiled: nothing to enforce */
	ret = lb_restrict(pending, NULL);
	if (ret)
		(void)snprintf(unveil_msg, sizeof(unveil_msg), "%s",
			       lb_error(pending)); /* same size */
	lb_free(pending);
	pending = NULL;
	return ret;
}
