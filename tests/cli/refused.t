#!/bin/bash
# SPDX-License-Identifier: MIT
# refused.t - landlock_create_ruleset refused by something other than the
# kernel's Landlock: a seccomp filter (tests/helpers/deny_syscall, as a
# container's seccomp profile does) makes it fail with EPERM or ENOMEM.
# landbox must refuse (125) naming that errno and the right advice, not
# "Function not implemented" and a kernel rebuild.  The real probe is what
# is tested: LANDBOX_TEST_ABI is unset for these runs (an emulated kernel
# answers the probe itself), so the outcome is the same under every ABI.
. "$(dirname "$0")/lib.sh"
DENY=$BUILD_DIR/test/helpers/deny_syscall
[ -x "$DENY" ] || skip_all "$DENY is not built (make test-build)"
"$DENY" 444 1 true 2>/dev/null || skip_all "cannot install a seccomp filter here"
unset LANDBOX_TEST_ABI
EPERM=1 ENOMEM=12 ENOSYS=38

# deny ERRNO DESC RC OUT ERR -- CMD...: CMD with landlock_create_ruleset failing with ERRNO.
deny() {
	local e=$1 d=$2 rc=$3 o=$4 er=$5
	shift 5
	[ "${1:-}" = -- ] && shift
	run "$DENY" 444 "$e" "$@"
	verdict "$d" "$rc" "$o" "$er"
}
norebuild() { # the last run did not advise rebuilding the kernel nor name ENOSYS
	if grep -Eq 'CONFIG_SECURITY_LANDLOCK|Function not implemented' "$T/err"; then
		fail "$1" "stderr advises a kernel rebuild or names ENOSYS:" "$(cat "$T/err")"
	else pass "$1"; fi
}

deny $EPERM "EPERM: run refuses (125) naming the errno" 125 EMPTY \
	'^landbox: Landlock is not available \(Operation not permitted\): .*seccomp' \
	-- "$LB" run --ro /usr -- /usr/bin/true
norebuild "EPERM: no kernel rebuild advised"
deny $EPERM "EPERM: says COMMAND is not run unsandboxed" 125 EMPTY 'refusing to run COMMAND' \
	-- "$LB" run --ro /usr -- /usr/bin/true
deny $ENOMEM "ENOMEM: run refuses (125) naming the errno" 125 EMPTY \
	'^landbox: Landlock is not available \(Cannot allocate memory\)' \
	-- "$LB" run --ro /usr -- /usr/bin/true
norebuild "ENOMEM: no kernel rebuild advised"
deny $ENOSYS "ENOSYS: still the kernel build advice" 125 EMPTY \
	'Function not implemented.*CONFIG_SECURITY_LANDLOCK' \
	-- "$LB" run --ro /usr -- /usr/bin/true
deny $EPERM "EPERM: --best-effort warns with the errno and runs unsandboxed" 0 '^ran$' \
	'WARNING: Landlock is not available \(Operation not permitted\)' \
	-- "$LB" run --best-effort --ro /usr -- /bin/echo ran
deny $EPERM "EPERM: status names the state and the errno" 0 \
	'^landlock: unavailable \(EPERM: Operation not permitted\)' "" -- "$LB" status
deny $EPERM "EPERM: status --json gives the errno" 0 '"error": "EPERM".*seccomp' "" \
	-- "$LB" status --json
deny $EPERM "EPERM: dry-run names the errno (and would refuse)" 125 \
	'^kernel: no Landlock \(Operation not permitted\)' 'Operation not permitted' \
	-- "$LB" run --dry-run --ro /usr -- true
deny $EPERM "EPERM: the sandboxer personality fails (1) naming the errno" 1 "" \
	'failed to check Landlock compatibility: Operation not permitted' \
	-- env LL_FS_RO=/usr LL_FS_RW= "$SANDBOXER" /usr/bin/true
# The installed build (no test hooks) says the same.
if [ -x "$BUILD_DIR/landbox" ]; then
	deny $EPERM "EPERM: the installed build refuses naming the errno" 125 EMPTY \
		'^landbox: Landlock is not available \(Operation not permitted\): .*seccomp' \
		-- "$BUILD_DIR/landbox" run --ro /usr -- /usr/bin/true
else
	skip "EPERM: the installed build refuses naming the errno" "$BUILD_DIR/landbox not built"
fi
done_testing
