// SPDX-License-Identifier: MIT
/* show.c - `landbox config show [--json] FILE...`: the effective ruleset of
 * landlockconfig files (composed, resolved, before any downgrade to the
 * running kernel), as a readable table or as JSON of the shape of the
 * conformance data's `effective` objects. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

static void json_rights(FILE *out, int kind, uint64_t bits)
{
	char buf[1024];

	(void)llc_format_rights(kind, bits, ", ", "\"", buf, sizeof(buf));
	fprintf(out, "[%s]", buf);
}

/* Rule I of KIND (LB_KIND_FS: path_beneath, LB_KIND_NET: net_port) as the
 * two sections show it: its key (a path, a port number), rights, origin. */
struct shown_rule {
	char port[24];
	const char *key, *origin;
	uint64_t rights;
};

static size_t rule_count(const struct llc_effective *e, int kind)
{
	return kind == LB_KIND_FS ? e->npaths : e->nports;
}

static void rule_at(const struct llc_effective *e, int kind, size_t i, struct shown_rule *r)
{
	if (kind == LB_KIND_FS) {
		r->key = e->paths[i].path;
		r->origin = e->paths[i].origin;
		r->rights = e->paths[i].rights;
		return;
	}
	(void)snprintf(r->port, sizeof(r->port), "%llu", (unsigned long long)e->ports[i].port);
	r->key = r->port;
	r->origin = e->ports[i].origin;
	r->rights = e->ports[i].rights;
}

/* The rules of KIND as the members of a JSON object, and its closing brace. */
static void json_rules(FILE *out, const struct llc_effective *e, int kind)
{
	const size_t n = rule_count(e, kind);
	struct shown_rule r;

	for (size_t i = 0; i < n; i++) {
		rule_at(e, kind, i, &r);
		fprintf(out, "%s\n    ", i ? "," : "");
		cli_json_string(out, r.key, 0);
		fprintf(out, ": ");
		json_rights(out, kind, r.rights);
	}
	fprintf(out, "%s}", n ? "\n  " : "");
}

static void print_json(FILE *out, const struct llc_effective *e)
{
	fprintf(out, "{\n  \"abi\": ");
	if (e->has_abi)
		fprintf(out, "%lld", (long long)e->abi);
	else
		fprintf(out, "null");
	fprintf(out, ",\n  \"handled_access_fs\": ");
	json_rights(out, LB_KIND_FS, e->handled_fs);
	fprintf(out, ",\n  \"handled_access_net\": ");
	json_rights(out, LB_KIND_NET, e->handled_net);
	fprintf(out, ",\n  \"scoped\": ");
	json_rights(out, LB_KIND_SCOPE, e->scoped);
	fprintf(out, ",\n  \"path_beneath\": {");
	json_rules(out, e, LB_KIND_FS);
	fprintf(out, ",\n  \"net_port\": {");
	json_rules(out, e, LB_KIND_NET);
	fprintf(out, "\n}\n");
}

static void table_rights(FILE *out, int kind, uint64_t bits)
{
	char buf[1024];

	(void)llc_format_rights(kind, bits, ", ", "", buf, sizeof(buf));
	fprintf(out, "%s\n", bits ? buf : "(none)");
}

/* The section of the rules of KIND: a count, then each rule and its rights
 * (the key and origin come from files: escaped). */
static void table_rules(FILE *out, const struct llc_effective *e, int kind)
{
	const size_t n = rule_count(e, kind);
	struct shown_rule r;

	fprintf(out, "%-20s%zu rule(s)\n", kind == LB_KIND_FS ? "path_beneath" : "net_port", n);
	for (size_t i = 0; i < n; i++) {
		rule_at(e, kind, i, &r);
		cli_out(out, "  %s  (%s)", r.key, r.origin);
		fprintf(out, "    ");
		table_rights(out, kind, r.rights);
	}
}

static void print_table(FILE *out, const struct llc_effective *e)
{
	if (e->has_abi)
		fprintf(out, "abi                 %lld\n", (long long)e->abi);
	else
		fprintf(out, "abi                 (not given)\n");
	fprintf(out, "handled_access_fs   ");
	table_rights(out, LB_KIND_FS, e->handled_fs);
	fprintf(out, "handled_access_net  ");
	table_rights(out, LB_KIND_NET, e->handled_net);
	fprintf(out, "scoped              ");
	table_rights(out, LB_KIND_SCOPE, e->scoped);
	table_rules(out, e, LB_KIND_FS);
	table_rules(out, e, LB_KIND_NET);
}

static void show_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: landbox config show [--json] [--json-file FILE | --toml-file FILE | FILE]...\n"
	    "\n"
	    "Print the effective ruleset of landlockconfig files (JSON or TOML, the format\n"
	    "of the Landlock maintainers' llconfig), composed as llconfig composes several\n"
	    "files, with variables expanded, before any downgrade to this kernel.\n"
	    "\n"
	    "  --json            print JSON (the shape of the conformance data's 'effective')\n"
	    "  --json-file FILE  read FILE as JSON whatever its name ('-': standard input)\n"
	    "  --toml-file FILE  read FILE as TOML whatever its name ('-': standard input)\n"
	    "  FILE              *.json or *.toml; a directory: its *.json and *.toml files\n"
	    "\n"
	    "Exit status: 0 accepted, 125 rejected (FILE:LINE: what is wrong).\n");
}

int config_show(int argc, char **argv)
{
	struct llc_config acc = {0};
	struct llc_effective e;
	int have = 0, json = 0, stdin_used = 0, ret = LB_EXIT_FAIL;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		enum llc_format f = LLC_AUTO;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			show_usage(stdout);
			llc_config_free(&acc);
			return 0;
		}
		if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(a, "--abi-extensions")) {
			llc_extensions = 1;
			continue;
		}
		if (!strcmp(a, "--json-file") || !strcmp(a, "--toml-file")) {
			f = a[2] == 'j' ? LLC_JSON : LLC_TOML;
			if (++i >= argc) {
				cli_error("%s: missing FILE", a);
				goto out;
			}
			a = argv[i];
		} else if (!strcmp(a, "--") && i + 1 < argc) {
			a = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			cli_error("config show: unknown option '%s'", a);
			show_usage(stderr);
			goto out;
		}
		if (!strcmp(a, "-") && stdin_used++) {
			cli_error("standard input can be read only once");
			goto out;
		}
		if (llc_load(a, f, &acc, &have))
			goto out;
	}
	if (!have) {
		cli_error("config show: no configuration file given");
		show_usage(stderr);
		goto out;
	}
	if (llc_resolve(&acc, &e)) {
		llc_effective_free(&e);
		goto out;
	}
	if (json)
		print_json(stdout, &e);
	else
		print_table(stdout, &e);
	llc_effective_free(&e);
	ret = 0;
out:
	llc_config_free(&acc);
	return ret;
}
