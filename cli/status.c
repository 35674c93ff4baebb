/* SPDX-License-Identifier: MIT */
/* status.c - `landbox status [--json]`: the kernel release, the Landlock
 * state (its ABI, or why it is missing and how to enable it), the errata the
 * kernel reports fixed, and every right, scope and flag of the library's
 * table with the ABI it needs and whether THIS kernel enforces it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli.h"

static const char *kind_name(enum lb_kind kind)
{
	static const char *const names[] = {"fs", "net", "scope", "flag"};

	return (unsigned)kind < LB_KIND_COUNT ? names[kind] : "?";
}

static const char *state_of(const struct lb_probe *probe)
{
	if (probe->abi > 0)
		return "enabled";
	if (probe->error == EOPNOTSUPP)
		return "disabled";
	return probe->error == ENOSYS ? "not built" : "unavailable";
}

/* The probe's errno by name: the kernel's two answers, or what refused the
 * system call (EPERM from a seccomp filter...). */
static const char *error_name(int error, char *buf, size_t len)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
	    {ENOSYS, "ENOSYS"}, {EOPNOTSUPP, "EOPNOTSUPP"}, {EPERM, "EPERM"},	{EACCES, "EACCES"},
	    {ENOMEM, "ENOMEM"}, {EINVAL, "EINVAL"},	    {EFAULT, "EFAULT"}, {E2BIG, "E2BIG"}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == error)
			return names[i].name;
	(void)snprintf(buf, len, "errno %d", error);
	return buf;
}

/* A JSON string (quotes included); NULL as "". */
static void json_str(const char *s)
{
	cli_json_string(stdout, s ? s : "", 0);
}

static void status_json(const struct utsname *u, const struct lb_probe *probe)
{
	size_t nrights, nerrata;
	const struct lb_right *rights = lb_rights(&nrights);
	const struct lb_erratum *errata = lb_errata(&nerrata);
	const char *hint = lb_probe_hint(probe);
	int first = 1;

	printf("{\n  \"landbox\": ");
	json_str(LB_VERSION_STR);
	printf(",\n  \"kernel\": {\"sysname\": ");
	json_str(u->sysname);
	printf(", \"release\": ");
	json_str(u->release);
	printf(", \"version\": ");
	json_str(u->version);
	printf(", \"machine\": ");
	json_str(u->machine);
	printf("},\n  \"landlock\": {\"abi\": %d, \"state\": ", probe->abi);
	json_str(state_of(probe));
	printf(", \"error\": ");
	if (probe->abi > 0)
		printf("null");
	else {
		char ebuf[32];
		json_str(error_name(probe->error, ebuf, sizeof(ebuf)));
	}
	printf(", \"hint\": ");
	if (hint)
		json_str(hint);
	else
		printf("null");
	printf(", \"known_abi\": %d},\n", LB_ABI_KNOWN);
	/* What `landbox run` does besides Landlock unless told otherwise. */
	printf("  \"run_defaults\": {\"no_new_privs\": true, \"capabilities\": \"dropped\", "
	       "\"controlling_terminal\": \"detached\"},\n");
	printf("  \"errata\": {\"mask\": %llu, \"fixed\": [", (unsigned long long)probe->errata);
	for (size_t i = 0; i < nerrata; i++) {
		if (!(probe->errata & (1ULL << (errata[i].id - 1))))
			continue;
		printf("%s\n    {\"id\": %d, \"abi\": %d, \"summary\": ", first ? "" : ",",
		       errata[i].id, errata[i].abi);
		json_str(errata[i].summary);
		putchar('}');
		first = 0;
	}
	printf("%s]},\n  \"rights\": [", first ? "" : "\n  ");
	for (size_t i = 0; i < nrights; i++) {
		const struct lb_right *r = &rights[i];
		const int enforced = probe->abi >= r->abi;

		printf("%s\n    {\"name\": ", i ? "," : "");
		json_str(r->name);
		printf(", \"kind\": ");
		json_str(kind_name(r->kind));
		printf(", \"bit\": %llu, \"abi\": %d, \"linux\": ", (unsigned long long)r->bit,
		       r->abi);
		json_str(cli_abi_linux(r->abi));
		printf(", \"file\": %s, \"enforced\": %s, \"help\": ",
		       r->kind == LB_KIND_FS ? (r->file ? "true" : "false") : "null",
		       enforced ? "true" : "false");
		json_str(r->help);
		putchar('}');
	}
	{
		/* The seccomp layer of `landbox run` (cli/seccomp.c). */
		size_t nholes;
		const struct lb_hole *h = lb_holes(&nholes);
		printf("\n  ],\n  \"seccomp\": {\"available\": %s, \"closed_by_default\": [",
		       lb_seccomp_available() ? "true" : "false");
		for (size_t i = 0; i < nholes; i++) {
			printf("%s\n    {\"name\": ", i ? "," : "");
			json_str(h[i].name);
			printf(", \"errno\": %d, \"help\": ", h[i].err);
			json_str(h[i].help);
			putchar('}');
		}
	}
	printf("\n  ]}\n}\n");
}

static void status_text(const struct utsname *u, const struct lb_probe *probe)
{
	size_t nrights, nerrata;
	const struct lb_right *rights = lb_rights(&nrights);
	const struct lb_erratum *errata = lb_errata(&nerrata);
	int missing_abi = 0, missing_flag_abi = 0;

	cli_out(stdout, "kernel:   %s %s %s", u->sysname, u->release, u->machine);
	if (probe->abi > 0) {
		printf("landlock: enabled, ABI %d (landbox knows ABI 1 to %d)\n", probe->abi,
		       LB_ABI_KNOWN);
	} else {
		char ebuf[32];
		printf("landlock: %s (%s%s%s)\n", state_of(probe),
		       error_name(probe->error, ebuf, sizeof(ebuf)),
		       probe->error == ENOSYS || probe->error == EOPNOTSUPP ? "" : ": ",
		       probe->error == ENOSYS || probe->error == EOPNOTSUPP
			   ? ""
			   : strerror(probe->error));
		printf("%s %s\n",
		       probe->error == ENOSYS || probe->error == EOPNOTSUPP ? "to enable:"
									    : "hint:    ",
		       lb_probe_hint(probe));
	}
	if (probe->errata) {
		printf("errata:   0x%llx (fixed in this kernel)\n",
		       (unsigned long long)probe->errata);
		for (size_t i = 0; i < nerrata; i++)
			if (probe->errata & (1ULL << (errata[i].id - 1)))
				printf("  erratum %d (ABI %d): %s\n", errata[i].id, errata[i].abi,
				       errata[i].summary);
		for (int b = 0; b < 64; b++) {
			int known = 0;
			for (size_t i = 0; i < nerrata; i++)
				known |= errata[i].id == b + 1;
			if ((probe->errata & (1ULL << b)) && !known)
				printf("  erratum %d: unknown to this landbox\n", b + 1);
		}
	} else {
		printf("errata:   none reported\n");
	}
	printf("\n%-30s %-4s %-7s %s\n", "right", "ABI", "Linux", "enforced by this kernel");
	for (size_t i = 0; i < nrights; i++) {
		const struct lb_right *r = &rights[i];
		const int enforced = probe->abi >= r->abi;

		if (i && r->kind != rights[i - 1].kind)
			putchar('\n');
		printf("%-30s %-4d %-7s %-4s %s\n", r->name, r->abi, cli_abi_linux(r->abi),
		       enforced ? "yes" : "no", r->help);
		/* A flag changes how restricting is done, not what is enforced. */
		if (!enforced && r->kind == LB_KIND_FLAG && r->abi > missing_flag_abi)
			missing_flag_abi = r->abi;
		else if (!enforced && r->kind != LB_KIND_FLAG && r->abi > missing_abi)
			missing_abi = r->abi;
	}
	if (probe->abi > 0 && missing_abi)
		printf("\nTo enforce everything: a kernel with Landlock ABI %d (Linux %s or "
		       "later).\n",
		       missing_abi, cli_abi_linux(missing_abi));
	if (probe->abi > 0 && missing_flag_abi > missing_abi)
		printf("\nThe flags of newer ABIs up to ABI %d (Linux %s) are not rights: without "
		       "them landbox\nsets no_new_privs itself and restricts COMMAND before it "
		       "starts threads.\n",
		       missing_flag_abi, cli_abi_linux(missing_flag_abi));
	printf("\nLandlock never controls: raw and packet sockets, MPTCP, socket creation, "
	       "chdir, stat,\nchmod/chown, setxattr, and files opened before the sandbox "
	       "started%s.\n",
	       probe->abi >= 10 ? "" : "; UDP needs ABI 10");
	printf("Nor: executing a copy of a readable file (memfd), descriptors received over "
	       "UNIX\nsockets, listen() without bind() (it takes an ephemeral TCP port).\n");
	printf("\nlandbox run, outside Landlock, by default: no_new_privs; every capability "
	       "dropped\n(--keep-caps keeps them); COMMAND detached from the controlling terminal, "
	       "so that\nit cannot type into your shell with TIOCSTI (--same-session keeps "
	       "it).\n");
	holes_status();
}

int cmd_status(int argc, char **argv)
{
	struct lb_probe probe;
	struct utsname u;
	int json = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: landbox status [--json]\n\nWhat this kernel's Landlock "
			       "enforces, and how to enable what is missing.\n");
			return 0;
		} else {
			cli_error("status: unknown argument '%s' (usage: landbox status [--json])",
				  argv[i]);
			return LB_EXIT_FAIL;
		}
	}
	if (uname(&u)) {
		cli_error("status: uname: %s", strerror(errno));
		return LB_EXIT_FAIL;
	}
	lb_probe(&probe);
	if (json)
		status_json(&u, &probe);
	else
		status_text(&u, &probe);
	return fflush(stdout) ? LB_EXIT_FAIL : 0;
}
