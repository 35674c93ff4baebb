#!/bin/bash
# SPDX-License-Identifier: MIT
# options-net.t - the network options of `landbox run`: --connect-tcp and
# --bind-tcp (python3 clients and servers on 127.0.0.1 and ::1), the
# default (network denied when the kernel can), --unrestricted-network,
# the ABI 4 refusal and --best-effort, and the acceptance of --bind-udp /
# --connect-udp (ABI 10) and --unix (ABI 9).  Servers run outside the
# sandbox, on ephemeral ports, and are killed at exit.
. "$(dirname "$0")/lib.sh"
make_tree
make_py
HOSTS=127.0.0.1
V6=0
if have_ipv6; then HOSTS="$HOSTS ::1" V6=1; fi
# shellcheck disable=SC2086
if ! start_server $HOSTS; then
	HOSTS=127.0.0.1 V6=0
	start_server $HOSTS || skip_all "cannot start a python3 server on the loopback"
fi
PYR="--rox /usr --ro $T/py"
CONNECT="$NETPY connect tcp"
BIND="$NETPY bind tcp"

for fam in IPv4 IPv6; do
	if [ $fam = IPv4 ]; then h=127.0.0.1; else h=::1; fi
	if [ $fam = IPv6 ] && [ $V6 = 0 ]; then
		for d in "connect is denied by default" "--connect-tcp allows its port" \
			"--connect-tcp denies another port" "--connect-tcp list allows each port" \
			"repeated --connect-tcp allows each port" "--bind-tcp alone does not allow connect" \
			"--unrestricted-network allows any port" "--bind-tcp allows its port" \
			"--bind-tcp denies another port" "bind is denied by default" \
			"--connect-tcp does not allow bind" "--unrestricted-network allows any bind"; do
			skip "net $fam: $d" "no IPv6 loopback"
		done
		continue
	fi
	A=$(server_port $h a) B=$(server_port $h b)
	read -r P Q <<<"$(free_ports $h 2)"

	# connect(2)
	sb_enf 4 "net $fam: connect is denied by default" '^EACCES$' '^connected hello$' -- $PYR -- $CONNECT $h "$A"
	sb_abi 4 "net $fam: --connect-tcp allows its port" 0 '^connected hello$' "" \
		-- $PYR --connect-tcp "$A" -- $CONNECT $h "$A"
	sb_abi 4 "net $fam: --connect-tcp denies another port" 1 '^EACCES$' "" \
		-- $PYR --connect-tcp "$A" -- $CONNECT $h "$B"
	sb_abi 4 "net $fam: --connect-tcp list allows each port" 0 '^connected hello$' "" \
		-- $PYR --connect-tcp "$A,$B" -- $CONNECT $h "$B"
	sb_abi 4 "net $fam: repeated --connect-tcp allows each port" 0 '^connected hello$' "" \
		-- $PYR --connect-tcp "$B" --connect-tcp "$A" -- $CONNECT $h "$A"
	sb_abi 4 "net $fam: --bind-tcp alone does not allow connect" 1 '^EACCES$' "" \
		-- $PYR --bind-tcp "$A" -- $CONNECT $h "$A"
	sb "net $fam: --unrestricted-network allows any port" 0 '^connected hello$' "" \
		-- $PYR --unrestricted-network -- $CONNECT $h "$B"

	# bind(2), on free ports P (granted) and Q (not)
	sb_abi 4 "net $fam: --bind-tcp allows its port" 0 '^bound$' "" \
		-- $PYR --bind-tcp "$P" -- $BIND $h "$P"
	sb_abi 4 "net $fam: --bind-tcp denies another port" 1 '^EACCES$' "" \
		-- $PYR --bind-tcp "$P" -- $BIND $h "$Q"
	sb_enf 4 "net $fam: bind is denied by default" '^EACCES$' '^bound$' -- $PYR -- $BIND $h "$Q"
	sb_abi 4 "net $fam: --connect-tcp does not allow bind" 1 '^EACCES$' "" \
		-- $PYR --connect-tcp "$P" -- $BIND $h "$P"
	sb "net $fam: --unrestricted-network allows any bind" 0 '^bound$' "" \
		-- $PYR --unrestricted-network -- $BIND $h "$Q"
done

A=$(server_port 127.0.0.1 a) B=$(server_port 127.0.0.1 b)
# Port 0 with a bind right allows an ephemeral port.
sb_abi 4 "net: --bind-tcp 0 allows an ephemeral port" 0 '^bound$' "" -- $PYR --bind-tcp 0 -- $BIND 127.0.0.1 0
sb_enf 4 "net: an ephemeral port is denied by default" '^EACCES$' '^bound$' -- $PYR -- $BIND 127.0.0.1 0
sb_abi 4 "net: port 65535 is accepted" 0 EMPTY "" -- --rox /usr --connect-tcp 65535 -- true

# The areas are independent.
sb_enf 4 "net: --unrestricted-filesystem keeps the network denied" '^EACCES$' '^connected hello$' \
	-- --unrestricted-filesystem -- $CONNECT 127.0.0.1 "$A"
sb "net: --unrestricted-network keeps the filesystem denied" 1 EMPTY 'Permission denied' \
	-- --rox /usr --unrestricted-network -- cat "$D/data/f"
sb "net: both unrestricted lets everything through" 0 '^connected hello$' "" \
	-- --unrestricted-network --unrestricted-filesystem -- $CONNECT 127.0.0.1 "$A"

# Refusal below ABI 4 names the feature and the ABI it needs.
run "$LB" run $PYR --connect-tcp "$A" -- $CONNECT 127.0.0.1 "$B"
if [ "$NONE" = 1 ]; then
	verdict "net: the refusal below ABI 4 names the TCP feature" 125 EMPTY "$HINT_RE"
elif [ "$ABI" -lt 4 ]; then
	verdict "net: the refusal below ABI 4 names the TCP feature" 125 EMPTY '^landbox:.*([Tt][Cc][Pp]|connect-tcp).*ABI 4|^landbox:.*ABI 4.*([Tt][Cc][Pp]|connect-tcp)'
else
	verdict "net: the refusal below ABI 4 names the TCP feature" 1 '^EACCES$' ""
fi
# --best-effort: below ABI 4 the rule cannot be enforced, COMMAND runs with
# a warning; with no Landlock it runs unsandboxed.
run "$LB" run --best-effort $PYR --connect-tcp "$A" -- $CONNECT 127.0.0.1 "$B"
if [ "$ENF" -ge 4 ]; then
	verdict "net: --best-effort --connect-tcp below ABI 4 runs with a warning" 1 '^EACCES$' ""
else
	verdict "net: --best-effort --connect-tcp below ABI 4 runs with a warning" 0 '^connected hello$' '^landbox:'
fi
if [ "$NONE" = 0 ] && [ "$ABI" -lt 4 ]; then
	verdict "net: the best-effort warning names what is not restricted" 0 '' '^landbox:.*(net\.connect_tcp|[Tt][Cc][Pp])'
else
	skip "net: the best-effort warning names what is not restricted" "ABI $ABI enforces TCP rules"
fi
# Without explicit network options, an old kernel's warning line lists TCP.
run "$LB" run $PYR -- $CONNECT 127.0.0.1 "$A"
if [ "$NONE" = 1 ]; then
	verdict "net: default run below ABI 4 lists TCP in the warning line" 125 "" "$HINT_RE"
elif [ "$ABI" -lt 4 ]; then
	verdict "net: default run below ABI 4 lists TCP in the warning line" 0 '^connected hello$' '^landbox:.*cannot restrict.*net\.connect_tcp'
else
	verdict "net: default run below ABI 4 lists TCP in the warning line" 1 '^EACCES$' '!^landbox:.*cannot restrict.*net\.connect_tcp'
fi

# UDP port rules need ABI 10, --unix ABI 9 (acceptance only: this kernel
# cannot enforce them; the emulated ABI 8-10 runs forward to ABI 7).
sb_abi 10 "net: --bind-udp is accepted from ABI 10" 0 EMPTY "" -- --rox /usr --bind-udp 5353 -- true
sb_abi 10 "net: --connect-udp is accepted from ABI 10" 0 EMPTY "" -- --rox /usr --connect-udp 53 -- true
run "$LB" run --rox /usr --bind-udp 5353 -- true
if [ "$NONE" = 0 ] && [ "$ABI" -lt 10 ]; then
	verdict "net: the UDP refusal names UDP" 125 EMPTY '^landbox:.*([Uu][Dd][Pp]|bind-udp)'
else
	verdict "net: the UDP refusal names UDP" "$([ "$NONE" = 1 ] && echo 125 || echo 0)" EMPTY ""
fi
run "$LB" run --best-effort --rox /usr --bind-udp 5353 -- true
verdict "net: --best-effort --bind-udp runs on any ABI" 0 EMPTY ""
mkdir -p "$T/unixdir"
sb_abi 9 "net: --unix is accepted from ABI 9" 0 EMPTY "" -- --rox /usr --unix "$T/unixdir" -- true

done_testing
