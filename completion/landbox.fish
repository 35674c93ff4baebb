# SPDX-License-Identifier: MIT
# landbox.fish - fish completion for landbox, and for its personalities
# landrun, sandboxer and landbox-sandboxer.
#
# Installed as /usr/share/fish/vendor_completions.d/landbox.fish, with
# landrun.fish, sandboxer.fish and landbox-sandboxer.fish linking to it (make
# install and the Debian package do).
#
# As in the bash completion, nothing is listed here: the sub-commands, the
# options, their help and the kind of value each takes are read from the
# landbox being completed (`landbox --help`, `landbox run --help`, `landbox
# learn --help`), which prints them from its one option table; so the
# completion follows the program it comes with.  The kind of value comes from
# the metavariable: PATH... and FILE (files, also after a comma), DIR, NAME|FILE
# (profile names from `landbox --list-profiles`, and files), LEVEL, FAMILY...,
# KEY... (environment variables); PORT and N get nothing.  After "--" or the
# first word that is not an option, COMMAND is completed as fish would
# complete it on its own.

# __landbox_help_options PROG ARGS...: one "name<TAB>METAVAR<TAB>help" line
# per option of `PROG ARGS...` (a --help page), continuation lines joined.
function __landbox_help_options
    $argv 2>/dev/null | awk '
        function flush() { if (name != "") print name "\t" meta "\t" help; name = "" }
        /^  (-[a-zA-Z], )?--[a-z]/ {
            flush()
            line = $0
            sub(/^  (-[a-zA-Z], )?--/, "", line)
            name = line; sub(/ .*/, "", name)
            rest = substr(line, length(name) + 1)
            # --NAME[=VALUE]: a value that may be left out is not completed.
            sub(/\[=[^]]*\]$/, "", name)
            meta = ""
            if (rest ~ /^ [A-Z]/) { meta = substr(rest, 2); sub(/ .*/, "", meta); rest = substr(rest, length(meta) + 2) }
            help = rest; sub(/^ +/, "", help)
            next
        }
        name != "" && /^                            / { t = $0; sub(/^ +/, "", t); help = help (help == "" ? "" : " ") t; next }
        { flush() }
        END { flush() }'
end

# __landbox_subcommands PROG: "name<TAB>what it does" from the overview at the
# top of `PROG --help` ("usage: landbox run ...   run COMMAND in a sandbox").
function __landbox_subcommands
    $argv[1] --help 2>/dev/null | awk '
        /^(usage:)? +[^ ]+ [a-z]+( |$)/ && $1 != "" {
            w = ($1 == "usage:") ? $3 : $2
            if (w ~ /^[a-z]+$/) { d = $0; if (sub(/.*[^ ]   +/, "", d) == 0) d = ""; print w "\t" d }
            next
        }
        /^$/ { exit }'
end

# __landbox_spec PROG SUB: the options of SUB (run or learn) of PROG, cached
# per program and sub-command for the shell's life.
function __landbox_spec
    set -l key (string escape --style=var -- "$argv[1] $argv[2]")
    set -l var __landbox_spec_$key
    if not set -q $var
        if test "$argv[2]" = landrun
            set -g $var (__landbox_help_options $argv[1] --help)
        else
            set -g $var (__landbox_help_options $argv[1] $argv[2] --help)
        end
    end
    printf '%s\n' $$var
end

# __landbox_meta SPEC NAME: the metavariable of --NAME ("" for a flag);
# fails when NAME is no option.
function __landbox_meta
    for l in $argv[1..-2]
        set -l f (string split \t -- $l)
        if test "$f[1]" = "$argv[-1]"
            echo $f[2]
            return 0
        end
    end
    return 1
end

# __landbox_value PROG META CUR: the candidates for an option's value.
function __landbox_value
    set -l prog $argv[1]
    set -l meta $argv[2]
    set -l cur $argv[3]
    set -l head ''
    set -l tail $cur
    # Comma-separated lists: complete the last element.
    if string match -q -r '^(PATH|FAMILY|KEY).*\.\.\.' -- $meta; and string match -q '*,*' -- $cur
        set head (string replace -r '[^,]*$' '' -- $cur)
        set tail (string replace -r '^.*,' '' -- $cur)
    end
    switch $meta
        case 'PATH*' 'FILE*'
            __fish_complete_path $tail | string replace -r '^' -- $head
        case 'DIR*'
            __fish_complete_directories $tail | string replace -r '^' -- $head
        case 'NAME*'
            $prog --list-profiles 2>/dev/null | string replace -r '^(\S+)\s*(.*)$' '$1\t$2'
            if string match -q -r '[/.~]' -- $cur
                __fish_complete_path $cur
            end
        case 'LEVEL*'
            printf '%s\n' error warn info debug
        case 'FAMILY*'
            for f in unix inet inet6 netlink packet vsock bluetooth can alg xdp key tipc rds smc mctp
                echo $head$f
            end
        case 'KEY*'
            set -n -x | string replace -r '^' -- $head
    end
end

# __landbox_command TOKENS...: COMMAND (the first token) and its arguments,
# completed as fish completes COMMAND on its own.
function __landbox_command
    set -l cur (commandline -ct)
    if test (count $argv) -eq 0
        complete -C "$cur"
    else
        complete -C (string join ' ' -- (string escape -- $argv) "$cur")
    end
end

# __landbox_run_args PROG SUB TOKENS...: the options of run (learn, landrun)
# and, after them, COMMAND.
function __landbox_run_args
    set -l prog $argv[1]
    set -l spec (__landbox_spec $prog $argv[2])
    set -l tokens $argv[3..-1]
    set -l cur (commandline -ct)
    set -l i 1
    set -l n (count $tokens)
    while test $i -le $n
        set -l w $tokens[$i]
        if test "$w" = --
            __landbox_command $tokens[(math $i + 1)..-1]
            return
        else if string match -q -- '--*=*' $w
            set i (math $i + 1)
        else if string match -q -- '-*' $w
            set -l name (string replace -r '^--?' '' -- $w)
            test "$w" = -o; and set name output
            set -l meta (__landbox_meta $spec $name)
            if test -n "$meta"
                set i (math $i + 2)
            else
                set i (math $i + 1)
            end
        else
            __landbox_command $tokens[$i..-1]
            return
        end
    end
    # The value of an option: "--opt=VALUE", or after "--opt".
    if string match -q -r -- '^--[^=]+=' $cur
        set -l name (string replace -r -- '^--([^=]+)=.*' '$1' $cur)
        set -l meta (__landbox_meta $spec $name)
        if test -n "$meta"
            __landbox_value $prog $meta (string replace -r -- '^--[^=]+=' '' $cur) | string replace -r '^' -- "--$name="
            return
        end
    end
    if test $n -ge 1
        set -l prev $tokens[-1]
        set -l name (string replace -r '^--?' '' -- $prev)
        test "$prev" = -o; and set name output
        if string match -q -- '-*' $prev; and not string match -q -- '*=*' $prev
            set -l meta (__landbox_meta $spec $name)
            if test -n "$meta"
                __landbox_value $prog $meta $cur
                return
            end
        end
    end
    if string match -q -- '-*' $cur; or test -z "$cur"
        for l in $spec
            set -l f (string split \t -- $l)
            test "$f[1]" = list-options; and continue
            printf '%s\n' "--$f[1]"\t(string sub -l 60 -- "$f[3]")
        end
        test -z "$cur"; or return
    end
    __landbox_command
end

# __landbox_complete: every candidate for the word under the cursor.
function __landbox_complete
    set -l tokens (commandline -opc)
    set -l prog $tokens[1]
    set -l name (string replace -r '.*/' '' -- $prog)
    switch $name
        case landrun
            __landbox_run_args $prog landrun $tokens[2..-1]
            return
        case sandboxer landbox-sandboxer
            __landbox_command $tokens[2..-1]
            return
    end
    set -l cur (commandline -ct)
    if test (count $tokens) -eq 1
        if string match -q -- '-*' $cur
            __landbox_run_args $prog run
        else
            __landbox_subcommands $prog
        end
        return
    end
    switch $tokens[2]
        case run learn
            __landbox_run_args $prog $tokens[2] $tokens[3..-1]
        case status
            echo --json\t'machine-readable output'
        case sandboxer
            __landbox_command $tokens[3..-1]
        case '-*'
            __landbox_run_args $prog run $tokens[2..-1]
    end
end

for c in landbox landrun sandboxer landbox-sandboxer
    complete -c $c -f -a '(__landbox_complete)'
end
