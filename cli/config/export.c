// SPDX-License-Identifier: MIT
/* export.c - `landbox config export [--toml|--json] [-o FILE] [RUN OPTIONS]`:
 * the policy that run options and profiles make, written as a
 * landlockconfig file that `landbox config show`, `landbox run --config` and
 * upstream's llconfig read back.
 *
 * What landbox restricts and the format can say: the handled filesystem
 * rights up to ABI 6 (every right the format names), TCP, the two scopes,
 * and each path and TCP port rule (one entry per rule, a TOML comment naming
 * the option or profile line it came from).  What it cannot say is never
 * dropped silently: each such thing is listed in a comment at the top of
 * the TOML file and on standard error (UDP ports and UDP restriction,
 * resolve_unix, log flags, the seccomp layer, --deny exceptions, the
 * environment, rules that need COMMAND). */
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

struct export_ctx {
	int toml;
	int ext; /* --abi-extensions */
	const char *output;
	int force;
};

static int opt_toml(void *ctx, const char *value)
{
	(void)value;
	((struct export_ctx *)ctx)->toml = 1;
	return 0;
}

static int opt_json(void *ctx, const char *value)
{
	(void)value;
	((struct export_ctx *)ctx)->toml = 0;
	return 0;
}

static int opt_output(void *ctx, const char *value)
{
	((struct export_ctx *)ctx)->output = value;
	return 0;
}

static int opt_force(void *ctx, const char *value)
{
	(void)value;
	((struct export_ctx *)ctx)->force = 1;
	return 0;
}

static int opt_ext(void *ctx, const char *value)
{
	(void)value;
	((struct export_ctx *)ctx)->ext = 1;
	return 0;
}

static const struct cli_extra_option export_options[] = {
    {"toml", 0, 0, opt_toml, NULL, "write TOML, with comments (the default)"},
    {"json", 0, 0, opt_json, NULL, "write JSON (no comments: what is left out goes to stderr)"},
    {"output", 'o', 1, opt_output, "FILE", "write to FILE instead of standard output"},
    {"force", 0, 0, opt_force, NULL, "overwrite FILE if it exists"},
    {"abi-extensions", 0, 0, opt_ext, NULL,
     "also write UDP and resolve_unix with landbox's proposed names for ABI 9-10 (read by "
     "config show --abi-extensions and run --config-ext, not by llconfig)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct cli_subcommand export_command = {
    "config export [--toml|--json] [-o FILE [--force]] [RUN OPTIONS]",
    "Write the policy that the run options and profiles given make (landbox's\n"
    "default: deny everything) as a landlockconfig file (the format of the Landlock\n"
    "maintainers' llconfig), which 'landbox config show', 'landbox run --config' and\n"
    "llconfig read.  What the format cannot express (UDP, resolve_unix, log flags,\n"
    "the seccomp layer, --deny exceptions, the environment) is listed in a comment\n"
    "and on standard error.\n",
    "Exit status: 0 when written, 125 on an error.\n"
    "\n"
    "Example:\n"
    "  landbox config export --profile base --rw /tmp -o sandbox.toml\n",
    export_options,
};

/* ---- what the format cannot say ----------------------------------------------- */

struct notes {
	char **lines;
	size_t n;
};

static void note(struct notes *nt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct notes *nt, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	char **l = realloc(nt->lines, (nt->n + 1) * sizeof(*l));

	if (!l)
		return;
	nt->lines = l;
	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	l[nt->n] = strdup(buf);
	if (l[nt->n])
		nt->n++;
}

/* " (base.profile:3)" for a profile line; nothing for the command line. */
static const char *where(const char *origin, char *buf, size_t len)
{
	if (origin[0] == '-')
		return "";
	(void)snprintf(buf, len, " (%s)", origin);
	return buf;
}

static void collect_notes(const struct policy *p, int ext, struct notes *nt)
{
	char w[4096];

	if (ext)
		goto not_fs_net;
	if (!(p->unrestricted & UNRESTRICTED_FS))
		note(nt,
		     "fs.resolve_unix (ABI 9) is handled by landbox: connecting to pathname UNIX "
		     "sockets is denied; the format has no name for it");
	if (!(p->unrestricted & UNRESTRICTED_NET) && !(p->holes_open & LB_HOLE_UDP))
		note(nt,
		     "UDP is restricted by landbox (net.bind_udp, net.connect_send_udp, ABI 10, "
		     "or its seccomp layer before); the format only knows TCP");
	for (size_t i = 0; i < p->nports; i++)
		if (p->ports[i].rights & (LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP))
			note(nt, "UDP port rule --%s %u%s left out", p->ports[i].option,
			     p->ports[i].port, where(p->ports[i].origin, w, sizeof(w)));
	for (size_t i = 0; i < p->npaths; i++)
		if (p->paths[i].rights & LB_FS_RESOLVE_UNIX) {
			char o[POLICY_ORIGIN_MAX];
			note(nt, "fs.resolve_unix of --%s %s%s left out (read_file kept)",
			     policy_path_option(&p->paths[i]), p->paths[i].path,
			     where(policy_path_origin(&p->paths[i], o, sizeof(o)), w, sizeof(w)));
		}
not_fs_net:
	if (p->log_flags)
		note(nt, "audit log flags (--log-*, ABI 7) left out");
	if (!p->no_seccomp)
		note(nt,
		     "landbox's seccomp layer (closing UDP before ABI 10, raw sockets, MPTCP, "
		     "SCTP, io_uring, TIOCSTI%s) left out",
		     p->holes_open || p->families_open ? "; some re-opened by --allow-*" : "");
	for (size_t i = 0; i < p->ndenies; i++)
		note(nt,
		     "deny exception --deny %s (%s) left out: the grants around it are exported "
		     "whole",
		     p->denies[i].path, p->denies[i].origin);
	if (p->keep_env)
		note(nt, "--keep-env left out (llconfig passes the whole environment)");
	for (size_t i = 0; i < p->nenv; i++)
		note(nt, "environment --env %s%s left out", p->env[i].entry,
		     where(p->env[i].origin, w, sizeof(w)));
	if (p->ldd || p->add_exec)
		note(nt, "--ldd/--add-exec left out: they need COMMAND (add its files as rules)");
}

/* ---- writing --------------------------------------------------------------------- */

/* Whether S is UTF-8 (TOML and JSON strings must be). */
static int is_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80	      ? 0
			: (*p & 0xe0) == 0xc0 ? 1
			: (*p & 0xf0) == 0xe0 ? 2
			: (*p & 0xf8) == 0xf0 ? 3
					      : -1;
		if (n < 0 || (n == 1 && *p < 0xc2))
			return 0;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* A comment line: no newline may end it early. */
static void put_comment(FILE *out, const char *prefix, const char *s)
{
	char shown[2048];

	(void)cli_escape(s, shown, sizeof(shown));
	fprintf(out, "%s%s\n", prefix, shown);
}

static void put_rights(FILE *out, int kind, uint64_t bits)
{
	char buf[1024];

	(void)llc_format_rights(kind, bits, ", ", "\"", buf, sizeof(buf));
	fprintf(out, "[%s]", buf);
}

struct handled {
	uint64_t fs, net, scope;
};

static void handled_of(const struct policy *p, int ext, struct handled *h)
{
	const uint64_t udp = LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP;

	h->fs = (p->unrestricted & UNRESTRICTED_FS)
		    ? 0
		    : lb_abi_mask(LB_KIND_FS, ext ? LB_ABI_KNOWN : LLC_FORMAT_ABI);
	h->net = (p->unrestricted & UNRESTRICTED_NET) ? 0 : LB_NET_BIND_TCP | LB_NET_CONNECT_TCP;
	if (ext && h->net && !(p->holes_open & LB_HOLE_UDP))
		h->net |= udp;
	h->scope =
	    (p->unrestricted & UNRESTRICTED_SCOPE) ? 0 : lb_abi_mask(LB_KIND_SCOPE, LLC_FORMAT_ABI);
}

static void write_toml(FILE *out, const struct policy *p, const struct handled *h,
		       const struct notes *nt, int ext)
{
	char w[4096];

	fprintf(out, "# landlockconfig file written by landbox %s (landbox config export).\n",
		LB_VERSION_STR);
	if (ext)
		fprintf(out,
			"# It uses landbox's proposed extension of the format for Landlock ABI "
			"9 and 10\n# (landlockconfig issue 78): the rights resolve_unix, "
			"bind_udp and\n# connect_send_udp.  Read it with: landbox run "
			"--config-ext FILE (not llconfig).\n");
	else
		fprintf(out,
			"# Read it with: landbox run --config FILE, llconfig run --toml FILE.\n");
	if (nt->n) {
		fprintf(out, "#\n# What landbox enforces that this format cannot express:\n");
		for (size_t i = 0; i < nt->n; i++)
			put_comment(out, "#   - ", nt->lines[i]);
	}
	if (h->fs || h->net || h->scope) {
		fprintf(out, "\n# Everything handled is denied unless a rule below allows it.\n"
			     "[[ruleset]]\n");
		if (h->fs) {
			fprintf(out, "handled_access_fs = ");
			put_rights(out, LB_KIND_FS, h->fs);
			fputc('\n', out);
		}
		if (h->net) {
			fprintf(out, "handled_access_net = ");
			put_rights(out, LB_KIND_NET, h->net);
			fputc('\n', out);
		}
		if (h->scope) {
			fprintf(out, "scoped = ");
			put_rights(out, LB_KIND_SCOPE, h->scope);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; h->fs && i < p->npaths; i++) {
		const struct policy_path *r = &p->paths[i];
		const uint64_t rights = r->rights & h->fs;
		char what[8192 + 64], o[POLICY_ORIGIN_MAX];
		if (!rights)
			continue;
		(void)snprintf(what, sizeof(what), "--%s%s %s%s", policy_path_option(r),
			       r->optional ? "?" : "", r->path,
			       where(policy_path_origin(r, o, sizeof(o)), w, sizeof(w)));
		fputc('\n', out);
		put_comment(out, "# ", what);
		fprintf(out, "[[path_beneath]]\nallowed_access = ");
		put_rights(out, LB_KIND_FS, rights);
		fprintf(out, "\nparent = [");
		cli_json_string(out, r->path, 1);
		fprintf(out, "]\n");
	}
	for (size_t i = 0; h->net && i < p->nports; i++) {
		const struct policy_port *r = &p->ports[i];
		const uint64_t rights = r->rights & h->net;
		char what[8192 + 64];
		if (!rights)
			continue;
		(void)snprintf(what, sizeof(what), "--%s %u%s", r->option, r->port,
			       where(r->origin, w, sizeof(w)));
		fputc('\n', out);
		put_comment(out, "# ", what);
		fprintf(out, "[[net_port]]\nallowed_access = ");
		put_rights(out, LB_KIND_NET, rights);
		fprintf(out, "\nport = [%u]\n", r->port);
	}
}

static void write_json(FILE *out, const struct policy *p, const struct handled *h)
{
	const char *sep = "";
	int first;

	fprintf(out, "{");
	if (h->fs || h->net || h->scope) {
		fprintf(out, "\n  \"ruleset\": [\n    {");
		if (h->fs) {
			fprintf(out, "%s\n      \"handledAccessFs\": ", sep);
			put_rights(out, LB_KIND_FS, h->fs);
			sep = ",";
		}
		if (h->net) {
			fprintf(out, "%s\n      \"handledAccessNet\": ", sep);
			put_rights(out, LB_KIND_NET, h->net);
			sep = ",";
		}
		if (h->scope) {
			fprintf(out, "%s\n      \"scoped\": ", sep);
			put_rights(out, LB_KIND_SCOPE, h->scope);
		}
		fprintf(out, "\n    }\n  ]");
		sep = ",";
	}
	first = 1;
	for (size_t i = 0; h->fs && i < p->npaths; i++) {
		const uint64_t rights = p->paths[i].rights & h->fs;
		if (!rights)
			continue;
		fprintf(out, first ? "%s\n  \"pathBeneath\": [" : ",", sep);
		fprintf(out, "\n    {\"allowedAccess\": ");
		put_rights(out, LB_KIND_FS, rights);
		fprintf(out, ", \"parent\": [");
		cli_json_string(out, p->paths[i].path, 1);
		fprintf(out, "]}");
		first = 0;
	}
	if (!first) {
		fprintf(out, "\n  ]");
		sep = ",";
	}
	first = 1;
	for (size_t i = 0; h->net && i < p->nports; i++) {
		const uint64_t rights = p->ports[i].rights & h->net;
		if (!rights)
			continue;
		fprintf(out, first ? "%s\n  \"netPort\": [" : ",", sep);
		fprintf(out, "\n    {\"allowedAccess\": ");
		put_rights(out, LB_KIND_NET, rights);
		fprintf(out, ", \"port\": [%u]}", p->ports[i].port);
		first = 0;
	}
	if (!first)
		fprintf(out, "\n  ]");
	fprintf(out, "\n}\n");
}

/* Write with WRITE to FILE atomically (temporary file, then rename). */
static int write_output(const struct export_ctx *x, const struct policy *p, const struct handled *h,
			const struct notes *nt)
{
	char tmp[4096];
	FILE *out = stdout;

	if (x->output && strcmp(x->output, "-") != 0) {
		int fd;
		if (!x->force && !access(x->output, F_OK)) {
			cli_error("%s: exists (--force overwrites it)", x->output);
			return LB_EXIT_FAIL;
		}
		(void)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", x->output);
		fd = mkstemp(tmp);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			cli_error("%s: cannot write: %s", x->output, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			return LB_EXIT_FAIL;
		}
		(void)fchmod(fd, 0644);
	}
	if (x->toml)
		write_toml(out, p, h, nt, x->ext);
	else
		write_json(out, p, h);
	if (out != stdout) {
		if (fflush(out) || ferror(out) || fsync(fileno(out)) || fclose(out) ||
		    rename(tmp, x->output)) {
			cli_error("%s: cannot write: %s", x->output, strerror(errno));
			unlink(tmp);
			return LB_EXIT_FAIL;
		}
	}
	return 0;
}

int config_export(int argc, char **argv)
{
	struct export_ctx x = {.toml = 1};
	struct policy p;
	struct notes nt = {0};
	struct handled h;
	int ci, ret;

	policy_init(&p, PERSONA_LANDBOX);
	ret = policy_parse_args_ext(&p, argc, argv, &ci, &export_command, &x);
	if (ret < 0) {
		ret = 0;
		goto out;
	}
	if (ret)
		goto out;
	if (ci < argc) {
		cli_error("config export: unexpected argument '%s' (export takes no COMMAND)",
			  argv[ci]);
		ret = LB_EXIT_FAIL;
		goto out;
	}
	/* --config files given to export join the policy as run would take them. */
	if ((ret = config_finish(&p)))
		goto out;
	handled_of(&p, x.ext, &h);
	if (p.config_applied) {
		h.fs &= p.config_handled[LB_KIND_FS];
		h.net &= p.config_handled[LB_KIND_NET];
		h.scope &= p.config_handled[LB_KIND_SCOPE];
	}
	if (!h.fs && !h.net && !h.scope) {
		cli_error("config export: this policy restricts nothing the format can express");
		ret = LB_EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < p.npaths; i++) {
		if (!is_utf8(p.paths[i].path)) {
			char shown[4096], o[POLICY_ORIGIN_MAX];
			(void)cli_escape(p.paths[i].path, shown, sizeof(shown));
			cli_error("%s: %s: not UTF-8: the format cannot hold this path",
				  policy_path_origin(&p.paths[i], o, sizeof(o)), shown);
			ret = LB_EXIT_FAIL;
			goto out;
		}
	}
	collect_notes(&p, x.ext, &nt);
	for (size_t i = 0; i < nt.n; i++)
		cli_warn("config export: not expressible: %s", nt.lines[i]);
	ret = write_output(&x, &p, &h, &nt);
out:
	for (size_t i = 0; i < nt.n; i++)
		free(nt.lines[i]);
	free(nt.lines);
	policy_free(&p);
	return ret;
}
