# SPDX-License-Identifier: MIT
# tests/cli/lib.sh - shared helpers of the black-box TAP tests of `landbox`.
#
# Sourced by every tests/cli/*.t (bash).  It finds the test build of the
# command ($LB_BUILD/test/landbox), makes a private scratch directory under
# $TMPDIR (the tree may be read-only), works out which Landlock ABI the
# command sees (LANDBOX_TEST_ABI or the kernel's) and which one the kernel
# really enforces, and offers small TAP helpers that run landbox and check
# its exact exit status, stdout and stderr.
#
# Descriptions given to the helpers must be stable strings (no PIDs, ports or
# temporary paths): the kernel matrix compares outcomes by description.

set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${LB_BUILD:=build}"
case $LB_BUILD in
/*) BUILD_DIR=$LB_BUILD ;;
*) BUILD_DIR=$ROOT/$LB_BUILD ;;
esac
LB=$BUILD_DIR/test/landbox
LANDRUN=$BUILD_DIR/test/landrun
SANDBOXER=$BUILD_DIR/test/sandboxer
PY=/usr/bin/python3
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

# ---- TAP ------------------------------------------------------------------

_tap_n=0
diag() { printf '# %s\n' "$@" >&2; }
pass() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; }
fail() {
	_tap_n=$((_tap_n + 1))
	echo "not ok $_tap_n - $1"
	shift
	[ $# -gt 0 ] && printf '#   %s\n' "$@" >&2
	return 0
}
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP ${2:-}"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
# missing WHAT: skip the file because the test machine lacks WHAT, which the
# suite needs (README.md, Testing); tests/run.sh fails the run for it.
missing() { skip_all "missing: $*"; }
done_testing() { echo "1..$_tap_n"; }
# skip_rest WHY DESC...: the file cannot run its remaining cases here: skip
# each DESC, saying WHY, and end the file.
skip_rest() {
	local why=$1 d
	shift
	for d in "$@"; do skip "$d" "$why"; done
	done_testing
	exit 0
}
# check DESC CMD...: pass when CMD succeeds.
check() {
	local d=$1
	shift
	if "$@"; then pass "$d"; else fail "$d" "failed: $*"; fi
}

# ---- scratch space ----------------------------------------------------------

T=$(mktemp -d "${TMPDIR:-/tmp}/lbcli.XXXXXX") || {
	echo "1..0 # SKIP missing: a writable directory ${TMPDIR:-/tmp}"
	exit 0
}
T=$(cd "$T" && pwd -P)
_bg_pids=""
cleanup() {
	local p
	for p in $_bg_pids; do kill "$p" 2>/dev/null; done
	for p in $_bg_pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# remember a background process to kill at exit
bg_track() { _bg_pids="$_bg_pids $1"; }

# ---- the command and the ABI -----------------------------------------------

[ -x "$LB" ] || missing "$LB (make test-build)"
[ -x "$PY" ] || missing "$PY (python3)"

# What the kernel itself supports, asked directly (not through landbox):
# landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION).
REAL_ABI=$("$PY" -S -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
print(r if r > 0 else 0)')
# What landbox sees: the emulated ABI, or the kernel's.
case ${LANDBOX_TEST_ABI:-} in
"") ABI=$REAL_ABI ;;
none | disabled) ABI=0 ;;
[0-9] | [0-9][0-9]) ABI=$LANDBOX_TEST_ABI ;;
*) skip_all "LANDBOX_TEST_ABI=$LANDBOX_TEST_ABI not understood" ;;
esac
# The emulation narrows a kernel, and forwards ABI 8+ to an ABI 7 kernel;
# it cannot make an older kernel enforce more.
if [ "$ABI" -gt "$REAL_ABI" ] && [ "$REAL_ABI" -lt 7 ]; then
	skip_all "emulated ABI $ABI is above this kernel's ($REAL_ABI)"
fi
# ENF: what the kernel really enforces for landbox (ABI 8-10 run on 7).
ENF=$ABI
[ "$ENF" -gt "$REAL_ABI" ] && ENF=$REAL_ABI
NONE=0
[ "$ABI" = 0 ] && NONE=1
# The newest ABI that adds a right (landbox knows ABI 11, which adds only
# flag.no_new_privs, set by landbox itself: from ABI 10 all is enforced).
ABI_KNOWN=10

# ---- running commands -------------------------------------------------------

# run CMD...: run CMD (bounded in time, stdin /dev/null); RC is its exit
# status, $T/out and $T/err its output.
RC=0
LAST=""
run() {
	LAST="$*"
	timeout -k 2 "${LB_TIMEOUT:-30}" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
}
# lb ARGS...: run `landbox ARGS...`.
lb() { run "$LB" "$@"; }

# _match FILE PATTERN: PATTERN is an extended regex that some line of FILE
# must match; "" matches anything; "EMPTY" wants an empty file; "!RE" wants
# no line matching RE.
_match() {
	case $2 in
	"") return 0 ;;
	EMPTY) [ ! -s "$1" ] ;;
	!*) ! grep -Eq -- "${2#!}" "$1" ;;
	*) grep -Eq -- "$2" "$1" ;;
	esac
}
_report() {
	fail "$1" "command: $LAST" "exit status: $RC (wanted $2)" \
		"wanted stdout: ${3:-any}" "wanted stderr: ${4:-any}"
	sed -n '1,15s/^/#   stdout| /p' "$T/out" >&2
	sed -n '1,15s/^/#   stderr| /p' "$T/err" >&2
}
# verdict DESC RC OUT ERR: check the last run.
verdict() {
	if [ "$RC" = "$2" ] && _match "$T/out" "${3:-}" && _match "$T/err" "${4:-}"; then
		pass "$1"
	else
		_report "$@"
	fi
}
# expect DESC RC OUT ERR -- CMD...: run CMD and check it.
expect() {
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run "$@"
	verdict "$d" "$rc" "$o" "$e"
}

# The refusal without Landlock: exit 125 and the kernel's hint on how to
# enable it (CONFIG_LSM / the lsm= boot parameter).
HINT_RE='[Ll][Ss][Mm]'
# A refusal for a feature of ABI N names that ABI.
needs_re() { echo "^landbox:.*ABI $1"; }

# sb DESC RC OUT ERR -- ARGS...: `landbox run ARGS...`, expected to give RC,
# OUT, ERR when sandboxing works; without Landlock it must refuse instead.
sb() {
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run "$LB" run "$@"
	if [ "$NONE" = 1 ]; then
		verdict "$d" 125 "" "$HINT_RE"
	else
		verdict "$d" "$rc" "$o" "$e"
	fi
}
# sb_abi N DESC RC OUT ERR -- ARGS...: like sb, for a run using a feature of
# ABI N: below it landbox must refuse (125) naming ABI N.
sb_abi() {
	local n=$1 d=$2 rc=$3 o=$4 e=$5
	shift 5
	[ "${1:-}" = -- ] && shift
	run "$LB" run "$@"
	if [ "$NONE" = 1 ]; then
		verdict "$d" 125 "" "$HINT_RE"
	elif [ "$ABI" -lt "$n" ]; then
		verdict "$d" 125 "" "$(needs_re "$n")"
	else
		verdict "$d" "$rc" "$o" "$e"
	fi
}

# sb_enf N DESC DENIED ALLOWED -- ARGS...: sb for a case whose access the
# kernel restricts from ABI N: where it does (ENF >= N), denied (exit 1,
# stdout DENIED); below, not restricted (exit 0, stdout ALLOWED).
sb_enf() {
	local n=$1 d=$2 no=$3 yes=$4
	shift 4
	if [ "$ENF" -ge "$n" ]; then sb "$d" 1 "$no" "" "$@"; else sb "$d" 0 "$yes" "" "$@"; fi
}

# ---- fixtures -----------------------------------------------------------------

# A directory tree to sandbox: $D/data (a directory with file f), $D/other
# (a directory nobody is granted), a plain script and a copy of true.
make_tree() {
	D=$T/tree
	mkdir -p "$D/data/sub" "$D/other" "$D/bin" "$D/w"
	echo secret-data >"$D/data/f"
	echo sub-data >"$D/data/sub/g"
	echo other-data >"$D/other/f"
	echo w-data >"$D/w/f"
	printf '#!/bin/sh\necho script-ran\n' >"$D/bin/script.sh"
	chmod 755 "$D/bin/script.sh"
	cp /usr/bin/true "$D/bin/true"
	chmod 755 "$D/bin/true"
	echo not-a-program >"$D/bin/noexec"
	chmod 644 "$D/bin/noexec"
}
# Can programs be executed from $T at all (tmpfs mounted noexec)?
tmp_exec_ok() { "$D/bin/true" 2>/dev/null; }
# sbx: sb for a case that executes a file under $T (skipped when noexec).
sbx() {
	if tmp_exec_ok; then sb "$@"; else skip "$1" "cannot execute files under TMPDIR"; fi
}

# The ELF interpreter of a program (PT_INTERP), read by python.
elf_interp() {
	"$PY" -S - "$1" <<'EOF'
import struct, sys
with open(sys.argv[1], "rb") as f:
    data = f.read()
if data[:4] != b"\x7fELF":
    sys.exit(1)
is64 = data[4] == 2
end = "<" if data[5] == 1 else ">"
if is64:
    phoff, = struct.unpack_from(end + "Q", data, 0x20)
    phentsize, phnum = struct.unpack_from(end + "HH", data, 0x36)
else:
    phoff, = struct.unpack_from(end + "I", data, 0x1C)
    phentsize, phnum = struct.unpack_from(end + "HH", data, 0x2A)
for i in range(phnum):
    off = phoff + i * phentsize
    p_type, = struct.unpack_from(end + "I", data, off)
    if p_type == 3:
        if is64:
            p_offset, = struct.unpack_from(end + "Q", data, off + 8)
            p_filesz, = struct.unpack_from(end + "Q", data, off + 32)
        else:
            p_offset, = struct.unpack_from(end + "I", data, off + 4)
            p_filesz, = struct.unpack_from(end + "I", data, off + 16)
        print(data[p_offset:p_offset + p_filesz].rstrip(b"\0").decode())
        sys.exit(0)
sys.exit(1)
EOF
}

# ---- running as nobody ------------------------------------------------------------

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1
# "${NOBODY[@]}" CMD...: run CMD as uid/gid 65534 without any capability.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
# nobody_ok: root can run commands as nobody here, and nobody can reach $T
# (made searchable, not listable); else returns 1, the reason in NOBODY_WHY.
NOBODY_WHY=""
nobody_ok() {
	if [ "$IS_ROOT" != 1 ]; then
		NOBODY_WHY="not root (setpriv needs it)"
		return 1
	fi
	if ! command -v setpriv >/dev/null 2>&1; then
		NOBODY_WHY="no setpriv to drop privileges"
		return 1
	fi
	chmod 711 "$T"
	# A private TMPDIR (mode 700, made for this run) hides $T from nobody:
	# let it be searched (not listed), or nothing here can be reached.
	if ! "${NOBODY[@]}" test -x "$T"; then
		chmod o+x "$(dirname "$T")" 2>/dev/null
		if ! "${NOBODY[@]}" test -x "$T"; then
			NOBODY_WHY="nobody cannot reach the scratch directory (TMPDIR not searchable)"
			return 1
		fi
	fi
}
# unprivileged_only: the whole file runs its commands as an unprivileged
# user: "${U[@]}" CMD... runs CMD as nobody when root (the file skips when it
# cannot), as the user itself otherwise.
U=()
unprivileged_only() {
	[ "$IS_ROOT" = 1 ] || return 0
	nobody_ok || skip_all "root, and $NOBODY_WHY"
	U=("${NOBODY[@]}")
}

# ---- network fixtures ----------------------------------------------------------

# Python helpers in $T/py (granted --ro to sandboxed pythons): net.py, the
# socket programs (its top comment says what each sub-command does), run as
# $NETPY; signal.py.
make_py() {
	mkdir -p "$T/py"
	cp "$ROOT/tests/cli/net.py" "$T/py/net.py"
	chmod a+r "$T/py/net.py"
	# signal.py PID: kill(PID, 0), prints "signalled" or the errno name.
	cat >"$T/py/signal.py" <<'EOF'
import errno, os, sys
try:
    os.kill(int(sys.argv[1]), 0)
    print("signalled")
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e)))
    sys.exit(1)
EOF
}
NETPY="$PY -S $T/py/net.py"

# wait_file FILE [PID]: wait up to 10 s for FILE to be non-empty (returns 1
# at once if PID, the process to write it, has died).
wait_file() {
	local i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -gt 500 ] && return 1
		[ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null && [ ! -s "$1" ] && return 1
		sleep 0.02
	done
}
# listen_bg READY KIND ARGS...: `net.py listen KIND READY ARGS...` in the
# background; returns 1 if it did not come up within 10 s.
listen_bg() {
	local r=$1 k=$2
	shift 2
	rm -f "$r"
	$NETPY listen "$k" "$r" "$@" 2>"$r.err" &
	bg_track $!
	wait_file "$r" $!
}

# start_server HOST...: the TCP servers of `net.py listen tcp` (ports through
# server_port).  Returns 1 if they did not come up or cannot be reached.
SRV_READY=""
start_server() {
	SRV_READY=$T/srv.$RANDOM.ready
	listen_bg "$SRV_READY" tcp "$@" || return 1
	# The loopback must really work (a guest may have it down).
	local h
	for h in "$@"; do
		$NETPY connect tcp "$h" "$(server_port "$h" a)" >/dev/null 2>&1 || return 1
	done
}
# server_port HOST a|b: a port the server listens on.
server_port() {
	awk -v h="$1" -v w="$2" '$1 == h { print (w == "a" ? $2 : $3) }' "$SRV_READY"
}
# free_ports HOST N: N free (ephemeral) TCP ports of HOST.
free_ports() { $NETPY free "$@"; }
have_ipv6() { free_ports ::1 1 >/dev/null 2>&1; }
