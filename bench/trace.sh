#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/trace.sh - the cost of `--explain=trace` (part of `make bench`, run
# by bench/run.sh): 100,000 opens, and a `make -j2` build of a small C
# project, bare, in landbox, in landbox --explain=trace and (root, ABI 7)
# --explain=audit, side by side.  Usage: trace.sh BUILD OUTDIR
set -eu
B=$1
out=$2
CC=${CC:-cc}
$CC -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$out/opens" bench/opens.c
lb=$(cd "$B" && pwd)/landbox
opens=$(cd "$out" && pwd)/opens
N=${BENCH_TRACE_N:-5}
audit=""
if [ "$(id -u)" = 0 ] && "$lb" run --explain=audit --rox /usr --ro /etc -- /usr/bin/true 2>&1 | grep -q "no Landlock denial"; then
	audit=yes
fi

echo "## --explain=trace: 100,000 opens ($N runs each)"
echo
f=/etc/hostname
[ -r $f ] || f=/etc/passwd
policy="--rox /usr --ro /etc --rox $opens"
if [ -n "$audit" ]; then
	"$out/spawn" "$N" 1 bare :: "$opens" $f ::: landbox :: "$lb" run $policy -- "$opens" $f ::: \
		"landbox --explain=trace" :: "$lb" run --explain=trace $policy -- "$opens" $f ::: \
		"landbox --explain=audit" :: "$lb" run --explain=audit $policy -- "$opens" $f
else
	"$out/spawn" "$N" 1 bare :: "$opens" $f ::: landbox :: "$lb" run $policy -- "$opens" $f ::: \
		"landbox --explain=trace" :: "$lb" run --explain=trace $policy -- "$opens" $f
fi
echo
echo "## --explain=trace: make -j2 of a small C project (8 files, $N runs each)"
echo
proj=$(mktemp -d "${TMPDIR:-/tmp}/lb-bench-make.XXXXXX")
i=0
while [ $i -lt 8 ]; do
	printf '#include <stdio.h>\n#include <string.h>\nint f%d(const char *s) { return (int)strlen(s) + %d; }\n' $i $i >"$proj/f$i.c"
	i=$((i + 1))
done
printf 'int main(void) { return 0; }\n' >"$proj/main.c"
printf 'OBJ = main.o f0.o f1.o f2.o f3.o f4.o f5.o f6.o f7.o\nprog: $(OBJ)\n\t$(CC) -o $@ $(OBJ)\n%%.o: %%.c\n\t$(CC) -O2 -c -o $@ $<\n' >"$proj/Makefile"
mk="$(command -v make) -s -B -j2 -C $proj"
policy="--rox /usr --ro /etc --rw $proj,/tmp,/dev/null"
"$out/spawn" "$N" 1 bare :: $mk ::: landbox :: "$lb" run $policy -- $mk ::: \
	"landbox --explain=trace" :: "$lb" run --explain=trace $policy -- $mk
rm -rf "$proj"
