#!/bin/bash
# SPDX-License-Identifier: MIT
# enforcement.t - failing closed (DESIGN §4): without Landlock every run is
# refused with the kernel's hint unless --best-effort (then it runs
# unsandboxed with a loud warning); finer rights this kernel cannot restrict
# are listed in ONE warning line "this kernel (ABI N) cannot restrict: ...";
# --strict refuses unless everything is enforced; the ABI 7 log flags; the
# log levels.  Run under every emulated ABI, these cover the refusal and
# warning rules for ABI 1, 3, 4, 6 and none.
. "$(dirname "$0")/lib.sh"
make_tree
M=$T/marker
CR='cannot restrict'

# ---- no Landlock ----
rm -f "$M"
run "$LB" run --rox /usr --rw "$T" -- touch "$M"
if [ "$NONE" = 1 ]; then
	verdict "none: a run is refused with the enabling hint" 125 EMPTY "^landbox:.*$HINT_RE|$HINT_RE"
	check "none: the refused COMMAND did not run" test ! -e "$M"
else
	verdict "none: a run is refused with the enabling hint" 0 EMPTY ""
	check "none: the refused COMMAND did not run" test -e "$M"
fi
run "$LB" run --best-effort --rox /usr -- cat "$D/other/f"
if [ "$NONE" = 1 ]; then
	verdict "none: --best-effort runs COMMAND unsandboxed" 0 '^other-data$' '^landbox:'
else
	verdict "none: --best-effort runs COMMAND unsandboxed" 1 EMPTY 'Permission denied'
fi
if [ "$NONE" = 1 ]; then
	verdict "none: --best-effort warns loudly" 0 '' '^landbox:.*([Nn]ot sandboxed|NOT SANDBOXED|[Uu]nsandboxed|UNSANDBOXED|[Ww]ithout (a |any )?sandbox|WITHOUT (A |ANY )?SANDBOX|[Nn]o sandbox|NO SANDBOX)'
else
	skip "none: --best-effort warns loudly" "Landlock works here"
fi
run "$LB" run --best-effort --rox /usr -- sh -c 'exit 3'
verdict "best-effort: COMMAND's status is passed through" 3 EMPTY ""

# ---- the warning line ----
run "$LB" run --rox /usr -- true
if [ "$NONE" = 1 ]; then
	for d in "the abstract socket scope is listed below ABI 6" "the signal scope is listed below ABI 6" "truncate is listed below ABI 3" \
		"ioctl_dev is listed below ABI 5" "resolve_unix is listed below ABI 9" \
		"UDP is listed below ABI 10" "it names the ABI" "it is one line" \
		"--unrestricted-scoped removes the scopes" "--unrestricted-network removes net" \
		"--unrestricted-filesystem removes fs" "--log-level error hides it"; do
		skip "warning line: $d" "no Landlock"
	done
else
	cp "$T/err" "$T/warn"
	wl() { # wl DESC COND REGEX: REGEX must match the warning when COND holds, else not
		local d=$1 c=$2 re=$3
		cp "$T/warn" "$T/err"
		if eval "$c"; then verdict "warning line: $d" 0 EMPTY "^landbox: .*$CR.*$re"
		else verdict "warning line: $d" 0 EMPTY "!^landbox: .*$CR.*$re"; fi
	}
	wl "the abstract socket scope is listed below ABI 6" '[ $ABI -lt 6 ]' 'scope\.abstract_unix_socket'
	wl "the signal scope is listed below ABI 6" '[ $ABI -lt 6 ]' 'scope\.signal'
	wl "truncate is listed below ABI 3" '[ $ABI -lt 3 ]' 'fs\.truncate'
	wl "ioctl_dev is listed below ABI 5" '[ $ABI -lt 5 ]' 'fs\.ioctl_dev'
	wl "resolve_unix is listed below ABI 9" '[ $ABI -lt 9 ]' 'fs\.resolve_unix'
	# Below ABI 10 the seccomp filter closes UDP entirely: not left open.
	wl "UDP is not listed (the seccomp filter closes it)" 'false' 'net\.bind_udp'
	cp "$T/warn" "$T/err"
	# ABI 9 leaves only UDP, which the filter closes: no warning at all.
	if [ "$ABI" -lt 9 ]; then verdict "warning line: it names the ABI" 0 EMPTY "^landbox: .*ABI $ABI.*$CR|^landbox: .*$CR.*ABI $ABI"
	else verdict "warning line: it names the ABI" 0 EMPTY "!$CR"; fi
	n=$(grep -c "$CR" "$T/warn")
	if [ "$ABI" -lt 9 ]; then want=1; else want=0; fi
	if [ "$n" = "$want" ]; then pass "warning line: it is one line"
	else fail "warning line: it is one line" "$n lines say '$CR', wanted $want"; sed 's/^/#   /' "$T/warn" >&2; fi

	run "$LB" run --unrestricted-scoped --rox /usr -- true
	verdict "warning line: --unrestricted-scoped removes the scopes" 0 EMPTY "!$CR.*scope\."
	run "$LB" run --unrestricted-network --rox /usr -- true
	verdict "warning line: --unrestricted-network removes net" 0 EMPTY "!$CR.*net\."
	run "$LB" run --unrestricted-filesystem -- /usr/bin/true
	verdict "warning line: --unrestricted-filesystem removes fs" 0 EMPTY "!$CR.*fs\."
	run "$LB" run --log-level error --rox /usr -- true
	verdict "warning line: --log-level error hides it" 0 EMPTY "!$CR"
fi

# ---- --strict ----
rm -f "$M"
run "$LB" run --strict --rox /usr --rw "$T" -- touch "$M"
if [ "$NONE" = 1 ]; then
	verdict "--strict: refuses unless every right is enforced" 125 EMPTY "$HINT_RE"
elif [ "$ABI" -lt "$ABI_KNOWN" ]; then
	verdict "--strict: refuses unless every right is enforced" 125 EMPTY '^landbox:.*(fs|net|scope)\.[a-z_]+'
else
	verdict "--strict: refuses unless every right is enforced" 0 EMPTY ""
fi
if [ "$ABI" -lt "$ABI_KNOWN" ]; then
	check "--strict: the refused COMMAND did not run" test ! -e "$M"
else
	check "--strict: the refused COMMAND did not run" test -e "$M"
fi
# --strict with the areas this kernel cannot fully handle left unrestricted:
# only fs rights known by ABI <= this one remain.
rm -f "$M"
run "$LB" run --strict --unrestricted-network --unrestricted-scoped --rox /usr --rw "$T" -- touch "$M"
if [ "$NONE" = 1 ]; then
	verdict "--strict: names a right this kernel lacks" 125 EMPTY "$HINT_RE"
elif [ "$ABI" -lt 9 ]; then
	verdict "--strict: names a right this kernel lacks" 125 EMPTY '^landbox:.*fs\.(resolve_unix|ioctl_dev|truncate|refer)'
else
	verdict "--strict: names a right this kernel lacks" 0 EMPTY ""
fi

# ---- explicit features refused below their ABI, or warned with --best-effort ----
for f in log-disable-originating log-enable-subprocesses log-disable-subdomains; do
	sb_abi 7 "log flags: --$f is accepted from ABI 7" 0 EMPTY "" -- --rox /usr --$f -- true
	run "$LB" run --best-effort --rox /usr --$f -- true
	if [ "$NONE" = 0 ] && [ "$ABI" -lt 7 ]; then
		verdict "log flags: --best-effort --$f runs with a warning below ABI 7" 0 EMPTY '^landbox:'
	else
		verdict "log flags: --best-effort --$f runs with a warning below ABI 7" 0 EMPTY ""
	fi
done
run "$LB" run --rox /usr --log-disable-subdomains -- true
if [ "$NONE" = 0 ] && [ "$ABI" -lt 7 ]; then
	verdict "log flags: the refusal names the flag" 125 EMPTY '^landbox:.*(log|LOG).*ABI 7|^landbox:.*ABI 7.*(log|LOG)'
else
	skip "log flags: the refusal names the flag" "ABI $ABI"
fi
rm -f "$M"
run "$LB" run --rox /usr --rw "$T" --connect-tcp 80 -- touch "$M"
if [ "$ABI" -ge 4 ]; then
	check "refusal: a refused COMMAND never runs" test -e "$M"
else
	check "refusal: a refused COMMAND never runs" test ! -e "$M"
fi
# --best-effort below the ABI of a feature still sandboxes the rest.
run "$LB" run --best-effort --rox /usr --connect-tcp 80 --log-disable-subdomains -- cat "$D/other/f"
if [ "$NONE" = 1 ]; then
	verdict "best-effort: what can be enforced still is" 0 '^other-data$' '^landbox:'
else
	verdict "best-effort: what can be enforced still is" 1 EMPTY 'Permission denied'
fi

# ---- log levels ----
sb "log level: --log-level debug shows the rules" 0 '^secret-data$' "$D/data" -- --log-level debug --rox /usr --ro "$D/data" -- cat "$D/data/f"
sb "log level: --log-level info is accepted" 0 '^secret-data$' "" -- --log-level info --rox /usr --ro "$D/data" -- cat "$D/data/f"
sb "log level: --log-level=debug form is accepted" 0 '^secret-data$' "$D/data" -- --log-level=debug --rox /usr --ro "$D/data" -- cat "$D/data/f"
run env LANDBOX_LOG_LEVEL=debug "$LB" run --rox /usr --ro "$D/data" -- cat "$D/data/f"
if [ "$NONE" = 1 ]; then verdict "log level: LANDBOX_LOG_LEVEL=debug shows the rules" 125 "" "$HINT_RE"
else verdict "log level: LANDBOX_LOG_LEVEL=debug shows the rules" 0 '^secret-data$' "$D/data"; fi
run env LANDRUN_LOG_LEVEL=debug "$LB" run --rox /usr --ro "$D/data" -- cat "$D/data/f"
if [ "$NONE" = 1 ]; then verdict "log level: LANDRUN_LOG_LEVEL=debug shows the rules" 125 "" "$HINT_RE"
else verdict "log level: LANDRUN_LOG_LEVEL=debug shows the rules" 0 '^secret-data$' "$D/data"; fi
run env LANDBOX_LOG_LEVEL=debug "$LB" run --log-level error --rox /usr --ro "$D/data" -- cat "$D/data/f"
if [ "$NONE" = 1 ]; then verdict "log level: --log-level wins over the environment" 125 "" "$HINT_RE"
else verdict "log level: --log-level wins over the environment" 0 '^secret-data$' "!$D/data"; fi
run env LANDBOX_LOG_LEVEL=debug "$LB" run --rox /usr --ro "$D/data" -- env
if [ "$NONE" = 1 ]; then verdict "log level: the variable is not passed to COMMAND" 125 "" "$HINT_RE"
else verdict "log level: the variable is not passed to COMMAND" 0 "!^LANDBOX_LOG_LEVEL" ""; fi

done_testing
