/* SPDX-License-Identifier: MIT */
/* audit-record.c - parsing one Landlock audit record (types 1423, 1424 and
 * the SYSCALL record 1300): pure functions on text (see audit.h). */
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
int audit_field_num(const char *body, const char *key, int base, unsigned long long *out)
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
void audit_field_raw(const char *body, const char *key, char *buf, size_t len)
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
		if (!audit_field_num(body, "ino", 10, &n))
			out->ino = n;
		break;
	case AUDIT_K_NET:
		/* connect: daddr= dest=; bind: saddr= src=.  Zero values are
		 * omitted (bind to 0.0.0.0 port 0 has neither). */
		audit_field_raw(body, "daddr", out->object, sizeof(out->object));
		if (!out->object[0])
			audit_field_raw(body, "saddr", out->object, sizeof(out->object));
		if (!audit_field_num(body, "dest", 10, &n) || !audit_field_num(body, "src", 10, &n))
			out->port = (long long)n;
		break;
	case AUDIT_K_SCOPE:
	case AUDIT_K_PTRACE:
		if (!audit_field_num(body, "opid", 10, &n)) {
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
	if (audit_field_num(body, "domain", 16, &dom))
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
	if (audit_field_num(body, "domain", 16, &n))
		return -EINVAL;
	out->domain = n;
	audit_field_raw(body, "status", status, sizeof(status));
	if (!strcmp(status, "allocated")) {
		out->allocated = 1;
		if (audit_field_num(body, "pid", 10, &n))
			return -EINVAL;
		out->pid = (long)n;
		if (!audit_field_num(body, "uid", 10, &n))
			out->uid = (long)n;
		if (audit_field_str(body, "exe", out->exe, sizeof(out->exe)) < 0)
			out->exe[0] = '\0';
		if (audit_field_str(body, "comm", out->comm, sizeof(out->comm)) < 0)
			out->comm[0] = '\0';
	} else if (!strcmp(status, "deallocated")) {
		out->allocated = 0;
		if (!audit_field_num(body, "denials", 10, &n))
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
	if (audit_field_num(body, "pid", 10, &n))
		return -EINVAL;
	out->pid = (long)n;
	if (!audit_field_num(body, "ppid", 10, &n))
		out->ppid = (long)n;
	if (!audit_field_num(body, "syscall", 10, &n))
		out->syscall = (long)n;
	if (audit_field_str(body, "comm", out->comm, sizeof(out->comm)) < 0)
		out->comm[0] = '\0';
	if (audit_field_str(body, "exe", out->exe, sizeof(out->exe)) < 0)
		out->exe[0] = '\0';
	return 0;
}
