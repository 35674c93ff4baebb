#!/bin/bash
# SPDX-License-Identifier: MIT
# proc.t - rules under /proc/self, /proc/thread-self or /proc/PID: landbox
# opens rules before COMMAND exists, and rules bind to inodes, so such a
# rule names landbox's own /proc entry (or another process's), never
# COMMAND's.  landbox warns, naming the option and suggesting /proc; the
# rule really does not give COMMAND its own /proc/self.
. "$(dirname "$0")/lib.sh"
make_tree
DENIED='Permission denied'
SELF_RE="rules bind to inodes; this names landbox's own /proc entry, not COMMAND's — use --ro /proc\$"

# warned DESC REGEX: the last run's stderr has REGEX, whatever the ABI (the
# rules are opened, and warned about, before the kernel is asked).
warned() {
	if grep -Eq -- "$2" "$T/err"; then pass "$1"; else
		fail "$1" "command: $LAST" "wanted stderr: $2"
		sed -n '1,10s/^/#   stderr| /p' "$T/err" >&2
	fi
}

# (When landbox execs COMMAND in place, landbox's entry is COMMAND's own
# until COMMAND starts another program: the programs it runs are denied.)
sb "proc: --ro /proc/self does not give COMMAND's programs their /proc/self" 1 EMPTY "$DENIED" \
	-- --rox /usr --ro /proc/self -- sh -c 'cat /proc/self/status'
warned "proc: --ro /proc/self is warned about" "^landbox: --ro /proc/self: $SELF_RE"
sb "proc: --ro /proc gives COMMAND its /proc/self" 0 '^Name:' '!/proc' \
	-- --rox /usr --ro /proc -- cat /proc/self/status
lb run --rox /usr --ro /proc/thread-self -- true
warned "proc: --ro /proc/thread-self is warned about" "^landbox: --ro /proc/thread-self: $SELF_RE"
lb run --rox /usr --ro /proc/self/fd -- true
warned "proc: a path beneath /proc/self is warned about" "^landbox: --ro /proc/self/fd: $SELF_RE"
lb run --rox /usr --rw /proc/self/attr -- true
warned "proc: the warning names the option used" "^landbox: --rw /proc/self/attr: .* use --rw /proc\$"
if [ "$(readlink /dev/fd)" = /proc/self/fd ]; then
	lb run --rox /usr --ro /dev/fd -- true
	warned "proc: a link into /proc/self is warned about" "^landbox: --ro /dev/fd: $SELF_RE"
else
	skip "proc: a link into /proc/self is warned about" "/dev/fd is not a link to /proc/self/fd"
fi
# Only rules on /proc's filesystem are looked at closely (issue 19): the
# path as given may be relative or lead there through a link of its own.
ln -s /proc/self/fd "$T/fdlink"
lb run --rox /usr --ro "$T/fdlink" -- true
warned "proc: a link of one's own into /proc/self is warned about" "^landbox: --ro $T/fdlink: $SELF_RE"
(cd /proc && lb run --rox /usr --ro self/fd -- true)
warned "proc: a relative path into /proc/self is warned about" "^landbox: --ro self/fd: $SELF_RE"
lb run --rox /usr --ro /proc/1 -- true
warned "proc: --ro /proc/1 is warned about" \
	"^landbox: --ro /proc/1: rules bind to inodes; this names the /proc entry of process 1, not COMMAND's, .* use --ro /proc\$"
lb run --dry-run --rox /usr --ro /proc/self -- true
warned "proc: --dry-run warns too" "^landbox: --ro /proc/self: $SELF_RE"
printf 'rox /usr\nro /proc/self\n' >"$T/self.profile"
lb run --profile "$T/self.profile" -- true
warned "proc: a profile line is named by FILE:LINE" "^landbox: $T/self.profile:2: ro /proc/self: $SELF_RE"

# No warning where the rule is meaningful: /proc itself, /proc/sys, and a
# /proc/self/fd/N link, which leads to the open file itself.
sb "proc: no warning for /proc/sys" 0 EMPTY '!rules bind' -- --rox /usr --ro /proc/sys -- true
sb "proc: no warning for a device file (also an anonymous device number)" 0 EMPTY '!rules bind' \
	-- --rox /usr --rw /dev/null -- true
exec 3<"$D/data/f"
sb "proc: /proc/self/fd/N is a rule on the open file" 0 '^secret-data$' '!rules bind' \
	-- --rox /usr --ro /proc/self/fd/3 -- cat "$D/data/f"
exec 3<&-
sb "proc: without it the file is denied" 1 EMPTY "$DENIED" -- --rox /usr -- cat "$D/data/f"

done_testing
