/* SPDX-License-Identifier: MIT */
/* enter.c - entering the sandbox: what the process that becomes COMMAND does
 * between fork (or nothing, when landbox execs in place) and execve.  One
 * function, entry_enter(), used by every path that starts COMMAND (`landbox
 * run` forked or in place, `landbox learn`, the sandboxer personality), so
 * that each layer is added in one place:
 *
 *   1. no_new_privs (always; also what lets an unprivileged process restrict
 *      itself, and what keeps execve from granting capabilities).  On ABI 11
 *      the Landlock step sets it instead, in the restricting call itself
 *      (LANDLOCK_RESTRICT_SELF_NO_NEW_PRIVS: set if and only if restricting
 *      succeeds); nothing before that step executes a program, and when it
 *      fails COMMAND is not executed at all;
 *   2. detach from the controlling terminal (ioctl TIOCNOTTY), when there
 *      is one: COMMAND cannot push keystrokes into the outer shell's input
 *      with ioctl(TIOCSTI) (CVE-2017-5226 in bubblewrap), which the kernel
 *      allows only on the caller's controlling terminal (or with
 *      CAP_SYS_ADMIN, dropped below);
 *   3. every capability dropped: bounding set, ambient, then permitted,
 *      effective and inheritable;
 *   4. Landlock (lb_restrict_child);
 *   5. the seccomp filter (seccomp.c), closing what Landlock cannot.
 *
 * entry_plan() runs before, where landbox can still read files and fail with
 * a message; entry_enter() makes system calls only (it runs after vfork). */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT		 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

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

/*
 * Why TIOCNOTTY and not setsid() (bubblewrap's --new-session): both leave
 * COMMAND without a controlling terminal, which is what the kernel checks
 * for TIOCSTI; neither lets it take the terminal back (TIOCSCTTY needs a
 * session leader and a terminal no session owns, or CAP_SYS_ADMIN).  But a
 * process that only gives up its controlling terminal stays in the
 * terminal's foreground process group, so Ctrl-C, Ctrl-Z and window size
 * changes reach it directly and landbox can exec it in place; setsid()
 * fails in a process-group leader (landbox, started by a job-control
 * shell), would need landbox to stay behind to pass the terminal's signals
 * on, and costs a scheduler autogroup per run (measured: 1 to 4 ms here).
 * TIOCNOTTY in a session leader hangs up its foreground process group: then
 * the caller forks and the child detaches (entry.session_leader).
 */
void entry_plan(struct sandbox_entry *e, int same_session, int keep_caps)
{
	struct __user_cap_data_struct caps[2] = {{0, 0, 0}, {0, 0, 0}};

	/* Opening /dev/tty succeeds only with a controlling terminal (else ENXIO). */
	e->tty_fd = same_session ? -1 : open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	e->session_leader = e->tty_fd >= 0 && getsid(0) == getpid();
	e->filter = NULL;
	e->nnp_by_landlock = 0; /* the caller knows, from lb_prepare's status */
	e->drop_caps = 0;
	e->drop_bounding = 0;
	e->raise_setpcap = 0;
	e->bounding = 0;
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
		/* The permitted set: what drop_bounding() drops without asking. */
		e->bounding = (uint64_t)caps[1].permitted << 32 | caps[0].permitted;
		e->drop_bounding = 1;
		e->raise_setpcap =
		    !(caps[CAP_TO_INDEX(CAP_SETPCAP)].effective & CAP_TO_MASK(CAP_SETPCAP));
	}
}

/*
 * Empty the bounding set.  Each PR_CAPBSET_DROP commits new credentials
 * (about 1.5 µs here), even for a capability the set does not hold, so only
 * those it holds are dropped.  Which it holds is guessed from the permitted
 * set PERMITTED, which for root is the bounding set as it was at execve:
 * those are dropped without asking; every other capability is asked for
 * with PR_CAPBSET_READ (about 0.5 µs) and dropped when held.  Reading
 * CapBnd from /proc/self/status instead cost 25 µs (bench/RESULTS.md).
 * EINVAL: past the kernel's last capability.
 */
static int drop_bounding(uint64_t permitted)
{
	for (int c = 0; c < 64; c++) {
		if (!(permitted & (1ULL << c))) {
			const int held = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
			if (held < 0 && errno == EINVAL)
				break;
			if (held <= 0)
				continue;
		}
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0)) {
			if (errno == EINVAL)
				break;
			return -1;
		}
	}
	return 0;
}

/* Drop every capability: bounding set, ambient set, then the three sets. */
static int drop_caps(const struct sandbox_entry *e)
{
	struct __user_cap_data_struct caps[2] = {{0, 0, 0}, {0, 0, 0}};

	if (e->drop_bounding) {
		/* CAP_SETPCAP must be effective to drop from the bounding set
		 * (it is already for root: no capget/capset then). */
		if (e->raise_setpcap) {
			if (caps_get(caps))
				return -1;
			caps[0].effective = caps[0].permitted;
			caps[1].effective = caps[1].permitted;
			if (caps_set(caps))
				return -1;
		}
		if (drop_bounding(e->bounding))
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
	if (!(sb && e->nnp_by_landlock) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		*err = errno;
		return STAGE_NNP;
	}
	/* Never in a session leader (see entry_plan): the callers fork then. */
	if (e->tty_fd >= 0) {
		const int r = ioctl(e->tty_fd, TIOCNOTTY);
		*err = errno;
		close(e->tty_fd);
		if (r < 0)
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
	/* The seccomp layer, prepared before: one system call. */
	ret = holes_install_child(e->filter);
	if (ret) {
		*err = -ret;
		return STAGE_SECCOMP;
	}
	return 0;
}

void entry_release(struct sandbox_entry *e)
{
	if (e->tty_fd >= 0)
		close(e->tty_fd);
	e->tty_fd = -1;
	lb_seccomp_free(e->filter);
	e->filter = NULL;
}

const char *entry_stage_name(int stage)
{
	switch (stage) {
	case STAGE_NNP:
		return "cannot set no_new_privs";
	case STAGE_SESSION:
		return "cannot detach from the controlling terminal (TIOCNOTTY)";
	case STAGE_CAPS:
		return "cannot drop capabilities";
	case STAGE_RESTRICT:
		return "cannot enforce the sandbox";
	case STAGE_SECCOMP:
		return "cannot install the seccomp filter";
	case STAGE_CHDIR:
		return "cannot change directory";
	default:
		return "cannot execute COMMAND";
	}
}
