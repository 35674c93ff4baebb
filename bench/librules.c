/* SPDX-License-Identifier: MIT */
/* librules.c - rule scaling through liblandbox: the rules of LIST (one path
 * a line, read-only) added with lb_allow_path(), COMMAND allowed rx, then
 * lb_restrict() and exec.  The library's side of bench/wrapper.c.
 * With -l the sandbox keeps only the last rule's record (LB_RECORD_LAST).
 * Usage: librules [-l] LIST COMMAND [ARG...] */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "landbox.h"

int main(int argc, char **argv)
{
	char line[4096];
	struct lb_sandbox *sb = lb_new();
	FILE *f;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		lb_set_record(sb, LB_RECORD_LAST);
		argv++, argc--;
	}
	if (argc < 3 || !sb || !(f = fopen(argv[1], "re")))
		return 125;
	lb_set_threads(sb, LB_THREAD_ONLY); /* single-threaded, as landbox run is */
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line && lb_allow_path(sb, line, LB_FS_READ_FILE | LB_FS_READ_DIR, 0))
			goto fail;
	}
	fclose(f);
	if (lb_allow_path(sb, argv[2], LB_FS_EXECUTE | LB_FS_READ_FILE, 0) || lb_restrict(sb, NULL))
		goto fail;
	lb_free(sb);
	execv(argv[2], argv + 2);
	return 127;
fail:
	fprintf(stderr, "librules: %s\n", lb_error(sb));
	return 125;
}
