#!/bin/bash
# SPDX-License-Identifier: MIT
# logflags.t - what the three ABI 7 log flags change in the Landlock audit
# records, read from the audit multicast group (AUDIT_NLGRP_READLOG) by
# python while landbox runs: by default only the denials before COMMAND
# starts are logged (executing COMMAND itself), not COMMAND's own;
# --log-enable-subprocesses logs COMMAND's, --log-disable-originating drops
# the exec denial.  Needs root and a kernel with ABI 7; runs once, on the
# real kernel (the audit plumbing is the same under every emulated ABI).
# The audit state is the whole system's: one audit test at a time (see
# explain.t).
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_tree
[ "$EXPLAIN" = 1 ] || skip_all "$EXPLAIN_WHY"
[ "$REAL_ONLY" = 1 ] || skip_all "runs on the real kernel only"

# records.py MARKER CMD...: run CMD, print the Landlock denial records
# (type 1423) that mention MARKER, seen until shortly after CMD exits.
cat >"$T/py/records.py" <<'EOF'
import socket, struct, subprocess, sys, time
marker, cmd = sys.argv[1], sys.argv[2:]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)  # NETLINK_AUDIT
s.bind((0, 1))  # AUDIT_NLGRP_READLOG
s.settimeout(0.2)
subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
end = time.time() + 1
while time.time() < end:
    try:
        d = s.recv(65536)
    except socket.timeout:
        break
    ln, ty = struct.unpack("=IH", d[:6])
    rec = d[16:ln].decode(errors="replace")
    if ty == 1423 and marker in rec:
        print(rec)
EOF
E0=$(audit_enabled)
trap 'audit_enabled "$E0" >/dev/null; cleanup' EXIT
audit_enabled 1 >/dev/null

# logged DESC WANT MARKER ARGS...: run `landbox run ARGS...`; WANT is 1 when
# a denial record naming MARKER must be seen, 0 when none may be.
logged() {
	local d=$1 want=$2 marker=$3
	shift 3
	LAST="landbox run $*"
	"$PY" -S "$T/py/records.py" "$marker" "$LB" run "$@" >"$T/out" 2>"$T/err"
	if { [ "$want" = 1 ] && [ -s "$T/out" ]; } || { [ "$want" = 0 ] && [ ! -s "$T/out" ]; }; then
		pass "$d"
	else
		fail "$d" "command: $LAST" "wanted a record: $want"
		sed -n '1,5s/^/#   record| /p' "$T/out" >&2
		sed -n '1,5s/^/#   stderr| /p' "$T/err" >&2
	fi
}

READ="blockers=fs.read_file path=\"$D/other/f\""
logged "default: COMMAND's own denials are not logged" 0 "$READ" \
	--rox /usr -- cat "$D/other/f"
logged "--log-enable-subprocesses: COMMAND's denials are logged" 1 "$READ" \
	--log-enable-subprocesses --rox /usr -- cat "$D/other/f"
EXEC="blockers=fs.execute path=\"$D/bin/true\""
if tmp_exec_ok; then
	logged "default: a denied execution of COMMAND is logged" 1 "$EXEC" \
		--rox /usr --ro "$D/bin" -- "$D/bin/true"
	logged "--log-disable-originating: it is not" 0 "$EXEC" \
		--log-disable-originating --rox /usr --ro "$D/bin" -- "$D/bin/true"
else
	skip "default: a denied execution of COMMAND is logged" "cannot execute files under TMPDIR"
	skip "--log-disable-originating: it is not" "cannot execute files under TMPDIR"
fi
# A sandbox nested inside, logging its COMMAND's denials: seen, unless the
# outer one says --log-disable-subdomains.
OUTER=(--rox /usr --rox "$BUILD_DIR" --ro /proc)
INNER=("$LB" run --log-enable-subprocesses --rox /usr -- cat "$D/other/f")
logged "nested: the inner sandbox's denials are logged" 1 "$READ" "${OUTER[@]}" -- "${INNER[@]}"
logged "--log-disable-subdomains: they are not" 0 "$READ" \
	--log-disable-subdomains "${OUTER[@]}" -- "${INNER[@]}"

done_testing
