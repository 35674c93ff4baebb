#!/bin/bash
# SPDX-License-Identifier: MIT
# completion.t - the bash, zsh and fish completions (completion/), run in
# the real shells: each offers every option of the one option table
# (`landbox --list-options`) after `landbox run --`, the sub-commands of
# the --help overview after `landbox `, the values an option takes (log
# levels, profile names), COMMAND's own completion after `--`, and landrun's
# options.  None of them lists an option itself: they ask the landbox being
# completed.  zsh and fish cases skip when the shell is not installed.
. "$(dirname "$0")/lib.sh"
# Nothing here depends on the Landlock ABI: once, on the real kernel.
[ -n "${LANDBOX_TEST_ABI:-}" ] && skip_all "completion does not depend on the ABI: real kernel only"

COMP=$ROOT/completion
PATH=$BUILD_DIR/test:$PATH
export PATH
# The options of the table, without dashes, sorted.
"$LB" --list-options | sed 's/^--//' | sort >"$T/options"
[ "$(wc -l <"$T/options")" -gt 20 ] || fail "completion: landbox --list-options lists the options"
SUBS="help learn run sandboxer status"

# same DESC GOT-FILE WANT-FILE: the two sorted lists are equal.
same() {
	if cmp -s "$2" "$3"; then pass "$1"
	else fail "$1" "$(diff "$3" "$2" | head -8 | tr '\n' ' ')"; fi
}
# has DESC FILE WORD...: FILE has every WORD as a line.
has() {
	local d=$1 f=$2 w miss=""
	shift 2
	for w in "$@"; do grep -qxF -- "$w" "$f" || miss="$miss $w"; done
	if [ -z "$miss" ]; then pass "$d"; else fail "$d" "missing:$miss" "got: $(head -c 300 "$f" | tr '\n' ' ')"; fi
}
# No option name is written in the completion files: they ask landbox.
for f in landbox.bash _landbox landbox.fish; do
	hard=""
	while read -r o; do
		# How the scripts ask landbox: --help, --list-profiles, --list-options.
		case $o in list-options | list-profiles | help | version) continue ;; esac
		# Comments may name options.
		sed -e 's/^[[:space:]]*#.*//' -e 's/ # .*//' "$COMP/$f" |
			grep -qE -- "(^|[^a-z-])--$o([^a-z-]|$)" && hard="$hard $o"
	done <"$T/options"
	if [ -z "$hard" ]; then pass "completion: $f names no option of the table itself"
	else fail "completion: $f names no option of the table itself" "named:$hard"; fi
done

# ---- bash ----
# bash_complete WORD...: COMPREPLY for the words, the last being completed.
bash_complete() {
	bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_landbox landbox "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP/landbox.bash" "$@" 2>/dev/null | sort -u
}
bash_complete landbox run -- | sed -n 's/^--//p' | grep -vx '' >"$T/bash.opts"
grep -vx list-options "$T/options" >"$T/want"
same "completion: bash offers every option after 'landbox run --'" "$T/bash.opts" "$T/want"
bash_complete landbox '' >"$T/bash.subs"
has "completion: bash offers the sub-commands" "$T/bash.subs" run status learn sandboxer
bash_complete landbox run --log-level '' >"$T/bash.lvl"
has "completion: bash offers the log levels" "$T/bash.lvl" error warn info debug

# ---- zsh ----
if command -v zsh >/dev/null 2>&1 && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
	zsh_complete() { timeout 30 zsh -f "$ROOT/tests/cli/zsh-complete.zsh" "$COMP" "$1"; }
	zsh_complete 'landbox run --' | sed -n 's/^--//p' | sort -u >"$T/zsh.opts"
	same "completion: zsh offers every option after 'landbox run --'" "$T/zsh.opts" "$T/want"
	zsh_complete 'landbox ' >"$T/zsh.subs"
	has "completion: zsh offers the sub-commands of the overview" "$T/zsh.subs" $SUBS
	zsh_complete 'landbox run --log-level ' >"$T/zsh.lvl"
	has "completion: zsh offers the log levels" "$T/zsh.lvl" error warn info debug
	zsh_complete 'landbox run --profile ba' >"$T/zsh.prof"
	has "completion: zsh offers profile names" "$T/zsh.prof" base
	zsh_complete 'landbox run --rox /usr -- printen' >"$T/zsh.cmd"
	has "completion: zsh completes COMMAND after --" "$T/zsh.cmd" printenv
	zsh_complete 'landrun --rw' >"$T/zsh.landrun"
	has "completion: zsh completes landrun's options" "$T/zsh.landrun" --rw --rwx
else
	for c in "every option after 'landbox run --'" "the sub-commands of the overview" \
		"the log levels" "profile names" "COMMAND after --" "landrun's options"; do
		skip "completion: zsh offers $c" "zsh (with zsh/zpty) is not installed"
	done
fi

# ---- fish ----
if command -v fish >/dev/null 2>&1; then
	# fish_complete LINE: what fish completes for LINE, candidates only.
	fish_complete() {
		HOME=$T timeout 30 fish --no-config -c "source $(printf %q "$COMP/landbox.fish"); complete -C $(printf %q "$1")" 2>/dev/null |
			cut -f1 | sort -u
	}
	fish_complete 'landbox run --' | sed -n 's/^--//p' >"$T/fish.opts"
	same "completion: fish offers every option after 'landbox run --'" "$T/fish.opts" "$T/want"
	fish_complete 'landbox ' >"$T/fish.subs"
	has "completion: fish offers the sub-commands of the overview" "$T/fish.subs" $SUBS
	fish_complete 'landbox run --log-level ' >"$T/fish.lvl"
	has "completion: fish offers the log levels" "$T/fish.lvl" error warn info debug
	fish_complete 'landbox run --profile ba' >"$T/fish.prof"
	has "completion: fish offers profile names" "$T/fish.prof" base
	fish_complete 'landbox run --rox /usr -- printen' >"$T/fish.cmd"
	has "completion: fish completes COMMAND after --" "$T/fish.cmd" printenv
	fish_complete 'landrun --rw' >"$T/fish.landrun"
	has "completion: fish completes landrun's options" "$T/fish.landrun" --rw --rwx
else
	for c in "every option after 'landbox run --'" "the sub-commands of the overview" \
		"the log levels" "profile names" "COMMAND after --" "landrun's options"; do
		skip "completion: fish offers $c" "fish is not installed"
	done
fi
done_testing
