/* explain.c - placeholder until the audit reader lands (issue 5). */
#include <errno.h>
#include <stdio.h>

#include "explain.h"

struct explain *explain_start(void)
{
	fprintf(stderr, "landbox: --explain: not implemented yet\n");
	return NULL;
}

int explain_wait(struct explain *ex, pid_t pid, int *wstatus)
{
	(void)ex;
	(void)pid;
	(void)wstatus;
	return -ENOSYS;
}

void explain_report(struct explain *ex, FILE *out)
{
	(void)ex;
	(void)out;
}

void explain_end(struct explain *ex)
{
	(void)ex;
}

void explain_restore_now(struct explain *ex)
{
	(void)ex;
}

int cmd_learn(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "landbox: learn: not implemented yet\n");
	return 125;
}
