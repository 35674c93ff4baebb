// SPDX-License-Identifier: MIT
/* command.c - `landbox config show|export ...`: reading and writing
 * landlockconfig files. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: landbox config show [--json] FILE...\n"
		     "       landbox config export [--toml|--json] [-o FILE] [RUN OPTIONS]\n"
		     "Try 'landbox config show --help' or 'landbox config export --help'.\n");
}

int cmd_config(int argc, char **argv)
{
	if (argc < 1) {
		cli_error("config: missing sub-command (show or export)");
		usage(stderr);
		return LB_EXIT_FAIL;
	}
	if (!strcmp(argv[0], "show"))
		return config_show(argc - 1, argv + 1);
	if (!strcmp(argv[0], "export"))
		return config_export(argc - 1, argv + 1);
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	cli_error("config: unknown sub-command '%s' (show or export)", argv[0]);
	usage(stderr);
	return LB_EXIT_FAIL;
}
