#!/bin/sh
# tests/run.sh - the whole suite: unit (C) and cli (shell) TAP tests, on the
# running kernel and then under every emulated ABI.  Writes only under
# $TMPDIR, so it also runs from a read-only tree (tests/kernels does that).
#
#   tests/run.sh                 real kernel, then emulated none (not built in),
#                                disabled (off at boot), 1..10
#   LB_ABIS="real 2" tests/run.sh    only those
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
: "${LB_BUILD:=build}"
export LB_BUILD
: "${TMPDIR:=/tmp}"
export TMPDIR
: "${LB_ABIS:=real none disabled 1 2 3 4 5 6 7 8 9 10}"
status=0
for abi in $LB_ABIS; do
	echo "### suite under ABI: $abi"
	if [ "$abi" = real ]; then unset LANDBOX_TEST_ABI; else LANDBOX_TEST_ABI=$abi; export LANDBOX_TEST_ABI; fi
	# shellcheck disable=SC2046
	prove ${PROVE_FLAGS:-} --exec '' $(ls "$LB_BUILD"/test/unit/test_* 2>/dev/null) \
		$(ls tests/cli/*.t 2>/dev/null) || status=1
done
unset LANDBOX_TEST_ABI
exit $status
