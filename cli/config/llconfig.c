// SPDX-License-Identifier: MIT
/* llconfig.c - the personality of llconfig, the Landlock maintainers'
 * command for their configuration format: landbox invoked as `llconfig`
 * (or `landbox-llconfig`, the name it is installed under, next to
 * upstream's own package):
 *
 *   llconfig run [--json FILE]... [--toml FILE]... [--debug] COMMAND [ARG...]
 *
 * As llconfig: the files (a directory: its *.json or *.toml files; '-':
 * standard input, once) are composed; the sandbox is best effort on older
 * kernels but refuses when nothing of it can be enforced or nothing is
 * handled; a path that cannot be opened is skipped; COMMAND is searched in
 * PATH and inherits the whole environment; exit status 1 for every error
 * and 2 for a usage error.  Like `landbox run`, COMMAND gets no capability
 * and no controlling terminal; unlike it, no seccomp layer is added (the
 * configuration says everything that is restricted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

#define LLC_EXIT_ERROR 1
#define LLC_EXIT_USAGE 2

static void usage(FILE *out)
{
	fprintf(out,
		"Command-line tool for the Landlock Config format (landbox's llconfig)\n"
		"\n"
		"Usage: llconfig run [OPTIONS] <COMMAND>...\n"
		"\n"
		"Options of run:\n"
		"  -j, --json <JSON>  JSON configuration file(s) to load ('-': standard input;\n"
		"                     a directory: its *.json files); repeatable\n"
		"  -t, --toml <TOML>  TOML configuration file(s) to load (the same for *.toml)\n"
		"  -d, --debug        print the resolved configuration and the ignored errors\n"
		"  -h, --help         print help\n"
		"\n"
		"Configurations given together are composed. Exit status: COMMAND's, or 1 for an\n"
		"error, 2 for a usage error. See landbox(1), LLCONFIG.\n");
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "error: %s%s%s", msg, arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "\n\nUsage: llconfig run [OPTIONS] <COMMAND>...\n\nFor more information, "
			"try '--help'.\n");
	return LLC_EXIT_USAGE;
}

/* --debug: the resolved configuration and the paths that will be skipped. */
static void debug_print(const struct llc_effective *e)
{
	char buf[1024];

	(void)llc_format_rights(LB_KIND_FS, e->handled_fs, ", ", "", buf, sizeof(buf));
	fprintf(stderr, "handled_access_fs: [%s]\n", buf);
	(void)llc_format_rights(LB_KIND_NET, e->handled_net, ", ", "", buf, sizeof(buf));
	fprintf(stderr, "handled_access_net: [%s]\n", buf);
	(void)llc_format_rights(LB_KIND_SCOPE, e->scoped, ", ", "", buf, sizeof(buf));
	fprintf(stderr, "scoped: [%s]\n", buf);
	for (size_t i = 0; i < e->npaths; i++) {
		(void)llc_format_rights(LB_KIND_FS, e->paths[i].rights, ", ", "", buf, sizeof(buf));
		fprintf(stderr, "path_beneath %s: [%s]\n", e->paths[i].path, buf);
	}
	for (size_t i = 0; i < e->nports; i++) {
		(void)llc_format_rights(LB_KIND_NET, e->ports[i].rights, ", ", "", buf,
					sizeof(buf));
		fprintf(stderr, "net_port %llu: [%s]\n", (unsigned long long)e->ports[i].port, buf);
	}
}

/* Refuse what llconfig refuses: nothing handled, or nothing this kernel enforces. */
static int check_enforceable(const struct policy *p, int debug)
{
	struct llc_effective e;
	const int abi = lb_abi();

	if (llc_resolve(p->config, &e)) {
		llc_effective_free(&e);
		return LLC_EXIT_ERROR;
	}
	if (debug)
		debug_print(&e);
	const int handled = e.handled_fs || e.handled_net || e.scoped;
	const int enforced = abi > 0 && ((e.handled_fs & lb_abi_mask(LB_KIND_FS, abi)) ||
					 (e.handled_net & lb_abi_mask(LB_KIND_NET, abi)) ||
					 (e.scoped & lb_abi_mask(LB_KIND_SCOPE, abi)));
	llc_effective_free(&e);
	if (!handled) {
		cli_error("the configuration handles no access right: nothing to restrict");
		return LLC_EXIT_ERROR;
	}
	if (!enforced) {
		cli_error("none of the restrictions can be enforced with the running kernel");
		return LLC_EXIT_ERROR;
	}
	return 0;
}

static int run_command(int argc, char **argv)
{
	struct policy p;
	struct run_result res = {.status = LLC_EXIT_ERROR, .pid = -1};
	int i, nfiles = 0, stdin_used = 0, debug = 0, ret = LLC_EXIT_ERROR;

	policy_init(&p, PERSONA_LANDBOX);
	p.compat = COMPAT_BEST_EFFORT; /* the landlock crate's default */
	p.keep_env = 1;
	p.no_seccomp = 1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		enum llc_format f;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			ret = 0;
			goto out;
		}
		if (!strcmp(a, "-d") || !strcmp(a, "--debug")) {
			debug = 1;
			continue;
		}
		if (!strcmp(a, "-j") || !strcmp(a, "--json") || !strncmp(a, "--json=", 7))
			f = LLC_JSON;
		else if (!strcmp(a, "-t") || !strcmp(a, "--toml") || !strncmp(a, "--toml=", 7))
			f = LLC_TOML;
		else {
			ret = usage_error("unexpected argument '", a);
			goto out;
		}
		if (a[6] == '=')
			value = a + 7;
		else if (i + 1 < argc)
			value = argv[++i];
		else {
			ret = usage_error(
			    "a value is required for this option, none was supplied: '", a);
			goto out;
		}
		if (!strcmp(value, "-") && stdin_used++) {
			cli_error("standard input can be used as configuration only once");
			goto out;
		}
		if (config_apply(&p, value, f, a)) {
			ret = LLC_EXIT_ERROR;
			goto out;
		}
		nfiles++;
	}
	if (!nfiles) {
		ret = usage_error("the following required arguments were not provided:\n  "
				  "--json <JSON> or --toml <TOML>",
				  NULL);
		goto out;
	}
	if (i >= argc) {
		ret = usage_error(
		    "the following required arguments were not provided:\n  <COMMAND>...", NULL);
		goto out;
	}
	if ((ret = check_enforceable(&p, debug)))
		goto out;
	if (policy_resolve(&p, argv[i])) {
		ret = LLC_EXIT_ERROR;
		goto out;
	}
	fprintf(stderr, "Executing %s in a sandbox...\n", argv[i]);
	ret = run_spawn(&p, argv + i, NULL, &res);
	if (!ret)
		ret = res.status;
	else
		ret = LLC_EXIT_ERROR;
	if (!res.ran && ret)
		ret = LLC_EXIT_ERROR;
	policy_free(&p);
	if (res.sandboxed) {
		(void)fflush(NULL);
		_exit(ret);
	}
	return ret;
out:
	policy_free(&p);
	return ret;
}

int cmd_llconfig(int argc, char **argv)
{
	cli_prog = "llconfig";
	if (argc < 1) {
		usage(stderr);
		return LLC_EXIT_USAGE;
	}
	if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help") || !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[0], "-V") || !strcmp(argv[0], "--version")) {
		printf("llconfig (landbox %s)\n", LB_VERSION_STR);
		return 0;
	}
	if (!strcmp(argv[0], "run"))
		return run_command(argc - 1, argv + 1);
	if (!strcmp(argv[0], "schema")) {
		cli_error("schema: landbox does not ship the JSON schema (see the landlockconfig "
			  "project)");
		return LLC_EXIT_ERROR;
	}
	return usage_error("unrecognized subcommand '", argv[0]);
}
