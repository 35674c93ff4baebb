#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/kernels/run.sh - the real-kernel matrix (`make check-kernels`).
#
# Runs the SAME suites as `make check` (tests/run.sh: every unit binary and
# every tests/cli/*.t) on six real kernels:
#   linux-6.1       Debian's 6.1 under QEMU (TCG)       Landlock ABI 2
#   linux-6.12      Debian's 6.12 under QEMU            ABI 6
#   linux-6.12-off  6.12 booted with lsm=lockdown,yama  Landlock disabled
#   linux-7.2       Debian sid's 7.2 under QEMU         ABI 10
#   linux-7.3       Debian experimental's 7.3           ABI 11
#   host            the running kernel, directly        whatever it has (7 here)
# and, on the host, under the emulated ABI each real kernel should match
# (2, 6, "disabled", 10, 11, the host's ABI).  The matrix fails if a guest does not
# boot or times out, a kernel reports another ABI than expected, a suite
# fails, or a real run and its emulated run disagree on a case
# (tests/kernels/report.py says exactly how they are compared).
#
# Guests mount the host's root read-only over virtio-9p and run the suites
# from this very tree (tests/kernels/init); TAP comes back over a serial
# port.  Results: tests/kernels/results/ (summary.txt and the raw logs).
# Do not edit the tree while the matrix runs: the guests read it live.
#
# Environment:
#   LB_BUILD            build directory (default build; `make` passes it)
#   LB_KERNELS          which runs, a subset of "6.1 6.12 6.12-off 7.2 7.3 host"
#   LB_JOBS             runs at the same time (default: the number of CPUs)
#   LB_GUEST_TIMEOUT    seconds one guest may take (default 900)
#   LB_GUEST_MEM        guest memory in MiB (default 1024)
#   LB_GUEST_SMP        guest CPUs (default 1, see below)
#   LB_GUEST_APPEND     more kernel command line for every guest
#   LB_QEMU_ARGS        more qemu arguments (words)
#   LB_KERNEL_PKGS      Debian packages to boot (see fetch.sh)
#
# Speed (TCG emulates every instruction; measured on 2 cores, 6.1 guest):
# `norandmaps` keeps programs and libraries at the same addresses in every
# process, so TCG reuses the code it translated instead of translating ld.so
# and libc again for each of the suites' thousands of execs: the suites take
# 160 s instead of 300 s.  It changes nothing Landlock does.  A second vCPU
# does not help (the suites run one test at a time: 154 s with two, 159 s
# with one), so each guest gets one and LB_JOBS guests run side by side.
# The whole matrix (six runs, LB_JOBS=2) took 1485 s on 2 cores that other
# work kept at a load average of 14: guests 375-518 s each (7.3 the
# slowest), the seven host runs 56-101 s each, fetching 49 s.
# shellcheck disable=SC2317 # the jobs' functions run through eval
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

: "${LB_BUILD:=build}"
: "${LB_KERNELS:=6.1 6.12 6.12-off 7.2 7.3 host}"
: "${LB_JOBS:=$(nproc)}"
: "${LB_GUEST_TIMEOUT:=900}"
: "${LB_GUEST_MEM:=1024}"
: "${LB_GUEST_SMP:=1}"
: "${LB_GUEST_APPEND:=}"
: "${LB_QEMU_ARGS:=}"
export LB_BUILD

results=$here/results
work=$results/work
py=/usr/bin/python3
[ -x "$py" ] || py=python3

log() { echo "check-kernels: $*" >&2; }
die() {
	echo "check-kernels: $*" >&2
	exit 2
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# Single-quote a string for a POSIX shell.
shq() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }

[ -d "$LB_BUILD/test" ] || die "$LB_BUILD/test missing: run \`make test-build\` (or \`make check-kernels\`)"
series=()
for k in $LB_KERNELS; do
	case $k in
	6.1 | 6.12 | 7.2 | 7.3) series+=("$k") ;;
	6.12-off) series+=(6.12) ;;
	host) ;;
	*) die "unknown kernel $k in LB_KERNELS (6.1 6.12 6.12-off 7.2 7.3 host)" ;;
	esac
done

# One matrix at a time per tree: a second run would delete the first's
# results and compete for the CPUs.
mkdir -p "$here/cache"
exec 9>"$here/cache/.lock"
if ! flock -n 9; then
	log "another check-kernels is running in this tree; waiting"
	flock 9 || die "cannot lock $here/cache/.lock"
fi

rm -rf "$results"
mkdir -p "$work"
t_start=$(now)

# --- the kernels ----------------------------------------------------------
# A kernel that cannot be fetched (no network, gone from the archive) fails
# the matrix here: it never passes by leaving a kernel out.
declare -A kdir=()
if [ ${#series[@]} -gt 0 ]; then
	# shellcheck disable=SC2046 # the series, unique, as words
	fetched=$("$here/fetch.sh" $(printf '%s\n' "${series[@]}" | sort -u)) || die "fetch.sh failed"
	# Lines "<series> <package> <directory>"; the directory may contain spaces.
	while read -r s _ d; do
		[ -n "$s" ] && kdir[$s]=$d
	done <<<"$fetched"
	for s in "${series[@]}"; do
		[ -n "${kdir[$s]:-}" ] || die "fetch.sh did not provide the $s kernel: $fetched"
	done
fi
t_fetched=$(now)

# The command every run executes in the project directory: tests/run.sh,
# verbose so that every case's outcome is in the log, timed per file.
suite_cmd() { # ABIS
	printf 'LB_BUILD=%s LB_ABIS=%s PROVE_FLAGS="-v --nocolor --timer" tests/run.sh' \
		"$(shq "$LB_BUILD")" "$(shq "$1")"
}

# initrd KERNELDIR NAME: an initramfs with busybox, the modules and the init.
initrd() {
	local kdir=$1 name=$2 stage=$work/$2.initrd
	mkdir -p "$stage/bin" "$stage/modules" "$stage/proc" "$stage/sys" "$stage/dev"
	cp /bin/busybox "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	cp "$here/init" "$stage/init"
	chmod 0755 "$stage/init"
	cp "$kdir"/modules/*.ko "$kdir/insmod.list" "$stage/modules/"
	{
		echo "LB_NAME=$(shq "$name")"
		echo "LB_DIR=$(shq "$top")"
		echo "LB_BUILD=$(shq "$LB_BUILD")"
		echo "LB_HOME=$(shq "${HOME:-/root}")"
		echo "LB_CMD=$(shq "$(suite_cmd real)")"
	} >"$stage/lb.conf"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/$name.initrd.gz" ||
		die "cannot build the initramfs for $name"
	rm -rf "$stage"
}

# guest NAME KERNELDIR EXTRA-CMDLINE: boot, run the suites, keep the logs.
# Writes NAME.tap (the framed stdout), NAME.console (everything else),
# NAME.rc (the suites' exit status, or a reason) and NAME.time.
guest() {
	local name=$1 kdir=$2 extra=$3 t0 t1 qrc
	initrd "$kdir" "$name"
	log "booting $name ($(cat "$kdir/release")${extra:+, $extra})"
	t0=$(now)
	# shellcheck disable=SC2086 # LB_QEMU_ARGS is a list of words
	timeout -k 10 "$LB_GUEST_TIMEOUT" qemu-system-x86_64 \
		-accel tcg -m "$LB_GUEST_MEM" -smp "$LB_GUEST_SMP" \
		-nodefaults -no-user-config -display none -no-reboot \
		-serial "file:$results/$name.console" -serial "file:$results/$name.tap" \
		-kernel "$kdir/vmlinuz" -initrd "$work/$name.initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet norandmaps $LB_GUEST_APPEND $extra" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		$LB_QEMU_ARGS \
		</dev/null >"$results/$name.qemu" 2>&1
	qrc=$?
	t1=$(now)
	elapsed "$t0" "$t1" >"$results/$name.time"
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "timeout after ${LB_GUEST_TIMEOUT}s" >"$results/$name.rc"
	elif ! grep -q '^=== LANDBOX-MATRIX END rc=' "$results/$name.tap"; then
		echo "no end marker (qemu exit $qrc)" >"$results/$name.rc"
	else
		sed -n 's/^=== LANDBOX-MATRIX END rc=\([0-9]*\).*/\1/p' "$results/$name.tap" |
			tail -n 1 >"$results/$name.rc"
	fi
	log "$name: $(sed 's/^[0-9]*$/exit &/' "$results/$name.rc"), $(cat "$results/$name.time")s"
}

# host NAME ABIS: the suites on this machine, real kernel or emulated.
host() {
	local name=$1 abis=$2 t0 t1 tmp rc
	log "host: $name (LB_ABIS=$abis)"
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/lb-kernels.XXXXXX") || die "mktemp"
	t0=$(now)
	{
		echo "=== LANDBOX-MATRIX BEGIN $name"
		echo "# kernel: $(uname -r)"
		echo "# LANDBOX-ABI: $host_abi"
		[ "$abis" = real ] || echo "# emulated ABI: $abis"
		echo "# lsm: $(cat /sys/kernel/security/lsm 2>/dev/null)"
		echo "# TMPDIR: $tmp"
		# The environment the guests give the suites (tests/kernels/init).
		env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME="${HOME:-/root}" TMPDIR="$tmp" LANG=C.UTF-8 TERM=dumb \
			/bin/sh -c "$(suite_cmd "$abis")" </dev/null 2>"$results/$name.console"
		rc=$?
		echo "=== LANDBOX-MATRIX END rc=$rc"
	} >"$results/$name.tap"
	t1=$(now)
	rm -rf "$tmp"
	elapsed "$t0" "$t1" >"$results/$name.time"
	sed -n 's/^=== LANDBOX-MATRIX END rc=//p' "$results/$name.tap" >"$results/$name.rc"
	log "$name: $(sed 's/^[0-9]*$/exit &/' "$results/$name.rc"), $(cat "$results/$name.time")s"
}

# The Landlock ABI of the running kernel, by the probe the guests use.
host_abi=$("$py" "$here/abi-probe.py") || die "abi-probe.py failed"
case $host_abi in
[0-9]*) host_emul=$host_abi ;;
EOPNOTSUPP) host_emul=disabled ;;
*) host_emul=none ;;
esac

# What runs: NAME:expected ABI:emulated counterpart (the table's order).
# Each guest is a job; the host runs are one more job that runs them one
# after the other, since they share this machine's ports and audit state.
pairs=()
jobs=()
host_runs=()
for k in $LB_KERNELS; do
	case $k in
	6.1)
		pairs+=("linux-6.1:2:emulated-2")
		jobs+=("guest linux-6.1 $(shq "${kdir[6.1]}") ''")
		;;
	6.12)
		pairs+=("linux-6.12:6:emulated-6")
		jobs+=("guest linux-6.12 $(shq "${kdir[6.12]}") ''")
		;;
	6.12-off)
		pairs+=("linux-6.12-off:EOPNOTSUPP:emulated-disabled")
		jobs+=("guest linux-6.12-off $(shq "${kdir[6.12]}") lsm=lockdown,yama")
		;;
	7.2)
		pairs+=("linux-7.2:10:emulated-10")
		jobs+=("guest linux-7.2 $(shq "${kdir[7.2]}") ''")
		;;
	7.3)
		pairs+=("linux-7.3:11:emulated-11")
		jobs+=("guest linux-7.3 $(shq "${kdir[7.3]}") ''")
		;;
	host)
		pairs+=("host:$host_abi:emulated-$host_emul")
		host_runs+=("host real")
		;;
	esac
done
for p in "${pairs[@]}"; do
	e=${p##*:}
	case " ${host_runs[*]} " in
	*" $e "*) ;;
	*) host_runs+=("$e ${e#emulated-}") ;;
	esac
done
host_chain() {
	local r
	for r in "${host_runs[@]}"; do
		# shellcheck disable=SC2086 # "NAME ABIS"
		host $r
	done
}
jobs+=(host_chain)

# Run them, LB_JOBS at a time.
running=0
for j in "${jobs[@]}"; do
	eval "$j" &
	running=$((running + 1))
	if [ "$running" -ge "$LB_JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
t_end=$(now)

{
	echo "fetch and unpack:  $(elapsed "$t_start" "$t_fetched")s"
	echo "runs (LB_JOBS=$LB_JOBS): $(elapsed "$t_fetched" "$t_end")s"
	echo "whole matrix:      $(elapsed "$t_start" "$t_end")s"
} >"$results/times.txt"

"$py" "$here/report.py" "$results" "${pairs[@]}"
status=$?
echo
cat "$results/times.txt"
echo "logs: $results"
rm -rf "$work"
exit $status
