#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/run.sh - `make bench`: every measurement of DESIGN §8 in one run,
# side by side, as medians and ratios.  Writes the table to stdout and to
# bench/out/results.md (git-ignored); bench/RESULTS.md keeps recorded runs.
#
# KERNEL_SANDBOXER=/path/to/sandboxer adds the kernel's sample sandboxer
# (samples/landlock/sandboxer.c of the Linux tree, built by the caller: its
# code is not part of landbox) to the start-up and rule scaling runs.
# The landbox program is linked statically by default; it is also built
# with STATIC=0 (in $B-dynamic) and measured next to it.  The floor
# (bench/floor.c) is measured dynamically linked (the reference of the
# targets) and static, each also with landbox's two default layers
# (floor-layers: the bounding set emptied as root and landbox's seccomp
# filter, built by liblandbox): a floor of equal security.
# LANDBOX_BEFORE=/path/to/landbox adds another build (e.g. main's) to the
# rule scaling runs, as "before" columns (bench/scale.sh).
set -eu
cd "$(dirname "$0")/.."
B=${LB_BUILD:-build}
N=${BENCH_N:-1000}
out=bench/out
mkdir -p "$out"
CC=${CC:-cc}
CFLAGS="-O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror"

$CC $CFLAGS -static -o $out/stamp bench/stamp.c 2>/dev/null || $CC $CFLAGS -o $out/stamp bench/stamp.c
$CC $CFLAGS -o $out/floor bench/floor.c
$CC $CFLAGS -static -o $out/floor-static bench/floor.c
$CC $CFLAGS -DFLOOR_LAYERS -Iinclude -o $out/floor-layers bench/floor.c "$B/liblandbox.a"
$CC $CFLAGS -DFLOOR_LAYERS -Iinclude -static-pie -o $out/floor-layers-static bench/floor.c \
	"$B/liblandbox.a"
$CC $CFLAGS -o $out/spawn bench/spawn.c
$CC $CFLAGS -o $out/maxrss bench/maxrss.c
$CC $CFLAGS -Iinclude -o $out/rules bench/rules.c "$B/liblandbox.a"
$CC $CFLAGS -o $out/wrapper bench/wrapper.c
$CC $CFLAGS -Iinclude -o $out/layers bench/layers.c "$B/liblandbox.a"
$CC $CFLAGS -Iinclude -o $out/librules bench/librules.c "$B/liblandbox.a"
${MAKE:-make} -s BUILD="$B-dynamic" STATIC=0 "$B-dynamic/landbox" >/dev/null 2>&1 || true
if [ -f bench/ldd_bench.c ]; then
	$CC $CFLAGS -Iinclude -Icli -o $out/ldd_bench bench/ldd_bench.c cli/elf/*.c
fi

stamp=$(cd $out && pwd)/stamp
floor=$(cd $out && pwd)/floor
floors=$(cd $out && pwd)/floor-static
floorl=$(cd $out && pwd)/floor-layers
floorls=$(cd $out && pwd)/floor-layers-static
lb=$(cd "$B" && pwd)/landbox
lbd=$lb
[ -x "$B-dynamic/landbox" ] && lbd=$(cd "$B-dynamic" && pwd)/landbox
sb=${KERNEL_SANDBOXER:-}
if [ -n "$sb" ]; then
	# The same policy, the sandboxer's way.
	sbr="LL_FS_RO=/usr:/etc/ld.so.cache:/etc/localtime LL_FS_RW=/dev/null $sb"
	sbs="LL_FS_RO=/usr:/etc/ld.so.cache:/etc/localtime:$stamp LL_FS_RW=/dev/null $sb"
else
	sbr="" sbs=""
fi
# with_sb CMD: "::: sandboxer :: CMD" when there is a sandboxer.
with_sb() { [ -n "$sb" ] && echo "::: sandboxer :: $1"; return 0; }
# A realistic policy: the system directories and a few files.
policy="--rox /usr --ro /etc/ld.so.cache,/etc/localtime --rw /dev/null"

{
echo "# landbox benchmarks"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), N=$N runs per variant, medians."
echo
echo "## Start-up: a static no-op program"
echo
# shellcheck disable=SC2046 # with_sb: words
$out/spawn "$N" 1 bare :: "$stamp" ::: floor :: "$floor" "$stamp" $(with_sb "$sbs $stamp") ::: \
	landbox :: "$lb" run $policy --rox "$stamp" -- "$stamp" ::: \
	"landbox STATIC=0" :: "$lbd" run $policy --rox "$stamp" -- "$stamp" ::: \
	"floor (terminal)" :: "$floor" "$stamp" ::: \
	"landbox (terminal)" :: "$lb" run $policy --rox "$stamp" -- "$stamp"
echo
echo "## Start-up: /usr/bin/true (dynamically linked)"
echo
# shellcheck disable=SC2046
$out/spawn "$N" 1 bare :: /usr/bin/true ::: floor :: "$floor" /usr/bin/true $(with_sb "$sbr /usr/bin/true") ::: \
	"floor, static" :: "$floors" /usr/bin/true ::: \
	"floor + layers (equal security)" :: "$floorl" /usr/bin/true ::: \
	"floor + layers, static" :: "$floorls" /usr/bin/true ::: \
	landbox :: "$lb" run $policy -- /usr/bin/true ::: \
	"landbox STATIC=0" :: "$lbd" run $policy -- /usr/bin/true ::: \
	"landbox --profile base" :: "$lb" run --profile base -- /usr/bin/true ::: \
	"floor (terminal)" :: "$floor" /usr/bin/true ::: \
	"landbox (terminal)" :: "$lb" run $policy -- /usr/bin/true
echo
echo "## Start-up: the seccomp filter, with and without (--no-seccomp), side by side"
echo
$out/spawn "$N" 1 bare :: /usr/bin/true ::: \
	"landbox --no-seccomp" :: "$lb" run --no-seccomp $policy -- /usr/bin/true ::: \
	"landbox (filter)" :: "$lb" run $policy -- /usr/bin/true
echo
echo "## Start-up: what each layer costs (/usr/bin/true, side by side)"
echo
echo "The floor makes neither of the two layers below; without them landbox does"
echo "the floor's work plus parsing, probing and its messages."
echo
$out/spawn "$N" 1 bare :: /usr/bin/true ::: floor :: "$floor" /usr/bin/true ::: \
	landbox :: "$lb" run $policy -- /usr/bin/true ::: \
	"landbox --keep-caps" :: "$lb" run --keep-caps $policy -- /usr/bin/true ::: \
	"landbox --no-seccomp" :: "$lb" run --no-seccomp $policy -- /usr/bin/true ::: \
	"landbox --keep-caps --no-seccomp" :: "$lb" run --keep-caps --no-seccomp $policy -- /usr/bin/true ::: \
	"STATIC=0" :: "$lbd" run $policy -- /usr/bin/true ::: \
	"STATIC=0 --keep-caps --no-seccomp" :: "$lbd" run --keep-caps --no-seccomp $policy -- /usr/bin/true
echo
echo "The same layers timed inside one process (bench/layers; as root):"
echo
$out/layers 200 "$stamp"
echo
echo "python3 -c 1 (about 500 system calls, each through the filter):"
echo
$out/spawn "$((N / 4))" 1 bare :: /usr/bin/python3 -c 1 ::: \
	"landbox --no-seccomp" :: "$lb" run --no-seccomp --profile base -- /usr/bin/python3 -c 1 ::: \
	"landbox (filter)" :: "$lb" run --profile base -- /usr/bin/python3 -c 1
echo
echo "## landbox's own time before exec (median of 200, from main() to starting COMMAND)"
echo
echo "| policy | µs |"
echo "|---|---:|"
own() {
	i=0
	while [ $i -lt 200 ]; do
		"$lb" run --log-level debug "$@" 2>&1 >/dev/null |
			sed -n 's/.*ready to start COMMAND after \([0-9]*\) .*/\1/p'
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo "| realistic (4 rules) | $(own $policy --rox "$stamp" -- "$stamp") |"
echo "| --profile base | $(own --profile base -- /usr/bin/true) |"
echo "| --profile base --ldd (python3) | $(own --profile base --ldd -- /usr/bin/python3 -c 1) |"
echo
echo "## Rule scaling (liblandbox, build + enforce, in a child)"
echo
rdir=$(mktemp -d "${TMPDIR:-/tmp}/lb-bench.XXXXXX")
i=0; while [ $i -lt 10000 ]; do : > "$rdir/$i"; i=$((i + 1)); done
$out/rules "$rdir" 100 1000 5000 10000
rm -rf "$rdir"
echo
echo "## Rule scaling: landbox, liblandbox, the raw-syscall wrapper and the kernel sandboxer"
echo
echo "N read-only rules on N files (relative paths), COMMAND a static no-op;"
echo "medians of alternating runs, as ratios to bench/wrapper (open O_PATH, fstat,"
echo "add_rule, close per rule).  The sandboxer takes its paths in one variable,"
echo "which the kernel limits to 128 KiB: it is left out above 20,000 rules."
echo "landbox is the default (static) build."
echo
# shellcheck disable=SC2086 # BENCH_RULES: a list
bench/scale.sh "$out" "$lb" ${BENCH_RULES:-100 1000 10000 50000}
echo
echo "## Peak memory (KiB, maxrss of the whole command)"
echo
echo "| variant | peak RSS (KiB) |"
echo "|---|---:|"
echo "| bare static no-op | $($out/maxrss "$stamp") |"
echo "| floor | $($out/maxrss "$floor" "$stamp") |"
echo "| landbox run (realistic policy) | $($out/maxrss "$lb" run $policy --rox "$stamp" -- "$stamp" 2>/dev/null) |"
echo "| landbox run --profile base --ldd | $($out/maxrss "$lb" run --profile base --ldd -- /usr/bin/true 2>/dev/null) |"
echo "| landbox STATIC=0 run (realistic policy) | $($out/maxrss "$lbd" run $policy --rox "$stamp" -- "$stamp" 2>/dev/null) |"
echo "| floor + layers, static | $($out/maxrss "$floorls" "$stamp") |"
if [ -n "$sb" ]; then
	# shellcheck disable=SC2086 # $sbs: the variables, then the program
	echo "| kernel sandboxer (realistic policy) | $($out/maxrss $sbs "$stamp" 2>/dev/null) |"
fi
if [ -x $out/ldd_bench ]; then
	echo
	echo "## --ldd: landbox's ELF reader vs the ldd process"
	echo
	$out/ldd_bench /usr/bin/python3 /usr/bin/curl /usr/bin/convert /usr/bin/gdb /usr/bin/clangd
	echo
	echo "landbox run --ldd: rules it adds and landbox's own time before exec"
	echo "(median of 200, --profile base, with and without --ldd):"
	echo
	echo "| program | rules from --ldd | own time (µs) | with --ldd (µs) |"
	echo "|---|---:|---:|---:|"
	for prog in /usr/bin/python3 /usr/bin/convert /usr/bin/gdb /usr/bin/clangd; do
		[ -x "$prog" ] || continue
		echo "| $prog | $("$lb" run --dry-run --profile base --ldd -- "$prog" 2>/dev/null |
			grep -c -- 'from --ldd$') | $(own --profile base -- "$prog" --version) |" \
			"$(own --profile base --ldd -- "$prog" --version) |"
	done
fi
echo
sh bench/trace.sh "$B" "$out"
} | tee $out/results.md
