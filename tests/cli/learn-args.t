#!/bin/bash
# SPDX-License-Identifier: MIT
# learn-args.t - profiles in terms of COMMAND's arguments (${ARGn},
# ${ARGDIRn}; landbox-profile(5), Command arguments), and `landbox learn`
# writing them (issue 16) with the --ldd closure of what it runs (issue 15):
#  - run: a profile's ${ARG1} / ${ARGDIR2} allow what the arguments name and
#    nothing else; a hostile argument (comma, newline, '..', '-' prefix, the
#    root directory) is one path or refused, never more; a missing argument
#    is a FILE:LINE error naming it; arguments may not be used outside path
#    options;
#  - learn (root, ABI 7): a profile learned from `convert a.png b.png` (cp
#    when convert is missing) names no path of that run and runs the program
#    on other files in other directories; learn without --profile converges
#    on convert in a few rounds; learn --profile base marks what was given.
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_py

A=$T/args
mkdir -p "$A/in" "$A/out" "$A/in2" "$A/out2" "$A/sub" "$A/w"
echo alpha >"$A/in/a"
echo gamma >"$A/in2/c"
echo secret >"$A/w/secret"
echo comma >"$A/w/x,secret"
NL="$A/w/n
rw ."
echo newline >"$NL"

# ---- run: ${ARG1} and ${ARGDIR2} --------------------------------------------

printf 'profile base\nro ${ARG1}\nrw ${ARGDIR2}\n' >"$T/cp.profile"
sb "args: ro \${ARG1}, rw \${ARGDIR2}: cp in/a out/b" 0 "" "" \
	-- --profile "$T/cp.profile" -- cp "$A/in/a" "$A/out/b"
if [ "$NONE" = 1 ] || grep -qx alpha "$A/out/b" 2>/dev/null; then
	pass "args: cp in/a out/b: copied"
else
	fail "args: cp in/a out/b: copied"
fi
sb "args: the same profile with other arguments: cp in2/c out2/d" 0 "" "" \
	-- --profile "$T/cp.profile" -- cp "$A/in2/c" "$A/out2/d"
if [ "$NONE" = 1 ] || grep -qx gamma "$A/out2/d" 2>/dev/null; then
	pass "args: cp in2/c out2/d: copied"
else
	fail "args: cp in2/c out2/d: copied"
fi
# Relative arguments are taken from landbox's directory.
cd "$A" || exit 1
sb "args: relative arguments: cp in/a out/rel" 0 "" "" \
	-- --profile "$T/cp.profile" -- cp in/a out/rel
cd "$ROOT" || exit 1
# Only what the arguments name: an argument the profile does not use
# opens nothing.
printf 'profile base\nro ${ARG1}\n' >"$T/ro1.profile"
sb "args: ro \${ARG1}: argument 2 is not allowed" 1 '^alpha$' "secret: Permission denied" \
	-- --profile "$T/ro1.profile" -- cat "$A/in/a" "$A/w/secret"

# ---- run: hostile arguments -----------------------------------------------------

cd "$A/w" || exit 1
# A comma is part of the one path: "x,secret" does not open "secret".
sb "args: an argument with a comma is one path" 1 '^comma$' "secret: Permission denied" \
	-- --profile "$T/ro1.profile" -- cat "x,secret" secret
# A newline is part of the one path: "n\nrw ." is no second line.
sb "args: an argument with a newline is one path (read)" 0 '^newline$' "" \
	-- --profile "$T/ro1.profile" -- cat "$NL"
sb "args: an argument with a newline is one path (no 'rw .' line)" 1 "" "Permission denied" \
	-- --profile "$T/ro1.profile" -- cp "$NL" copy
if [ ! -e "$A/w/copy" ]; then pass "args: newline: nothing written"; else fail "args: newline: nothing written"; fi
cd "$ROOT" || exit 1
# '..' is resolved: the directory of sub/../out/f is out, not sub.
printf 'profile base\nro ${ARG4}\nrw ${ARGDIR5}\n' >"$T/dots.profile"
sb "args: '..' in an argument: resolved (out/f made, sub left alone)" 1 "" "" \
	-- --profile "$T/dots.profile" -- sh -c 'cp "$1" "$2" && touch "$3"' sh \
	"$A/in/a" "$A/sub/../out/f" "$A/sub/new"
if [ "$NONE" = 1 ] || { [ -e "$A/out/f" ] && [ ! -e "$A/sub/new" ]; }; then
	pass "args: '..': out/f exists, sub/new does not"
else
	fail "args: '..': out/f exists, sub/new does not" "$(ls "$A/out" "$A/sub")"
fi
# An option is never a path.
expect "args: an argument starting with '-' is refused" 125 "" \
	"^landbox: $T/ro1.profile:2: '\\$\\{ARG1\\}': argument 1 '-n' cannot be used as a path: it is an option" \
	-- "$LB" run --profile "$T/ro1.profile" -- cat -n "$A/in/a"
expect "args: '--' is an option too" 125 "" "argument 1 '--' cannot be used as a path" \
	-- "$LB" run --profile "$T/ro1.profile" -- cat -- "$A/in/a"
# One argument never opens the whole file system.
expect "args: the root directory is refused" 125 "" \
	"'\\$\\{ARG1\\}': argument 1 '/' cannot be used as a path: it is the root directory" \
	-- "$LB" run --profile "$T/ro1.profile" -- ls /
printf 'profile base\nrw ${ARGDIR1}\n' >"$T/dir1.profile"
expect "args: a directory that is the root directory is refused" 125 "" \
	"argument 1 '/landbox-no-such-file-$$' cannot be used as a path: its directory is the root directory" \
	-- "$LB" run --profile "$T/dir1.profile" -- touch "/landbox-no-such-file-$$"
if [ ! -e "/landbox-no-such-file-$$" ]; then pass "args: root: nothing created"; else
	rm -f "/landbox-no-such-file-$$"
	fail "args: root: nothing created"
fi

# ---- run: errors ----------------------------------------------------------------

printf 'profile base\n# the third\nro ${ARG3}\n' >"$T/three.profile"
expect "args: a missing argument: FILE:LINE names it" 125 "" \
	"^landbox: $T/three.profile:3: '\\$\\{ARG3\\}': COMMAND has no argument 3$" \
	-- "$LB" run --profile "$T/three.profile" -- cat "$A/in/a"
expect "args: no COMMAND at all: the same error" 125 "" "COMMAND has no argument 3" \
	-- "$LB" run --profile "$T/three.profile" --dry-run
printf 'env X=${ARG1}\n' >"$T/env.profile"
expect "args: not in env" 125 "" "^landbox: $T/env.profile:1: '\\$\\{ARG1\\}': COMMAND's arguments may be used in path options only" \
	-- "$LB" run --profile "$T/env.profile" -- true "$A/in/a"
printf 'include ${ARG1}\n' >"$T/inc.profile"
expect "args: not in include" 125 "" "path options only" \
	-- "$LB" run --profile "$T/inc.profile" -- true "$T/cp.profile"

# ---- learn ------------------------------------------------------------------------

if [ "$EXPLAIN" != 1 ]; then
	REST=("real program: learned" "real program: variables" "real program: no path of the run"
		"real program: other arguments" "real program: output made" "convert: few rounds"
		"ls /usr: learned" "ls /usr: another directory"
		"--profile base: learned" "--profile base: given line marked"
		"--profile base: only the rest learned" "hostile names: learned"
		"hostile names: read back" "an option argument is not a path")
	skip_rest "$EXPLAIN_WHY" "${REST[@]/#/learn-args: }"
fi
keep_audit_state


# A real program with an input and an output argument, learned as README
# shows it (no --profile): ImageMagick's convert, else cp.
L=$T/learn
mkdir -p "$L/d1" "$L/d2" "$L/d3"
PROG=cp
if command -v convert >/dev/null 2>&1 && convert -size 4x4 xc:red "$L/d1/a.png" 2>/dev/null &&
	convert -size 4x4 xc:blue "$L/d2/c.png" 2>/dev/null; then
	PROG=convert
	IN=a.png OUT=b.png IN2=c.png OUT2=d.jpg
else
	diag "convert (ImageMagick) missing: learning cp"
	echo one >"$L/d1/a.txt"
	echo two >"$L/d2/c.txt"
	IN=a.txt OUT=b.txt IN2=c.txt OUT2=d.txt
fi
cd "$L/d1" || exit 1
run "$LB" learn -o "$T/prog.profile" -- "$PROG" "$IN" "$OUT"
cd "$ROOT" || exit 1
verdict "learn-args: real program: learned ($PROG $IN $OUT)" 0 "" "wrote $T/prog.profile after [0-9]+ rounds"
ROUNDS=$(grep -c '^landbox: learn: round [0-9]*:' "$T/err")
diag "learn $PROG without --profile: $ROUNDS rounds"
if grep -Eq '^ro \$\{ARG1\} ' "$T/prog.profile" && grep -Eq '^rw \$\{ARGDIR2\} ' "$T/prog.profile"; then
	pass "learn-args: real program: variables ro \${ARG1}, rw \${ARGDIR2}"
else
	fail "learn-args: real program: variables ro \${ARG1}, rw \${ARGDIR2}" "$(cat "$T/prog.profile")"
fi
if ! grep -qF "$L" "$T/prog.profile" && ! grep -qF "$IN" "$T/prog.profile"; then
	pass "learn-args: real program: no path of the run in the profile"
else
	fail "learn-args: real program: no path of the run in the profile" "$(grep -F -e "$L" -e "$IN" "$T/prog.profile")"
fi
run "$LB" run --profile "$T/prog.profile" -- "$PROG" "$L/d2/$IN2" "$L/d3/$OUT2"
verdict "learn-args: real program: runs on other arguments in other directories" 0 "" ""
if [ -s "$L/d3/$OUT2" ]; then pass "learn-args: real program: output made"; else fail "learn-args: real program: output made"; fi
if [ "$PROG" = convert ]; then
	# Before the --ldd closure: one library per round, 10 rounds, nothing written.
	if [ "$ROUNDS" -le 8 ]; then pass "learn-args: convert: few rounds ($ROUNDS)"; else
		fail "learn-args: convert: few rounds ($ROUNDS)" "$(grep round "$T/err")"
	fi
else
	skip "learn-args: convert: few rounds" "convert (ImageMagick) missing"
fi

# An argument that holds the program's own files (ls /usr: /usr/bin/ls and
# its libraries): they stay the program's, not ${ARG1}/..., so the profile
# lists another directory.
run "$LB" learn -o "$T/ls.profile" -- ls /usr
verdict "learn-args: ls /usr: learned" 0 "" ""
run "$LB" run --profile "$T/ls.profile" -- ls "$L/d2"
verdict "learn-args: ls /usr: the profile lists another directory" 0 "^$IN2$" ""

# learn --profile base: the given line is marked, only the rest learned.
run "$LB" learn --profile base -o "$T/base.profile" -- cat "$L/d2/$IN2"
verdict "learn-args: --profile base: learned" 0 "" ""
if grep -Eq '^profile base +# given to learn' "$T/base.profile" &&
	grep -Eq '^ro \$\{ARG1\} +# fs\.read_file denied for cat \(round 1\)$' "$T/base.profile"; then
	pass "learn-args: --profile base: given line marked, learned line says its denial"
else
	fail "learn-args: --profile base: given line marked, learned line says its denial" "$(cat "$T/base.profile")"
fi
if diff <(rules "$T/base.profile") <(printf '%s\n' 'profile base' 'ro ${ARG1}' | sort) >"$T/diff"; then
	pass "learn-args: --profile base: only the rest learned"
else
	fail "learn-args: --profile base: only the rest learned" "$(cat "$T/diff")"
fi

# Hostile names as arguments: written as the variables, read back whole.
mkdir -p "$L/h"
echo c1 >"$L/h/a,b"
echo n1 >"$L/h/n
l"
echo c2 >"$L/h/x,y"
run "$LB" learn --profile base -o "$T/h.profile" -- cat -n "$L/h/a,b" "$L/h/n
l"
verdict "learn-args: hostile names: learned" 0 "" ""
if diff <(rules "$T/h.profile") <(printf '%s\n' 'profile base' 'ro ${ARG2}' 'ro ${ARG3}' | sort) >"$T/diff"; then
	pass "learn-args: an option argument is not a path; a comma and a newline stay in \${ARGn}"
else
	fail "learn-args: an option argument is not a path; a comma and a newline stay in \${ARGn}" "$(cat "$T/diff")"
fi
run "$LB" run --profile "$T/h.profile" -- cat -n "$L/h/x,y" "$L/h/n
l"
verdict "learn-args: hostile names: read back with other names" 0 "c2" ""
if [ "$(audit_enabled)" = "$E0" ]; then pass "learn-args: audit state left as found"; else fail "learn-args: audit state left as found"; fi
done_testing
