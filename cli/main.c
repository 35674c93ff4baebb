/* SPDX-License-Identifier: MIT */
/* main.c - the landbox program: who we are (landbox, landrun, sandboxer or llconfig,
 * chosen by the name we were invoked as) and the sub-command dispatch. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config/config.h"
#include "explain.h"

static void usage(FILE *out)
{
	cli_print_usage(out, "landbox");
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The sub-commands, for "did you mean". */
static const char *const commands[] = {"run",	 "status", "learn",   "sandboxer",
				       "config", "help",   "version", NULL};

/* Top-level options: everything else goes to `run`. */
static int top_level(int argc, char **argv)
{
	const char *arg = argv[1];

	if (!strcmp(arg, "--help") || !strcmp(arg, "-h") || !strcmp(arg, "help")) {
		cli_print_help(stdout, "landbox");
		return 0;
	}
	if (!strcmp(arg, "--version") || !strcmp(arg, "-V") || !strcmp(arg, "version")) {
		printf("landbox %s\nliblandbox %s\n", LB_VERSION_STR, LB_VERSION);
		return 0;
	}
	if (!strcmp(arg, "--list-options")) {
		cli_list_options(stdout);
		return 0;
	}
	if (!strcmp(arg, "--list-profiles")) {
		profile_list(stdout);
		return 0;
	}
	if (!strcmp(arg, "run"))
		return cmd_run(argc - 2, argv + 2, PERSONA_LANDBOX);
	if (!strcmp(arg, "status"))
		return cmd_status(argc - 2, argv + 2);
	if (!strcmp(arg, "learn"))
		return cmd_learn(argc - 2, argv + 2);
	if (!strcmp(arg, "sandboxer"))
		return cmd_sandboxer(argc - 2, argv + 2, "landbox sandboxer");
	if (!strcmp(arg, "config"))
		return cmd_config(argc - 2, argv + 2);
	/* `landbox --ro /usr cat x` works as `landbox run --ro /usr cat x`
	 * (and run explains "--ro?", the optional marker of profile lines). */
	if (!strcmp(arg, "-q"))
		return cmd_run(argc - 1, argv + 1, PERSONA_LANDBOX);
	if (arg[0] == '-' && arg[1] == '-') {
		char opt[64];
		(void)snprintf(opt, sizeof(opt), "%.*s", (int)strcspn(arg + 2, "=?"), arg + 2);
		if (cli_option_find(opt))
			return cmd_run(argc - 1, argv + 1, PERSONA_LANDBOX);
	}
	if (arg[0] == '-' && arg[1] == '-' && cli_nearest_option(arg + 2, NULL))
		cli_error("unknown option '%s' (did you mean --%s?)", arg,
			  cli_nearest_option(arg + 2, NULL));
	else if (arg[0] == '-')
		cli_error("unknown option '%s'", arg);
	else if (cli_nearest_word(arg, commands))
		cli_error("unknown command '%s' (did you mean %s?)", arg,
			  cli_nearest_word(arg, commands));
	else
		cli_error("unknown command '%s'", arg);
	usage(stderr);
	return LB_EXIT_FAIL;
}

/* Output that could not be written is a failure: landbox --help > /dev/full. */
static int finish(int status)
{
	if ((fflush(stdout) != 0 || ferror(stdout)) && status == 0) {
		cli_error("cannot write to standard output: %s", strerror(errno));
		return LB_EXIT_FAIL;
	}
	return status;
}

static int dispatch(int argc, char **argv)
{
	const char *name = argc > 0 && argv[0] ? base_name(argv[0]) : "landbox";

#ifdef LB_TESTING
	/* The test build emulates older kernels (LANDBOX_TEST_ABI). */
	if (cli_test_setup())
		return LB_EXIT_FAIL;
#endif
	if (!strcmp(name, "landrun"))
		return cmd_run(argc - 1, argv + 1, PERSONA_LANDRUN);
	if (!strcmp(name, "sandboxer") || !strcmp(name, "landbox-sandboxer"))
		return cmd_sandboxer(argc - 1, argv + 1, argv[0]);
	if (!strcmp(name, "llconfig") || !strcmp(name, "landbox-llconfig"))
		return cmd_llconfig(argc - 1, argv + 1);
	if (argc < 2) {
		cli_error("missing sub-command (run, status, learn or sandboxer)");
		usage(stderr);
		return LB_EXIT_FAIL;
	}
	return top_level(argc, argv);
}

int main(int argc, char **argv)
{
	cli_clock_start();
	return finish(dispatch(argc, argv));
}
