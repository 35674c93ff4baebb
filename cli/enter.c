/* enter.c - entering the sandbox: what the process that becomes COMMAND does
 * between fork (or nothing, when landbox execs in place) and execve.  One
 * function, entry_enter(), used by every path that starts COMMAND (`landbox
 * run` forked or in place, `landbox learn`, the sandboxer personality), so
 * that each layer is added in one place:
 *
 *   1. no_new_privs (always; also what lets an unprivileged process restrict
 *      itself, and what keeps execve from granting capabilities);
 *   2. a new session, when landbox has a terminal: COMMAND loses its
 *      controlling terminal, so it cannot push keystrokes into the outer
 *      shell's input with ioctl(TIOCSTI) (CVE-2017-5226 in bubblewrap);
 *   3. every capability dropped: bounding set, ambient, then permitted,
 *      effective and inheritable;
 *   4. Landlock (lb_restrict_child);
 *   5. further filters go right after Landlock.
 *
 * entry_plan() runs before, where landbox can still read files and fail with
 * a message; entry_enter() makes system calls only (it runs after vfork). */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT		 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* The highest capability number this kernel knows (-1 when unknown). */
static int cap_last_cap(void)
{
	char buf[16];
	ssize_t n;
	int fd, last;

	fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			last = atoi(buf);
			if (last > 0 && last < 64)
				return last;
		}
	}
	/* No /proc: PR_CAPBSET_READ says EINVAL past the last capability. */
	for (last = 0; last < 64; last++)
		if (prctl(PR_CAPBSET_READ, last, 0, 0, 0) < 0)
			break;
	return last - 1;
}

static int caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};

	return (int)syscall(SYS_capget, &hdr, data);
}

static int caps_set(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};

	return (int)syscall(SYS_capset, &hdr, data);
}

int entry_has_terminal(void)
{
	int fd;

	for (int i = 0; i <= 2; i++)
		if (isatty(i))
			return 1;
	/* Opening /dev/tty succeeds only with a controlling terminal (else ENXIO). */
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

void entry_plan(struct sandbox_entry *e, int same_session, int keep_caps)
{
	struct __user_cap_data_struct caps[2] = {{0, 0, 0}, {0, 0, 0}};

	e->new_session = !same_session && entry_has_terminal();
	e->drop_caps = 0;
	e->drop_bounding = 0;
	e->cap_last = -1;
	if (keep_caps)
		return;
	/*
	 * Nothing held, nothing to drop: with no_new_privs, execve never grants
	 * more than the permitted set (empty), whatever the bounding set says.
	 * The ambient set is a subset of permitted and inheritable.  An
	 * unprivileged landbox thus makes no system call at all for this.
	 */
	if (caps_get(caps) == 0 && !(caps[0].permitted | caps[1].permitted | caps[0].inheritable |
				     caps[1].inheritable | caps[0].effective | caps[1].effective))
		return;
	e->drop_caps = 1;
	/* Emptying the bounding set needs CAP_SETPCAP (made effective below). */
	if (caps[CAP_TO_INDEX(CAP_SETPCAP)].permitted & CAP_TO_MASK(CAP_SETPCAP)) {
		e->drop_bounding = 1;
		e->cap_last = cap_last_cap();
	}
}

/* Drop every capability: bounding set, ambient set, then the three sets. */
static int drop_caps(const struct sandbox_entry *e)
{
	struct __user_cap_data_struct caps[2] = {{0, 0, 0}, {0, 0, 0}};

	if (e->drop_bounding) {
		/* CAP_SETPCAP must be effective to drop from the bounding set. */
		if (caps_get(caps))
			return -1;
		caps[0].effective = caps[0].permitted;
		caps[1].effective = caps[1].permitted;
		if (caps_set(caps))
			return -1;
		for (int c = 0; c <= e->cap_last; c++)
			if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) && errno != EINVAL)
				return -1;
	}
	/* EINVAL: a kernel before 4.3 has no ambient set. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return -1;
	caps[0].effective = caps[0].permitted = caps[0].inheritable = 0;
	caps[1].effective = caps[1].permitted = caps[1].inheritable = 0;
	/*
	 * Lowering the sets needs no privilege.  No securebits: with
	 * no_new_privs and empty permitted, inheritable and bounding sets,
	 * execve of anything (setuid root or a root COMMAND) gives no
	 * capability back, which is what SECBIT_NOROOT would add; setting
	 * securebits would also need the CAP_SETPCAP this just gave up.
	 */
	return caps_set(caps);
}

int entry_enter(const struct sandbox_entry *e, const struct lb_sandbox *sb, int *err)
{
	int ret;

	/* Always, even unsandboxed (--best-effort without Landlock). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		*err = errno;
		return STAGE_NNP;
	}
	/* EPERM in a process-group leader: the callers fork when it is one. */
	if (e->new_session && setsid() < 0) {
		*err = errno;
		return STAGE_SESSION;
	}
	if (e->drop_caps && drop_caps(e)) {
		*err = errno;
		return STAGE_CAPS;
	}
	/* lb_prepare ran before: this only makes system calls. */
	ret = sb ? lb_restrict_child(sb) : 0;
	if (ret) {
		*err = -ret;
		return STAGE_RESTRICT;
	}
	/* Further layers (after Landlock) go here. */
	return 0;
}

const char *entry_stage_name(int stage)
{
	switch (stage) {
	case STAGE_NNP:
		return "cannot set no_new_privs";
	case STAGE_SESSION:
		return "cannot start a new session (setsid)";
	case STAGE_CAPS:
		return "cannot drop capabilities";
	case STAGE_RESTRICT:
		return "cannot enforce the sandbox";
	case STAGE_CHDIR:
		return "cannot change directory";
	default:
		return "cannot execute COMMAND";
	}
}
