// SPDX-License-Identifier: MIT
/* policy/model.c - the bottom of the policy of `landbox run`: the policy
 * itself, and adding the rules that options, profiles, --ldd, --config and
 * learn ask for (path rules are kept by rules.c).  It knows neither the
 * option table nor profiles: those are above it (options.c, profile.c,
 * build.c), and call down. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config/config.h"
#include "deny.h"

void *cli_xrealloc(void *ptr, size_t n)
{
	void *q = realloc(ptr, n);

	if (!q) {
		cli_error("out of memory");
		exit(LB_EXIT_FAIL);
	}
	return q;
}

char *cli_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		cli_error("out of memory");
		exit(LB_EXIT_FAIL);
	}
	return d;
}

void policy_init(struct policy *p, enum personality persona)
{
	memset(p, 0, sizeof(*p));
	p->persona = persona;
	/* landrun refuses unless everything it handles is enforced (go-landlock V9). */
	p->compat = persona == PERSONA_LANDRUN ? COMPAT_STRICT : COMPAT_DEFAULT;
	p->log_level = cli_log_level;
}

void policy_free(struct policy *p)
{
	policy_rules_free(p);
	for (size_t i = 0; i < p->nports; i++)
		free(p->ports[i].origin);
	for (size_t i = 0; i < p->nenv; i++) {
		free(p->env[i].entry);
		free(p->env[i].origin);
	}
	for (int i = 0; i < p->nloading; i++)
		free(p->loading[i]);
	free(p->ports);
	free(p->env);
	free(p->chdir);
	free(p->program);
	deny_free(p);
	config_release(p);
	free(p->no_seccomp_origin);
	free(p->private_tmp_origin);
	free(p->private_tmp_dir);
	free(p->auto_origin);
	for (int i = 0; i < HOLES_MAX; i++)
		free(p->hole_origin[i]);
	memset(p, 0, sizeof(*p));
}

/* ---- Rules ---------------------------------------------------------------- */

int policy_add_path_ext(struct policy *p, const char *path, uint64_t rights, const char *option,
			const char *origin, enum rule_source source)
{
	struct policy_path *r;

	if (!path || !*path) {
		cli_error("%s: empty path", origin);
		return LB_EXIT_FAIL;
	}
	r = policy_path_new(p);
	r->path = policy_strdup(p, path);
	policy_path_set_origin(r, origin);
	policy_path_set_option(r, option);
	r->rights = rights;
	r->source = (uint8_t)source;
	r->optional = (uint8_t) !!p->optional_line;
	r->skip = SKIP_NONE;
	return 0;
}

int policy_add_port(struct policy *p, uint64_t net_right, unsigned port, const char *option,
		    const char *origin)
{
	struct policy_port *r;

	if (port > 65535) {
		cli_error("%s: invalid port '%u' (0-65535)", origin, port);
		return LB_EXIT_FAIL;
	}
	if (p->nports == p->ports_cap) {
		p->ports_cap = p->ports_cap ? p->ports_cap * 2 : 8;
		p->ports = cli_xrealloc(p->ports, p->ports_cap * sizeof(*p->ports));
	}
	r = &p->ports[p->nports++];
	r->rights = net_right;
	r->port = (uint16_t)port;
	r->option = option ? option : "port";
	r->origin = cli_xstrdup(origin);
	r->optional = p->optional_line;
	r->skip = SKIP_NONE;
	return 0;
}
