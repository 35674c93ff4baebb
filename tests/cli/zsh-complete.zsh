#!/usr/bin/zsh -f
# SPDX-License-Identifier: MIT
# tests/cli/zsh-complete.zsh FPATH-DIR LINE: the matches an interactive zsh
# offers for LINE followed by TAB, one a line (sorted), with the completion
# functions of FPATH-DIR.  It runs zsh on a pseudo-terminal (zsh/zpty), has
# compadd print each match it is given, and ends the shell after completing.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "PS1= PROMPT= RPROMPT=; TERM=dumb"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a __h; builtin compadd -A __h "$@"; (( $#__h )) || return 1; local x; for x in $__h; do print -r -- "<lb""m>$IPREFIX$x"; done; builtin compadd "$@"; }'
zpty -w z '_lbend() { print -r -- "<lb""end>"; exit; }; zstyle ":completion:*" list-prompt ""; zstyle ":completion:*" select-prompt ""; comppostfuncs=(_lbend)'
zpty -w z "$2"$'\t'
local all
zpty -r z all '*<lbend>*'
local -a hits
hits=(${(M)${(f)all//$'\r'/}:#*<lbm>*})
print -rl -- ${hits#*<lbm>} | sort -u
zpty -d z
