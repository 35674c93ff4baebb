#!/bin/bash
# SPDX-License-Identifier: MIT
# errors.t - bad inputs: each makes landbox exit 125 without running
# COMMAND, with a message on stderr starting "landbox:" that names the bad
# argument.  Parsing comes before any kernel check, so these hold on every
# ABI, "none" included.
. "$(dirname "$0")/lib.sh"
make_tree
M=$T/marker # COMMAND would create it: it must never run

# bad DESC ERR_RE ARGS...: `landbox ARGS...` must fail with 125, name the
# argument (ERR_RE), and not run COMMAND.
bad() {
	local d=$1 e=$2
	shift 2
	rm -f "$M"
	run "$LB" "$@"
	if [ -e "$M" ]; then
		fail "$d" "COMMAND ran: $LAST"
	else
		verdict "$d" 125 "" "$e"
	fi
}
TOUCH="touch $M"

for opt in bind-tcp connect-tcp; do
	bad "errors: --$opt port 70000 is refused" "^landbox:.*70000" \
		run --rox /usr --rw "$T" --"$opt" 70000 -- $TOUCH
	bad "errors: --$opt port 65536 is refused" "^landbox:.*65536" \
		run --rox /usr --rw "$T" --"$opt" 65536 -- $TOUCH
	bad "errors: --$opt port abc is refused" "^landbox:.*abc" \
		run --rox /usr --rw "$T" --"$opt" abc -- $TOUCH
	bad "errors: --$opt port -1 is refused" "^landbox:.*-1" \
		run --rox /usr --rw "$T" --"$opt" -1 -- $TOUCH
	bad "errors: --$opt empty port is refused" "^landbox:.*$opt" \
		run --rox /usr --rw "$T" --"$opt" "" -- $TOUCH
	bad "errors: --$opt port 80x is refused" "^landbox:.*80x" \
		run --rox /usr --rw "$T" --"$opt" 80x -- $TOUCH
	bad "errors: --$opt bad port inside a list is refused" "^landbox:.*xyz" \
		run --rox /usr --rw "$T" --"$opt" 80,xyz,443 -- $TOUCH
	bad "errors: --$opt without a value is refused" "^landbox:.*$opt" \
		run --rox /usr --rw "$T" --"$opt"
done
bad "errors: hexadecimal port is refused" "^landbox:.*0x50" \
	run --rox /usr --rw "$T" --connect-tcp 0x50 -- $TOUCH
bad "errors: huge port is refused" "^landbox:.*99999999999999999999" \
	run --rox /usr --rw "$T" --connect-tcp 99999999999999999999 -- $TOUCH
bad "errors: port with a space is refused" "^landbox:.*connect-tcp" \
	run --rox /usr --rw "$T" --connect-tcp " 80" -- $TOUCH
bad "errors: --env with an empty name is refused" "^landbox:.*--env" \
	run --rox /usr --rw "$T" --env =x -- $TOUCH
bad "errors: --env empty is refused" "^landbox:.*--env" \
	run --rox /usr --rw "$T" --env "" -- $TOUCH
bad "errors: --bind-udp port 70000 is refused" "^landbox:.*70000" \
	run --rox /usr --rw "$T" --bind-udp 70000 -- $TOUCH
bad "errors: --connect-udp port abc is refused" "^landbox:.*abc" \
	run --rox /usr --rw "$T" --connect-udp abc -- $TOUCH

bad "errors: unknown option is refused" "^landbox:.*--frobnicate" \
	run --rox /usr --rw "$T" --frobnicate -- $TOUCH
bad "errors: unknown option after valid ones is refused" "^landbox:.*--no-such-option" \
	run --rox /usr --rw "$T" --no-such-option=1 -- $TOUCH
bad "errors: unknown sub-command is refused" "^landbox:.*frobnicate" \
	frobnicate --rox /usr -- $TOUCH

for opt in ro rox rw rwx; do
	bad "errors: --$opt empty path is refused" "^landbox:.*(--$opt|empty)" \
		run --rox /usr --rw "$T" --"$opt" "" -- $TOUCH
	bad "errors: --$opt without a value is refused" "^landbox:.*$opt" \
		run --rox /usr --rw "$T" --"$opt"
done
bad "errors: trailing comma in a list is refused" "^landbox:.*(--ro|empty)" \
	run --rox /usr --rw "$T" --ro "$D/data," -- $TOUCH
bad "errors: empty path inside a list is refused" "^landbox:.*(--ro|empty)" \
	run --rox /usr --rw "$T" --ro "$D/data,,$D/other" -- $TOUCH
bad "errors: missing path is refused and named" "^landbox:.*$T/does-not-exist" \
	run --rox /usr --rw "$T" --ro "$T/does-not-exist" -- $TOUCH
bad "errors: missing path inside a list is refused and named" "^landbox:.*$T/does-not-exist" \
	run --rox /usr --rw "$T" --ro "$D/data,$T/does-not-exist" -- $TOUCH

bad "errors: missing command is refused" "^landbox:" run --rox /usr --rw "$T"
bad "errors: missing command after -- is refused" "^landbox:" run --rox /usr --rw "$T" --
bad "errors: run without anything is refused" "^landbox:" run
bad "errors: landbox without sub-command is refused" "^landbox:"

bad "errors: unknown profile is refused and named" "^landbox:.*no-such-profile-lbtest" \
	run --rox /usr --rw "$T" --profile no-such-profile-lbtest -- $TOUCH
bad "errors: missing profile file is refused and named" "^landbox:.*$T/nothere.profile" \
	run --rox /usr --rw "$T" --profile "$T/nothere.profile" -- $TOUCH

# A bad line of a profile: the message is "FILE:LINE: ...".
P=$T/bad.profile
printf '# a comment\n\nrox /usr\nfrobnicate /x\n' >"$P"
bad "errors: unknown option in a profile gives FILE:LINE" "^landbox: $P:4:.*frobnicate" \
	run --rw "$T" --profile "$P" -- $TOUCH
printf 'rox /usr\nconnect-tcp 70000\n' >"$P"
bad "errors: bad port in a profile gives FILE:LINE" "^landbox: $P:2:.*70000" \
	run --rw "$T" --profile "$P" -- $TOUCH
printf 'rox /usr\nro\n' >"$P"
bad "errors: option without value in a profile gives FILE:LINE" "^landbox: $P:2:" \
	run --rw "$T" --profile "$P" -- $TOUCH
printf 'rox /usr\n\n# c\nro %s/does-not-exist\n' "$T" >"$P"
bad "errors: missing path in a profile is refused and named" "^landbox:.*$T/does-not-exist" \
	run --rw "$T" --profile "$P" -- $TOUCH
printf 'rox /usr\ninclude no-such-profile-lbtest\n' >"$P"
bad "errors: include of an unknown profile gives FILE:LINE" "^landbox: $P:2:.*no-such-profile-lbtest" \
	run --rw "$T" --profile "$P" -- $TOUCH
printf 'include %s\n' "$P" >"$T/loop.profile"
printf 'rox /usr\ninclude %s\n' "$T/loop.profile" >"$P"
bad "errors: include loop is refused" "^landbox:.*(loop|cycle|recurs|include)" \
	run --rw "$T" --profile "$P" -- $TOUCH

bad "errors: unknown log level is refused and named" "^landbox:.*bogus-level" \
	run --rox /usr --rw "$T" --log-level bogus-level -- $TOUCH
rm -f "$M"
run env LANDBOX_LOG_LEVEL=bogus-level "$LB" run --rox /usr --rw "$T" -- $TOUCH
if [ "$NONE" = 1 ]; then exp=125; else exp=0; fi
# An unusable level in the environment must not make landbox misbehave:
# either it is refused by name, or ignored and COMMAND runs.
if { [ "$RC" = 125 ] && grep -q 'bogus-level' "$T/err"; } || [ "$RC" = "$exp" ]; then
	pass "errors: unknown LANDBOX_LOG_LEVEL is named or ignored"
else
	_report "errors: unknown LANDBOX_LOG_LEVEL is named or ignored" "125|$exp" "" ""
fi

# --help and --version work on their own.
expect "errors: --help exits 0" 0 'bind-tcp' "" -- "$LB" --help
for o in ro rox rw rwx bind-tcp connect-tcp env keep-env best-effort strict dry-run profile \
	unrestricted-filesystem unrestricted-network unrestricted-scoped ignore-missing ldd add-exec \
	log-level; do
	if grep -q -- "--$o" "$T/out"; then pass "errors: --help lists --$o"; else fail "errors: --help lists --$o"; fi
done
expect "errors: run --help exits 0" 0 'connect-tcp' "" -- "$LB" run --help
expect "errors: --version prints the version" 0 '[0-9]+\.[0-9]+\.[0-9]+' "" -- "$LB" --version

done_testing
