# SPDX-License-Identifier: MIT
# Terminal access: reopen the controlling terminal, create pseudo-terminals, terminfo
#
# Add it to base for programs that talk to the terminal themselves:
#     landbox run --profile base --profile tty -- /usr/bin/less /usr/share/common-licenses/GPL-3
# Profiles compose by repeating --profile; this one does not include base,
# so that it can be added to any other set of rules.
#
# A program needs no rule to use the terminal it was started on: standard
# input, output and error are inherited file descriptors, opened before the
# sandbox, and keep every access, ioctls included.  This profile is for what
# goes beyond them:
# - /dev/tty read-write: programs that open the controlling terminal by name
#   to ask for a password or to read keys while their standard input is a
#   pipe (less, ssh, gpg, Python's getpass).
# - /dev/pts and /dev/ptmx read-write: programs that open a terminal device by
#   name or create a pseudo-terminal (script, tmux, screen, expect, Python's
#   pty module).  --rw includes fs.ioctl_dev (Landlock ABI 5 and later), which
#   terminal programs need for tcgetattr/tcsetattr and window sizes; before
#   ABI 5 the kernel does not restrict device ioctls at all.
# - the terminfo databases read-only, those that exist of /usr/share/terminfo
#   (most systems), /lib/terminfo (Debian's essential entries) and
#   /etc/terminfo (local entries; Alpine's base set).  These lines are
#   optional ("ro?"): a directory a system does not have is skipped without
#   a word.  base covers the first two through /usr and /lib.
# - the TERM variable, when landbox itself has one: without it, programs
#   that drive the screen fail ("TERM environment variable not set").
# - same-session: COMMAND keeps the controlling terminal.  By default
#   landbox detaches COMMAND from it, so that it cannot type commands into
#   your shell (ioctl TIOCSTI); but then /dev/tty does not open (ENXIO) and
#   a shell inside has no job control.  Programs that need this profile
#   need the controlling terminal.
#
# What it does not grant: terminals outside /dev/pts (the virtual consoles
# /dev/tty1..., serial lines), ~/.terminfo (add "ro? ${HOME}/.terminfo" and
# "env HOME" in your own profile), any other variable (COLORTERM, LINES,
# COLUMNS: add "env NAME").
#
# Beware: /dev/pts holds every pseudo-terminal of the machine.  The sandboxed
# program may open those its user owns (your other terminal windows) and read
# from or write to them, as it could without a sandbox.  Use this profile only
# for programs you would let type into your terminal.

rw /dev/tty
rw /dev/pts
rw /dev/ptmx

ro? /usr/share/terminfo
ro? /lib/terminfo
ro? /etc/terminfo

env TERM

same-session
