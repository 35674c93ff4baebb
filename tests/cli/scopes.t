#!/bin/bash
# SPDX-License-Identifier: MIT
# scopes.t - the scopes (ABI 6), restricted by default: a sandboxed program
# cannot signal a process outside its sandbox nor connect to an abstract
# UNIX socket created outside it; --unrestricted-scoped lifts both.  Below
# ABI 6 they are not restricted (and the warning line says so, see
# enforcement.t).
. "$(dirname "$0")/lib.sh"
make_py
PYR="--rox /usr --ro $T/py"

# A process outside the sandbox.
sleep 60 &
S=$!
bg_track $S
sb_enf 6 "scopes: signalling a process outside is denied" '^EPERM$' '^signalled$' -- $PYR -- "$PY" -S "$T/py/signal.py" "$S"
sb "scopes: --unrestricted-scoped allows signalling outside" 0 '^signalled$' "" \
	-- $PYR --unrestricted-scoped -- "$PY" -S "$T/py/signal.py" "$S"
sb "scopes: signalling inside the sandbox is allowed" 0 EMPTY "" -- --rox /usr -- sh -c 'kill -0 $$'
sb "scopes: a child inside the sandbox can be killed" 0 '^done$' "" \
	-- --rox /usr -- sh -c 'sleep 30 & kill $!; wait $!; echo done'

NAME=lbtest-abstract-$$
if ! listen_bg "$T/abstract.ready" abstract "$NAME"; then
	skip "scopes: connecting to an abstract socket outside is denied" "no abstract socket server"
	skip "scopes: --unrestricted-scoped allows abstract sockets outside" "no abstract socket server"
else
	sb_enf 6 "scopes: connecting to an abstract socket outside is denied" '^EPERM$' '^connected hi$' \
		-- $PYR -- $NETPY connect abstract "$NAME"
	sb "scopes: --unrestricted-scoped allows abstract sockets outside" 0 '^connected hi$' "" \
		-- $PYR --unrestricted-scoped -- $NETPY connect abstract "$NAME"
fi

done_testing
