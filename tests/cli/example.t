#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/example.t - examples/lbconvert, the converter that sandboxes
# itself with liblandbox: it converts correctly, and once restricted it can
# read its input and write its output and nothing else (a file next to its
# input, /etc/passwd, creating a file: EACCES).  The example is linked with
# the installed-style library (no emulation): expectations follow what it
# reports about the running kernel.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${LB_BUILD:=build}"
case $LB_BUILD in /*) B=$LB_BUILD ;; *) B=$here/$LB_BUILD ;; esac
LBC=$B/examples/lbconvert
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
check() { d=$1; shift; if "$@"; then ok "$d"; else nok "$d" "failed: $*"; fi; }

[ -x "$LBC" ] || { echo "1..0 # SKIP missing: $LBC (make)"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/lbconvert.XXXXXX") || { echo "1..0 # SKIP missing: a writable directory ${TMPDIR:-/tmp}"; exit 0; }
trap 'rm -rf "$T"' EXIT
printf 'Hello, world!\nabc\n' >"$T/in.txt"
echo "neighbour secret" >"$T/neighbour"

# Conversion, and what the kernel enforced.
"$LBC" -v "$T/in.txt" "$T/out.txt" 2>"$T/err"
rc=$?
check "upper: exit 0" [ "$rc" -eq 0 ]
check "upper: converted" [ "$(cat "$T/out.txt")" = "$(printf 'HELLO, WORLD!\nABC')" ]
if grep -q "running without a sandbox" "$T/err"; then
	denied=""
	echo "# this kernel enforces nothing: $(cat "$T/err")"
else
	denied=1
	check "says what was enforced" grep -q "lbconvert: sandbox .*enforced (Landlock ABI" "$T/err"
fi

"$LBC" -m hex "$T/in.txt" "$T/out.hex" 2>"$T/err"
cat >"$T/want.hex" <<'EOF'
00000000: 48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 0a 61 62  Hello, world!.ab
00000010: 63 0a                                            c.
EOF
check "hex: exit 0 and the expected dump" cmp -s "$T/out.hex" "$T/want.hex"

# The sandbox at work: only the input and the output are reachable.
"$LBC" --try "$T/neighbour" --try /etc/passwd --try "$T/in.txt" \
	--try-create "$T/created" "$T/in.txt" "$T/out2.txt" 2>"$T/err"
rc=$?
check "with attempts outside: still exit 0" [ "$rc" -eq 0 ]
check "with attempts outside: still converts" cmp -s "$T/out.txt" "$T/out2.txt"
if [ -n "$denied" ]; then
	check "cannot read a file next to its input (EACCES)" \
		grep -qx "lbconvert: --try $T/neighbour: Permission denied" "$T/err"
	check "cannot read /etc/passwd (EACCES)" \
		grep -qx "lbconvert: --try /etc/passwd: Permission denied" "$T/err"
	check "cannot create a file (EACCES)" \
		grep -qx "lbconvert: --try-create $T/created: Permission denied" "$T/err"
	check "nothing was created" [ ! -e "$T/created" ]
else
	check "without Landlock the neighbour is readable" \
		grep -qx "lbconvert: --try $T/neighbour: allowed" "$T/err"
fi
check "can reopen its own input" grep -qx "lbconvert: --try $T/in.txt: allowed" "$T/err"

# The library's seccomp filter closes what Landlock cannot (on every kernel).
"$LBC" --try-udp "$T/in.txt" "$T/out4.txt" 2>"$T/err"
check "--try-udp: exit 0" [ $? -eq 0 ]
check "cannot create a UDP socket (seccomp: EACCES)" \
	grep -qx "lbconvert: --try-udp: Permission denied" "$T/err"

# Errors.
"$LBC" "$T/missing" "$T/out3.txt" 2>"$T/err"
rc=$?
check "missing input: exit 1" [ "$rc" -eq 1 ]
check "missing input: named" grep -q "cannot open $T/missing: No such file or directory" "$T/err"
"$LBC" -m nope "$T/in.txt" "$T/out3.txt" 2>"$T/err"
check "bad mode: exit 2" [ $? -eq 2 ]
echo "1..$n"
