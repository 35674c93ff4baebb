/* SPDX-License-Identifier: MIT */
/* explain.c - `landbox run --explain`: read the Landlock audit records of
 * COMMAND's sandbox while it runs, then print each distinct denial in plain
 * words with the option that would allow it (see explain.h for the flow). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "explain.h"
#include "landbox.h"
#include "trace.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* Audit records (flags LOG_*) exist since Landlock ABI 7 (Linux 6.15). */
#define EXPLAIN_ABI 7
/* After COMMAND exited: how long its last records may take to arrive. */
#define DRAIN_MS 2000
/* ...and how long to wait for its domain's deallocation record, which
 * carries the kernel's own count of denials (to detect lost records). */
#define DEALLOC_MS 300

struct explain {
	struct trace *tr; /* the trace source, or NULL: the audit source */
	struct audit_conn conn;
	struct audit_log *log;
	pid_t self;
	int overflow; /* the socket's buffer overflowed: records were lost */
	struct sigaction old[4];
	int installed[4];
};

/* ---- fatal signals ------------------------------------------------------- */

/* While landbox explains (audit switched on for it), a signal that would
 * kill landbox first switches audit off again.  run.c replaces these
 * handlers with its forwarders while COMMAND runs (COMMAND dies, landbox
 * ends normally) and puts them back afterwards. */
static const int fatal_signals[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static struct explain *volatile current;

static void on_fatal_signal(int sig)
{
	struct explain *ex = current;

	/* Only in landbox itself, not in a child between fork and exec: the
	 * child shares the connection and the lock. */
	if (ex && getpid() == ex->self)
		audit_restore_now(&ex->conn);
	/* Die of SIG as if never caught.  Should that fail there is nobody to
	 * tell (a signal handler): landbox goes on, audit already restored. */
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static void signals_install(struct explain *ex)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	current = ex;
	for (int i = 0; i < 4; i++) {
		ex->installed[i] = 0;
		if (sigaction(fatal_signals[i], NULL, &ex->old[i]) ||
		    ex->old[i].sa_handler == SIG_IGN)
			continue;
		ex->installed[i] = !sigaction(fatal_signals[i], &sa, NULL);
	}
}

static void signals_restore(struct explain *ex)
{
	for (int i = 0; i < 4; i++)
		if (ex->installed[i])
			sigaction(fatal_signals[i], &ex->old[i], NULL);
	current = NULL;
}

/* What is missing for explaining here, as words for "needs ..."; "" if
 * nothing. */
static void missing_requirements(char *buf, size_t len)
{
	struct lb_probe probe;
	char caps[AUDIT_CAPS_LEN], abi[128] = "";

	/* Everything fits: the longest answer is about 120 bytes, the
	 * caller's BUF 256. */
	lb_probe(&probe);
	if (probe.abi < EXPLAIN_ABI) {
		if (probe.abi > 0)
			(void)snprintf(abi, sizeof(abi), "Landlock ABI %d (this kernel has ABI %d)",
				       EXPLAIN_ABI, probe.abi);
		else
			(void)snprintf(
			    abi, sizeof(abi), "Landlock ABI %d (this kernel has %s)", EXPLAIN_ABI,
			    probe.error == EOPNOTSUPP ? "Landlock disabled" : "no Landlock");
	}
	if (audit_missing_caps(caps, sizeof(caps)))
		(void)snprintf(buf, len, "%s%s%s (run as root)", abi, abi[0] ? ", and " : "", caps);
	else
		(void)snprintf(buf, len, "%s", abi);
}

/* The audit source; NULL with a message (QUIET: none) when it cannot work. */
static struct explain *start_audit(const char *what, const char *fallback, int quiet)
{
	struct explain *ex;
	char need[256], err[512];

	missing_requirements(need, sizeof(need));
	if (need[0]) {
		if (!quiet)
			fprintf(stderr, "landbox: %s needs %s; %s\n", what, need, fallback);
		return NULL;
	}
	ex = calloc(1, sizeof(*ex));
	if (ex)
		ex->log = audit_log_new(0);
	if (!ex || !ex->log) {
		fprintf(stderr, "landbox: %s: out of memory; %s\n", what, fallback);
		free(ex);
		return NULL;
	}
	if (audit_open(&ex->conn, err, sizeof(err)) < 0) {
		if (!quiet)
			fprintf(stderr, "landbox: %s: %s; %s\n", what, err, fallback);
		audit_log_free(ex->log);
		free(ex);
		return NULL;
	}
	/* Our domain is the one created by landbox's child, before exec. */
	{
		char exe[AUDIT_STR_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			audit_log_set_exe(ex->log, exe);
		}
	}
	ex->self = getpid();
	signals_install(ex);
	return ex;
}

/* The trace source; NULL with a message when it cannot work. */
static struct explain *start_trace(const struct policy *p, const char *what, const char *fallback)
{
	struct explain *ex = calloc(1, sizeof(*ex));
	char err[256];

	if (ex)
		ex->log = audit_log_new(0);
	if (!ex || !ex->log) {
		fprintf(stderr, "landbox: %s: out of memory; %s\n", what, fallback);
		free(ex);
		return NULL;
	}
	ex->conn.ctl = ex->conn.mc = ex->conn.lock_fd = -1;
	ex->tr = trace_new(p, ex->log, err, sizeof(err));
	if (!ex->tr) {
		fprintf(stderr, "landbox: %s: %s; %s\n", what, err, fallback);
		audit_log_free(ex->log);
		free(ex);
		return NULL;
	}
	ex->self = getpid();
	return ex;
}

struct explain *explain_start_for(const struct policy *p, const char *what, const char *fallback)
{
	struct explain *ex;

	switch (p->explain) {
	case EXPLAIN_AUDIT:
		return start_audit(what, fallback, 0);
	case EXPLAIN_TRACE:
		return start_trace(p, what, fallback);
	default:
		/* auto: audit when it works here (root, ABI 7), else trace. */
		ex = start_audit(what, fallback, 1);
		return ex ? ex : start_trace(p, what, fallback);
	}
}

struct explain *explain_start(const struct policy *p)
{
	return explain_start_for(p, "--explain", "running without it");
}

int explain_traces(const struct explain *ex)
{
	return ex && ex->tr;
}

int explain_set_status(struct explain *ex, const struct lb_status *status)
{
	return ex && ex->tr ? trace_set_status(ex->tr, status) : 0;
}

int explain_prepare(struct explain *ex)
{
	return ex && ex->tr ? trace_prepare(ex->tr) : 0;
}

void explain_child(const struct explain *ex)
{
	if (ex && ex->tr)
		trace_child(ex->tr);
}

void explain_attach(struct explain *ex, pid_t pid)
{
	if (ex && ex->tr)
		(void)trace_attach(ex->tr, pid);
}

const struct audit_log *explain_log(const struct explain *ex)
{
	return ex ? ex->log : NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read the records waiting; remember when some were lost. */
static int read_records(struct explain *ex)
{
	int ret = audit_read(&ex->conn, ex->log);

	if (ret == -ENOBUFS) {
		ex->overflow = 1;
		return 0;
	}
	return ret;
}

/* Read records until STOP says enough or DEADLINE (ms) passes. */
static void read_until(struct explain *ex, long long deadline,
		       int (*stop)(const struct explain *ex))
{
	while (!stop(ex)) {
		long long left = deadline - now_ms();
		struct pollfd pfd = {.fd = ex->conn.mc, .events = POLLIN};

		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			break;
		if (read_records(ex) < 0)
			break;
	}
}

static int barrier_seen(const struct explain *ex)
{
	return audit_log_barriers(ex->log) >= ex->conn.barriers;
}

static int domains_gone(const struct explain *ex)
{
	return audit_log_live_domains(ex->log) == 0;
}

static int never(const struct explain *ex)
{
	(void)ex;
	return 0;
}

/* COMMAND exited: its records are all queued, get them. */
static void drain(struct explain *ex)
{
	if (audit_barrier(&ex->conn) == 0)
		read_until(ex, now_ms() + DRAIN_MS, barrier_seen);
	else
		read_until(ex, now_ms() + 200, never);
	read_until(ex, now_ms() + DEALLOC_MS, domains_gone);
	audit_log_flush(ex->log);
}

int explain_wait(struct explain *ex, pid_t pid, int *wstatus)
{
	int pidfd;

	if (ex->tr)
		return trace_wait(ex->tr, pid, wstatus);

	audit_log_reset(ex->log, pid);
	audit_log_watch_barrier(ex->log, getpid());
	/* A pidfd turns "the child exited" into something poll() sees next to
	 * the audit socket; without one, poll with a short timeout. */
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	for (;;) {
		struct pollfd pfd[2] = {
		    {.fd = ex->conn.mc, .events = POLLIN},
		    {.fd = pidfd, .events = POLLIN},
		};
		pid_t r;

		if (poll(pfd, pidfd >= 0 ? 2 : 1, pidfd >= 0 ? -1 : 50) < 0 && errno != EINTR) {
			int e = errno;
			if (pidfd >= 0)
				close(pidfd);
			return -e;
		}
		if (pfd[0].revents)
			read_records(ex);
		r = waitpid(pid, wstatus, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			int e = errno;
			if (pidfd >= 0)
				close(pidfd);
			return -e;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	drain(ex);
	return 0;
}

/* ---- words ------------------------------------------------------------- */

/* The fs rights that are about a directory's entries, not a file. */
#define DIR_ENTRY_RIGHTS (LB_FS_REMOVE_DIR | LB_FS_REMOVE_FILE | LB_FS_MAKE_ALL | LB_FS_REFER)

/* ARG quoted for a shell when it needs it. */
static void shell_quote(const char *arg, char *buf, size_t len)
{
	size_t o = 0;

	if (arg[0] && strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "0123456789/._+-@%:=") == strlen(arg)) {
		/* Cut at LEN, as the quoted form below is. */
		(void)snprintf(buf, len, "%s", arg);
		return;
	}
	if (len < 3) {
		if (len)
			buf[0] = '\0';
		return;
	}
	buf[o++] = '\'';
	for (const char *p = arg; *p && o + 6 < len; p++) {
		if (*p == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

/* Whether PATH is in a process's directory of /proc ("/proc/1234/..."). */
static int proc_pid_path(const char *path)
{
	const char *p = path + 6;

	if (strncmp(path, "/proc/", 6) != 0 || !(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p || *p == '/';
}

/* A logged object always fits in a rule's argument. */
_Static_assert(sizeof(((struct explain_rule *)NULL)->arg) >= AUDIT_STR_MAX,
	       "explain_rule.arg holds a logged object (AUDIT_STR_MAX)");

int explain_rule(const struct audit_denial *d, struct explain_rule *out)
{
	/* Every snprintf into out->arg fits (see the assertion above). */
	out->option = NULL;
	out->arg[0] = '\0';
	out->why = NULL;
	out->note = NULL;
	switch (d->kind) {
	case AUDIT_K_FS: {
		const uint64_t m = d->mask;
		const int x = !!(m & LB_FS_EXECUTE);
		const int w = !!(
		    m & (LB_FS_WRITE_FILE | LB_FS_TRUNCATE | LB_FS_IOCTL_DEV | DIR_ENTRY_RIGHTS));

		if (d->object[0] != '/') {
			out->why = "the kernel did not log a usable path";
			return -1;
		}
		/* The narrowest option granting every right denied: creating
		 * or removing needs --rw on the directory (the path logged). */
		if (m & LB_FS_RESOLVE_UNIX)
			out->option = "unix";
		else if (x && w)
			out->option = "rwx";
		else if (x)
			out->option = "rox";
		else if (w)
			out->option = "rw";
		else
			out->option = "ro";
		(void)snprintf(out->arg, sizeof(out->arg), "%s", d->object);
		if (proc_pid_path(d->object)) {
			/* /proc/1234/status: a rule is bound to that process's
			 * inode, the next run has another pid. */
			(void)snprintf(out->arg, sizeof(out->arg), "/proc");
			out->note = "per-process files of /proc change with every process: "
				    "no narrower rule works on the next run";
		}
		return 0;
	}
	case AUDIT_K_NET:
		if (d->mask & LB_NET_BIND_TCP)
			out->option = "bind-tcp";
		else if (d->mask & LB_NET_CONNECT_TCP)
			out->option = "connect-tcp";
		else if (d->mask & LB_NET_BIND_UDP)
			out->option = "bind-udp";
		else if (d->mask & LB_NET_CONNECT_SEND_UDP)
			out->option = "connect-udp";
		else
			break;
		/* No port logged: it was 0 (bind to an ephemeral port). */
		(void)snprintf(out->arg, sizeof(out->arg), "%lld", d->port < 0 ? 0 : d->port);
		return 0;
	case AUDIT_K_SCOPE:
		/* Scopes are all or nothing: no rule names one peer. */
		out->option = "unrestricted-scoped";
		return 0;
	case AUDIT_K_PTRACE:
		out->why = "Landlock never lets a sandboxed process trace a process outside "
			   "its sandbox; no option allows it";
		return -1;
	case AUDIT_K_TOPOLOGY:
		out->why = "a sandboxed process can never mount, unmount or move mounts; "
			   "no option allows it";
		return -1;
	case AUDIT_K_UNKNOWN:
		break;
	}
	out->why = "this landbox does not know this kind of denial";
	return -1;
}

/* "on /etc/hostname", "to 127.0.0.1 port 5432", "to pid 12 (bash)".  BUF
 * (explain_format's AUDIT_STR_MAX + 64) holds any of them. */
static void format_object(const struct audit_denial *d, char *buf, size_t len)
{
	const long long port = d->port < 0 ? 0 : d->port;

	switch (d->kind) {
	case AUDIT_K_FS:
	case AUDIT_K_TOPOLOGY:
	case AUDIT_K_UNKNOWN:
		if (!d->object[0])
			(void)snprintf(buf, len, "%s", "");
		else if (d->kind == AUDIT_K_FS && d->mask && !(d->mask & ~DIR_ENTRY_RIGHTS))
			(void)snprintf(buf, len, " in %s", d->object); /* creating, removing */
		else
			(void)snprintf(buf, len, " on %s", d->object);
		return;
	case AUDIT_K_NET:
		(void)snprintf(buf, len, " %s %s%sport %lld",
			       d->mask & (LB_NET_BIND_TCP | LB_NET_BIND_UDP) ? "on" : "to",
			       d->object, d->object[0] ? " " : "", port);
		return;
	case AUDIT_K_SCOPE:
	case AUDIT_K_PTRACE:
		if (d->opid)
			(void)snprintf(
			    buf, len, " %s pid %ld%s%s%s", d->kind == AUDIT_K_PTRACE ? "of" : "to",
			    d->opid, d->object[0] ? " (" : "", d->object, d->object[0] ? ")" : "");
		else if (d->object[0])
			(void)snprintf(buf, len, " to abstract socket %s", d->object);
		else
			(void)snprintf(buf, len, "%s", "");
		return;
	}
}

/* Append to BUF (LEN bytes, *O of them used) what FMT says.  Cut at LEN:
 * the rest of the text is then dropped, what is there stays true. */
__attribute__((format(printf, 4, 5))) static void appendf(char *buf, size_t len, size_t *o,
							  const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *o)
		*o = len; /* full */
	else
		*o += (size_t)n;
}

/* " (by cat, pid 12)", " (by sh, pid 11; cat, pid 12 and 3 other processes)",
 * or "" when no SYSCALL record named the process. */
static void format_programs(const struct audit_denial *d, char *buf, size_t len)
{
	size_t o = 0;
	unsigned long others = d->npids > d->nprogs ? d->npids - d->nprogs : 0;

	buf[0] = '\0';
	if (!d->nprogs)
		return;
	for (unsigned i = 0; i < d->nprogs; i++)
		appendf(buf, len, &o, "%s%s, pid %ld", i ? "; " : " (by ",
			d->progs[i].comm[0] ? d->progs[i].comm : "?", d->progs[i].pid);
	if (others)
		appendf(buf, len, &o, " and %lu other process%s", others, others > 1 ? "es" : "");
	appendf(buf, len, &o, ")");
}

/* Control characters of BUF as \xNN: the names of files and programs come
 * from the sandboxed program, which must not be able to forge lines. */
static void escape_controls(char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *copy = strdup(buf);
	size_t o = 0;

	if (!copy) {
		for (char *p = buf; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		return;
	}
	for (const char *p = copy; *p && o + 5 < len; p++) {
		const unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 0xf];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	free(copy);
}

void explain_format(const struct audit_denial *d, char *buf, size_t len)
{
	char object[AUDIT_STR_MAX + 64], who[320], times[48] = "";
	struct explain_rule rule;

	/* TIMES fits; a line cut at LEN (paths near PATH_MAX) still names
	 * the denial and the option. */
	format_object(d, object, sizeof(object));
	format_programs(d, who, sizeof(who));
	if (d->count > 1)
		(void)snprintf(times, sizeof(times), ", %lu times", d->count);
	if (explain_rule(d, &rule) == 0) {
		char quoted[AUDIT_STR_MAX + 64];

		shell_quote(rule.arg, quoted, sizeof(quoted));
		(void)snprintf(buf, len, "%sdenied %s%s%s%s \u2014 allow with --%s%s%s%s%s%s",
			       d->probably ? "probably " : "", d->blockers, object, who, times,
			       rule.option, rule.arg[0] ? " " : "", rule.arg[0] ? quoted : "",
			       rule.note ? " (" : "", rule.note ? rule.note : "",
			       rule.note ? ")" : "");
	} else {
		(void)snprintf(buf, len, "%sdenied %s%s%s%s \u2014 %s",
			       d->probably ? "probably " : "", d->blockers, object, who, times,
			       rule.why);
	}
	escape_controls(buf, len);
}

void explain_report(struct explain *ex, FILE *out)
{
	const size_t n = ex ? audit_log_count(ex->log) : 0;
	unsigned long lost, missing, dropped, nested;
	char line[2 * AUDIT_STR_MAX + 512];

	if (!ex)
		return;
	for (size_t i = 0; i < n; i++) {
		explain_format(audit_log_get(ex->log, i), line, sizeof(line));
		fprintf(out, "landbox: %s\n", line);
	}
	nested = audit_log_nested(ex->log);
	if (!n && !nested)
		fprintf(out, "landbox: --explain: no Landlock denial\n");
	if (nested)
		fprintf(out,
			"landbox: --explain: %s%lu denial%s by a sandbox nested inside COMMAND "
			"(its own rules, which no option of this one can change) not shown\n",
			n ? "also " : "no denial by this sandbox; ", nested, nested > 1 ? "s" : "");
	dropped = audit_log_dropped(ex->log);
	if (dropped)
		fprintf(out, "landbox: --explain: %lu more denials not shown\n", dropped);
	if (ex->tr) {
		trace_report_others(ex->tr, out);
		return;
	}
	/* Say when the list may be incomplete, and why. */
	lost = audit_lost(&ex->conn);
	missing = audit_log_missing(ex->log);
	if (ex->overflow)
		fprintf(out, "landbox: --explain: records arrived faster than landbox could read "
			     "them and some were lost; the list may be incomplete\n");
	else if (lost)
		fprintf(out,
			"landbox: --explain: the audit subsystem dropped %lu record%s while "
			"COMMAND ran (backlog limit, see auditctl -b); the list may be "
			"incomplete\n",
			lost, lost > 1 ? "s" : "");
	else if (missing)
		fprintf(out,
			"landbox: --explain: the kernel counted %lu denial%s that were not "
			"reported (records lost, or not logged because of the --log-* "
			"options)\n",
			missing, missing > 1 ? "s" : "");
}

void explain_end(struct explain *ex)
{
	if (!ex)
		return;
	if (ex->tr) {
		trace_free(ex->tr);
	} else {
		audit_close(&ex->conn);
		signals_restore(ex);
	}
	audit_log_free(ex->log);
	free(ex);
}

void explain_restore_now(struct explain *ex)
{
	if (ex && !ex->tr)
		audit_restore_now(&ex->conn);
}
