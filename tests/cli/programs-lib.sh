# SPDX-License-Identifier: MIT
# tests/cli/programs-lib.sh - shared by programs.t and programs-imagemagick.t
# (after lib.sh): a fake home with secrets that no program profile may give
# away, and `prog`, which runs landbox the way a user would: programs found
# in /usr/bin and /bin only (not a stand-in in /usr/local/bin), HOME the
# fake home, TMPDIR the scratch directory.

H=$T/home
mkdir -p "$H/.ssh" "$H/Pictures" "$T/tmp"
echo "-----BEGIN OPENSSH PRIVATE KEY----- lbtest-secret-key" >"$H/.ssh/id_ecdsa"
chmod 600 "$H/.ssh/id_ecdsa"
echo "lbtest-private-picture" >"$H/Pictures/private.txt"
SECRET=lbtest-secret-key
PPATH=/usr/bin:/bin

# have PROGRAM: the real program is installed in /usr/bin or /bin.
have() { [ -x "/usr/bin/$1" ] || [ -x "/bin/$1" ]; }

# prog DESC RC OUT ERR -- ARGS...: `landbox run ARGS...` as a user would
# run it; without Landlock landbox must refuse.
prog() {
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run env PATH="$PPATH" HOME="$H" TMPDIR="$T/tmp" "$LB" run "$@"
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"; else verdict "$d" "$rc" "$o" "$e"; fi
}
# prog_err DESC RC OUT ERR -- ARGS...: prog for a run landbox refuses
# before any sandbox, on every kernel.
prog_err() {
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run env PATH="$PPATH" HOME="$H" TMPDIR="$T/tmp" "$LB" run "$@"
	verdict "$d" "$rc" "$o" "$e"
}
# prog_abi N DESC RC OUT ERR -- ARGS...: prog for a run needing ABI N (TCP
# ports: 4); below it landbox refuses naming ABI N.
prog_abi() {
	local n=$1 d=$2 rc=$3 o=$4 e=$5
	shift 5
	[ "${1:-}" = -- ] && shift
	run env PATH="$PPATH" HOME="$H" TMPDIR="$T/tmp" "$LB" run "$@"
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"
	elif [ "$ABI" -lt "$n" ]; then verdict "$d" 125 "" "$(needs_re "$n")"
	else verdict "$d" "$rc" "$o" "$e"; fi
}
# unsandboxed CMD...: run CMD as prog's environment would, without landbox.
unsandboxed() { run env PATH="$PPATH" HOME="$H" TMPDIR="$T/tmp" "$@"; }
# no_leftovers DESC: no private temporary directory is left in $T/tmp.
no_leftovers() {
	if ls -d "$T/tmp"/landbox-tmp.* >/dev/null 2>&1; then
		fail "$1" "left behind: $(ls -d "$T/tmp"/landbox-tmp.*)"
	else
		pass "$1"
	fi
}
# wait_file FILE: wait up to 10 s for FILE to be non-empty.
wait_file() {
	local i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -gt 500 ] && return 1
		sleep 0.02
	done
}
# A listener on an ephemeral port of 127.0.0.1: LISTEN_PORT; each
# connection appends "connected" to $T/listener.log.
start_listener() {
	cat >"$T/listener.py" <<'PY'
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
s.settimeout(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
end = time.time() + 120
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    with open(sys.argv[2], "a") as f:
        f.write("connected\n")
    c.close()
PY
	"$PY" -S "$T/listener.py" "$T/listener.port" "$T/listener.log" 2>/dev/null &
	bg_track $!
	wait_file "$T/listener.port" || return 1
	LISTEN_PORT=$(cat "$T/listener.port")
}
