#!/bin/bash
# SPDX-License-Identifier: MIT
# config.t - landlockconfig, the Landlock maintainers' configuration format:
# `landbox config show` against the conformance data (every fixture and
# composition of ../shared/landlockconfig/expected.json, field by field; it
# must not depend on the kernel, so it runs under every ABI), hostile
# inputs, `landbox run --config` on the upstream examples enforcing real
# sandboxes, `landbox config export` round trips for every built-in profile,
# and the llconfig personality.
. "$(dirname "$0")/lib.sh"
make_py
LLCONFIG=$BUILD_DIR/test/llconfig
[ -x "$LLCONFIG" ] || missing "$LLCONFIG (make test-build)"

# The conformance data: $LANDBOX_LLCONFIG_DATA, or ../shared/landlockconfig
# next to the project (or next to the worktree holding it).
DATA=${LANDBOX_LLCONFIG_DATA:-}
if [ -z "$DATA" ]; then
	for d in "$ROOT/../shared/landlockconfig" "$ROOT/../../shared/landlockconfig"; do
		[ -f "$d/expected.json" ] && DATA=$(cd "$d" && pwd) && break
	done
fi
EX=
[ -n "$DATA" ] && EX=$DATA/upstream/landlockconfig/examples

# A directory under /tmp (the examples allow writing there) and one outside
# it (on /dev/shm when there is one, else $T when it is not under /tmp).
ALLOW=$(mktemp -d /tmp/lbcfg.XXXXXX) || missing "a writable /tmp"
OUTSIDE=
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	OUTSIDE=$(mktemp -d /dev/shm/lbcfg.XXXXXX)
else
	case $T in /tmp/*) ;; *) OUTSIDE=$T/outside && mkdir -p "$OUTSIDE" ;; esac
fi
trap 'rm -rf "$ALLOW" ${OUTSIDE:+"$OUTSIDE"}; cleanup' EXIT
cd "$T" || exit 1

# JSON is read with libjansson: a landbox built to dlopen it cannot read JSON
# where libjansson4 is not installed, and says so.  Asked of this landbox
# with a tiny file; any other failure is a failure of the cases below.
printf '{"ruleset": [{"scoped": ["signal"]}]}\n' >probe.json
NOJSON=""
if ! "$LB" config show probe.json >probe.out 2>&1 && grep -q 'reading JSON needs' probe.out; then
	NOJSON="this landbox cannot read JSON here: $(sed -n 's/^landbox: probe\.json: //p' probe.out | head -n1)"
	diag "$NOJSON"
fi
# json CHECK ARGS...: CHECK (expect, check, sb, sb_abi, llc) of a case that
# reads a JSON file, or the case skipped when JSON cannot be read here.
json() {
	local d=$2
	[ "$1" = sb_abi ] && d=$3
	if [ -n "$NOJSON" ]; then skip "$d" "$NOJSON"; else "$@"; fi
}

# ======== show: the conformance data ========
if [ -z "$DATA" ]; then
	skip "config show: the landlockconfig conformance data" \
		"no ../shared/landlockconfig next to the project (set LANDBOX_LLCONFIG_DATA)"
else
	diag "conformance data: $DATA"
	NOJSON=$NOJSON "$PY" "$ROOT/tests/cli/config-check.py" "$LB" "$DATA" >"$T/conf.tap" 2>"$T/conf.err"
	total=0 bad=0
	while IFS= read -r line; do
		case $line in
		"ok "*" # SKIP "*)
			line=${line#ok * - }
			skip "show: ${line%% # SKIP *}" "${line#* # SKIP }"
			;;
		"ok "*) pass "show: ${line#ok * - }" ;;
		"not ok "*) fail "show: ${line#not ok * - }" && bad=$((bad + 1)) ;;
		esac
		total=$((total + 1))
	done <"$T/conf.tap"
	[ "$bad" = 0 ] || sed 's/^/#   /' "$T/conf.err" >&2
	check "show: the checker ran every case" grep -q '^1\.\.2[0-9][0-9]$' "$T/conf.tap"
fi

# ======== show: formats, directories, standard input ========
cat >"$T/a.toml" <<'EOF'
abi = 3
[[variable]]
name = "d"
literal = ["/x", "/y"]
[[path_beneath]]
allowed_access = ["abi.read_execute"]
parent = ["${d}/bin", "/usr/./lib//", "/tmp/$$"]
[[net_port]]
allowed_access = ["connect_tcp"]
port = [443, 0]
EOF
expect "show: readable table" 0 '^  /x/bin  \(a\.toml:7\)' "" -- "$LB" config show a.toml
expect "show --json: paths expanded and normalised" 0 '"/usr/lib": \["execute", "read_file", "read_dir", "refer"\]' "" -- "$LB" config show --json a.toml
expect "show --json: \$\$ is a dollar" 0 '"/tmp/\$": ' "" -- "$LB" config show --json a.toml
expect "show --json: ports" 0 '"0": \["connect_tcp"\]' "" -- "$LB" config show --json a.toml
cp a.toml a.conf
expect "show: unknown extension is refused" 125 EMPTY '^landbox: a\.conf: unknown format' -- "$LB" config show a.conf
expect "show --toml-file: forces TOML" 0 '"/x/bin"' "" -- "$LB" config show --json --toml-file a.conf
run sh -c "'$LB' config show --json --toml-file - < a.toml"
verdict "show --toml-file -: standard input" 0 '"/y/bin"' ""
run sh -c "'$LB' config show --json - < a.toml"
verdict "show -: standard input needs a format" 125 EMPTY '^landbox: -: standard input needs its format'
json expect "show --json-file on TOML: a JSON error with a line" 125 EMPTY '^landbox: a\.conf:1: ' -- "$LB" config show --json-file a.conf
mkdir -p dir
printf '{"ruleset": [{"handledAccessFs": ["execute", "read_file"]}]}\n' >dir/1.json
printf '[[ruleset]]\nhandled_access_fs = ["read_file"]\n' >dir/2.toml
printf 'not a config' >dir/.hidden.toml
printf 'ignored' >dir/readme.txt
json expect "show DIR: its *.json and *.toml files composed" 0 '"handled_access_fs": \["read_file"\]' "" -- "$LB" config show --json dir
json expect "show --json-file DIR: only its *.json files" 0 '"handled_access_fs": \["execute", "read_file"\]' "" -- "$LB" config show --json --json-file dir
mkdir -p empty
expect "show DIR without configuration: refused" 125 EMPTY 'no configuration file' -- "$LB" config show empty
expect "show: no file: refused" 125 EMPTY 'no configuration file given' -- "$LB" config show --json
json expect "show: an undeclared variable names its line" 125 EMPTY "^landbox: u\.json:1: variable 'nope' is not declared" -- sh -c "printf '{\"pathBeneath\": [{\"allowedAccess\": [\"execute\"], \"parent\": [\"\${nope}\"]}]}' > u.json && '$LB' config show u.json"

# ======== the TOML reader against Python's tomllib ========
mkdir -p "$T/toml"
"$PY" "$ROOT/tests/cli/toml-check.py" "$LB" "$T/toml" >"$T/toml.tap" 2>"$T/toml.err"
while IFS= read -r line; do
	case $line in
	"ok "*) pass "${line#ok * - }" ;;
	"not ok "*) fail "${line#not ok * - }" "$(cat "$T/toml.err")" ;;
	esac
done <"$T/toml.tap"
check "the TOML checker ran every case" grep -q '^1\.\.[0-9]' "$T/toml.tap"

# ======== show: hostile inputs ========
# hostile DESC FILE ERR-RE: show FILE must refuse it (125) with a message
# naming FILE, quickly and without crashing.
hostile() {
	case $2 in *.json) [ -n "$NOJSON" ] && skip "hostile: $1" "$NOJSON" && return ;; esac
	run "$LB" config show --json "$2"
	verdict "hostile: $1" 125 EMPTY "^landbox: $2(:[0-9]+)?: .*$3"
}
"$PY" -c 'print("a = " + "[" * 100000)' >deep.toml
hostile "TOML nested 100000 deep" deep.toml "nested too deep"
"$PY" -c 'print("[" * 100000)' >deep.json
hostile "JSON nested 100000 deep" deep.json "(depth|nest)"
"$PY" -c 'print("a = {" * 5000)' >deep2.toml
hostile "TOML inline tables nested 5000 deep" deep2.toml "nested too deep"
printf 'abi = 99999999999999999999999999\n[[ruleset]]\nscoped = ["signal"]\n' >big.toml
hostile "TOML huge integer" big.toml "out of range"
printf '{"abi": 1e999, "ruleset": [{"scoped": ["signal"]}]}' >big.json
hostile "JSON huge float" big.json "."
printf '{"netPort": [{"allowedAccess": ["bind_tcp"], "port": [65536]}]}' >port.json
hostile "port above 65535" port.json "out of range"
printf '{"netPort": [{"allowedAccess": ["bind_tcp"], "port": [1.5]}]}' >float.json
hostile "float port" float.json "expected an integer"
printf 'abi = 1\0\n' >nul.toml
hostile "TOML NUL byte" nul.toml "."
printf '{"abi": 1\0}' >nul.json
hostile "JSON NUL byte" nul.json "."
printf '{"pathBeneath": [{"allowedAccess": ["execute"], "parent": ["a\\u0000b"]}]}' >nul2.json
hostile "JSON \\u0000 in a string" nul2.json "."
printf '[[path_beneath]]\nallowed_access = ["execute"]\nparent = ["a\\u0000b"]\n' >nul2.toml
hostile "TOML \\u0000 in a string" nul2.toml "NUL"
printf 'a = "\xff\xfe"\n' >utf.toml
hostile "TOML invalid UTF-8" utf.toml "UTF-8"
printf '{"pathBeneath": [{"allowedAccess": ["execute"], "parent": ["\xc3\x28"]}]}' >utf.json
hostile "JSON invalid UTF-8" utf.json "(UTF-8|decode)"
printf '[{"ruleset": [{"scoped": ["signal"]}]}]' >array.json
hostile "JSON array at the top" array.json "must be an object"
printf '{"ruleset": [{"scoped": ["signal"]}], "ruleset": []}' >dup.json
hostile "JSON duplicate key" dup.json "duplicate"
printf '[[ruleset]]\nscoped = ["signal"]\n[ruleset]\n' >dup.toml
hostile "TOML table redefined" dup.toml "already defined"
mkfifo fifo.toml
hostile "a FIFO" fifo.toml "not a regular file"
"$PY" -c '
import sys
print("[[variable]]\nname = \"a\"\nliteral = [" + ",".join("\"%d\"" % i for i in range(400)) + "]")
print("[[path_beneath]]\nallowed_access = [\"execute\"]\nparent = [\"${a}${a}\"]")' >many.toml
hostile "variables expanding to 160000 paths" many.toml "more than"

# ======== run --config: the upstream examples, enforced ========
# A write in the directory the examples allow (also used by export below).
W="echo ok > '$ALLOW/f' && cat '$ALLOW/f'"
if [ -z "$EX" ]; then
	skip "run --config: the upstream examples" "no conformance data"
else
	cfgrun() { run "$LB" run --config "$@"; }
	sb "run --config micro-write-tmp.toml: writing in /tmp is allowed" 0 '^ok$' "" -- \
		--config "$EX/micro-write-tmp.toml" sh -c "$W"
	if [ -n "$OUTSIDE" ]; then
		sb "run --config micro-write-tmp.toml: writing elsewhere is denied" 2 EMPTY \
			'Permission denied' -- --config "$EX/micro-write-tmp.toml" \
			sh -c "echo x > '$OUTSIDE/f'"
	else
		skip "run --config micro-write-tmp.toml: writing elsewhere is denied" "no directory outside /tmp"
	fi
	sb "run --config micro-write-tmp.toml: /etc is readable" 0 '.' "" -- \
		--config "$EX/micro-write-tmp.toml" cat /etc/passwd
	sb_abi 4 "run --config mini-write-tmp.toml: writing in /tmp is allowed" 0 '^ok$' "" -- \
		--config "$EX/mini-write-tmp.toml" sh -c "$W"
	json sb_abi 4 "run --config mini-write-tmp.json: writing in /tmp is allowed" 0 '^ok$' "" -- \
		--config "$EX/mini-write-tmp.json" sh -c "$W"
	if [ -n "$OUTSIDE" ]; then
		json sb_abi 4 "run --config mini-write-tmp.json: writing elsewhere is denied" 2 EMPTY \
			'Permission denied' -- --config "$EX/mini-write-tmp.json" sh -c "echo x > '$OUTSIDE/f'"
	fi
	BIND="$NETPY bind tcp 127.0.0.1"
	# Only ports 80 and 443 may be bound: an ephemeral port is denied (EACCES).
	sb_abi 4 "run --config mini-write-tmp.toml: binding another port is denied" 1 '^EACCES$' "" -- \
		--config "$EX/mini-write-tmp.toml" --ro "$T/py" $BIND 0
	sb "run --config mini-write-tmp.toml --unrestricted-network: binding is not restricted" 0 '^bound$' "" -- \
		--config "$EX/mini-write-tmp.toml" --unrestricted-network --ro "$T/py" $BIND 0
	if [ "$NONE" = 0 ] && [ "$ABI" -lt 4 ]; then
		sb "run --config mini-write-tmp.toml --best-effort: runs below ABI 4" 0 '^ok$' "" -- \
			--config "$EX/mini-write-tmp.toml" --best-effort sh -c "$W"
	fi
	json sb_abi 4 "run --config: a refusal names the config line" 0 "" "" -- \
		--config "$EX/mini-write-tmp.json" true
	[ "$NONE" = 0 ] && [ "$ABI" -lt 4 ] && [ -z "$NOJSON" ] && { grep -q 'mini-write-tmp.json:43' "$T/err" && pass "run --config: the refusal names FILE:LINE" || fail "run --config: the refusal names FILE:LINE"; }
	# Composed with the other options: --rw adds a directory outside /tmp.
	if [ -n "$OUTSIDE" ]; then
		sb "run --config with --rw: composed with the other options" 0 '^x$' "" -- \
			--config "$EX/micro-write-tmp.toml" --rw "$OUTSIDE" sh -c "echo x > '$OUTSIDE/f' && cat '$OUTSIDE/f'"
	fi
	# Two files compose by intersection: s1 (no write outside its rw) and s2.
	sb "run --config twice: composed as llconfig composes" 0 '^ok$' "" -- \
		--config "$DATA/upstream/landlockconfig/tests/composition/source/s1.toml" \
		--config "$DATA/upstream/landlockconfig/tests/composition/source/s2.toml" sh -c "$W"
	# Missing paths are skipped, and --dry-run lists them.
	run "$LB" run --dry-run --config "$DATA/upstream/landlockconfig/tests/composition/s.toml" true
	if [ "$NONE" = 1 ]; then
		verdict "run --config --dry-run: would refuse without Landlock" 125 "" 'would refuse'
	else
		verdict "run --config --dry-run: missing paths listed as skipped" 0 \
			'^  /home/user/bin \(optional: skipped\)' ""
	fi
	# Ports of our own: only port 0 (an ephemeral port) may be bound.
	printf '[[net_port]]\nallowed_access = ["bind_tcp"]\nport = [0]\n' >port0.toml
	P=$((20000 + $$ % 20000))
	sb_abi 4 "run --config: a port rule allows binding it" 0 '^bound$' "" -- \
		--config port0.toml $BIND 0
	sb_abi 4 "run --config: another port is denied" 1 '^EACCES$' "" -- \
		--config port0.toml $BIND "$P"
	expect "run --config: a bad file is refused before running" 125 EMPTY "^landbox: big\.toml:1: integer out of range" -- \
		"$LB" run --config big.toml true
fi

# ======== config export: round trips ========
for prof in $("$LB" --list-profiles | awk '$2 == "built-in:" {print $1}'); do
	run "$LB" config export --profile "$prof" -o "x-$prof.toml"
	verdict "export --profile $prof: written" 0 EMPTY "not expressible"
	run "$LB" config export --json --profile "$prof" -o "x-$prof.json"
	verdict "export --json --profile $prof: written" 0 EMPTY ""
	"$LB" config show --json "x-$prof.toml" >"s-$prof.toml.out" 2>&1
	"$LB" config show --json "x-$prof.json" >"s-$prof.json.out" 2>&1
	json check "export --profile $prof: TOML and JSON read back the same" cmp -s "s-$prof.toml.out" "s-$prof.json.out"
	check "export --profile $prof: every handled right and a rule" grep -q '"handled_access_fs": \["execute", .*"ioctl_dev"\]' "s-$prof.toml.out"
	run "$LB" config export --config "x-$prof.toml" -o "y-$prof.toml"
	verdict "export --config: re-exported" 0 EMPTY ""
	"$LB" config show --json "y-$prof.toml" >"s2-$prof.out" 2>&1
	check "export --profile $prof: exported again, read back identically" cmp -s "s-$prof.toml.out" "s2-$prof.out"
done
expect "export: rules name their option" 0 "^# --ro /usr$" "" -- "$LB" config export --ro /usr
expect "export: a profile line names its file and line" 0 '^# --rox /usr \(base\.profile:[0-9]+\)$' "" -- "$LB" config export --profile base
expect "export: UDP, --unix and --env are listed on stderr" 0 '# *- UDP port rule --connect-udp 53' 'not expressible: environment --env FOO' -- \
	"$LB" config export --connect-udp 53 --unix /run/x.sock --env FOO=1
"$LB" config export --ro '/tmp/a$b' -o dollar.toml 2>/dev/null
expect "export: a dollar in a path survives" 0 '"/tmp/a\$b": \["read_file", "read_dir"\]' "" -- "$LB" config show --json dollar.toml
expect "export: an existing file is not overwritten" 125 EMPTY 'exists' -- "$LB" config export --ro /usr -o dollar.toml
expect "export: nothing to express is refused" 125 EMPTY 'restricts nothing' -- \
	"$LB" config export --unrestricted-filesystem --unrestricted-network --unrestricted-scoped
"$LB" config export --profile base --rw "$ALLOW" -o run.toml 2>/dev/null
sb "export then run --config: the exported policy is enforced" 0 '^ok$' "" -- --config run.toml sh -c "$W"
if [ -n "$OUTSIDE" ]; then
	sb "export then run --config: outside it is denied" 2 EMPTY 'Permission denied' -- \
		--config run.toml sh -c "echo x > '$OUTSIDE/f'"
fi

# ABI 9-10 only behind an explicit option (landbox's proposed extension).
run "$LB" config export --abi-extensions --profile base --connect-udp 53 --unix /run/lbcfg.sock -o ext.toml
verdict "export --abi-extensions: written" 0 EMPTY ""
check "export --abi-extensions: UDP and resolve_unix written" grep -q '"connect_send_udp"' ext.toml
check "export --abi-extensions: says it is an extension" grep -q 'proposed extension' ext.toml
expect "export without it: UDP is left out" 0 '!"connect_send_udp"' 'not expressible: UDP port rule --connect-udp 53' -- \
	"$LB" config export --profile base --connect-udp 53
expect "show: the extension's names are refused by default" 125 EMPTY "^landbox: ext\.toml:[0-9]+: .*unknown access right 'resolve_unix'" -- \
	"$LB" config show ext.toml
expect "show --abi-extensions: read back" 0 '"53": \["connect_send_udp"\]' "" -- "$LB" config show --abi-extensions --json ext.toml
expect "run --config: the extension is refused" 125 EMPTY "unknown access right" -- "$LB" run --config ext.toml true
sb_abi 10 "run --config-ext: UDP port rules need ABI 10" 0 EMPTY "" -- --config-ext ext.toml true

# ======== the llconfig personality ========
# llc DESC RC OUT ERR -- ARGS: `llconfig ARGS` that runs a sandbox needing
# ABI N (set LLC_ABI): llconfig refuses with 1 when nothing can be enforced.
LLC_ABI=1
llc() {
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run "$LLCONFIG" "$@"
	if [ "$ABI" -lt "$LLC_ABI" ]; then verdict "$d" 1 EMPTY "^llconfig: "
	else verdict "$d" "$rc" "$o" "$e"; fi
}
if [ -n "$EX" ]; then
	llc "llconfig run --toml: writing in /tmp is allowed" 0 '^ok$' 'Executing sh in a sandbox' -- \
		run --toml "$EX/micro-write-tmp.toml" sh -c "$W"
	if [ -n "$OUTSIDE" ]; then
		llc "llconfig run --toml: writing elsewhere is denied" 2 EMPTY 'Permission denied' -- \
			run --toml "$EX/micro-write-tmp.toml" sh -c "echo x > '$OUTSIDE/f'"
	fi
	json llc "llconfig run --json -j: short options, composed" 0 '^ok$' "" -- \
		run -j "$EX/mini-write-tmp.json" -t "$EX/micro-write-tmp.toml" sh -c "$W"
	run env LLC_TEST_VAR=kept "$LLCONFIG" run --toml "$EX/micro-write-tmp.toml" env
	if [ "$ABI" -lt 1 ]; then verdict "llconfig: the environment is passed on" 1 EMPTY ""
	else verdict "llconfig: the environment is passed on" 0 '^LLC_TEST_VAR=kept$' ""; fi
	llc "llconfig: COMMAND's status is passed through" 3 EMPTY "" -- \
		run --toml "$EX/micro-write-tmp.toml" sh -c 'exit 3'
	llc "llconfig --debug: prints the resolved configuration" 0 EMPTY '^path_beneath /tmp: ' -- \
		run --debug --toml "$EX/micro-write-tmp.toml" true
	llc "llconfig run DIR: its *.toml files" 0 EMPTY "" -- \
		run --toml "$DATA/upstream/landlockconfig/tests/composition/source" true
	LLC_ABI=4
	json llc "llconfig: mini-scoped.json (TCP and scopes) runs from ABI 4" 0 EMPTY "" -- \
		run --json "$EX/mini-scoped.json" true
	LLC_ABI=1
	json expect "llconfig: nothing handled is an error (1)" 1 EMPTY 'handles no access right' -- \
		"$LLCONFIG" run --json "$DATA/derived/tests_variable/test_without_value.json" true
fi
expect "llconfig: a missing file is an error (1)" 1 EMPTY '^llconfig: /nonexistent\.toml: cannot open' -- \
	"$LLCONFIG" run --toml /nonexistent.toml true
expect "llconfig: a bad file is an error (1)" 1 EMPTY '^llconfig: big\.toml:1: ' -- "$LLCONFIG" run --toml big.toml true
expect "llconfig: no configuration is a usage error (2)" 2 EMPTY 'required arguments' -- "$LLCONFIG" run true
expect "llconfig: no COMMAND is a usage error (2)" 2 EMPTY 'COMMAND' -- "$LLCONFIG" run --toml a.toml
expect "llconfig: an unknown option is a usage error (2)" 2 EMPTY "unexpected argument '--bogus'" -- "$LLCONFIG" run --bogus true
expect "llconfig: an unknown sub-command is a usage error (2)" 2 EMPTY "unrecognized subcommand" -- "$LLCONFIG" bogus
run sh -c "'$LLCONFIG' run --toml - --json - true < a.toml"
verdict "llconfig: standard input only once" 1 EMPTY 'only once'
expect "llconfig --help" 0 'llconfig run' EMPTY -- "$LLCONFIG" --help

done_testing
