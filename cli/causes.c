/* SPDX-License-Identifier: MIT */
/* causes.c - when COMMAND failed under --explain and no Landlock denial
 * explains it: what else landbox changed for COMMAND that may be at fault.
 *
 * A sandboxed program can fail for reasons that leave no Landlock record:
 * the environment landbox gives it (no PATH, or landbox's default PATH
 * instead of the caller's; no HOME), the capabilities landbox drops and the
 * privileges no_new_privs forbids (setuid programs), the controlling
 * terminal it is detached from, and the seccomp filter's refusals.  Exit
 * status 127 and 126 are, by shell convention, "a program was not found"
 * and "a program could not be executed".  Each line names the option that
 * changes it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "cli.h"

/* The value of KEY in ENVP, or NULL. */
static const char *env_value(char *const *envp, const char *key)
{
	const size_t n = strlen(key);

	for (char *const *e = envp; e && *e; e++)
		if (!strncmp(*e, key, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* The PATH COMMAND got, and why a program may not have been found in it. */
static void path_cause(FILE *out, char *const *envp)
{
	const char *path = env_value(envp, "PATH");
	const char *mine = getenv("PATH");

	if (!path)
		fprintf(out,
			"landbox:   COMMAND's environment has no PATH: add --env PATH (yours) or "
			"--env PATH=/usr/bin:/bin\n");
	else if (!strcmp(path, CLI_DEFAULT_PATH) && mine && strcmp(mine, path) != 0)
		fprintf(out,
			"landbox:   COMMAND's PATH is landbox's default %s, not yours: --env PATH "
			"passes yours\n",
			path);
	else
		fprintf(out, "landbox:   COMMAND's PATH is %s\n", path);
}

/* Variables most programs expect, set here but not passed to COMMAND. */
static void env_cause(FILE *out, const struct policy *p, char *const *envp)
{
	static const char *const usual[] = {"HOME", "USER", "LANG", "TERM", "TMPDIR", NULL};
	char list[128] = "";
	size_t len = 0;

	if (p->keep_env)
		return;
	for (const char *const *k = usual; *k; k++) {
		if (!getenv(*k) || env_value(envp, *k))
			continue;
		len +=
		    (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "", *k);
		if (len >= sizeof(list))
			break;
	}
	if (*list)
		fprintf(
		    out,
		    "landbox:   COMMAND's environment lacks %s (set here): --env NAME passes one, "
		    "--keep-env all\n",
		    list);
}

void causes_report(const struct policy *p, int status, FILE *out)
{
	char **envp;

	envp = policy_environ(p);
	fprintf(out,
		"landbox: --explain: COMMAND exited %d and no Landlock denial explains it; what "
		"else may be at fault:\n",
		status);
	if (status == LB_EXIT_NOTFOUND) {
		fprintf(out, "landbox:   status 127: a program COMMAND ran was not found\n");
		path_cause(out, envp);
	} else if (status == LB_EXIT_NOEXEC) {
		fprintf(out,
			"landbox:   status 126: a program COMMAND ran was found but could not be "
			"executed (its mode, a noexec mount, its interpreter)\n");
	}
	env_cause(out, p, envp);
	if (!p->keep_caps && geteuid() == 0)
		fprintf(out,
			"landbox:   COMMAND runs without root's capabilities: --keep-caps keeps "
			"them\n");
	fprintf(out, "landbox:   setuid and setgid programs (sudo, su) do not gain "
		     "privileges (no_new_privs, which Landlock needs)\n");
	if (!p->same_session && isatty(STDIN_FILENO))
		fprintf(out, "landbox:   COMMAND has no controlling terminal (/dev/tty): "
			     "--same-session keeps it\n");
	if (!p->no_seccomp)
		fprintf(out, "landbox:   the seccomp filter refuses some sockets, io_uring and "
			     "TIOCSTI without an audit record: --dry-run lists them, --allow-* "
			     "re-opens them\n");
	free(envp);
}
