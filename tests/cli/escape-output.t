#!/bin/bash
# SPDX-License-Identifier: MIT
# escape-output.t - what landbox prints on standard output quotes paths,
# profile names, origins and variables the user gave: --dry-run, --list-profiles,
# `config show` and `config export` show their control characters escaped
# (ESC as \x1b, a newline as \n, a C1 control such as U+009B and a byte that
# is not UTF-8 as \xNN), as messages do, so that no escape sequence in a file
# name reaches the terminal.  Each output is checked byte by byte.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
# A directory whose name holds ESC [31m, a newline, a raw 0x9b byte (CSI on
# an 8-bit terminal) and U+009B in UTF-8.
N="$T/a${ESC}[31mb"$'\n'"c"$(printf '\233')"d"$(printf '\302\233')"e"
N_SHOWN="a\\\\x1b\\[31mb\\\\nc\\\\x9bd\\\\xc2\\\\x9be"
mkdir -p "$N/in"
Q="$T/q${ESC}[1m"
mkdir -p "$Q"
PROF="$T/p${ESC}]0;x.profile"
printf 'ro %s\nro? %s/gone%s\n' "$Q" "$T" "${ESC}[7m" >"$PROF"

# clean DESC FILE: FILE holds no control byte but the newlines ending its
# lines, only UTF-8, and no C1 control.
clean() {
	if "$PY" -S - "$2" <<'EOF'; then pass "$1"; else fail "$1" "$(od -c "$2" | head -20)"; fi
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if (b < 0x20 and b != 0x0a) or b == 0x7f]
try:
    text = data.decode("utf-8")
except UnicodeDecodeError:
    sys.exit(1)
sys.exit(1 if bad or any(0x80 <= ord(c) <= 0x9f for c in text) else 0)
EOF
}

# ---- run --dry-run ----
run env TMPDIR="$T/t${ESC}[2J" "$LB" run --dry-run --best-effort --ro "$N" --deny "$N/in" \
	--profile "$PROF" --env "V=x${ESC}]0;title" --chdir "$N" --private-tmp \
	-- true "arg${ESC}[5m"
clean "dry-run: no raw control byte on stdout" "$T/out"
verdict "dry-run: a rule's path is shown escaped" "$RC" "^  $T/$N_SHOWN \\(directory" ""
verdict "dry-run: the --deny path is shown escaped" "$RC" "^  $T/$N_SHOWN/in from --deny" ""
verdict "dry-run: the bare directories of a split grant are shown escaped" "$RC" \
	"^      no rule on $T/$N_SHOWN: " ""
verdict "dry-run: a profile's name in a rule's origin is shown escaped" "$RC" \
	'^  .*/q\\x1b\[1m \(directory\) from .*/p\\x1b\]0;x\.profile:1$' ""
verdict "dry-run: an optional path skipped is shown escaped" "$RC" \
	'^  .*/gone\\x1b\[7m \((optional: skipped|missing: skipped, optional)\) from .*/p\\x1b\]0;x\.profile:2$' ""
verdict "dry-run: an environment value is shown escaped" "$RC" '^  V=x\\x1b\]0;title$' ""
verdict "dry-run: --chdir is shown escaped" "$RC" "^directory: $T/$N_SHOWN$" ""
verdict "dry-run: COMMAND's arguments are shown escaped" "$RC" \
	'^command: .* \[argv: true arg\\x1b\[5m\]$' ""
verdict "dry-run: --private-tmp's TMPDIR is shown escaped" "$RC" \
	'^private temporary directory .* made under .*/t\\x1b\[2J for each run' ""
printf 'no-seccomp\n' >"$T/s${ESC}[9m.profile"
run "$LB" run --dry-run --best-effort --profile "$T/s${ESC}[9m.profile" -- true
clean "dry-run: no raw control byte in --no-seccomp's origin" "$T/out"
verdict "dry-run: a profile's name in --no-seccomp's origin is shown escaped" "$RC" \
	'^seccomp filter: NONE \(.*/s\\x1b\[9m\.profile:1\)' ""

# ---- --list-profiles ----
X="$T/x${ESC}[2J"
mkdir -p "$X/landbox/profiles"
printf 'programs prog%s\nro /usr\n' "${ESC}[8m" >"$X/landbox/profiles/n${ESC}]2;t.profile"
run env XDG_CONFIG_HOME="$X" "$LB" --list-profiles
clean "--list-profiles: no raw control byte on stdout" "$T/out"
verdict "--list-profiles: a user profile's name and directory are shown escaped" "$RC" \
	'^n\\x1b\]2;t +user \(.*/x\\x1b\[2J/landbox/profiles/n\\x1b\]2;t\.profile\)$' ""

# ---- config show and config export ----
C="$T/c${ESC}[3m.toml"
printf '[[path_beneath]]\nallowed_access = ["execute"]\nparent = ["/e\\u001b[4m", "/c1\\u009b"]\n' >"$C"
run "$LB" config show "$C"
clean "config show: no raw control byte on stdout" "$T/out"
verdict "config show: a path and its file are shown escaped" 0 \
	'^  /e\\x1b\[4m  \(.*/c\\x1b\[3m\.toml:3\)$' ""
run "$LB" config show --json "$C"
clean "config show --json: no raw control byte on stdout" "$T/out"
verdict "config show --json: a C1 control is a JSON escape" 0 '"/c1\\u009b"' ""
run "$LB" config export --ro "/c1$(printf '\302\233')${ESC}[6m"
clean "config export: no raw control byte on stdout" "$T/out"
verdict "config export: a C1 control is a TOML escape" 0 '^parent = \["/c1\\u009b\\u001b\[6m"\]$' ""
run "$LB" config export --json --ro "/c1$(printf '\302\233')"
clean "config export --json: no raw control byte on stdout" "$T/out"

done_testing
