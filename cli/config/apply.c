// SPDX-License-Identifier: MIT
/* apply.c - `landbox run --config FILE` (repeatable): the landlockconfig
 * files are composed as llconfig composes them, and once every option is
 * read (policy_build), their effective ruleset joins the policy:
 * - the handled sets become the configuration's (intersected with what the
 *   other options leave handled): a file that restricts only execution
 *   restricts only execution;
 * - each path rule is added with the file and line it came from, as an
 *   optional rule: a path that does not exist is skipped as llconfig skips
 *   it, and --dry-run lists it;
 * - each port rule is added as the TCP options add theirs, so that a kernel
 *   without TCP rules (ABI < 4) is refused unless --best-effort, as for
 *   --bind-tcp. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"

int config_apply(struct policy *p, const char *path, enum llc_format format, const char *origin)
{
	if (p->config_applied) {
		cli_error("%s: %s: the configuration files are already in the sandbox", origin,
			  path);
		return LB_EXIT_FAIL;
	}
	if (!p->config) {
		p->config = calloc(1, sizeof(*p->config));
		if (!p->config) {
			cli_error("%s: out of memory", origin);
			return LB_EXIT_FAIL;
		}
	}
	return llc_load(path, format, p->config, &p->config_have) ? LB_EXIT_FAIL : 0;
}

int config_finish(struct policy *p)
{
	struct llc_effective e;
	int ret = 0;

	if (!p->config || p->config_applied)
		return 0;
	p->config_applied = 1;
	if (llc_resolve(p->config, &e)) {
		llc_effective_free(&e);
		return LB_EXIT_FAIL;
	}
	p->config_handled[LB_KIND_FS] = e.handled_fs;
	p->config_handled[LB_KIND_NET] = e.handled_net;
	p->config_handled[LB_KIND_SCOPE] = e.scoped;
	for (size_t i = 0; i < e.npaths && !ret; i++) {
		if (!e.paths[i].path[0]) {
			cli_info("%s: empty path: skipped", e.paths[i].origin);
			continue;
		}
		ret = policy_add_path_ext(p, e.paths[i].path, e.paths[i].rights, "config",
					  e.paths[i].origin, SOURCE_OPTION);
		if (!ret)
			p->paths[p->npaths - 1].optional = 1;
	}
	for (size_t i = 0; i < e.nports && !ret; i++)
		for (uint64_t bit = 1; bit <= e.ports[i].rights && !ret; bit <<= 1)
			if (e.ports[i].rights & bit)
				ret = policy_add_port(p, bit, (unsigned)e.ports[i].port,
						      cli_option_of_rights(bit, ARG_PORTS),
						      e.ports[i].origin);
	cli_debug("--config: %zu path rule(s), %zu port rule(s)", e.npaths, e.nports);
	llc_effective_free(&e);
	return ret;
}

void config_release(struct policy *p)
{
	if (p->config) {
		llc_config_free(p->config);
		free(p->config);
		p->config = NULL;
	}
}
