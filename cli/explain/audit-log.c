/* SPDX-License-Identifier: MIT */
/* audit-log.c - the denials of one sandbox as the audit records tell them:
 * which domains are ours, joining each denial with its SYSCALL record, and
 * the table of distinct denials that every denial source fills (see
 * audit.h and denial.h). */
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
#include "denial.h"
#include "landbox.h"

/* ======================================================================
 * The denials of one sandbox
 * ====================================================================== */

/* Denial records wait here for the SYSCALL record of their event (it comes
 * last, at syscall exit) and, for a domain not yet known, for its
 * allocation record (it comes right after the domain's first denial). */
#define PENDING_MAX 64
/* Distinct denials kept; more are counted in `dropped`. */
#define DENIALS_MAX 4096
/* Foreign domains remembered, so their records are dropped at once. */
#define FOREIGN_MAX 256
/* Nested sandboxes (created inside ours) remembered. */
#define NESTED_MAX 64
/* Distinct pids remembered per denial; beyond, each new one is counted. */
#define PIDS_MAX 32

struct pidset {
	long pid[PIDS_MAX];
	unsigned n;
};

struct pending {
	struct audit_access a;
	int ours; /* 1: domain known to be ours; 0: not known yet */
	long pid;
	char comm[64];
	char exe[AUDIT_STR_MAX];
};

struct domain {
	uint64_t id;
	int live;		/* allocated, not yet deallocated */
	unsigned long received; /* denial records received */
};

struct audit_log {
	pid_t owner;
	char *owner_exe; /* landbox's executable, or NULL */
	pid_t self;	 /* our pid, for the barrier records */
	struct domain *doms;
	size_t ndoms, capdoms;
	uint64_t foreign[FOREIGN_MAX];
	size_t nforeign;	     /* ring: next slot = nforeign % FOREIGN_MAX */
	uint64_t nested[NESTED_MAX]; /* sandboxes created inside ours (ring) */
	size_t nnested;
	unsigned long nested_denials;
	struct pending *pend; /* PENDING_MAX slots */
	size_t npend;
	struct audit_denial *den;
	size_t nden, capden;
	unsigned long total, missing, dropped, barriers;
	struct pidset *pids; /* per denial: the distinct pids seen */
};

struct audit_log *audit_log_new(pid_t owner)
{
	struct audit_log *log = calloc(1, sizeof(*log));

	if (!log)
		return NULL;
	log->pend = calloc(PENDING_MAX, sizeof(*log->pend));
	if (!log->pend) {
		free(log);
		return NULL;
	}
	log->owner = owner;
	return log;
}

static void free_denials(struct audit_log *log)
{
	for (size_t i = 0; i < log->nden; i++) {
		free(log->den[i].blockers);
		free(log->den[i].object);
		free(log->den[i].exe);
	}
	free(log->den);
	free(log->pids);
	log->den = NULL;
	log->pids = NULL;
	log->nden = log->capden = 0;
}

void audit_log_free(struct audit_log *log)
{
	if (!log)
		return;
	free_denials(log);
	free(log->doms);
	free(log->pend);
	free(log->owner_exe);
	free(log);
}

void audit_log_reset(struct audit_log *log, pid_t owner)
{
	free_denials(log);
	free(log->doms);
	log->doms = NULL;
	log->ndoms = log->capdoms = 0;
	log->nforeign = 0;
	log->nnested = 0;
	log->nested_denials = 0;
	log->npend = 0;
	log->total = log->missing = log->dropped = 0;
	log->owner = owner;
}

int audit_log_set_exe(struct audit_log *log, const char *exe)
{
	char *copy = NULL;

	if (exe && !(copy = strdup(exe)))
		return -ENOMEM;
	free(log->owner_exe);
	log->owner_exe = copy;
	return 0;
}

void audit_log_watch_barrier(struct audit_log *log, pid_t self)
{
	log->self = self;
}

unsigned long audit_log_barriers(const struct audit_log *log)
{
	return log->barriers;
}

static struct domain *find_domain(struct audit_log *log, uint64_t id)
{
	for (size_t i = 0; i < log->ndoms; i++)
		if (log->doms[i].id == id)
			return &log->doms[i];
	return NULL;
}

/* Whether ID is in RING (COUNT entries added, MAX slots). */
static int in_ring(const uint64_t *ring, size_t count, size_t max, uint64_t id)
{
	size_t n = count < max ? count : max;

	for (size_t i = 0; i < n; i++)
		if (ring[i] == id)
			return 1;
	return 0;
}

/* The parent's pid in the text of /proc/PID/stat after its "(comm)":
 * " state ppid ...".  0, or -1 if it is not there. */
static int stat_ppid(const char *after_comm, long *ppid)
{
	const char *p = after_comm;
	char *end;

	while (*p == ' ')
		p++;
	if (!*p)
		return -1;
	p++; /* the state letter */
	errno = 0;
	*ppid = strtol(p, &end, 10);
	if (errno || end == p)
		return -1;
	return 0;
}

/* Whether process PID descends from ANCESTOR, by the parents /proc shows
 * now (a domain's creator usually still runs when its record arrives). */
static int descends_from(pid_t pid, pid_t ancestor)
{
	for (int depth = 0; depth < 64 && pid > 1; depth++) {
		char path[64], buf[512];
		const char *close_paren;
		ssize_t n;
		long ppid;
		int fd;

		/* Fits: a pid has at most 10 digits. */
		(void)snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 0;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return 0;
		buf[n] = '\0';
		/* "pid (comm) state ppid ...": comm may hold anything. */
		close_paren = strrchr(buf, ')');
		if (!close_paren || stat_ppid(close_paren + 1, &ppid) < 0)
			return 0;
		if (ppid == ancestor)
			return 1;
		pid = (pid_t)ppid;
	}
	return 0;
}

static int same_denial(const struct audit_denial *d, const struct denial_event *ev)
{
	return d->kind == ev->kind && d->mask == ev->mask && d->port == ev->port &&
	       d->opid == ev->opid && strcmp(d->blockers, ev->blockers) == 0 &&
	       strcmp(d->object, ev->object) == 0;
}

/* Note who hit denial I: its programs and distinct processes. */
static void add_process(struct audit_log *log, size_t i, const struct denial_event *ev)
{
	struct audit_denial *d = &log->den[i];
	struct pidset *ps = &log->pids[i];
	unsigned k;

	if (!ev->pid)
		return;
	for (k = 0; k < ps->n && ps->pid[k] != ev->pid; k++)
		;
	if (k < ps->n)
		return; /* a process seen already */
	if (ps->n < PIDS_MAX)
		ps->pid[ps->n++] = ev->pid;
	d->npids++;
	for (k = 0; k < d->nprogs && strcmp(d->progs[k].comm, ev->comm) != 0; k++)
		;
	if (k == d->nprogs && d->nprogs < AUDIT_PROGS_MAX) {
		/* Cut at the size of a kernel comm, as the kernel does. */
		(void)snprintf(d->progs[k].comm, sizeof(d->progs[k].comm), "%s", ev->comm);
		d->progs[k].pid = ev->pid;
		d->nprogs++;
	}
}

int denial_add(struct audit_log *log, const struct denial_event *ev)
{
	struct audit_denial *d;

	log->total++;
	for (size_t i = log->nden; i-- > 0;) {
		if (!same_denial(&log->den[i], ev))
			continue;
		log->den[i].count++;
		/* Certain once one occurrence is. */
		log->den[i].probably &= ev->probably;
		add_process(log, i, ev);
		return 0;
	}
	if (log->nden >= DENIALS_MAX) {
		log->dropped++;
		return 0;
	}
	if (log->nden == log->capden) {
		size_t cap = log->capden ? log->capden * 2 : 16;
		struct audit_denial *nd = realloc(log->den, cap * sizeof(*nd));
		if (!nd)
			return -ENOMEM;
		log->den = nd;
		struct pidset *np = realloc(log->pids, cap * sizeof(*np));
		if (!np)
			return -ENOMEM;
		log->pids = np;
		log->capden = cap;
	}
	d = &log->den[log->nden];
	memset(d, 0, sizeof(*d));
	log->pids[log->nden].n = 0;
	d->kind = ev->kind;
	d->mask = ev->mask;
	d->domain = ev->domain;
	d->port = ev->port;
	d->opid = ev->opid;
	d->probably = ev->probably;
	d->blockers = strdup(ev->blockers);
	d->object = strdup(ev->object);
	d->exe = strdup(ev->exe);
	if (!d->blockers || !d->object || !d->exe) {
		free(d->blockers);
		free(d->object);
		free(d->exe);
		return -ENOMEM;
	}
	d->count = 1;
	add_process(log, log->nden, ev);
	log->nden++;
	return 0;
}

/* Count the audit event P among the distinct denials. */
static int commit(struct audit_log *log, const struct pending *p)
{
	const struct denial_event ev = {
	    .kind = p->a.kind,
	    .mask = p->a.mask,
	    .domain = p->a.domain,
	    .blockers = p->a.blockers,
	    .object = p->a.object,
	    .port = p->a.port,
	    .opid = p->a.opid,
	    .pid = p->pid,
	    .comm = p->comm,
	    .exe = p->exe,
	};

	return denial_add(log, &ev);
}

static void drop_pending(struct audit_log *log, size_t i)
{
	log->npend--;
	if (i != log->npend)
		memmove(&log->pend[i], &log->pend[i + 1], (log->npend - i) * sizeof(*log->pend));
}

/* Commit (if ours) or forget the pending events matching SERIAL (or all of
 * them when ALL), keeping those of unknown domains unless FORGET. */
static int settle(struct audit_log *log, uint64_t serial, int all, int forget_unknown)
{
	int ret = 0;

	for (size_t i = 0; i < log->npend;) {
		struct pending *p = &log->pend[i];
		if (!all && p->a.serial != serial) {
			i++;
			continue;
		}
		if (p->ours) {
			if (commit(log, p) < 0)
				ret = -ENOMEM;
		} else if (!forget_unknown) {
			i++;
			continue;
		}
		drop_pending(log, i);
	}
	return ret;
}

static int feed_access(struct audit_log *log, const char *text)
{
	struct audit_access a;
	struct domain *dom;
	struct pending *p;
	int ret = 0;

	if (audit_parse_access(text, &a) < 0)
		return 0; /* not a record we understand: nothing to explain */
	if (in_ring(log->foreign, log->nforeign, FOREIGN_MAX, a.domain))
		return 0;
	if (in_ring(log->nested, log->nnested, NESTED_MAX, a.domain)) {
		log->nested_denials++;
		return 0;
	}
	dom = find_domain(log, a.domain);
	if (dom)
		dom->received++;
	if (log->npend == PENDING_MAX) {
		/* The oldest event's SYSCALL record never came (a task without
		 * audit context): settle it now. */
		if (log->pend[0].ours)
			ret = commit(log, &log->pend[0]);
		drop_pending(log, 0);
	}
	p = &log->pend[log->npend++];
	p->a = a;
	p->ours = dom != NULL;
	p->pid = 0;
	p->comm[0] = p->exe[0] = '\0';
	return ret;
}

static int feed_domain(struct audit_log *log, const char *text)
{
	struct audit_domain d;
	struct domain *dom;

	if (audit_parse_domain(text, &d) < 0)
		return 0;
	dom = find_domain(log, d.domain);
	if (!d.allocated) {
		if (dom) {
			dom->live = 0;
			if (d.denials > dom->received)
				log->missing += d.denials - dom->received;
		}
		return 0;
	}
	if (dom)
		return 0; /* the kernel may log an allocation twice */
	if (!log->owner || d.pid != log->owner ||
	    (log->owner_exe && strcmp(d.exe, log->owner_exe) != 0)) {
		/* Another sandbox's domain (another landbox, or a sandbox
		 * nested inside ours, COMMAND's own included): its denials are
		 * not ours to explain. */
		const int nested =
		    log->owner && (d.pid == log->owner || descends_from((pid_t)d.pid, log->owner));
		if (nested)
			log->nested[log->nnested++ % NESTED_MAX] = d.domain;
		else
			log->foreign[log->nforeign++ % FOREIGN_MAX] = d.domain;
		for (size_t i = 0; i < log->npend;) {
			if (!log->pend[i].ours && log->pend[i].a.domain == d.domain) {
				log->nested_denials += (unsigned long)nested;
				drop_pending(log, i);
			} else {
				i++;
			}
		}
		return 0;
	}
	if (log->ndoms == log->capdoms) {
		size_t cap = log->capdoms ? log->capdoms * 2 : 4;
		struct domain *nd = realloc(log->doms, cap * sizeof(*nd));
		if (!nd)
			return -ENOMEM;
		log->doms = nd;
		log->capdoms = cap;
	}
	dom = &log->doms[log->ndoms++];
	dom->id = d.domain;
	dom->live = 1;
	dom->received = 0;
	/* Its first denial came before this record. */
	for (size_t i = 0; i < log->npend; i++) {
		if (log->pend[i].a.domain == d.domain) {
			log->pend[i].ours = 1;
			dom->received++;
		}
	}
	return 0;
}

static int feed_syscall(struct audit_log *log, const char *text)
{
	struct audit_syscall s;
	int any = 0;

	if (!log->npend || audit_parse_syscall(text, &s) < 0)
		return 0;
	for (size_t i = 0; i < log->npend; i++) {
		struct pending *p = &log->pend[i];
		if (p->a.serial != s.serial)
			continue;
		p->pid = s.pid;
		/* Fit: the buffers have the same sizes. */
		(void)snprintf(p->comm, sizeof(p->comm), "%s", s.comm);
		(void)snprintf(p->exe, sizeof(p->exe), "%s", s.exe);
		any = 1;
	}
	return any ? settle(log, s.serial, 0, 0) : 0;
}

/* AUDIT_EVENT_LISTENER: "pid=… op=disconnect": our own barrier. */
static void feed_listener(struct audit_log *log, const char *text)
{
	const char *body = audit_body(text, NULL);
	unsigned long long pid;
	char op[32];

	if (!body || !log->self || audit_field_num(body, "pid", 10, &pid) ||
	    pid != (unsigned)log->self)
		return;
	audit_field_raw(body, "op", op, sizeof(op));
	if (!strcmp(op, "disconnect"))
		log->barriers++;
}

int audit_log_feed(struct audit_log *log, int type, const char *text, size_t len)
{
	char *t;
	int ret = 0;
	uint64_t serial;

	/* Only a few types matter; the rest are skipped unparsed. */
	if (type != AUDIT_LANDLOCK_ACCESS && type != AUDIT_LANDLOCK_DOMAIN &&
	    type != AUDIT_SYSCALL && type != AUDIT_EOE && type != AUDIT_EVENT_LISTENER)
		return 0;
	if (type == AUDIT_SYSCALL && !log->npend)
		return 0;
	/* Netlink payloads are not always NUL-terminated. */
	t = malloc(len + 1);
	if (!t)
		return -ENOMEM;
	memcpy(t, text, len);
	t[len] = '\0';
	switch (type) {
	case AUDIT_LANDLOCK_ACCESS:
		ret = feed_access(log, t);
		break;
	case AUDIT_LANDLOCK_DOMAIN:
		ret = feed_domain(log, t);
		break;
	case AUDIT_SYSCALL:
		ret = feed_syscall(log, t);
		break;
	case AUDIT_EOE:
		/* End of an event: its domain is known by now, or it never
		 * will be (allocated before we listened: not ours). */
		if (audit_body(t, &serial))
			ret = settle(log, serial, 0, 1);
		break;
	case AUDIT_EVENT_LISTENER:
		feed_listener(log, t);
		break;
	}
	free(t);
	return ret;
}

void audit_log_flush(struct audit_log *log)
{
	settle(log, 0, 1, 1);
}

size_t audit_log_count(const struct audit_log *log)
{
	return log->nden;
}

const struct audit_denial *audit_log_get(const struct audit_log *log, size_t i)
{
	return i < log->nden ? &log->den[i] : NULL;
}

unsigned long audit_log_total(const struct audit_log *log)
{
	return log->total;
}

unsigned long audit_log_missing(const struct audit_log *log)
{
	return log->missing;
}

unsigned long audit_log_nested(const struct audit_log *log)
{
	return log->nested_denials;
}

unsigned long audit_log_dropped(const struct audit_log *log)
{
	return log->dropped;
}

size_t audit_log_live_domains(const struct audit_log *log)
{
	size_t n = 0;

	for (size_t i = 0; i < log->ndoms; i++)
		n += log->doms[i].live;
	return n;
}
