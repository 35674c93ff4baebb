// SPDX-License-Identifier: MIT
/* model.c - landlockconfig's meaning: one file's configuration read from
 * the document tree (either format), several composed by intersection,
 * variables expanded into the effective ruleset, and files and directories
 * loaded as llconfig loads them.
 *
 * The rules of the format, as its conformance data pins them down:
 * - handled rights are declared in `ruleset` items and grow with the rights
 *   the path and port rules grant;
 * - abi.all, abi.read_execute and abi.read_write need the top-level `abi`
 *   and expand to that ABI's rights (at most ABI 6, the newest the format
 *   names);
 * - rules on the same target (before expansion) merge; after expansion,
 *   paths equal once normalised merge too;
 * - `${name}` expands to every value of the variable (declarations of one
 *   name, also across files, add up); `$$` is a dollar; an undeclared
 *   variable is an error when the configuration is resolved;
 * - composing keeps the handled rights both sides have, cuts every rule to
 *   them, and keeps the lowest abi;
 * - unknown keys, empty arrays and wrong types are errors, as are ports
 *   above 65535 and anything but an object at the top. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

/* A configuration file larger than this is refused (they are a few KB). */
#define LLC_MAX_FILE (16u << 20)

/* ---- right names ------------------------------------------------------------ */

/* Indexed by bit; the names past the format's own (ABI 9 and 10) are
 * landbox's proposed extension, read and written only when asked
 * (llc_extensions). */
static const char *const fs_names[] = {
    "execute",	 "write_file", "read_file", "read_dir",	 "remove_dir",	 "remove_file",
    "make_char", "make_dir",   "make_reg",  "make_sock", "make_fifo",	 "make_block",
    "make_sym",	 "refer",      "truncate",  "ioctl_dev", "resolve_unix", NULL,
};
static const char *const net_names[] = {"bind_tcp", "connect_tcp", "bind_udp", "connect_send_udp",
					NULL};
#define FS_FORMAT_BITS	16 /* fs_names the format itself has */
#define NET_FORMAT_BITS 2

int llc_extensions;

/* Whether the name of bit B of KIND may be read. */
static int name_allowed(int kind, int b)
{
	if (llc_extensions)
		return 1;
	return kind == LB_KIND_FS    ? b < FS_FORMAT_BITS
	       : kind == LB_KIND_NET ? b < NET_FORMAT_BITS
				     : 1;
}
static const char *const scope_names[] = {"abstract_unix_socket", "signal", NULL};

static const char *const *names_of(int kind)
{
	return kind == LB_KIND_FS ? fs_names : kind == LB_KIND_NET ? net_names : scope_names;
}

int llc_format_rights(int kind, uint64_t bits, const char *sep, const char *quote, char *buf,
		      size_t len)
{
	const char *const *names = names_of(kind);
	size_t used = 0;
	int first = 1;

	if (len)
		buf[0] = '\0';
	for (int i = 0; names[i]; i++) {
		if (!(bits & (UINT64_C(1) << i)))
			continue;
		const int n = snprintf(buf + used, len > used ? len - used : 0, "%s%s%s%s",
				       first ? "" : sep, quote, names[i], quote);
		if (n < 0 || used + (size_t)n >= len)
			return -1;
		used += (size_t)n;
		first = 0;
	}
	return 0;
}

/* ---- messages ------------------------------------------------------------------ */

static int bad(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		cli_error("%s:%d: %s", file, line, msg);
	else
		cli_error("%s: %s", file, msg);
	return -1;
}

static int oom(const char *file)
{
	return bad(file, 0, "out of memory");
}

/* ---- reading one file's tree ----------------------------------------------------- */

/* The key names of each format. */
struct keys {
	const char *path_beneath, *net_port, *handled_fs, *handled_net, *allowed;
};
static const struct keys json_keys = {"pathBeneath", "netPort", "handledAccessFs",
				      "handledAccessNet", "allowedAccess"};
static const struct keys toml_keys = {"path_beneath", "net_port", "handled_access_fs",
				      "handled_access_net", "allowed_access"};

struct reader {
	const char *file;
	const struct keys *k;
	int has_abi;
	int64_t abi;
	struct llc_config *c;
};

/* Member KEY of OBJ; JSON null counts as absent (as upstream reads it). */
static const struct cfg_value *member(const struct cfg_value *obj, const char *key)
{
	const struct cfg_value *v = cfg_get(obj, key, strlen(key));

	return v && v->type != CFG_NULL ? v : NULL;
}

/* Every key of OBJ must be one of ALLOWED (NULL-terminated). */
static int known_keys(const struct reader *r, const struct cfg_value *obj, const char *where,
		      const char *const *allowed)
{
	for (size_t i = 0; i < obj->n; i++) {
		int ok = 0;
		for (size_t j = 0; allowed[j]; j++)
			ok |= obj->key_lens[i] == strlen(allowed[j]) &&
			      !memcmp(obj->keys[i], allowed[j], obj->key_lens[i]);
		if (!ok) {
			char shown[256];
			(void)cli_escape(obj->keys[i], shown, sizeof(shown));
			return bad(r->file, obj->key_lines[i], "%s: unknown key '%s'", where,
				   shown);
		}
	}
	return 0;
}

/* V must be a non-empty array (of ITEM type, unless CFG_NULL). */
static int nonempty_array(const struct reader *r, const struct cfg_value *v, const char *name,
			  enum cfg_type item)
{
	if (v->type != CFG_ARRAY)
		return bad(r->file, v->line, "%s: expected an array, found %s", name,
			   cfg_type_name(v->type));
	if (!v->n)
		return bad(r->file, v->line, "%s: empty array (at least one element expected)",
			   name);
	for (size_t i = 0; item != CFG_NULL && i < v->n; i++) {
		if (v->items[i]->type != item)
			return bad(r->file, v->items[i]->line, "%s: expected %s, found %s", name,
				   cfg_type_name(item), cfg_type_name(v->items[i]->type));
		if (item == CFG_STRING && strlen(v->items[i]->s) != v->items[i]->len)
			return bad(r->file, v->items[i]->line, "%s: a string holds a NUL character",
				   name);
	}
	return 0;
}

/* The rights a list of access names grants for KIND (groups need abi). */
static int access_list(const struct reader *r, const struct cfg_value *v, const char *name,
		       int kind, uint64_t *out)
{
	const char *const *names = names_of(kind);
	const int top = llc_extensions ? LB_ABI_KNOWN : LLC_FORMAT_ABI;
	const int abi = r->has_abi ? (r->abi > top ? top : (int)r->abi) : 0;
	const uint64_t all = abi ? lb_abi_mask((enum lb_kind)kind, abi) : 0;

	*out = 0;
	if (nonempty_array(r, v, name, CFG_STRING))
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		const char *s = v->items[i]->s;
		int found = 0;
		for (int b = 0; names[b]; b++) {
			if (!strcmp(s, names[b]) && name_allowed(kind, b)) {
				*out |= UINT64_C(1) << b;
				found = 1;
			}
		}
		if (found)
			continue;
		int group = 0;
		if (!strcmp(s, "abi.all"))
			group = 1;
		else if (kind == LB_KIND_FS && !strcmp(s, "abi.read_execute"))
			group = 2;
		else if (kind == LB_KIND_FS && !strcmp(s, "abi.read_write"))
			group = 3;
		if (!group) {
			char shown[256];
			(void)cli_escape(s, shown, sizeof(shown));
			return bad(r->file, v->items[i]->line, "%s: unknown access right '%s'",
				   name, shown);
		}
		if (!r->has_abi)
			return bad(r->file, v->items[i]->line,
				   "%s: '%s' needs the top-level abi (the ABI it expands for)",
				   name, s);
		if (group == 1)
			*out |= all;
		else if (group == 2)
			*out |=
			    all & (LB_FS_EXECUTE | LB_FS_READ_FILE | LB_FS_READ_DIR | LB_FS_REFER);
		else
			*out |= all & ~LB_FS_EXECUTE;
	}
	return 0;
}

/* Variable names: an ASCII letter, then ASCII letters, digits and '_'. */
static const char *name_error(const char *s, size_t n)
{
	if (!n)
		return "empty variable name";
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return "invalid variable name (must start with an ASCII letter)";
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return "invalid variable name (ASCII letters, digits and '_' only)";
	return NULL;
}

static void tokens_free(struct llc_token *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].text);
	free(t);
}

static int push_token(struct llc_token **t, size_t *n, int var, const char *s, size_t len)
{
	if (!var && *n && !(*t)[*n - 1].var) { /* adjacent text joins */
		struct llc_token *last = &(*t)[*n - 1];
		const size_t old = strlen(last->text);
		char *p = realloc(last->text, old + len + 1);
		if (!p)
			return -1;
		memcpy(p + old, s, len);
		p[old + len] = '\0';
		last->text = p;
		return 0;
	}
	struct llc_token *nt = realloc(*t, (*n + 1) * sizeof(*nt));
	if (!nt)
		return -1;
	*t = nt;
	nt[*n].var = var;
	nt[*n].text = strndup(s, len);
	if (!nt[*n].text)
		return -1;
	(*n)++;
	return 0;
}

/* Split a parent into text and ${name} tokens ($$ is a dollar). */
static int parse_template(const struct reader *r, const struct cfg_value *v, struct llc_token **out,
			  size_t *nout)
{
	const char *s = v->s;
	size_t start = 0, i = 0;
	char shown[256];

	*out = NULL;
	*nout = 0;
	while (s[i]) {
		if (s[i] == '$' && s[i + 1] == '$') {
			if (push_token(out, nout, 0, s + start, i + 1 - start))
				goto oom;
			i += 2;
			start = i;
		} else if (s[i] == '$' && s[i + 1] == '{') {
			const char *close = strchr(s + i + 2, '}');
			(void)cli_escape(s, shown, sizeof(shown));
			if (!close) {
				bad(r->file, v->line, "parent '%s': unclosed variable reference",
				    shown);
				goto fail;
			}
			const size_t nlen = (size_t)(close - (s + i + 2));
			const char *why = name_error(s + i + 2, nlen);
			if (why) {
				bad(r->file, v->line, "parent '%s': %s", shown, why);
				goto fail;
			}
			if ((i > start && push_token(out, nout, 0, s + start, i - start)) ||
			    push_token(out, nout, 1, s + i + 2, nlen))
				goto oom;
			i += 3 + nlen;
			start = i;
		} else {
			i++;
		}
	}
	if (i > start && push_token(out, nout, 0, s + start, i - start))
		goto oom;
	return 0;
oom:
	oom(r->file);
fail:
	tokens_free(*out, *nout);
	*out = NULL;
	*nout = 0;
	return -1;
}

/* The template as a key: equal keys, equal templates. */
static char *template_key(const struct llc_token *t, size_t n)
{
	size_t len = 1;
	char *k, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(t[i].text) + 24;
	k = p = malloc(len);
	if (!k)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%c%zu:%s", t[i].var ? 'V' : 'T', strlen(t[i].text), t[i].text);
	return k;
}

/* "FILE:LINE" back into FILE (LEN bytes) and its line (0 if none). */
static int origin_split(const char *origin, char *file, size_t len)
{
	const char *colon = strrchr(origin, ':');

	(void)snprintf(file, len, "%.*s", colon ? (int)(colon - origin) : (int)strlen(origin),
		       origin);
	return colon ? (int)strtol(colon + 1, NULL, 10) : 0;
}

static char *origin_of(const char *file, int line)
{
	char buf[4096];

	(void)snprintf(buf, sizeof(buf), "%s:%d", file, line);
	return strdup(buf);
}

/* Add RIGHTS on the template (taken) to C, merging with an equal one. */
static int add_path_rule(struct llc_config *c, struct llc_token *t, size_t n, uint64_t rights,
			 const char *file, int line)
{
	char *key = template_key(t, n);

	if (!key)
		return -1;
	for (size_t i = 0; i < c->npaths; i++) {
		if (!strcmp(c->paths[i].key, key)) {
			c->paths[i].rights |= rights;
			free(key);
			tokens_free(t, n);
			return 0;
		}
	}
	struct llc_path_rule *np = realloc(c->paths, (c->npaths + 1) * sizeof(*np));
	if (!np) {
		free(key);
		return -1;
	}
	c->paths = np;
	np[c->npaths] = (struct llc_path_rule){.tokens = t,
					       .ntokens = n,
					       .key = key,
					       .rights = rights,
					       .origin = origin_of(file, line)};
	if (!np[c->npaths].origin)
		return -1;
	c->npaths++;
	return 0;
}

static int add_port_rule(struct llc_config *c, uint64_t port, uint64_t rights, const char *origin)
{
	for (size_t i = 0; i < c->nports; i++) {
		if (c->ports[i].port == port) {
			c->ports[i].rights |= rights;
			return 0;
		}
	}
	struct llc_port_rule *np = realloc(c->ports, (c->nports + 1) * sizeof(*np));
	if (!np)
		return -1;
	c->ports = np;
	np[c->nports] =
	    (struct llc_port_rule){.port = port, .rights = rights, .origin = strdup(origin)};
	if (!np[c->nports].origin)
		return -1;
	c->nports++;
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add VALUES to variable NAME of C (declarations of one name add up). */
static int add_var_values(struct llc_config *c, const char *name, char *const *values, size_t n)
{
	struct llc_var *v = NULL;

	for (size_t i = 0; i < c->nvars; i++)
		if (!strcmp(c->vars[i].name, name))
			v = &c->vars[i];
	if (!v) {
		struct llc_var *nv = realloc(c->vars, (c->nvars + 1) * sizeof(*nv));
		if (!nv)
			return -1;
		c->vars = nv;
		v = &nv[c->nvars];
		*v = (struct llc_var){.name = strdup(name)};
		if (!v->name)
			return -1;
		c->nvars++;
	}
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < v->n; j++)
			dup |= !strcmp(v->values[j], values[i]);
		if (dup)
			continue;
		char **nvals = realloc(v->values, (v->n + 1) * sizeof(*nvals));
		if (!nvals)
			return -1;
		v->values = nvals;
		if (!(nvals[v->n] = strdup(values[i])))
			return -1;
		v->n++;
	}
	if (v->n > 1)
		qsort(v->values, v->n, sizeof(*v->values), str_cmp);
	return 0;
}

static int read_variables(struct reader *r, const struct cfg_value *list)
{
	static const char *const allowed[] = {"name", "literal", NULL};

	if (nonempty_array(r, list, "variable", CFG_OBJECT))
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		const struct cfg_value *item = list->items[i];
		const struct cfg_value *name = member(item, "name"), *lit = member(item, "literal");
		if (known_keys(r, item, "variable", allowed))
			return -1;
		if (!name)
			return bad(r->file, item->line, "variable: missing key 'name'");
		if (name->type != CFG_STRING)
			return bad(r->file, name->line,
				   "variable: name: expected a string, found %s",
				   cfg_type_name(name->type));
		const char *why = name_error(name->s, name->len);
		if (why) {
			char shown[256];
			(void)cli_escape(name->s, shown, sizeof(shown));
			return bad(r->file, name->line, "variable '%s': %s", shown, why);
		}
		char **vals = NULL;
		size_t n = 0;
		if (lit) {
			if (nonempty_array(r, lit, "variable: literal", CFG_STRING))
				return -1;
			vals = calloc(lit->n, sizeof(*vals));
			if (!vals)
				return oom(r->file);
			for (; n < lit->n; n++)
				vals[n] = lit->items[n]->s;
		}
		const int ret = add_var_values(r->c, name->s, vals, n);
		free(vals);
		if (ret)
			return oom(r->file);
	}
	return 0;
}

static int read_rulesets(struct reader *r, const struct cfg_value *list)
{
	const char *const allowed[] = {r->k->handled_fs, r->k->handled_net, "scoped", NULL};
	const char *const keys[] = {r->k->handled_fs, r->k->handled_net, "scoped"};
	uint64_t *sets[] = {&r->c->handled_fs, &r->c->handled_net, &r->c->scoped};
	const int kinds[] = {LB_KIND_FS, LB_KIND_NET, LB_KIND_SCOPE};

	if (nonempty_array(r, list, "ruleset", CFG_OBJECT))
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		const struct cfg_value *item = list->items[i];
		int any = 0;
		if (known_keys(r, item, "ruleset", allowed))
			return -1;
		for (int k = 0; k < 3; k++) {
			const struct cfg_value *v = member(item, keys[k]);
			uint64_t bits;
			if (!v)
				continue;
			any = 1;
			if (access_list(r, v, keys[k], kinds[k], &bits))
				return -1;
			*sets[k] |= bits;
		}
		if (!any)
			return bad(r->file, item->line,
				   "ruleset: empty ruleset (handle %s, %s or "
				   "scoped)",
				   keys[0], keys[1]);
	}
	return 0;
}

/*
 * One item of a rule list WHERE: its access list (rights of KIND) and its
 * non-empty array TARGET of TYPE ("parent" paths or "port" numbers), and no
 * other key.
 */
static int rule_item(struct reader *r, const struct cfg_value *item, const char *where,
		     const char *target, int kind, enum cfg_type type, uint64_t *rights,
		     const struct cfg_value **list)
{
	const char *const allowed[] = {r->k->allowed, target, NULL};
	const struct cfg_value *acc = member(item, r->k->allowed);

	*rights = 0;
	*list = member(item, target);
	if (known_keys(r, item, where, allowed))
		return -1;
	if (!acc)
		return bad(r->file, item->line, "%s: missing key '%s'", where, r->k->allowed);
	if (!*list)
		return bad(r->file, item->line, "%s: missing key '%s'", where, target);
	if (access_list(r, acc, r->k->allowed, kind, rights) ||
	    nonempty_array(r, *list, target, type))
		return -1;
	return 0;
}

static int read_path_rules(struct reader *r, const struct cfg_value *list)
{
	const char *where = r->k->path_beneath;

	if (nonempty_array(r, list, where, CFG_OBJECT))
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		const struct cfg_value *parent;
		uint64_t rights;

		if (rule_item(r, list->items[i], where, "parent", LB_KIND_FS, CFG_STRING, &rights,
			      &parent))
			return -1;
		for (size_t j = 0; j < parent->n; j++) {
			struct llc_token *t;
			size_t n;
			if (parse_template(r, parent->items[j], &t, &n))
				return -1;
			if (!rights) {
				tokens_free(t, n);
				continue;
			}
			if (add_path_rule(r->c, t, n, rights, r->file, parent->items[j]->line)) {
				tokens_free(t, n);
				return oom(r->file);
			}
		}
		r->c->handled_fs |= rights;
	}
	return 0;
}

static int read_port_rules(struct reader *r, const struct cfg_value *list)
{
	const char *where = r->k->net_port;

	if (nonempty_array(r, list, where, CFG_OBJECT))
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		const struct cfg_value *port;
		uint64_t rights;

		if (rule_item(r, list->items[i], where, "port", LB_KIND_NET, CFG_INT, &rights,
			      &port))
			return -1;
		for (size_t j = 0; j < port->n; j++) {
			const struct cfg_value *p = port->items[j];
			if (p->i < 0 || p->i > 65535)
				return bad(r->file, p->line, "port %lld: out of range (0-65535)",
					   (long long)p->i);
			char origin[4096];
			(void)snprintf(origin, sizeof(origin), "%s:%d", r->file, p->line);
			if (rights && add_port_rule(r->c, (uint64_t)p->i, rights, origin))
				return oom(r->file);
		}
		r->c->handled_net |= rights;
	}
	return 0;
}

int llc_from_tree(const struct cfg_value *root, const char *name, enum llc_format format,
		  struct llc_config *out)
{
	struct reader r = {
	    .file = name, .k = format == LLC_TOML ? &toml_keys : &json_keys, .c = out};
	const char *const allowed[] = {"abi",	      "variable", "ruleset", r.k->path_beneath,
				       r.k->net_port, NULL};
	const struct cfg_value *v;

	memset(out, 0, sizeof(*out));
	if (!(out->origin = strdup(name)))
		return oom(name);
	if (root->type != CFG_OBJECT)
		return bad(name, root->line, "the configuration must be %s, not %s",
			   format == LLC_TOML ? "a table" : "an object", cfg_type_name(root->type));
	if (known_keys(&r, root, "configuration", allowed))
		return -1;
	if ((v = member(root, "abi"))) {
		if (v->type != CFG_INT)
			return bad(name, v->line, "abi: expected an integer, found %s",
				   cfg_type_name(v->type));
		if (v->i < 1 || v->i > INT32_MAX)
			return bad(name, v->line, "abi %lld: out of range (1 to 2^31 - 1)",
				   (long long)v->i);
		r.has_abi = out->has_abi = 1;
		r.abi = out->abi = v->i;
	}
	if (!member(root, "variable") && !member(root, "ruleset") &&
	    !member(root, r.k->path_beneath) && !member(root, r.k->net_port))
		return bad(name, 0, "empty configuration (no variable, ruleset, %s or %s)",
			   r.k->path_beneath, r.k->net_port);
	if ((v = member(root, "variable")) && read_variables(&r, v))
		return -1;
	if ((v = member(root, "ruleset")) && read_rulesets(&r, v))
		return -1;
	if ((v = member(root, r.k->path_beneath)) && read_path_rules(&r, v))
		return -1;
	if ((v = member(root, r.k->net_port)) && read_port_rules(&r, v))
		return -1;
	return 0;
}

void llc_config_free(struct llc_config *c)
{
	for (size_t i = 0; i < c->nvars; i++) {
		for (size_t j = 0; j < c->vars[i].n; j++)
			free(c->vars[i].values[j]);
		free(c->vars[i].values);
		free(c->vars[i].name);
	}
	free(c->vars);
	for (size_t i = 0; i < c->npaths; i++) {
		tokens_free(c->paths[i].tokens, c->paths[i].ntokens);
		free(c->paths[i].key);
		free(c->paths[i].origin);
	}
	free(c->paths);
	for (size_t i = 0; i < c->nports; i++)
		free(c->ports[i].origin);
	free(c->ports);
	free(c->origin);
	memset(c, 0, sizeof(*c));
}

void llc_effective_free(struct llc_effective *e)
{
	for (size_t i = 0; i < e->npaths; i++) {
		free(e->paths[i].path);
		free(e->paths[i].origin);
	}
	free(e->paths);
	for (size_t i = 0; i < e->nports; i++)
		free(e->ports[i].origin);
	free(e->ports);
	memset(e, 0, sizeof(*e));
}

/* ---- composing ----------------------------------------------------------------- */

static struct llc_token *tokens_dup(const struct llc_token *t, size_t n)
{
	struct llc_token *d = calloc(n ? n : 1, sizeof(*d));

	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		d[i].var = t[i].var;
		if (!(d[i].text = strdup(t[i].text))) {
			tokens_free(d, i);
			return NULL;
		}
	}
	return d;
}

int llc_compose(struct llc_config *acc, const struct llc_config *other)
{
	const uint64_t fs = acc->handled_fs & other->handled_fs;
	const uint64_t net = acc->handled_net & other->handled_net;
	size_t kept = 0;

	/* Cut ACC's rules to the common handled rights, dropping empty ones. */
	for (size_t i = 0; i < acc->npaths; i++) {
		acc->paths[i].rights &= fs;
		if (acc->paths[i].rights) {
			acc->paths[kept++] = acc->paths[i];
		} else {
			tokens_free(acc->paths[i].tokens, acc->paths[i].ntokens);
			free(acc->paths[i].key);
			free(acc->paths[i].origin);
		}
	}
	acc->npaths = kept;
	kept = 0;
	for (size_t i = 0; i < acc->nports; i++) {
		acc->ports[i].rights &= net;
		if (acc->ports[i].rights)
			acc->ports[kept++] = acc->ports[i];
		else
			free(acc->ports[i].origin);
	}
	acc->nports = kept;
	for (size_t i = 0; i < other->npaths; i++) {
		const struct llc_path_rule *o = &other->paths[i];
		if (!(o->rights & fs))
			continue;
		struct llc_token *t = tokens_dup(o->tokens, o->ntokens);
		char file[4096];
		const int line = origin_split(o->origin, file, sizeof(file));
		if (!t || add_path_rule(acc, t, o->ntokens, o->rights & fs, file, line)) {
			if (t)
				tokens_free(t, o->ntokens);
			return oom(other->origin);
		}
	}
	for (size_t i = 0; i < other->nports; i++)
		if ((other->ports[i].rights & net) &&
		    add_port_rule(acc, other->ports[i].port, other->ports[i].rights & net,
				  other->ports[i].origin))
			return oom(other->origin);
	for (size_t i = 0; i < other->nvars; i++)
		if (add_var_values(acc, other->vars[i].name, other->vars[i].values,
				   other->vars[i].n))
			return oom(other->origin);
	acc->handled_fs = fs;
	acc->handled_net = net;
	acc->scoped &= other->scoped;
	if (other->has_abi && (!acc->has_abi || other->abi < acc->abi)) {
		acc->has_abi = 1;
		acc->abi = other->abi;
	}
	return 0;
}

/* ---- resolving ------------------------------------------------------------------- */

/*
 * A path as Rust's Path compares it: repeated and trailing slashes and "."
 * components dropped (a leading "." kept), ".." kept.  Written in place.
 */
static void normalise(char *path)
{
	const int root = path[0] == '/';
	const int cur = path[0] == '.' && (path[1] == '/' || path[1] == '\0');
	char *out = path, *s = path;

	if (root)
		*out++ = '/';
	else if (cur) {
		*out++ = '.';
		s++;
	}
	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		const size_t n = strcspn(s, "/");
		if (!(n == 1 && s[0] == '.')) {
			if (out > path && out[-1] != '/')
				*out++ = '/';
			memmove(out, s, n);
			out += n;
		}
		s += n;
	}
	*out = '\0';
}

static int path_cmp(const void *a, const void *b)
{
	const struct llc_path *x = a, *y = b;
	const int c = strcmp(x->path, y->path);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int port_cmp(const void *a, const void *b)
{
	const uint64_t x = ((const struct llc_port_rule *)a)->port,
		       y = ((const struct llc_port_rule *)b)->port;
	return (x > y) - (x < y);
}

/* The number of paths the rules may expand to, to refuse an explosion. */
#define LLC_MAX_PATHS 100000

struct expansion {
	struct llc_effective *e;
	const struct llc_path_rule *rule;
	const struct llc_var **vars; /* per token: its variable, or NULL for text */
	char *buf;
	size_t cap;
	size_t cap_paths; /* allocated in e->paths */
};

/* Append PATH (normalised) with the rule's rights; duplicates are merged
 * once every rule is expanded (merge_paths), not searched for here. */
static int add_effective_path(struct expansion *x, const char *path)
{
	struct llc_effective *e = x->e;

	if (e->npaths >= LLC_MAX_PATHS)
		return 1;
	if (e->npaths == x->cap_paths) {
		const size_t cap = x->cap_paths ? x->cap_paths * 2 : 16;
		struct llc_path *np = realloc(e->paths, cap * sizeof(*np));
		if (!np)
			return -1;
		e->paths = np;
		x->cap_paths = cap;
	}
	struct llc_path *n = &e->paths[e->npaths];
	*n = (struct llc_path){.path = strdup(path),
			       .rights = x->rule->rights,
			       .origin = strdup(x->rule->origin),
			       .seq = e->npaths};
	if (!n->path || !n->origin) {
		free(n->path);
		free(n->origin);
		return -1;
	}
	normalise(n->path);
	e->npaths++;
	return 0;
}

/* Sort the paths and merge equal ones (rights add up; the first rule's
 * origin is kept). */
static void merge_paths(struct llc_effective *e)
{
	size_t kept = 0;

	if (e->npaths > 1)
		qsort(e->paths, e->npaths, sizeof(*e->paths), path_cmp);
	for (size_t i = 0; i < e->npaths; i++) {
		if (kept && !strcmp(e->paths[kept - 1].path, e->paths[i].path)) {
			e->paths[kept - 1].rights |= e->paths[i].rights;
			free(e->paths[i].path);
			free(e->paths[i].origin);
			continue;
		}
		e->paths[kept++] = e->paths[i];
	}
	e->npaths = kept;
}

/* Every combination of the values of the rule's variables, from token I on. */
static int expand(struct expansion *x, size_t i, size_t used)
{
	const struct llc_path_rule *r = x->rule;

	if (i == r->ntokens) {
		x->buf[used] = '\0';
		return add_effective_path(x, x->buf);
	}
	const size_t nvals = x->vars[i] ? x->vars[i]->n : 1;
	for (size_t v = 0; v < nvals; v++) {
		const char *s = x->vars[i] ? x->vars[i]->values[v] : r->tokens[i].text;
		const size_t n = strlen(s);
		if (used + n + 1 > x->cap) {
			size_t cap = x->cap * 2 + n + 1;
			char *b = realloc(x->buf, cap);
			if (!b)
				return -1;
			x->buf = b;
			x->cap = cap;
		}
		memcpy(x->buf + used, s, n);
		const int ret = expand(x, i + 1, used + n);
		if (ret)
			return ret;
	}
	return 0;
}

int llc_resolve(const struct llc_config *c, struct llc_effective *out)
{
	size_t cap_paths = 0; /* allocated in out->paths, across rules */

	memset(out, 0, sizeof(*out));
	out->has_abi = c->has_abi;
	out->abi = c->abi;
	out->handled_fs = c->handled_fs;
	out->handled_net = c->handled_net;
	out->scoped = c->scoped;
	for (size_t i = 0; i < c->npaths; i++) {
		const struct llc_path_rule *r = &c->paths[i];
		struct expansion x = {.e = out, .rule = r, .cap_paths = cap_paths};
		double combos = 1;
		x.vars = calloc(r->ntokens ? r->ntokens : 1, sizeof(const struct llc_var *));
		x.cap = 256;
		x.buf = malloc(x.cap);
		if (!x.vars || !x.buf) {
			free(x.vars);
			free(x.buf);
			return oom(c->origin);
		}
		for (size_t t = 0; t < r->ntokens; t++) {
			if (!r->tokens[t].var)
				continue;
			for (size_t v = 0; v < c->nvars; v++)
				if (!strcmp(c->vars[v].name, r->tokens[t].text))
					x.vars[t] = &c->vars[v];
			if (!x.vars[t]) {
				free(x.vars);
				free(x.buf);
				char file[4096];
				const int line = origin_split(r->origin, file, sizeof(file));
				return bad(file, line, "variable '%s' is not declared",
					   r->tokens[t].text);
			}
			combos *= (double)x.vars[t]->n;
		}
		int ret = combos > LLC_MAX_PATHS ? 1 : expand(&x, 0, 0);
		cap_paths = x.cap_paths;
		free(x.vars);
		free(x.buf);
		if (ret > 0)
			return bad(r->origin, 0, "the variables expand to more than %d paths",
				   LLC_MAX_PATHS);
		if (ret)
			return oom(c->origin);
	}
	merge_paths(out);
	if (c->nports) {
		out->ports = calloc(c->nports, sizeof(*out->ports));
		if (!out->ports)
			return oom(c->origin);
		for (size_t i = 0; i < c->nports; i++) {
			out->ports[i] = c->ports[i];
			if (!(out->ports[i].origin = strdup(c->ports[i].origin)))
				return oom(c->origin);
			out->nports = i + 1;
		}
		qsort(out->ports, out->nports, sizeof(*out->ports), port_cmp);
	}
	return 0;
}

/* ---- loading files and directories ----------------------------------------------- */

/* Read all of FD (at most LLC_MAX_FILE bytes) into *OUT. */
static int read_all(int fd, const char *name, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return oom(name);
	for (;;) {
		if (n == cap) {
			if (cap >= LLC_MAX_FILE) {
				free(buf);
				return bad(name, 0, "too large (more than %u MiB)",
					   LLC_MAX_FILE >> 20);
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return oom(name);
			}
			buf = nb;
			cap *= 2;
		}
		const ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			const int err = errno;
			free(buf);
			return bad(name, 0, "cannot read: %s", strerror(err));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

static enum llc_format format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return LLC_AUTO;
	if (!strcmp(dot, ".json"))
		return LLC_JSON;
	if (!strcmp(dot, ".toml"))
		return LLC_TOML;
	return LLC_AUTO;
}

/* Parse TEXT in FORMAT as the file NAME and compose it into ACC. */
static int load_text(const char *text, size_t len, const char *name, enum llc_format format,
		     struct llc_config *acc, int *have)
{
	struct cfg_value *root;
	struct llc_config c;
	char err[512];
	int line, ret;

	ret = format == LLC_TOML ? toml_parse(text, len, &root, &line, err, sizeof(err))
				 : json_parse(text, len, &root, &line, err, sizeof(err));
	if (ret)
		return bad(name, line, "%s", err);
	ret = llc_from_tree(root, name, format, &c);
	cfg_free(root);
	if (ret) {
		llc_config_free(&c);
		return -1;
	}
	if (!*have) {
		*acc = c;
		*have = 1;
		return 0;
	}
	ret = llc_compose(acc, &c);
	llc_config_free(&c);
	return ret;
}

static int load_file(const char *path, enum llc_format format, struct llc_config *acc, int *have,
		     int in_dir)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int fd, ret;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		if (in_dir && errno == ENOENT)
			return 0; /* gone meanwhile: llconfig skips it too */
		return bad(path, 0, "cannot open: %s", strerror(errno));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return bad(path, 0, "not a regular file%s",
			   S_ISFIFO(st.st_mode) ? " (a FIFO; use - to read standard input)" : "");
	}
	ret = read_all(fd, path, &text, &len);
	close(fd);
	if (ret)
		return -1;
	ret = load_text(text, len, path, format, acc, have);
	free(text);
	return ret;
}

static int load_dir(const char *path, enum llc_format format, struct llc_config *acc, int *have)
{
	struct dirent **names;
	int n, failed = 0, found = 0;

	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		return bad(path, 0, "cannot read the directory: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		const enum llc_format f = format_of(name);
		char full[4096];
		struct stat st;
		if (name[0] == '.' || f == LLC_AUTO || (format != LLC_AUTO && f != format))
			continue;
		(void)snprintf(full, sizeof(full), "%s/%s", path, name);
		if (stat(full, &st) || !S_ISREG(st.st_mode))
			continue;
		found = 1;
		if (load_file(full, f, acc, have, 1))
			failed = 1;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (failed)
		return -1;
	if (!found)
		return bad(path, 0, "no configuration file (*.%s) in this directory",
			   format == LLC_JSON	? "json"
			   : format == LLC_TOML ? "toml"
						: "json, *.toml");
	return 0;
}

int llc_load(const char *path, enum llc_format format, struct llc_config *acc, int *have)
{
	struct stat st;

	if (!strcmp(path, "-")) {
		char *text = NULL;
		size_t len = 0;
		if (format == LLC_AUTO)
			return bad(
			    "-", 0,
			    "standard input needs its format: --json-file - or --toml-file -");
		if (read_all(STDIN_FILENO, "-", &text, &len))
			return -1;
		const int ret = load_text(text, len, "-", format, acc, have);
		free(text);
		return ret;
	}
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return load_dir(path, format, acc, have);
	if (format == LLC_AUTO)
		format = format_of(path);
	if (format == LLC_AUTO)
		return bad(path, 0,
			   "unknown format: name it *.json or *.toml, or use --json-file or "
			   "--toml-file");
	return load_file(path, format, acc, have, 0);
}
