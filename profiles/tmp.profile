# SPDX-License-Identifier: MIT
# Temporary files: read-write access to $TMPDIR, or /tmp when TMPDIR is not set
#
# Add it to base for programs that create temporary files:
#     landbox run --profile base --profile tmp --ro big.txt -- /usr/bin/sort -S 1M big.txt
#
# What it grants: read, write, create, remove and rename beneath ${TMPDIR}
# (landbox's own TMPDIR; /tmp if it has none), and passes that directory to
# COMMAND as TMPDIR, so that the programs that honour TMPDIR (mktemp, sort,
# Python's tempfile, compilers) pick the directory the rule allows.  Those
# that always use /tmp (glibc's tmpfile) need /tmp itself: run landbox
# without TMPDIR, or add --rw /tmp.
#
# What it does not grant: any other directory, execution of what is written
# there (a downloaded or generated binary cannot be run from it: use
# --rwx DIR if that is what you want).
#
# Beware: /tmp is shared by every user and program of the machine.  The
# sandboxed program may read every file there that its user can read (and
# before Landlock ABI 9, connect to the UNIX sockets kept there, such as X11's
# in /tmp/.X11-unix), and may replace the files its user owns.  To give it a
# private directory instead, new for each run and removed afterwards, use
# --private-tmp (or a "private-tmp" line) instead of this profile:
#     landbox run --profile base --private-tmp -- COMMAND

rw ${TMPDIR}
env TMPDIR=${TMPDIR}
