#!/bin/bash
# SPDX-License-Identifier: MIT
# env.t - what COMMAND inherits: only PATH=/usr/local/bin:/usr/bin:/bin
# unless --env KEY, --env KEY=VALUE, --keep-env or --clear-env (nothing); stdin/stdout/stderr and nothing else (no fd
# of landbox); no_new_privs; signals sent to landbox reach COMMAND.
. "$(dirname "$0")/lib.sh"
make_tree
U="--rox /usr"

# lbenv DESC OUT -- ARGS...: run `env` under landbox with FOO=bar BAR=two set.
lbenv() {
	local d=$1 o=$2
	shift 2
	[ "${1:-}" = -- ] && shift
	run env FOO=bar BAR=two "$LB" run $U "$@" -- env
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"; else verdict "$d" 0 "$o" ""; fi
}
# lines N: stdout has exactly N lines (skipped without Landlock)
lines() {
	if [ "$NONE" = 1 ]; then skip "$1" "no Landlock"; return; fi
	local n
	n=$(wc -l <"$T/out")
	if [ "$n" = "$2" ]; then pass "$1"; else fail "$1" "$n lines, wanted $2"; sed 's/^/#   | /' "$T/out" >&2; fi
}

lbenv "env: only the default PATH by default" '^PATH=/usr/local/bin:/usr/bin:/bin$'
lines "env: nothing else by default" 1
lbenv "env: --clear-env gives an empty environment" EMPTY -- --clear-env
lbenv "env: --env PATH passes landbox's PATH, not the default" '!^PATH=/usr/local/bin:/usr/bin:/bin$' -- --env PATH=/lbtest/bin
lbenv "env: --env PATH=VALUE is the PATH" '^PATH=/lbtest/bin$' -- --env PATH=/lbtest/bin
lines "env: --env PATH=VALUE: PATH once" 1
run env FOO=bar "$LANDRUN" --best-effort --rox /usr -- env
verdict "env: as landrun, the environment is empty (landrun's)" 0 EMPTY ""
lbenv "env: --keep-env keeps landbox's PATH" "^PATH=$PATH\$" -- --keep-env
lbenv "env: --env KEY passes landbox's value" '^FOO=bar$' -- --clear-env --env FOO
lines "env: --env KEY passes only that variable" 1
lbenv "env: --env KEY=VALUE sets the value" '^FOO=baz$' -- --clear-env --env FOO=baz
lines "env: --env KEY=VALUE passes only that variable" 1
lbenv "env: --env of an unset KEY passes nothing" EMPTY -- --clear-env --env LBTEST_UNSET_VARIABLE
lbenv "env: a value may contain =" '^X=a=b$' -- --env X=a=b
lbenv "env: a value may be empty" '^X=$' -- --env X=
lbenv "env: a value may contain spaces and commas" '^X=a b,c$' -- --env 'X=a b,c'
lbenv "env: repeated --env passes each (first)" '^FOO=bar$' -- --clear-env --env FOO --env BAR
lbenv "env: repeated --env passes each (second)" '^BAR=two$' -- --clear-env --env FOO --env BAR
lines "env: repeated --env passes exactly those" 2
lbenv "env: --keep-env passes the whole environment" '^FOO=bar$' -- --keep-env
lbenv "env: --keep-env passes PATH" '^PATH=' -- --keep-env
lbenv "env: --env overrides --keep-env" '^FOO=over$' -- --keep-env --env FOO=over
lbenv "env: the overridden value is not passed twice" '!^FOO=bar$' -- --keep-env --env FOO=over
# COMMAND is found on landbox's own PATH, whatever its environment.
sb "env: COMMAND is found on landbox's PATH" 0 '^found$' "" -- $U -- sh -c 'echo found'

# stdin, stdout and stderr are COMMAND's.
echo from-stdin | timeout 20 "$LB" run $U -- cat >"$T/out" 2>"$T/err"
RC=$? LAST="echo from-stdin | landbox run --rox /usr -- cat"
if [ "$NONE" = 1 ]; then verdict "fds: stdin reaches COMMAND" 125 "" "$HINT_RE"
else verdict "fds: stdin reaches COMMAND" 0 '^from-stdin$' ""; fi
sb "fds: stderr reaches the caller" 0 EMPTY '^to-stderr$' -- $U -- sh -c 'echo to-stderr >&2'

# No fd of landbox reaches COMMAND: only 0 1 2, and 3 which is ls's own
# directory fd.  The test closes its own extra fds first.
for fd in /proc/$$/fd/*; do
	fd=${fd##*/}
	[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
done
FDS='^0 1 2 3 $'
fdcase() {
	local d=$1
	shift
	run "$LB" run "$@" -- ls /proc/self/fd
	tr '\n' ' ' <"$T/out" >"$T/out2" && echo >>"$T/out2" && mv "$T/out2" "$T/out"
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"; else verdict "$d" 0 "$FDS" ""; fi
}
fdcase "fds: no fd leaked with path rules" $U --ro /proc --ro "$D/data,$D/other" --rw "$D/w"
fdcase "fds: no fd leaked with a profile" $U --ro /proc --profile base
fdcase "fds: no fd leaked with --ldd and --add-exec" --ro /proc --ldd --add-exec
fdcase "fds: no fd leaked with --keep-env" $U --ro /proc --keep-env
if [ "$ABI" -ge 4 ] || [ "$NONE" = 1 ]; then
	fdcase "fds: no fd leaked with port rules" $U --ro /proc --connect-tcp 80,443 --bind-tcp 8080
else
	fdcase "fds: no fd leaked with port rules" $U --ro /proc --best-effort --connect-tcp 80,443 --bind-tcp 8080
fi

# no_new_privs is set for COMMAND.
NNP='^NoNewPrivs:[[:space:]]+1$'
sb "nnp: COMMAND runs with no_new_privs" 0 "$NNP" "" -- $U --ro /proc -- grep NoNewPrivs /proc/self/status
# (with nothing to restrict, there is nothing to refuse even without Landlock)
expect "nnp: set even with every area unrestricted" 0 "$NNP" "" -- "$LB" run \
	--unrestricted-filesystem --unrestricted-network --unrestricted-scoped -- grep NoNewPrivs /proc/self/status

# SIGTERM sent to landbox reaches COMMAND, whose status landbox returns
# (without a terminal landbox is COMMAND; session.t checks landbox passing
# it on as COMMAND's parent).
if [ "$NONE" = 1 ]; then
	skip "signals: SIGTERM to landbox reaches COMMAND" "no Landlock"
	skip "signals: COMMAND's status after the signal is returned" "no Landlock"
else
	"$LB" run $U -- sh -c 'trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 0.05; done' \
		>"$T/sig.out" 2>"$T/sig.err" </dev/null &
	p=$!
	i=0
	while ! grep -q ready "$T/sig.out" 2>/dev/null && [ $i -lt 1000 ]; do sleep 0.02; i=$((i + 1)); done
	kill -TERM $p
	( sleep 10; kill -KILL $p 2>/dev/null ) >/dev/null 2>&1 &
	killer=$!
	wait $p
	RC=$?
	kill $killer 2>/dev/null
	if grep -q got-term "$T/sig.out"; then pass "signals: SIGTERM to landbox reaches COMMAND"
	else fail "signals: SIGTERM to landbox reaches COMMAND" "status: $RC" "stdout: $(cat "$T/sig.out")" "stderr: $(cat "$T/sig.err")"; fi
	if [ "$RC" = 7 ]; then pass "signals: COMMAND's status after the signal is returned"
	else fail "signals: COMMAND's status after the signal is returned" "status $RC, wanted 7"; fi
fi

done_testing
