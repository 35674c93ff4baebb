/* SPDX-License-Identifier: MIT */
/*
 * rights.c - THE table of everything Landlock can restrict (filesystem and
 * network rights, scopes, restrict_self flags) for ABI 1-11, and the table
 * of known errata.  Every name, mask and ABI level the library, the command
 * and the tests use is derived from these two tables.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define FS(n, b, a, f, h)                                                                          \
	{                                                                                          \
		"fs." n, LB_KIND_FS, b, a, f, h                                                    \
	}
#define NET(n, b, a, h)                                                                            \
	{                                                                                          \
		"net." n, LB_KIND_NET, b, a, 0, h                                                  \
	}
#define SCOPE(n, b, a, h)                                                                          \
	{                                                                                          \
		"scope." n, LB_KIND_SCOPE, b, a, 0, h                                              \
	}
#define FLAG(n, b, a, h)                                                                           \
	{                                                                                          \
		"flag." n, LB_KIND_FLAG, b, a, 0, h                                                \
	}

/* In kind then bit order (lb_rights() promises it). */
static const struct lb_right rights[] = {
    FS("execute", LB_FS_EXECUTE, 1, 1, "execute a file"),
    FS("write_file", LB_FS_WRITE_FILE, 1, 1, "open a file with write access"),
    FS("read_file", LB_FS_READ_FILE, 1, 1, "open a file with read access"),
    FS("read_dir", LB_FS_READ_DIR, 1, 0, "open a directory or list its content"),
    FS("remove_dir", LB_FS_REMOVE_DIR, 1, 0, "remove an empty directory or rename one"),
    FS("remove_file", LB_FS_REMOVE_FILE, 1, 0, "unlink (or rename) a file"),
    FS("make_char", LB_FS_MAKE_CHAR, 1, 0, "create (or rename or link) a character device"),
    FS("make_dir", LB_FS_MAKE_DIR, 1, 0, "create (or rename) a directory"),
    FS("make_reg", LB_FS_MAKE_REG, 1, 0, "create (or rename or link) a regular file"),
    FS("make_sock", LB_FS_MAKE_SOCK, 1, 0, "create (or rename or link) a UNIX socket"),
    FS("make_fifo", LB_FS_MAKE_FIFO, 1, 0, "create (or rename or link) a named pipe"),
    FS("make_block", LB_FS_MAKE_BLOCK, 1, 0, "create (or rename or link) a block device"),
    FS("make_sym", LB_FS_MAKE_SYM, 1, 0, "create (or rename or link) a symbolic link"),
    FS("refer", LB_FS_REFER, 2, 0,
       "link or rename a file into another directory (always denied on ABI 1)"),
    FS("truncate", LB_FS_TRUNCATE, 3, 1, "truncate a file (truncate, O_TRUNC, creat over one)"),
    FS("ioctl_dev", LB_FS_IOCTL_DEV, 5, 1, "ioctl on a character or block device"),
    FS("resolve_unix", LB_FS_RESOLVE_UNIX, 9, 1,
       "connect or send to a pathname UNIX socket created outside the sandbox"),
    NET("bind_tcp", LB_NET_BIND_TCP, 4, "bind a TCP socket to a port"),
    NET("connect_tcp", LB_NET_CONNECT_TCP, 4, "connect a TCP socket to a port"),
    NET("bind_udp", LB_NET_BIND_UDP, 10, "bind a UDP socket to a port"),
    NET("connect_send_udp", LB_NET_CONNECT_SEND_UDP, 10,
	"connect a UDP socket or send a datagram to a port"),
    SCOPE("abstract_unix_socket", LB_SCOPE_ABSTRACT_UNIX_SOCKET, 6,
	  "connect to an abstract UNIX socket created outside the sandbox"),
    SCOPE("signal", LB_SCOPE_SIGNAL, 6, "send a signal to a process outside the sandbox"),
    FLAG("log_same_exec_off", LB_LOG_SAME_EXEC_OFF, 7,
	 "do not log denials of the program that restricted itself"),
    FLAG("log_new_exec_on", LB_LOG_NEW_EXEC_ON, 7, "log denials of the programs it executes"),
    FLAG("log_subdomains_off", LB_LOG_SUBDOMAINS_OFF, 7, "do not log denials of nested sandboxes"),
    FLAG("tsync", LB_TSYNC, 8, "restrict every thread of the process at once"),
    FLAG("no_new_privs", LB_NO_NEW_PRIVS, 11,
	 "set no_new_privs in the same call, if and only if restricting succeeds"),
};

#define NRIGHTS (sizeof(rights) / sizeof(rights[0]))

static const char *const kind_prefix[LB_KIND_COUNT] = {"fs", "net", "scope", "flag"};

/* Errata the kernel reports with LANDLOCK_CREATE_RULESET_ERRATA (bit id - 1). */
static const struct lb_erratum errata[] = {
    {1, 4, "TCP rights wrongly applied to other stream sockets (SMC, MPTCP, SCTP)"},
    {2, 6, "signal scoping wrongly blocked signals between threads of one process"},
    {3, 1, "rights could be widened through directories disconnected from a bind mount"},
    {4, 1, "creating an OverlayFS whiteout needed fs.make_char instead of fs.make_reg"},
};

LB_API const struct lb_right *lb_rights(size_t *count)
{
	if (count)
		*count = NRIGHTS;
	return rights;
}

LB_API const struct lb_right *lb_right_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NRIGHTS; i++)
		if (!strcmp(rights[i].name, name))
			return &rights[i];
	return NULL;
}

LB_API uint64_t lb_abi_mask(enum lb_kind kind, int abi)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < NRIGHTS; i++)
		if (rights[i].kind == kind && rights[i].abi <= abi)
			mask |= rights[i].bit;
	return mask;
}

uint64_t lb_kernel_mask(enum lb_kind kind, int abi)
{
	uint64_t known = lb_abi_mask(kind, LB_ABI_KNOWN);

	if (abi > LB_ABI_KNOWN)
		return lb_abi_mask(kind, abi) | ~known;
	return lb_abi_mask(kind, abi);
}

int lb_bit_abi(enum lb_kind kind, uint64_t bit)
{
	for (size_t i = 0; i < NRIGHTS; i++)
		if (rights[i].kind == kind && rights[i].bit == bit)
			return rights[i].abi;
	return 0;
}

uint64_t lb_file_rights(void)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < NRIGHTS; i++)
		if (rights[i].kind == LB_KIND_FS && rights[i].file)
			mask |= rights[i].bit;
	return mask;
}

/* Names are short and BUF is sized for them: a cut name is still accepted. */
void lb_bit_name(enum lb_kind kind, uint64_t bit, char *buf, size_t len)
{
	const char *prefix = (unsigned)kind < LB_KIND_COUNT ? kind_prefix[kind] : "?";

	for (size_t i = 0; i < NRIGHTS; i++) {
		if (rights[i].kind == kind && rights[i].bit == bit) {
			(void)snprintf(buf, len, "%s", rights[i].name);
			return;
		}
	}
	(void)snprintf(buf, len, "%s.0x%llx", prefix, (unsigned long long)bit);
}

LB_API int lb_format_rights(enum lb_kind kind, uint64_t mask, const char *sep, char *buf,
			    size_t len)
{
	size_t need = 0;
	char name[64];

	if (!sep)
		sep = ", ";
	if (buf && len)
		buf[0] = '\0';
	for (int b = 0; b < 64; b++) {
		const uint64_t bit = 1ULL << b;
		if (!(mask & bit))
			continue;
		lb_bit_name(kind, bit, name, sizeof(name));
		/* Append as far as it fits; count everything, like snprintf. */
		const char *parts[2] = {need ? sep : "", name};
		for (int p = 0; p < 2; p++) {
			size_t plen = strlen(parts[p]);
			if (buf && need + 1 < len) {
				size_t room = len - need - 1;
				size_t n = plen < room ? plen : room;
				memcpy(buf + need, parts[p], n);
				buf[need + n] = '\0';
			}
			need += plen;
		}
	}
	return (int)need;
}

LB_API const struct lb_erratum *lb_errata(size_t *count)
{
	if (count)
		*count = sizeof(errata) / sizeof(errata[0]);
	return errata;
}
