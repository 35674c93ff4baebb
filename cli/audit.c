/* SPDX-License-Identifier: MIT */
/* audit.c - the Landlock audit reader: record parsing, the per-sandbox log of
 * denials, and the NETLINK_AUDIT connection (see audit.h). */
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
 * Parsing one record
 * ====================================================================== */

const char *audit_body(const char *text, uint64_t *serial)
{
	const char *p, *colon;
	char *end;

	if (strncmp(text, "audit(", 6) != 0)
		return NULL;
	p = text + 6;
	colon = strchr(p, ':');
	if (!colon || !strchr(p, ')') || colon > strchr(p, ')'))
		return NULL;
	errno = 0;
	unsigned long long s = strtoull(colon + 1, &end, 10);
	if (errno || end == colon + 1 || end[0] != ')' || end[1] != ':')
		return NULL;
	if (serial)
		*serial = s;
	end += 2;
	while (*end == ' ')
		end++;
	return end;
}

/* The end of the value starting at V: a quoted value runs to its closing
 * quote, any other to the next space. */
static const char *value_end(const char *v)
{
	if (*v == '"') {
		const char *q = strchr(v + 1, '"');
		return q ? q + 1 : v + strlen(v);
	}
	while (*v && *v != ' ')
		v++;
	return v;
}

const char *audit_field(const char *body, const char *key, size_t *len)
{
	const size_t klen = strlen(key);
	const char *p = body;

	/* Walk field by field, so that a key inside a value or a longer key
	 * ending the same way ("ppid" for "pid") never matches. */
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *eq = p;
		while (*eq && *eq != '=' && *eq != ' ')
			eq++;
		if (*eq != '=') {
			p = eq;
			continue;
		}
		const char *v = eq + 1;
		const char *end = value_end(v);
		if ((size_t)(eq - p) == klen && !memcmp(p, key, klen)) {
			if (len)
				*len = (size_t)(end - v);
			return v;
		}
		p = end;
	}
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int audit_decode(const char *val, size_t vlen, char *buf, size_t len)
{
	size_t n = 0;

	if (!len)
		return -1;
	if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
		/* Quoted: printable, no quote inside; copied as is. */
		if (vlen - 2 >= len)
			return -1;
		memcpy(buf, val + 1, vlen - 2);
		buf[vlen - 2] = '\0';
		return (int)(vlen - 2);
	}
	int hex = vlen > 0 && vlen % 2 == 0;
	for (size_t i = 0; hex && i < vlen; i++)
		hex = hexval(val[i]) >= 0;
	if (!hex) {
		/* "(null)", "(none)": the kernel had no string. */
		if (vlen >= len)
			return -1;
		memcpy(buf, val, vlen);
		buf[vlen] = '\0';
		return (int)vlen;
	}
	/* Hexadecimal: the string held a space, quote, control or 8-bit byte. */
	if (vlen / 2 >= len)
		return -1;
	for (size_t i = 0; i < vlen; i += 2)
		buf[n++] = (char)(hexval(val[i]) << 4 | hexval(val[i + 1]));
	buf[n] = '\0';
	return (int)n;
}

int audit_field_str(const char *body, const char *key, char *buf, size_t len)
{
	size_t vlen;
	const char *v = audit_field(body, key, &vlen);

	if (!v)
		return -1;
	return audit_decode(v, vlen, buf, len);
}

/* A numeric field in BASE; 0 and -1 if absent or not a number. */
static int field_num(const char *body, const char *key, int base, unsigned long long *out)
{
	size_t vlen;
	char tmp[32], *end;
	const char *v = audit_field(body, key, &vlen);

	if (!v || !vlen || vlen >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, vlen);
	tmp[vlen] = '\0';
	errno = 0;
	*out = strtoull(tmp, &end, base);
	if (errno || *end)
		return -1;
	return 0;
}

/* A raw (trusted, unquoted) field copied to BUF; "" if absent. */
static void field_raw(const char *body, const char *key, char *buf, size_t len)
{
	size_t vlen;
	const char *v = audit_field(body, key, &vlen);

	buf[0] = '\0';
	if (!v)
		return;
	if (vlen >= len)
		vlen = len - 1;
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
}

enum audit_kind audit_blocker(const char *name, size_t len, uint64_t *bit)
{
	char tmp[128];
	const struct lb_right *r;

	*bit = 0;
	if (len >= sizeof(tmp))
		return AUDIT_K_UNKNOWN;
	memcpy(tmp, name, len);
	tmp[len] = '\0';
	/* The two blockers that are not rights: no rule can allow them. */
	if (!strcmp(tmp, "ptrace"))
		return AUDIT_K_PTRACE;
	if (!strcmp(tmp, "fs.change_topology"))
		return AUDIT_K_TOPOLOGY;
	/* Every other name is one of the library's table (the kernel's own
	 * audit names), so nothing here can drift from it. */
	r = lb_right_by_name(tmp);
	if (!r || r->kind == LB_KIND_FLAG)
		return AUDIT_K_UNKNOWN;
	*bit = r->bit;
	return (enum audit_kind)r->kind;
}

/* Fill OUT's object from the fields the kernel writes for its kind. */
static void parse_object(const char *body, struct audit_access *out)
{
	unsigned long long n;
	char buf[AUDIT_STR_MAX];
	int len;

	switch (out->kind) {
	case AUDIT_K_FS:
	case AUDIT_K_TOPOLOGY:
	case AUDIT_K_UNKNOWN:
		/* path= for a file or its directory; name= when the kernel
		 * only had a dentry. */
		if (audit_field_str(body, "path", out->object, sizeof(out->object)) < 0 &&
		    audit_field_str(body, "name", out->object, sizeof(out->object)) < 0)
			out->object[0] = '\0';
		if (audit_field_str(body, "dev", out->dev, sizeof(out->dev)) < 0)
			out->dev[0] = '\0';
		if (!field_num(body, "ino", 10, &n))
			out->ino = n;
		break;
	case AUDIT_K_NET:
		/* connect: daddr= dest=; bind: saddr= src=.  Zero values are
		 * omitted (bind to 0.0.0.0 port 0 has neither). */
		field_raw(body, "daddr", out->object, sizeof(out->object));
		if (!out->object[0])
			field_raw(body, "saddr", out->object, sizeof(out->object));
		if (!field_num(body, "dest", 10, &n) || !field_num(body, "src", 10, &n))
			out->port = (long long)n;
		break;
	case AUDIT_K_SCOPE:
	case AUDIT_K_PTRACE:
		if (!field_num(body, "opid", 10, &n)) {
			out->opid = (long)n;
			if (audit_field_str(body, "ocomm", out->object, sizeof(out->object)) < 0)
				out->object[0] = '\0';
			break;
		}
		/* An abstract UNIX socket: the peer's address, starting with a
		 * NUL byte, hence always hexadecimal.  Shown as "@name". */
		len = audit_field_str(body, "path", buf, sizeof(buf));
		if (len > 0) {
			size_t o = 0;
			out->object[o++] = '@';
			for (int i = buf[0] == '\0' ? 1 : 0; i < len && o + 5 < sizeof(out->object);
			     i++) {
				unsigned char c = (unsigned char)buf[i];
				if (c >= 0x20 && c < 0x7f)
					out->object[o++] = (char)c;
				else
					o += (size_t)snprintf(out->object + o, 5, "\\x%02x", c);
			}
			out->object[o] = '\0';
		}
		break;
	}
}

int audit_parse_access(const char *text, struct audit_access *out)
{
	const char *body = audit_body(text, &out->serial);
	unsigned long long dom;
	size_t blen;
	const char *b;

	if (!body)
		return -EINVAL;
	out->domain = 0;
	out->kind = AUDIT_K_UNKNOWN;
	out->mask = 0;
	out->blockers[0] = out->object[0] = out->dev[0] = '\0';
	out->port = -1;
	out->opid = 0;
	out->ino = 0;
	if (field_num(body, "domain", 16, &dom))
		return -EINVAL;
	out->domain = dom;
	b = audit_field(body, "blockers", &blen);
	if (!b || !blen || blen >= sizeof(out->blockers))
		return -EINVAL;
	memcpy(out->blockers, b, blen);
	out->blockers[blen] = '\0';
	/* "fs.execute,fs.read_file": one request, so one kind of blocker. */
	for (const char *p = out->blockers; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		uint64_t bit;
		enum audit_kind k = audit_blocker(p, len, &bit);

		if (p == out->blockers)
			out->kind = k;
		else if (k != out->kind)
			out->kind = AUDIT_K_UNKNOWN;
		out->mask |= bit;
		p += len + (comma ? 1 : 0);
	}
	parse_object(body, out);
	return 0;
}

int audit_parse_domain(const char *text, struct audit_domain *out)
{
	const char *body = audit_body(text, &out->serial);
	unsigned long long n;
	char status[32];

	if (!body)
		return -EINVAL;
	memset(&out->domain, 0, sizeof(*out) - offsetof(struct audit_domain, domain));
	if (field_num(body, "domain", 16, &n))
		return -EINVAL;
	out->domain = n;
	field_raw(body, "status", status, sizeof(status));
	if (!strcmp(status, "allocated")) {
		out->allocated = 1;
		if (field_num(body, "pid", 10, &n))
			return -EINVAL;
		out->pid = (long)n;
		if (!field_num(body, "uid", 10, &n))
			out->uid = (long)n;
		if (audit_field_str(body, "exe", out->exe, sizeof(out->exe)) < 0)
			out->exe[0] = '\0';
		if (audit_field_str(body, "comm", out->comm, sizeof(out->comm)) < 0)
			out->comm[0] = '\0';
	} else if (!strcmp(status, "deallocated")) {
		out->allocated = 0;
		if (!field_num(body, "denials", 10, &n))
			out->denials = n;
	} else {
		return -EINVAL;
	}
	return 0;
}

int audit_parse_syscall(const char *text, struct audit_syscall *out)
{
	const char *body = audit_body(text, &out->serial);
	unsigned long long n;

	if (!body)
		return -EINVAL;
	out->pid = out->ppid = out->syscall = 0;
	out->comm[0] = out->exe[0] = '\0';
	if (field_num(body, "pid", 10, &n))
		return -EINVAL;
	out->pid = (long)n;
	if (!field_num(body, "ppid", 10, &n))
		out->ppid = (long)n;
	if (!field_num(body, "syscall", 10, &n))
		out->syscall = (long)n;
	if (audit_field_str(body, "comm", out->comm, sizeof(out->comm)) < 0)
		out->comm[0] = '\0';
	if (audit_field_str(body, "exe", out->exe, sizeof(out->exe)) < 0)
		out->exe[0] = '\0';
	return 0;
}

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

static int same_denial(const struct audit_denial *d, const struct pending *p)
{
	return d->kind == p->a.kind && d->mask == p->a.mask && d->port == p->a.port &&
	       d->opid == p->a.opid && strcmp(d->blockers, p->a.blockers) == 0 &&
	       strcmp(d->object, p->a.object) == 0;
}

/* Note who hit denial I: its programs and distinct processes. */
static void add_process(struct audit_log *log, size_t i, const struct pending *p)
{
	struct audit_denial *d = &log->den[i];
	struct pidset *ps = &log->pids[i];
	unsigned k;

	if (!p->pid)
		return;
	for (k = 0; k < ps->n && ps->pid[k] != p->pid; k++)
		;
	if (k < ps->n)
		return; /* a process seen already */
	if (ps->n < PIDS_MAX)
		ps->pid[ps->n++] = p->pid;
	d->npids++;
	for (k = 0; k < d->nprogs && strcmp(d->progs[k].comm, p->comm) != 0; k++)
		;
	if (k == d->nprogs && d->nprogs < AUDIT_PROGS_MAX) {
		/* Fits: both hold a comm of the same size. */
		(void)snprintf(d->progs[k].comm, sizeof(d->progs[k].comm), "%s", p->comm);
		d->progs[k].pid = p->pid;
		d->nprogs++;
	}
}

/* Count the event P among the distinct denials. */
static int commit(struct audit_log *log, const struct pending *p)
{
	struct audit_denial *d;

	log->total++;
	for (size_t i = log->nden; i-- > 0;) {
		if (!same_denial(&log->den[i], p))
			continue;
		log->den[i].count++;
		add_process(log, i, p);
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
	d->kind = p->a.kind;
	d->mask = p->a.mask;
	d->domain = p->a.domain;
	d->port = p->a.port;
	d->opid = p->a.opid;
	d->blockers = strdup(p->a.blockers);
	d->object = strdup(p->a.object);
	d->exe = strdup(p->exe);
	if (!d->blockers || !d->object || !d->exe) {
		free(d->blockers);
		free(d->object);
		free(d->exe);
		return -ENOMEM;
	}
	d->count = 1;
	add_process(log, log->nden, p);
	log->nden++;
	return 0;
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

	if (!body || !log->self || field_num(body, "pid", 10, &pid) || pid != (unsigned)log->self)
		return;
	field_raw(body, "op", op, sizeof(op));
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
