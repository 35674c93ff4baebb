/* SPDX-License-Identifier: MIT */
/*
 * threads.c - restricting every thread of a process on kernels without
 * TSYNC (Landlock ABI < 8), where landlock_restrict_self() only restricts
 * the calling thread.
 *
 * A process with one thread (told by unshare(CLONE_THREAD), see
 * single_threaded()) just restricts itself.  Otherwise each other thread
 * listed in /proc/self/task is sent one real-time signal
 * with rt_tgsigqueueinfo(); its si_value points to a slot that says which
 * ruleset and flags to use.  The handler sets no_new_privs and restricts its
 * own thread, then reports through the slot's atomics.  /proc/self/task is
 * scanned again until a scan finds no thread that was not handled (threads
 * created meanwhile by unrestricted threads); threads created later come from
 * restricted ones and inherit the domain.  The calling thread restricts
 * last: until then it can still signal the others whatever the scopes say.
 *
 * The signal is the highest real-time signal whose action is the default
 * one (so no handler of the application is displaced); its previous action
 * is restored afterwards.  A thread that blocks that signal never answers:
 * after a bounded wait the call fails, with ETIMEDOUT when no thread was
 * restricted yet, else with ECANCELED (the caller must exit).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define SLOT_MAGIC    0x6c616e64626f7821ULL /* "landbox!" */
#define WAIT_NO_NEWS  2000		    /* ms without any thread answering */
#define POLL_INTERVAL 50000		    /* ns between looks at the slots */

enum slot_state {
	SLOT_PENDING = 0,
	SLOT_DONE,   /* restricted */
	SLOT_FAILED, /* err says why */
	SLOT_GONE,   /* the thread exited before answering */
};

/* What one thread is asked to do, and its answer. */
struct slot {
	uint64_t magic;
	pid_t tid;
	int ruleset_fd;
	uint32_t flags;
	_Atomic int abandoned; /* the caller gave up waiting: do nothing */
	_Atomic int state;
	_Atomic int err;
};

static pid_t current_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void on_signal(int sig, siginfo_t *si, void *ucontext)
{
	const int saved = errno;
	struct slot *s;

	(void)sig;
	(void)ucontext;
	/* Only our own queued signal carries a slot. */
	if (si->si_code != SI_QUEUE || si->si_pid != getpid())
		goto out;
	s = si->si_value.sival_ptr;
	if (!s || s->magic != SLOT_MAGIC || s->tid != current_tid() || atomic_load(&s->abandoned))
		goto out;
	if (lb_sys_no_new_privs() || lb_sys_restrict_self(s->ruleset_fd, s->flags)) {
		atomic_store(&s->err, errno);
		atomic_store(&s->state, SLOT_FAILED);
	} else {
		atomic_store(&s->state, SLOT_DONE);
	}
out:
	errno = saved;
}

/* The slots handed out so far (pointers: a slot must not move once sent). */
struct slots {
	struct slot **v;
	size_t n, cap;
};

static struct slot *find_slot(const struct slots *sl, pid_t tid)
{
	for (size_t i = 0; i < sl->n; i++)
		if (sl->v[i]->tid == tid)
			return sl->v[i];
	return NULL;
}

static struct slot *new_slot(struct slots *sl, pid_t tid, int fd, uint32_t flags)
{
	struct slot *s;

	if (sl->n == sl->cap) {
		size_t cap = sl->cap ? sl->cap * 2 : 16;
		struct slot **v = realloc(sl->v, cap * sizeof(struct slot *));
		if (!v)
			return NULL;
		sl->v = v;
		sl->cap = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->magic = SLOT_MAGIC;
	s->tid = tid;
	s->ruleset_fd = fd;
	s->flags = flags;
	sl->v[sl->n++] = s;
	return s;
}

static void free_slots(struct slots *sl)
{
	for (size_t i = 0; i < sl->n; i++)
		free(sl->v[i]);
	free(sl->v);
}

/*
 * MSG is the caller's error buffer: a message cut at LEN is still the
 * message, so truncation is accepted here, once for every message.
 */
static void set_msg(char *msg, size_t len, const char *fmt, ...) LB_PRINTF(3, 4);
static void set_msg(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

/*
 * The thread ids of this process into *TIDS (malloc'd) and their number
 * into *COUNT; 0, or -errno with *TIDS NULL.
 */
static int list_threads(pid_t **tids, size_t *count)
{
	size_t n = 0, cap = 16;
	pid_t *v = malloc(cap * sizeof(*v));
	struct dirent *de;
	DIR *dir;
	int fd;

	*tids = NULL;
	*count = 0;
	if (!v)
		return -ENOMEM;
	fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		const int err = errno ? errno : EIO;
		if (fd >= 0)
			close(fd);
		free(v);
		return -err;
	}
	while ((de = readdir(dir))) {
		const long tid = strtol(de->d_name, NULL, 10);
		if (tid <= 0)
			continue;
		if (n == cap) {
			pid_t *w = realloc(v, 2 * cap * sizeof(*v));
			if (!w) {
				closedir(dir);
				free(v);
				return -ENOMEM;
			}
			v = w;
			cap *= 2;
		}
		v[n++] = (pid_t)tid;
	}
	closedir(dir);
	*tids = v;
	*count = n;
	return 0;
}

/* The highest real-time signal nobody handles; 0 if there is none. */
static int pick_signal(void)
{
	for (int sig = SIGRTMAX; sig >= SIGRTMIN; sig--) {
		struct sigaction old;
		if (sigaction(sig, NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
		    old.sa_handler == SIG_DFL)
			return sig;
	}
	return 0;
}

static int send_slot(int sig, struct slot *s)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value.sival_ptr = s;
	return (int)syscall(SYS_rt_tgsigqueueinfo, getpid(), s->tid, sig, &info);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Wait until every slot answered or its thread is gone.  Returns 0, or the
 * tid of a thread that did not answer within WAIT_NO_NEWS ms of silence.
 */
static pid_t wait_slots(struct slots *sl)
{
	const struct timespec pause = {0, POLL_INTERVAL};
	long last_news = now_ms();
	size_t answered_before = 0;

	for (;;) {
		size_t answered = 0;
		pid_t late = 0;
		for (size_t i = 0; i < sl->n; i++) {
			struct slot *s = sl->v[i];
			if (atomic_load(&s->state) == SLOT_PENDING &&
			    syscall(SYS_tgkill, getpid(), s->tid, 0) && errno == ESRCH)
				atomic_store(&s->state, SLOT_GONE);
			if (atomic_load(&s->state) == SLOT_PENDING)
				late = s->tid;
			else
				answered++;
		}
		if (!late)
			return 0;
		if (answered > answered_before) {
			answered_before = answered;
			last_news = now_ms();
		} else if (now_ms() - last_news > WAIT_NO_NEWS) {
			return late;
		}
		nanosleep(&pause, NULL);
	}
}

/*
 * 1 when the calling thread is the only one, 0 when there are others, -1
 * when this cannot be told without /proc.  unshare(CLONE_THREAD) is a no-op
 * that the kernel refuses (EINVAL) exactly when the thread group has other
 * threads: no /proc needed, which matters inside a sandbox that hides it.
 */
static int single_threaded(void)
{
	if (unshare(CLONE_THREAD) == 0)
		return 1;
	return errno == EINVAL ? 0 : -1;
}

/* Restrict the calling thread itself. */
static int restrict_self(int fd, uint32_t flags)
{
	if (lb_sys_no_new_privs() || lb_sys_restrict_self(fd, flags))
		return -errno;
	return 0;
}

/*
 * How many threads the process has, as far as it matters: 1, 2 (meaning
 * "more than one"), or -errno with MSG set.
 */
static long count_threads(char *msg, size_t len)
{
	pid_t *tids;
	size_t n;
	int ret;

	switch (single_threaded()) {
	case 1:
		return 1;
	case 0:
		return 2;
	default:
		break;
	}
	if ((ret = list_threads(&tids, &n))) {
		set_msg(msg, len,
			"cannot list the threads of this process in /proc/self/task: %s "
			"(mount /proc, or restrict the calling thread only with LB_THREAD_ONLY)",
			strerror(-ret));
		return ret;
	}
	free(tids);
	return (long)n;
}

/* One lb_restrict_all_threads() call: what to send, and how far it got. */
struct sync {
	int sig;
	int ruleset_fd;
	uint32_t flags;
	pid_t self;
	struct slots sl;
	int restricted; /* some other thread is restricted: no way back */
	int abandoned;	/* a signal may still arrive: keep the handler and slots */
	char *msg;
	size_t len;
};

/* ", the process must exit" when some threads are already restricted. */
static const char *must_exit(const struct sync *s)
{
	return s->restricted ? "; other threads are restricted: the process must exit" : "";
}

/*
 * Send a slot to each listed thread that has none yet, one thread only
 * until one succeeded (a failure such as E2BIG, too many layers, then
 * leaves nothing restricted).  Returns the number of threads asked, or
 * -errno with the message set; *OOM is a thread that could not be asked.
 */
static long ask_new_threads(struct sync *s, pid_t *oom)
{
	pid_t *tids;
	size_t n;
	long fresh = 0;
	const int ret = list_threads(&tids, &n);

	if (ret) {
		set_msg(s->msg, s->len, "cannot list the threads in /proc/self/task: %s%s",
			strerror(-ret), must_exit(s));
		return s->restricted ? -ECANCELED : ret;
	}
	for (size_t i = 0; i < n; i++) {
		struct slot *slot;
		if (tids[i] == s->self || find_slot(&s->sl, tids[i]))
			continue;
		if (!s->restricted && fresh)
			break;
		if (!(slot = new_slot(&s->sl, tids[i], s->ruleset_fd, s->flags))) {
			*oom = tids[i];
			break;
		}
		fresh++;
		if (send_slot(s->sig, slot))
			atomic_store(&slot->state, errno == ESRCH ? SLOT_GONE : SLOT_FAILED);
	}
	free(tids);
	return fresh;
}

/* After the wait: 0 when every asked thread is restricted or gone, else -errno. */
static int check_answers(struct sync *s, pid_t late, pid_t oom)
{
	for (size_t i = 0; i < s->sl.n; i++)
		if (atomic_load(&s->sl.v[i]->state) == SLOT_DONE)
			s->restricted = 1;
	if (late) {
		s->abandoned = 1;
		set_msg(
		    s->msg, s->len,
		    "thread %d did not answer signal %d within %d ms (does it block that "
		    "signal?): %s",
		    (int)late, s->sig, WAIT_NO_NEWS,
		    s->restricted
			? "some threads are restricted and others are not, the process must exit"
			: "no thread was restricted");
		return s->restricted ? -ECANCELED : -ETIMEDOUT;
	}
	for (size_t i = 0; i < s->sl.n; i++) {
		const struct slot *slot = s->sl.v[i];
		int err;
		if (atomic_load(&slot->state) != SLOT_FAILED)
			continue;
		err = atomic_load(&slot->err);
		if (!err)
			err = EPERM;
		set_msg(s->msg, s->len, "cannot restrict thread %d: %s%s%s", (int)slot->tid,
			strerror(err),
			err == E2BIG ? " (Landlock allows at most 16 nested sandboxes)" : "",
			must_exit(s));
		return s->restricted ? -ECANCELED : -err;
	}
	if (oom) {
		set_msg(s->msg, s->len, "cannot restrict thread %d: out of memory%s", (int)oom,
			must_exit(s));
		return s->restricted ? -ECANCELED : -ENOMEM;
	}
	return 0;
}

/*
 * Every thread but the calling one, until a scan of /proc/self/task finds
 * no thread that was not asked (threads created meanwhile by unrestricted
 * threads are caught by the next scan).
 */
static int restrict_others(struct sync *s)
{
	for (;;) {
		pid_t oom = 0, late;
		long fresh = ask_new_threads(s, &oom);
		int ret;

		if (fresh < 0)
			return (int)fresh;
		if (!fresh && !oom)
			return 0; /* every listed thread answered: the set is stable */
		late = wait_slots(&s->sl);
		if ((ret = check_answers(s, late, oom)))
			return ret;
	}
}

int lb_restrict_all_threads(int ruleset_fd, uint32_t flags, char *msg, size_t len)
{
	struct sync s = {
	    .ruleset_fd = ruleset_fd,
	    .flags = flags,
	    .self = current_tid(),
	    .msg = msg,
	    .len = len,
	};
	struct sigaction sa, old;
	long n = count_threads(msg, len);
	int ret;

	if (n < 0)
		return (int)n;
	if (n <= 1) {
		/* The usual case: a single thread, nothing to synchronise. */
		if ((ret = restrict_self(ruleset_fd, flags)))
			set_msg(
			    msg, len, "cannot enforce the Landlock ruleset: %s%s", strerror(-ret),
			    ret == -E2BIG ? " (Landlock allows at most 16 nested sandboxes)" : "");
		return ret;
	}

	s.sig = pick_signal();
	if (!s.sig) {
		set_msg(msg, len,
			"cannot restrict the other threads: every real-time signal has a handler "
			"(use LB_THREAD_ONLY, or restrict before creating threads)");
		return -EBUSY;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	if (sigaction(s.sig, &sa, &old)) {
		ret = -errno;
		set_msg(msg, len, "cannot install the handler of signal %d: %s", s.sig,
			strerror(-ret));
		return ret;
	}

	ret = restrict_others(&s);
	if (s.abandoned) {
		/*
		 * A thread still holds a pending signal pointing to its slot:
		 * keep our handler and the slots (leaked; the process is about
		 * to exit), marked so that a late answer does nothing.
		 */
		for (size_t i = 0; i < s.sl.n; i++)
			atomic_store(&s.sl.v[i]->abandoned, 1);
		free(s.sl.v);
		return ret;
	}
	/* Last, the calling thread: until now it could signal the others. */
	if (!ret && (ret = restrict_self(ruleset_fd, flags))) {
		set_msg(msg, len,
			"cannot restrict the calling thread: %s; the other threads are "
			"restricted: the process must exit",
			strerror(-ret));
		ret = -ECANCELED;
	}
	sigaction(s.sig, &old, NULL);
	free_slots(&s.sl);
	return ret;
}
