#!/bin/bash
# SPDX-License-Identifier: MIT
# causes.t - `landbox run --explain` when COMMAND fails and no Landlock denial
# explains it: landbox says what else it changed that may be at fault (the
# PATH COMMAND got, exit status 127 "not found" and 126 "not executable",
# the variables not passed, capabilities, the seccomp filter), each with the
# option that changes it; nothing of the kind after a denial or a success.
# Needs what --explain needs (root, ABI 7); takes the audit tests' lock.
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_tree

CASES=("127, landbox's default PATH" "127, no PATH" "126" "variables not passed"
	"passed variables not named" "capabilities" "seccomp" "--no-seccomp"
	"after a denial" "after success" "killed by a signal")
[ "$EXPLAIN" = 1 ] || skip_rest "$EXPLAIN_WHY" "${CASES[@]/#/causes: }"
keep_audit_state

HEAD_RE='^landbox: --explain: COMMAND exited [0-9]+ and no Landlock denial explains it; what else may be at fault:$'
# causes DESC RC WANT-RE... -- ARGS...: `landbox run --explain ARGS` exits RC,
# says it saw no denial, then the causes; each WANT-RE matches a line
# ("!RE": no line matches).
causes() {
	local d=$1 rc=$2 re ok=1
	local -a want=()
	shift 2
	while [ "$1" != -- ]; do want+=("$1"); shift; done
	shift
	run "$LB" run --explain "$@"
	[ "$RC" = "$rc" ] || ok=0
	_match "$T/err" '^landbox: --explain: no Landlock denial$' || ok=0
	_match "$T/err" "$HEAD_RE" || ok=0
	for re in "${want[@]}"; do _match "$T/err" "$re" || ok=0; done
	if [ $ok = 1 ]; then pass "$d"; else _report "$d" "$rc" "" "$HEAD_RE ${want[*]}"; fi
}
# PATH here is lib.sh's, not landbox's default: the difference is named.
causes "causes: 127, landbox's default PATH" 127 \
	"^landbox:   status 127: a program COMMAND ran was not found$" \
	"^landbox:   COMMAND's PATH is landbox's default /usr/local/bin:/usr/bin:/bin, not yours: --env PATH passes yours$" \
	-- $BASE -- sh -c 'no-such-program-here'
causes "causes: 127, no PATH" 127 \
	"^landbox:   COMMAND's environment has no PATH: add --env PATH" \
	-- $BASE --clear-env -- /bin/sh -c 'no-such-program-here'
causes "causes: 126" 126 \
	"^landbox:   status 126: a program COMMAND ran was found but could not be executed" \
	-- $BASE --ro "$D/bin" -- sh -c "'$D/bin/noexec'"
HOME=/root USER=someone causes "causes: variables not passed" 3 \
	"^landbox:   COMMAND's environment lacks HOME, USER(, [A-Z]+)* \(set here\): --env NAME passes one, --keep-env all$" \
	-- $BASE -- sh -c 'exit 3'
HOME=/root USER=someone causes "causes: passed variables not named" 3 \
	'!lacks.*HOME' '!lacks.*USER' -- $BASE --env HOME --env USER -- sh -c 'exit 3'
causes "causes: capabilities" 3 \
	"^landbox:   COMMAND runs without root's capabilities: --keep-caps keeps them$" \
	-- $BASE -- sh -c 'exit 3'
causes "causes: seccomp" 3 \
	"^landbox:   the seccomp filter refuses some sockets, io_uring and TIOCSTI without an audit record" \
	-- $BASE -- sh -c 'exit 3'
causes "causes: --no-seccomp" 3 '!seccomp filter' -- $BASE --no-seccomp -- sh -c 'exit 3'

# With a denial, the denial is the answer; success and signals need none.
run "$LB" run --explain $BASE -- cat "$D/data/f"
if [ "$RC" = 1 ] && _match "$T/err" '^landbox: denied fs\.read_file' && _match "$T/err" '!what else may be at fault'; then
	pass "causes: after a denial"
else _report "causes: after a denial" 1 "" "a denial, no causes"; fi
run "$LB" run --explain $BASE -- sh -c 'exit 0'
if [ "$RC" = 0 ] && _match "$T/err" '!what else may be at fault'; then pass "causes: after success"
else _report "causes: after success" 0 "" "no causes"; fi
run "$LB" run --explain $BASE -- sh -c 'kill -TERM $$'
if [ "$RC" = 143 ] && _match "$T/err" '!what else may be at fault'; then pass "causes: killed by a signal"
else _report "causes: killed by a signal" 143 "" "no causes"; fi
done_testing
