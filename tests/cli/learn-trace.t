#!/bin/bash
# SPDX-License-Identifier: MIT
# learn-trace.t - `landbox learn --explain=trace`: learning with the trace
# source, as a normal user (nobody when the test runs as root) and on every
# ABI: the same program as learn.t learned to exactly the rules it needs, the
# profile makes it pass; as root on ABI 7, the profile learned from audit
# records is the same.
# learn --explain=audit (compared below) switches the system's audit state:
# one at a time with explain.t and learn.t.
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_py

[ "$NONE" = 1 ] && skip_all "no Landlock (ABI $ABI): learn refuses to run unsandboxed"

unprivileged_only

GIVEN="--rox /usr --ro /etc"
if [ "$EXPLAIN" = 1 ]; then
	keep_audit_state
fi
# same_as_audit DESC PROFILE [OPTIONS...] -- COMMAND...: as root where audit
# explains (ABI 7), `landbox learn --explain=audit $GIVEN OPTIONS -- COMMAND`
# learns the same rules as PROFILE (learned with the trace source).
same_as_audit() {
	local d=$1 f=$2
	shift 2
	if [ "$EXPLAIN" != 1 ]; then
		skip "$d" "$EXPLAIN_WHY"
		return
	fi
	local o=()
	while [ "$1" != -- ]; do o+=("$1"); shift; done
	shift
	rm -f "$f.audit"
	run "$LB" learn --explain=audit $GIVEN "${o[@]}" -o "$f.audit" -- "$@"
	if [ "$RC" = 0 ] && diff <(rules "$f.audit") <(rules "$f") >"$T/diff"; then
		pass "$d"
	else
		fail "$d" "exit $RC; audit vs trace:" "$(cat "$T/diff")" "$(cat "$T/err")"
	fi
}

L=$T/prog
mkdir -p "$L/data" "$L/out"
echo alpha >"$L/data/a.txt"
echo beta >"$L/data/b.txt"
echo old >"$L/out/result"
cp /usr/bin/true "$L/helper"
chmod -R a+rwX "$L"
mkdir -m 777 "$T/o"
NET=()
if [ "$ENF" -ge 4 ]; then
	start_server 127.0.0.1 || diag "server did not start"
	PORT=$(server_port 127.0.0.1 a)
	NET=("connect-tcp $PORT")
	CONNECT="$PY -I -S -c 'import socket, sys; socket.create_connection((\"127.0.0.1\", int(sys.argv[1])), 5).close()' $PORT || exit 3"
else
	CONNECT=":"
fi
cat >"$L/prog.sh" <<EOF
cat '$L/data/a.txt' '$L/data/b.txt' > '$L/out/result' || exit 1
'$L/helper' || exit 2
$CONNECT
exit 0
EOF
chmod 644 "$L/prog.sh"

if "$L/helper" 2>/dev/null; then
	run "${U[@]}" "$LB" learn --explain=trace $GIVEN -o "$T/o/prof" -- sh "$L/prog.sh"
	verdict "learn=trace: a real program as a normal user: learned, written" 0 "" \
		"^landbox: learn: wrote $T/o/prof after [0-9]+ rounds$"
	same_rules "learn=trace: the profile's lines are exactly the rules needed" "$T/o/prof" \
		"rox /usr" "ro /etc" "ro \${ARG1}" "ro $L/data/a.txt" "ro $L/data/b.txt" \
		"rw $L/out/result" "rox $L/helper" "${NET[@]}"
	echo old >"$L/out/result"
	run "${U[@]}" "$LB" run --profile "$T/o/prof" -- sh "$L/prog.sh"
	if [ "$RC" = 0 ] && [ "$(cat "$L/out/result")" = "$(printf 'alpha\nbeta')" ]; then
		pass "learn=trace: the learned profile makes the program pass"
	else
		_report "learn=trace: the learned profile makes the program pass" 0 "" "out/result = alpha beta"
	fi
	grep -v "^rox $L/helper" "$T/o/prof" >"$T/o/prof-nohelper"
	run "${U[@]}" "$LB" run --profile "$T/o/prof-nohelper" -- sh "$L/prog.sh"
	verdict "learn=trace: without the helper's line the program fails" 2 "" ""
	same_as_audit "learn=trace: the same rules as learned from audit records (root)" \
		"$T/o/prof" -- sh "$L/prog.sh"
else
	for d in "a real program" "exactly the rules" "the profile passes" "without the helper" \
		"same rules as audit"; do
		skip "learn=trace: $d" "cannot execute files under TMPDIR"
	done
fi

mkdir -m 777 "$T/new"
run "${U[@]}" "$LB" learn --explain=trace $GIVEN -o "$T/o/prof-new" -- sh -c "echo x > '$T/new/file'"
verdict "learn=trace: creating a file: learned" 0 "" ""
same_rules "learn=trace: creating a file: rw on its directory" "$T/o/prof-new" \
	"rox /usr" "ro /etc" "rw $T/new"
rm -f "$T/new/file" # created again, not written
same_as_audit "learn=trace: creating a file: the same rules as audit (root)" "$T/o/prof-new" \
	-- sh -c "echo x > '$T/new/file'"

# More of learn.t's programs: the same rules from either source.
mkdir -m 777 "$T/gen"
for i in 1 2 3 4 5; do echo "$i" >"$T/gen/f$i"; done
run "${U[@]}" "$LB" learn --explain=trace --generalize $GIVEN -o "$T/o/prof-gen" -- \
	cat "$T/gen/f1" "$T/gen/f2" "$T/gen/f3" "$T/gen/f4" "$T/gen/f5"
verdict "learn=trace: --generalize: learned" 0 "" ""
same_rules "learn=trace: --generalize: five files of a directory become the directory" \
	"$T/o/prof-gen" "rox /usr" "ro /etc" "ro $T/gen" \
	"ro \${ARG1}" "ro \${ARG2}" "ro \${ARG3}" "ro \${ARG4}" "ro \${ARG5}"
same_as_audit "learn=trace: --generalize: the same rules as audit (root)" "$T/o/prof-gen" \
	--generalize -- cat "$T/gen/f1" "$T/gen/f2" "$T/gen/f3" "$T/gen/f4" "$T/gen/f5"
mkdir -m 777 "$T/cm"
echo comma >"$T/cm/a,b"
echo newline >"$T/cm/n
l"
run "${U[@]}" "$LB" learn --explain=trace $GIVEN -o "$T/o/prof-comma" -- sh -c "cat '$T/cm/a,b' '$T/cm/n
l'"
verdict "learn=trace: names with a comma or a newline: learned" 0 "" ""
same_rules "learn=trace: names with a comma or a newline: their directory" "$T/o/prof-comma" \
	"rox /usr" "ro /etc" "ro $T/cm"
same_as_audit "learn=trace: names with a comma or a newline: the same rules as audit (root)" \
	"$T/o/prof-comma" -- sh -c "cat '$T/cm/a,b' '$T/cm/n
l'"
# Making, removing and renaming entries: rw on the directories.
mkdir -m 777 "$T/ed" "$T/ed2"
echo e >"$T/ed/old" && chmod 666 "$T/ed/old"
ED="mkdir '$T/ed/d' && ln -s x '$T/ed/l' && rm '$T/ed/l' && rmdir '$T/ed/d' && mv '$T/ed/old' '$T/ed2/new' && mv '$T/ed2/new' '$T/ed/old'"
run "${U[@]}" "$LB" learn --explain=trace $GIVEN -o "$T/o/prof-ed" -- sh -c "$ED"
verdict "learn=trace: making, removing, moving entries: learned" 0 "" ""
same_as_audit "learn=trace: making, removing, moving entries: the same rules as audit (root)" \
	"$T/o/prof-ed" -- sh -c "$ED"

# Without --explain, learn picks a source that works here (audit for root on
# ABI 7, else trace): it never refuses for lack of privilege.
run "${U[@]}" "$LB" learn $GIVEN -o "$T/o/prof-auto" -- sh -c "cat '$L/data/a.txt'"
verdict "learn: the default source works as a normal user" 0 "" "^landbox: learn: wrote $T/o/prof-auto"
same_rules "learn: the default source: the rule learned" "$T/o/prof-auto" \
	"rox /usr" "ro /etc" "ro $L/data/a.txt"

# COMMAND refused by fs.protected_regular (another user's file in a sticky
# directory, O_CREAT): nothing is denied by the sandbox, and learn says what
# refused it instead of leaving a bare EACCES.
PR=$(cat /proc/sys/fs/protected_regular 2>/dev/null || echo 0)
if [ "$IS_ROOT" = 1 ] && [ "$PR" -ge 1 ]; then
	mkdir -m 1777 "$T/pr"
	echo daemon >"$T/pr/f"
	chown 1 "$T/pr/f"
	expect "learn: EACCES from fs.protected_regular is named, with the argument" 1 "" \
		"^landbox: learn: hint: $T/pr/f belongs to uid 1 in a sticky directory of another owner: with fs\\.protected_regular=$PR the kernel refuses to open it with O_CREAT" \
		-- "${U[@]}" "$LB" learn --explain=trace -o "$T/pr/p" $GIVEN --rw "$T/pr" -- \
		/bin/sh -c 'echo x >"$1"' sh "$T/pr/f"
else
	skip "learn: EACCES from fs.protected_regular is named, with the argument" \
		"needs root and fs.protected_regular >= 1 (it is $PR)"
fi
done_testing
