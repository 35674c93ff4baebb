#!/bin/bash
# SPDX-License-Identifier: MIT
# rules.t - many rules (issue 19): thousands of single-file rules from a
# profile and from the command line reach the kernel, none lost and none
# mis-merged, however the policy keeps them (32-byte records, paths in an
# arena, origins interned as FILE + line, profiles read a piece at a time,
# liblandbox keeping only the last rule's record).  Every granted file is
# read inside a real sandbox and counted, a file not granted is denied,
# --deny still splits a granted directory, a path given twice gets the
# union of its rights, --dry-run and the error messages name the right
# FILE:LINE; as root and as nobody.
. "$(dirname "$0")/lib.sh"
U="--rox /usr --rw /dev/null" # the tools themselves, and 2>/dev/null
N=3000         # files; the profile grants the first half, the command line the rest
HALF=$((N / 2))

R=$T/r
mkdir -p "$R" "$T/d/secret" "$T/d/open"
i=0
while [ $i -lt $N ]; do
	echo "f$i" >"$R/$i"
	i=$((i + 1))
done
echo not-granted >"$R/no"
echo dup-data >"$R/dup"
echo secret-data >"$T/d/secret/k"
echo open-data >"$T/d/open/k"
chmod -R a+rX "$T"
chmod a+w "$R/dup"

# The profile: one `ro PATH` a line, a comment and a blank line among them,
# the duplicated path read-write here (read-only again on the command line,
# after: the later rule must not replace the earlier).
P=$T/many.profile
{
	echo "# $HALF rules"
	i=0
	while [ $i -lt $HALF ]; do
		echo "ro $R/$i"
		[ $i = 700 ] && echo ""
		i=$((i + 1))
	done
	echo "rw $R/dup"
	echo "ro $T/d"
} >"$P"
# The command line: --ro lists of 500 paths.
CLI=()
i=$HALF
while [ $i -lt $N ]; do
	list=$R/$i
	j=$((i + 1))
	while [ $j -lt $((i + 500)) ] && [ $j -lt $N ]; do
		list=$list,$R/$j
		j=$((j + 1))
	done
	CLI+=(--ro "$list")
	i=$j
done

# Inside: read every file, count those whose content is right, then try the
# file not granted, then append to the duplicated one.
COUNT='n=0; i=0; while [ $i -lt '$N' ]; do read -r x <"'$R'/$i" 2>/dev/null && [ "$x" = "f$i" ] && n=$((n + 1)); i=$((i + 1)); done; echo "read $n"'
PROBE="$COUNT"'; cat "'$R'/no" 2>/dev/null || echo "no: denied"; cat "'$T'/d/open/k"; cat "'$T'/d/secret/k" 2>/dev/null || echo "secret: denied"; echo more >>"'$R'/dup" && echo "dup: written"'

# many DESC PREFIX...: run the probe in the sandbox, through PREFIX (e.g.
# setpriv), and check every line it prints.
many() {
	local desc=$1
	shift
	run "$@" "$LB" run $U --profile "$P" "${CLI[@]}" --ro "$R/dup" --deny "$T/d/secret" \
		-- sh -c "$PROBE"
	LAST="landbox run (the $N rules) -- sh -c PROBE" # not 100 KB of arguments in a report
	if [ "$NONE" = 1 ]; then
		verdict "$desc: refused without Landlock" 125 "" "$HINT_RE"
		return
	fi
	verdict "$desc: every granted file is read ($N)" 0 "^read $N\$" ""
	verdict "$desc: a file not granted is denied" 0 '^no: denied$' ""
	verdict "$desc: --deny splits the granted directory: beside it readable" 0 '^open-data$' ""
	verdict "$desc: --deny splits the granted directory: in it denied" 0 '^secret: denied$' ""
	verdict "$desc: a path given twice gets both rights (profile rw, then --ro)" 0 '^dup: written$' ""
}

many "as root"
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	chmod 711 "$T"
	many "as nobody" setpriv --reuid=65534 --regid=65534 --clear-groups
else
	skip "as nobody: every granted file is read" "not root or no setpriv"
fi

# With --ro alone the append fails: the write above is the profile's rule.
run "$LB" run $U --ro "$R/dup" -- sh -c 'echo more >>"'$R'/dup" 2>/dev/null || echo "dup: denied"'
if [ "$NONE" = 1 ]; then
	verdict "ro alone: refused without Landlock" 125 "" "$HINT_RE"
else
	verdict "ro alone: the duplicated path is not writable (control)" 0 '^dup: denied$' ""
fi

# --dry-run lists every rule (the N files, dup and /dev/null) with where it came from: a profile line far
# down keeps its own line number, the command line its option.
lb run --dry-run $U --profile "$P" "${CLI[@]}" -- true
LAST="landbox run --dry-run (the $N rules) -- true"
DRY_RC=0
[ "$NONE" = 1 ] && DRY_RC=125 # the rules are listed, then the refusal
verdict "dry-run: a rule from line 1403 of the profile says so" $DRY_RC \
	"^  $R/1400 \\(file\\) from $P:1403\$" ""
verdict "dry-run: a rule from the command line says --ro" $DRY_RC "^  $R/$((N - 1)) \\(file\\) from --ro\$" ""
if [ "$(grep -c ' (file) from ' "$T/out")" = $((N + 2)) ]; then
	pass "dry-run: every file rule is listed"
else
	fail "dry-run: every file rule is listed" "$(grep -c ' (file) from ' "$T/out") of $((N + 2))"
fi

# A missing path far down a profile: the message names its FILE:LINE.
{
	cat "$P"
	echo "ro $T/missing"
} >"$T/bad.profile"
lb run $U --profile "$T/bad.profile" -- true
verdict "error: a missing path names its profile line" 125 "" \
	"^landbox: $T/bad.profile:$((HALF + 5)): $T/missing: No such file or directory"

done_testing
