#!/bin/bash
# SPDX-License-Identifier: MIT
# explain.t - `landbox run --explain`: each kind of denial (read, write,
# execute, create, TCP connect and bind, signal, abstract socket) explained
# with the object, the program and the option that allows it, read from the
# kernel's real audit records; COMMAND's exit status unchanged; the audit
# state left as found (also after SIGTERM, also with two runs at once, each
# seeing only its own denials).  Without root or below ABI 7, --explain says
# exactly what is missing and COMMAND still runs.
# The audit state is the whole system's: runs of this test (and of learn.t)
# in parallel suites would change it under each other.  One at a time.
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_py
make_tree

# ---- without what it needs: say so, run COMMAND anyway -----------------------

# explain_refused DESC WHY RC -- CMD...: --explain said what is missing.
explain_refused() {
	local d=$1 re=$2 rc=$3
	shift 4
	run "$@"
	if [ "$NONE" = 1 ]; then
		# No Landlock: run refuses anyway (exit 125, the kernel's hint),
		# after --explain said what it lacks.
		verdict "$d" 125 "" "$re"
	else
		verdict "$d" "$rc" '^ran$' "$re"
	fi
}

if nobody_ok; then
	explain_refused "explain=audit: without privileges, says which capabilities are missing and runs" \
		"$(explain_missing_re --explain nopriv)running without it$" 7 \
		-- "${NOBODY[@]}" "$LB" run --explain=audit $BASE -- sh -c 'echo ran; exit 7'
	run "${NOBODY[@]}" "$LB" run --explain=audit $BASE -- sh -c 'echo ran; exit 7'
	if [ "$NONE" = 1 ] || ! grep -q 'denied' "$T/err"; then
		pass "explain=audit: without privileges, no denial is reported"
	else
		fail "explain=audit: without privileges, no denial is reported" "$(cat "$T/err")"
	fi
else
	skip "explain=audit: without privileges, says which capabilities are missing and runs" "$NOBODY_WHY"
	skip "explain=audit: without privileges, no denial is reported" "$NOBODY_WHY"
fi
if [ "$IS_ROOT" = 1 ] && [ "$ABI" -lt 7 ]; then
	explain_refused "explain: below ABI 7, says which ABI it needs and runs" \
		"$(explain_missing_re --explain)running without it$" 7 \
		-- "$LB" run --explain=audit $BASE -- sh -c 'echo ran; exit 7'
else
	skip "explain: below ABI 7, says which ABI it needs and runs" "ABI $ABI"
fi

if [ "$EXPLAIN" != 1 ]; then
	REST=(read write execute create "TCP connect" "TCP bind" signal "abstract socket"
		"exit status" "counts" "killed by a signal" "no denial" "audit state")
	skip_rest "$EXPLAIN_WHY" "${REST[@]/#/explain: }"
fi

keep_audit_state

# xp DESC RC LINE-RE -- ARGS...: `landbox run --explain ARGS`, exit RC, and
# one stderr line matching LINE-RE; the audit state unchanged afterwards.
xp() {
	local d=$1 rc=$2 re=$3 before
	shift 4
	before=$(audit_enabled)
	run "$LB" run --explain "$@"
	if [ "$RC" = "$rc" ] && _match "$T/err" "$re" && [ "$(audit_enabled)" = "$before" ]; then
		pass "$d"
	else
		_report "$d" "$rc" "" "$re (and audit enabled=$before after, got $(audit_enabled))"
	fi
}

xp "explain: read" 1 \
	"^landbox: denied fs\.read_file on $(q "$D/data/f") \(by cat, pid [0-9]+\) $DASH allow with --ro $(q "$D/data/f")$" \
	-- $BASE -- cat "$D/data/f"
xp "explain: write" 2 \
	"^landbox: denied fs\.write_file(,fs\.truncate)? on $(q "$D/w/f") \(by sh, pid [0-9]+\) $DASH allow with --rw $(q "$D/w/f")$" \
	-- $BASE -- sh -c "echo x > '$D/w/f'"
if tmp_exec_ok; then
	xp "explain: execute" 126 \
		"^landbox: denied fs\.execute on $(q "$D/bin/true") \(by sh, pid [0-9]+\) $DASH allow with --rox $(q "$D/bin/true")$" \
		-- $BASE --ro "$D/bin" -- sh -c "'$D/bin/true'"
else
	skip "explain: execute" "cannot execute files under TMPDIR"
fi
xp "explain: create" 2 \
	"^landbox: denied fs\.make_reg in $(q "$D/w") \(by sh, pid [0-9]+\) $DASH allow with --rw $(q "$D/w")$" \
	-- $BASE -- sh -c "echo x > '$D/w/new'"

explain_tcp explain
explain_scopes explain signal "abstract socket"

# Shell redirections to /dev/null need it.
NULL="--rw /dev/null"
xp "explain: exit status" 7 "^landbox: denied fs\.read_file on $(q "$D/data/f") " \
	-- $BASE $NULL -- sh -c "cat '$D/data/f' 2>/dev/null; exit 7"
xp "explain: counts" 0 \
	"^landbox: denied fs\.read_file on $(q "$D/data/f") \(by cat, pid [0-9]+ and 2 other processes\), 3 times $DASH allow with --ro $(q "$D/data/f")$" \
	-- $BASE $NULL -- sh -c "for i in 1 2 3; do cat '$D/data/f'; done 2>/dev/null; true"
xp "explain: COMMAND killed by a signal: 128+N, denials reported" 139 \
	"^landbox: denied fs\.read_file on $(q "$D/data/f") " \
	-- $BASE $NULL -- sh -c "cat '$D/data/f' 2>/dev/null; kill -SEGV \$\$"
xp "explain: no denial" 0 "^landbox: --explain: no Landlock denial$" -- $BASE -- true
run "$LB" run --explain $BASE $NULL -- sh -c "cat '$D/data/f' 2>/dev/null; cat '$D/data/f' 2>/dev/null; exit 3"
if [ "$RC" = 3 ] && [ "$(grep -c 'denied fs.read_file' "$T/err")" = 1 ]; then
	pass "explain: each distinct denial once"
else
	_report "explain: each distinct denial once" 3 "" "one line"
fi

# A file name chosen by the sandboxed program cannot forge a line.
EVIL="$D/data/evil"$'\n'"landbox: denied nothing $DASH allow with --rw everything"
echo x >"$EVIL"
run "$LB" run --explain $BASE -- cat "$EVIL"
if [ "$RC" = 1 ] && grep -q 'evil\\x0alandbox: denied nothing' "$T/err" &&
	! grep -q '^landbox: denied nothing' "$T/err"; then
	pass "explain: control characters in names are escaped"
else
	_report "explain: control characters in names are escaped" 1 "" 'evil\x0a...'
fi

# ---- the audit state, left as found -----------------------------------------

# Audit on before (as with auditd running): still on after.
audit_enabled 1 >/dev/null
xp "explain: audit on before, still on after" 1 "^landbox: denied fs\.read_file on " \
	-- $BASE -- cat "$D/data/f"
E_ON=$(audit_enabled)
audit_enabled "$E0" >/dev/null
if [ "$E_ON" = 1 ]; then pass "explain: audit state on kept"; else fail "explain: audit state on kept" "enabled=$E_ON"; fi
# Audit off before (the usual case without auditd): off after.
if audit_enabled 0 >/dev/null; then
	run "$LB" run --explain $BASE -- cat "$D/data/f"
	E_OFF=$(audit_enabled)
	if [ "$RC" = 1 ] && [ "$E_OFF" = 0 ] && grep -q 'denied fs.read_file' "$T/err"; then
		pass "explain: audit off before, denials seen, off after"
	else
		_report "explain: audit off before, denials seen, off after" 1 "" "enabled=$E_OFF (want 0)"
	fi
	audit_enabled "$E0" >/dev/null
else
	skip "explain: audit off before, denials seen, off after" "cannot switch audit off (auditd locked it?)"
fi

if [ "$REAL_ONLY" = 1 ]; then
	# SIGTERM to landbox while COMMAND runs: COMMAND gets it, landbox
	# reports, exits 143 and audit is off again.
	audit_enabled 0 >/dev/null
	"$LB" run --explain $BASE $NULL -- sh -c "cat '$D/data/f' 2>/dev/null; sleep 30" >"$T/out" 2>"$T/err" &
	LBPID=$!
	bg_track $LBPID
	for _ in $(seq 100); do [ "$(audit_enabled)" = 1 ] && break; sleep 0.02; done
	sleep 0.3
	kill -TERM $LBPID
	wait $LBPID
	RC=$?
	LAST="landbox run --explain ... sleep 30 (SIGTERM)"
	E_TERM=$(audit_enabled)
	if [ "$RC" = 143 ] && [ "$E_TERM" = 0 ] && grep -q "denied fs.read_file on $D/data/f" "$T/err"; then
		pass "explain: SIGTERM: COMMAND stopped, denials reported, audit off again"
	else
		_report "explain: SIGTERM: COMMAND stopped, denials reported, audit off again" 143 "" "enabled=$E_TERM (want 0)"
	fi
	audit_enabled "$E0" >/dev/null

	# Two runs at once, audit off before: each sees only its own denials,
	# the second keeps seeing them after the first ended (the last one out
	# switches audit off).
	audit_enabled 0 >/dev/null
	"$LB" run --explain $BASE -- sh -c "cat '$D/data/f'; sleep 0.4; cat '$D/other/f'" \
		>"$T/a.out" 2>"$T/a.err" &
	A=$!
	"$LB" run --explain $BASE -- sh -c "sleep 0.2; cat '$D/w/f'; sleep 0.8; cat '$D/data/sub/g'" \
		>"$T/b.out" 2>"$T/b.err" &
	B=$!
	wait $A
	wait $B
	E_BOTH=$(audit_enabled)
	LAST="two concurrent landbox run --explain"
	if grep -q "denied fs.read_file on $D/data/f " "$T/a.err" &&
		grep -q "denied fs.read_file on $D/other/f " "$T/a.err" &&
		! grep -q "$D/w/f\|$D/data/sub/g" "$T/a.err"; then
		pass "explain: concurrent runs: the first sees only its own denials"
	else
		fail "explain: concurrent runs: the first sees only its own denials" "$(cat "$T/a.err")"
	fi
	if grep -q "denied fs.read_file on $D/w/f " "$T/b.err" &&
		grep -q "denied fs.read_file on $D/data/sub/g " "$T/b.err" &&
		! grep -q "$D/data/f \|$D/other/f" "$T/b.err"; then
		pass "explain: concurrent runs: the second sees only its own, also after the first ended"
	else
		fail "explain: concurrent runs: the second sees only its own, also after the first ended" "$(cat "$T/b.err")"
	fi
	if [ "$E_BOTH" = 0 ]; then
		pass "explain: concurrent runs: audit off again after both"
	else
		fail "explain: concurrent runs: audit off again after both" "enabled=$E_BOTH"
	fi
	audit_enabled "$E0" >/dev/null
fi
done_testing
