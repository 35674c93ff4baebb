/* SPDX-License-Identifier: MIT */
/* cli.h - the landbox program: the parsed policy (options and profiles), the
 * option table shared by the command line, profile files, --help and the
 * bash completion, and the run machinery (build, fork, restrict, exec, wait).
 *
 * Conventions.  Functions returning int return 0 on success, or landbox's
 * exit status for the failure (LB_EXIT_FAIL, LB_EXIT_NOEXEC, LB_EXIT_NOTFOUND)
 * after printing a message on stderr, prefixed "landbox: " and naming the
 * offending argument.  cmd_run() maps them to 1 for the landrun personality.
 *
 * Files: main.c (dispatch), messages.c, policy/ (the policy, in layers that
 * call downwards only: model.c and rules.c, the policy and its rules;
 * options.c, the option table; profile.c, profiles; build.c, parsing the
 * command line, resolving COMMAND, building and checking the sandbox, the
 * environment), deny.c (--deny: splitting grants around denied paths),
 * programs.c (program profiles: --profile auto), privtmp.c
 * (--private-tmp), run.c (run, --dry-run), seccomp.c (the seccomp filter closing
 * what Landlock cannot), status.c,
 * sandboxer.c (the kernel sample's interface), suggest.c (did you mean).
 * The test build's hooks live in tests/hooks/, outside the product.
 * `landbox learn` (learn.c) runs COMMAND repeatedly with a policy it grows
 * with policy_add_path_ext() and policy_add_port().
 */
#ifndef LANDBOX_CLI_H
#define LANDBOX_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "landbox.h"

struct explain;
struct deny_state;
struct llc_config;
struct rule_store;

/* Exit status convention of coreutils env/timeout. */
#define LB_EXIT_FAIL	 125 /* landbox itself failed: usage, policy, kernel */
#define LB_EXIT_NOEXEC	 126 /* COMMAND found but could not be executed */
#define LB_EXIT_NOTFOUND 127 /* COMMAND not found */

/* Who we are, chosen by argv[0]. */
enum personality {
	PERSONA_LANDBOX = 0,
	PERSONA_LANDRUN,   /* landrun's strict default, exit status 1 for launcher failures */
	PERSONA_SANDBOXER, /* the kernel sample's LL_* variables (cli/sandboxer.c) */
};

/* Verbosity: --log-level, LANDBOX_LOG_LEVEL, LANDRUN_LOG_LEVEL. */
enum log_level {
	LOG_ERROR = 0, /* errors only */
	LOG_WARN = 1,  /* + warnings (the default) */
	LOG_INFO = 2,  /* + what the sandbox is */
	LOG_DEBUG = 3, /* + every rule, every --ldd addition */
};

/* How strictly the policy must be enforced (DESIGN §4). */
enum policy_compat {
	COMPAT_DEFAULT = 0, /* refuse if an explicitly used feature is not enforceable */
	COMPAT_STRICT,	    /* refuse unless every right handled is enforced */
	COMPAT_BEST_EFFORT, /* never refuse; warn */
};

/* Areas left unhandled by --unrestricted-*. */
#define UNRESTRICTED_FS	   (1u << 0)
#define UNRESTRICTED_NET   (1u << 1)
#define UNRESTRICTED_SCOPE (1u << 2)

/* LB_HOLE_* bits landbox knows (bit positions 0..HOLES_MAX-1). */
#define HOLES_MAX 16

/* --explain[=SOURCE]: where the denials come from (cli/explain/). */
enum explain_source {
	EXPLAIN_AUTO = 1, /* audit when it works here, else trace */
	EXPLAIN_AUDIT,	  /* Landlock's audit records (ABI 7, root) */
	EXPLAIN_TRACE,	  /* landbox traces COMMAND (every ABI, no privilege) */
};

/* Where a path rule came from besides an option. */
enum rule_source {
	SOURCE_OPTION = 0, /* command line or profile line */
	SOURCE_LDD,	   /* added by --ldd */
	SOURCE_ADD_EXEC,   /* added by --add-exec */
	SOURCE_LEARN,	   /* added by `landbox learn` */
	SOURCE_PRIVTMP,	   /* the directory of --private-tmp (cli/privtmp.c) */
};

/*
 * Why policy_build() left an optional rule (profile line "ro? PATH",
 * "connect-udp? 53") out of the sandbox.  A rule that is not optional is
 * never left out: its failure stops landbox.
 */
enum rule_skip {
	SKIP_NONE = 0,
	SKIP_MISSING,	/* the path does not exist */
	SKIP_ABI,	/* this kernel's ABI is below what the rule's feature needs */
	SKIP_UNHANDLED, /* the policy does not restrict that right at all (landrun's UDP) */
};

/*
 * One path rule: 24 bytes and no allocation of its own (cli/policy/rules.c),
 * since policies may hold tens of thousands.  Its origin and option name
 * are read with policy_path_origin() and policy_path_option().
 */
struct policy_path {
	char *path;	       /* as given (after ${VAR} expansion), in the policy's arena */
	uint64_t rights;       /* LB_FS_* requested */
	uint32_t line : 24;    /* the LINE of "FILE:LINE", 0 when FROM is the whole origin */
	uint32_t option : 8;   /* policy_path_option(): "ro", "rox", "unix", ... */
	uint32_t from : 24;    /* policy_path_from(): "--ro", "--ldd", or the FILE of FILE:LINE */
	uint32_t source : 3;   /* enum rule_source */
	uint32_t optional : 1; /* from a "NAME? VALUE" profile line */
	uint32_t skip : 2;     /* enum rule_skip, set by policy_build() */
};

/* --deny PATH (cli/deny.c): an exception carved out of the grants containing it. */
struct policy_deny {
	char *path;   /* as given (after ${VAR} expansion) */
	char *origin; /* "--deny", "my.profile:3" */
	int optional; /* from a "deny? PATH" profile line: a missing PATH is no error */
};

struct policy_port {
	uint64_t rights; /* one LB_NET_* right */
	uint16_t port;
	const char *option; /* "bind-tcp", ... */
	char *origin;
	int optional;	     /* from a "NAME? VALUE" profile line */
	enum rule_skip skip; /* set by policy_build() */
};

struct policy_env {
	char *entry; /* "KEY=VALUE", or "KEY" to copy landbox's own value */
	char *origin;
};

struct policy {
	enum personality persona;
	enum policy_compat compat;
	int strict_given, best_effort_given; /* both given: a contradiction */
	enum log_level log_level;
	int log_level_set;     /* given on the command line (wins over the environment) */
	unsigned unrestricted; /* UNRESTRICTED_* */
	int ignore_missing;
	uint64_t log_flags; /* LB_LOG_SAME_EXEC_OFF | LB_LOG_NEW_EXEC_ON | LB_LOG_SUBDOMAINS_OFF */
	int ldd, add_exec;
	int keep_env;
	int clear_env; /* --clear-env: no default PATH (landrun: always) */
	int dry_run;
	int explain;	  /* EXPLAIN_* (0: no --explain) */
	char *chdir;	  /* --chdir DIR, or NULL */
	int same_session; /* --same-session: keep the controlling terminal */
	int keep_caps;	  /* --keep-caps: COMMAND keeps landbox's capabilities */

	/* The seccomp layer (cli/seccomp.c): what --allow-* re-opened, where. */
	int no_seccomp;		      /* --no-seccomp: no filter at all */
	char *no_seccomp_origin;      /* "--no-seccomp" or "FILE:LINE" */
	uint32_t holes_open;	      /* LB_HOLE_* re-opened by --allow-* */
	char *hole_origin[HOLES_MAX]; /* per bit position: the option that did */
	uint64_t families_open;	      /* --allow-socket FAMILY (AF_* bits) */

	struct policy_path *paths;
	size_t npaths, paths_cap;
	struct rule_store *store; /* their paths and origins (cli/policy/rules.c) */
	struct policy_port *ports;
	size_t nports, ports_cap;
	struct policy_env *env;
	size_t nenv, env_cap;
	struct policy_deny *denies;
	size_t ndenies, denies_cap;
	struct deny_state *deny_state; /* deny.c's: remade by each policy_build() */

	/* --config FILE (cli/config/apply.c): the files composed so far; once
	 * applied by policy_build(), the handled sets they allow. */
	struct llc_config *config;
	int config_have, config_applied;
	uint64_t config_handled[3]; /* per LB_KIND_FS, _NET, _SCOPE */

	/* Set by policy_resolve(): the program found on landbox's PATH. */
	char *program;
	int resolved;

	/* COMMAND's arguments (after COMMAND itself), for the ${ARGn}
	 * variables of profiles (cmdargs.h); set before any option is
	 * applied.  CMD_ARGS is NULL when there is no COMMAND. */
	char **cmd_args;
	int cmd_nargs;

	/* Profiles being loaded, outermost first (include cycle detection). */
	char *loading[16];
	int nloading;
	/* Set by profile.c while it applies an optional line ("ro? PATH"):
	 * the rules added meanwhile are optional. */
	int optional_line;

	/* --private-tmp (cli/privtmp.c): asked where, the TMPDIR entry it owns
	 * in ENV (index + 1, 0 for none), the rule it owns in PATHS (index + 1),
	 * and the directory of the current run (NULL between runs). */
	char *private_tmp_origin;
	size_t private_tmp_env, private_tmp_rule;
	char *private_tmp_dir;

	/* --profile auto (cli/programs.c): asked where (NULL: not asked), how
	 * many --env entries came before it (the profile's own entries are
	 * moved there), and whether the profile was chosen and loaded. */
	char *auto_origin;
	size_t auto_env_at;
	int auto_done;
};

/* ---- policy/model.c, policy/build.c: the policy -------------------------- */

/* strdup that exits with 125 when memory runs out (landbox has nothing to
 * clean up then). */
char *cli_xstrdup(const char *s);
/* realloc that exits with 125 the same way. */
void *cli_xrealloc(void *ptr, size_t n);

void policy_init(struct policy *p, enum personality persona);
void policy_free(struct policy *p);

/*
 * Parse run options from ARGV[0..ARGC-1] (ARGV[0] is the first option, not the
 * program name).  Stops at "--" or at the first argument that is not an
 * option: *CMD_INDEX receives the index of COMMAND (== ARGC if none).  Both
 * "--opt value" and "--opt=value" are accepted.  Returns 0, LB_EXIT_FAIL, or
 * -1 when --help/--version/--list-* printed what was asked (exit 0).
 * After parsing, the log level from the environment is applied if none was
 * given.
 */
int policy_parse_args(struct policy *p, int argc, char **argv, int *cmd_index);

/*
 * Options a sub-command adds to the run options (e.g. learn's -o FILE,
 * --force).  HANDLER gets CTX and the value (NULL for has_arg == 0) and
 * returns 0 or LB_EXIT_FAIL after printing an error.
 */
struct cli_extra_option {
	const char *name; /* long name without dashes, e.g. "output" */
	char short_name;  /* e.g. 'o', or 0 */
	int has_arg;
	int (*handler)(void *ctx, const char *value);
	const char *metavar; /* for help, e.g. "FILE" */
	const char *help;
};
/* A sub-command taking the run options plus its own: what its --help says. */
struct cli_subcommand {
	const char *usage;    /* "learn [OPTIONS] -o FILE ... -- COMMAND [ARG...]" */
	const char *about;    /* what it does, a paragraph (wrapped by hand) */
	const char *epilogue; /* after the options (exit status ...), or NULL */
	const struct cli_extra_option *options; /* its own, terminated by a NULL name */
};
/*
 * policy_parse_args() also accepting SUB's options; --help and -h print
 * SUB's help (its usage, its options, then the run options it accepts).
 */
int policy_parse_args_ext(struct policy *p, int argc, char **argv, int *cmd_index,
			  const struct cli_subcommand *sub, void *ctx);

/*
 * Apply one option by name without dashes ("ro", "connect-tcp", ...), as the
 * command line and profile lines do.  VALUE is NULL for options without an
 * argument.  ORIGIN names where it came from ("--ro", "my.profile:3").
 */
int policy_apply_option(struct policy *p, const char *name, const char *value, const char *origin);

/* Add one path rule (no comma splitting): OPTION names the kind of rule
 * ("ro", "rox", "config" ...); ORIGIN is copied. */
int policy_add_path_ext(struct policy *p, const char *path, uint64_t rights, const char *option,
			const char *origin, enum rule_source source);
/* Add one port rule: NET_RIGHT is one LB_NET_* right; PORT 0..65535;
 * OPTION ("bind-tcp" ..., a string that outlives P) NULL for "port". */
int policy_add_port(struct policy *p, uint64_t net_right, unsigned port, const char *option,
		    const char *origin);

/*
 * Find COMMAND on landbox's own PATH (not the child's environment) and store
 * it in p->program; then apply --add-exec and --ldd (rules with
 * SOURCE_ADD_EXEC / SOURCE_LDD).  Idempotent.  Returns 0, LB_EXIT_NOTFOUND
 * or LB_EXIT_NOEXEC (message printed), or LB_EXIT_FAIL.
 */
int policy_resolve(struct policy *p, const char *command);

/*
 * Build an lb_sandbox from P: handled sets, compatibility levels (what must
 * be enforced), path and port rules, log flags (plus EXTRA_FLAGS, e.g.
 * LB_LOG_NEW_EXEC_ON for --explain).  Nothing is enforced.  The optional
 * rules this kernel cannot use are left out (their `skip` says why; the
 * others' is SKIP_NONE, and each rule kept is the next lb_rule_get() index,
 * paths first).  Returns 0 and *OUT, or LB_EXIT_FAIL (message printed; a
 * missing path names it).
 */
int policy_build(struct policy *p, uint64_t extra_flags, struct lb_sandbox **out);
/* Why an optional rule of KIND with RIGHTS was left out, for messages. */
void policy_skip_reason(enum rule_skip skip, enum lb_kind kind, uint64_t rights, char *buf,
			size_t len);

/*
 * Check SB against this kernel as run does before forking: refuse (message
 * naming the feature and the ABI it needs) or print the one warning line of
 * what cannot be restricted.  Fills STATUS.  Returns 0 or LB_EXIT_FAIL.
 */
int policy_check(const struct policy *p, struct lb_sandbox *sb, struct lb_status *status);

/* Apply LANDBOX_LOG_LEVEL / LANDRUN_LOG_LEVEL unless --log-level was given. */
void policy_env_log_level(struct policy *p);

/* The PATH COMMAND gets when nothing else gives it one (not under landrun). */
#define CLI_DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"
/* The environment for COMMAND (NULL-terminated, malloc'ed; free with free()):
 * --keep-env, then --env; without --keep-env, PATH=CLI_DEFAULT_PATH if --env
 * set no PATH, unless --clear-env or the landrun personality. */
char **policy_environ(const struct policy *p);

/* ---- policy/rules.c: how path rules are kept ----------------------------- */

/* Room for policy_path_origin(): a file name and ":LINE". */
#define POLICY_ORIGIN_MAX 4200
/* Where R came from ("--ro", "my.profile:3"): R's own, or formatted in BUF. */
const char *policy_path_origin(const struct policy_path *r, char *buf, size_t len);
void policy_path_set_origin(struct policy_path *r, const char *origin);
/* The interned part of R's origin: the whole of it, or FILE of FILE:LINE. */
const char *policy_path_from(const struct policy_path *r);
/* The option R was given with, without dashes ("ro", "rox", "unix", ...). */
const char *policy_path_option(const struct policy_path *r);
void policy_path_set_option(struct policy_path *r, const char *option);
/* A copy of S that lives as long as P's rules (policy_free()). */
char *policy_strdup(struct policy *p, const char *s);
/* Room for one more path rule at the end of P->paths (zeroed). */
struct policy_path *policy_path_new(struct policy *p);
/* Free P's path rules. */
void policy_rules_free(struct policy *p);

/* ---- policy/options.c: THE option table ---------------------------------- */

enum opt_arg {
	ARG_NONE = 0, /* flag */
	ARG_PATHS,    /* comma-separated paths */
	ARG_PORTS,    /* comma-separated ports 0-65535 */
	ARG_STRING,   /* one value */
	ARG_OPTIONAL, /* a flag that may take a value, as --NAME=VALUE only */
};

/* Option flags. */
#define OPT_CLI_ONLY (1u << 0) /* not valid in a profile (help, dry-run, ...) */
#define OPT_HIDDEN   (1u << 1) /* not shown by --help */
#define OPT_NO_RUN   (1u << 2) /* top-level only (--list-options ...) */
#define OPT_PROFILE  (1u << 3) /* only in a profile ("programs") */

struct cli_option {
	const char *name; /* without dashes: "ro" */
	enum opt_arg arg;
	unsigned flags;	     /* OPT_* */
	const char *metavar; /* "PATH[,PATH...]" */
	uint64_t rights;     /* fs rights (ARG_PATHS) or one net right (ARG_PORTS) */
	const char *help;
	/* Applies VALUE (NULL for ARG_NONE) from ORIGIN to P; 0 or an exit status. */
	int (*handler)(struct policy *p, const struct cli_option *o, const char *value,
		       const char *origin);
	/* List options only (comma-separated values): applies ONE element.
	 * HANDLER splits a command-line value and calls it for each. */
	int (*item)(struct policy *p, const struct cli_option *o, const char *value,
		    const char *origin);
};

/* The table, terminated by a NULL name. */
extern const struct cli_option cli_options[];
const struct cli_option *cli_option_find(const char *name);
/* The name of the option of kind ARG whose rights are exactly RIGHTS; NULL if none. */
const char *cli_option_of_rights(uint64_t rights, enum opt_arg arg);
/*
 * Call EACH for every element of the comma-separated LIST of the list option
 * O (empty elements and elements of 4096 bytes or more are errors naming O
 * and ORIGIN).  The one place a list is split: the command line splits a
 * value, a profile line its literal text (then expands each element).
 */
int cli_option_split(struct policy *p, const struct cli_option *o, const char *list,
		     const char *origin,
		     int (*each)(struct policy *, const struct cli_option *, const char *,
				 const char *));
/*
 * Apply ONE element of a list option (one with an ITEM function: paths,
 * ports, address families) without splitting it at commas: a profile line
 * splits its literal text and hands each element here after replacing its
 * variables, so that a variable is always one element whatever it holds.
 * Other options get ITEM as their whole value.
 */
int cli_option_item(struct policy *p, const struct cli_option *o, const char *item,
		    const char *origin);

/* --help text for `landbox run` (and the global help), to OUT. */
void cli_print_help(FILE *out, const char *prog);
/* The overview of the sub-commands, one line each (the top of --help, and
 * after a usage error). */
void cli_print_usage(FILE *out, const char *prog);
/* --help text of a sub-command with its own options (`landbox learn --help`). */
void cli_print_sub_help(FILE *out, const struct cli_subcommand *sub);
/* `landbox --list-options`: every option --help shows, one "--name" a line. */
void cli_list_options(FILE *out);

/* ---- suggest.c: "did you mean" ------------------------------------------- */

/* The option (name without dashes) of the table, or of SUB, that NAME is
 * probably a typo of; NULL if none is close. */
const char *cli_nearest_option(const char *name, const struct cli_subcommand *sub);
/* The same among WORDS (NULL-terminated), e.g. the sub-commands. */
const char *cli_nearest_word(const char *word, const char *const *words);

/* ---- policy/profile.c: profiles ------------------------------------------ */

/* Built-in profiles, compiled from profiles/NAME.profile (generated file). */
struct builtin_profile {
	const char *name; /* "base" */
	const char *text;
};
extern const struct builtin_profile builtin_profiles[]; /* NULL-terminated */

/*
 * Load profile NAME (a path, a user or system profile, or a built-in) into
 * P, applying each line through the option table.  ORIGIN names the option
 * or include line that asked for it (for messages).  Returns 0 or
 * LB_EXIT_FAIL with "landbox: FILE:LINE: message" printed.
 */
int profile_load(struct policy *p, const char *name, const char *origin);
/* `landbox --list-profiles`. */
void profile_list(FILE *out);
/*
 * Call VISIT for every profile --profile NAME can find, in search order
 * (user, system, built-in, installed), each NAME once (the one that
 * --profile NAME would load): its name, where it is ("built-in" or its
 * file) and its text.  Stops when VISIT returns non-zero, and returns that.
 */
int profile_foreach(int (*visit)(void *ctx, const char *name, const char *where, const char *text),
		    void *ctx);

/* ---- programs.c: program profiles and --profile auto ---------------------- */

/* "--profile auto" (or "include auto") from ORIGIN: choose when COMMAND is known. */
int programs_auto_request(struct policy *p, const char *origin);
/*
 * Load the profile whose "programs" line claims COMMAND (as typed, then the
 * program PROGRAM it resolved to) if --profile auto was asked; says which
 * at --log-level info.  Returns 0, or LB_EXIT_FAIL listing the program
 * profiles when none claims it.
 */
int programs_auto_apply(struct policy *p, const char *command, const char *program);
/* The "programs" line of TEXT, or NULL: its patterns, into BUF. */
const char *programs_of(const char *text, char *buf, size_t len);

/* ---- privtmp.c: --private-tmp --------------------------------------------- */

/* Make the run's private temporary directory, grant it, set TMPDIR (no-op
 * without --private-tmp).  0 or LB_EXIT_FAIL after a message. */
int privtmp_make(struct policy *p);
/* Remove it and everything in it, without following a link (no-op if none). */
void privtmp_remove(struct policy *p);
/* --dry-run: what --private-tmp will do, instead of making the directory. */
void privtmp_dry(struct policy *p);

/* ---- enter.c: entering the sandbox (between fork and exec) ---------------- */

/* What failed before COMMAND could be executed (reported, then exit 125/126/127). */
enum entry_stage {
	STAGE_NONE = 0,
	STAGE_NNP,	/* no_new_privs could not be set */
	STAGE_SESSION,	/* detaching from the controlling terminal failed */
	STAGE_CAPS,	/* a capability could not be dropped */
	STAGE_RESTRICT, /* lb_restrict_child failed */
	STAGE_SECCOMP,	/* the seccomp filter could not be installed */
	STAGE_CHDIR,	/* --chdir failed */
	STAGE_EXEC,	/* execve failed */
};

/* Decided before the sandbox, by entry_plan(); read by entry_enter(). */
struct sandbox_entry {
	int tty_fd;	    /* the controlling terminal to detach from (TIOCNOTTY), or -1 */
	int session_leader; /* landbox leads that terminal's session: must fork */
	int drop_caps;	    /* some capability is held and no --keep-caps */
	int drop_bounding;  /* CAP_SETPCAP is held: empty the bounding set too */
	int raise_setpcap;  /* ... but not effective: make it so first */
	uint64_t bounding;  /* the permitted set, dropped from the bounding set unasked */
	/* lb_restrict_child sets no_new_privs itself, with the domain (ABI 11:
	 * flag.no_new_privs in the prepared status); else a prctl does, first. */
	int nnp_by_landlock;
	/* The seccomp layer (seccomp.c), prepared, installed after Landlock; or
	 * NULL.  Set by the caller after entry_plan(); entry_release() frees it. */
	struct lb_seccomp *filter;
};

/*
 * Fill E for the options --same-session and --keep-caps (opens /dev/tty and
 * may read /proc: before the sandbox).  entry_release() closes what it
 * opened and frees E->filter, in a process that is not about to exec.
 */
void entry_plan(struct sandbox_entry *e, int same_session, int keep_caps);
void entry_release(struct sandbox_entry *e);
/*
 * In the process about to exec COMMAND (a vfork child or landbox itself):
 * no_new_privs, detach from the controlling terminal, drop the capabilities,
 * restrict with SB (prepared with lb_prepare; NULL: no Landlock), install
 * E->filter.  System
 * calls only; must not run in a session leader that has a terminal to
 * detach from.  Returns 0, or the STAGE_* that failed with its errno in
 * *ERR; the caller must not exec then.
 */
int entry_enter(const struct sandbox_entry *e, const struct lb_sandbox *sb, int *err);
/* "cannot drop capabilities", ... for messages. */
const char *entry_stage_name(int stage);

/* ---- run.c: running COMMAND ---------------------------------------------- */

struct run_result {
	int status;	/* landbox's exit status: COMMAND's own, 128+N, 125, 126, 127 */
	int ran;	/* COMMAND was executed (exec succeeded) */
	int wstatus;	/* wait status, valid when ran */
	int exec_errno; /* errno of the failed execve, when !ran and status is 126/127 */
	pid_t pid;	/* the child, for explain */
	int sandboxed;	/* landbox itself is in the sandbox (exec in place failed) */
};

/*
 * Run CMD_ARGV under P: policy_resolve() if not done yet, policy_build(),
 * policy_check(), then fork; the child enters the sandbox (entry_enter(),
 * with LB_LOG_NEW_EXEC_ON added when EX is not NULL), and execs p->program with
 * CMD_ARGV and policy_environ(); failures are reported to the parent over a
 * close-on-exec pipe.  The parent forwards SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT to the child and waits (explain_wait() when EX is not NULL).
 * Returns 0 and fills RES (RES->status is the exit status to use), or an
 * exit status when nothing was run (message printed).
 */
int run_spawn(struct policy *p, char **cmd_argv, struct explain *ex, struct run_result *res);

/* Print the effective policy on this kernel (--dry-run). */
int run_dry(struct policy *p, char **cmd_argv);

/*
 * Fork; the child (signals as landbox found them) calls FN(ARG), which must
 * exec or _exit.  The parent forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * and waits.  Returns the child's exit status or 128+N, or -1 after a
 * message (fork or wait failed).
 */
int run_forked(void (*fn)(void *), void *arg);

/* ---- seccomp.c: closing what Landlock cannot ------------------------------ */

/*
 * What the seccomp filter of P closes on a kernel of ABI, and for each hole
 * left open, why (an option, --unrestricted-network, Landlock ABI 10 ...).
 */
struct holes_plan {
	uint32_t closed;	       /* LB_HOLE_* the filter closes */
	uint32_t unavailable;	       /* would close, but this kernel has no seccomp filters */
	uint64_t families;	       /* AF_* bits kept open by --allow-socket */
	char why_open[HOLES_MAX][160]; /* per bit position, "" for a closed hole */
};
void holes_plan(const struct policy *p, int abi, struct holes_plan *out);
/*
 * The prepared filter for PLAN (NULL when it closes nothing).  Refuses
 * (LB_EXIT_FAIL, message) when this kernel cannot install seccomp filters,
 * unless --best-effort (then a loud warning and NULL).
 */
int holes_filter(const struct policy *p, const struct holes_plan *plan, struct lb_seccomp **out);
/* The child's step after Landlock: install F (may be NULL); 0 or -errno. */
int holes_install_child(const struct lb_seccomp *f);
/* --dry-run: the filter, each hole closed or open and the option that opens it. */
void holes_print(const struct policy *p, const struct holes_plan *plan);
/* --log-level info: one line naming the holes the filter closes. */
void holes_info(const struct holes_plan *plan);
/* `landbox status`: seccomp's availability and what landbox closes by default. */
void holes_status(void);
/*
 * The address family NAME ("netlink", "vsock", a number 0-63): its AF_*
 * number, or -1.  holes_family_names() lists the names for messages.
 */
int holes_family(const char *name);
const char *holes_family_names(void);

/* ---- sub-commands ------------------------------------------------------- */

int cmd_run(int argc, char **argv, enum personality persona);
int cmd_status(int argc, char **argv);
int cmd_sandboxer(int argc, char **argv, const char *prog);
/*
 * The sandbox the kernel sample's LL_* variables describe, for a kernel of
 * Landlock ABI ABI, into *OUT, and the network rights it handles into *NET
 * (if NET); the variables are removed from the environment.  Returns 0, or 1
 * after a message.  Neither restricts nor executes anything: cmd_sandboxer()
 * does (and the fuzz target does not).
 */
int sandboxer_policy(int abi, struct lb_sandbox **out, uint64_t *net);

/* ---- messages.c ----------------------------------------------------------- */

extern enum log_level cli_log_level;
extern const char *cli_prog; /* "landbox" (or "landrun") for messages */
/* Microseconds since main() began: landbox's own time, for --log-level debug
 * (make bench reads it). */
long cli_elapsed_us(void);
void cli_clock_start(void);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * IN into OUT (LEN bytes, always terminated) with what must not reach a
 * terminal made visible: control characters as \n, \t, \r or \xNN, bytes
 * that are not UTF-8 and C1 controls as \xNN.  Cut where OUT is full.
 * Every message above goes through it.  Returns the length written.
 */
size_t cli_escape(const char *in, char *out, size_t len);
/*
 * One line of output on OUT, formatted as printf does, escaped as
 * cli_escape() does, then a newline: for the lines of --dry-run, status,
 * config show and --list-profiles that quote what the user gave (paths,
 * profile names, origins, variables), so that none reaches the terminal raw.
 */
void cli_out(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * S as a quoted JSON string, also valid as a TOML basic string: '"' and '\'
 * escaped, every control (C0, DEL and the C1 range U+0080..U+009F) as
 * \uXXXX, so that no output of landbox carries a raw control.  DOLLARS
 * doubles '$' (the landlockconfig format's variables).
 */
void cli_json_string(FILE *out, const char *s, int dollars);

/* ABI -> first Linux release ("6.7"), for messages; "?" when unknown. */
const char *cli_abi_linux(int abi);

#ifdef LB_TESTING
/* tests/hooks/testhooks.c, linked into the test build only: LANDBOX_TEST_ABI;
 * 0 or -1 after a message. */
int cli_test_setup(void);
#endif
#ifdef LB_FUZZING
/* learn.c: `landbox learn`'s option parsing alone, for tests/fuzz. */
int learn_parse_args(struct policy *p, int argc, char **argv, int *cmd_index);
#endif

#endif /* LANDBOX_CLI_H */
