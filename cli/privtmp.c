/* SPDX-License-Identifier: MIT */
/* privtmp.c - --private-tmp (profile line "private-tmp"): a temporary
 * directory of COMMAND's own.  Before each run landbox makes a new
 * directory (mode 0700) under its own TMPDIR (or /tmp), grants it read-write
 * and passes it to COMMAND as TMPDIR; after COMMAND exits it removes it with
 * everything in it.  So a program that needs temporary files (compilers,
 * ImageMagick, Python's tempfile) gets them without seeing the shared /tmp,
 * where other programs' files and sockets are, and leaves nothing behind.
 *
 * The option reserves its place among the --env entries when it is parsed
 * (a later --env TMPDIR=... wins, as for any variable); the directory is
 * made when the sandbox is built (privtmp_make), once per run, so that
 * `landbox learn`, which runs COMMAND again and again, gets a fresh one
 * each time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define PRIVTMP_PREFIX "landbox-tmp."
/* Deeper trees than this are left for the user to remove (and said so). */
#define PRIVTMP_MAX_DEPTH 128

/* Replace the TMPDIR entry --private-tmp reserved with "TMPDIR=VALUE". */
static void set_env(struct policy *p, const char *value)
{
	const size_t len = strlen("TMPDIR=") + strlen(value) + 1;
	struct policy_env *e;
	char *entry;

	if (!p->env || !p->private_tmp_env || p->private_tmp_env > p->nenv)
		return; /* h_private_tmp() reserved it: cannot happen */
	e = &p->env[p->private_tmp_env - 1];
	if (!(entry = malloc(len))) {
		cli_error("out of memory");
		exit(LB_EXIT_FAIL);
	}
	(void)snprintf(entry, len, "TMPDIR=%s", value);
	free(e->entry);
	e->entry = entry;
}

/* Where the directories are made: landbox's own TMPDIR if absolute, or /tmp. */
static const char *tmp_base(void)
{
	const char *base = getenv("TMPDIR");

	return base && base[0] == '/' ? base : "/tmp";
}

int privtmp_make(struct policy *p)
{
	const char *base = tmp_base();
	char dir[PATH_MAX];

	if (!p->private_tmp_origin || p->private_tmp_dir)
		return 0;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/" PRIVTMP_PREFIX "XXXXXX", base) >=
	    sizeof(dir)) {
		cli_error("%s: cannot make a private temporary directory in %s: path too long",
			  p->private_tmp_origin, base);
		return LB_EXIT_FAIL;
	}
	if (!mkdtemp(dir)) {
		cli_error("%s: cannot make a private temporary directory in %s: %s",
			  p->private_tmp_origin, base, strerror(errno));
		return LB_EXIT_FAIL;
	}
	p->private_tmp_dir = cli_xstrdup(dir);
	if (p->private_tmp_rule) {
		struct policy_path *r = &p->paths[p->private_tmp_rule - 1];
		/* The old path stays in the policy's arena until policy_free(). */
		r->path = policy_strdup(p, dir);
	} else {
		const struct cli_option *rw = cli_option_find("rw");
		const int saved = p->optional_line;
		int ret;

		p->optional_line = 0;
		ret = policy_add_path_ext(p, dir, rw->rights, rw->name, p->private_tmp_origin,
					  SOURCE_PRIVTMP);
		p->optional_line = saved;
		if (ret) {
			privtmp_remove(p);
			return ret;
		}
		p->private_tmp_rule = p->npaths;
	}
	set_env(p, dir);
	cli_info("%s: private temporary directory %s (TMPDIR), removed after COMMAND exits",
		 p->private_tmp_origin, dir);
	return 0;
}

void privtmp_dry(struct policy *p)
{
	if (!p->private_tmp_origin)
		return;
	set_env(p, "(a new directory under $TMPDIR or /tmp, made when COMMAND starts)");
	cli_out(stdout,
		"private temporary directory (from %s): made under %s for each run, granted "
		"read-write, passed as TMPDIR, removed after COMMAND exits",
		p->private_tmp_origin, tmp_base());
}

/*
 * Remove NAME in the directory DFD, and all it holds if it is a directory.
 * A symbolic link is removed, never followed (O_NOFOLLOW): COMMAND wrote
 * this tree and may have planted links to the user's files in it.
 * Returns 0 or an errno.
 */
static int remove_at(int dfd, const char *name, int depth)
{
	struct dirent *ent;
	DIR *d;
	int fd, err = 0;

	if (unlinkat(dfd, name, 0) == 0)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return errno == ENOENT ? 0 : errno;
	if (depth > PRIVTMP_MAX_DEPTH)
		return ELOOP;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (!(d = fdopendir(fd))) {
		err = errno;
		close(fd);
		return err;
	}
	while ((ent = readdir(d))) {
		int e;
		if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
			continue;
		if ((e = remove_at(dirfd(d), ent->d_name, depth + 1)) && !err)
			err = e;
	}
	closedir(d);
	if (unlinkat(dfd, name, AT_REMOVEDIR) && !err)
		err = errno;
	return err;
}

void privtmp_remove(struct policy *p)
{
	int err;

	if (!p->private_tmp_dir)
		return;
	err = remove_at(AT_FDCWD, p->private_tmp_dir, 0);
	if (err)
		cli_warn("%s: cannot remove the private temporary directory %s: %s",
			 p->private_tmp_origin, p->private_tmp_dir, strerror(err));
	else
		cli_debug("%s: removed %s", p->private_tmp_origin, p->private_tmp_dir);
	free(p->private_tmp_dir);
	p->private_tmp_dir = NULL;
}
