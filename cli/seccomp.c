/* SPDX-License-Identifier: MIT */
/* seccomp.c - the seccomp layer of `landbox run`: from the policy to the
 * holes the filter closes (lib/seccomp.c builds and installs it), the
 * address family names of --allow-socket, and what --dry-run and `landbox
 * status` say about it.
 *
 * What is closed by default (DESIGN §9, issue 9): every hole of lb_holes(),
 * except
 *   - the network holes with --unrestricted-network (it asks for an
 *     unrestricted network);
 *   - UDP where Landlock restricts it (ABI 10), where the policy has UDP
 *     port rules on an older kernel (an explicit rule makes landbox refuse
 *     anyway, unless --best-effort; an optional one, "connect-udp? 53" in
 *     net-client, means "UDP to this port where the kernel can tell ports
 *     apart", so UDP stays open rather than breaking DNS), and under the
 *     landrun personality without UDP rules (landrun does not restrict UDP);
 *   - each hole an --allow-* option re-opened, and everything with
 *     --no-seccomp.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli.h"

#define UDP_RIGHTS (LB_NET_BIND_UDP | LB_NET_CONNECT_SEND_UDP)

static int bit_index(uint32_t bit)
{
	return __builtin_ctz(bit);
}

/* ---- Address families --------------------------------------------------- */

struct family_name {
	const char *name;
	int af;
};

/* Linux's AF_* numbers (include/linux/socket.h), stable UAPI. */
static const struct family_name families[] = {
    {"unix", 1},      {"local", 1},   {"inet", 2},	  {"ax25", 3},	   {"ipx", 4},
    {"appletalk", 5}, {"x25", 9},     {"inet6", 10},	  {"key", 15},	   {"netlink", 16},
    {"packet", 17},   {"rds", 21},    {"llc", 26},	  {"ib", 27},	   {"mpls", 28},
    {"can", 29},      {"tipc", 30},   {"bluetooth", 31},  {"iucv", 32},	   {"rxrpc", 33},
    {"isdn", 34},     {"phonet", 35}, {"ieee802154", 36}, {"caif", 37},	   {"alg", 38},
    {"nfc", 39},      {"vsock", 40},  {"kcm", 41},	  {"qipcrtr", 42}, {"smc", 43},
    {"xdp", 44},      {"mctp", 45},
};

int holes_family(const char *name)
{
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcasecmp(name, families[i].name))
			return families[i].af;
	if (*name < '0' || *name > '9')
		return -1;
	v = strtol(name, &end, 10);
	return *end || v < 0 || v > 63 ? -1 : (int)v;
}

const char *holes_family_names(void)
{
	return "unix, inet, inet6, netlink, packet, vsock, bluetooth, can, alg, xdp, ... or a "
	       "number 0-63";
}

static const char *family_name(int af)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].af == af)
			return families[i].name;
	return NULL;
}

/* ---- The plan ------------------------------------------------------------ */

/* Whether P has UDP port rules (optional or not) the network option keeps. */
static int has_udp_rules(const struct policy *p)
{
	if (p->unrestricted & UNRESTRICTED_NET)
		return 0;
	for (size_t i = 0; i < p->nports; i++)
		if (p->ports[i].rights & UDP_RIGHTS)
			return 1;
	return 0;
}

/* Hole BIT is open because of TEXT (then ARG, then ")" when ARG is given). */
static void why(struct holes_plan *out, uint32_t bit, const char *text, const char *arg)
{
	(void)snprintf(out->why_open[bit_index(bit)], sizeof(out->why_open[0]), "%s%s%s", text,
		       arg ? arg : "", arg ? ")" : "");
}

void holes_plan(const struct policy *p, int abi, struct holes_plan *out)
{
	size_t n;
	const struct lb_hole *h = lb_holes(&n);

	memset(out, 0, sizeof(*out));
	out->families = p->families_open;
	for (size_t i = 0; i < n; i++) {
		const uint32_t bit = h[i].bit;
		const char *origin = p->hole_origin[bit_index(bit)];

		if (p->no_seccomp)
			why(out, bit, "no filter (", p->no_seccomp_origin);
		else if ((p->holes_open & bit) && origin)
			why(out, bit, "re-opened (", origin);
		else if ((bit & LB_HOLES_NET) && (p->unrestricted & UNRESTRICTED_NET))
			why(out, bit, "--unrestricted-network", NULL);
		else if (bit == LB_HOLE_UDP && abi >= 10)
			why(out, bit, "restricted by Landlock instead (UDP port rules, ABI 10)",
			    NULL);
		else if (bit == LB_HOLE_UDP && has_udp_rules(p))
			why(out, bit,
			    "open on every port: the policy has UDP port rules, which need "
			    "Landlock ABI 10 to tell ports apart",
			    NULL);
		else if (bit == LB_HOLE_UDP && p->persona == PERSONA_LANDRUN)
			why(out, bit, "landrun does not restrict UDP", NULL);
		else
			out->closed |= bit;
	}
	/* Nothing can be closed on such a kernel: say so, and let holes_filter refuse. */
	if (out->closed && !lb_seccomp_available()) {
		for (size_t i = 0; i < n; i++)
			if (out->closed & h[i].bit)
				why(out, h[i].bit,
				    "NOT closed: this kernel cannot install seccomp filters", NULL);
		out->unavailable = out->closed;
		out->closed = 0;
	}
}

int holes_filter(const struct policy *p, const struct holes_plan *plan, struct lb_seccomp **out)
{
	struct lb_seccomp *f;

	*out = NULL;
	if (plan->unavailable) {
		if (p->compat != COMPAT_BEST_EFFORT) {
			cli_error(
			    "this kernel cannot install seccomp filters (CONFIG_SECCOMP_FILTER): "
			    "refusing to run COMMAND with UDP, raw sockets, MPTCP and TIOCSTI "
			    "open (--no-seccomp or --best-effort runs it anyway)");
			return LB_EXIT_FAIL;
		}
		fprintf(stderr,
			"%s: WARNING: this kernel cannot install seccomp filters: --best-effort: "
			"UDP, raw sockets, MPTCP and TIOCSTI are NOT closed\n",
			cli_prog);
		return 0;
	}
	if (!plan->closed)
		return 0;
	f = lb_seccomp_new(plan->closed);
	if (!f) {
		cli_error("cannot create the seccomp filter: %s", strerror(errno));
		return LB_EXIT_FAIL;
	}
	for (int af = 0; af < 64; af++) {
		if ((plan->families & (1ULL << af)) && lb_seccomp_allow_family(f, af)) {
			cli_error("--allow-socket: %s", lb_seccomp_error(f));
			lb_seccomp_free(f);
			return LB_EXIT_FAIL;
		}
	}
	if (lb_seccomp_prepare(f)) {
		cli_error("cannot build the seccomp filter: %s", lb_seccomp_error(f));
		lb_seccomp_free(f);
		return LB_EXIT_FAIL;
	}
	*out = f;
	return 0;
}

int holes_install_child(const struct lb_seccomp *f)
{
	return f ? lb_seccomp_install(f) : 0;
}

/* ---- What is said about it ---------------------------------------------- */

/* The option that re-opens BIT ("--allow-udp", "--allow-socket FAMILY"). */
static const char *reopen_option(uint32_t bit)
{
	if (bit == LB_HOLE_PACKET)
		return "--allow-socket packet";
	if (bit == LB_HOLE_FAMILIES)
		return "--allow-socket FAMILY";
	for (const struct cli_option *o = cli_options; o->name; o++) {
		if (o->arg == ARG_NONE && o->rights == bit && !strncmp(o->name, "allow-", 6)) {
			static char buf[64];
			(void)snprintf(buf, sizeof(buf), "--%s", o->name);
			return buf;
		}
	}
	return "--no-seccomp";
}

static const char *errno_name(int err)
{
	switch (err) {
	case EACCES:
		return "EACCES";
	case EAFNOSUPPORT:
		return "EAFNOSUPPORT";
	case ENOSYS:
		return "ENOSYS";
	default:
		return "an error";
	}
}

void holes_print(const struct policy *p, const struct holes_plan *plan)
{
	size_t n;
	const struct lb_hole *h = lb_holes(&n);

	if (p->no_seccomp) {
		cli_out(
		    stdout,
		    "seccomp filter: NONE (%s): UDP, MPTCP, SCTP, raw and packet sockets, other "
		    "address families, io_uring, TIOCSTI and TIOCLINUX are NOT restricted",
		    p->no_seccomp_origin);
		return;
	}
	printf("seccomp filter (what Landlock cannot restrict):%s\n",
	       plan->closed ? "" : " none (nothing to close)");
	for (size_t i = 0; i < n; i++) {
		const int b = bit_index(h[i].bit);
		if (plan->closed & h[i].bit)
			printf("  %s: closed (%s) - %s opens it\n", h[i].name, errno_name(h[i].err),
			       reopen_option(h[i].bit));
		else
			cli_out(stdout, "  %s: open: %s", h[i].name, plan->why_open[b]);
	}
	if (plan->families && (plan->closed & (LB_HOLE_FAMILIES | LB_HOLE_PACKET))) {
		printf("  families allowed:");
		for (int af = 0; af < 64; af++) {
			const char *name = family_name(af);
			if (!(plan->families & (1ULL << af)))
				continue;
			if (name)
				printf(" %s", name);
			else
				printf(" %d", af);
		}
		printf("\n");
	}
}

void holes_info(const struct holes_plan *plan)
{
	size_t n, used = 0;
	const struct lb_hole *h = lb_holes(&n);
	char names[256] = "";

	for (size_t i = 0; i < n && used < sizeof(names); i++)
		if (plan->closed & h[i].bit)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 used ? ", " : "", h[i].name);
	cli_info("seccomp filter: %s", used ? names : "none");
}

void holes_status(void)
{
	size_t n;
	const struct lb_hole *h = lb_holes(&n);
	const int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);

	printf("\nseccomp:  %s%s\n",
	       lb_seccomp_available() ? "available" : "NOT available (no seccomp filters)",
	       mode == 2 ? " (this process already runs under a filter)" : "");
	printf("`landbox run` closes what Landlock cannot with a seccomp filter, by default:\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-15s %-13s %s%s (%s)\n", h[i].name, errno_name(h[i].err), h[i].help,
		       h[i].bit == LB_HOLE_UDP ? "; only before ABI 10" : "",
		       reopen_option(h[i].bit));
}
