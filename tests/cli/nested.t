#!/bin/bash
# SPDX-License-Identifier: MIT
# nested.t - landbox inside landbox: the inner sandbox can only narrow (no
# option of the inner one regains a right the outer one denied), and the
# kernel's limit of 16 stacked domains makes the 17th landbox refuse
# without running COMMAND, even with --best-effort.
. "$(dirname "$0")/lib.sh"
make_tree
make_py
DENIED='Permission denied'
# The inner landbox must read and run itself, and sees the same emulated ABI.
OUTER=(--rox /usr --rox "$BUILD_DIR" --ro /proc)
INNER_ENV=()
[ -n "${LANDBOX_TEST_ABI:-}" ] && OUTER+=(--env LANDBOX_TEST_ABI) && INNER_ENV=(--env LANDBOX_TEST_ABI)
IN=("$LB" run --rox /usr)

sb "nested: the inner one runs COMMAND" 0 '^secret-data$' "" \
	-- "${OUTER[@]}" --ro "$D/data" -- "${IN[@]}" --ro "$D/data" -- cat "$D/data/f"
sb "nested: the inner --rw cannot regain write" 2 EMPTY "$DENIED" \
	-- "${OUTER[@]}" --ro "$D/data" -- "${IN[@]}" --rw "$D/data" -- sh -c "echo x > '$D/data/f'"
check "nested: the file was not written" grep -qx secret-data "$D/data/f"
sb "nested: the inner --ro cannot regain read" 1 EMPTY "$DENIED" \
	-- "${OUTER[@]}" --ro "$D/data" -- "${IN[@]}" --ro "$D/other" -- cat "$D/other/f"
sb "nested: --unrestricted-filesystem inside cannot regain read" 1 EMPTY "$DENIED" \
	-- "${OUTER[@]}" --ro "$D/data" -- "$LB" run --unrestricted-filesystem -- cat "$D/other/f"
sb "nested: the inner one narrows" 2 EMPTY "$DENIED" \
	-- "${OUTER[@]}" --rw "$D/w" -- "${IN[@]}" --ro "$D/w" -- sh -c "echo x > '$D/w/f'"
sb "nested: within the outer grant the inner allows" 0 EMPTY "" \
	-- "${OUTER[@]}" --rw "$D/w" -- "${IN[@]}" --rw "$D/w" -- sh -c "echo x > '$D/w/f'"
sb "nested: the outer environment rule applies to the inner landbox" 0 "^PATH=/usr/local/bin:/usr/bin:/bin$" "" \
	-- "${OUTER[@]}" -- "${IN[@]}" -- env

HOSTS=127.0.0.1
if start_server $HOSTS; then
	A=$(server_port 127.0.0.1 a)
	sb_abi 4 "nested: the inner --connect-tcp cannot regain connect" 1 '^EACCES$' "" \
		-- "${OUTER[@]}" --ro "$T/py" -- "${IN[@]}" --ro "$T/py" --connect-tcp "$A" -- $NETPY connect tcp 127.0.0.1 "$A"
	sb_enf 4 "nested: --unrestricted-network inside cannot regain connect" '^EACCES$' '^connected' \
		-- "${OUTER[@]}" --ro "$T/py" -- "${IN[@]}" --ro "$T/py" --unrestricted-network -- $NETPY connect tcp 127.0.0.1 "$A"
else
	skip "nested: the inner --connect-tcp cannot regain connect" "cannot start a server"
	skip "nested: --unrestricted-network inside cannot regain connect" "cannot start a server"
fi

# 16 layers at most.  Each landbox of the chain adds one.
chain() { # chain N EXTRA...: N landboxes around `touch $M`
	local n=$1 i
	shift
	CHAIN=(touch "$M")
	for ((i = 0; i < n; i++)); do
		CHAIN=("$LB" run "$@" --rox /usr --rox "$BUILD_DIR" --rw "$T" --ro /proc "${INNER_ENV[@]}" -- "${CHAIN[@]}")
	done
}
M=$T/marker
rm -f "$M"
chain 16
run "${CHAIN[@]}"
if [ "$NONE" = 1 ]; then
	verdict "layers: 16 nested landboxes run COMMAND" 125 "" "$HINT_RE"
	skip "layers: COMMAND ran under 16 layers" "no Landlock"
else
	verdict "layers: 16 nested landboxes run COMMAND" 0 EMPTY ""
	check "layers: COMMAND ran under 16 layers" test -e "$M"
fi
rm -f "$M"
chain 17
run "${CHAIN[@]}"
if [ "$NONE" = 1 ]; then verdict "layers: the 17th landbox refuses, with the 16-layer hint" 125 EMPTY "$HINT_RE"
else verdict "layers: the 17th landbox refuses, with the 16-layer hint" 125 EMPTY "^landbox: cannot enforce the sandbox: .*at most 16 nested sandboxes"; fi
check "layers: COMMAND did not run under a 17th layer" test ! -e "$M"
# The 17th as landrun: exit status 1, and the same message.
rm -f "$M"
chain 16
CHAIN=("${CHAIN[@]:0:${#CHAIN[@]}-2}" "$LANDRUN" --best-effort --rox /usr --rw "$T" -- touch "$M")
run "${CHAIN[@]}"
if [ "$NONE" = 1 ]; then verdict "layers: the 17th as landrun exits 1" 125 EMPTY "$HINT_RE"
else verdict "layers: the 17th as landrun exits 1" 1 EMPTY "at most 16 nested sandboxes"; fi
check "layers: COMMAND did not run under landrun as the 17th" test ! -e "$M"
rm -f "$M"
chain 17 --best-effort
run "${CHAIN[@]}"
if [ "$NONE" = 1 ]; then
	verdict "layers: the 17th landbox refuses even with --best-effort" 0 EMPTY '^landbox:'
	skip "layers: with --best-effort COMMAND did not run either" "no Landlock"
else
	verdict "layers: the 17th landbox refuses even with --best-effort" 125 EMPTY '^landbox:'
	check "layers: with --best-effort COMMAND did not run either" test ! -e "$M"
fi

done_testing
