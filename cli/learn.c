/* learn.c - `landbox learn`: write a profile from the denials COMMAND hits. */
#include <stdio.h>

#include "explain.h"

int cmd_learn(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "landbox: learn: not implemented yet\n");
	return 125;
}
