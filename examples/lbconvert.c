/* SPDX-License-Identifier: MIT */
/*
 * lbconvert - a small file converter that sandboxes itself with liblandbox.
 *
 *   lbconvert [-m upper|hex] [-v] [--try PATH] [--try-create PATH] [--try-udp]
 *             INPUT OUTPUT
 *
 * It converts INPUT to OUTPUT: "upper" (the default) turns ASCII letters to
 * upper case, "hex" writes a hex dump.  Before reading a single byte it opens
 * both files (creating OUTPUT) and then restricts itself: from then on it can
 * read INPUT and write OUTPUT and nothing else: no other file, no TCP port, no
 * signal or abstract socket outside its sandbox, and, through the library's
 * seccomp filter, none of the sockets Landlock does not restrict (UDP, raw,
 * netlink...) nor terminal injection.  A bug in the conversion code (the part
 * that handles untrusted data) can then do no harm elsewhere.
 *
 * --try PATH and --try-create PATH (each up to 8 times) attempt, after
 * restricting, to open PATH for reading or to create it, and report the
 * result on stderr: they show the sandbox at work; so does --try-udp, which
 * tries to create a UDP socket.  -v prints what the kernel enforced.
 *
 * Exit status: 0 converted, 1 I/O error, 2 usage, 3 the sandbox failed.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <landbox.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

enum mode { MODE_UPPER, MODE_HEX };

struct options {
	enum mode mode;
	int verbose;
	const char *try_read[8]; /* --try, repeatable */
	const char *try_create[8];
	int ntry_read, ntry_create;
	int try_udp;
	const char *input, *output;
};

static void usage(void)
{
	fprintf(stderr, "usage: lbconvert [-m upper|hex] [-v] [--try PATH] [--try-create PATH] "
			"[--try-udp] INPUT OUTPUT\n");
	exit(2);
}

static void parse(int argc, char **argv, struct options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-v")) {
			o->verbose = 1;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(a, "-m")) {
			const char *m = argv[++i];
			if (!strcmp(m, "upper"))
				o->mode = MODE_UPPER;
			else if (!strcmp(m, "hex"))
				o->mode = MODE_HEX;
			else {
				fprintf(stderr, "lbconvert: unknown mode %s (upper or hex)\n", m);
				exit(2);
			}
		} else if (!strcmp(a, "--try") && o->ntry_read < 8) {
			o->try_read[o->ntry_read++] = argv[++i];
		} else if (!strcmp(a, "--try-udp")) {
			o->try_udp = 1;
		} else if (!strcmp(a, "--try-create") && o->ntry_create < 8) {
			o->try_create[o->ntry_create++] = argv[++i];
		} else {
			fprintf(stderr, "lbconvert: unknown option %s\n", a);
			usage();
		}
	}
	if (argc - i != 2)
		usage();
	o->input = argv[i];
	o->output = argv[i + 1];
}

/*
 * Built with AddressSanitizer (make SAN=1), the leak check that runs at exit
 * needs /proc/PID/task, which the sandbox denies: it would fail the program.
 * Run it now, before restricting, instead; the only allocation left is the
 * sandbox context, which is still in use and freed right after.
 */
static void leak_check_before_restricting(void)
{
#ifdef __SANITIZE_ADDRESS__
	__lsan_do_leak_check();
#endif
}

/*
 * Deny everything this kernel can deny, except reading INPUT and writing
 * OUTPUT.  The open fds would keep working without any rule; the two rules
 * make the policy explicit (and let the program reopen its own files).
 */
static int sandbox(const struct options *o)
{
	struct lb_sandbox *sb = lb_new();
	struct lb_status st;
	char line[512];
	int ret;

	if (!sb) {
		fprintf(stderr, "lbconvert: %s\n", strerror(ENOMEM));
		return -ENOMEM;
	}
	ret = lb_allow_path(sb, o->input, LB_FS_READ_FILE, 0);
	if (!ret)
		ret = lb_allow_path(sb, o->output, LB_FS_WRITE_FILE | LB_FS_TRUNCATE, 0);
	if (!ret) {
		leak_check_before_restricting();
		ret = lb_restrict(sb, &st);
	}
	if (ret) {
		fprintf(stderr, "lbconvert: cannot sandbox: %s\n", lb_error(sb));
		lb_free(sb);
		return ret;
	}
	lb_free(sb);
	/* Landlock leaves sockets other than TCP alone: close them too.  A
	 * converter needs no socket of any kind. */
	{
		struct lb_seccomp *f = lb_seccomp_new(LB_HOLES_ALL);
		ret = f ? lb_seccomp_enforce(f) : -ENOMEM;
		if (ret)
			fprintf(stderr, "lbconvert: cannot install the seccomp filter: %s\n",
				f ? lb_seccomp_error(f) : strerror(ENOMEM));
		lb_seccomp_free(f);
		if (ret)
			return ret;
	}
	lb_status_format(&st, line, sizeof(line));
	/* Best effort: run anyway on an old kernel, but never silently. */
	if (st.state == LB_NOT_ENFORCED)
		fprintf(stderr, "lbconvert: warning: running without a sandbox: %s\n", line);
	else if (o->verbose)
		fprintf(stderr, "lbconvert: sandbox %s\n", line);
	return 0;
}

/* Show what the sandbox does to an attempt outside it. */
static void try_open(const char *path, int flags, const char *what)
{
	int fd;

	fd = open(path, flags | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "lbconvert: %s %s: %s\n", what, path, strerror(errno));
		return;
	}
	fprintf(stderr, "lbconvert: %s %s: allowed\n", what, path);
	close(fd);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One hex dump line: "00000010: 41 42 ...  AB.." */
static size_t hex_line(char *out, size_t size, unsigned long offset, const unsigned char *p,
		       size_t n)
{
	size_t len = (size_t)snprintf(out, size, "%08lx:", offset);

	for (size_t i = 0; i < 16; i++) {
		if (i < n)
			len += (size_t)snprintf(out + len, size - len, " %02x", p[i]);
		else
			len += (size_t)snprintf(out + len, size - len, "   ");
	}
	len += (size_t)snprintf(out + len, size - len, "  ");
	for (size_t i = 0; i < n; i++)
		out[len++] = isprint(p[i]) ? (char)p[i] : '.';
	out[len++] = '\n';
	return len;
}

static int convert(enum mode mode, int in, int out)
{
	unsigned char buf[4096];
	char text[128];
	unsigned long offset = 0;
	ssize_t n;

	/* Hex lines are cut at 16 bytes: read in multiples of 16 when possible. */
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (mode == MODE_UPPER) {
			for (ssize_t i = 0; i < n; i++)
				buf[i] = (unsigned char)toupper(buf[i]);
			if (write_all(out, (const char *)buf, (size_t)n))
				return -1;
			continue;
		}
		for (ssize_t i = 0; i < n; i += 16) {
			size_t chunk = n - i < 16 ? (size_t)(n - i) : 16;
			size_t len = hex_line(text, sizeof(text), offset, buf + i, chunk);
			if (write_all(out, text, len))
				return -1;
			offset += chunk;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	int in, out;

	parse(argc, argv, &o);
	/* Open both files first: the sandbox will not let us open anything new. */
	in = open(o.input, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		fprintf(stderr, "lbconvert: cannot open %s: %s\n", o.input, strerror(errno));
		return 1;
	}
	out = open(o.output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		fprintf(stderr, "lbconvert: cannot create %s: %s\n", o.output, strerror(errno));
		return 1;
	}
	if (sandbox(&o))
		return 3;

	for (int i = 0; i < o.ntry_read; i++)
		try_open(o.try_read[i], O_RDONLY, "--try");
	for (int i = 0; i < o.ntry_create; i++)
		try_open(o.try_create[i], O_WRONLY | O_CREAT | O_EXCL, "--try-create");
	if (o.try_udp) {
		const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		fprintf(stderr, "lbconvert: --try-udp: %s\n", fd < 0 ? strerror(errno) : "allowed");
		if (fd >= 0)
			close(fd);
	}

	if (convert(o.mode, in, out)) {
		fprintf(stderr, "lbconvert: converting %s to %s: %s\n", o.input, o.output,
			strerror(errno));
		return 1;
	}
	if (close(out)) {
		fprintf(stderr, "lbconvert: writing %s: %s\n", o.output, strerror(errno));
		return 1;
	}
	close(in);
	return 0;
}
