#!/bin/bash
# SPDX-License-Identifier: MIT
# newcomer.t - what a first-time user meets: a mistyped option or command
# names what was meant, -V and `landbox version`, and COMMAND does not live
# on outside landbox's control when landbox is killed.
. "$(dirname "$0")/lib.sh"

# ---- did you mean ----
expect "typo: --proflie names --profile" 125 EMPTY "^landbox: unknown option '--proflie' \(did you mean --profile\?\)" \
	-- "$LB" run --proflie base -- true
expect "typo: at the top level too" 125 EMPTY "did you mean --profile\?" \
	-- "$LB" --proflie base -- true
expect "typo: a missing letter (--ignore-mising)" 125 EMPTY "did you mean --ignore-missing\?" \
	-- "$LB" run --ignore-mising -- true
expect "typo: a missing dash (--keepenv)" 125 EMPTY "did you mean --keep-env\?" \
	-- "$LB" run --keepenv -- true
expect "typo: learn's own options are known (--outptu)" 125 EMPTY "did you mean --output\?" \
	-- "$LB" learn --outptu x -- true
expect "typo: a sub-command (rnu)" 125 EMPTY "^landbox: unknown command 'rnu' \(did you mean run\?\)" \
	-- "$LB" rnu -- true
expect "typo: nothing close, no guess" 125 EMPTY "!did you mean" \
	-- "$LB" run --zzzzzzzz -- true
expect "typo: a short word needs a close match" 125 EMPTY \
	"unknown option '--xy'$" -- "$LB" run --xy -- true

# ---- make finds the compiler: COMMAND has a default PATH ----
if command -v make >/dev/null 2>&1 && command -v cc >/dev/null 2>&1; then
	mkdir -p "$T/mk"
	printf 'all:\n\tcc -o prog prog.c\n' >"$T/mk/Makefile"
	printf 'int main(void) { return 0; }\n' >"$T/mk/prog.c"
	sb "make runs cc without --env PATH" 0 "" "" \
		-- --profile base --rw "$T/mk" --env TMPDIR="$T/mk" --chdir "$T/mk" -- make
	if [ "$NONE" = 1 ] || [ -x "$T/mk/prog" ]; then pass "make: the program was built"
	else fail "make: the program was built" "$(cat "$T/err")"; fi
else
	skip "make runs cc without --env PATH" "no make or cc"
	skip "make: the program was built" "no make or cc"
fi

# ---- the first hint of a policy without a profile points at the base profile ----
sb "first try: a denied program suggests --profile base" 126 EMPTY "hint: or start from --profile base" \
	-- ls /
sb "first try: with a profile, no such suggestion" 126 EMPTY "!start from --profile base" \
	-- --profile tmp -- ls /
sb "first try: a denied interpreter is not called allowed" 126 EMPTY "!allowed by this sandbox" \
	-- --rox /usr/bin -- ls /

# ---- -q / --quiet: no warning line, errors still said ----
# (the warning line needs a kernel that cannot restrict something: any ABI
# below the newest; checked first so that the quiet cases cannot pass idly)
# From ABI 9 nothing stays open with the seccomp layer (resolve_unix is the
# last right an older kernel cannot restrict).
if [ "$ABI" -lt 9 ]; then
	sb "quiet: without it, the warning line is printed" 0 EMPTY "^landbox: this kernel" \
		-- --rox /usr -- true
else
	skip "quiet: without it, the warning line is printed" "ABI $ABI leaves nothing open: no warning"
fi
sb "quiet: -q prints no warning" 0 EMPTY EMPTY -- -q --rox /usr -- true
sb "quiet: --quiet prints no warning" 0 EMPTY EMPTY -- --quiet --rox /usr -- true
sb "quiet: -q still says why COMMAND could not run" 126 EMPTY "cannot execute" -- -q -- true
expect "quiet: -q at the top level means run" 125 EMPTY "unknown option '--nosuchoption'" \
	-- "$LB" -q --nosuchoption -- true

# ---- version ----
expect "-V prints the version" 0 '^landbox [0-9]' EMPTY -- "$LB" -V
expect "landbox version prints the version" 0 '^landbox [0-9]' EMPTY -- "$LB" version

# ---- COMMAND dies with landbox ----
# landbox stays as COMMAND's parent when it leads the terminal's session (a
# pty made here); SIGKILL it, and COMMAND must not live on re-parented.
# COMMAND ignores SIGHUP: the hang-up of the terminal must not be what ends it.
mkdir -p "$T/py" "$T/pd"
cat >"$T/py/orphan.py" <<'PYEOF'
import os, pty, signal, sys, time
pidfile, cmd = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(cmd[0], cmd)
def read_pid():
    try:
        s = open(pidfile).read().strip()
        return int(s) if s else None
    except (OSError, ValueError):
        return None
cpid = None
for _ in range(200):
    cpid = read_pid()
    if cpid:
        break
    time.sleep(0.05)
if not cpid:
    print("COMMAND did not start"); os.kill(pid, signal.SIGKILL); sys.exit(2)
time.sleep(0.2)
try:
    ppid = int(open("/proc/%d/stat" % cpid).read().rsplit(")", 1)[1].split()[1])
except OSError:
    ppid = -1
print("landbox-is-parent" if ppid == pid else "landbox-not-parent")
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
for _ in range(100):
    try:
        state = open("/proc/%d/stat" % cpid).read().rsplit(")", 1)[1].split()[0]
    except OSError:
        print("gone"); sys.exit(0)
    if state in ("Z", "X"):
        print("gone"); sys.exit(0)
    time.sleep(0.05)
print("alive")
os.kill(cpid, signal.SIGKILL)
sys.exit(1)
PYEOF
if [ ! -x "$PY" ]; then
	missing "$PY (python3)"
fi
expect "killed landbox: COMMAND (its child) is killed too" 0 '^gone' "" \
	-- "$PY" -S "$T/py/orphan.py" "$T/pd/pid" "$LB" run --best-effort --rox /usr --rw "$T/pd" \
	-- sh -c "trap '' HUP; echo \$\$ > '$T/pd/pid'; exec sleep 30"
grep -q landbox-is-parent "$T/out" && pass "killed landbox: it was COMMAND's parent (the case tested)" ||
	fail "killed landbox: it was COMMAND's parent (the case tested)" "$(cat "$T/out")"

done_testing
