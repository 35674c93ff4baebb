#!/bin/bash
# SPDX-License-Identifier: MIT
# help.t - what --help and the manual pages say agrees with what landbox
# does: every option documented, the values of --log-level, `landbox learn
# --help`.
. "$(dirname "$0")/lib.sh"
MAN1=$ROOT/man/landbox.1

# help_entry OPTION: the --help entry of --OPTION on one line (continuation
# lines joined), from $T/out.
help_entry() {
	awk -v o="  --$1 " '
		index($0, o) == 1 { on = 1; line = $0; next }
		on && /^                            / { sub(/^ +/, " "); line = line $0; next }
		on { exit }
		END { print line }' "$T/out" | tr -s ' '
}
# man_entry OPTION: the groff source of the entry of --OPTION in landbox(1)
# (from the ".TP" that starts it to the next entry), dashes unescaped.
man_entry() {
	LIT=$(printf '%s' "--$1" | sed 's/-/\\-/g') awk '
		on && /^[.](TP|SS|SH)/ { exit }
		prev == ".TP" && (index($0, ".B " ENVIRON["LIT"]) == 1 ||
			index($0, ".BI " ENVIRON["LIT"]) == 1 ||
			(index($0, ".BR ") == 1 && index($0, ENVIRON["LIT"]))) { on = 1 }
		on { print }
		{ prev = $0 }' "$MAN1" | sed 's/\\-/-/g'
}

# ---- every option, documented ----
MAN5=$ROOT/man/landbox-profile.5
lb --list-options
cp "$T/out" "$T/options"
n=0
undoc=""
unprof=""
while read -r opt; do
	n=$((n + 1))
	name=${opt#--}
	[ -n "$(man_entry "$name")" ] || undoc="$undoc $opt"
	# The options a profile may hold are listed in landbox-profile(5).
	case $name in dry-run | explain | help | version | list-profiles) continue ;; esac
	grep -qF -- "$(printf '%s' "$name" | sed 's/-/\\-/g')" "$MAN5" || unprof="$unprof $name"
done <"$T/options"
if [ "$n" -gt 20 ] && [ -z "$undoc" ]; then pass "help: landbox(1) has an entry for every option"
else fail "help: landbox(1) has an entry for every option" "options: $n, without an entry:$undoc"; fi
if [ "$n" -gt 20 ] && [ -z "$unprof" ]; then pass "help: landbox-profile(5) names every profile option"
else fail "help: landbox-profile(5) names every profile option" "not named:$unprof"; fi
lb run --help
missing=""
while read -r opt; do
	grep -q -- "^  $opt\( \|\[\|\$\)" "$T/out" || missing="$missing $opt"
done <"$T/options"
if [ -z "$missing" ]; then pass "help: --help has an entry for every option"
else fail "help: --help has an entry for every option" "missing:$missing"; fi

# ---- --log-level ----
LEVELS='error, warn (or warning), info or debug'
LEVELS_RE='error, warn \(or warning\), info or debug'
lb run --help
entry=$(help_entry log-level)
if [[ $entry == *"$LEVELS"* ]]; then
	pass "help: --log-level lists error, warn (or warning), info, debug"
else
	fail "help: --log-level lists error, warn (or warning), info, debug" "entry: $entry"
fi
for level in error warn warning info debug ERROR Warn; do
	expect "log level: --log-level $level is accepted" 0 'log-level' EMPTY \
		-- "$LB" run --log-level "$level" --help
done
for level in verbose trace warnings 3 ''; do
	expect "log level: --log-level '$level' is refused with the accepted values" 125 EMPTY \
		"^landbox: --log-level: unknown log level '$level' \\($LEVELS_RE\\)$" \
		-- "$LB" run --log-level "$level" --help
done
# The environment takes the same values; an unknown one is ignored with a
# warning that names the accepted ones.
sb "log level: the default level shows warnings" 0 EMPTY 'does not exist: skipped' \
	-- --ignore-missing --rox /usr --ro "$T/missing" -- true
run env LANDBOX_LOG_LEVEL=error "$LB" run --ignore-missing --rox /usr --ro "$T/missing" -- true
if [ "$NONE" = 1 ]; then verdict "log level: LANDBOX_LOG_LEVEL=error hides warnings" 125 "" "$HINT_RE"
else verdict "log level: LANDBOX_LOG_LEVEL=error hides warnings" 0 EMPTY EMPTY; fi
run env LANDBOX_LOG_LEVEL=warning "$LB" run --ignore-missing --rox /usr --ro "$T/missing" -- true
if [ "$NONE" = 1 ]; then verdict "log level: LANDBOX_LOG_LEVEL=warning is accepted" 125 "" "$HINT_RE"
else verdict "log level: LANDBOX_LOG_LEVEL=warning is accepted" 0 EMPTY 'does not exist: skipped'; fi
# (nothing handled: runs the same with or without Landlock)
expect "log level: an unknown LANDBOX_LOG_LEVEL is ignored, naming the values" 0 'dry run' \
	"^landbox: LANDBOX_LOG_LEVEL: unknown log level 'loud' ignored \\($LEVELS_RE\\)$" \
	-- env LANDBOX_LOG_LEVEL=loud "$LB" run --unrestricted-filesystem --unrestricted-network \
	--unrestricted-scoped --dry-run
# The manual page names the same values, and no other.
man=$(man_entry log-level)
missing=""
for level in error warn warning info debug; do
	grep -Eq "^[.]B[R]? $level( |,|$)" <<<"$man" || missing="$missing $level"
done
if [ -n "$man" ] && [ -z "$missing" ]; then
	pass "help: landbox(1) names the same log levels"
else
	fail "help: landbox(1) names the same log levels" "missing:${missing:- (no entry found)}"
fi

# ---- landbox learn --help: learn's own usage and options, then run's ----
for h in --help -h; do
	lb learn $h
	verdict "learn $h: exits 0 with learn's usage" 0 '^usage: landbox learn .*-o FILE.*-- COMMAND' EMPTY
	for o in '-o, --output FILE' '--force' '--generalize' '--rounds N' '--ro PATH' '--profile NAME'; do
		if grep -q -- "^  $o" "$T/out"; then pass "learn $h: lists $o"
		else fail "learn $h: lists $o"; fi
	done
	if grep -q 'usage: landbox run' "$T/out"; then fail "learn $h: is not run's help"
	else pass "learn $h: is not run's help"; fi
	# Options that do not make a policy are not offered to learn.
	if grep -Eq -- '^  --(dry-run|explain|list-profiles)' "$T/out"; then
		fail "learn $h: does not list run-only options"
	else pass "learn $h: does not list run-only options"; fi
done
# Help comes before any check: no -o, no COMMAND, no privilege needed.
expect "learn --help after other options exits 0" 0 '^usage: landbox learn' EMPTY \
	-- "$LB" learn --profile base --rounds 3 --help
expect "learn: a bad option still names itself" 125 EMPTY "^landbox: unknown option '--frob'" \
	-- "$LB" learn --frob
lb run --help
if grep -q -- '--output\|--generalize' "$T/out"; then fail "run --help: does not list learn's options"
else pass "run --help: does not list learn's options"; fi

# ---- one page for landbox --help, landbox help and landbox run --help ----
lb --help
cp "$T/out" "$T/top"
lb help
cp "$T/out" "$T/help"
lb run --help
if [ -s "$T/top" ] && cmp -s "$T/top" "$T/out" && cmp -s "$T/top" "$T/help"; then
	pass "help: --help, help and run --help print the same page"
else
	fail "help: --help, help and run --help print the same page" \
		"$(diff "$T/top" "$T/out" | head -5)"
fi
# The page opens with the sub-commands, one line each with what it does; each
# one named is a sub-command landbox accepts (its --help succeeds), and the
# usage after an unknown command is the same overview.
subs=$(awk '/^$/ { exit } { print }' "$T/top" |
	sed -En 's/^(usage:)? +landbox ([a-z]+) .*[^ ]   +[a-z].*$/\2/p')
bad=""
for s in run status learn sandboxer help; do
	case " $(echo $subs) " in *" $s "*) ;; *) bad="$bad $s(no line)" ;; esac
done
for s in $subs; do
	[ "$s" = sandboxer ] && continue # the kernel sample's interface has no --help
	timeout 10 "$LB" "$s" --help >/dev/null 2>&1 || bad="$bad $s(--help fails)"
done
if [ -z "$bad" ]; then pass "help: the page opens with an overview of the sub-commands"
else fail "help: the page opens with an overview of the sub-commands" "$bad" "$(head -8 "$T/top")"; fi
lb frobnicate
awk '/^$/ { exit } { print }' "$T/top" >"$T/overview"
if [ "$RC" = 125 ] && grep -vq '^landbox:' "$T/err" && [ "$(grep -v '^landbox:' "$T/err")" = "$(cat "$T/overview")" ]; then
	pass "help: an unknown command shows the same overview"
else fail "help: an unknown command shows the same overview" "$(cat "$T/err")"; fi

# Output that cannot be written is a failure, not a silent success.
if [ -w /dev/full ]; then
	timeout 10 "$LB" --help >/dev/full 2>"$T/err"
	RC=$?
	LAST="landbox --help >/dev/full"
	verdict "--help to a full device fails (125)" 125 "" "^landbox: cannot write to standard output"
	timeout 10 "$LB" --version >/dev/full 2>"$T/err"
	RC=$?
	LAST="landbox --version >/dev/full"
	verdict "--version to a full device fails (125)" 125 "" "^landbox: cannot write to standard output"
else
	skip "--help to a full device fails (125)" "no /dev/full"
	skip "--version to a full device fails (125)" "no /dev/full"
fi

done_testing
