#!/bin/bash
# SPDX-License-Identifier: MIT
# dryrun.t - `landbox run --dry-run`: prints the effective policy on THIS
# kernel (every rule with the rights granted after masking and degrading,
# the handled sets, what cannot be enforced) and exits without running
# COMMAND: 0 when a run would go ahead, 125 (with the reason) when a run
# would be refused.
. "$(dirname "$0")/lib.sh"
make_tree
M=$T/marker

# block PATH: the dry-run lines of the rule for PATH (header to next rule).
block() {
	awk -v p="  $1 (" 'index($0, p) == 1 { on = 1; print; next }
		on && /^  [^ ]/ { on = 0 } on && /^[^ ]/ { on = 0 } on { print }' "$T/out"
}
# granted PATH: its "granted" line.
granted() { block "$1" | grep -E '^ +granted' || true; }
# bcheck DESC PATH REGEX: REGEX ("!RE" negates) must match the rule's block.
bcheck() {
	local d=$1 p=$2 re=$3
	if [ "$NONE" = 1 ]; then skip "$d" "no Landlock"; return; fi
	if [ "${re#!}" != "$re" ]; then
		if ! block "$p" | grep -Eq -- "${re#!}" && [ -n "$(block "$p")" ]; then pass "$d"; else fail "$d" "rule block:"; block "$p" | sed 's/^/#   | /' >&2; fi
	else
		if block "$p" | grep -Eq -- "$re"; then pass "$d"; else fail "$d" "rule block:"; block "$p" | sed 's/^/#   | /' >&2; fi
	fi
}
gcheck() { # gcheck DESC PATH REGEX: on the granted line
	local d=$1 p=$2 re=$3
	if [ "$NONE" = 1 ]; then skip "$d" "no Landlock"; return; fi
	if [ "${re#!}" != "$re" ]; then
		if [ -n "$(granted "$p")" ] && ! granted "$p" | grep -Eq -- "${re#!}"; then pass "$d"; else fail "$d" "granted: $(granted "$p")"; fi
	else
		if granted "$p" | grep -Eq -- "$re"; then pass "$d"; else fail "$d" "granted: $(granted "$p")"; fi
	fi
}
# the exit status of a dry run that a real run would accept
OKRC=0
[ "$NONE" = 1 ] && OKRC=125

rm -f "$M"
run "$LB" run --dry-run --rox /usr --ro "$D/data" --rw "$D/w/f,$D/w" -- touch "$M"
cp "$T/out" "$T/dry1"
verdict "dry-run: exits without running COMMAND" $OKRC "" ""
check "dry-run: COMMAND did not run" test ! -e "$M"
if [ "$NONE" = 1 ]; then
	verdict "dry-run: names the kernel's ABI" 125 '[Nn]o Landlock' '^landbox:'
else
	verdict "dry-run: names the kernel's ABI" 0 "ABI $ABI" ""
fi
verdict "dry-run: lists each rule path" $OKRC "^  $D/data \(" ""
# The enforcement summary never overstates: nothing is enforced without
# Landlock, and before ABI 10 something handled cannot be.
cp "$T/dry1" "$T/out"
if [ "$NONE" = 1 ]; then verdict "dry-run: the summary does not overstate enforcement" 125 '!fully enforced' ""
elif [ "$ABI" -lt "$ABI_KNOWN" ]; then verdict "dry-run: the summary does not overstate enforcement" 0 'partially enforced' ""
else verdict "dry-run: the summary does not overstate enforcement" 0 'fully enforced' ""; fi
verdict "dry-run: shows the handled sets" $OKRC '[Hh]andled' ""
gcheck "dry-run: --ro dir grants read_file" "$D/data" 'fs\.read_file'
gcheck "dry-run: --ro dir grants read_dir" "$D/data" 'fs\.read_dir'
gcheck "dry-run: --ro dir grants no write" "$D/data" '!fs\.write_file'
gcheck "dry-run: --rw file grants write_file" "$D/w/f" 'fs\.write_file'
gcheck "dry-run: --rw file has read_dir masked away" "$D/w/f" '!fs\.read_dir'
gcheck "dry-run: --rw file has make_reg masked away" "$D/w/f" '!fs\.make_reg'
bcheck "dry-run: --rw file shows what was masked" "$D/w/f" 'fs\.make_reg'
gcheck "dry-run: --rw dir grants make_reg" "$D/w" 'fs\.make_reg'
gcheck "dry-run: --rox dir grants execute" /usr 'fs\.execute'

# Degrading to this kernel.
cant() { # cant DESC COND RIGHT: RIGHT is said to be unenforceable iff COND
	local d=$1 c=$2 r=$3
	cp "$T/dry1" "$T/out"
	if [ "$NONE" = 1 ]; then skip "$d" "no Landlock"; return; fi
	if eval "$c"; then verdict "$d" 0 "(cannot|not restricted|not enforced).*$r" ""
	else verdict "$d" 0 "!(cannot|not restricted|not enforced).*$r" ""; fi
}
cant "dry-run: truncate is unenforceable below ABI 3" '[ $ABI -lt 3 ]' 'fs\.truncate'
cant "dry-run: refer is unenforceable below ABI 2" '[ $ABI -lt 2 ]' 'fs\.refer'
cant "dry-run: ioctl_dev is unenforceable below ABI 5" '[ $ABI -lt 5 ]' 'fs\.ioctl_dev'
cant "dry-run: scopes are unenforceable below ABI 6" '[ $ABI -lt 6 ]' 'scope\.signal'
cant "dry-run: TCP is unenforceable below ABI 4" '[ $ABI -lt 4 ]' 'net\.connect_tcp'
cant "dry-run: resolve_unix is unenforceable below ABI 9" '[ $ABI -lt 9 ]' 'fs\.resolve_unix'
cant "dry-run: UDP is unenforceable below ABI 10" '[ $ABI -lt 10 ]' 'net\.bind_udp'
if [ "$NONE" = 0 ] && [ "$ABI" -ge 3 ]; then
	gcheck "dry-run: --rw file grants truncate from ABI 3" "$D/w/f" 'fs\.truncate'
elif [ "$NONE" = 0 ]; then
	gcheck "dry-run: --rw file grants truncate from ABI 3" "$D/w/f" '!fs\.truncate'
else
	skip "dry-run: --rw file grants truncate from ABI 3" "no Landlock"
fi

# Features refused below their ABI: the dry run says so and exits 125.
dfeat() { # dfeat N DESC REGEX ARGS: a dry run using a feature of ABI N
	local n=$1 d=$2 re=$3
	shift 3
	run "$LB" run --dry-run --rox /usr "$@" -- true
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "^landbox:"
	elif [ "$ABI" -lt "$n" ]; then verdict "$d" 125 "" "^landbox:.*ABI $n"
	else verdict "$d" 0 "$re" ""; fi
}
dfeat 4 "dry-run: --connect-tcp shows the port rule" 'port 443' --connect-tcp 443
dfeat 4 "dry-run: --connect-tcp grants connect_tcp" 'net\.connect_tcp' --connect-tcp 443
dfeat 4 "dry-run: --bind-tcp shows the port rule" 'port 8080' --bind-tcp 8080
dfeat 10 "dry-run: --bind-udp shows the port rule" 'net\.bind_udp' --bind-udp 5353
dfeat 10 "dry-run: --connect-udp shows the port rule" 'net\.connect_send_udp' --connect-udp 53
dfeat 10 "dry-run: --connect-udp shows the ephemeral bind it implies" '^  port 0 from --connect-udp' --connect-udp 53
dfeat 9 "dry-run: --unix grants resolve_unix" 'fs\.resolve_unix' --unix "$D/data"
dfeat 7 "dry-run: log flags are shown" 'log_subdomains_off' --log-disable-subdomains
run "$LB" run --dry-run --best-effort --rox /usr --connect-tcp 443 -- true
if [ "$NONE" = 0 ] && [ "$ABI" -lt 4 ]; then
	verdict "dry-run: --best-effort below ABI 4 exits 0 and says TCP is not restricted" 0 '(cannot|not restricted|not enforced).*net\.connect_tcp' ""
else
	verdict "dry-run: --best-effort below ABI 4 exits 0 and says TCP is not restricted" 0 'port 443' ""
fi

# Other content.
run "$LB" run --dry-run --rox /usr --env FOO=bar -- env
verdict "dry-run: shows the environment" $OKRC 'FOO=bar' ""
run "$LB" run --dry-run --rox /usr --ignore-missing --ro "$T/missing" -- true
verdict "dry-run: shows a skipped missing path" $OKRC "$T/missing.*(missing|skipped)" ""
run "$LB" run --dry-run --profile base -- true
verdict "dry-run: shows the rules of a profile" $OKRC '^  /usr \(' ""
run "$LB" run --dry-run --unrestricted-network --rox /usr -- true
if [ "$NONE" = 1 ]; then verdict "dry-run: --unrestricted-network handles no network right" 125 "" ""
else verdict "dry-run: --unrestricted-network handles no network right" 0 '[Hh]andled net.*\(none\)' ""; fi
run "$LB" run --dry-run --rox /usr
verdict "dry-run: works without COMMAND" $OKRC '^  /usr \(' ""
run "$LB" run --dry-run --best-effort --rox /usr -- true
verdict "dry-run: --best-effort always exits 0" 0 "" ""
# Outside Landlock: the terminal and the capabilities (enter.c).
run "$LB" run --dry-run --best-effort --rox /usr -- true
verdict "dry-run: says every capability is dropped" 0 '^capabilities: all dropped \(--keep-caps keeps them\)$' ""
verdict "dry-run: says COMMAND is detached from the terminal" 0 '^terminal: COMMAND is detached from the controlling terminal' ""
run "$LB" run --dry-run --best-effort --keep-caps --same-session --rox /usr -- true
verdict "dry-run: --keep-caps keeps the capabilities" 0 '^capabilities: kept \(--keep-caps\)$' ""
verdict "dry-run: --same-session keeps the terminal" 0 '^terminal: COMMAND keeps the controlling terminal \(--same-session\)$' ""

done_testing
