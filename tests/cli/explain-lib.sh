# SPDX-License-Identifier: MIT
# tests/cli/explain-lib.sh - shared by the explain and learn tests (after
# lib.sh): the audit state as the kernel reports it (AUDIT_GET, read directly
# over NETLINK_AUDIT by python, not through landbox), whether real explaining
# is possible here, what --explain says is missing, the audit state kept
# (keep_audit_state), a learned profile's rules (same_rules) and the denials
# both explain sources explain alike (explain_tcp, explain_scopes).  Running
# as nobody is lib.sh's (nobody_ok, unprivileged_only).

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

# keep_audit_state: the audit state is the whole system's; the one found is
# restored at exit (E0), whatever happens to the test.  A landbox killed by
# SIGKILL while explaining may have left audit on; the next --explain
# switches it off again: do that first, so that E0 is the state this system
# really has.
keep_audit_state() {
	"$LB" run --explain=audit -- true >/dev/null 2>&1
	E0=$(audit_enabled)
	trap 'audit_enabled "$E0" >/dev/null; cleanup' EXIT
}

# rules FILE: a learned profile's rules, comments and blank lines removed,
# sorted.
rules() { sed -e 's/[[:space:]]*#.*//' -e '/^$/d' "$1" | sort; }
# same_rules DESC FILE WANTED...: the profile holds exactly these rules.
same_rules() {
	local d=$1 f=$2
	shift 2
	if diff <(rules "$f") <(printf '%s\n' "$@" | sort) >"$T/diff"; then
		pass "$d"
	else
		fail "$d" "profile vs wanted:" "$(cat "$T/diff")"
	fi
}

# ---- the denials both explain sources explain alike ------------------------------
# (through the file's xp DESC RC LINE-RE -- ARGS..., with its $BASE)

DASH=$'\xe2\x80\x94' # the em dash in UTF-8, whatever the locale (\u2014 needs a UTF-8 one)
# q STRING: STRING quoted for a regex.
q() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'; }

# explain_tcp LABEL: "LABEL: TCP connect" to a server outside (its port in
# PORT) and "LABEL: TCP bind" on a free port, each denied and explained.
explain_tcp() {
	start_server 127.0.0.1 || diag "server did not start"
	PORT=$(server_port 127.0.0.1 a)
	xp "$1: TCP connect" 1 \
		"^landbox: denied net\.connect_tcp to 127\.0\.0\.1 port $PORT \(by python3, pid [0-9]+\) $DASH allow with --connect-tcp $PORT$" \
		-- $BASE --ro "$T/py" -- $NETPY connect tcp 127.0.0.1 "$PORT"
	local free
	free=$(free_ports 127.0.0.1 1)
	xp "$1: TCP bind" 1 \
		"^landbox: denied net\.bind_tcp on 127\.0\.0\.1 port $free \(by python3, pid [0-9]+\) $DASH allow with --bind-tcp $free$" \
		-- $BASE --ro "$T/py" -- $NETPY bind tcp 127.0.0.1 "$free"
}

# explain_scopes LABEL DESC-SIGNAL DESC-ABSTRACT: a signal to a process
# outside (as the user of "${U[@]}") and a connection to an abstract socket
# outside, each denied and explained.
explain_scopes() {
	local s name=lb$1$$
	"${U[@]}" sleep 60 &
	s=$!
	bg_track $s
	sleep 0.2 # setpriv execs sleep: then $s is sleep's pid
	xp "$1: $2" 1 \
		"^landbox: denied scope\.signal to pid $s \(sleep\) \(by python3, pid [0-9]+\) $DASH allow with --unrestricted-scoped$" \
		-- $BASE --ro "$T/py" -- "$PY" -S "$T/py/signal.py" "$s"
	listen_bg "$T/abstract.ready" abstract "$name" || diag "abstract socket server did not start"
	xp "$1: $3" 1 \
		"^landbox: denied scope\.abstract_unix_socket to abstract socket @$name \(by python3, pid [0-9]+\) $DASH allow with --unrestricted-scoped$" \
		-- $BASE --ro "$T/py" -- $NETPY connect abstract "$name"
}
