# SPDX-License-Identifier: MIT
# tests/cli/explain-lib.sh - shared by the explain and learn tests (after
# lib.sh): the audit state as the kernel reports it (AUDIT_GET, read directly
# over NETLINK_AUDIT by python, not through landbox), whether real explaining
# is possible here, what --explain says is missing.  Running as nobody is
# lib.sh's (nobody_ok, unprivileged_only).

mkdir -p "$T/py"
# audit.py [0|1]: print audit_status.enabled; with an argument, set it first.
cat >"$T/py/audit.py" <<'EOF'
import socket, struct, sys
AUDIT_GET, AUDIT_SET, NLMSG_ERROR = 1000, 1001, 2
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)  # NETLINK_AUDIT
s.bind((0, 0))
s.settimeout(2)
def request(t, payload, seq):
    s.send(struct.pack("=IHHII", 16 + len(payload), t, 1 | 4, seq, 0) + payload)
    while True:
        d = s.recv(65536)
        ln, ty, fl, sq, pid = struct.unpack("=IHHII", d[:16])
        if sq != seq:
            continue
        if ty == NLMSG_ERROR:
            err, = struct.unpack("=i", d[16:20])
            if err:
                raise OSError(-err, "audit request %d" % t)
            if t == AUDIT_SET:
                return None
            continue
        return d[16:ln]
if len(sys.argv) > 1:
    request(AUDIT_SET, struct.pack("=11I", 1, int(sys.argv[1]), *([0] * 9)), 1)
st = request(AUDIT_GET, b"", 2)
print(struct.unpack("=II", st[:8])[1])
EOF
audit_enabled() { "$PY" -S "$T/py/audit.py" "$@" 2>/dev/null; }

# Real explaining: root, landbox sees ABI 7+ and the kernel logs (ABI 7+).
EXPLAIN=0
EXPLAIN_WHY=""
if [ "$IS_ROOT" != 1 ]; then
	EXPLAIN_WHY="not root"
elif [ "$ABI" -lt 7 ]; then
	EXPLAIN_WHY="Landlock ABI $ABI < 7"
elif [ "$ENF" -lt 7 ]; then
	EXPLAIN_WHY="the kernel has ABI $REAL_ABI < 7"
elif [ -z "$(audit_enabled)" ]; then
	EXPLAIN_WHY="cannot read the audit state (no audit in this kernel?)"
else
	EXPLAIN=1
fi
# The slow checks of the audit plumbing (signals, concurrency) run once, on
# the real kernel, not again under every emulated ABI.
REAL_ONLY=0
[ -z "${LANDBOX_TEST_ABI:-}" ] && REAL_ONLY=1

# What `--explain` says is missing here, as a regex.
explain_missing_re() {
	local what=$1 need="" caps="CAP_AUDIT_READ and CAP_AUDIT_CONTROL \(run as root\)"
	if [ "$ABI" = 0 ]; then
		need="Landlock ABI 7 \(this kernel has (no Landlock|Landlock disabled)\)"
	elif [ "$ABI" -lt 7 ]; then
		need="Landlock ABI 7 \(this kernel has ABI $ABI\)"
	fi
	if [ "${2:-}" = nopriv ]; then
		need="${need:+$need, and }$caps"
	fi
	echo "^landbox: $what needs $need; "
}

# What every sandboxed program here needs to start: the system read-only
# and executable, the loader's cache.
BASE="--rox /usr --ro /etc/ld.so.cache"
