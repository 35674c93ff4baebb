#!/bin/bash
# SPDX-License-Identifier: MIT
# exit.t - exit statuses of `landbox run` (coreutils env/timeout convention):
# COMMAND's own, 128+N when killed by signal N, 126 found but not
# executable (with a hint), 127 not found (also: its interpreter not found,
# named), 125 when the child fails before exec (--chdir).  Other 125 cases
# (landbox's own failures) are in errors.t, the 17th nested sandbox in
# nested.t.
. "$(dirname "$0")/lib.sh"
make_tree

sb "exit: COMMAND's own status 0" 0 EMPTY "" -- --rox /usr -- true
sb "exit: COMMAND's own status 1" 1 EMPTY "" -- --rox /usr -- false
sb "exit: COMMAND's own status 3" 3 EMPTY "" -- --rox /usr -- sh -c 'exit 3'
sb "exit: COMMAND's own status 125 is passed through" 125 EMPTY "" -- --rox /usr -- sh -c 'exit 125'
sb "exit: COMMAND's own status 127 is passed through" 127 EMPTY "" -- --rox /usr -- sh -c 'exit 127'
sb "exit: COMMAND's output reaches stdout" 0 '^hello world$' "" -- --rox /usr -- echo hello world
sb "exit: options after -- belong to COMMAND" 0 '^--ro x --frob$' "" -- --rox /usr -- echo --ro x --frob
sb "exit: options after COMMAND belong to COMMAND" 0 '^--ro x --frob$' "" -- --rox /usr echo --ro x --frob
sb "exit: killed by SIGTERM gives 143" 143 "" "" -- --rox /usr -- sh -c 'kill -TERM $$'
sb "exit: killed by SIGKILL gives 137" 137 "" "" -- --rox /usr -- sh -c 'kill -KILL $$'
sb "exit: killed by SIGUSR1 gives 138" 138 "" "" -- --rox /usr -- sh -c 'kill -USR1 $$'
sb "exit: killed by SIGHUP gives 129" 129 "" "" -- --rox /usr -- sh -c 'kill -HUP $$'

# 127: not found (on PATH or by path); the message names the command.  Found
# before any sandbox is built: the same with or without Landlock.
expect "exit: command not found on PATH gives 127" 127 EMPTY '^landbox:.*no-such-command-lbtest' \
	-- "$LB" run --rox /usr -- no-such-command-lbtest
expect "exit: missing command path gives 127" 127 EMPTY '^landbox:.*nonexistent/prog' \
	-- "$LB" run --rox /usr -- "$T/nonexistent/prog"

# 126: found but cannot be executed (not an executable file: on every ABI;
# denied by the sandbox: needs Landlock).
expect "exit: non-executable file gives 126" 126 EMPTY '^landbox:.*noexec' \
	-- "$LB" run --rox /usr --rox "$D/bin" -- "$D/bin/noexec"
expect "exit: a directory as COMMAND gives 126" 126 EMPTY '^landbox:' \
	-- "$LB" run --rox /usr --rox "$D" -- "$D/bin"
sbx "exit: binary without execute right gives 126" 126 EMPTY "^landbox:.*$D/bin/true" \
	-- --rox /usr --ro "$D/bin" -- "$D/bin/true"
sbx "exit: binary outside every rule gives 126" 126 EMPTY '^landbox:' \
	-- --rox /usr -- "$D/bin/true"
sbx "exit: binary whose ELF interpreter lacks execute gives 126" 126 EMPTY '^landbox:.*interpreter' \
	-- --ro /usr --rox "$D/bin" -- "$D/bin/true"
sbx "exit: binary with execute right runs" 0 EMPTY "" \
	-- --rox /usr --rox "$D/bin" -- "$D/bin/true"
sbx "exit: script whose interpreter lacks execute gives 126" 126 EMPTY '^landbox:.*interpreter' \
	-- --ro /usr --rox "$D/bin" -- "$D/bin/script.sh"
sbx "exit: script without execute right gives 126" 126 EMPTY "^landbox:.*$D/bin/script.sh" \
	-- --rox /usr --ro "$D/bin" -- "$D/bin/script.sh"
sbx "exit: script with execute rights runs" 0 '^script-ran$' "" \
	-- --rox /usr --rox "$D/bin" -- "$D/bin/script.sh"
here=$PWD
cd "$D/bin" || exit 1
sbx "exit: a relative COMMAND path runs from the current directory" 0 '^script-ran$' "" -- --rox /usr --rox . -- ./script.sh
cd "$here" || exit 1
sb "exit: program on PATH without execute right gives 126" 126 EMPTY '^landbox:.*true' \
	-- --ro /usr -- true
# The hint says what was denied: the binary, its interpreter (above) or a
# library (ldd.t).
sb "exit: 126 comes with a hint about what was denied" 126 EMPTY \
	'^landbox:.*([Dd]enied|interpreter|librar|execute)' -- --ro /usr -- true

# Found, but the kernel cannot run it: not a program (126), or its
# interpreter does not exist (127, with the interpreter named).
printf 'not a program\001\002\n' >"$D/bin/garbage"
chmod 755 "$D/bin/garbage"
sbx "exit: a file that is not a program gives 126" 126 EMPTY \
	"^landbox: cannot execute $D/bin/garbage: Exec format error\$" -- --rox /usr --rox "$D/bin" -- "$D/bin/garbage"
printf '#!/nonexistent-lbtest/interp\necho ran\n' >"$D/bin/nointerp.sh"
chmod 755 "$D/bin/nointerp.sh"
sbx "exit: a script whose interpreter is missing gives 127, naming it" 127 EMPTY \
	'^landbox: hint: .*#! interpreter /nonexistent-lbtest/interp: No such file' \
	-- --rox /usr --rox "$D/bin" -- "$D/bin/nointerp.sh"
# A copy of true whose PT_INTERP names a file that does not exist.
"$PY" -S - "$D/bin/true" "$D/bin/nold" "$(elf_interp /usr/bin/true)" <<'EOF2'
import sys
src, dst, interp = sys.argv[1], sys.argv[2], sys.argv[3].encode()
data = open(src, "rb").read()
fake = b"/" + b"x" * (len(interp) - 1)
open(dst, "wb").write(data.replace(interp + b"\0", fake + b"\0", 1))
EOF2
chmod 755 "$D/bin/nold"
sbx "exit: a binary whose ELF interpreter is missing gives 127, naming it" 127 EMPTY \
	'^landbox: hint: .*ELF interpreter /x+: No such file' -- --rox /usr --rox "$D/bin" -- "$D/bin/nold"

# --chdir: done by the child after restricting (Landlock does not check
# chdir), so a failure is reported by the child: 125, naming the directory.
sb "chdir: COMMAND runs in DIR" 0 "^$D/data\$" "" -- --rox /usr --chdir "$D/data" -- sh -c 'pwd'
sb "chdir: relative paths of COMMAND are taken from DIR" 0 '^secret-data$' "" \
	-- --rox /usr --ro "$D/data" --chdir "$D/data" -- cat f
sb "chdir: DIR needs no rule, its files do" 1 EMPTY 'Permission denied' \
	-- --rox /usr --chdir "$D/other" -- cat f
sb "chdir: a missing DIR gives 125, named" 125 EMPTY "^landbox: --chdir: $D/nonexistent: No such file or directory\$" \
	-- --rox /usr --chdir "$D/nonexistent" -- true
sb "chdir: a file as DIR gives 125, named" 125 EMPTY "^landbox: --chdir: $D/data/f: Not a directory\$" \
	-- --rox /usr --chdir "$D/data/f" -- true
here=$PWD
cd "$D" || exit 1
# A relative COMMAND is found from landbox's directory joined with DIR, and
# still runs after the child changed to a relative DIR.
sbx "chdir: a relative DIR and a relative COMMAND" 0 '^script-ran$' "" \
	-- --rox /usr --rox bin --chdir bin -- ./script.sh
sbx "chdir: a relative COMMAND without --chdir" 0 '^script-ran$' "" \
	-- --rox /usr --rox bin -- bin/script.sh
cd "$here" || exit 1
run "$LANDRUN" --best-effort --rox /usr --chdir "$D/nonexistent" -- true
verdict "chdir: landrun exits 1 when --chdir fails" 1 EMPTY "--chdir: $D/nonexistent"

done_testing
