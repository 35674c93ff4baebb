#!/bin/sh
# SPDX-License-Identifier: MIT
# demo.sh - `make demo`: landbox's first quick-start command.  Runs one real
# sandboxed command that makes one allowed and one denied access, and shows
# which is which.  Exits 0 when the allowed access worked and the denied one
# was denied; it writes only under $TMPDIR.
set -u
: "${LB_BUILD:=build}"
LANDBOX=$LB_BUILD/landbox
if [ ! -x "$LANDBOX" ]; then
	echo "demo: $LANDBOX is not built (run: make)" >&2
	exit 1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/landbox-demo.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
echo "hello from an allowed file" >"$dir/allowed"
echo "you should never read this" >"$dir/secret"

# What the demo runs: the base profile (loader, libraries, /usr) plus read
# access to one file; everything else is denied, including the file next to it.
set -- "$LANDBOX" run --profile base --ro "$dir/allowed" -- \
	sh -c 'cat "$1" && echo "ALLOWED: read $1"
	       if cat "$2"; then echo "NOT DENIED: read $2"; exit 1
	       else echo "DENIED: read $2"; fi' sh "$dir/allowed" "$dir/secret"
echo "\$ landbox run --profile base --ro $dir/allowed -- sh -c 'cat allowed; cat secret'"
"$@"
status=$?
echo
if [ "$status" -eq 0 ]; then
	echo "demo: OK - the allowed file was read, the file beside it was denied (exit status $status)"
else
	echo "demo: FAILED - exit status $status" >&2
fi
exit "$status"
