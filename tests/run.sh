#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/run.sh - the whole suite: unit (C) and cli (shell) TAP tests, on the
# running kernel and then under every emulated ABI.  Writes only under
# $TMPDIR, so it also runs from a read-only tree (tests/kernels does that).
#
#   tests/run.sh                 real kernel, then emulated none (not built in),
#                                disabled (off at boot), 1..11
#   LB_ABIS="real 2" tests/run.sh    only those
#
# prove calls a run where every file skipped a success; this does not:
# - a file skipped as a whole because the machine lacks something the suite
#   needs (its reason starts with "missing:", e.g. no python3) fails the run;
# - under real, none and disabled, which every kernel can run, each suite
#   must run tests, and each must run some over the whole run.  (Emulated
#   ABIs 1..11 skip as a whole on a kernel without Landlock: that is fine.)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
: "${LB_BUILD:=build}"
export LB_BUILD
: "${TMPDIR:=/tmp}"
export TMPDIR
: "${LB_ABIS:=real none disabled 1 2 3 4 5 6 7 8 9 10 11}"
status=0
log=$(mktemp "$TMPDIR/lbrun.XXXXXX") || exit 1
trap 'rm -f "$log" "$log.rc" "$log.missing"' EXIT
: >"$log.missing"
problems=""
ran_unit=0
ran_cli=0

# suite NAME ABI FILES...: prove FILES; TESTS is how many tests they ran
# (prove's "Tests=": skipped cases count, files skipped as a whole do not).
suite() {
	name=$1 abi=$2
	shift 2
	TESTS=0
	if [ $# -eq 0 ]; then
		problems="$problems
  no $name test found (make test-build)"
		return
	fi
	{
		# shellcheck disable=SC2086
		prove ${PROVE_FLAGS:-} --exec '' "$@"
		echo $? >"$log.rc"
	} | tee "$log"
	[ "$(cat "$log.rc")" = 0 ] || status=1
	TESTS=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log" | tail -n 1)
	: "${TESTS:=0}"
	sed -n 's/^.* skipped: *\(missing:.*\)$/\1/p' "$log" >>"$log.missing"
	case $abi in
	real | none | disabled)
		[ "$TESTS" = 0 ] && problems="$problems
  the $name suite ran no test under ABI $abi: every file skipped"
		;;
	esac
}

for abi in $LB_ABIS; do
	echo "### suite under ABI: $abi"
	if [ "$abi" = real ]; then unset LANDBOX_TEST_ABI; else LANDBOX_TEST_ABI=$abi; export LANDBOX_TEST_ABI; fi
	# shellcheck disable=SC2046
	suite unit "$abi" $(ls "$LB_BUILD"/test/unit/test_* 2>/dev/null)
	ran_unit=$((ran_unit + TESTS))
	# shellcheck disable=SC2046
	suite cli "$abi" $(ls tests/cli/*.t 2>/dev/null)
	ran_cli=$((ran_cli + TESTS))
done
unset LANDBOX_TEST_ABI
[ "$ran_unit" = 0 ] && problems="$problems
  the unit suite ran no test at all"
[ "$ran_cli" = 0 ] && problems="$problems
  the cli suite ran no test at all"
if [ -s "$log.missing" ]; then
	problems="$problems
$(sort "$log.missing" | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/  \2 (files skipped: \1)/')"
fi
if [ -n "$problems" ]; then
	echo "tests/run.sh: FAILED, the suite could not run as a whole:$problems" >&2
	echo "tests/run.sh: the tests need prove (perl), python3, curl and setpriv" \
		"(util-linux): see README.md, Testing" >&2
	status=1
fi
exit $status
