/* SPDX-License-Identifier: MIT */
/* test_lib_unveil.c - the OpenBSD-style layer: lb_unveil(path, "rwxc") then
 * lb_unveil(NULL, NULL), checked by what the child can do afterwards: "r"
 * reads, "w" writes and truncates, "c" creates and removes, nothing else is
 * reachable; bad permissions and missing paths are errors naming them; an
 * empty permission string adds no rule; committing nothing is a no-op. */
#include "test_lib.h"

static int unveil_basic(void *arg)
{
	char p[PATH_MAX];
	const int on = lt_abi > 0;
	(void)arg;

	LT_CHECK(lb_unveil(lt_path(p, "ro"), "r") == 0, "r: %s", lb_unveil_error());
	LT_CHECK(lb_unveil(lt_path(p, "rw/f"), "rw") == 0, "rw on a file: %s", lb_unveil_error());
	LT_CHECK(lb_unveil(lt_path(p, "rwc"), "rwc") == 0, "rwc: %s", lb_unveil_error());
	LT_CHECK(lb_unveil(lt_path(p, "hidden"), "") == 0, "empty permissions");
	LT_CHECK(lb_unveil(NULL, NULL) == 0, "commit: %s", lb_unveil_error());
	LT_CHECK(lt_open("ro/f", O_RDONLY) == 0, "r reads");
	LT_CHECK(lt_open("ro/f", O_WRONLY) == lt_denied(on), "r does not write");
	LT_CHECK(lt_open("rw/f", O_RDWR | O_TRUNC) == 0, "rw on the file: read, write, truncate");
	LT_CHECK(lt_open("rwc/new", O_WRONLY | O_CREAT) == 0, "c creates");
	LT_CHECK(unlink(lt_path(p, "rwc/new")) == 0, "c removes");
	LT_CHECK(lt_open("ro/new", O_WRONLY | O_CREAT) == lt_denied(on), "no c, no create");
	LT_CHECK(lt_open("hidden/f", O_RDONLY) == lt_denied(on), "hidden");
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(on), "not unveiled");
	LT_CHECK(lt_nnp() == on, "no_new_privs");
	return 0;
}

static int unveil_errors(void *arg)
{
	char p[PATH_MAX];
	(void)arg;

	LT_CHECK(lb_unveil(lt_path(p, "ro"), "rq") == -EINVAL, "bad letter");
	LT_CHECK(strstr(lb_unveil_error(), "'q'") && strstr(lb_unveil_error(), p),
		 "message names the letter and path: %s", lb_unveil_error());
	LT_CHECK(lb_unveil(lt_path(p, "nope"), "r") == -ENOENT && strstr(lb_unveil_error(), p),
		 "missing path named: %s", lb_unveil_error());
	LT_CHECK(lb_unveil(p, NULL) == -EINVAL, "path without permissions");
	LT_CHECK(lb_unveil(lt_path(p, "ro"), "r") == 0, "a good one after errors");
	LT_CHECK(lb_unveil_commit() == 0, "commit: %s", lb_unveil_error());
	LT_CHECK(lt_open("ro/f", O_RDONLY) == 0, "kept");
	LT_CHECK(lt_open("secret", O_RDONLY) == lt_denied(lt_abi > 0), "the rest denied");
	return 0;
}

static int commit_nothing(void *arg)
{
	(void)arg;
	LT_CHECK(lb_unveil_commit() == 0 && lb_unveil(NULL, NULL) == 0, "nothing pending");
	LT_CHECK(lt_open("secret", O_RDONLY) == 0 && lt_nnp() == 0, "nothing restricted");
	return 0;
}

int main(void)
{
	lt_init();
	if (lt_mkdir("ro") || lt_write("ro/f", "r") || lt_mkdir("rw") || lt_write("rw/f", "w") ||
	    lt_mkdir("rwc") || lt_mkdir("hidden") || lt_write("hidden/f", "h") ||
	    lt_write("secret", "s")) {
		printf("Bail out! scratch files\n");
		return 1;
	}
	tap_ok(tap_child(unveil_basic, NULL) == 0, "unveil r, rw, rwc, \"\" then commit");
	tap_ok(tap_child(unveil_errors, NULL) == 0, "unveil errors name the path and letter");
	tap_ok(tap_child(commit_nothing, NULL) == 0, "committing nothing restricts nothing");
	return tap_done();
}
