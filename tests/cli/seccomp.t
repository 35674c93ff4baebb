#!/bin/bash
# SPDX-License-Identifier: MIT
# seccomp.t - the seccomp layer of `landbox run`: what Landlock cannot
# restrict is closed by default (UDP before ABI 10, raw and packet sockets,
# MPTCP, SCTP, other address families such as netlink, TIOCSTI) and each
# --allow-* option re-opens its hole; the filter stays after exec and in
# children, stacks in nested landbox sandboxes, is reported by --dry-run,
# `landbox status` and the warning line, and --no-seccomp removes it.
# Every run here is a real sandbox; a python3 program inside reports what
# its system calls got.  The filter does not need Landlock: under
# LANDBOX_TEST_ABI=none the runs use --best-effort (no Landlock, filter on).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/py"
# sock.py KIND: what creating (and using) a socket of KIND gives:
# "created"/"sent", or the errno name.
cat >"$T/py/sock.py" <<'EOF'
import errno, socket, sys
k = sys.argv[1]
try:
    if k == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"x", ("127.0.0.1", 9))
        print("sent")
        sys.exit(0)
    args = {
        "raw": (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
        "ping": (socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP),
        "mptcp": (socket.AF_INET, socket.SOCK_STREAM, 262),
        "sctp": (socket.AF_INET, socket.SOCK_STREAM, 132),
        "packet": (17, socket.SOCK_DGRAM, 0),
        "netlink": (16, socket.SOCK_RAW, 0),
        "tcp": (socket.AF_INET, socket.SOCK_STREAM, 0),
    }[k]
    socket.socket(*args)
    print("created")
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e)))
    sys.exit(1)
EOF
# tiocsti.py: open a new pty, make it the controlling terminal of a child
# (setsid, then open the slave) and inject a byte with TIOCSTI there:
# prints "injected" or the errno name (the child's, so: also in children).
cat >"$T/py/tiocsti.py" <<'EOF'
import errno, fcntl, os, sys, termios
m, s = os.openpty()
name = os.ttyname(s)
pid = os.fork()
if pid == 0:
    os.setsid()
    fd = os.open(name, os.O_RDWR)
    try:
        fcntl.ioctl(fd, termios.TIOCSTI, b"x")
        os.write(1, b"injected\n")
        os._exit(0)
    except OSError as e:
        os.write(1, (errno.errorcode.get(e.errno, str(e)) + "\n").encode())
        os._exit(1)
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))
EOF

PYR="--rox /usr --ro $T/py"
TTY="--rw /dev/ptmx,/dev/pts"
SOCK="$PY -S $T/py/sock.py"
BE=""
[ "$NONE" = 1 ] && BE=--best-effort

# sc DESC RC OUT -- ARGS...: `landbox run $BE ARGS...` must give RC and OUT.
sc() {
	local d=$1 rc=$2 o=$3
	shift 3
	[ "${1:-}" = -- ] && shift
	# shellcheck disable=SC2086
	run "$LB" run $BE "$@"
	verdict "$d" "$rc" "$o" ""
}
# What KIND gives without any sandbox (the kernel's own answer).
bare() { "$PY" -S "$T/py/sock.py" "$1" 2>/dev/null; }
rc_of() { if [ "$1" = created ] || [ "$1" = sent ]; then echo 0; else echo 1; fi; }

# ---- UDP ----
if [ "$ABI" -lt 10 ]; then
	sc "udp: sendto is denied by default" 1 '^EACCES$' -- $PYR -- $SOCK udp
elif [ "$REAL_ABI" -ge 10 ]; then
	sc "udp: sendto is denied by default" 1 '^EACCES$' -- $PYR -- $SOCK udp
else
	skip "udp: sendto is denied by default" "real kernel only: emulated ABI $ABI: Landlock restricts UDP, this kernel (ABI $REAL_ABI) cannot"
fi
sc "udp: --allow-udp allows it" 0 '^sent$' -- $PYR --allow-udp -- $SOCK udp
sc "udp: --unrestricted-network leaves it open" 0 '^sent$' -- $PYR --unrestricted-network -- $SOCK udp
sc "udp: --no-seccomp leaves it open below ABI 10" "$([ "$ENF" -ge 10 ] && echo 1 || echo 0)" '' \
	-- $PYR --no-seccomp -- $SOCK udp
# An optional UDP port rule on a kernel without UDP rules: UDP stays open
# (net-client's "connect-udp? 53" keeps DNS working); an explicit one refuses.
printf 'connect-udp? 53\n' >"$T/udp53.profile"
if [ "$ABI" -ge 1 ] && [ "$ABI" -lt 10 ]; then
	sc "udp: an optional connect-udp below ABI 10 leaves UDP open" 0 '^sent$' \
		-- $PYR --profile "$T/udp53.profile" -- $SOCK udp
	run "$LB" run --dry-run --profile "$T/udp53.profile" -- true
	verdict "udp: --dry-run says why UDP is open" 0 '^  udp: open: open on every port' ""
	run "$LB" run $PYR --connect-udp 53 -- $SOCK udp
	verdict "udp: an explicit --connect-udp below ABI 10 still refuses" 125 EMPTY "$(needs_re 10)"
else
	for d in "an optional connect-udp below ABI 10 leaves UDP open" "--dry-run says why UDP is open" \
		"an explicit --connect-udp below ABI 10 still refuses"; do
		skip "udp: $d" "ABI $ABI"
	done
fi

# ---- raw, MPTCP, SCTP, packet, netlink ----
# hole KIND OPTION DENIED: denied with errno DENIED by default, and with
# OPTION the kernel's own answer (a non-root raw socket: EPERM anyway).
# --keep-caps: the answer compared is the one for this user with its
# capabilities (bare); landbox drops them by default (session.t).
hole() {
	local k=$1 opt=$2 denied=$3 b
	b=$(bare "$k")
	sc "$k: denied by default ($denied)" 1 "^$denied\$" -- $PYR -- $SOCK "$k"
	# shellcheck disable=SC2086
	sc "$k: $opt gives the kernel's own answer" "$(rc_of "$b")" "^$b\$" -- $PYR --keep-caps $opt -- $SOCK "$k"
}
hole raw --allow-raw EACCES
# ICMP ping sockets: only where net.ipv4.ping_group_range lets this user
# have them (else the kernel's EACCES cannot be told from the filter's).
if [ "$(bare ping)" = created ]; then
	hole ping --allow-raw EACCES
	sc "ping: --allow-udp does not open ICMP ping sockets" 1 '^EACCES$' -- $PYR --allow-udp -- $SOCK ping
else
	for d in "ping: denied by default (EACCES)" "ping: --allow-raw gives the kernel's own answer" \
		"ping: --allow-udp does not open ICMP ping sockets"; do
		skip "$d" "no ICMP ping sockets for this user here (net.ipv4.ping_group_range)"
	done
fi
hole mptcp --allow-mptcp EACCES
hole sctp --allow-sctp EACCES
hole packet "--allow-socket packet" EAFNOSUPPORT
hole netlink "--allow-socket netlink" EAFNOSUPPORT
sc "netlink: --allow-socket 16 (a number) allows it" 0 '^created$' -- $PYR --allow-socket 16 -- $SOCK netlink
sc "netlink: --allow-socket vsock,netlink (a list) allows it" 0 '^created$' \
	-- $PYR --allow-socket vsock,netlink -- $SOCK netlink
sc "tcp: a TCP socket is never closed by the filter" 0 '^created$' -- $PYR -- $SOCK tcp
sc "raw: --unrestricted-network leaves it to the kernel" "$(rc_of "$(bare raw)")" "^$(bare raw)\$" \
	-- $PYR --keep-caps --unrestricted-network -- $SOCK raw
run "$LB" run --allow-socket nosuchfamily -- true
verdict "allow-socket: an unknown family is refused" 125 EMPTY "^landbox: --allow-socket: unknown address family 'nosuchfamily'"
printf 'allow-socket netlink\nallow-raw\n' >"$T/holes.profile"
sc "profile: allow-socket netlink in a profile allows it" 0 '^created$' \
	-- $PYR --profile "$T/holes.profile" -- $SOCK netlink

# ---- TIOCSTI on a real pty, in a child of the sandboxed program ----
if [ ! -c /dev/ptmx ] || ! "$PY" -S "$T/py/tiocsti.py" >"$T/bare" 2>&1; then
	skip "tiocsti: denied by default (EACCES)" "no pty here ($(cat "$T/bare"))"
	skip "tiocsti: --allow-tiocsti allows it" "no pty here"
else
	sc "tiocsti: denied by default (EACCES)" 1 '^EACCES$' -- $PYR $TTY -- "$PY" -S "$T/py/tiocsti.py"
	if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null)" = 0 ]; then
		# The kernel itself refuses TIOCSTI without CAP_SYS_ADMIN (EIO),
		# which landbox drops: nothing for --allow-tiocsti to re-open.
		skip "tiocsti: --allow-tiocsti (legacy TIOCSTI off in this kernel)" \
			"dev.tty.legacy_tiocsti = 0"
	else
		sc "tiocsti: --allow-tiocsti allows it" 0 '^injected$' \
			-- $PYR $TTY --allow-tiocsti -- "$PY" -S "$T/py/tiocsti.py"
	fi
fi

# The terminal landbox itself runs on (a pty made outside: landbox's
# controlling terminal), typed into from inside through fd 0: EACCES from
# the filter, whatever session the sandbox runs in (without it, the
# injected byte is echoed: "xinjected").
cat >"$T/py/ptyrun.py" <<'EOF'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        b = os.read(fd, 1024)
    except OSError:
        break
    if not b:
        break
    out += b
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
sys.exit(os.waitstatus_to_exitcode(st))
EOF
INJECT="import errno, fcntl, termios
try:
    fcntl.ioctl(0, termios.TIOCSTI, b'x'); print('injected')
except OSError as e:
    print(errno.errorcode[e.errno])"
# shellcheck disable=SC2086
run "$PY" -S "$T/py/ptyrun.py" "$LB" run $BE $PYR -- "$PY" -S -c "$INJECT"
verdict "tiocsti: the inherited terminal cannot be typed into (EACCES)" 0 '^EACCES$' ""
# shellcheck disable=SC2086
run "$PY" -S "$T/py/ptyrun.py" "$LB" run $BE $PYR --no-seccomp -- "$PY" -S -c "$INJECT"
verdict "tiocsti: without the filter the kernel's own answer" 0 '^(x?injected|EPERM|EIO)$' ""

# ---- after exec, in children, nested ----
sc "exec: the filter stays after sh execs python" 1 '^EAFNOSUPPORT$' -- $PYR --rox /bin,/lib,/lib64 -- \
	/bin/sh -c "exec $SOCK netlink"
sc "exec: and in a child of the shell" 0 '^EAFNOSUPPORT$' -- $PYR --rox /bin,/lib,/lib64 -- \
	/bin/sh -c "$SOCK netlink; true"
INNER="--rox $BUILD_DIR/test --ro /proc"
if [ "$NONE" = 1 ]; then
	skip "nested: an inner landbox adds its filter" "no Landlock: the inner landbox refuses"
	skip "nested: the inner --allow-udp cannot re-open what the outer closed" "no Landlock"
	skip "nested: the inner filter closes what the outer left open" "no Landlock"
else
	sc "nested: an inner landbox adds its filter" 1 '^EACCES$' -- $PYR $INNER --allow-udp -- \
		"$LB" run $PYR -- $SOCK raw
	if [ "$ABI" -lt 10 ]; then
		sc "nested: the inner --allow-udp cannot re-open what the outer closed" 1 '^EACCES$' \
			-- $PYR $INNER -- "$LB" run $PYR --allow-udp -- $SOCK udp
	else
		skip "nested: the inner --allow-udp cannot re-open what the outer closed" "ABI $ABI: UDP is Landlock's"
	fi
	sc "nested: the inner filter closes what the outer left open" 1 '^EAFNOSUPPORT$' \
		-- $PYR $INNER --allow-socket netlink -- "$LB" run $PYR -- $SOCK netlink
fi

# ---- failing closed: a kernel that cannot install the filter ----
# (test build: LANDBOX_TEST_SECCOMP=absent is a kernel without seccomp
# filters, =fail one where the child's installation fails)
rm -f "$T/ran"
run env LANDBOX_TEST_SECCOMP=absent "$LB" run $BE $PYR --rw "$T" -- /usr/bin/touch "$T/ran"
if [ -n "$BE" ]; then
	verdict "no seccomp: --best-effort runs COMMAND with a loud warning" 0 EMPTY 'WARNING: this kernel cannot install seccomp filters'
else
	verdict "no seccomp: landbox refuses to run COMMAND" 125 EMPTY '^landbox: this kernel cannot install seccomp filters.*--no-seccomp'
fi
if [ -n "$BE" ]; then check "no seccomp: the refused COMMAND did not run" test -e "$T/ran"
else check "no seccomp: the refused COMMAND did not run" test ! -e "$T/ran"; fi
run env LANDBOX_TEST_SECCOMP=absent "$LB" run $BE $PYR --no-seccomp -- $SOCK tcp
verdict "no seccomp: --no-seccomp runs COMMAND" 0 '^created$' ""
run env LANDBOX_TEST_SECCOMP=absent "$LB" run --best-effort $PYR -- $SOCK netlink
verdict "no seccomp: --best-effort leaves the holes open (netlink)" 0 '^created$' 'NOT closed'
run env LANDBOX_TEST_SECCOMP=absent "$LB" run --dry-run $BE -- true
verdict "no seccomp: --dry-run says the holes are not closed" "$([ -n "$BE" ] && echo 0 || echo 125)" '^  raw: open: NOT closed: this kernel cannot install seccomp filters$' ""
rm -f "$T/ran"
run env LANDBOX_TEST_SECCOMP=fail "$LB" run $BE $PYR --rw "$T" -- /usr/bin/touch "$T/ran"
verdict "install fails: landbox reports it (125)" 125 EMPTY '^landbox: cannot install the seccomp filter: Invalid argument'
check "install fails: COMMAND did not run" test ! -e "$T/ran"

# ---- personalities ----
if [ "$NONE" = 1 ]; then
	skip "landrun: UDP stays open (landrun does not restrict UDP)" "no Landlock"
	skip "landrun: raw sockets are closed" "no Landlock"
	skip "sandboxer: a restricted network closes other families" "no Landlock"
	skip "sandboxer: a restricted network closes UDP, on every ABI" "no Landlock"
	skip "sandboxer: no LL_TCP_* leaves UDP open" "no Landlock"
else
	run "$LANDRUN" --best-effort $PYR -- $SOCK udp
	verdict "landrun: UDP stays open (landrun does not restrict UDP)" 0 '^sent$' ""
	run "$LANDRUN" --best-effort $PYR -- $SOCK raw
	verdict "landrun: raw sockets are closed" 1 '^EACCES$' ""
	run env LL_FS_RO=/usr:$T/py LL_FS_RW= LL_TCP_CONNECT= "$SANDBOXER" $SOCK netlink
	verdict "sandboxer: a restricted network closes other families" 1 '^EAFNOSUPPORT$' ""
	run env LL_FS_RO=/usr:$T/py LL_FS_RW= LL_TCP_BIND= "$SANDBOXER" $SOCK udp
	verdict "sandboxer: a restricted network closes UDP, on every ABI" 1 '^EACCES$' ""
	run env LL_FS_RO=/usr:$T/py LL_FS_RW= "$SANDBOXER" $SOCK udp
	verdict "sandboxer: no LL_TCP_* leaves UDP open" 0 '^sent$' ""
fi

# ---- what is said ----
run "$LB" run --dry-run $BE -- true
verdict "dry-run: lists the raw hole closed and its option" 0 '^  raw: closed \(EACCES\) - --allow-raw opens it$' ""
if [ "$ABI" -lt 10 ]; then
	verdict "dry-run: UDP closed below ABI 10" 0 '^  udp: closed \(EACCES\)' ""
else
	verdict "dry-run: UDP left to Landlock on ABI 10" 0 '^  udp: open: restricted by Landlock' ""
fi
run "$LB" run --dry-run $BE --allow-tiocsti -- true
verdict "dry-run: a re-opened hole names its option" 0 '^  tiocsti: open: re-opened \(--allow-tiocsti\)$' ""
run "$LB" run --dry-run $BE --no-seccomp -- true
verdict "dry-run: --no-seccomp is loud" 0 '^seccomp filter: NONE \(--no-seccomp\):.* NOT restricted' ""
if [ "$ABI" -ge 1 ] && [ "$ABI" -lt 10 ]; then
	run "$LB" run --rox /usr -- true
	verdict "warning line: UDP is not listed (the filter closes it)" 0 EMPTY '!cannot restrict.*net\.bind_udp'
	run "$LB" run --no-seccomp --rox /usr -- true
	verdict "warning line: with --no-seccomp UDP is listed" 0 EMPTY '^landbox: .*cannot restrict.*net\.bind_udp, net\.connect_send_udp'
else
	skip "warning line: UDP is not listed (the filter closes it)" "ABI $ABI"
	skip "warning line: with --no-seccomp UDP is listed" "ABI $ABI"
fi
lb status
verdict "status: says whether seccomp is available" 0 '^seccomp: +available' ""
verdict "status: lists what the filter closes by default" 0 '^  mptcp +EACCES' ""

done_testing
