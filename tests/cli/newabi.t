#!/bin/bash
# SPDX-License-Identifier: MIT
# newabi.t - what only Landlock ABI 9 to 11 enforce, checked for real: on
# this machine's kernel (ABI 7: the cases skip, saying why) and, through the
# kernel matrix, on Debian's 7.2 (ABI 10) and 7.3 (ABI 11) where they bite:
#   - --unix (fs.resolve_unix, ABI 9): connecting to a pathname UNIX socket
#     created outside the sandbox is denied without the rule, allowed with it;
#   - --bind-udp / --connect-udp (ABI 10): bind, connect and sendto denied or
#     allowed by port, and a DNS-like exchange (a question, an answer) with a
#     UDP server on the loopback, outside the sandbox (the first run on 7.2
#     found that this needs net.bind_udp on port 0 too: the socket binds an
#     ephemeral port when it connects; --connect-udp now implies it);
#   - --strict runs once every right is enforced (ABI 10; ABI 11 adds only
#     flag.no_new_privs, which landbox sets itself), and no warning line;
#   - no_new_privs is set in COMMAND, and on ABI 11 it is set by the
#     restricting call itself (the CLI no longer needs its prctl first).
# Servers run outside the sandbox on ephemeral ports.  An emulated ABI above
# the kernel's cannot enforce any of this: the file then leaves it to the
# real kernel.
. "$(dirname "$0")/lib.sh"
make_tree
make_py
if [ "$ABI" -gt "$REAL_ABI" ]; then
	skip_all "runs on the real kernel only (emulated ABI $ABI > this kernel's $REAL_ABI enforces none of ABI $((REAL_ABI + 1))-$ABI)"
fi

# ---- fixtures ------------------------------------------------------------

# unixsrv.py PATH READY: a pathname UNIX stream server answering "hi".
cat >"$T/py/unixsrv.py" <<'EOF'
import select, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(8)
open(sys.argv[2], "w").close()
end = time.time() + 60
while time.time() < end:
    r, _, _ = select.select([s], [], [], 1)
    if r:
        c, _ = s.accept()
        c.sendall(b"hi\n")
        c.close()
EOF
# unixconnect.py PATH: "connected hi", or the errno name (exit 1).
cat >"$T/py/unixconnect.py" <<'EOF'
import errno, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
try:
    s.connect(sys.argv[1])
    print("connected", s.recv(8).decode().strip())
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e)))
    sys.exit(1)
EOF
# udpsrv.py READY: a UDP server on 127.0.0.1 (ephemeral port, written to
# READY) answering each datagram "X" with "re:X", as a DNS server answers.
cat >"$T/py/udpsrv.py" <<'EOF'
import os, select, socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
end = time.time() + 60
while time.time() < end:
    r, _, _ = select.select([s], [], [], 1)
    if r:
        d, a = s.recvfrom(512)
        s.sendto(b"re:" + d, a)
EOF
# udp.py bind PORT | connect PORT | sendto PORT: bind prints "bound";
# connect (connect, send, receive) and sendto (no connect) print "answer
# re:q"; a failure prints the errno name (exit 1).
cat >"$T/py/udp.py" <<'EOF'
import errno, socket, sys
mode, port = sys.argv[1], int(sys.argv[2])
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    if mode == "bind":
        s.bind(("127.0.0.1", port))
        print("bound")
    elif mode == "connect":
        s.connect(("127.0.0.1", port))
        s.send(b"q")
        print("answer", s.recv(64).decode())
    else:
        s.sendto(b"q", ("127.0.0.1", port))
        print("answer", s.recvfrom(64)[0].decode())
except socket.timeout:
    print("timeout")
    sys.exit(1)
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e)))
    sys.exit(1)
EOF
PYR="--rox /usr --ro $T/py"

# ---- --unix: fs.resolve_unix (ABI 9) ----------------------------------------

mkdir -p "$T/sock"
"$PY" -S "$T/py/unixsrv.py" "$T/sock/s" "$T/sock/ready" 2>"$T/unixsrv.err" &
bg_track $!
i=0
while [ ! -e "$T/sock/ready" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
UCONNECT="$PY -S $T/py/unixconnect.py $T/sock/s"
if [ ! -e "$T/sock/ready" ]; then
	for d in "denied without --unix" "--unix on the socket allows it" \
		"--unix on its directory allows it" "--ro alone does not allow it"; do
		skip "unix: $d" "cannot start a UNIX socket server"
	done
else
	# Without --unix: denied where the kernel restricts it (ABI 9).
	if [ "$ENF" -ge 9 ]; then
		sb "unix: denied without --unix" 1 '^EACCES$' "" -- $PYR --ro "$T/sock" -- $UCONNECT
	else
		sb "unix: denied without --unix" 0 '^connected hi$' "" -- $PYR --ro "$T/sock" -- $UCONNECT
	fi
	sb_abi 9 "unix: --unix on the socket allows it" 0 '^connected hi$' "" \
		-- $PYR --unix "$T/sock/s" -- $UCONNECT
	sb_abi 9 "unix: --unix on its directory allows it" 0 '^connected hi$' "" \
		-- $PYR --unix "$T/sock" -- $UCONNECT
	# --ro grants read_file on the socket, not resolve_unix.
	if [ "$ENF" -ge 9 ]; then
		sb "unix: --ro alone does not allow it" 1 '^EACCES$' "" -- $PYR --ro "$T/sock/s" -- $UCONNECT
	else
		sb "unix: --ro alone does not allow it" 0 '^connected hi$' "" -- $PYR --ro "$T/sock/s" -- $UCONNECT
	fi
fi

# ---- UDP ports (ABI 10) -----------------------------------------------------

READY=$T/udp.ready
"$PY" -S "$T/py/udpsrv.py" "$READY" 2>"$T/udpsrv.err" &
bg_track $!
i=0
while [ ! -s "$READY" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
UDP="$PY -S $T/py/udp.py"
UDP_CASES=("bind is denied by default" "--bind-udp allows its port" "--bind-udp denies another port"
	"--connect-udp does not allow bind" "connect is denied by default" "sendto is denied by default"
	"--connect-udp: a DNS-like exchange over a connected socket"
	"--connect-udp: sendto its port" "--connect-udp denies another port"
	"--connect-udp allows binding an ephemeral port"
	"--bind-udp does not allow connect" "--allow-udp opens every port")
if [ ! -s "$READY" ] || ! $UDP sendto "$(cat "$READY")" >/dev/null 2>&1; then
	for d in "${UDP_CASES[@]}"; do skip "udp: $d" "no UDP server on the loopback"; done
else
	S=$(cat "$READY")
	read -r P Q <<<"$("$PY" -S "$T/py/freeport.py" 127.0.0.1 2)"
	# Without UDP rules UDP is denied: by Landlock from ABI 10, before by the
	# seccomp layer (the socket itself); EACCES either way.
	sb "udp: bind is denied by default" 1 '^EACCES$' "" -- $PYR -- $UDP bind "$P"
	sb_abi 10 "udp: --bind-udp allows its port" 0 '^bound$' "" -- $PYR --bind-udp "$P" -- $UDP bind "$P"
	sb_abi 10 "udp: --bind-udp denies another port" 1 '^EACCES$' "" -- $PYR --bind-udp "$P" -- $UDP bind "$Q"
	sb_abi 10 "udp: --connect-udp does not allow bind" 1 '^EACCES$' "" -- $PYR --connect-udp "$P" -- $UDP bind "$P"
	sb "udp: connect is denied by default" 1 '^EACCES$' "" -- $PYR -- $UDP connect "$S"
	sb "udp: sendto is denied by default" 1 '^EACCES$' "" -- $PYR -- $UDP sendto "$S"
	# What a resolver does with "connect-udp 53": connect, send, receive.
	sb_abi 10 "udp: --connect-udp: a DNS-like exchange over a connected socket" 0 '^answer re:q$' "" \
		-- $PYR --connect-udp "$S" -- $UDP connect "$S"
	sb_abi 10 "udp: --connect-udp: sendto its port" 0 '^answer re:q$' "" \
		-- $PYR --connect-udp "$S" -- $UDP sendto "$S"
	# Connecting or sending binds an ephemeral port first (autobind): from
	# ABI 10 that needs net.bind_udp on port 0, which --connect-udp implies.
	sb_abi 10 "udp: --connect-udp allows binding an ephemeral port" 0 '^bound$' "" \
		-- $PYR --connect-udp "$S" -- $UDP bind 0
	sb_abi 10 "udp: --connect-udp denies another port" 1 '^EACCES$' "" \
		-- $PYR --connect-udp "$P" -- $UDP sendto "$S"
	sb_abi 10 "udp: --bind-udp does not allow connect" 1 '^EACCES$' "" \
		-- $PYR --bind-udp "$S" -- $UDP connect "$S"
	sb "udp: --allow-udp opens every port" 0 '^answer re:q$' "" -- $PYR --allow-udp -- $UDP connect "$S"
fi

# ---- everything enforced: --strict runs, no warning line (ABI 10+) ------------

if [ "$NONE" = 1 ]; then
	sb "strict: --strict runs when every right is enforced" 125 "" "" -- --strict --rox /usr -- true
	skip "strict: no warning line when everything is enforced" "no Landlock"
elif [ "$ENF" -ge "$ABI_KNOWN" ]; then
	sb "strict: --strict runs when every right is enforced" 0 EMPTY EMPTY -- --strict --rox /usr -- true
	sb "strict: no warning line when everything is enforced" 0 EMPTY EMPTY -- --rox /usr -- true
else
	sb "strict: --strict runs when every right is enforced" 125 EMPTY "^landbox:.*ABI" -- --strict --rox /usr -- true
	skip "strict: no warning line when everything is enforced" "ABI $ABI cannot restrict every right"
fi

# ---- no_new_privs (ABI 11: set by landlock_restrict_self itself) ---------------

# COMMAND runs with no_new_privs whichever way it was set; as an unprivileged
# user too (no CAP_SYS_ADMIN: Landlock itself needs no_new_privs then).
sb "nnp: COMMAND runs with no_new_privs" 0 '^NoNewPrivs:[[:space:]]*1$' "" \
	-- --rox /usr --ro /proc -- grep NoNewPrivs /proc/self/status
NOBODY=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$NOBODY" ]; then
	run $NOBODY "$LB" run --rox /usr --ro /proc -- grep NoNewPrivs /proc/self/status
	if [ "$NONE" = 1 ]; then
		verdict "nnp: unprivileged, COMMAND runs with no_new_privs" 125 "" "$HINT_RE"
	else
		verdict "nnp: unprivileged, COMMAND runs with no_new_privs" 0 '^NoNewPrivs:[[:space:]]*1$' ""
	fi
else
	skip "nnp: unprivileged, COMMAND runs with no_new_privs" "not root (setpriv needs it)"
fi
# On ABI 11, landbox asks the kernel for it with the domain: the debug log
# says which way it went.
run "$LB" run --log-level debug --rox /usr -- true
if [ "$NONE" = 1 ]; then
	verdict "nnp: the debug log says who sets no_new_privs" 125 "" "$HINT_RE"
elif [ "$ENF" -ge 11 ]; then
	verdict "nnp: the debug log says who sets no_new_privs" 0 EMPTY '^landbox: debug: no_new_privs: set by landlock_restrict_self'
else
	verdict "nnp: the debug log says who sets no_new_privs" 0 EMPTY '^landbox: debug: no_new_privs: set by prctl'
fi

done_testing
