#!/bin/bash
# SPDX-License-Identifier: MIT
# product.t - the product holds no test code: build/landbox and the library
# have none of the test build's hooks (tests/hooks/: LANDBOX_TEST_ABI,
# LANDBOX_TEST_SECCOMP) nor the library's emulation seam (lb_test_*), while
# build/test/landbox has them (so that this test can see them at all).
# Run once by `make check`, on $LB_BUILD as `make test-build` left it.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${LB_BUILD:=build}"
case $LB_BUILD in
/*) B=$LB_BUILD ;;
*) B=$ROOT/$LB_BUILD ;;
esac
. "$ROOT/tests/install/tap.sh"
[ -x "$B/landbox" ] && [ -x "$B/test/landbox" ] ||
	skip_all "missing: $B/landbox and $B/test/landbox (make test-build)"

# What marks test code: the hooks' environment variables (strings, there
# even in a stripped binary) and the symbols of the hooks and of the seam.
MARKS="LANDBOX_TEST_ABI LANDBOX_TEST_SECCOMP cli_test_setup lb_test_emulate lb_test_set_sys"
# marks FILE: the marks FILE holds, as a list.
marks() {
	local m found=""
	for m in $MARKS; do
		grep -aqF "$m" "$1" && found="$found $m"
	done
	echo "${found# }"
}

got=$(marks "$B/test/landbox")
if [ "$got" = "$MARKS" ]; then ok "the test build holds the hooks (this test sees them)"
else nok "the test build holds the hooks (this test sees them)" "found: $got" "wanted: $MARKS"; fi
for f in landbox liblandbox.a "$(readlink "$B/liblandbox.so" | xargs -r readlink)"; do
	[ -n "$f" ] && [ -e "$B/$f" ] || continue
	got=$(marks "$B/$f")
	if [ -z "$got" ]; then ok "$f holds no test code"
	else nok "$f holds no test code" "found: $got"; fi
done
# The hooks' sources are outside the product's source tree.
if ! grep -rlE '"LANDBOX_TEST_' "$ROOT/cli" "$ROOT/lib" >/dev/null 2>&1; then
	ok "cli/ and lib/ do not read LANDBOX_TEST_*: the hooks are in tests/hooks/"
else
	nok "cli/ and lib/ do not read LANDBOX_TEST_*: the hooks are in tests/hooks/" \
		"$(grep -rlE '"LANDBOX_TEST_' "$ROOT/cli" "$ROOT/lib")"
fi
echo "1..$n"
