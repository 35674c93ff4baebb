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
# A listener on an ephemeral port of 127.0.0.1: LISTEN_PORT; each
# connection appends "connected" to $T/listener.log.
start_listener() {
	make_py
	listen_bg "$T/listener.port" tcp 127.0.0.1 --log "$T/listener.log" || return 1
	LISTEN_PORT=$(awk '{ print $2 }' "$T/listener.port")
}
