/* SPDX-License-Identifier: MIT */
/* config.h - landlockconfig, the Landlock maintainers' configuration format
 * (JSON and TOML), read and written by landbox.
 *
 * The layers, each depending only on the ones before it:
 *   tree.c     the document tree both parsers produce (values with lines)
 *   toml.c     a strict TOML 1.0 reader (no C TOML library in Debian 12)
 *   json.c     JSON through libjansson, loaded with dlopen when first needed
 *   model.c    one file's configuration, composition of several, resolution
 *              into the effective ruleset, and loading files and directories
 *   show.c     `landbox config show`
 *   apply.c    `landbox run --config`: the effective ruleset into a policy
 *   export.c   `landbox config export`: a policy written as landlockconfig
 *   command.c  the `config` sub-command
 *   llconfig.c the `llconfig` personality
 */
#ifndef LANDBOX_CONFIG_H
#define LANDBOX_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct policy;

/* ---- tree.c: the document tree --------------------------------------------- */

enum cfg_type {
	CFG_NULL = 0,
	CFG_BOOL,
	CFG_INT,
	CFG_FLOAT,
	CFG_STRING,
	CFG_DATETIME, /* TOML only; kept as its text */
	CFG_ARRAY,
	CFG_OBJECT, /* a JSON object or a TOML table */
};

/* TOML bookkeeping of a table or array (what may still be added to it). */
#define CFG_F_DEFINED  (1u << 0) /* [table] header seen */
#define CFG_F_IMPLICIT (1u << 1) /* created as the parent of a header */
#define CFG_F_DOTTED   (1u << 2) /* created by a dotted key */
#define CFG_F_FROZEN   (1u << 3) /* inline table or array value: complete */
#define CFG_F_AOT      (1u << 4) /* array of tables ([[header]]) */

struct cfg_value {
	enum cfg_type type;
	int line; /* 1-based line of the value's first character */
	unsigned flags;
	int64_t i;	  /* CFG_INT, CFG_BOOL */
	double f;	  /* CFG_FLOAT */
	char *s;	  /* CFG_STRING, CFG_DATETIME: NUL-terminated copy */
	size_t len;	  /* its length (a TOML or JSON string may hold a NUL) */
	char **keys;	  /* CFG_OBJECT: the keys, in document order (parallel to items) */
	size_t *key_lens; /* their lengths (a key may hold a NUL) */
	int *key_lines;
	struct cfg_value **items; /* CFG_ARRAY, CFG_OBJECT */
	size_t n, cap;
};

struct cfg_value *cfg_new(enum cfg_type type, int line);
void cfg_free(struct cfg_value *v);
/* Append ITEM (and KEY, copied, for an object); -1 when memory runs out. */
int cfg_append(struct cfg_value *parent, const char *key, size_t keylen, int key_line,
	       struct cfg_value *item);
/* The member KEY of an object, or NULL. */
struct cfg_value *cfg_get(const struct cfg_value *obj, const char *key, size_t keylen);
const char *cfg_type_name(enum cfg_type type);

/* ---- toml.c, json.c: the parsers ------------------------------------------ */

/*
 * Parse TEXT (LEN bytes) into *OUT.  On error, returns -1 with *ERR_LINE
 * (0 when no line applies) and ERR (LEN bytes) telling what is wrong.
 */
int toml_parse(const char *text, size_t len, struct cfg_value **out, int *err_line, char *err,
	       size_t errlen);
int json_parse(const char *text, size_t len, struct cfg_value **out, int *err_line, char *err,
	       size_t errlen);

/* ---- model.c: configurations ----------------------------------------------- */

enum llc_format { LLC_AUTO = 0, LLC_JSON, LLC_TOML };

/* The newest Landlock ABI the format has names for (abi.all stops there). */
#define LLC_FORMAT_ABI 6
/*
 * landbox's proposed extension for ABI 7-10 (landlockconfig issue 78), off
 * unless asked for (config show --abi-extensions, run --config-ext, config
 * export --abi-extensions): the names resolve_unix (fs), bind_udp and
 * connect_send_udp (net), and abi.all expanding up to the newest ABI landbox
 * knows.  Files using it are not read by llconfig.
 */
extern int llc_extensions;

struct llc_token {
	int var;    /* 1: ${name}; 0: text */
	char *text; /* the name, or the text */
};

struct llc_path_rule {
	struct llc_token *tokens; /* the parent as a template */
	size_t ntokens;
	char *key;	 /* tokens encoded: rules with equal keys merge */
	uint64_t rights; /* LB_FS_* */
	char *origin;	 /* "FILE:LINE" of the first rule */
};

struct llc_port_rule {
	uint64_t port;
	uint64_t rights; /* LB_NET_* */
	char *origin;
};

struct llc_var {
	char *name;
	char **values; /* sorted, distinct */
	size_t n;
};

struct llc_config {
	int has_abi;
	int64_t abi;
	uint64_t handled_fs, handled_net, scoped;
	struct llc_var *vars;
	size_t nvars;
	struct llc_path_rule *paths;
	size_t npaths;
	struct llc_port_rule *ports;
	size_t nports;
	char *origin; /* the first file (for messages) */
};

/* A resolved path rule: the path as written after expansion, normalised. */
struct llc_path {
	char *path;
	uint64_t rights;
	char *origin;
	size_t seq; /* expansion order: which origin merged paths keep */
};

struct llc_effective {
	int has_abi;
	int64_t abi;
	uint64_t handled_fs, handled_net, scoped;
	struct llc_path *paths; /* sorted by path */
	size_t npaths;
	struct llc_port_rule *ports; /* sorted by port */
	size_t nports;
};

void llc_config_free(struct llc_config *c);
void llc_effective_free(struct llc_effective *e);

/*
 * Build one file's configuration from its tree.  NAME is the file name for
 * messages.  Returns 0, or -1 after printing "landbox: NAME:LINE: message".
 */
int llc_from_tree(const struct cfg_value *root, const char *name, enum llc_format format,
		  struct llc_config *out);
/* Compose OTHER into ACC (landlockconfig's intersection). */
int llc_compose(struct llc_config *acc, const struct llc_config *other);
/* Expand variables; 0, or -1 after a message naming the rule. */
int llc_resolve(const struct llc_config *c, struct llc_effective *out);

/*
 * Read the file, directory or "-" PATH in FORMAT (LLC_AUTO: by extension;
 * a directory needs a format: its *.json or *.toml files, as llconfig)
 * and compose it into ACC (*HAVE says whether ACC holds one already).
 * Returns 0, or -1 after a message.
 */
int llc_load(const char *path, enum llc_format format, struct llc_config *acc, int *have);

/* The right names of the format for a kind ("execute", ...), for output. */
int llc_format_rights(int kind, uint64_t bits, const char *sep, const char *quote, char *buf,
		      size_t len);

/* ---- show.c, apply.c, export.c, llconfig.c -------------------------------- */

/* `landbox config SUB ...` (command.c): show or export. */
int cmd_config(int argc, char **argv);
int config_show(int argc, char **argv);
int config_export(int argc, char **argv);
/* The `llconfig` personality: `llconfig run [--json F]... [--toml F]... COMMAND`. */
int cmd_llconfig(int argc, char **argv);

/*
 * `run --config FILE`: load FILE (format by extension, "-" is JSON on
 * standard input unless the name says otherwise), resolve it and add its
 * rules and handled sets to P.  Returns 0 or LB_EXIT_FAIL.
 */
int config_apply(struct policy *p, const char *path, enum llc_format format, const char *origin);
/* At policy_build(): the composed files' rules and handled sets into P
 * (once).  0 or LB_EXIT_FAIL. */
int config_finish(struct policy *p);
/* policy_free(): the configuration files' memory. */
void config_release(struct policy *p);

#endif
