# SPDX-License-Identifier: MIT
# tests/cli/audit-lock.sh - sourced first (before lib.sh) by every test that
# changes or reads the audit state (explain.t, learn.t, learn-args.t,
# learn-trace.t, deny-audit.t, logflags.t, causes.t): the state is the whole
# system's, so such tests run one at a time, whatever suite they belong to.  As root the lock is
# system-wide, /run/lock/landbox-audit-tests.lock, so that suites with
# different $TMPDIRs (parallel `make check` runs, several checkouts, CI and
# tests/kernels' host runs) do not switch audit off under each other; where
# /run/lock cannot be written (a read-only root in tests/kernels' guests) and
# for other users (whose audit tests skip) it is under $TMPDIR.
if [ -z "${LB_AUDIT_TEST_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	_lb_lock=${TMPDIR:-/tmp}/landbox-audit-tests.lock
	if [ "$(id -u)" = 0 ] && [ -d /run/lock ] && [ -w /run/lock ]; then
		_lb_lock=/run/lock/landbox-audit-tests.lock
	fi
	LB_AUDIT_TEST_LOCKED=1 exec flock -o -w 600 "$_lb_lock" "$0" "$@"
fi
