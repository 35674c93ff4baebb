/* SPDX-License-Identifier: MIT */
/* run.c - `landbox run`: build the sandbox before COMMAND exists (so that a
 * bad path or an unenforceable feature is reported before anything runs),
 * then enter it (enter.c) and exec COMMAND.
 *
 * landbox execs COMMAND in place, as the kernel's sample sandboxer does, when
 * nothing needs it afterwards.  It stays behind as COMMAND's parent (vfork,
 * wait, forward signals) only when something does: --explain reads audit
 * records until COMMAND exits, `landbox learn` needs COMMAND's status, and a
 * landbox that leads its terminal's session cannot detach itself from the
 * terminal without hanging up its own process group (see why_parent()).  A
 * child reports a failure before exec to the parent over a close-on-exec
 * pipe; either way the failure becomes exit status 125, 126 or 127 with a
 * hint.  --dry-run prints the policy instead. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "explain/audit.h"
#include "explain/policy-match.h"
#include "causes.h"
#include "cli.h"
#include "deny.h"
#include "elf/elfdeps.h"
#include "explain.h"

/* What the child tells the parent when it could not exec. */
struct child_report {
	int stage; /* enum entry_stage */
	int err;
};

/* ---- Signals --------------------------------------------------------------- */

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NFORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))

static volatile sig_atomic_t child_pid;

static void forward_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	/*
	 * A signal from the terminal (SI_KERNEL) went to the whole foreground
	 * process group, COMMAND included: sending it again would double it.
	 */
	if (child_pid > 0 && si->si_code != SI_KERNEL)
		kill((pid_t)child_pid, sig);
}

struct saved_signals {
	struct sigaction old[NFORWARDED];
	int installed[NFORWARDED];
	sigset_t mask;
};

/* Block the forwarded signals and install the forwarder (unless ignored). */
static void signals_install(struct saved_signals *s)
{
	sigset_t block;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < NFORWARDED; i++)
		sigaddset(&block, forwarded[i]);
	/* Until the child's pid is known, a signal waits. */
	sigprocmask(SIG_BLOCK, &block, &s->mask);
	for (size_t i = 0; i < NFORWARDED; i++) {
		s->installed[i] = 0;
		if (sigaction(forwarded[i], NULL, &s->old[i]))
			continue;
		/* An ignored signal stays ignored, for landbox and COMMAND alike. */
		if (s->old[i].sa_handler == SIG_IGN)
			continue;
		s->installed[i] = !sigaction(forwarded[i], &sa, NULL);
	}
}

/* In the child: the dispositions and mask landbox was started with. */
static void signals_reset_child(const struct saved_signals *s)
{
	for (size_t i = 0; i < NFORWARDED; i++)
		if (s->installed[i])
			sigaction(forwarded[i], &s->old[i], NULL);
	sigprocmask(SIG_SETMASK, &s->mask, NULL);
}

/*
 * In a child of landbox that becomes COMMAND: COMMAND must not live on
 * outside landbox's control (re-parented to init) when landbox is killed
 * with SIGKILL and can forward nothing.  PARENT is landbox's pid, taken
 * before the fork: if landbox died before the death signal was armed, the
 * child is already someone else's and stops here.  System calls only.
 */
static void die_with_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(LB_EXIT_FAIL);
}

static void signals_restore(const struct saved_signals *s)
{
	child_pid = 0;
	for (size_t i = 0; i < NFORWARDED; i++)
		if (s->installed[i])
			sigaction(forwarded[i], &s->old[i], NULL);
	sigprocmask(SIG_SETMASK, &s->mask, NULL);
}

/* ---- Entering the sandbox and executing COMMAND ------------------------------ */

/*
 * Enter the sandbox, change to --chdir and exec COMMAND; on failure fill R.
 * System calls only: runs in a vfork child, or in landbox itself.
 */
static void enter_and_exec(const struct policy *p, const struct sandbox_entry *e,
			   const struct lb_sandbox *sb, char **argv, char **envp,
			   struct child_report *r)
{
	r->stage = entry_enter(e, sb, &r->err);
	if (r->stage)
		return;
	/* After restricting: Landlock does not control chdir. */
	if (p->chdir && chdir(p->chdir)) {
		r->stage = STAGE_CHDIR;
		r->err = errno;
		return;
	}
	execve(p->program, argv, envp);
	r->stage = STAGE_EXEC;
	r->err = errno;
}

static void report(int fd, const struct child_report *r)
{
	ssize_t n;

	do
		n = write(fd, r, sizeof(*r));
	while (n < 0 && errno == EINTR);
}

static void child(const struct policy *p, const struct sandbox_entry *e,
		  const struct lb_sandbox *sb, char **argv, char **envp, const int fds[2],
		  const struct saved_signals *sigs, pid_t parent, const struct explain *ex)
{
	struct child_report r;

	memset(&r, 0, sizeof(r));
	close(fds[0]);
	die_with_parent(parent);
	explain_child(ex); /* --explain=trace: traced from here on */
	signals_reset_child(sigs);
	enter_and_exec(p, e, sb, argv, envp, &r);
	report(fds[1], &r);
	if (r.stage != STAGE_EXEC)
		_exit(LB_EXIT_FAIL);
	_exit(r.err == ENOENT ? LB_EXIT_NOTFOUND : LB_EXIT_NOEXEC);
}

/* ---- Why exec failed ------------------------------------------------------------ */

/* The hint after EACCES from execve: which of binary, interpreter, libraries. */
/*
 * A policy built without any profile is usually a first try: rather than
 * one missing file per run, point at the base profile (the system's
 * programs and libraries, read-only) once.
 */
static void hint_start_from_base(const struct policy *p)
{
	for (size_t i = 0; i < p->npaths; i++)
		if (policy_path_from(&p->paths[i])[0] != '-')
			return; /* a profile line: the user knows profiles */
	cli_error("hint: or start from --profile base (the system's programs, libraries and "
		  "configuration, read-only), then add what COMMAND works on");
}

static void hint_noexec(const struct policy *p)
{
	const uint64_t need = LB_FS_EXECUTE | LB_FS_READ_FILE;
	struct elfdeps deps;
	char err[256];
	int found = 0;

	if (p->unrestricted & UNRESTRICTED_FS) {
		cli_error("hint: the filesystem is unrestricted: check the file's mode, the mount "
			  "(noexec) or an enclosing sandbox");
		return;
	}
	if ((pmatch_policy_fs(p, p->program) & need) != need) {
		cli_error("hint: the sandbox does not allow executing %s: add --rox %s (or "
			  "--add-exec)",
			  p->program, p->program);
		hint_start_from_base(p);
		return;
	}
	if (elfdeps_resolve_path(p->program, getenv("PATH"), &deps, err, sizeof(err)) != 0) {
		/* In place, landbox is inside the sandbox already and may not read
		 * what the loader would: say what is unknown, not that all is allowed. */
		cli_error("hint: %s is allowed; its ELF interpreter and libraries could not be "
			  "checked (%s): --ldd adds them",
			  p->program, err);
		hint_start_from_base(p);
		found = 1;
	} else {
		for (size_t i = 0; i < deps.n && !found; i++) {
			const struct elfdep *d = &deps.v[i];
			if (d->kind != ELFDEP_INTERP && d->kind != ELFDEP_SCRIPT_INTERP)
				continue;
			if ((pmatch_policy_fs(p, d->path) & need) == need)
				continue;
			cli_error(
			    "hint: the sandbox does not allow executing %s, the %s of %s: add "
			    "--rox %s (or --ldd)",
			    d->path,
			    d->kind == ELFDEP_INTERP ? "ELF interpreter" : "#! interpreter",
			    d->needed_by ? d->needed_by : p->program, d->path);
			hint_start_from_base(p);
			found = 1;
		}
	}
	elfdeps_free(&deps);
	if (!found)
		cli_error(
		    "hint: the binary, its interpreter and its libraries are allowed by this "
		    "sandbox: an enclosing sandbox, the file's mode or a noexec mount denies it");
}

/*
 * The hint after ENOENT from execve: COMMAND was found, so what is missing is
 * its ELF interpreter or the interpreter of its #! line; name it if we can.
 */
static void hint_noent(const struct policy *p)
{
	struct elfdeps deps;
	char err[PATH_MAX + 128];

	if (elfdeps_resolve_path(p->program, getenv("PATH"), &deps, err, sizeof(err)))
		cli_error("hint: %s", err);
	else
		cli_error("hint: %s exists but its interpreter does not (or vanished)", p->program);
	elfdeps_free(&deps);
}

/* After COMMAND exited 127: the loader may have been denied a library. */
static void hint_libraries(const struct policy *p)
{
	struct elfdeps deps;
	char err[256];
	int n = 0;

	if ((p->unrestricted & UNRESTRICTED_FS) ||
	    elfdeps_resolve_path(p->program, getenv("PATH"), &deps, err, sizeof(err))) {
		return;
	}
	for (size_t i = 0; i < deps.n && n < 3; i++) {
		const struct elfdep *d = &deps.v[i];
		if (d->kind != ELFDEP_LIBRARY || (pmatch_policy_fs(p, d->path) & LB_FS_READ_FILE))
			continue;
		cli_error("hint: exit status 127: the sandbox denies reading %s, a library of %s: "
			  "add --ro %s (or --ldd)",
			  d->path, d->needed_by ? d->needed_by : p->program, d->path);
		n++;
	}
	elfdeps_free(&deps);
}

/* The parent's message for the child's report; returns the exit status. */
static int child_failed(const struct policy *p, const char *cmd, const struct child_report *r,
			struct run_result *res)
{
	res->exec_errno = r->err;
	switch (r->stage) {
	case STAGE_RESTRICT: {
		const char *hint = lb_restrict_hint(r->err);
		cli_error("cannot enforce the sandbox: %s%s%s%s", strerror(r->err),
			  *hint ? " (" : "", hint, *hint ? ")" : "");
		return LB_EXIT_FAIL;
	}
	case STAGE_NNP:
	case STAGE_SESSION:
	case STAGE_CAPS:
		cli_error("%s: %s", entry_stage_name(r->stage), strerror(r->err));
		return LB_EXIT_FAIL;
	case STAGE_SECCOMP:
		cli_error("cannot install the seccomp filter: %s (--no-seccomp runs COMMAND "
			  "without it)",
			  strerror(r->err));
		return LB_EXIT_FAIL;
	case STAGE_CHDIR:
		cli_error("--chdir: %s: %s", p->chdir, strerror(r->err));
		return LB_EXIT_FAIL;
	default:
		break;
	}
	if (strcmp(cmd, p->program) != 0)
		cli_error("%s: cannot execute %s: %s", cmd, p->program, strerror(r->err));
	else
		cli_error("cannot execute %s: %s", p->program, strerror(r->err));
	if (r->err == ENOENT) {
		hint_noent(p);
		return LB_EXIT_NOTFOUND;
	}
	if (r->err == EACCES || r->err == EPERM)
		hint_noexec(p);
	return LB_EXIT_NOEXEC;
}

/* ---- The parent -------------------------------------------------------------------- */

static int wait_child(pid_t pid, struct explain *ex, int *wstatus)
{
	if (ex)
		return explain_wait(ex, pid, wstatus);
	while (waitpid(pid, wstatus, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

static int status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return LB_EXIT_FAIL;
}

/* Fork, enter the sandbox, exec, wait.  SB (prepared) and ENVP are consumed. */
static int spawn(const struct policy *p, struct lb_sandbox *sb, struct sandbox_entry *e,
		 char **argv, char **envp, struct explain *ex, struct run_result *res)
{
	struct saved_signals sigs;
	struct child_report r;
	int fds[2], ret;
	const int tracing = explain_traces(ex);
	ssize_t n = 0;
	pid_t pid, self;

	if (pipe2(fds, O_CLOEXEC) || explain_prepare(ex)) {
		cli_error("cannot create a pipe: %s", strerror(errno));
		entry_release(e);
		lb_free(sb);
		free(envp);
		return LB_EXIT_FAIL;
	}
	(void)fflush(NULL);
	signals_install(&sigs);
	cli_debug("ready to start COMMAND after %ld µs (options, profiles, rules, ruleset)",
		  cli_elapsed_us());
	/*
	 * vfork: no copy of landbox's page tables, and landbox is suspended
	 * until COMMAND is executed (or the child failed and reported why).
	 * The child only makes syscalls, writes to the pipe and _exits.
	 */
	self = getpid();
	/* A tracer must attach while the child waits: no vfork then. */
	if (tracing)
		pid = fork();
	else
		pid = vfork(); /* NOLINT(clang-analyzer-security.insecureAPI.vfork): see above */
	if (pid == 0) {
		/* Syscalls only, then execve or _exit: what vfork allows in practice. */
		/* NOLINTNEXTLINE(clang-analyzer-unix.Vfork) */
		child(p, e, sb, argv, envp, fds, &sigs, self, ex);
	}
	ret = errno;
	close(fds[1]);
	lb_free(sb);
	entry_release(e); /* its terminal descriptor and filter: the child is gone or exec'd */
	free(envp);
	if (pid < 0) {
		signals_restore(&sigs);
		close(fds[0]);
		cli_error("cannot fork: %s", strerror(ret));
		return LB_EXIT_FAIL;
	}
	explain_attach(ex, pid);
	child_pid = pid;
	res->pid = pid;
	sigprocmask(SIG_SETMASK, &sigs.mask, NULL);

	/* EOF: exec succeeded (the pipe was close-on-exec).  A traced child
	 * stops on its way to exec until the tracer (wait_child) lets it go:
	 * its report is read afterwards. */
	while (!tracing && (n = read(fds[0], &r, sizeof(r))) < 0 && errno == EINTR)
		;
	ret = wait_child(pid, ex, &res->wstatus);
	while (tracing && (n = read(fds[0], &r, sizeof(r))) < 0 && errno == EINTR)
		;
	close(fds[0]);
	signals_restore(&sigs);
	if (ret) {
		cli_error("cannot wait for COMMAND (pid %d): %s", (int)pid, strerror(-ret));
		return LB_EXIT_FAIL;
	}
	if (n == (ssize_t)sizeof(r)) {
		res->status = child_failed(p, argv[0], &r, res);
		return 0;
	}
	res->ran = 1;
	res->status = status_of(res->wstatus);
	if (res->status == LB_EXIT_NOTFOUND)
		hint_libraries(p);
	return 0;
}

/*
 * Enter the sandbox and exec COMMAND in place of landbox: returns only when
 * that failed, with RES->status.  Nothing runs half-sandboxed: if any step
 * of entry_enter() fails, nothing is executed (125).  The hints after a
 * failed execve are computed in the sandbox, where landbox can still resolve
 * paths (Landlock checks neither stat nor readlink) and read COMMAND (exec got
 * past opening it only if it is readable).  Unlike with a parent, an exit
 * status 127 of the loader after exec gets no hint: ld.so names the library
 * itself.
 */
static int exec_in_place(const struct policy *p, struct lb_sandbox *sb,
			 const struct sandbox_entry *e, char **argv, char **envp,
			 struct run_result *res)
{
	struct child_report r;

	memset(&r, 0, sizeof(r));
	(void)fflush(NULL);
	cli_debug("ready to start COMMAND after %ld µs (options, profiles, rules, ruleset)",
		  cli_elapsed_us());
	enter_and_exec(p, e, sb, argv, envp, &r);
	lb_free(sb);
	free(envp);
	res->sandboxed = 1;
	res->status = child_failed(p, argv[0], &r, res);
	return 0;
}

/*
 * Why landbox must stay as COMMAND's parent, or NULL when it can exec COMMAND
 * in place (one process less: the kernel sandboxer's cost).
 */
static const char *why_parent(const struct policy *p, const struct sandbox_entry *e,
			      const struct explain *ex)
{
	if (ex)
		return "--explain watches COMMAND's denials until it exits";
	if (p->private_tmp_dir)
		return "--private-tmp removes its directory after COMMAND exits";
	/* Detaching a session leader from its terminal hangs up its jobs (enter.c). */
	if (e->session_leader)
		return "landbox leads the terminal's session, the child detaches from the terminal";
	return NULL;
}

/* Resolve, build, check and prepare the sandbox: what can fail with a message. */
static int build(struct policy *p, char **cmd_argv, struct explain *ex, struct lb_sandbox **out,
		 struct lb_seccomp **out_filter, int *nnp_by_landlock)
{
	struct lb_sandbox *sb;
	struct lb_seccomp *filter;
	struct holes_plan plan;
	struct lb_status st;
	int ret;

	if ((ret = policy_resolve(p, cmd_argv[0])))
		return ret;
	if ((ret = privtmp_make(p)))
		return ret;
	if ((ret = policy_build(p, ex ? LB_LOG_NEW_EXEC_ON : 0, &sb)))
		return ret;
	if ((ret = policy_check(p, sb, &st))) {
		lb_free(sb);
		return ret;
	}
	if (explain_set_status(ex, &st)) {
		cli_error("out of memory");
		lb_free(sb);
		return LB_EXIT_FAIL;
	}
	holes_plan(p, st.abi, &plan);
	if ((ret = holes_filter(p, &plan, &filter))) {
		lb_free(sb);
		return ret;
	}
	if (cli_log_level >= LOG_INFO) {
		char line[1024];
		lb_status_format(&st, line, sizeof(line));
		cli_info("sandbox: %s; %zu rule(s); running %s", line, lb_rule_count(sb),
			 p->program);
		holes_info(&plan);
	}
	if (lb_prepare(sb, &st)) {
		cli_error("cannot enforce the sandbox: %s", lb_error(sb));
		lb_free(sb);
		lb_seccomp_free(filter);
		return LB_EXIT_FAIL;
	}
	*nnp_by_landlock = (st.handled[LB_KIND_FLAG] & LB_NO_NEW_PRIVS) != 0;
	*out = sb;
	*out_filter = filter;
	return 0;
}

/* run_spawn(), or exec in place when IN_PLACE_OK and nothing needs a parent. */
static int run(struct policy *p, char **cmd_argv, struct explain *ex, int in_place_ok,
	       struct run_result *res)
{
	struct sandbox_entry e;
	struct lb_sandbox *sb;
	struct lb_seccomp *filter;
	const char *why;
	int ret, nnp;

	memset(res, 0, sizeof(*res));
	res->status = LB_EXIT_FAIL;
	res->pid = -1;
	if ((ret = build(p, cmd_argv, ex, &sb, &filter, &nnp))) {
		privtmp_remove(p);
		return ret;
	}
	entry_plan(&e, p->same_session, p->keep_caps);
	e.nnp_by_landlock = nnp;
	cli_debug("no_new_privs: set by %s", nnp ? "landlock_restrict_self with the domain (ABI 11)"
						 : "prctl before restricting");
	e.filter = filter; /* the seccomp layer (seccomp.c), after Landlock */
	why = in_place_ok ? why_parent(p, &e, ex) : "the caller needs COMMAND's status";
	if (why) {
		cli_debug("COMMAND runs in a child of landbox: %s", why);
		ret = spawn(p, sb, &e, cmd_argv, policy_environ(p), ex, res);
		privtmp_remove(p);
		return ret;
	}
	cli_debug("COMMAND runs in place of landbox (nothing needs a parent)");
	return exec_in_place(p, sb, &e, cmd_argv, policy_environ(p), res);
}

int run_spawn(struct policy *p, char **cmd_argv, struct explain *ex, struct run_result *res)
{
	return run(p, cmd_argv, ex, 0, res);
}

int run_forked(void (*fn)(void *), void *arg)
{
	const pid_t self = getpid();
	struct saved_signals sigs;
	int wstatus, ret;
	pid_t pid;

	(void)fflush(NULL);
	signals_install(&sigs);
	pid = fork();
	if (pid == 0) {
		die_with_parent(self);
		signals_reset_child(&sigs);
		fn(arg);
		_exit(LB_EXIT_FAIL);
	}
	if (pid < 0) {
		ret = errno;
		signals_restore(&sigs);
		cli_error("cannot fork: %s", strerror(ret));
		return -1;
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &sigs.mask, NULL);
	ret = wait_child(pid, NULL, &wstatus);
	signals_restore(&sigs);
	if (ret) {
		cli_error("cannot wait for COMMAND (pid %d): %s", (int)pid, strerror(-ret));
		return -1;
	}
	return status_of(wstatus);
}

/* ---- --dry-run ------------------------------------------------------------------------ */

static void print_rights(const char *label, enum lb_kind kind, uint64_t bits)
{
	char names[1024];

	if (!bits) {
		printf("%s(none)\n", label);
		return;
	}
	lb_format_rights(kind, bits, ", ", names, sizeof(names));
	printf("%s%s\n", label, names);
}

static void dry_rule(const struct lb_rule_info *info, const struct lb_status *st,
		     const char *origin, int optional)
{
	const uint64_t dropped = info->requested & ~info->effective;
	const uint64_t unhandled = dropped & ~st->handled[info->kind];
	const char *opt = optional ? ", optional" : "";

	if (info->kind == LB_KIND_FS)
		cli_out(stdout, "  %s (%s%s) from %s", info->path ? info->path : "?",
			info->missing  ? "missing: skipped"
			: info->is_dir ? "directory"
				       : "file",
			opt, origin);
	else if (optional)
		cli_out(stdout, "  port %llu (optional) from %s", (unsigned long long)info->port,
			origin);
	else
		cli_out(stdout, "  port %llu from %s", (unsigned long long)info->port, origin);
	if (info->missing)
		return;
	print_rights("      requested: ", info->kind, info->requested);
	print_rights("      granted:   ", info->kind, info->effective);
	if (unhandled)
		print_rights("      not restricted by this kernel (allowed everywhere): ",
			     info->kind, unhandled);
	if (dropped & ~unhandled)
		print_rights("      not applicable to a file: ", info->kind, dropped & ~unhandled);
}

/* An optional rule policy_build() left out, and why. */
static void dry_skipped(enum rule_skip skip, enum lb_kind kind, uint64_t rights, const char *path,
			unsigned port, const char *origin)
{
	char why[512];

	policy_skip_reason(skip, kind, rights, why, sizeof(why));
	if (path)
		cli_out(stdout, "  %s (optional: skipped) from %s", path, origin);
	else
		cli_out(stdout, "  port %u (optional: skipped) from %s", port, origin);
	print_rights("      requested: ", kind, rights);
	cli_out(stdout, "      skipped: %s", why);
}

/* "command: PROGRAM [argv: ARG...]", one line, escaped. */
static void dry_command(const char *program, char **argv)
{
	size_t len = strlen(program) + sizeof(" [argv: ]"), used;
	char *line;

	for (char **a = argv; *a; a++)
		len += strlen(*a) + 1;
	if (!(line = malloc(len)))
		return;
	used = (size_t)snprintf(line, len, "%s [argv:", program);
	for (char **a = argv; *a; a++)
		used += (size_t)snprintf(line + used, len - used, " %s", *a);
	cli_out(stdout, "command: %s]", line);
	free(line);
}

static int dry_print(struct policy *p, char **cmd_argv)
{
	static const char *const compat[] = {
	    "default (refuse if an explicitly used feature cannot be enforced)",
	    "strict (refuse unless everything is enforced)", "best effort (never refuse)"};
	struct lb_sandbox *sb;
	struct lb_status st;
	struct lb_rule_info info;
	struct holes_plan plan;
	char line[2048];
	char **envp;
	size_t k = 0;
	int ret;

	if (cmd_argv && cmd_argv[0] && (ret = policy_resolve(p, cmd_argv[0])))
		return ret;
	if ((ret = policy_build(p, p->explain ? LB_LOG_NEW_EXEC_ON : 0, &sb)))
		return ret;
	ret = policy_check(p, sb, &st);
	printf("landbox dry run: nothing is executed\n");
	if (st.abi > 0)
		printf("kernel: Landlock ABI %d (Linux %s or later)\n", st.abi,
		       cli_abi_linux(st.abi));
	else
		printf("kernel: no Landlock (%s)\n", strerror(st.landlock_error));
	if (cmd_argv && cmd_argv[0])
		dry_command(p->program, cmd_argv);
	printf("enforcement: %s\n", compat[p->compat]);
	lb_status_format(&st, line, sizeof(line));
	printf("status: %s\n", line);
	print_rights("handled fs: ", LB_KIND_FS, st.handled[LB_KIND_FS]);
	print_rights("handled net: ", LB_KIND_NET, st.handled[LB_KIND_NET]);
	print_rights("scopes: ", LB_KIND_SCOPE, st.handled[LB_KIND_SCOPE]);
	print_rights("flags: ", LB_KIND_FLAG, st.handled[LB_KIND_FLAG]);
	holes_plan(p, st.abi, &plan);
	{
		struct lb_status u = st;
		u.unenforced[LB_KIND_FLAG] &= ~LB_TSYNC;
		if ((plan.closed & LB_HOLE_UDP) &&
		    (u.unenforced[LB_KIND_NET] & (LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP))) {
			print_rights(
			    "closed by the seccomp filter instead (no UDP at all): ", LB_KIND_NET,
			    u.unenforced[LB_KIND_NET] &
				(LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP));
			u.unenforced[LB_KIND_NET] &= ~(LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP);
		}
		for (int i = 0; i < LB_KIND_COUNT; i++) {
			static const char *const labels[] = {
			    "cannot restrict (fs): ", "cannot restrict (net): ",
			    "cannot restrict (scopes): ", "cannot set (flags): "};
			if (u.unenforced[i])
				print_rights(labels[i], (enum lb_kind)i, u.unenforced[i]);
		}
	}
	printf("rules:%s\n", lb_rule_count(sb) ? "" : " none (everything handled is denied)");
	/* Each rule kept is the next one of SB; an optional rule left out is not in it. */
	if (!(p->unrestricted & UNRESTRICTED_FS)) {
		for (size_t i = 0; i < p->npaths; i++) {
			const struct policy_path *r = &p->paths[i];
			char o[POLICY_ORIGIN_MAX];
			const char *origin = policy_path_origin(r, o, sizeof(o));
			if (r->skip)
				dry_skipped(r->skip, LB_KIND_FS, r->rights, r->path, 0, origin);
			else if (!deny_dry_rule(p, r, sb, &k) && !lb_rule_get(sb, k++, &info))
				dry_rule(&info, &st, origin, r->optional);
		}
	}
	if (!(p->unrestricted & UNRESTRICTED_NET)) {
		for (size_t i = 0; i < p->nports; i++) {
			const struct policy_port *r = &p->ports[i];
			if (r->skip)
				dry_skipped(r->skip, LB_KIND_NET, r->rights, NULL, r->port,
					    r->origin);
			else if (!lb_rule_get(sb, k++, &info))
				dry_rule(&info, &st, r->origin, r->optional);
		}
		/* What policy_build() adds last: bind-udp 0, implied by --connect-udp. */
		if (!lb_rule_get(sb, k, &info) && info.kind == LB_KIND_NET)
			dry_rule(&info, &st, "--connect-udp (a UDP client binds an ephemeral port)",
				 0);
	}
	deny_dry_print(p);
	privtmp_dry(p);
	holes_print(p, &plan);
	if (!ret && plan.unavailable && p->compat != COMPAT_BEST_EFFORT) {
		cli_error("this kernel cannot install seccomp filters (--no-seccomp or "
			  "--best-effort runs COMMAND anyway)");
		ret = LB_EXIT_FAIL;
	}
	envp = policy_environ(p);
	printf("environment:%s\n", envp[0] ? "" : " (empty)");
	for (char **e = envp; *e; e++)
		cli_out(stdout, "  %s", *e);
	free(envp);
	if (p->chdir)
		cli_out(stdout, "directory: %s", p->chdir);
	printf("terminal: %s\n",
	       p->same_session
		   ? "COMMAND keeps the controlling terminal (--same-session)"
		   : "COMMAND is detached from the controlling terminal (--same-session "
		     "keeps it)");
	printf("capabilities: %s\n",
	       p->keep_caps ? "kept (--keep-caps)" : "all dropped (--keep-caps keeps them)");
	(void)fflush(stdout);
	lb_free(sb);
	if (ret)
		cli_error("dry run: landbox would refuse to run COMMAND (see above)");
	return ret;
}

int run_dry(struct policy *p, char **cmd_argv)
{
	return dry_print(p, cmd_argv);
}

/* ---- `landbox run` ------------------------------------------------------------------- */

int cmd_run(int argc, char **argv, enum personality persona)
{
	struct policy p;
	struct run_result res = {.status = LB_EXIT_FAIL, .pid = -1};
	struct explain *ex = NULL;
	int ci, ret;

	if (persona == PERSONA_LANDRUN)
		cli_log_level = LOG_ERROR; /* landrun's default level */
	policy_init(&p, persona);
	ret = policy_parse_args(&p, argc, argv, &ci);
	if (ret < 0) {
		ret = 0;
		goto out;
	}
	if (ret)
		goto out;
	if (p.dry_run) {
		ret = run_dry(&p, ci < argc ? argv + ci : NULL);
		goto out;
	}
	if (ci >= argc) {
		cli_error("missing COMMAND");
		fprintf(stderr, "usage: %s [OPTIONS] [--] COMMAND [ARG...]\nTry '%s --help'.\n",
			persona == PERSONA_LANDRUN ? "landrun" : "landbox run",
			persona == PERSONA_LANDRUN ? "landrun" : "landbox run");
		ret = LB_EXIT_FAIL;
		goto out;
	}
	if ((ret = policy_resolve(&p, argv[ci])))
		goto out;
	if (p.explain)
		ex = explain_start(&p);
	ret = run(&p, argv + ci, ex, 1, &res);
	if (ex) {
		if (!ret) {
			explain_report(ex, stderr);
			deny_explain(&p, explain_log(ex), stderr);
			/* Failed, and no denial to show for it: what else may be. */
			if (res.ran && WIFEXITED(res.wstatus) && WEXITSTATUS(res.wstatus) &&
			    !audit_log_count(explain_log(ex)) && !audit_log_nested(explain_log(ex)))
				causes_report(&p, WEXITSTATUS(res.wstatus), stderr);
		}
		explain_end(ex);
	}
	if (!ret)
		ret = res.status;
	/* landrun exits 1 for every failure of its own, COMMAND's status otherwise. */
	if (persona == PERSONA_LANDRUN && !res.ran && ret)
		ret = 1;
	policy_free(&p);
	if (res.sandboxed) {
		/*
		 * landbox is inside the sandbox now: exit at once, as a failed
		 * exec child does; nothing at exit (a leak checker reading
		 * /proc, say) could work there.
		 */
		(void)fflush(NULL);
		_exit(ret);
	}
	return ret;
out:
	if (persona == PERSONA_LANDRUN && ret)
		ret = 1;
	policy_free(&p);
	return ret;
}
