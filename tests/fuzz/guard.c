/* SPDX-License-Identifier: MIT */
/* guard.c - the fuzz build cannot restrict itself, execute or fork (see
 * fuzz.h), and what the targets share. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "testing.h"

__attribute__((noreturn)) static void refuse(const char *what)
{
	fprintf(stderr, "fuzz guard: the fuzz build called %s\n", what);
	abort();
}

/* ---- Landlock: a ruleset may be built, never enforced ------------------- */

/* A ruleset fd that is not one (the library closes it as it would a ruleset). */
static long fake_create_ruleset(const void *attr, size_t size, uint32_t flags)
{
	(void)attr;
	(void)size;
	(void)flags;
	return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static long fake_add_rule(int ruleset_fd, int rule_type, const void *attr, uint32_t flags)
{
	(void)rule_type;
	(void)attr;
	(void)flags;
	if (ruleset_fd < 0) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

static long no_restrict_self(int ruleset_fd, uint32_t flags)
{
	(void)ruleset_fd;
	(void)flags;
	refuse("landlock_restrict_self");
}

static const struct lb_test_sys no_landlock = {fake_create_ruleset, fake_add_rule,
					       no_restrict_self};

/* ---- libc: executing, forking and spawning abort ------------------------- */

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	refuse("execve");
}

int execv(const char *path, char *const argv[])
{
	(void)path;
	(void)argv;
	refuse("execv");
}

int execvp(const char *file, char *const argv[])
{
	(void)file;
	(void)argv;
	refuse("execvp");
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	(void)file;
	(void)argv;
	(void)envp;
	refuse("execvpe");
}

int fexecve(int fd, char *const argv[], char *const envp[])
{
	(void)fd;
	(void)argv;
	(void)envp;
	refuse("fexecve");
}

int execl(const char *path, const char *arg, ...)
{
	(void)path;
	(void)arg;
	refuse("execl");
}

int execlp(const char *file, const char *arg, ...)
{
	(void)file;
	(void)arg;
	refuse("execlp");
}

pid_t fork(void)
{
	refuse("fork");
}

pid_t vfork(void)
{
	refuse("vfork");
}

/* NOLINTNEXTLINE(readability-non-const-parameter): libc's signature */
int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *file_actions,
		const posix_spawnattr_t *attrp, char *const argv[], char *const envp[])
{
	(void)pid;
	(void)path;
	(void)file_actions;
	(void)attrp;
	(void)argv;
	(void)envp;
	refuse("posix_spawn");
}

/* NOLINTNEXTLINE(readability-non-const-parameter): libc's signature */
int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *file_actions,
		 const posix_spawnattr_t *attrp, char *const argv[], char *const envp[])
{
	(void)pid;
	(void)file;
	(void)file_actions;
	(void)attrp;
	(void)argv;
	(void)envp;
	refuse("posix_spawnp");
}

int system(const char *command)
{
	(void)command;
	refuse("system");
}

FILE *popen(const char *command, const char *modes)
{
	(void)command;
	(void)modes;
	refuse("popen");
}

/* ---- Shared ----------------------------------------------------------------- */

static char dir[256]; /* the scratch directory */

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	(void)remove(path);
	return 0;
}

/* At exit (libFuzzer exits at the end of -max_total_time or -runs). */
static void remove_scratch(void)
{
	if (dir[0])
		(void)nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char sub[300];
	int fd;

	if (dir[0])
		return dir;
	lb_test_emulate(7, 0);
	lb_test_set_sys(&no_landlock);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, 0) < 0)
		refuse("dup2 of /dev/null (setup failed)");
	close(fd);
	(void)snprintf(dir, sizeof(dir), "%s/landbox-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		refuse("mkdtemp (setup failed)");
	(void)atexit(remove_scratch);
	(void)snprintf(sub, sizeof(sub), "%s/landbox", dir);
	(void)mkdir(sub, 0700);
	(void)snprintf(sub, sizeof(sub), "%s/landbox/profiles", dir);
	(void)mkdir(sub, 0700);
	if (setenv("HOME", dir, 1) || setenv("XDG_CONFIG_HOME", dir, 1) ||
	    setenv("FUZZ_DIR", dir, 1) || setenv("FUZZVAR", "/usr", 1))
		refuse("setenv (setup failed)");
	unsetenv("LANDBOX_LOG_LEVEL");
	unsetenv("LANDRUN_LOG_LEVEL");
	return dir;
}

void fuzz_write(const char *path, const void *data, size_t size)
{
	const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd))
		refuse("write of a scratch file (setup failed)");
}

int fuzz_split(const uint8_t *data, size_t size, char **argv, int max, char **store)
{
	char *s = malloc(size + 1);
	int n = 0;
	size_t i = 0;

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	*store = s;
	while (i < size && n < max - 1) {
		argv[n++] = s + i;
		i += strlen(s + i) + 1;
	}
	argv[n] = NULL;
	return n;
}
