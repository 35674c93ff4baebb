#!/bin/bash
# SPDX-License-Identifier: MIT
# hostile.t - profiles and values as hostile input.  A variable's value is
# always ONE path or port, whatever it holds (commas, newlines, blanks, '=',
# a leading dash, ".."); empty and undefined variables are errors naming
# FILE:LINE; only the literal commas of a line separate its list.  A named
# pipe or a device given as a profile is refused without waiting, a NUL
# byte is refused with FILE:LINE, messages escape control characters, and a
# relative include is found next to the profile that includes it.  The
# sandboxes are real: what a hostile value would have granted is denied.
. "$(dirname "$0")/lib.sh"
make_tree
DENIED='Permission denied'
OKRC=0
[ "$NONE" = 1 ] && OKRC=125
P=$T/p
mkdir -p "$P"

# hrun DESC RC OUT ERR -- ENV... -- ARGS: `landbox run ARGS` with ENV (env(1)
# assignments); like sb: without Landlock it must refuse.
hrun() {
	local d=$1 rc=$2 o=$3 e=$4 envs=()
	shift 4
	[ "${1:-}" = -- ] && shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	run env "${envs[@]}" "$LB" run "$@"
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"; else verdict "$d" "$rc" "$o" "$e"; fi
}
# herr DESC ERR -- ENV... -- ARGS: refused (125) before any kernel check, on every ABI.
herr() {
	local d=$1 e=$2 envs=()
	shift 2
	[ "${1:-}" = -- ] && shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	run env "${envs[@]}" "$LB" run "$@"
	verdict "$d" 125 "" "$e"
}
# rules: the rule lines of the last dry run ("  PATH (kind) from ORIGIN").
rules() { grep -E '^  [^ ].* from ' "$T/out"; }

printf 'rox /usr\nrox? /lib\nrox? /lib64\nro ${HOME}\n' >"$P/home.profile"

# ---- a comma in a variable: one path ----
# The bug would grant "$T/x" and "$D/other"; the fix grants only the
# directory literally named "$T/x,$D/other".
mkdir -p "$T/x" "$T/x,$D/other"
echo in-comma-dir >"$T/x,$D/other/f"
hrun "comma: \${HOME} holding a comma does not grant what follows it" 1 EMPTY "$DENIED" \
	-- HOME="$T/x,$D/other" -- --profile "$P/home.profile" -- cat "$D/other/f"
hrun "comma: \${HOME} holding a comma grants the one path it names" 0 '^in-comma-dir$' "" \
	-- HOME="$T/x,$D/other" -- --profile "$P/home.profile" -- cat "$T/x,$D/other/f"
mkdir -p "$T/x,/etc"
run env HOME="$T/x,/etc" "$LB" run --dry-run --profile "$P/home.profile" -- true
verdict "comma: HOME=DIR,/etc: the dry run exits as a run would" $OKRC "" ""
if rules | grep -q "^  /etc "; then
	fail "comma: HOME=DIR,/etc: no rule on /etc" "$(rules)"
elif [ "$(rules | grep -c "from $P/home.profile:4")" = 1 ] && rules | grep -qF "  $T/x,/etc ("; then
	pass "comma: HOME=DIR,/etc: no rule on /etc"
else
	fail "comma: HOME=DIR,/etc: no rule on /etc" "wanted one rule for $T/x,/etc" "$(rules)"
fi
if [ -r /etc/hostname ]; then
	hrun "comma: HOME=DIR,/etc: /etc/hostname is denied" 1 EMPTY "$DENIED" \
		-- HOME="$T/x,/etc" -- --profile "$P/home.profile" -- cat /etc/hostname
else
	skip "comma: HOME=DIR,/etc: /etc/hostname is denied" "no /etc/hostname"
fi

# ${PWD}: a project directory whose name holds a comma.
printf 'rox /usr\nrox? /lib\nrox? /lib64\nrw ${PWD}\n' >"$P/pwd.profile"
mkdir -p "$T/proj,$D/w"
here=$PWD
cd "$T/proj,$D/w" || exit 1
hrun "comma: \${PWD} holding a comma does not grant write on what follows it" 1 EMPTY "$DENIED" \
	-- -- --profile "$P/pwd.profile" -- touch "$D/w/pwned"
hrun "comma: \${PWD} holding a comma grants write on the directory itself" 0 EMPTY "" \
	-- -- --profile "$P/pwd.profile" -- touch "$T/proj,$D/w/ok"
cd "$here" || exit 1

# Literal commas still separate, and an empty element is still an error.
printf 'rox /usr\nrox? /lib\nrox? /lib64\nro %s,%s\n' "$D/data" "$D/other" >"$P/list.profile"
hrun "comma: literal commas of a line still separate paths" 0 '^other-data$' "" \
	-- -- --profile "$P/list.profile" -- cat "$D/other/f"
printf 'ro %s,,%s\n' "$D/data" "$D/other" >"$P/empty-item.profile"
herr "comma: an empty element of a literal list is refused" "^landbox: $P/empty-item.profile:1: ro: empty path" \
	-- -- --profile "$P/empty-item.profile" -- true
# A literal list whose elements hold variables: each variable one element.
printf 'rox /usr\nrox? /lib\nrox? /lib64\nro ${A},${B}\n' >"$P/two.profile"
hrun "comma: each element of a literal list is expanded apart" 0 '^sub-data$' "" \
	-- A="$D/other" B="$D/data/sub" -- --profile "$P/two.profile" -- cat "$D/data/sub/g"
hrun "comma: a variable in a list stays one element" 1 EMPTY "$DENIED" \
	-- A="$T/x,$D/other" B="$D/data/sub" -- --profile "$P/two.profile" -- cat "$D/other/f"

# Ports: a variable is one port.
printf 'connect-tcp ${PORTS}\n' >"$P/ports.profile"
herr "comma: a variable holding two ports is one invalid port" \
	"^landbox: $P/ports.profile:1: connect-tcp: invalid port '80,443'" \
	-- PORTS=80,443 -- --profile "$P/ports.profile" -- true

# Address families (the seccomp layer): a variable is one family name.
printf 'allow-socket ${FAM}\n' >"$P/fam.profile"
herr "comma: a variable holding two address families is one unknown family" \
	"^landbox: $P/fam.profile:1: allow-socket: unknown address family 'netlink,packet'" \
	-- FAM=netlink,packet -- --profile "$P/fam.profile" -- true

# ---- other hostile values ----
nl_dir="$T/n
l"
mkdir -p "$nl_dir"
echo nl-data >"$nl_dir/f"
hrun "newline: a variable holding a newline is one path" 0 '^nl-data$' "" \
	-- HOME="$nl_dir" -- --profile "$P/home.profile" -- cat "$nl_dir/f"
herr "newline: a missing path with a newline is quoted escaped, on one line" \
	"^landbox: $P/home.profile:4: $T/gone\\\\nl: No such file" \
	-- HOME="$T/gone
l" -- --profile "$P/home.profile" -- true
printf 'rox /usr\nrox? /lib\nrox? /lib64\nro? ${X}\n' >"$P/dash.profile"
hrun "dash: a value starting with -- is a (missing) path, not an option" 1 EMPTY "$DENIED" \
	-- X=--unrestricted-filesystem -- --profile "$P/dash.profile" -- cat "$D/data/f"
hrun "dot-dot: a value with .. is one path, resolved as such" 0 '^other-data$' "" \
	-- HOME="$D/data/../other" -- --profile "$P/home.profile" -- cat "$D/other/f"
hrun "dot-dot: ... and grants nothing else" 1 EMPTY "$DENIED" \
	-- HOME="$D/data/../other" -- --profile "$P/home.profile" -- cat "$D/data/f"
printf 'rox /usr\nro ${X}/etc\n' >"$P/empty.profile"
herr "empty: an empty variable is an error naming FILE:LINE and the variable" \
	"^landbox: $P/empty.profile:2: empty variable '\\$\\{X\\}'" \
	-- X= -- --profile "$P/empty.profile" -- true
herr "unset: an undefined variable is an error naming FILE:LINE and the variable" \
	"^landbox: $P/empty.profile:2: undefined variable '\\$\\{X\\}'" \
	-- -u X -- --profile "$P/empty.profile" -- true
pwhome=$(getent passwd "$(id -u)" | cut -d: -f6)
printf 'ro? ${HOME}\n' >"$P/ohome.profile"
run env HOME= "$LB" run --dry-run --profile "$P/ohome.profile" -- true
if [ -n "$pwhome" ] && [ -d "$pwhome" ] && [ "$pwhome" != / ]; then
	verdict "empty: an empty HOME is the password database's" $OKRC "^  $pwhome \(" ""
else
	skip "empty: an empty HOME is the password database's" "no home directory in the password database"
fi

# env KEY=VALUE: VALUE is kept whole; KEY cannot come from a variable holding '='.
printf 'rox /usr\nrox? /lib\nrox? /lib64\nenv X=${V}\n' >"$P/env.profile"
hrun "env: a value with commas, blanks and '=' is passed whole" 0 '^a,b =c$' "" \
	-- V="a,b =c" -- --profile "$P/env.profile" -- printenv X
printf 'env ${K}=v\n' >"$P/envkey.profile"
herr "env: a variable cannot choose the variable set" \
	"^landbox: $P/envkey.profile:1: env: invalid variable name 'LD_PRELOAD=x'" \
	-- K=LD_PRELOAD=x -- --profile "$P/envkey.profile" -- true

# The sandboxer personality: LL_FS_RO is colon-separated, a comma is part of a path.
if [ "$NONE" = 1 ]; then
	run env LL_FS_RO="/usr:$T/x,$D/other" LL_FS_RW= "$SANDBOXER" cat "$D/other/f"
	verdict "sandboxer: a comma in LL_FS_RO does not separate paths" 1 '!other-data' ""
else
	run env LL_FS_RO="/usr:/lib:/lib64:/bin:$T/x,$D/other" LL_FS_RW= "$SANDBOXER" cat "$D/other/f"
	verdict "sandboxer: a comma in LL_FS_RO does not separate paths" 1 EMPTY "$DENIED"
fi

# ---- profiles that are not text files ----
mkfifo "$P/fifo.profile"
LB_TIMEOUT=10 herr "fifo: a named pipe as --profile is refused, not waited on" \
	"^landbox: --profile: cannot read profile $P/fifo.profile: not a regular file" \
	-- -- --profile "$P/fifo.profile" -- true
printf 'include ./fifo.profile\n' >"$P/incfifo.profile"
LB_TIMEOUT=10 herr "fifo: a named pipe as include is refused, not waited on" \
	"^landbox: $P/incfifo.profile:1: cannot read profile $P/./fifo.profile: not a regular file" \
	-- -- --profile "$P/incfifo.profile" -- true
herr "device: a device as --profile is refused" "cannot read profile /dev/zero: not a regular file" \
	-- -- --profile /dev/zero -- true
hrun "pipe: --profile <(...) still works" 0 '^secret-data$' "" \
	-- -- --profile <(printf 'rox /usr\nrox? /lib\nrox? /lib64\nro %s\n' "$D/data") -- cat "$D/data/f"
printf 'rox /usr\nro %s\0\nro %s\n' "$T" "$D/data" >"$P/nul.profile"
herr "nul: a NUL byte is refused with FILE:LINE" "^landbox: $P/nul.profile:2: NUL byte" \
	-- -- --profile "$P/nul.profile" -- true

# ---- control characters in messages ----
printf 'rox /usr\nbogus\033[31mred\n' >"$P/esc.profile"
herr "escape: a profile's escape sequence is shown escaped" \
	"^landbox: $P/esc.profile:2: unknown option 'bogus\\\\x1b\\[31mred'" \
	-- -- --profile "$P/esc.profile" -- true
if grep -q "$(printf '\033')" "$T/err"; then fail "escape: no ESC byte reaches the terminal" "$(od -c "$T/err" | head)"
else pass "escape: no ESC byte reaches the terminal"; fi
herr "escape: an option value's control characters are escaped" \
	"^landbox: --log-level: unknown log level 'x\\\\x07\\\\x1b\\]0;t'" \
	-- -- --log-level "$(printf 'x\a\033]0;t')" -- true
herr "escape: a byte that is not UTF-8 is escaped, UTF-8 is kept" \
	"unknown log level 'é\\\\xff'" -- -- --log-level "$(printf '\303\251\377')" -- true
herr "escape: a C1 control (U+009B) is escaped" "unknown log level 'a\\\\xc2\\\\x9bb'" \
	-- -- --log-level "$(printf 'a\302\233b')" -- true

# ---- relative includes: next to the including profile ----
mkdir -p "$P/sub" "$T/elsewhere"
printf 'ro %s\n' "$D/data" >"$P/sub/part.profile"
printf 'rox /usr\nrox? /lib\nrox? /lib64\ninclude part.profile\n' >"$P/sub/main.profile"
printf 'rox /usr\nrox? /lib\nrox? /lib64\ninclude ./sub/part.profile\n' >"$P/up.profile"
cd "$T/elsewhere" || exit 1
hrun "include: a relative name is found next to the including profile" 0 '^secret-data$' "" \
	-- -- --profile "$P/sub/main.profile" -- cat "$D/data/f"
hrun "include: a relative path is taken from the including profile's directory" 0 '^secret-data$' "" \
	-- -- --profile "$P/up.profile" -- cat "$D/data/f"
# A profile of the same name in the current directory is not used instead.
printf 'ro %s\n' "$D/other" >"$T/elsewhere/only-here.profile"
printf 'include only-here.profile\n' >"$P/sub/cwd.profile"
herr "include: the current directory is not searched for a profile's include" \
	"^landbox: $P/sub/cwd.profile:1: cannot read profile $P/sub/only-here.profile: No such file" \
	-- -- --profile "$P/sub/cwd.profile" -- true
cd "$here" || exit 1

done_testing
