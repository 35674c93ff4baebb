#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh - run each libFuzzer target given (make fuzz) for
# FUZZ_SECONDS on a copy of its seed corpus, tests/fuzz/corpus/NAME (the
# tree's corpus never grows), with its dictionary tests/fuzz/NAME.dict if
# any.  Fails on any crash, leak, timeout or out-of-memory, leaving the
# input that caused it in $FUZZ_ARTIFACTS (default build/fuzz/artifacts).
# Prints per target: executions, executions per second, coverage.
set -u
here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-60}
artifacts=${FUZZ_ARTIFACTS:-build/fuzz/artifacts}
# Scratch files are written at every execution: on tmpfs when there is one.
if [ -z "${FUZZ_TMPDIR:-}" ]; then
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then FUZZ_TMPDIR=/dev/shm; else FUZZ_TMPDIR=${TMPDIR:-/tmp}; fi
fi
work=$(mktemp -d "$FUZZ_TMPDIR/landbox-fuzz-run.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$artifacts"
# The guard first: each of these must abort with its message, or nothing here
# can be trusted not to sandbox, execute or fork.
if [ -n "${FUZZ_GUARD_CHECK:-}" ]; then
	for what in sandboxer run exec fork system; do
		# (In a subshell that does not exec it: the shell's "Aborted" is captured too.)
		out=$( (TMPDIR=$work ASAN_OPTIONS=detect_leaks=0 "$FUZZ_GUARD_CHECK" "$what"; :) 2>&1)
		case $out in
		*"fuzz guard: the fuzz build called"*) ;;
		*)
			printf 'fuzz guard check: "%s" was not stopped:\n%s\n' "$what" "$out"
			exit 1
			;;
		esac
	done
	echo "fuzz guard check: enforcing a ruleset, exec, fork and system abort"
fi
failed=0 total=0
printf '%-16s %12s %9s %6s %6s  %s\n' target execs exec/s cov ft result
for bin in "$@"; do
	name=$(basename "$bin")
	corpus=$work/corpus-$name
	mkdir -p "$corpus" "$work/tmp-$name"
	[ -d "$here/corpus/$name" ] && cp "$here/corpus/$name"/* "$corpus"/ 2>/dev/null
	dict=
	[ -f "$here/$name.dict" ] && dict=-dict=$here/$name.dict
	log=$work/$name.log
	# -close_fd_mask=3: the targets' messages (every bad input has one) are
	# not printed; libFuzzer's own report still is.
	TMPDIR=$work/tmp-$name "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-malloc_limit_mb=1024 -close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="$artifacts/$name-" $dict "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	cov=$(printf '%s\n' "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$done_line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result="FAILED (exit $rc)"
		failed=1
		sed -n '/^==[0-9]*==\|ERROR: libFuzzer\|SUMMARY\|^    #/p' "$log" | head -n 60
		cp "$log" "$artifacts/$name.log"
	fi
	total=$((total + ${execs:-0}))
	printf '%-16s %12s %9s %6s %6s  %s\n' "$name" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
		"${ft:-?}" "$result"
done
printf '%-16s %12s\n' total "$total"
exit $failed
