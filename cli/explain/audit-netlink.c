/* SPDX-License-Identifier: MIT */
/* audit-netlink.c - the NETLINK_AUDIT connection of the audit source: audit
 * state, enabling and restoring it, the read-log multicast group, barriers
 * (see audit.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "audit.h"
#include "landbox.h"

/* ======================================================================
 * The netlink connection
 * ====================================================================== */

/* Several landbox processes may explain at once while audit was off: the
 * first enables it, the last switches it off again.  Each holds a shared
 * flock on LOCK_FILE while it reads; the one that can turn it into an
 * exclusive lock at the end is the last.  MARKER says "audit was off before
 * landbox enabled it"; it survives a landbox killed by SIGKILL, so the next
 * one still restores the state the system had. */
#define RUN_DIR	    "/run/landbox"
#define LOCK_FILE   RUN_DIR "/audit.lock"
#define MARKER_FILE RUN_DIR "/audit-enabled-by-landbox"

#define NL_GROUP_READLOG (1U << (AUDIT_NLGRP_READLOG - 1))

int audit_missing_caps(char *buf, size_t len)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	int read_ok, control_ok;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0) {
		read_ok = control_ok = geteuid() == 0;
	} else {
		read_ok = !!(data[CAP_AUDIT_READ / 32].effective & (1U << (CAP_AUDIT_READ % 32)));
		control_ok =
		    !!(data[CAP_AUDIT_CONTROL / 32].effective & (1U << (CAP_AUDIT_CONTROL % 32)));
	}
	/* Cut only when the caller gives less than AUDIT_CAPS_LEN. */
	(void)snprintf(buf, len, "%s%s%s", read_ok ? "" : "CAP_AUDIT_READ",
		       !read_ok && !control_ok ? " and " : "",
		       control_ok ? "" : "CAP_AUDIT_CONTROL");
	return !read_ok + !control_ok;
}

/* Build an AUDIT_SET message for the enabled flag into BUF. */
static size_t build_set_enabled(unsigned char *buf, size_t len, uint32_t enabled, uint32_t seq)
{
	struct nlmsghdr nh;
	struct audit_status st;
	const size_t total = NLMSG_SPACE(sizeof(st));

	if (len < total)
		return 0;
	memset(buf, 0, total);
	memset(&nh, 0, sizeof(nh));
	memset(&st, 0, sizeof(st));
	nh.nlmsg_len = NLMSG_LENGTH(sizeof(st));
	nh.nlmsg_type = AUDIT_SET;
	nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh.nlmsg_seq = seq;
	st.mask = AUDIT_STATUS_ENABLED;
	st.enabled = enabled;
	memcpy(buf, &nh, sizeof(nh));
	memcpy(buf + NLMSG_HDRLEN, &st, sizeof(st));
	return total;
}

/* Whether NH, inside the N bytes received at BUF, is a whole message.  (Not
 * NLMSG_OK/NLMSG_NEXT: their length arithmetic goes negative when a
 * message's padding runs past the datagram, as audit's do.) */
static int nl_ok(const struct nlmsghdr *nh, ssize_t n, const void *buf)
{
	const size_t off = (size_t)((const char *)nh - (const char *)buf);

	if (n < 0 || off + NLMSG_HDRLEN > (size_t)n)
		return 0;
	return nh->nlmsg_len >= NLMSG_HDRLEN && nh->nlmsg_len <= (size_t)n - off;
}

static const struct nlmsghdr *nl_next(const struct nlmsghdr *nh)
{
	return (const struct nlmsghdr *)((const char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
}

/* -errno for the call that just failed: never 0, which would say the
 * request succeeded (and leave its answer unset). */
static int failed_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

static int nl_send(int fd, const void *msg, size_t len)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

	if (sendto(fd, msg, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return failed_errno();
	return 0;
}

int audit_nl_answer(const void *buf, size_t n, uint32_t seq, struct audit_status *st)
{
	for (const struct nlmsghdr *nh = buf; nl_ok(nh, (ssize_t)n, buf); nh = nl_next(nh)) {
		if (nh->nlmsg_seq != seq)
			continue;
		if (nh->nlmsg_type == NLMSG_ERROR) {
			int error;
			/* nl_ok() checked the header only: the error must be there too. */
			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(error)))
				continue;
			memcpy(&error, NLMSG_DATA(nh), sizeof(error));
			if (error)
				return error;
			if (!st)
				return 0;
		} else if (nh->nlmsg_type == AUDIT_GET && st) {
			/* Older kernels send a shorter struct. */
			size_t plen = nh->nlmsg_len - NLMSG_HDRLEN;
			memset(st, 0, sizeof(*st));
			memcpy(st, NLMSG_DATA(nh), plen < sizeof(*st) ? plen : sizeof(*st));
			return 0;
		}
	}
	return 1;
}

/* Wait for the answer to request SEQ: the AUDIT_GET reply into ST (if ST),
 * or the acknowledgement.  0 or -errno. */
static int nl_wait(int fd, uint32_t seq, struct audit_status *st)
{
	union {
		struct nlmsghdr nh;
		char buf[8192];
	} u;

	for (;;) {
		ssize_t n = recv(fd, u.buf, sizeof(u.buf), 0);
		int ret;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? -ETIMEDOUT : failed_errno();
		}
		ret = audit_nl_answer(u.buf, (size_t)n, seq, st);
		if (ret <= 0)
			return ret;
	}
}

static int audit_get(int fd, uint32_t seq, struct audit_status *st)
{
	struct {
		struct nlmsghdr nh;
	} req;
	int ret;

	/* Zeros, not garbage, in what a failed request leaves. */
	memset(st, 0, sizeof(*st));
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(0);
	req.nh.nlmsg_type = AUDIT_GET;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = seq;
	ret = nl_send(fd, &req, req.nh.nlmsg_len);
	return ret ? ret : nl_wait(fd, seq, st);
}

static int audit_set_enabled(int fd, uint32_t enabled, uint32_t seq)
{
	unsigned char msg[64];
	size_t len = build_set_enabled(msg, sizeof(msg), enabled, seq);
	int ret = nl_send(fd, msg, len);

	return ret ? ret : nl_wait(fd, seq, NULL);
}

/* Take the shared lock of the explaining landbox processes; -1 if the run
 * directory cannot be used (read-only /run): then each run restores what
 * it found, without coordination. */
static int take_lock(void)
{
	int fd;

	if (mkdir(RUN_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	fd = open(LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_SH) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static void conn_init(struct audit_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->ctl = c->mc = c->lock_fd = -1;
}

int audit_open(struct audit_conn *c, char *err, size_t errlen)
{
	struct audit_status st;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = NL_GROUP_READLOG};
	const struct timeval tv = {.tv_sec = 2};
	int ret, size = 4 << 20;

	/* The messages into ERR may be cut: a short ERRLEN is the caller's
	 * choice. */
	conn_init(c);
	c->ctl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (c->ctl < 0) {
		ret = failed_errno();
		(void)snprintf(
		    err, errlen, "cannot open the audit netlink socket: %s%s", strerror(errno),
		    errno == EPROTONOSUPPORT ? " (kernel built without CONFIG_AUDIT)" : "");
		goto fail;
	}
	/* Never block forever on a kernel that does not answer. */
	setsockopt(c->ctl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	c->lock_fd = take_lock();
	ret = audit_get(c->ctl, 1, &st);
	if (ret) {
		(void)snprintf(
		    err, errlen, "cannot read the audit state (AUDIT_GET): %s%s", strerror(-ret),
		    ret == -EPERM || ret == -ECONNREFUSED
			? " (needs CAP_AUDIT_CONTROL in the initial user and network namespaces)"
			: "");
		goto fail;
	}
	c->enabled_found = (int)st.enabled;
	c->lost_start = st.lost;
	if (!st.enabled) {
		/* Audit off: no record is produced.  Switch it on for the
		 * time COMMAND runs; the marker tells the others. */
		ret = audit_set_enabled(c->ctl, 1, 2);
		if (ret) {
			(void)snprintf(err, errlen, "cannot enable audit (AUDIT_SET): %s",
				       strerror(-ret));
			goto fail;
		}
		c->restore = 1;
		if (c->lock_fd >= 0) {
			int m =
			    open(MARKER_FILE, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
			if (m >= 0)
				close(m);
		}
	} else if (st.pid) {
		/* An audit daemon is connected: it wants audit on, whatever a
		 * landbox killed earlier left behind. */
		if (c->lock_fd >= 0)
			unlink(MARKER_FILE);
	} else if (c->lock_fd >= 0 && !access(MARKER_FILE, F_OK)) {
		/* On because another landbox switched it on: off at the end
		 * unless that one is still running. */
		c->restore = 1;
	}
	c->off_len = build_set_enabled(c->off_msg, sizeof(c->off_msg), 0, 3);

	/* The read-log group: a copy of every record, best effort, without
	 * taking auditd's place (never AUDIT_SET pid). */
	c->mc = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);
	if (c->mc < 0) {
		ret = failed_errno();
		(void)snprintf(err, errlen, "cannot open the audit netlink socket: %s",
			       strerror(errno));
		goto fail;
	}
	/* A big buffer: the records of a burst of denials wait here until
	 * explain_wait reads them. */
	if (setsockopt(c->mc, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(c->mc, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(c->mc, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = failed_errno();
		(void)snprintf(err, errlen, "cannot join the audit read-log group: %s%s",
			       strerror(errno), errno == EPERM ? " (needs CAP_AUDIT_READ)" : "");
		goto fail;
	}
	return 0;
fail:
	audit_close(c);
	return ret;
}

int audit_feed_datagram(struct audit_log *log, const void *buf, size_t n)
{
	int count = 0;

	for (const struct nlmsghdr *nh = buf; nl_ok(nh, (ssize_t)n, buf); nh = nl_next(nh)) {
		int ret = audit_log_feed(log, nh->nlmsg_type, NLMSG_DATA(nh),
					 nh->nlmsg_len - NLMSG_HDRLEN);
		if (ret < 0)
			return ret;
		count++;
	}
	return count;
}

int audit_read(struct audit_conn *c, struct audit_log *log)
{
	static char buf[64 * 1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	int count = 0, lost = 0, ret;

	/* Bounded, so that the caller's loop also gets to its child. */
	for (int round = 0; round < 1024; round++) {
		ssize_t n = recv(c->mc, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				lost = 1; /* the socket overflowed: go on reading */
				continue;
			}
			if (errno == EAGAIN)
				break;
			return -errno;
		}
		ret = audit_feed_datagram(log, buf, (size_t)n);
		if (ret < 0)
			return ret;
		count += ret;
	}
	return lost ? -ENOBUFS : count;
}

int audit_barrier(struct audit_conn *c)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = NL_GROUP_READLOG};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);

	/* Joining and leaving the group logs two AUDIT_EVENT_LISTENER
	 * records with our pid; the second, op=disconnect, is the barrier. */
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	close(fd);
	c->barriers++;
	return 0;
}

unsigned long audit_lost(struct audit_conn *c)
{
	struct audit_status st;

	if (c->ctl < 0 || audit_get(c->ctl, 4, &st))
		return 0;
	return st.lost > c->lost_start ? st.lost - c->lost_start : 0;
}

void audit_close(struct audit_conn *c)
{
	if (c->restore && c->ctl >= 0) {
		/* The last landbox out switches audit off again. */
		struct audit_status st;

		if ((c->lock_fd < 0 || flock(c->lock_fd, LOCK_EX | LOCK_NB) == 0) &&
		    audit_get(c->ctl, 5, &st) == 0) {
			/* Unless an audit daemon started meanwhile.  If
			 * switching off fails, the marker stays: the next
			 * landbox tries again. */
			if (st.pid || audit_set_enabled(c->ctl, 0, 6) == 0)
				unlink(MARKER_FILE);
		}
	}
	c->restore = 0;
	if (c->mc >= 0)
		close(c->mc);
	if (c->ctl >= 0)
		close(c->ctl);
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	c->mc = c->ctl = c->lock_fd = -1;
}

void audit_restore_now(struct audit_conn *c)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

	if (!c || !c->restore || c->ctl < 0 || !c->off_len)
		return;
	c->restore = 0;
	if (c->lock_fd >= 0 && flock(c->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return; /* another landbox still reads: it restores */
	sendto(c->ctl, c->off_msg, c->off_len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
	if (c->lock_fd >= 0)
		unlink(MARKER_FILE);
}
