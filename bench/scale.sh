#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/scale.sh - rule scaling (issue 19): N read-only rules on N files,
# given to landbox on the command line and in a profile, to liblandbox
# (bench/librules), to the minimal raw-syscall wrapper (bench/wrapper) and,
# when KERNEL_SANDBOXER names its binary, to the kernel's sample sandboxer,
# all timed side by side (bench/spawn, round-robin) with a static no-op as
# COMMAND.  Prints medians, ratios to the wrapper, and peak RSS.
# Usage: scale.sh OUT LANDBOX SIZE...   (OUT holds spawn, maxrss, stamp, ...)
#
# Paths are relative to the directory of the files (landbox's relative
# path handling is part of what is measured) and the command line gives
# them as comma lists of 1,000: 50,000 rules are then about 300 KB of
# arguments, under ARG_MAX (a quarter of an 8 MB stack).  The sandboxer
# takes all of them in ONE environment variable, LL_FS_RO, which the kernel
# limits to 128 KiB (MAX_ARG_STRLEN): about 20,000 such paths; it is left
# out above that.
set -eu
out=$(cd "$1" && pwd)
lb=$2
shift 2
sb=${KERNEL_SANDBOXER:-}
max=0
for n in "$@"; do [ "$n" -gt "$max" ] && max=$n; done
dir=$(mktemp -d "${TMPDIR:-/tmp}/lb-scale.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"
i=0
while [ $i -lt "$max" ]; do : >"$i"; i=$((i + 1)); done
stamp=$out/stamp

# LANDBOX_BEFORE names another landbox binary (e.g. main's, built next to
# this one): its profile and command-line runs join the same round-robin,
# as "before" columns.  landbox's command line runs twice: as is, and with
# --keep-caps --no-seccomp, the security of the wrapper and the sandboxer
# (neither drops capabilities nor installs a seccomp filter), which leaves
# the per-rule work to compare.  The library runs twice: keeping every rule's
# record (the default) and with LB_RECORD_LAST (librules -l).
before=${LANDBOX_BEFORE:-}
labels="library library,last profile cmdline cmdline-eq"
head="library | library, LB_RECORD_LAST | landbox, profile | landbox, command line | landbox, command line, --keep-caps --no-seccomp"
[ -n "$before" ] && labels="$labels before-profile before-cmdline" &&
	head="$head | before: profile | before: command line"
labels="$labels sandboxer"
head="$head | kernel sandboxer"
cols=$(echo "$labels" | wc -w)
# rss CMD...: the median peak RSS of three runs (one run moves by 50-100 KiB:
# page faults map neighbouring pages, ASLR places the heap differently).
rss3() {
	for _ in 1 2 3; do "$out/maxrss" "$@" 2>/dev/null; done | sort -n | sed -n 2p
}
sep="|---:|---:|$(printf -- '---:|%.0s' $(seq "$cols"))"
echo "| rules | wrapper (ms) | $head |"
echo "$sep"
rss="| rules | wrapper | $head |
$sep"
for n in "$@"; do
	seq 0 $((n - 1)) >"list.$n"
	sed 's/^/ro /' "list.$n" >"rules.$n.profile"
	# --ro 0,1,...,999 --ro 1000,... : one argument per 1,000 paths.
	args=$(awk -v n="$n" 'BEGIN { for (i = 0; i < n; i += 1000) {
		s = "--ro " i; for (j = i + 1; j < i + 1000 && j < n; j++) s = s "," j; print s } }')
	reps=$((200000 / (n + 1000)))
	[ $reps -lt 5 ] && reps=5
	ll=""
	[ -n "$sb" ] && [ "$n" -le 20000 ] && ll="LL_FS_RO=$stamp:$(paste -sd: "list.$n")"
	# shellcheck disable=SC2086 # $args: one word per option and list
	v="wrapper :: $out/wrapper list.$n $stamp ::: library :: $out/librules list.$n $stamp ::: library,last :: $out/librules -l list.$n $stamp ::: profile :: $lb run --profile ./rules.$n.profile --rox $stamp -- $stamp ::: cmdline :: $lb run $args --rox $stamp -- $stamp ::: cmdline-eq :: $lb run --keep-caps --no-seccomp $args --rox $stamp -- $stamp"
	[ -n "$before" ] && v="$v ::: before-profile :: $before run --profile ./rules.$n.profile --rox $stamp -- $stamp ::: before-cmdline :: $before run $args --rox $stamp -- $stamp"
	[ -n "$ll" ] && v="$v ::: sandboxer :: $ll LL_FS_RW= $sb $stamp"
	# shellcheck disable=SC2086 # $v: the words of every variant (no spaces in them)
	t=$("$out/spawn" "$reps" 0 $v)
	echo "$t" | awk -F'|' -v n="$n" -v labels="$labels" '
		{ gsub(/ /, "", $2); med[$2] = $3; ratio[$2] = $5 }
		END { printf "| %d | %.2f |", n, med["wrapper"] / 1000
			k = split(labels, l, " ")
			for (i = 1; i <= k; i++)
				printf " %s |", (l[i] in ratio) ? sprintf("%.2f×", ratio[l[i]]) : "n/a"
			printf "\n" }'
	m="| $n | $(rss3 "$out/wrapper" "list.$n" "$stamp") | $(rss3 "$out/librules" "list.$n" "$stamp") | $(rss3 "$out/librules" -l "list.$n" "$stamp")"
	# shellcheck disable=SC2086
	m="$m | $(rss3 "$lb" run --profile "./rules.$n.profile" --rox "$stamp" -- "$stamp") | $(rss3 "$lb" run $args --rox "$stamp" -- "$stamp") | $(rss3 "$lb" run --keep-caps --no-seccomp $args --rox "$stamp" -- "$stamp")"
	# shellcheck disable=SC2086
	[ -n "$before" ] && m="$m | $(rss3 "$before" run --profile "./rules.$n.profile" --rox "$stamp" -- "$stamp") | $(rss3 "$before" run $args --rox "$stamp" -- "$stamp")"
	if [ -n "$ll" ]; then
		m="$m | $(rss3 "$ll" LL_FS_RW= "$sb" "$stamp") |"
	else
		m="$m | n/a |"
	fi
	rss="$rss
$m"
done
echo
echo "Peak RSS (KiB, maxrss of the whole command, median of 3):"
echo
echo "$rss"
