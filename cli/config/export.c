// SPDX-License-Identifier: MIT
/* export.c - placeholder */
#include "cli.h"
#include "config.h"
int config_export(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return LB_EXIT_FAIL;
}
