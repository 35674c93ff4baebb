#!/bin/bash
# SPDX-License-Identifier: MIT
# deny-audit.t - --deny with the audit readers.  `landbox learn`: the deny
# line is kept in the profile, a denial inside the denied path (or of the
# directory split around it) is reported and not learned, and the profile
# written keeps it denied.  `--explain`: such a denial is said to be the
# deny's doing.  Needs root, ABI 7 and audit; one audit test at a time.
. "$(dirname "$0")/audit-lock.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"

DESCS=("learn --deny: learned and written" "learn --deny: the deny line is kept"
	"learn --deny: the denial inside it is not learned" "learn --deny: said so"
	"learn --deny: listing the split directory is not learned"
	"learn --deny: the profile keeps it denied" "learn --deny: the profile allows the rest"
	"--explain --deny: the denial inside it is the deny's doing"
	"--explain --deny: listing the split directory is the deny's doing"
	"--explain --deny: other denials are not")
[ "$EXPLAIN" = 1 ] || skip_rest "$EXPLAIN_WHY" "${DESCS[@]}"
keep_audit_state

d=$T/d
mkdir -p "$d/secret" "$d/pub"
echo key-data >"$d/secret/key"
echo pub-data >"$d/pub/f"
# Reads what it may, tries the denied file and lists the split directory;
# succeeds whatever the sandbox says about those two.
cat >"$T/prog.sh" <<PROG
cat '$d/pub/f' || exit 1
cat '$d/secret/key' 2>/dev/null
ls '$d' >/dev/null 2>&1
exit 0
PROG
run "$LB" learn --rox /usr --ro /etc --ro "$T/prog.sh" --ro "$d" --deny "$d/secret" -o "$T/prof" -- sh "$T/prog.sh"
verdict "learn --deny: learned and written" 0 "" "^landbox: learn: wrote $T/prof after [0-9]+ rounds?$"
check "learn --deny: the deny line is kept (marked given)" grep -Eq "^deny $d/secret +# given to learn$" "$T/prof"
# The rule lines, comments dropped.
sed -e 's/[[:space:]]*#.*//' -e '/^$/d' "$T/prof" >"$T/rules"
check "learn --deny: the denial inside it is not learned" bash -c "! grep -q ' $d/secret/' '$T/rules'"
if grep -q "not allowing fs.read_file on $d/secret/key: --deny $d/secret" "$T/err" &&
	grep -q "not allowing fs.read_dir on $d: --deny $d/secret" "$T/err"; then
	pass "learn --deny: said so"
else
	fail "learn --deny: said so" "stderr: $(cat "$T/err")"
fi
check "learn --deny: listing the split directory is not learned" [ "$(grep -c " $d\$" "$T/rules")" = 1 ]
run "$LB" run --profile "$T/prof" -- cat "$d/secret/key"
verdict "learn --deny: the profile keeps it denied" 1 EMPTY "Permission denied"
run "$LB" run --profile "$T/prof" -- cat "$d/pub/f"
verdict "learn --deny: the profile allows the rest" 0 '^pub-data$' ""

echo other >"$T/other"
run "$LB" run --explain --rox /usr --ro /etc --rw /dev/null --ro "$T/prog.sh" --ro "$d" --deny "$d/secret" -- \
	sh -c "sh '$T/prog.sh'; cat '$T/other' 2>/dev/null; exit 0"
verdict "--explain --deny: the denial inside it is the deny's doing" 0 "" \
	"^landbox: the denial on $d/secret/key is what --deny $d/secret asks for"
verdict "--explain --deny: listing the split directory is the deny's doing" 0 "" \
	"^landbox: the denial on $d is what --deny $d/secret asks for"
if grep -q "denied fs.read_file on $T/other" "$T/err" && ! grep -q "the denial on $T/other is" "$T/err"; then
	pass "--explain --deny: other denials are not"
else
	fail "--explain --deny: other denials are not" "stderr: $(cat "$T/err")"
fi
done_testing
