#!/bin/bash
# SPDX-License-Identifier: MIT
# learn.t - `landbox learn`: on a real program (a shell script that reads
# two files, writes one, runs a helper binary and connects to a local TCP
# port) the learned profile makes it pass under `landbox run --profile` and
# holds exactly the rules it needed; creation learns the directory;
# --generalize folds files into their directory; a program that fails
# differently on every run stops at the round bound; an existing profile is
# never overwritten without --force; without root or below ABI 7 learn says
# what is missing.
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_py

# ---- usage and refusals (any kernel) ----------------------------------------

expect "learn: -o FILE is required" 125 "" '^landbox: learn: missing -o FILE' \
	-- "$LB" learn -- true
expect "learn: COMMAND is required" 125 "" '^landbox: learn: missing COMMAND' \
	-- "$LB" learn -o "$T/p"
expect "learn: --rounds must be a number" 125 "" "^landbox: learn: --rounds: invalid number 'x'" \
	-- "$LB" learn --rounds x -o "$T/p" -- true
echo "keep me" >"$T/exists"
expect "learn: an existing FILE is not overwritten without --force" 125 "" \
	"^landbox: learn: $T/exists exists; use --force to overwrite it$" \
	-- "$LB" learn -o "$T/exists" -- true
if [ "$(cat "$T/exists")" = "keep me" ]; then pass "learn: the existing FILE is unchanged"; else fail "learn: the existing FILE is unchanged"; fi

if nobody_ok; then
	mkdir -m 777 "$T/nobody"
	expect "learn --explain=audit: without privileges, says which capabilities are missing" 125 "" \
		"$(explain_missing_re learn nopriv)cannot learn without it$" \
		-- "${NOBODY[@]}" "$LB" learn --explain=audit -o "$T/nobody/p" -- true
	if [ ! -e "$T/nobody/p" ]; then pass "learn: without privileges, nothing written"; else fail "learn: without privileges, nothing written"; fi
else
	skip "learn --explain=audit: without privileges, says which capabilities are missing" "$NOBODY_WHY"
	skip "learn: without privileges, nothing written" "$NOBODY_WHY"
fi
# Another user's FILE in a sticky directory (/tmp): --force cannot replace
# it (the sticky bit), and learn says so before running COMMAND.
if nobody_ok; then
	mkdir -m 1777 "$T/sticky"
	echo "root's" >"$T/sticky/prof"
	expect "learn --force: another user's FILE in a sticky directory: says why it stays" 125 "" \
		"^landbox: learn: --force cannot overwrite it: $T/sticky/prof belongs to uid 0 in a sticky directory .*: only its owner or the directory's can replace or remove it; have its owner remove it, or give another -o FILE$" \
		-- "${NOBODY[@]}" "$LB" learn --explain=trace -o "$T/sticky/prof" --force -- true
	if [ "$(cat "$T/sticky/prof")" = "root's" ] && [ -z "$(ls "$T/sticky" | grep -v '^prof$')" ]; then
		pass "learn --force: the other user's FILE is unchanged, no temporary file left"
	else
		fail "learn --force: the other user's FILE is unchanged, no temporary file left" "$(ls -la "$T/sticky")"
	fi
else
	skip "learn --force: another user's FILE in a sticky directory: says why it stays" "$NOBODY_WHY"
	skip "learn --force: the other user's FILE is unchanged, no temporary file left" "$NOBODY_WHY"
fi
if [ "$IS_ROOT" = 1 ] && [ "$ABI" -lt 7 ]; then
	expect "learn: below ABI 7, says which ABI it needs" 125 "" \
		"$(explain_missing_re learn)cannot learn without it$" -- "$LB" learn --explain=audit -o "$T/p" -- true
else
	skip "learn: below ABI 7, says which ABI it needs" "ABI $ABI"
fi

if [ "$EXPLAIN" != 1 ]; then
	REST=("a real program" "the profile's lines" "comments" "the profile passes"
		"no temporary file" "--force" "creation" "--generalize" "relative paths"
		"round bound" "status" "names with a comma or a newline" "values with a comma")
	skip_rest "$EXPLAIN_WHY" "${REST[@]/#/learn: }"
fi
keep_audit_state

# What every program here needs: the system and its configuration.
GIVEN="--rox /usr --ro /etc"

# ---- a real program ------------------------------------------------------------

L=$T/prog
mkdir -p "$L/data" "$L/out"
echo alpha >"$L/data/a.txt"
echo beta >"$L/data/b.txt"
echo old >"$L/out/result"
echo unrelated >"$L/data/c.txt"
cp /usr/bin/true "$L/helper"
start_server 127.0.0.1 || diag "server did not start"
PORT=$(server_port 127.0.0.1 a)
cat >"$L/prog.sh" <<EOF
cat '$L/data/a.txt' '$L/data/b.txt' > '$L/out/result' || exit 1
'$L/helper' || exit 2
$PY -I -S -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5).close()' $PORT || exit 3
exit 0
EOF
if "$L/helper" 2>/dev/null; then
	run "$LB" learn $GIVEN -o "$T/prof" -- sh "$L/prog.sh"
	verdict "learn: a real program: learned, written" 0 "" "^landbox: learn: wrote $T/prof after [0-9]+ rounds$"
	same_rules "learn: the profile's lines are exactly the rules needed" "$T/prof" \
		"rox /usr" "ro /etc" "ro \${ARG1}" "ro $L/data/a.txt" "ro $L/data/b.txt" \
		"rw $L/out/result" "rox $L/helper" "connect-tcp $PORT"
	if grep -Eq "^ro $L/data/a\.txt +# fs\.read_file denied for cat \(round [0-9]+\)$" "$T/prof" &&
		grep -Eq "^rox $L/helper +# fs\.execute(,fs\.read_file)? denied for sh \(round [0-9]+\)$" "$T/prof" &&
		grep -Eq "^connect-tcp $PORT +# net\.connect_tcp denied for python3 \(round [0-9]+\)$" "$T/prof"; then
		pass "learn: each learned line says which denial it allows"
	else
		fail "learn: each learned line says which denial it allows" "$(cat "$T/prof")"
	fi
	echo old >"$L/out/result"
	run "$LB" run --profile "$T/prof" -- sh "$L/prog.sh"
	if [ "$RC" = 0 ] && [ "$(cat "$L/out/result")" = "$(printf 'alpha\nbeta')" ]; then
		pass "learn: the learned profile makes the program pass"
	else
		_report "learn: the learned profile makes the program pass" 0 "" "out/result = alpha beta"
	fi
	# Without one of the learned lines it fails: each was needed.
	grep -v "^rox $L/helper" "$T/prof" >"$T/prof-nohelper"
	run "$LB" run --profile "$T/prof-nohelper" -- sh "$L/prog.sh"
	verdict "learn: without the helper's line the program fails" 2 "" ""
	if [ "$(ls -A "$T" | grep -c '^prof\.')" = 0 ]; then
		pass "learn: no temporary file left next to the profile"
	else
		fail "learn: no temporary file left next to the profile" "$(ls -A "$T")"
	fi
	expect "learn: an existing profile is refused" 125 "" "^landbox: learn: $T/prof exists; use --force" \
		-- "$LB" learn $GIVEN -o "$T/prof" -- sh "$L/prog.sh"
	cp "$T/prof" "$T/prof.before"
	run "$LB" learn --force $GIVEN -o "$T/prof" -- sh "$L/prog.sh"
	if [ "$RC" = 0 ] && diff <(rules "$T/prof.before") <(rules "$T/prof") >/dev/null; then
		pass "learn: --force overwrites it (same rules)"
	else
		_report "learn: --force overwrites it (same rules)" 0 "" ""
	fi
	rm -f "$T/prof.before"
else
	for d in "a real program" "the profile's lines" "comments" "the profile passes" \
		"without the helper" "no temporary file" "refused" "--force"; do
		skip "learn: $d" "cannot execute files under TMPDIR"
	done
fi

# ---- creating a file: the directory -------------------------------------------

mkdir -p "$T/new"
run "$LB" learn $GIVEN -o "$T/prof-new" -- sh -c "echo x > '$T/new/file'"
verdict "learn: creating a file: learned" 0 "" ""
same_rules "learn: creating a file: rw on its directory" "$T/prof-new" \
	"rox /usr" "ro /etc" "rw $T/new"

# ---- --generalize --------------------------------------------------------------

mkdir -p "$T/gen"
for i in 1 2 3 4 5; do echo "$i" >"$T/gen/f$i"; done
run "$LB" learn --generalize $GIVEN -o "$T/prof-gen" -- cat "$T/gen/f1" "$T/gen/f2" "$T/gen/f3" "$T/gen/f4" "$T/gen/f5"
verdict "learn: --generalize: learned" 0 "" ""
same_rules "learn: --generalize: five files of a directory become the directory" "$T/prof-gen" \
	"rox /usr" "ro /etc" "ro $T/gen" "ro \${ARG1}" "ro \${ARG2}" "ro \${ARG3}" "ro \${ARG4}" "ro \${ARG5}"
run "$LB" learn $GIVEN -o "$T/prof-nogen" -- cat "$T/gen/f1" "$T/gen/f2"
same_rules "learn: without --generalize: the files themselves (COMMAND's arguments)" "$T/prof-nogen" \
	"rox /usr" "ro /etc" "ro \${ARG1}" "ro \${ARG2}"

# Options given with relative paths are written absolute (a profile is
# used from anywhere).
cd "$T/gen" || exit 1
run "$LB" learn $GIVEN --ro ./f1 -o "$T/prof-rel" -- cat "$T/gen/f1" "$T/gen/f2"
cd "$ROOT" || exit 1
same_rules "learn: relative paths given are written absolute" "$T/prof-rel" \
	"rox /usr" "ro /etc" "ro $T/gen/f1" "ro \${ARG2}"

# Names that a profile line cannot hold as one path (a comma separates a
# list, a newline ends the line) are learned as their directory, and the
# profile reads back as written.  (Named by COMMAND's arguments, they are
# ${ARGn}: learn-args.t.)
mkdir -p "$T/cm"
echo comma >"$T/cm/a,b"
echo newline >"$T/cm/n
l"
run "$LB" learn $GIVEN -o "$T/prof-comma" -- sh -c "cat '$T/cm/a,b' '$T/cm/n
l'"
verdict "learn: names with a comma or a newline: learned" 0 "" ""
same_rules "learn: names with a comma or a newline: their directory" "$T/prof-comma" \
	"rox /usr" "ro /etc" "ro $T/cm"
sb "learn: names with a comma or a newline: the profile reads back" 0 '^comma$' "" \
	-- --profile "$T/prof-comma" -- cat "$T/cm/a,b"
# A value given whole (env, not a list) keeps its commas; one with a
# newline is refused, escaped.
run "$LB" learn $GIVEN --env X=a,b -o "$T/prof-env" -- true
verdict "learn: values with a comma: env X=a,b is written" 0 "" ""
same_rules "learn: values with a comma: the line" "$T/prof-env" "rox /usr" "ro /etc" "env X=a,b"
sb "learn: values with a comma: read back whole" 0 '^a,b$' "" \
	-- --profile "$T/prof-env" -- printenv X
run "$LB" learn $GIVEN --env "X=a
b" -o "$T/prof-envnl" -- true
verdict "learn: values with a comma: a newline is refused" 125 "" \
	"^landbox: learn: --env X=a\\\\nb: this value cannot be written in a profile line"

# ---- a program that never gets through --------------------------------------

mkdir -p "$T/many"
"$PY" -S -c "
import sys
for i in range(500):
    open(sys.argv[1] + '/f%d' % i, 'w').close()" "$T/many"
run "$LB" learn --rounds 3 $GIVEN -o "$T/prof-never" -- sh -c "cat '$T/many/f'\$((\$\$ % 500)); exit 1"
verdict "learn: new denials on every run: stops at the round bound" 1 "" \
	"^landbox: learn: COMMAND still hit new denials after 3 rounds \(--rounds\); nothing written$"
if [ ! -e "$T/prof-never" ]; then pass "learn: round bound: nothing written"; else fail "learn: round bound: nothing written"; fi
if [ "$(grep -c '^landbox: learn: round [0-9]*:' "$T/err")" = 3 ]; then
	pass "learn: round bound: exactly 3 rounds run"
else
	fail "learn: round bound: exactly 3 rounds run" "$(cat "$T/err")"
fi

# A program failing with nothing denied: the profile is written, and learn
# says the failure is not the sandbox's.
run "$LB" learn $GIVEN -o "$T/prof-fail" -- sh -c 'exit 3'
verdict "learn: COMMAND fails with nothing denied: said, status 1" 1 "" \
	"^landbox: learn: but COMMAND exited with status 3 although nothing was denied"
same_rules "learn: COMMAND fails with nothing denied: profile written" "$T/prof-fail" \
	"rox /usr" "ro /etc"
if [ "$(audit_enabled)" = "$E0" ]; then pass "learn: audit state left as found"; else fail "learn: audit state left as found"; fi
done_testing
