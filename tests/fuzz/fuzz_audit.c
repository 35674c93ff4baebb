/* SPDX-License-Identifier: MIT */
/* fuzz_audit.c - what landbox reads from the kernel's audit socket
 * (cli/audit.c) and how --explain words it (cli/explain.c).  The first byte
 * of the input chooses: a netlink datagram of records fed to a denial log,
 * a datagram answering a request, or audit records as text (NUL-separated,
 * the first byte of each choosing its type) parsed one by one and fed. */
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "explain/audit.h"
#include "explain.h"
#include "fuzz.h"

#define MAX_RECORDS 64

static const int types[] = {AUDIT_LANDLOCK_ACCESS, AUDIT_LANDLOCK_DOMAIN, AUDIT_SYSCALL, AUDIT_EOE,
			    AUDIT_EVENT_LISTENER};

/* The pid of the records of the seeds: the owner of the domains they allocate. */
#define OWNER 7478

/* One log for the whole run, emptied before each input (as learn empties it
 * between rounds): it is large, and allocating it each time costs most of
 * the run. */
static struct audit_log *dlog;

void fuzz_target_init(const char *dir)
{
	(void)dir;
	dlog = audit_log_new(OWNER);
	if (!dlog)
		abort();
}

/* Word every denial of LOG as --explain and learn would. */
static void words(struct audit_log *l)
{
	audit_log_flush(l);
	for (size_t i = 0; i < audit_log_count(l); i++) {
		const struct audit_denial *d = audit_log_get(l, i);
		static struct explain_rule r;
		char line[1024];
		(void)explain_rule(d, &r);
		explain_format(d, line, sizeof(line));
		if (!memchr(line, '\0', sizeof(line)))
			abort();
	}
}

static void text_records(struct audit_log *l, const uint8_t *data, size_t size)
{
	char *recs[MAX_RECORDS], *store, buf[64];
	const int n = fuzz_split(data, size, recs, MAX_RECORDS, &store);
	static struct audit_access a;
	static struct audit_domain d;
	static struct audit_syscall s;

	for (int i = 0; i < n; i++) {
		const char *t = recs[i][0] ? recs[i] + 1 : recs[i];
		const int type = types[(unsigned char)recs[i][0] % 5];
		uint64_t serial;
		const char *body = audit_body(t, &serial);
		(void)audit_parse_access(t, &a);
		(void)audit_parse_domain(t, &d);
		(void)audit_parse_syscall(t, &s);
		if (body)
			(void)audit_field_str(body, "path", buf, sizeof(buf));
		if (audit_log_feed(l, type, t, strlen(t)) < 0)
			break;
	}
	free(store);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *dgram;
	struct audit_status st;

	if (!size)
		return 0;
	/* Other pids are looked up in /proc (is it a sandbox nested in ours?). */
	audit_log_reset(dlog, OWNER);
	switch (data[0] % 3) {
	case 0:
	case 1:
		/* Exactly the datagram, aligned as recv()'s buffer is. */
		dgram = malloc(size - 1 ? size - 1 : 1);
		if (!dgram)
			abort();
		memcpy(dgram, data + 1, size - 1);
		if (data[0] % 3 == 0)
			(void)audit_feed_datagram(dlog, dgram, size - 1);
		else
			(void)audit_nl_answer(dgram, size - 1, 1, data[0] & 4 ? &st : NULL);
		free(dgram);
		break;
	default:
		text_records(dlog, data + 1, size - 1);
		break;
	}
	words(dlog);
	return 0;
}
