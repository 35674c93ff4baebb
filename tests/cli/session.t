#!/bin/bash
# SPDX-License-Identifier: MIT
# session.t - how COMMAND is started: detached from the controlling
# terminal (so that it cannot type into the outer shell with TIOCSTI),
# without any capability, and in place of landbox when nothing needs a
# parent.  Terminal cases run on a real pseudo-terminal (ptyrun.py below),
# twice: with landbox started by a shell on it (landbox execs COMMAND in
# place), and with landbox itself leading the terminal's session (it must
# fork).  Everything here is outside Landlock, so the runs use --best-effort
# and hold on every ABI (without Landlock too).
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/py"
# ptyrun.py [--send MARKER DATA | --kill MARKER SIGNUM]... -- CMD...: run CMD
# as the session leader of a new pseudo-terminal (its controlling terminal
# and fds 0-2), in cooked mode.  When MARKER appears in the output, DATA is
# typed in (\x03 is Ctrl-C), or signal SIGNUM is sent to CMD.  Prints CMD's output ("out: " lines), "landbox-pid PID", "status
# N" (128+N for a signal) and "pending: TEXT": what waits in the terminal's
# input queue after CMD exited, i.e. what the shell would read next.
cat >"$T/py/ptyrun.py" <<'EOF'
import fcntl, os, select, sys, termios, time
args = sys.argv[1:]
sends = []
while args[0] in ("--send", "--kill"):
    if args[0] == "--send":
        sends.append([args[1].encode(), args[2].encode().decode("unicode_escape").encode("latin-1")])
    else:
        sends.append([args[1].encode(), int(args[2])])
    args = args[3:]
cmd = args[1:]
master, slave = os.openpty()
pid = os.fork()
if pid == 0:
    os.close(master)
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(slave)
    os.execv(cmd[0], cmd)
out, status, end = b"", None, time.time() + 20
while time.time() < end:
    if select.select([master], [], [], 0.05)[0]:
        try:
            out += os.read(master, 4096)
        except OSError:
            pass
        for s in sends:
            if s[0] and s[0] in out:
                if isinstance(s[1], int):
                    os.kill(pid, s[1])
                else:
                    os.write(master, s[1])
                s[0] = None
    if status is None:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            status = os.waitstatus_to_exitcode(st)
            status = 128 - status if status < 0 else status
            end = min(end, time.time() + 0.3)
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    status = "timeout"
os.set_blocking(slave, False)
try:
    pending = os.read(slave, 4096)
except OSError:
    pending = b""
for line in out.decode(errors="replace").replace("\r", "").splitlines():
    print("out:", line)
print("landbox-pid", pid)
print("status", status)
print("pending:", pending.decode(errors="replace").replace("\n", "\\n"))
EOF
# sti.py: type "echo INJECTED" into the terminal on fd 0 with TIOCSTI;
# prints "tiocsti ok" or the errno name, then "sid SID tty TTY_NR" (its
# session and its controlling terminal, 0 for none: /proc/self/stat).
cat >"$T/py/sti.py" <<'EOF'
import errno, fcntl, os, termios
try:
    for c in b"echo INJECTED\n":
        fcntl.ioctl(0, termios.TIOCSTI, bytes([c]))
    print("tiocsti ok")
except OSError as e:
    print("tiocsti", errno.errorcode[e.errno])
with open("/proc/self/stat") as f:
    print("sid", os.getsid(0), "tty", f.read().rsplit(")", 1)[1].split()[4])
EOF
# caps.py: try what capabilities allow (never changing the machine: the
# hostname in a UTS namespace of its own, the clock set to the current time,
# a module that is not one); prints "NAME ok" or "NAME ERRNO" for each.
cat >"$T/py/caps.py" <<'EOF'
import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
def show(name, r):
    print(name, "ok" if r == 0 else errno.errorcode[ctypes.get_errno()])
for what in sys.argv[1:]:
    if what == "hostname":
        show(what, libc.sethostname(b"lbtest", 6))
    elif what == "module":
        buf = ctypes.create_string_buffer(64)
        show(what, libc.syscall(175, buf, ctypes.c_ulong(64), b""))
    elif what == "bset":  # how many capabilities the bounding set holds
        print(what, sum(libc.prctl(23, c, 0, 0, 0) == 1 for c in range(64)))
    elif what == "clock":
        ts = (ctypes.c_long * 2)()
        libc.clock_gettime(0, ts)
        show(what, libc.clock_settime(0, ts))
EOF
# --no-seccomp: the seccomp layer refuses TIOCSTI too (EACCES, seccomp.t);
# these runs check what the terminal detaching does by itself.
P="--best-effort --no-seccomp --log-level error --rox /usr --ro $T/py"
PTY="$PY -S $T/py/ptyrun.py"
# pty ARGS...: landbox run ARGS... on a pseudo-terminal; report in $T/out.
pty() {
	LAST="ptyrun $*"
	timeout 30 $PTY "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
}
field() { sed -n "s/^$1 //p" "$T/out" | head -1; }

# ---- the terminal -----------------------------------------------------------
if ! timeout 10 $PTY -- /bin/true >/dev/null 2>&1; then
	skip_all "no pseudo-terminals"
fi
# With dev.tty.legacy_tiocsti = 0 (Debian's 6.12, for one) the kernel itself
# answers EIO to a process without CAP_SYS_ADMIN before it looks at the
# controlling terminal: the case gets another name, so that the kernel
# matrix does not compare it with a kernel that has legacy TIOCSTI.
STI_ERR=EPERM STI_DESC="fails with EPERM"
if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null)" = 0 ]; then
	diag "dev.tty.legacy_tiocsti = 0: the kernel refuses TIOCSTI to unprivileged processes anyway"
	STI_ERR=EIO STI_DESC="fails (EIO: legacy TIOCSTI is off in this kernel)"
fi

# Two ways landbox meets a terminal: started by a shell on it (SHELL: not
# the session leader), or leading the terminal's session itself (LEADER).
SH_RUN=(/bin/sh -c '"$@"; exit $?' sh)
for how in shell leader; do
	if [ $how = shell ]; then W=("${SH_RUN[@]}"); else W=(); fi
	pty -- "${W[@]}" "$LB" run $P --ro /proc -- "$PY" -S "$T/py/sti.py"
	session=$(field landbox-pid)
	verdict "session ($how): TIOCSTI on the terminal $STI_DESC" 0 "^out: tiocsti $STI_ERR\$" ""
	verdict "session ($how): nothing is typed into the outer shell" 0 '^pending: $' ""
	verdict "session ($how): COMMAND has no controlling terminal" 0 "^out: sid $session tty 0\$" ""

	pty -- "${W[@]}" "$LB" run $P --ro /proc --same-session -- "$PY" -S "$T/py/sti.py"
	verdict "session ($how): --same-session keeps the controlling terminal" 0 \
		"^out: sid $(field landbox-pid) tty [1-9][0-9]*\$" ""
	# In the same session without the terminal, /dev/tty does not open.
	pty -- "${W[@]}" "$LB" run $P --rw /dev/tty -- sh -c 'echo x >/dev/tty && echo opened'
	verdict "session ($how): /dev/tty is gone" 0 '^out: .*/dev/tty: No such device or address' ""
	pty -- "${W[@]}" "$LB" run $P --rw /dev/tty --same-session -- sh -c 'echo x >/dev/tty && echo opened'
	verdict "session ($how): --same-session keeps /dev/tty" 0 '^out: opened$' ""

	# The terminal still works through the inherited descriptors, and
	# Ctrl-C (the terminal signals its foreground process group) reaches
	# COMMAND.
	pty --send ready 'hello\n' -- "${W[@]}" "$LB" run $P -- sh -c 'echo ready; read x; echo "got $x"'
	verdict "session ($how): COMMAND reads what is typed on the terminal" 0 '^out: got hello$' ""
	pty --send ready '\x03' -- "${W[@]}" "$LB" run $P -- sh -c 'echo ready; exec sleep 15'
	verdict "session ($how): Ctrl-C reaches COMMAND (128+SIGINT)" 0 '^status 130$' ""

	# The sandboxer personality: detached the same way.
	if [ "$NONE" = 1 ]; then
		skip "session ($how): sandboxer: TIOCSTI fails" "the sandboxer personality needs Landlock"
		skip "session ($how): sandboxer: COMMAND has no controlling terminal" "the sandboxer personality needs Landlock"
	else
		# (Its seccomp filter refuses TIOCSTI first: EACCES.)
		pty -- "${W[@]}" /usr/bin/env LL_FS_RO="/usr:/proc:$T/py" LL_FS_RW= "$SANDBOXER" "$PY" -S "$T/py/sti.py"
		verdict "session ($how): sandboxer: TIOCSTI fails" 0 '^out: tiocsti (EPERM|EACCES)$' ""
		verdict "session ($how): sandboxer: COMMAND has no controlling terminal" 0 '^out: sid [0-9]+ tty 0$' ""
	fi
done
# The option works from a profile too (the tty profile sets it).
printf 'same-session\n' >"$T/same.profile"
pty -- "${SH_RUN[@]}" "$LB" run $P --ro /proc --profile "$T/same.profile" -- "$PY" -S "$T/py/sti.py"
verdict "session: same-session in a profile" 0 '^out: sid [0-9]+ tty [1-9][0-9]*$' ""

# Signals sent to landbox (not by the terminal) are passed on to COMMAND
# when landbox is its parent (landbox leads the session).
pty --kill ready 15 -- "$LB" run $P -- sh -c 'trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 0.05; done'
verdict "session: SIGTERM to landbox reaches COMMAND in its child" 0 '^out: got-term$' ""
verdict "session: (and landbox returns COMMAND's status)" 0 '^status 7$' ""

# Failures before exec, in a child (landbox leads the session).
pty -- "$LB" run $P -- no-such-command-lbtest
verdict "session: command not found gives 127 from a child" 0 '^status 127$' ""
pty -- "$LB" run --log-level error --rox /usr/bin/env -- /usr/bin/true
if [ "$NONE" = 1 ]; then
	verdict "session: no execute right gives 126 from a child" 0 '^status 125$' ""
else
	verdict "session: no execute right gives 126 from a child" 0 '^status 126$' ""
fi

# ---- in place or with a parent ------------------------------------------------
# Without a terminal (setsid(1) detaches from the caller's) landbox execs
# COMMAND in place: COMMAND's parent is not landbox.
PPIDCMD='read -r c </proc/$PPID/comm; echo "parent=$c"'
run setsid -w "$LB" run $P --ro /proc -- sh -c "$PPIDCMD"
verdict "start: without a terminal COMMAND runs in place of landbox" 0 '^parent=' ""
verdict "start: (so its parent is not landbox)" 0 '!^parent=landbox$' ""
run setsid -w "$LB" run $P --log-level debug -- true
verdict "start: debug says in place" 0 "" 'runs in place of landbox'
pty -- "$LB" run $P --ro /proc -- sh -c "$PPIDCMD"
verdict "start: leading the terminal's session, landbox stays as the parent" 0 '^out: parent=landbox$' ""
pty -- "${SH_RUN[@]}" "$LB" run $P --ro /proc -- sh -c "$PPIDCMD"
verdict "start: started by a shell on a terminal, it runs in place" 0 '^out: parent=sh$' ""
# In place, a failure still exits 125/126/127, with the hint.
run setsid -w "$LB" run --log-level error --rox /usr/bin/env -- /usr/bin/true
if [ "$NONE" = 1 ]; then
	verdict "start: in place, no execute right gives 126 and a hint" 125 "" ""
else
	verdict "start: in place, no execute right gives 126 and a hint" 126 EMPTY \
		'^landbox: hint: the sandbox does not allow executing /usr/bin/true'
fi
run setsid -w "$LB" run $P --chdir "$T/nonexistent" -- true
verdict "start: in place, a bad --chdir gives 125" 125 EMPTY "^landbox: --chdir: $T/nonexistent"

# ---- capabilities ---------------------------------------------------------------
CAPS='grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb)" /proc/self/status'
run "$LB" run $P --ro /proc -- sh -c "$CAPS"
if grep -v '^CapBnd' "$T/out" | grep -qv ':[[:space:]]*0*$' || [ "$(wc -l <"$T/out")" != 5 ]; then
	fail "caps: COMMAND has no capability (CapInh/Prm/Eff/Amb zero)" "$(tr '\n' ' ' <"$T/out")"
elif [ "$(id -u)" = 0 ] && ! grep -q '^CapBnd:[[:space:]]*0*$' "$T/out"; then
	fail "caps: COMMAND has no capability (CapInh/Prm/Eff/Amb zero)" "root, bounding set not empty"
else
	pass "caps: COMMAND has no capability (CapInh/Prm/Eff/Amb zero)"
fi
if [ "$IS_ROOT" != 1 ]; then
	REST=("the bounding set is empty" "--keep-caps keeps them" "sethostname fails with EPERM"
		"init_module fails with EPERM" "clock_settime fails with EPERM"
		"--keep-caps: sethostname works" "--keep-caps: init_module gets past the check"
		"a partial bounding set is emptied too" "without /proc the bounding set is emptied"
		"a bounding set beyond the permitted set is emptied" "sandboxer: no capability")
	skip_rest "needs root" "${REST[@]/#/caps: }"
fi
verdict "caps: the bounding set is empty" 0 '^CapBnd:[[:space:]]*0+$' ""
run "$LB" run $P --ro /proc --keep-caps -- sh -c "$CAPS"
verdict "caps: --keep-caps keeps them" 0 '^CapEff:[[:space:]]*0*[1-9a-f]' ""
# unshare -u: a UTS namespace of its own, so the real hostname never changes.
if unshare -u true 2>/dev/null; then
	run unshare -u "$LB" run $P -- "$PY" -S "$T/py/caps.py" hostname
	verdict "caps: sethostname fails with EPERM" 0 '^hostname EPERM$' ""
else
	skip "caps: sethostname fails with EPERM" "unshare -u does not work here"
fi
run "$LB" run $P -- "$PY" -S "$T/py/caps.py" clock
verdict "caps: clock_settime fails with EPERM" 0 '^clock EPERM$' ""
# init_module: with the capability a bogus module is refused later
# (ENOEXEC...), without it EPERM comes first.
run "$LB" run $P --keep-caps -- "$PY" -S "$T/py/caps.py" module
if grep -q '^module ENOSYS$' "$T/out"; then
	# (named apart from the tested cases: the kernel matrix compares by name)
	skip "caps: init_module (no module support in this kernel)" "this kernel has no module support"
	skip "caps: --keep-caps: init_module (no module support in this kernel)" "this kernel has no module support"
elif [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null)" = 1 ]; then
	skip "caps: init_module (modules disabled)" "kernel.modules_disabled = 1"
	skip "caps: --keep-caps: init_module (modules disabled)" "kernel.modules_disabled = 1"
else
	verdict "caps: --keep-caps: init_module gets past the check" 0 '^module (ENOEXEC|EINVAL|EBADMSG|EKEYREJECTED)$' ""
	run "$LB" run $P -- "$PY" -S "$T/py/caps.py" module
	verdict "caps: init_module fails with EPERM" 0 '^module EPERM$' ""
fi
# The same with the capability (the clock is not set: see above).
if unshare -u true 2>/dev/null; then
	run unshare -u "$LB" run $P --keep-caps -- "$PY" -S "$T/py/caps.py" hostname
	verdict "caps: --keep-caps: sethostname works" 0 '^hostname ok$' ""
else
	skip "caps: --keep-caps: sethostname works" "unshare -u does not work here"
fi
# Only what the bounding set holds is dropped: the permitted set without
# asking, every other capability after PR_CAPBSET_READ (enter.c).  A
# bounding set smaller than the permitted set, and one larger (an
# unprivileged user holding only CAP_SETPCAP, as an ambient capability;
# not $P, which names the scratch directory that user cannot enter): both
# are emptied.
run setpriv --bounding-set -all,+setpcap,+sys_admin,+chown "$LB" run $P --ro /proc -- sh -c "$CAPS"
verdict "caps: a partial bounding set is emptied too" 0 '^CapBnd:[[:space:]]*0+$' ""
run setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps +setpcap \
	--ambient-caps +setpcap "$LB" run --best-effort --no-seccomp --log-level error --rox /usr \
	--ro /proc -- sh -c "$CAPS"
verdict "caps: a bounding set beyond the permitted set is emptied" 0 '^CapBnd:[[:space:]]*0+$' ""
if unshare -m true 2>/dev/null; then
	run unshare -m sh -c 'mount -t tmpfs none /proc && exec "$@"' sh \
		"$LB" run $P -- "$PY" -S "$T/py/caps.py" bset
	verdict "caps: without /proc the bounding set is emptied" 0 '^bset 0$' ""
else
	skip "caps: without /proc the bounding set is emptied" "unshare -m does not work here"
fi
if [ "$NONE" = 1 ]; then
	skip "caps: sandboxer: no capability" "the sandboxer personality needs Landlock"
else
	run /usr/bin/env LL_FS_RO="/usr:/proc" LL_FS_RW= "$SANDBOXER" sh -c "$CAPS"
	verdict "caps: sandboxer: no capability" 0 '^CapEff:[[:space:]]*0+$' ""
fi

done_testing
