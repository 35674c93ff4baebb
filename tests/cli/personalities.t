#!/bin/bash
# SPDX-License-Identifier: MIT
# personalities.t - invoked as `landrun` (landrun's option names and
# meanings, strict unless --best-effort, exit status 1 for every launcher
# failure) and as `sandboxer` / `landbox sandboxer` (the kernel sample's
# LL_FS_RO, LL_FS_RW, LL_TCP_BIND, LL_TCP_CONNECT, LL_SCOPED with the
# sample's semantics: RO includes execute, unset network variables leave
# that access unrestricted, the environment is passed on).
. "$(dirname "$0")/lib.sh"
make_tree
make_py
DENIED='Permission denied'

# ======== landrun ========
[ -x "$LANDRUN" ] || missing "$LANDRUN (make test-build)"
# lr DESC RC OUT ERR -- ARGS: `landrun ARGS`.  landrun (the version whose
# options landbox follows: --unix, --unrestricted-scoped, --log-*) handles
# every fs right up to fs.resolve_unix (ABI 9), TCP and the scopes, and
# without --best-effort refuses (exit 1) on a kernel that cannot enforce all
# of them.
LR_ABI=9
lr() {
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run "$LANDRUN" "$@"
	if [ "$NONE" = 1 ]; then verdict "$d" 1 "" "$HINT_RE"
	elif [ "$ABI" -lt $LR_ABI ]; then verdict "$d" 1 "" ""
	else verdict "$d" "$rc" "$o" "$e"; fi
}
lr "landrun: --ro allows reading" 0 '^secret-data$' "" -- --rox /usr --ro "$D/data" cat "$D/data/f"
lr "landrun: -- before COMMAND is accepted" 0 '^secret-data$' "" -- --rox /usr --ro "$D/data" -- cat "$D/data/f"
lr "landrun: --ro denies writing" 2 EMPTY "$DENIED" -- --rox /usr --ro "$D/data" sh -c "echo x > '$D/data/f'"
lr "landrun: --rw allows writing" 0 EMPTY "" -- --rox /usr --rw "$D/w" sh -c "echo x > '$D/w/f'"
lr "landrun: outside the rules is denied" 0 '^rc=1$' "$DENIED" -- --rox /usr sh -c "cat '$D/other/f'; echo rc=\$?"
lr "landrun: COMMAND's own status is passed through" 3 EMPTY "" -- --rox /usr sh -c 'exit 3'
lr "landrun: environment is empty by default" 0 EMPTY "" -- --rox /usr env
run env FOO=bar "$LANDRUN" --rox /usr --env FOO env
if [ "$NONE" = 1 ] || [ "$ABI" -lt $LR_ABI ]; then verdict "landrun: --env KEY passes it" 1 "" ""
else verdict "landrun: --env KEY passes it" 0 '^FOO=bar$' ""; fi
lr "landrun: --ldd --add-exec run a program" 0 EMPTY "" -- --ldd --add-exec /usr/bin/true
# With the filesystem unrestricted, what is left (TCP, scopes) needs ABI 6.
run "$LANDRUN" --unrestricted-filesystem cat "$D/other/f"
if [ "$NONE" = 1 ]; then verdict "landrun: --unrestricted-filesystem" 1 "" "$HINT_RE"
elif [ "$ABI" -lt 6 ]; then verdict "landrun: --unrestricted-filesystem" 1 EMPTY 'scope\.'
else verdict "landrun: --unrestricted-filesystem" 0 '^other-data$' ""; fi
HAVE_SRV=0
if start_server 127.0.0.1; then
	HAVE_SRV=1
	A=$(server_port 127.0.0.1 a) B=$(server_port 127.0.0.1 b)
	lr "landrun: --connect-tcp allows its port" 0 '^connected hello$' "" \
		-- --rox /usr --ro "$T/py" --connect-tcp "$A" $NETPY connect tcp 127.0.0.1 "$A"
	lr "landrun: --connect-tcp denies another port" 1 '^EACCES$' "" \
		-- --rox /usr --ro "$T/py" --connect-tcp "$A" $NETPY connect tcp 127.0.0.1 "$B"
	lr "landrun: --unrestricted-network" 0 '^connected hello$' "" \
		-- --rox /usr --ro "$T/py" --unrestricted-network $NETPY connect tcp 127.0.0.1 "$B"
	# --best-effort: runs on any kernel, enforcing what it can.
	run "$LANDRUN" --best-effort --rox /usr --ro "$T/py" --connect-tcp "$A" $NETPY connect tcp 127.0.0.1 "$B"
	if [ "$ENF" -ge 4 ]; then verdict "landrun: --best-effort runs on any ABI" 1 '^EACCES$' ""
	else verdict "landrun: --best-effort runs on any ABI" 0 '^connected hello$' ""; fi
else
	for d in "--connect-tcp allows its port" "--connect-tcp denies another port" \
		"--unrestricted-network" "--best-effort runs on any ABI"; do
		skip "landrun: $d" "cannot start a server"
	done
fi
run "$LANDRUN" --best-effort --rox /usr --ro "$D/data" cat "$D/data/f"
verdict "landrun: --best-effort reads what is granted" 0 '^secret-data$' ""
run "$LANDRUN" --best-effort --rox /usr --ro "$D/data" sh -c "echo x >> '$D/data/f'"
if [ "$NONE" = 1 ]; then verdict "landrun: --best-effort --ro denies writing" 0 EMPTY ""
else verdict "landrun: --best-effort --ro denies writing" 2 EMPTY "$DENIED"; fi
run "$LANDRUN" --best-effort --rox /usr env
verdict "landrun: --best-effort environment is empty" 0 EMPTY ""
run "$LANDRUN" --rox /usr true
if [ "$NONE" = 0 ] && [ "$ABI" -lt $LR_ABI ]; then
	verdict "landrun: the strict refusal names what is missing" 1 EMPTY 'resolve_unix'
else
	verdict "landrun: the strict refusal names what is missing" "$([ "$NONE" = 1 ] && echo 1 || echo 0)" EMPTY ""
fi
# Launcher failures exit 1, whatever the ABI.
lf() { # lf DESC ERR_RE ARGS
	local d=$1 e=$2
	shift 2
	run "$LANDRUN" "$@"
	verdict "$d" 1 EMPTY "$e"
}
lf "landrun: unknown option exits 1" 'frobnicate' --frobnicate --rox /usr true
lf "landrun: missing command exits 1" '.' --rox /usr
lf "landrun: command not found exits 1" 'no-such-command-lbtest' --rox /usr no-such-command-lbtest
lf "landrun: bad port exits 1" '70000' --rox /usr --connect-tcp 70000 true
lf "landrun: missing path exits 1" "$T/missing" --rox /usr --ro "$T/missing" true
run env LANDRUN_LOG_LEVEL=debug "$LANDRUN" --best-effort --rox /usr true
verdict "landrun: LANDRUN_LOG_LEVEL is honoured" 0 EMPTY '.'

# ======== sandboxer ========
# sbx_p DESC RC OUT ERR -- VAR=VALUE... -- COMMAND: both ways of invoking it.
sp() {
	local d=$1 rc=$2 o=$3 e=$4 how
	shift 4
	[ "${1:-}" = -- ] && shift
	local vars=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	for how in symlink sub-command; do
		if [ $how = symlink ]; then
			run env "${vars[@]}" "$SANDBOXER" "$@"
		else
			run env "${vars[@]}" "$LB" sandboxer "$@"
		fi
		if [ "$NONE" = 1 ]; then verdict "sandboxer ($how): $d" 1 "" "$HINT_RE"
		else verdict "sandboxer ($how): $d" "$rc" "$o" "$e"; fi
	done
}
[ -x "$SANDBOXER" ] || { done_testing; exit 0; }
sp "LL_FS_RO allows reading" 0 '^secret-data$' "" -- LL_FS_RO="/usr:$D/data" LL_FS_RW= -- cat "$D/data/f"
sp "LL_FS_RO denies writing" 2 EMPTY "$DENIED" -- LL_FS_RO="/usr:$D/data" LL_FS_RW= -- sh -c "echo x > '$D/data/f'"
sp "LL_FS_RO includes execute" 0 '^script-ran$' "" -- LL_FS_RO="/usr:$D/bin" LL_FS_RW= -- sh -c "'$D/bin/script.sh'"
sp "LL_FS_RW allows writing" 0 EMPTY "" -- LL_FS_RO=/usr LL_FS_RW="$D/w" -- sh -c "echo x > '$D/w/f'"
sp "LL_FS_RW allows creating" 0 EMPTY "" -- LL_FS_RO=/usr LL_FS_RW="$D/w" -- touch "$D/w/sandboxer-new"
sp "outside the lists is denied" 1 EMPTY "$DENIED" -- LL_FS_RO=/usr LL_FS_RW="$D/w" -- cat "$D/other/f"
sp "COMMAND's own status is passed through" 3 EMPTY "" -- LL_FS_RO=/usr LL_FS_RW= -- sh -c 'exit 3'
sp "the environment is passed on" 0 '^FOO=bar$' "" -- FOO=bar LL_FS_RO=/usr LL_FS_RW= -- env
sp "the LL_ variables are not passed on" 0 '!^LL_' "" -- FOO=bar LL_FS_RO=/usr LL_FS_RW= -- env
sp "a missing path is skipped" 0 '^secret-data$' "" -- LL_FS_RO="/usr:$T/missing:$D/data" LL_FS_RW= -- cat "$D/data/f"
for how in symlink sub-command; do
	if [ $how = symlink ]; then S=("$SANDBOXER"); else S=("$LB" sandboxer); fi
	# Like the sample, the Landlock check comes first.
	[ "$NONE" = 1 ] && w=$HINT_RE || w=LL_FS_RO
	run env LL_FS_RW= "${S[@]}" true
	verdict "sandboxer ($how): missing LL_FS_RO is refused" 1 EMPTY "$w"
	[ "$NONE" = 1 ] && w=$HINT_RE || w=LL_FS_RW
	run env LL_FS_RO=/usr "${S[@]}" true
	verdict "sandboxer ($how): missing LL_FS_RW is refused" 1 EMPTY "$w"
	run env LL_FS_RO=/usr LL_FS_RW= "${S[@]}"
	verdict "sandboxer ($how): no command prints the usage" 1 EMPTY 'LL_FS_RO'
done
SPNET=("unset LL_TCP_CONNECT leaves connect unrestricted" "LL_TCP_CONNECT allows its port"
	"LL_TCP_CONNECT denies another port" "empty LL_TCP_CONNECT denies every port"
	"LL_TCP_BIND does not restrict connect" "LL_TCP_BIND allows its port"
	"LL_TCP_BIND denies another port" "a bad port is refused")
if [ $HAVE_SRV = 1 ] && { [ "$ABI" -ge 4 ] || [ "$NONE" = 1 ]; }; then
	C="$NETPY connect tcp 127.0.0.1"
	sp "${SPNET[0]}" 0 '^connected hello$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= -- $C "$A"
	sp "${SPNET[1]}" 0 '^connected hello$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_TCP_CONNECT="$B:$A" -- $C "$A"
	sp "${SPNET[2]}" 1 '^EACCES$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_TCP_CONNECT="$A" -- $C "$B"
	sp "${SPNET[3]}" 1 '^EACCES$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_TCP_CONNECT= -- $C "$B"
	sp "${SPNET[4]}" 0 '^connected hello$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_TCP_BIND=1 -- $C "$A"
	read -r P Q <<<"$(free_ports 127.0.0.1 2)"
	sp "${SPNET[5]}" 0 '^bound$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_TCP_BIND="$P" -- $NETPY bind tcp 127.0.0.1 "$P"
	sp "${SPNET[6]}" 1 '^EACCES$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_TCP_BIND="$P" -- $NETPY bind tcp 127.0.0.1 "$Q"
	sp "${SPNET[7]}" 1 EMPTY 'abc' -- LL_FS_RO=/usr LL_FS_RW= LL_TCP_BIND=abc -- true
else
	# Below ABI 4 the sample has no TCP rules to offer.
	for d in "${SPNET[@]}"; do
		skip "sandboxer (symlink): $d" "no TCP rules here (ABI $ABI) or no server"
		skip "sandboxer (sub-command): $d" "no TCP rules here (ABI $ABI) or no server"
	done
fi
sleep 60 &
S=$!
bg_track $S
SIG="$PY -S $T/py/signal.py"
sp "unset LL_SCOPED leaves signals unrestricted" 0 '^signalled$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= -- $SIG "$S"
if [ "$ENF" -ge 6 ] || [ "$NONE" = 1 ]; then
	sp "LL_SCOPED=s denies signals outside" 1 '^EPERM$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_SCOPED=s -- $SIG "$S"
	sp "LL_SCOPED=a leaves signals unrestricted" 0 '^signalled$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_SCOPED=a -- $SIG "$S"
	sp "an unknown scope is refused" 1 EMPTY '"?x"?' -- LL_FS_RO=/usr LL_FS_RW= LL_SCOPED=x -- true
else
	# The sample ignores LL_SCOPED where scopes do not exist.
	sp "LL_SCOPED=s denies signals outside" 0 '^signalled$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_SCOPED=s -- $SIG "$S"
	sp "LL_SCOPED=a leaves signals unrestricted" 0 '^signalled$' "" -- LL_FS_RO="/usr:$T/py" LL_FS_RW= LL_SCOPED=a -- $SIG "$S"
	# The sample ignores LL_SCOPED entirely there; refusing a bad value
	# anyway is fine too.
	for how in symlink sub-command; do
		if [ $how = symlink ]; then S=("$SANDBOXER"); else S=("$LB" sandboxer); fi
		run env LL_FS_RO=/usr LL_FS_RW= LL_SCOPED=x "${S[@]}" true
		if [ "$RC" = 1 ]; then verdict "sandboxer ($how): an unknown scope is refused" 1 EMPTY '"?x"?'
		else verdict "sandboxer ($how): an unknown scope is refused" 0 EMPTY ""; fi
	done
fi

# LL_FORCE_LOG=1 (ABI 7 audit logs): accepted from ABI 7, refused below; any
# other value is refused.
sp "LL_FORCE_LOG=1 is accepted from ABI 7" "$([ "$ABI" -ge 7 ] && echo 0 || echo 1)" EMPTY "" \
	-- LL_FS_RO=/usr LL_FS_RW= LL_FORCE_LOG=1 -- true
sp "LL_FORCE_LOG with another value is refused" 1 EMPTY 'LL_FORCE_LOG' -- LL_FS_RO=/usr LL_FS_RW= LL_FORCE_LOG=2 -- true

done_testing
