# SPDX-License-Identifier: MIT
# landbox.bash - bash completion for landbox, and for its personalities
# landrun, sandboxer and landbox-sandboxer.
#
# Install as /usr/share/bash-completion/completions/landbox (make install
# does), or source it from ~/.bashrc.  It works with or without the
# bash-completion package; with it, the arguments of COMMAND are completed
# by COMMAND's own completion.
#
# The options are not listed here: they are asked from the landbox being
# completed (`landbox --list-options` for their names, `landbox run --help`
# for which ones take a value and what kind of value), once per shell, so
# the completion follows the program it comes with.  The kind of value is
# read from the metavariable of --help:
#   PATH...    files and directories, also after a comma (--ro /etc/hosts,/et<TAB>)
#   DIR        directories
#   NAME|FILE  profile names (landbox --list-profiles) and files
#   LEVEL      log levels
#   FAMILY...  address families of --allow-socket (also after a comma)
#   KEY...     names of environment variables
#   PORT, N    nothing to complete

# The options of the landbox at $1, cached: "name:METAVAR" words (METAVAR
# empty for a flag), in _landbox_optspec.
_landbox_load_options()
{
	local prog=$1 line name
	[[ ${_landbox_optprog-} == "$prog" && -n ${_landbox_optspec-} ]] && return 0
	_landbox_optprog=$prog
	_landbox_optspec=
	local -A takes=()
	local -a help=("$prog" run --help)
	# landrun takes the run options directly ("landrun run" would run "run").
	[[ ${prog##*/} == landrun ]] && help=("$prog" --help)
	# "  --ro PATH[,...]   allow reading..." : a metavariable is an
	# upper-case word right after the option.  An entry starts two spaces
	# in; a wrapped help line that starts with an option ("--log-level
	# error)") is not one.
	while IFS= read -r line; do
		[[ $line =~ ^\ \ --([a-z][a-z0-9-]*)(\ ([A-Z][^ ]*))? ]] || continue
		takes[${BASH_REMATCH[1]}]=${BASH_REMATCH[3]}
	done < <("${help[@]}" 2>/dev/null)
	while IFS= read -r name; do
		[[ $name == --* ]] || continue
		name=${name#--}
		_landbox_optspec+=" $name:${takes[$name]-}"
	done < <("$prog" --list-options 2>/dev/null)
	# An older landbox without --list-options: what --help shows.
	if [[ -z $_landbox_optspec ]]; then
		for name in "${!takes[@]}"; do
			_landbox_optspec+=" $name:${takes[$name]}"
		done
	fi
}

# The metavariable of option $1 (without dashes) into _landbox_meta;
# returns 1 if the option takes no value or is unknown.
_landbox_option_meta()
{
	local spec
	_landbox_meta=
	for spec in $_landbox_optspec; do
		if [[ ${spec%%:*} == "$1" ]]; then
			_landbox_meta=${spec#*:}
			[[ -n $_landbox_meta ]]
			return
		fi
	done
	return 1
}

# Append the lines of "compgen ARGS..." to COMPREPLY (file names may hold
# spaces, so no word splitting).
_landbox_add()
{
	local line
	while IFS= read -r line; do
		[[ -n $line ]] && COMPREPLY+=("$line")
	done < <(compgen "$@" 2>/dev/null)
}

# Profile names that --profile finds, then files.
_landbox_profiles()
{
	local prog=$1 cur=$2 names
	# A profile's name starts its line; indented lines say more about it.
	# "auto" chooses a program profile by COMMAND's name.
	names=$("$prog" --list-profiles 2>/dev/null | sed -n 's/^\([^[:space:]]\{1,\}\).*/\1/p')
	names="auto $names"
	_landbox_add -W "$names" -- "$cur"
	# Files only once the word looks like a path: a bare word is a name.
	if [[ $cur == */* || $cur == .* || $cur == "~"* ]]; then
		compopt -o filenames 2>/dev/null
		_landbox_add -f -X '!*.profile' -- "$cur"
		_landbox_add -d -- "$cur"
	fi
}

# Files (or with $2 = -d, directories) for the last element of a
# comma-separated list in $1.
_landbox_paths()
{
	local cur=$1 kind=${2:--f} head="" tail=$1 c
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		tail=${cur##*,}
	fi
	if [[ -z $head ]]; then
		compopt -o filenames 2>/dev/null
		_landbox_add "$kind" -- "$tail"
		return
	fi
	# After a comma, readline cannot treat the word as one file name: mark
	# directories by hand and let the user go on typing.
	compopt -o nospace 2>/dev/null
	while IFS= read -r c; do
		[[ -n $c ]] || continue
		[[ -d $c ]] && c+=/
		COMPREPLY+=("$head$c")
	done < <(compgen "$kind" -- "$tail")
	if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} != */ ]]; then
		compopt +o nospace 2>/dev/null
	fi
}

# Complete the value $2 of option $1 (without dashes) of landbox $3.
_landbox_value()
{
	local opt=$1 cur=$2 prog=$3
	_landbox_option_meta "$opt" || return 1
	case $_landbox_meta in
	PATH* | FILE*) _landbox_paths "$cur" -f ;;
	DIR*) _landbox_paths "$cur" -d ;;
	NAME*) _landbox_profiles "$prog" "$cur" ;;
	LEVEL*) _landbox_add -W 'error warn info debug' -- "$cur" ;;
	FAMILY*)
		local head=${cur%,*} tail=${cur##*,} f
		[[ $cur == *,* ]] || head=
		for f in unix inet inet6 netlink packet vsock bluetooth can alg xdp key tipc rds smc mctp; do
			[[ $f == "$tail"* ]] && COMPREPLY+=("${head:+$head,}$f")
		done
		;;
	KEY*)
		# KEY alone passes landbox's own value; KEY=VALUE is typed on.
		_landbox_add -e -- "$cur"
		;;
	*) ;; # ports, numbers: nothing sensible to offer
	esac
	return 0
}

# COMMAND and its arguments: $1 is the index of COMMAND in COMP_WORDS.
_landbox_command()
{
	local first=$1
	local cur=${COMP_WORDS[COMP_CWORD]}
	if ((COMP_CWORD == first)); then
		if [[ $cur == */* ]]; then
			compopt -o filenames 2>/dev/null
			_landbox_add -f -- "$cur"
		else
			_landbox_add -c -- "$cur"
		fi
		return
	fi
	# COMMAND's own completion, when bash-completion is loaded.
	if declare -F _command_offset >/dev/null; then
		_command_offset "$first"
		return
	fi
	compopt -o filenames 2>/dev/null
	_landbox_add -f -- "$cur"
}

# Options of run (and learn) from word $1 on.  $2: the landbox program,
# $3: extra "name:META" specs (learn's -o, --force, ...).
_landbox_run_args()
{
	local start=$1 prog=$2 extra=$3
	local cur=${COMP_WORDS[COMP_CWORD]} i w opt val saved_spec
	_landbox_load_options "$prog"
	saved_spec=$_landbox_optspec
	_landbox_optspec+=" $extra"

	# Find where COMMAND starts: after "--", or at the first word that is
	# neither an option nor an option's value.
	i=$start
	while ((i < COMP_CWORD)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -- ]]; then
			_landbox_optspec=$saved_spec
			_landbox_command $((i + 1))
			return
		fi
		if [[ $w == -o ]] && _landbox_option_meta output; then
			((i += 2))
			continue
		fi
		if [[ $w == --*=* ]]; then
			((i++))
			continue
		fi
		if [[ $w == --* ]]; then
			# "--opt = value" when '=' is a word break.
			if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
				((i += 3))
				continue
			fi
			if _landbox_option_meta "${w#--}"; then
				((i += 2))
			else
				((i++))
			fi
			continue
		fi
		[[ $w == -* ]] && { ((i++)); continue; }
		_landbox_optspec=$saved_spec
		_landbox_command "$i"
		return
	done

	# The word being completed is an option's value?
	opt=
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		val=${cur#*=}
		opt=${opt#--}
		if _landbox_option_meta "$opt"; then
			COMPREPLY=()
			_landbox_value "$opt" "$val" "$prog"
			# Readline replaces the whole word: keep "--opt=".
			local k
			for k in "${!COMPREPLY[@]}"; do
				COMPREPLY[k]=--$opt=${COMPREPLY[k]}
			done
			compopt +o filenames 2>/dev/null
			_landbox_optspec=$saved_spec
			return
		fi
	elif ((COMP_CWORD > start)); then
		local p1=${COMP_WORDS[COMP_CWORD - 1]}
		local p2=${COMP_WORDS[COMP_CWORD - 2]-}
		if [[ $cur == = && $p1 == --* ]]; then
			opt=${p1#--} cur=
		elif [[ $p1 == = && $p2 == --* ]]; then
			opt=${p2#--}
		elif [[ $p1 == -o ]]; then
			opt=output
		elif [[ $p1 == --* ]]; then
			opt=${p1#--}
		fi
		if [[ -n $opt ]] && _landbox_option_meta "$opt"; then
			_landbox_value "$opt" "$cur" "$prog"
			_landbox_optspec=$saved_spec
			return
		fi
	fi

	if [[ $cur == -* || -z $cur ]]; then
		local spec words=""
		for spec in $_landbox_optspec; do
			# --list-options is for this script, not for people.
			[[ ${spec%%:*} == list-options ]] && continue
			words+=" --${spec%%:*}"
		done
		[[ $extra == *output:* ]] && words+=" -o"
		# Value-taking options are usually followed by a space, but
		# "--opt=" is accepted too; offer the plain form.
		_landbox_add -W "$words --" -- "$cur"
		_landbox_optspec=$saved_spec
		return
	fi
	# Not an option: COMMAND itself.
	_landbox_optspec=$saved_spec
	_landbox_command "$COMP_CWORD"
}

_landbox()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	COMPREPLY=()
	# Run the landbox being completed, as typed (~ expanded): build/landbox
	# completes with its own options.
	[[ $prog == "~"* ]] && prog=$HOME${prog#\~}
	local name=${prog##*/}
	case $name in
	landrun)
		_landbox_run_args 1 "$prog" ""
		return
		;;
	sandboxer | landbox-sandboxer)
		_landbox_command 1
		return
		;;
	esac

	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			# The run options work here too (`landbox --ro /usr cat`).
			_landbox_load_options "$prog"
			local spec words=""
			for spec in $_landbox_optspec; do
				[[ ${spec%%:*} == list-options ]] && continue
				words+=" --${spec%%:*}"
			done
			_landbox_add -W "$words" -- "$cur"
		else
			_landbox_add -W 'run status learn sandboxer config' -- "$cur"
		fi
		return
	fi

	case ${COMP_WORDS[1]} in
	run) _landbox_run_args 2 "$prog" "" ;;
	learn) _landbox_run_args 2 "$prog" "output:FILE force: generalize: rounds:N" ;;
	status) _landbox_add -W '--json' -- "$cur" ;;
	sandboxer) _landbox_command 2 ;;
	config) ((COMP_CWORD == 2)) && _landbox_add -W 'show export' -- "$cur" ;;
	--help | --version | --list-profiles) ;;
	-*) _landbox_run_args 1 "$prog" "" ;; # `landbox --ro /usr cat` = `landbox run ...`
	esac
}

complete -F _landbox landbox landrun sandboxer landbox-sandboxer
