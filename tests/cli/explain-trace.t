#!/bin/bash
# SPDX-License-Identifier: MIT
# explain-trace.t - `landbox run --explain=trace`: landbox traces COMMAND
# (no privilege, any ABI) and explains each denial with the option that
# allows it: read, write, create, execute (binary, #! interpreter, ELF
# interpreter, library), truncate, refer (EXDEV), TCP connect and bind,
# signal, abstract socket, UDP bind/connect/sendto (ABI 10), a device ioctl
# (ABI 5), a pathname UNIX socket (ABI 9); a mode-000 file inside a granted tree is NOT
# Landlock's; a shell pipeline and a threaded python program name the right
# process; COMMAND's exit status and output unchanged.  As root, every case
# runs as nobody (setpriv): the trace source needs no privilege.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/explain-lib.sh"
make_py
make_tree

[ "$NONE" = 1 ] && skip_all "no Landlock (ABI $ABI): nothing is denied, nothing to explain"

unprivileged_only
chmod -R a+rwX "$D"
chmod 755 "$D/bin/true" "$D/bin/script.sh"

# beyond N: where the emulated ABI has right N but this kernel cannot enforce
# it, the case is for a real kernel only (tests/kernels/report.py then does not
# compare it with the real run that has it).
beyond() { [ "$ABI" -ge "$1" ] 2>/dev/null && [ "$ENF" -lt "$1" ] && printf 'real kernel only: '; }
# xp DESC RC LINE-RE -- ARGS...: `landbox run --explain=trace ARGS` (as
# nobody when root), exit RC and one stderr line matching LINE-RE.
xp() {
	local d=$1 rc=$2 re=$3
	shift 4
	run "${U[@]}" "$LB" run --explain=trace "$@"
	verdict "$d" "$rc" "" "$re"
}
# The (unprivileged) user's sandboxes need this much to start programs.
BASE="--rox /usr --ro /etc/ld.so.cache --rw /dev/null"

xp "trace: read" 1 \
	"^landbox: denied fs\.read_file on $(q "$D/data/f") \(by cat, pid [0-9]+\) $DASH allow with --ro $(q "$D/data/f")$" \
	-- $BASE -- cat "$D/data/f"
xp "trace: write" 2 \
	"^landbox: denied fs\.write_file(,fs\.truncate)? on $(q "$D/w/f") \(by sh, pid [0-9]+\) $DASH allow with --rw $(q "$D/w/f")$" \
	-- $BASE --ro "$D/w" -- sh -c "echo x > '$D/w/f'"
xp "trace: create" 2 \
	"^landbox: denied fs\.make_reg in $(q "$D/w") \(by sh, pid [0-9]+\) $DASH allow with --rw $(q "$D/w")$" \
	-- $BASE --ro "$D/w" -- sh -c "echo x > '$D/w/new'"
mkdir -m 777 "$D/mk"
xp "trace: mkdir" 1 \
	"^landbox: denied fs\.make_dir in $(q "$D/mk") \(by mkdir, pid [0-9]+\) $DASH allow with --rw $(q "$D/mk")$" \
	-- $BASE --ro "$D/mk" -- mkdir "$D/mk/sub"
xp "trace: remove" 1 \
	"^landbox: denied fs\.remove_file in $(q "$D/w") \(by rm, pid [0-9]+\) $DASH allow with --rw $(q "$D/w")$" \
	-- $BASE --ro "$D/w" -- rm -f "$D/w/f"
xp "trace: symlink" 1 \
	"^landbox: denied fs\.make_sym in $(q "$D/w") \(by ln, pid [0-9]+\) $DASH allow with --rw $(q "$D/w")$" \
	-- $BASE --ro "$D/w" -- ln -s target "$D/w/link"
xp "trace: mkfifo (mknod)" 1 \
	"^landbox: denied fs\.make_fifo in $(q "$D/w") \(by mkfifo, pid [0-9]+\) $DASH allow with --rw $(q "$D/w")$" \
	-- $BASE --ro "$D/w" -- mkfifo "$D/w/fifo"

# The path system calls without a directory descriptor (x86_64): judged as
# their *at form.  LEGACY NAME ARGS...: python3 makes system call NAME.
if [ "$(uname -m)" = x86_64 ]; then
	LEGACY='import ctypes, sys
nr = {"open": 2, "creat": 85, "mkdir": 83, "rmdir": 84, "unlink": 87, "symlink": 88,
      "rename": 82, "link": 86, "mknod": 133}[sys.argv[1]]
args = [a.encode() if not a.isdigit() else int(a) for a in sys.argv[2:]]
libc = ctypes.CDLL(None, use_errno=True)
sys.exit(0 if libc.syscall(nr, *args) >= 0 else 1)'
	mkdir -m 777 "$D/lg" "$D/lg/d"
	echo f >"$D/lg/f" && chmod 666 "$D/lg/f"
	for c in "open|fs.read_file on|$D/lg/f|--ro|$D/lg/f 0" \
		"creat|fs.make_reg in|$D/lg|--rw|$D/lg/new 438" \
		"mkdir|fs.make_dir in|$D/lg|--rw|$D/lg/sub 511" \
		"rmdir|fs.remove_dir in|$D/lg|--rw|$D/lg/d" \
		"unlink|fs.remove_file in|$D/lg|--rw|$D/lg/f" \
		"symlink|fs.make_sym in|$D/lg|--rw|target $D/lg/sym" \
		"mknod|fs.make_fifo in|$D/lg|--rw|$D/lg/fifo 4534"; do
		IFS='|' read -r name what obj opt args <<<"$c"
		# shellcheck disable=SC2046,SC2086 # ARGS are words
		xp "trace: legacy $name" 1 \
			"^landbox: denied $(q "$what $obj") \(by python3, pid [0-9]+\) $DASH allow with $opt $(q "$obj")$" \
			-- $BASE $([ "$name" = open ] || echo --ro "$D/lg") -- "$PY" -S -c "$LEGACY" "$name" $args
	done
else
	skip "trace: legacy system calls" "x86_64 only"
fi

if tmp_exec_ok; then
	xp "trace: execute a binary" 126 \
		"^landbox: denied fs\.execute on $(q "$D/bin/true") \(by sh, pid [0-9]+\) $DASH allow with --rox $(q "$D/bin/true")$" \
		-- $BASE --ro "$D/bin" -- sh -c "'$D/bin/true'"
	mkdir -m 777 "$D/interp"
	cp /bin/sh "$D/interp/sh" && chmod 755 "$D/interp/sh"
	printf '#!%s\necho script-ran\n' "$D/interp/sh" >"$D/bin/s2.sh"
	chmod 755 "$D/bin/s2.sh"
	xp "trace: execute a #! interpreter" 126 \
		"^landbox: denied fs\.execute on $(q "$D/interp/sh") \(by sh, pid [0-9]+\) $DASH allow with --rox $(q "$D/interp/sh")$" \
		-- $BASE --rox "$D/bin" --ro "$D/interp" -- sh -c "'$D/bin/s2.sh'"
else
	skip "trace: execute a binary" "cannot execute files under TMPDIR"
	skip "trace: execute a #! interpreter" "cannot execute files under TMPDIR"
fi
INTERP=$(realpath "$(elf_interp /usr/bin/true)")
LIBDIR=$(dirname "$INTERP")
xp "trace: execute the ELF interpreter" 126 \
	"^landbox: denied fs\.execute on $(q "$INTERP") \(by [a-z]+, pid [0-9]+\) $DASH allow with --rox $(q "$INTERP")$" \
	-- --rox /usr/bin --ro "$LIBDIR,/etc/ld.so.cache" -- /usr/bin/true
LIBC=$(realpath "$LIBDIR/libc.so.6")
xp "trace: a library" 127 \
	"^landbox: denied fs\.read_file on $(q "$LIBC") \(by true, pid [0-9]+\)(, [0-9]+ times)? $DASH allow with --ro $(q "$LIBC")$" \
	-- --rox /usr/bin,"$INTERP" --ro /etc/ld.so.cache -- /usr/bin/true

if [ "$ENF" -ge 3 ]; then
	echo data >"$D/w/t" && chmod 666 "$D/w/t"
	xp "trace: truncate" 1 \
		"^landbox: denied fs\.truncate on $(q "$D/w/t") \(by python3, pid [0-9]+\) $DASH allow with --rw $(q "$D/w/t")$" \
		-- $BASE --ro "$D/w" -- "$PY" -S -c 'import os, sys; os.truncate(sys.argv[1], 0)' "$D/w/t"
else
	skip "trace: truncate" "ABI $ENF cannot restrict truncate"
fi

# refer: a file moved from --rw r1 to --rwx r2 would gain execute: EXDEV.
mkdir -m 777 "$D/r1" "$D/r2"
echo m >"$D/r1/m" && chmod 666 "$D/r1/m"
REN='import os, sys
try:
    os.rename(sys.argv[1], sys.argv[2])
except OSError as e:
    print(e.errno); sys.exit(1)'
if [ "$ENF" -ge 2 ]; then
	xp "trace: refer (a moved file would gain rights)" 1 \
		"^landbox: probably denied fs\.execute,fs\.refer on $(q "$D/r1") \(by python3, pid [0-9]+\) $DASH allow with --rwx $(q "$D/r1")$" \
		-- $BASE --rw "$D/r1" --rwx "$D/r2" -- "$PY" -S -c "$REN" "$D/r1/m" "$D/r2/m"
else
	xp "trace: refer (ABI 1 refuses every reparenting)" 1 \
		"^landbox: --explain: rename(at2?)? $(q "$D/r1/m"): Invalid cross-device link \(by python3, pid [0-9]+\) $DASH Landlock before ABI 2" \
		-- $BASE --rw "$D/r1" --rwx "$D/r2" -- "$PY" -S -c "$REN" "$D/r1/m" "$D/r2/m"
fi

# ---- an ordinary permission error is not Landlock's --------------------------
mkdir -m 777 "$D/g"
echo hidden >"$D/g/locked"
chmod 000 "$D/g/locked"
if [ "$IS_ROOT" = 1 ] || ! cat "$D/g/locked" >/dev/null 2>&1; then
	run "${U[@]}" "$LB" run --explain=trace $BASE --ro "$D/g" -- cat "$D/g/locked"
	if [ "$RC" = 1 ] && ! grep -Eq "^landbox: (probably )?denied" "$T/err" &&
		grep -Eq "^landbox: --explain: openat $(q "$D/g/locked"): Permission denied \(by cat, pid [0-9]+\) $DASH not Landlock's: the sandbox grants fs\.read_file$" "$T/err"; then
		pass "trace: a mode-000 file in a granted tree is not reported as Landlock's"
	else
		_report "trace: a mode-000 file in a granted tree is not reported as Landlock's" 1 "" "not Landlock's"
	fi
	# Not granted AND mode 000: the kernel checks the mode first.
	run "${U[@]}" "$LB" run --explain=trace $BASE -- cat "$D/g/locked"
	if [ "$RC" = 1 ] && ! grep -Eq "^landbox: (probably )?denied" "$T/err" && grep -q "permission bits refuse it first" "$T/err"; then
		pass "trace: mode 000 outside the grants: the permission bits, not Landlock"
	else
		_report "trace: mode 000 outside the grants: the permission bits, not Landlock" 1 "" "permission bits"
	fi
else
	skip "trace: a mode-000 file in a granted tree is not reported as Landlock's" "this user reads mode-000 files"
	skip "trace: mode 000 outside the grants: the permission bits, not Landlock" "this user reads mode-000 files"
fi

# ---- network and scopes ----------------------------------------------------------
if [ "$ENF" -ge 4 ]; then
	explain_tcp trace
	xp "trace: a granted port is not denied" 0 "!denied net" \
		-- $BASE --ro "$T/py" --connect-tcp "$PORT" -- $NETPY connect tcp 127.0.0.1 "$PORT"
else
	skip "trace: TCP connect" "ABI $ENF has no TCP port rules"
	skip "trace: TCP bind" "ABI $ENF has no TCP port rules"
	skip "trace: a granted port is not denied" "ABI $ENF has no TCP port rules"
fi
# UDP: Landlock's from ABI 10 (before, the seccomp filter closes UDP: not
# Landlock's, not explained as such).
if [ "$ENF" -ge 10 ] && listen_bg "$T/udp.ready" udp 127.0.0.1; then
	UFREE=$(free_ports 127.0.0.1 1)
	US=$(cat "$T/udp.ready") # the UDP server's port
	xp "trace: UDP bind" 1 \
		"^landbox: denied net\.bind_udp on 127\.0\.0\.1 port $UFREE \(by python3, pid [0-9]+\) $DASH allow with --bind-udp $UFREE$" \
		-- $BASE --ro "$T/py" -- $NETPY bind udp 127.0.0.1 "$UFREE"
	xp "trace: UDP connect" 1 \
		"^landbox: denied net\.connect_send_udp to 127\.0\.0\.1 port $US \(by python3, pid [0-9]+\) $DASH allow with --connect-udp $US$" \
		-- $BASE --ro "$T/py" -- $NETPY connect udp 127.0.0.1 "$US"
	xp "trace: UDP sendto" 1 \
		"^landbox: denied net\.connect_send_udp to 127\.0\.0\.1 port $US \(by python3, pid [0-9]+\) $DASH allow with --connect-udp $US$" \
		-- $BASE --ro "$T/py" -- $NETPY send udp 127.0.0.1 "$US"
	xp "trace: a granted UDP port is not denied" 0 "!denied net" \
		-- $BASE --ro "$T/py" --connect-udp "$US" -- $NETPY send udp 127.0.0.1 "$US"
else
	why="$(beyond 10)ABI $ENF has no UDP port rules (Landlock ABI 10)"
	[ "$ENF" -ge 10 ] && why="no UDP server on the loopback"
	for d in "UDP bind" "UDP connect" "UDP sendto" "a granted UDP port is not denied"; do
		skip "trace: $d" "$why"
	done
fi

# ---- devices and UNIX sockets -----------------------------------------------------
# ioctl_dev (ABI 5): an ioctl on a character device opened without the right
# fails with EACCES before the driver sees it (FIONREAD is not among the
# ioctls Landlock always allows); granted, /dev/zero answers ENOTTY (25).
cat >"$T/py/ioctl.py" <<'EOF'
import fcntl, os, sys, termios
fd = os.open(sys.argv[1], os.O_RDONLY)
try:
    fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4)
except OSError as e:
    print(e.errno); sys.exit(1)
print("ok")
EOF
if [ "$ENF" -ge 5 ]; then
	xp "trace: ioctl on a device" 1 \
		"^landbox: denied fs\.ioctl_dev on /dev/zero \(by python3, pid [0-9]+\) $DASH allow with --rw /dev/zero$" \
		-- $BASE --ro "$T/py,/dev/zero" -- "$PY" -S "$T/py/ioctl.py" /dev/zero
	run "${U[@]}" "$LB" run --explain=trace $BASE --ro "$T/py" --rw /dev/zero -- "$PY" -S "$T/py/ioctl.py" /dev/zero
	if [ "$RC" = 1 ] && [ "$(cat "$T/out")" = 25 ] && ! grep -q "denied fs\.ioctl_dev" "$T/err"; then
		pass "trace: ioctl on a device granted ioctl_dev: ENOTTY, not a denial"
	else
		_report "trace: ioctl on a device granted ioctl_dev: ENOTTY, not a denial" 1 "25" "no ioctl_dev denial"
	fi
else
	skip "trace: ioctl on a device" "ABI $ENF cannot restrict device ioctls (ABI 5)"
	skip "trace: ioctl on a device granted ioctl_dev: ENOTTY, not a denial" "ABI $ENF cannot restrict device ioctls (ABI 5)"
fi
# resolve_unix (ABI 9): connecting to a pathname UNIX socket not granted.
if [ "$ENF" -ge 9 ]; then
	mkdir -m 777 "$D/us"
	listen_bg "$T/unix.ready" unix "$D/us/sock" || diag "UNIX socket server did not start"
	xp "trace: pathname UNIX socket connect" 1 \
		"^landbox: denied fs\.resolve_unix on $(q "$D/us/sock") \(by python3, pid [0-9]+\) $DASH allow with --unix $(q "$D/us/sock")$" \
		-- $BASE --ro "$T/py" -- $NETPY connect unix "$D/us/sock"
	xp "trace: a granted UNIX socket is not denied" 0 "!denied fs\.resolve_unix" \
		-- $BASE --ro "$T/py" --unix "$D/us/sock" -- $NETPY connect unix "$D/us/sock"
else
	skip "trace: pathname UNIX socket connect" "$(beyond 9)ABI $ENF cannot restrict pathname UNIX sockets (ABI 9)"
	skip "trace: a granted UNIX socket is not denied" "$(beyond 9)ABI $ENF cannot restrict pathname UNIX sockets (ABI 9)"
fi

if [ "$ENF" -ge 6 ]; then
	explain_scopes trace "signal to a process outside" "abstract socket"
else
	skip "trace: signal to a process outside" "ABI $ENF has no scopes"
	skip "trace: abstract socket" "ABI $ENF has no scopes"
fi

# ---- processes and threads --------------------------------------------------------
echo g >"$D/data/g"
run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c "cat '$D/data/f' | head -n1 '$D/data/g'; exit 3"
if [ "$RC" = 3 ] &&
	grep -Eq "^landbox: denied fs\.read_file on $(q "$D/data/f") \(by cat, pid [0-9]+\)" "$T/err" &&
	grep -Eq "^landbox: denied fs\.read_file on $(q "$D/data/g") \(by head, pid [0-9]+\)" "$T/err"; then
	pass "trace: a shell pipeline: each denial names its program"
else
	_report "trace: a shell pipeline: each denial names its program" 3 "" "cat and head"
fi
cat >"$T/py/threads.py" <<'EOF'
import os, sys, threading
def worker():
    try:
        open(sys.argv[1]).read()
    except OSError:
        pass
t = threading.Thread(target=worker)
t.start(); t.join()
print(os.getpid())
EOF
run "${U[@]}" "$LB" run --explain=trace $BASE --ro "$T/py" -- "$PY" -S "$T/py/threads.py" "$D/data/f"
P=$(cat "$T/out")
if [ "$RC" = 0 ] && [ -n "$P" ] &&
	grep -Eq "^landbox: denied fs\.read_file on $(q "$D/data/f") \(by python3, pid $P\)" "$T/err"; then
	pass "trace: a threaded program: the thread's process id (the thread group)"
else
	_report "trace: a threaded program: the thread's process id (the thread group)" 0 "pid" "python3, pid $P"
fi

# ---- COMMAND unchanged -----------------------------------------------------------
expect "trace: exit status, stdout and stdin unchanged" 7 '^ran$' "" \
	-- "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'echo ran; exit 7'
run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'kill -TERM $$'
verdict "trace: killed by a signal: 128+N" 143 "" ""
run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'kill -KILL $$'
verdict "trace: killed by SIGKILL: 137, landbox does not hang" 137 "" ""
run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'echo piped' 
verdict "trace: nothing denied: said so" 0 '^piped$' "^landbox: --explain: no Landlock denial$"
# A child stopped and continued (job control): the run still ends.
run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'sleep 5 & p=$!; kill -STOP $p; kill -CONT $p; kill $p; wait $p; echo $?'
verdict "trace: a stopped and continued child does not hang the run" 0 '^143$' ""
# Children left running when COMMAND exits are let go.
run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'sleep 1 & echo started'
verdict "trace: COMMAND's background child does not keep landbox" 0 '^started$' ""
# A burst of processes: every one traced, none hangs landbox.
# (Given time: under QEMU without KVM each traced fork is slow.)
LB_TIMEOUT=180 run "${U[@]}" "$LB" run --explain=trace $BASE -- sh -c 'i=0; while [ $i -lt 100 ]; do (cat /nonexistent-$i 2>/dev/null &) ; i=$((i+1)); done; wait; echo done'
verdict "trace: 100 short-lived processes" 0 '^done$' ""

done_testing
