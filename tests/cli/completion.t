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

# ---- zsh and fish: the same cases, from a table ----
# DESC|LINE|WORDS: what the shell completes for LINE has every WORD; no
# WORDS: it is every option of the table (without --list-options).
CASES=(
	"offers every option after 'landbox run --'|landbox run --|"
	"offers the sub-commands of the overview|landbox |$SUBS"
	"offers the log levels|landbox run --log-level |error warn info debug"
	"offers profile names|landbox run --profile ba|base"
	"completes COMMAND after --|landbox run --rox /usr -- printen|printenv"
	"completes landrun's options|landrun --rw|--rw --rwx"
)
# shell_cases SHELL WHY: the cases, through SHELL_complete LINE (one
# candidate a line); all skipped when WHY (the shell is missing) is set.
shell_cases() {
	local sh=$1 why=$2 c d line words i=0
	for c in "${CASES[@]}"; do
		IFS='|' read -r d line words <<<"$c"
		i=$((i + 1))
		if [ -n "$why" ]; then
			skip "completion: $sh $d" "$why"
		elif [ -z "$words" ]; then
			"${sh}_complete" "$line" | sed -n 's/^--//p' | sort -u >"$T/$sh.$i"
			same "completion: $sh $d" "$T/$sh.$i" "$T/want"
		else
			"${sh}_complete" "$line" >"$T/$sh.$i"
			# shellcheck disable=SC2086 # WORDS is a list
			has "completion: $sh $d" "$T/$sh.$i" $words
		fi
	done
}

zsh_complete() { timeout 30 zsh -f "$ROOT/tests/cli/zsh-complete.zsh" "$COMP" "$1"; }
if command -v zsh >/dev/null 2>&1 && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
	shell_cases zsh ""
else
	shell_cases zsh "zsh (with zsh/zpty) is not installed"
fi

# fish_complete LINE: what fish completes for LINE, candidates only.
fish_complete() {
	HOME=$T timeout 30 fish --no-config -c "source $(printf %q "$COMP/landbox.fish"); complete -C $(printf %q "$1")" 2>/dev/null |
		cut -f1 | sort -u
}
if command -v fish >/dev/null 2>&1; then
	shell_cases fish ""
else
	shell_cases fish "fish is not installed"
fi
done_testing
