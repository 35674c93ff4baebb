# SPDX-License-Identifier: MIT
# tests/install/tap.sh - the TAP helpers of tests/install/*.t (sourced):
# these tests check a build and an installation, so they do without
# tests/cli/lib.sh (which needs the test build and python3).
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
# nok DESC LINE...: a failure, with the lines as diagnostics.
nok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do printf '#   %s\n' "$l" >&2; done
}
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
