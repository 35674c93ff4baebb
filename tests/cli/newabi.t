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

PYR="--rox /usr --ro $T/py"

# ---- --unix: fs.resolve_unix (ABI 9) ----------------------------------------

mkdir -p "$T/sock"
UCONNECT="$NETPY connect unix $T/sock/s"
if ! listen_bg "$T/unix.ready" unix "$T/sock/s"; then
	for d in "denied without --unix" "--unix on the socket allows it" \
		"--unix on its directory allows it" "--ro alone does not allow it"; do
		skip "unix: $d" "cannot start a UNIX socket server"
	done
else
	# Without --unix: denied where the kernel restricts it (ABI 9).
	sb_enf 9 "unix: denied without --unix" '^EACCES$' '^connected hi$' -- $PYR --ro "$T/sock" -- $UCONNECT
	sb_abi 9 "unix: --unix on the socket allows it" 0 '^connected hi$' "" \
		-- $PYR --unix "$T/sock/s" -- $UCONNECT
	sb_abi 9 "unix: --unix on its directory allows it" 0 '^connected hi$' "" \
		-- $PYR --unix "$T/sock" -- $UCONNECT
	# --ro grants read_file on the socket, not resolve_unix.
	sb_enf 9 "unix: --ro alone does not allow it" '^EACCES$' '^connected hi$' -- $PYR --ro "$T/sock/s" -- $UCONNECT
fi

# ---- UDP ports (ABI 10) -----------------------------------------------------

# net.py's UDP commands on 127.0.0.1: bind PORT prints "bound"; connect PORT
# (connect, send, receive) and send PORT (sendto, no connect) print the
# server's "answer re:q".
UDP_BIND="$NETPY bind udp 127.0.0.1"
UDP_CONNECT="$NETPY connect udp 127.0.0.1"
UDP_SEND="$NETPY send udp 127.0.0.1"
UDP_CASES=("bind is denied by default" "--bind-udp allows its port" "--bind-udp denies another port"
	"--connect-udp does not allow bind" "connect is denied by default" "sendto is denied by default"
	"--connect-udp: a DNS-like exchange over a connected socket"
	"--connect-udp: sendto its port" "--connect-udp denies another port"
	"--connect-udp allows binding an ephemeral port"
	"--bind-udp does not allow connect" "--allow-udp opens every port")
if ! listen_bg "$T/udp.ready" udp 127.0.0.1 || ! $UDP_SEND "$(cat "$T/udp.ready")" >/dev/null 2>&1; then
	for d in "${UDP_CASES[@]}"; do skip "udp: $d" "no UDP server on the loopback"; done
else
	S=$(cat "$T/udp.ready")
	read -r P Q <<<"$(free_ports 127.0.0.1 2)"
	# Without UDP rules UDP is denied: by Landlock from ABI 10, before by the
	# seccomp layer (the socket itself); EACCES either way.
	sb "udp: bind is denied by default" 1 '^EACCES$' "" -- $PYR -- $UDP_BIND "$P"
	sb_abi 10 "udp: --bind-udp allows its port" 0 '^bound$' "" -- $PYR --bind-udp "$P" -- $UDP_BIND "$P"
	sb_abi 10 "udp: --bind-udp denies another port" 1 '^EACCES$' "" -- $PYR --bind-udp "$P" -- $UDP_BIND "$Q"
	sb_abi 10 "udp: --connect-udp does not allow bind" 1 '^EACCES$' "" -- $PYR --connect-udp "$P" -- $UDP_BIND "$P"
	sb "udp: connect is denied by default" 1 '^EACCES$' "" -- $PYR -- $UDP_CONNECT "$S"
	sb "udp: sendto is denied by default" 1 '^EACCES$' "" -- $PYR -- $UDP_SEND "$S"
	# What a resolver does with "connect-udp 53": connect, send, receive.
	sb_abi 10 "udp: --connect-udp: a DNS-like exchange over a connected socket" 0 '^answer re:q$' "" \
		-- $PYR --connect-udp "$S" -- $UDP_CONNECT "$S"
	sb_abi 10 "udp: --connect-udp: sendto its port" 0 '^answer re:q$' "" \
		-- $PYR --connect-udp "$S" -- $UDP_SEND "$S"
	# Connecting or sending binds an ephemeral port first (autobind): from
	# ABI 10 that needs net.bind_udp on port 0, which --connect-udp implies.
	sb_abi 10 "udp: --connect-udp allows binding an ephemeral port" 0 '^bound$' "" \
		-- $PYR --connect-udp "$S" -- $UDP_BIND 0
	sb_abi 10 "udp: --connect-udp denies another port" 1 '^EACCES$' "" \
		-- $PYR --connect-udp "$P" -- $UDP_SEND "$S"
	sb_abi 10 "udp: --bind-udp does not allow connect" 1 '^EACCES$' "" \
		-- $PYR --bind-udp "$S" -- $UDP_CONNECT "$S"
	sb "udp: --allow-udp opens every port" 0 '^answer re:q$' "" -- $PYR --allow-udp -- $UDP_CONNECT "$S"
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
if nobody_ok; then
	run "${NOBODY[@]}" "$LB" run --rox /usr --ro /proc -- grep NoNewPrivs /proc/self/status
	if [ "$NONE" = 1 ]; then
		verdict "nnp: unprivileged, COMMAND runs with no_new_privs" 125 "" "$HINT_RE"
	else
		verdict "nnp: unprivileged, COMMAND runs with no_new_privs" 0 '^NoNewPrivs:[[:space:]]*1$' ""
	fi
else
	skip "nnp: unprivileged, COMMAND runs with no_new_privs" "$NOBODY_WHY"
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
