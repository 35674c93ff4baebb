#!/bin/bash
# SPDX-License-Identifier: MIT
# status.t - `landbox status` and `landbox status --json`: kernel release,
# Landlock state and ABI (the emulated one under LANDBOX_TEST_ABI), the
# enabling hint when Landlock is missing, errata, and every right, scope
# and flag with the ABI it needs and whether this kernel enforces it.
. "$(dirname "$0")/lib.sh"
REL=$(uname -r)
# Every right, scope and flag with the ABI that introduced it (DESIGN §1).
RIGHTS="fs.execute:1 fs.write_file:1 fs.read_file:1 fs.read_dir:1 fs.remove_dir:1
fs.remove_file:1 fs.make_char:1 fs.make_dir:1 fs.make_reg:1 fs.make_sock:1 fs.make_fifo:1
fs.make_block:1 fs.make_sym:1 fs.refer:2 fs.truncate:3 fs.ioctl_dev:5 fs.resolve_unix:9
net.bind_tcp:4 net.connect_tcp:4 net.bind_udp:10 net.connect_send_udp:10
scope.abstract_unix_socket:6 scope.signal:6 flag.log_same_exec_off:7 flag.log_new_exec_on:7
flag.log_subdomains_off:7 flag.tsync:8 flag.no_new_privs:11"

# ---- text ----
expect "status: exits 0" 0 "" "" -- "$LB" status
cp "$T/out" "$T/status.txt"
if grep -qF -- "$REL" "$T/status.txt"; then pass "status: shows the kernel release"
else fail "status: shows the kernel release" "no '$REL' in the output"; fi
if [ "$NONE" = 1 ]; then
	verdict "status: shows the Landlock ABI or how to enable it" 0 "$HINT_RE" ""
else
	verdict "status: shows the Landlock ABI or how to enable it" 0 "ABI $ABI" ""
fi
verdict "status: mentions errata" 0 '[Ee]rrat' ""
# Each erratum the kernel reports fixed (asked directly, as landbox would
# under this ABI: the emulation keeps those of the ABIs it has) is named:
# 1-3, and 4 from Linux 7.2 (OverlayFS whiteouts: fs.make_reg, not
# fs.make_char); none is "unknown to this landbox".
KERR=$("$PY" -S -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(2))
print(r if r > 0 else 0)')
bad=""
# (security/landlock/errata/abi-N.h: the ABI each erratum concerns)
for ea in 1:4 2:6 3:1 4:1; do
	e=${ea%%:*}
	[ $((KERR & (1 << (e - 1)))) = 0 ] || [ "$ABI" -lt "${ea##*:}" ] && continue
	grep -q "erratum $e (ABI ${ea##*:}): [^ ]" "$T/status.txt" || bad="$bad $e"
done
grep -q "erratum 4 (ABI 1): .*whiteout.*fs\.make_reg" "$T/status.txt" ||
	{ [ $((KERR & 8)) = 0 ] || [ "$ABI" = 0 ]; } || bad="$bad 4(whiteout)"
grep -q "unknown to this landbox" "$T/status.txt" && bad="$bad unknown"
if [ -z "$bad" ]; then pass "status: each erratum the kernel reports is named"
else fail "status: each erratum the kernel reports is named" "kernel errata $KERR; not named:$bad"; fi
missing=""
for r in $RIGHTS; do grep -q "${r%%:*}" "$T/status.txt" || missing="$missing ${r%%:*}"; done
if [ -z "$missing" ]; then pass "status: lists every right, scope and flag"
else fail "status: lists every right, scope and flag" "missing:$missing"; fi
# Each right's line says whether it is enforced here.
bad=""
for r in $RIGHTS; do
	n=${r%%:*} a=${r##*:}
	if [ "$ABI" -ge "$a" ]; then want=yes; else want=no; fi
	line=$(grep -E "^$n[[:space:]]" "$T/status.txt" | head -1)
	case " $line " in *" $want "*) ;; *) bad="$bad $n($want)" ;; esac
done
if [ -z "$bad" ]; then pass "status: says which rights this kernel enforces"
else fail "status: says which rights this kernel enforces" "wrong:$bad"; fi
# "To enforce everything" names the newest ABI adding a RIGHT this kernel
# lacks: a flag (flag.no_new_privs of ABI 11) is not a right left unenforced.
if [ "$ABI" -gt 0 ] && [ "$ABI" -lt "$ABI_KNOWN" ]; then
	run grep -E '^To enforce everything: .*ABI ([0-9]+)' "$T/status.txt"
	verdict "status: 'to enforce everything' names the ABI of the last right" 0 \
		"ABI $ABI_KNOWN \\(Linux" ""
elif [ "$ABI" -ge "$ABI_KNOWN" ]; then
	run cat "$T/status.txt"
	verdict "status: 'to enforce everything' names the ABI of the last right" 0 \
		'!^To enforce everything' ""
else
	skip "status: 'to enforce everything' names the ABI of the last right" "no Landlock"
fi
if [ "$ABI" -gt 0 ] && [ "$ABI" -lt 11 ]; then
	run cat "$T/status.txt"
	verdict "status: newer flags are named as flags, not rights" 0 \
		'^The flags of newer ABIs up to ABI 11 .* are not rights' ""
else
	skip "status: newer flags are named as flags, not rights" "no Landlock, or every flag is here"
fi
expect "status: --help exits 0" 0 "" "" -- "$LB" status --help
expect "status: an unknown argument is refused" 125 "" '^landbox:.*--bogus' -- "$LB" status --bogus

# ---- JSON ----
expect "status --json: exits 0" 0 "" "" -- "$LB" status --json
cp "$T/out" "$T/status.json"
check "status --json: is valid JSON" "$PY" -m json.tool "$T/status.json" /dev/null
cat >"$T/check.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
what, abi, rel = sys.argv[2], int(sys.argv[3]), sys.argv[4]
rights = dict(p.split(":") for p in sys.argv[5].split())
ll = d["landlock"]
if what == "abi":
    ok = ll["abi"] == abi
elif what == "state":
    ok = (ll.get("hint") is None) if abi > 0 else ("lsm" in str(ll.get("hint", "")).lower())
elif what == "release":
    ok = d["kernel"]["release"] == rel
elif what == "errata":
    ok = "errata" in d
elif what == "rights":
    got = {r["name"]: r for r in d["rights"]}
    ok = all(n in got and int(got[n]["abi"]) == int(a) and
             got[n]["enforced"] is (abi >= int(a)) for n, a in rights.items())
    if not ok:
        print([n for n, a in rights.items() if n not in got or got[n]["enforced"] is not (abi >= int(a))])
sys.exit(0 if ok else 1)
EOF
for w in abi state release errata rights; do
	desc="status --json: $w field is right"
	case $w in
	abi) desc="status --json: the ABI is the one landbox uses" ;;
	state) desc="status --json: the enabling hint is there only without Landlock" ;;
	release) desc="status --json: the kernel release is right" ;;
	errata) desc="status --json: has errata" ;;
	rights) desc="status --json: every right has its ABI and enforced flag" ;;
	esac
	check "$desc" "$PY" -S "$T/check.py" "$T/status.json" "$w" "$ABI" "$REL" "$RIGHTS"
done

# What landbox run does by default besides Landlock.
lb status
verdict "status: says capabilities are dropped by default" 0 'every capability dropped' ""
verdict "status: says COMMAND is detached from the terminal" 0 'COMMAND detached from the controlling terminal' ""
lb status --json
verdict "status --json: run_defaults" 0 '"run_defaults": \{"no_new_privs": true, "capabilities": "dropped"' ""

done_testing
