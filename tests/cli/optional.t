#!/bin/bash
# SPDX-License-Identifier: MIT
# optional.t - optional profile lines ("ro? PATH", "connect-udp? 53"): an
# optional path that does not exist is skipped without a word (debug shows
# it), an optional rule whose feature this kernel cannot enforce is left out
# with an info note instead of a refusal, nothing else is weakened, --dry-run
# shows what was left out, and the built-in profiles use them.  Only path
# and port lines can be optional; the command line has no such marker.
. "$(dirname "$0")/lib.sh"
make_tree
make_py
DENIED='Permission denied'
P=$T/p
mkdir -p "$P"
# prof NAME LINE...: write the profile $P/NAME.profile.
prof() {
	local f=$P/$1.profile
	shift
	printf '%s\n' "$@" >"$f"
}
# block RULE: the dry-run lines of RULE ("/path" or "port 53") in $T/out.
block() {
	awk -v p="  $1 (" 'index($0, p) == 1 { on = 1; print; next }
		on && /^  [^ ]/ { on = 0 } on && /^[^ ]/ { on = 0 } on { print }' "$T/out"
}
# bcheck DESC RULE REGEX: REGEX must match a line of RULE's dry-run block.
bcheck() {
	if block "$2" | grep -Eq -- "$3"; then pass "$1"; else
		fail "$1" "block of $2:" "$(block "$2")"
	fi
}
OKRC=0
[ "$NONE" = 1 ] && OKRC=125

# ---- optional paths ----
prof missing 'rox /usr' "ro? $T/no-such-dir" "ro? $D/data/f/not-under-a-file" "ro $D/data"
sb "path: a missing optional path is skipped without a word" 0 '^secret-data$' '!no-such-dir|not-under-a-file|optional' \
	-- --profile "$P/missing.profile" -- cat "$D/data/f"
sb "path: the other rules still apply" 1 EMPTY "$DENIED" \
	-- --profile "$P/missing.profile" -- cat "$D/other/f"
run "$LB" run --log-level debug --profile "$P/missing.profile" -- true
if [ "$NONE" = 1 ]; then verdict "path: debug names the skipped path" 125 "" "no-such-dir: optional, skipped: does not exist"
else verdict "path: debug names the skipped path" 0 EMPTY "^landbox: debug: $P/missing.profile:2: ro\\? $T/no-such-dir: optional, skipped: does not exist$"; fi
check "path: debug names a path beneath a file" grep -q 'not-under-a-file: optional, skipped: does not exist' "$T/err"
prof present 'rox /usr' "ro? $D/data"
sb "path: an optional path that exists is a rule" 0 '^secret-data$' "" \
	-- --profile "$P/present.profile" -- cat "$D/data/f"
sb "path: an optional path grants only its rights" 2 EMPTY "$DENIED" \
	-- --profile "$P/present.profile" -- sh -c "echo x > '$D/data/f'"
prof plain 'rox /usr' "ro $T/no-such-dir"
expect "path: without '?' a missing path still stops landbox" 125 EMPTY "^landbox: $P/plain.profile:2: $T/no-such-dir: No such file" \
	-- "$LB" run --profile "$P/plain.profile" -- true
prof eq 'rox /usr' "ro?=$T/no-such-dir" "ro?=$D/data"
sb "path: the NAME?=VALUE form works" 0 '^secret-data$' "" -- --profile "$P/eq.profile" -- cat "$D/data/f"
# --ignore-missing warns about the plain lines, never about optional ones.
prof both 'rox /usr' "ro? $T/no-such-dir" "ro $T/no-such-either"
sb "path: --ignore-missing does not warn about optional lines" 0 EMPTY '!no-such-dir' \
	-- --ignore-missing --profile "$P/both.profile" -- true
check "path: --ignore-missing still warns about plain lines" grep -q "no-such-either does not exist: skipped" "$T/err"

# ---- optional features ----
# UDP port rules need ABI 10: "connect-udp? 53" is left out below it.
prof udp 'rox /usr' 'connect-udp? 53'
sb "udp: connect-udp? runs on every ABI" 0 EMPTY '!connect-udp' -- --profile "$P/udp.profile" -- true
run "$LB" run --log-level info --profile "$P/udp.profile" -- true
if [ "$NONE" = 1 ]; then
	verdict "udp: info notes the rule left out below ABI 10" 125 "" "$HINT_RE"
elif [ "$ABI" -lt 10 ]; then
	verdict "udp: info notes the rule left out below ABI 10" 0 EMPTY \
		"^landbox: $P/udp.profile:2: connect-udp\\? 53: optional, left out: UDP port rules need Landlock ABI 10 \\(Linux 7.2\\); this kernel \\(ABI $ABI\\) does not restrict UDP at all$"
else
	verdict "udp: info notes the rule left out below ABI 10" 0 EMPTY '!left out'
fi
prof udpplain 'rox /usr' 'connect-udp 53'
sb_abi 10 "udp: a plain connect-udp line still refuses below ABI 10" 0 EMPTY "" \
	-- --profile "$P/udpplain.profile" -- true
prof udpboth 'rox /usr' 'connect-udp? 53' 'connect-udp 5353'
sb_abi 10 "udp: an optional line does not excuse a plain one" 0 EMPTY "" \
	-- --profile "$P/udpboth.profile" -- true
run "$LB" run --dry-run --profile "$P/udp.profile" -- true
if [ "$NONE" = 1 ]; then
	verdict "udp: dry run shows the optional rule" 125 '^  port 53 \(optional\)' ""
	bcheck "udp: dry run grants or skips it by ABI" "port 53" 'requested: net.connect_send_udp'
elif [ "$ABI" -lt 10 ]; then
	verdict "udp: dry run shows the optional rule" 0 '^  port 53 \(optional: skipped\)' ""
	bcheck "udp: dry run grants or skips it by ABI" "port 53" "skipped: UDP port rules need Landlock ABI 10"
else
	verdict "udp: dry run shows the optional rule" 0 '^  port 53 \(optional\)' ""
	bcheck "udp: dry run grants or skips it by ABI" "port 53" 'granted: +net.connect_send_udp$'
fi
# Leaving the UDP rule out weakens nothing else: TCP stays denied.
if start_server 127.0.0.1; then
	A=$(server_port 127.0.0.1 a)
	B=$(server_port 127.0.0.1 b)
	prof udptcp 'rox /usr' "ro $T/py" 'connect-udp? 53'
	sb_enf 4 "udp: TCP is still denied when the UDP rule is left out" '^EACCES$' '^connected' \
		-- --profile "$P/udptcp.profile" -- $NETPY connect tcp 127.0.0.1 "$A"
	# "connect-tcp? PORT": a real rule from ABI 4, left out below.
	prof tcp 'rox /usr' "ro $T/py" "connect-tcp? $A"
	sb "tcp: connect-tcp? allows its port" 0 '^connected hello$' "" \
		-- --profile "$P/tcp.profile" -- $NETPY connect tcp 127.0.0.1 "$A"
	# Below ABI 4 the kernel does not restrict TCP: the line is left
	# out instead of refused.
	sb_enf 4 "tcp: connect-tcp? denies the other ports" '^EACCES$' '^connected' \
		-- --profile "$P/tcp.profile" -- $NETPY connect tcp 127.0.0.1 "$B"
else
	for d in "udp: TCP is still denied when the UDP rule is left out" "tcp: connect-tcp? allows its port" \
		"tcp: connect-tcp? denies the other ports"; do
		skip "$d" "cannot start a server"
	done
fi
# "unix? SOCKET" needs ABI 9.
mkdir -p "$T/sock"
$NETPY bind unix "$T/sock/s" >/dev/null
prof unix 'rox /usr' "unix? $T/sock/s"
sb "unix: unix? runs on every ABI" 0 EMPTY "" -- --profile "$P/unix.profile" -- true
prof unixplain 'rox /usr' "unix $T/sock/s"
sb_abi 9 "unix: a plain unix line still refuses below ABI 9" 0 EMPTY "" -- --profile "$P/unixplain.profile" -- true
# landrun does not restrict UDP unless a UDP option asks: an optional UDP
# line is not such a request, and is left out.
run "$LANDRUN" --dry-run --profile "$P/udp.profile" -- true
if grep -q '^  port 53 (optional: skipped)' "$T/out" &&
	grep -q 'skipped: this policy does not restrict net.connect_send_udp at all' "$T/out" &&
	! grep -q '^handled net:.*udp' "$T/out"; then
	pass "landrun: an optional UDP line does not make landrun restrict UDP"
else
	_report "landrun: an optional UDP line does not make landrun restrict UDP" "any" \
		"port 53 (optional: skipped), no UDP handled" ""
fi

# ---- what can be optional ----
for line in 'env? HOME' 'keep-env?' 'include? base' 'profile? base' 'ldd?' 'chdir? /tmp'; do
	prof bad 'rox /usr' "$line"
	expect "errors: '$line' is refused" 125 EMPTY \
		"^landbox: $P/bad.profile:2: option '[a-z-]+' cannot be optional \\('\\?' marks path and port options only\\)$" \
		-- "$LB" run --profile "$P/bad.profile" -- true
done
prof bad 'rox /usr' '? /tmp'
expect "errors: a lone '?' is an unknown option" 125 EMPTY "^landbox: $P/bad.profile:2: unknown option '\\?'" \
	-- "$LB" run --profile "$P/bad.profile" -- true
prof bad 'rox /usr' 'connect-udp? 70000'
expect "errors: an optional line's value is still checked" 125 EMPTY "^landbox: $P/bad.profile:2: connect-udp: invalid port '70000'" \
	-- "$LB" run --profile "$P/bad.profile" -- true
expect "errors: --ro? on the command line is refused with a hint" 125 EMPTY \
	"^landbox: hint: '\\?' marks an optional line in a profile" -- "$LB" run --ro? /tmp -- true
check "errors: --ro? names the option" grep -q "^landbox: unknown option '--ro?'" "$T/err"

# ---- the built-in profiles ----
# Each optional path line of base, tty and net-client is a rule where the
# path exists on this system and "optional: skipped" where it does not.
run "$LB" run --dry-run --profile base --profile tty --profile net-client -- true
cp "$T/out" "$T/builtin.dry"
for name in base tty net-client; do
	bad=""
	n=0
	while read -r opt path; do
		n=$((n + 1))
		cp "$T/builtin.dry" "$T/out"
		if [ -e "$path" ]; then
			block "$path" | grep -q "optional)" || bad="$bad $path(exists)"
		else
			block "$path" | grep -q "(optional: skipped)" || bad="$bad $path(missing)"
		fi
	done < <(sed -n 's/^\([a-z]*\)? \(\/.*\)$/\1 \2/p' "$ROOT/profiles/$name.profile")
	if [ "$n" -gt 0 ] && [ -z "$bad" ]; then pass "built-in: $name's optional paths follow this system"
	else fail "built-in: $name's optional paths follow this system" "lines: $n, wrong:$bad"; fi
done
cp "$T/builtin.dry" "$T/out"
if [ "$NONE" = 1 ] || [ "$ABI" -ge 10 ]; then
	bcheck "built-in: net-client's UDP rule follows the ABI" "port 53" '^  port 53 \(optional\)'
else
	bcheck "built-in: net-client's UDP rule follows the ABI" "port 53" 'skipped: UDP port rules need Landlock ABI 10'
fi
# net-client no longer needs --best-effort for DNS below ABI 10: it runs
# wherever TCP port rules work.
sb_abi 4 "built-in: net-client runs without --best-effort" 0 EMPTY "" \
	-- --log-level error --profile base --profile net-client -- true

done_testing
