#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/run.sh - the whole suite: unit (C) and cli (shell) TAP tests, on the
# running kernel and then under every emulated ABI.  Writes only under
# $TMPDIR (and the logs, see below), so it also runs from a read-only tree
# (tests/kernels does that).
#
#   tests/run.sh                   real kernel, then emulated none (not built
#                                  in), disabled (off at boot), 1..11
#   LB_ABIS="real 2" tests/run.sh  only those
#   LB_JOBS=N                      N runs at the same time (default: twice
#                                  the number of CPUs, as the runs wait more
#                                  than they compute; `make check JOBS=N`)
#   LB_ONCE="FILES"                more test files, run once on the real
#                                  kernel as a run of their own ("once")
#   LB_LOGDIR=DIR                  where each run's log goes (default
#                                  $LB_BUILD/check-logs, or under $TMPDIR
#                                  when that cannot be written)
#   PROVE_FLAGS="..."              more prove options (tests/kernels: -v)
#
# Each run (one ABI: both suites) is a job.  With one job at a time or a
# single run, prove's output goes to stdout as it comes, each run headed by
# "### suite under ABI: X" (tests/kernels/run.sh reads that).  With several
# at once, each run writes its own log and this prints one line per finished
# run, then a summary; the logs of the runs that failed are named, with
# prove's summary of what failed.
#
# The audit tests take one lock for the machine (tests/cli/audit-lock.sh:
# one at a time, the audit state is the whole system's).  Everything else
# a test creates is under a mktemp directory of its own, with ephemeral
# ports (tests/cli/lib.sh), so runs do not see each other.
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
: "${LB_ABIS=real none disabled 1 2 3 4 5 6 7 8 9 10 11}"
: "${LB_ONCE:=}"
: "${LB_JOBS:=$((2 * $(nproc 2>/dev/null || echo 1)))}"
case $LB_JOBS in
'' | *[!0-9]* | 0*)
	echo "tests/run.sh: LB_JOBS (make check JOBS=) must be a number from 1 up, not '$LB_JOBS'" >&2
	exit 2
	;;
esac
work=$(mktemp -d "$TMPDIR/lbrun.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
t_start=$SECONDS

runs=""
for abi in $LB_ABIS; do runs="$runs $abi"; done
[ -n "$LB_ONCE" ] && runs="$runs once"
nruns=$(echo $runs | wc -w)
parallel=0
[ "$LB_JOBS" -gt 1 ] && [ "$nruns" -gt 1 ] && parallel=1

# The logs: kept after the run (overwritten by the next), in the build
# directory when it can be written, else under $TMPDIR.
logs=${LB_LOGDIR:-$LB_BUILD/check-logs}
if [ "$parallel" = 1 ]; then
	if ! mkdir -p "$logs" 2>/dev/null || ! [ -w "$logs" ]; then
		logs=$(mktemp -d "$TMPDIR/lbcheck-logs.XXXXXX") || exit 1
	fi
	for r in $runs; do rm -f "$logs/$r.log"; done
fi

# suite RUN NAME FILES...: prove FILES; writes $work/RUN.NAME.res: prove's
# exit status and how many tests the files ran (prove's "Tests=": skipped
# cases count, files skipped as a whole do not), and the "missing:" reasons
# of files skipped as a whole to $work/RUN.missing.
suite() {
	local run=$1 name=$2 out rc tests
	shift 2
	out=$work/$run.$name
	if [ $# -eq 0 ]; then
		echo "1 0" >"$out.res"
		echo "  no $name test found (make test-build)" >>"$work/$run.problems"
		return
	fi
	{
		# shellcheck disable=SC2086
		prove ${PROVE_FLAGS:-} --exec '' "$@"
		echo $? >"$out.rc"
	} | tee "$out.log"
	rc=$(cat "$out.rc")
	tests=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$out.log" | tail -n 1)
	echo "$rc ${tests:-0}" >"$out.res"
	sed -n 's/^.* skipped: *\(missing:.*\)$/\1/p' "$out.log" >>"$work/$run.missing"
}

# one_run RUN: both suites under the emulated ABI RUN (or the real kernel),
# or the LB_ONCE files for the run "once".
one_run() {
	local run=$1
	: >"$work/$run.missing"
	echo "### suite under ABI: $run"
	if [ "$run" = once ]; then
		unset LANDBOX_TEST_ABI
		# shellcheck disable=SC2046,SC2086
		suite "$run" once $(ls $LB_ONCE 2>/dev/null)
		return
	fi
	if [ "$run" = real ]; then unset LANDBOX_TEST_ABI; else
		LANDBOX_TEST_ABI=$run
		export LANDBOX_TEST_ABI
	fi
	# shellcheck disable=SC2046
	suite "$run" unit $(ls "$LB_BUILD"/test/unit/test_* 2>/dev/null)
	# shellcheck disable=SC2046
	suite "$run" cli $(ls tests/cli/*.t 2>/dev/null)
}

# res RUN SUITE FIELD: prove's status (1) or the number of tests (2).
res() {
	[ -f "$work/$1.$2.res" ] || return 0
	cut -d' ' -f"$3" "$work/$1.$2.res"
}
# failed RUN: true when a suite of RUN failed (or did not report).
failed() {
	local s st any=0
	for s in unit cli once; do
		[ -f "$work/$1.$s.res" ] || continue
		any=1
		st=$(res "$1" "$s" 1)
		[ "$st" = 0 ] || return 0
	done
	[ "$any" = 0 ]
}

# Longest first, so that the last job to start is a short one: the runs
# that enforce the most (the real kernel, 7 and up) run the most tests.
order() {
	local r
	for r in "$@"; do
		case $r in
		real | 7 | 8 | 9 | 10 | 11) echo "0 $r" ;;
		4 | 5 | 6) echo "1 $r" ;;
		once | none | disabled) echo "3 $r" ;;
		*) echo "2 $r" ;;
		esac
	done | sort -s -k1,1n | cut -d' ' -f2
}

# finished RUN SECONDS: the progress line of a finished run.
n_done=0
finished() {
	local run=$1 secs=$2 what="" s n
	n_done=$((n_done + 1))
	for s in unit cli once; do
		n=$(res "$run" "$s" 2)
		[ -n "$n" ] && what="$what${what:+, }$s $n tests"
	done
	if failed "$run"; then
		printf '[%2d/%d] %-8s FAILED  %s, %ss: see %s\n' "$n_done" "$nruns" "$run" \
			"$what" "$secs" "$logs/$run.log"
		# prove's list of the failed files and tests.
		sed -n '/^Test Summary Report/,/^Files=/{/^Files=/d;/^Test Summary Report/d;/^---/d;s/^/         /;p}' \
			"$logs/$run.log"
	else
		printf '[%2d/%d] %-8s ok      %s, %ss\n' "$n_done" "$nruns" "$run" "$what" "$secs"
	fi
}

if [ "$parallel" = 1 ]; then
	echo "tests/run.sh: $nruns runs ($(echo $runs)), $LB_JOBS at a time; logs in $logs/"
	declare -A run_of start_of
	running=0
	for r in $(order $runs); do
		if [ "$running" -ge "$LB_JOBS" ]; then
			wait -n -p pid
			finished "${run_of[$pid]}" $((SECONDS - ${start_of[$pid]}))
			running=$((running - 1))
		fi
		one_run "$r" >"$logs/$r.log" 2>&1 </dev/null &
		run_of[$!]=$r
		start_of[$!]=$SECONDS
		running=$((running + 1))
	done
	while [ "$running" -gt 0 ]; do
		wait -n -p pid
		finished "${run_of[$pid]}" $((SECONDS - ${start_of[$pid]}))
		running=$((running - 1))
	done
else
	for r in $runs; do one_run "$r"; done
fi

# The verdict over all runs.
status=0
problems=""
ran_unit=0
ran_cli=0
failed_runs=""
for r in $runs; do
	failed "$r" && failed_runs="$failed_runs $r"
	[ -s "$work/$r.problems" ] && problems="$problems
$(cat "$work/$r.problems")"
	[ "$r" = once ] && continue
	u=$(res "$r" unit 2)
	c=$(res "$r" cli 2)
	ran_unit=$((ran_unit + ${u:-0}))
	ran_cli=$((ran_cli + ${c:-0}))
	case $r in
	real | none | disabled)
		[ "${u:-0}" = 0 ] && problems="$problems
  the unit suite ran no test under ABI $r: every file skipped"
		[ "${c:-0}" = 0 ] && problems="$problems
  the cli suite ran no test under ABI $r: every file skipped"
		;;
	esac
done
[ -n "$failed_runs" ] && status=1
if [ "$LB_ABIS" != "" ]; then
	[ "$ran_unit" = 0 ] && problems="$problems
  the unit suite ran no test at all"
	[ "$ran_cli" = 0 ] && problems="$problems
  the cli suite ran no test at all"
fi
cat "$work"/*.missing 2>/dev/null >"$work/missing.all"
if [ -s "$work/missing.all" ]; then
	problems="$problems
$(sort "$work/missing.all" | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/  \2 (files skipped: \1)/')"
fi
elapsed=$((SECONDS - t_start))
if [ "$parallel" = 1 ]; then
	verdict="all passed"
	[ -n "$failed_runs" ] && verdict="FAILED:$failed_runs"
	echo "tests/run.sh: $nruns runs in ${elapsed}s ($LB_JOBS at a time): unit $ran_unit tests," \
		"cli $ran_cli tests; $verdict"
	for r in $failed_runs; do echo "  failed: $r, see $logs/$r.log"; done
elif [ -n "$failed_runs" ]; then
	echo "tests/run.sh: FAILED under:$failed_runs" >&2
fi
if [ -n "$problems" ]; then
	echo "tests/run.sh: FAILED, the suite could not run as a whole:$problems" >&2
	echo "tests/run.sh: the tests need prove (perl), python3, curl and setpriv" \
		"(util-linux): see README.md, Testing" >&2
	status=1
fi
exit $status
