#!/bin/bash
# SPDX-License-Identifier: MIT
# options-fs.t - the filesystem options of `landbox run`: --ro, --rox, --rw,
# --rwx on directories and files (read, write, exec, create, remove),
# repeated and comma-separated lists, --ignore-missing,
# --unrestricted-filesystem, cross-directory rename (refer), symlinked and
# FIFO rule paths.  Each case runs real programs in a real sandbox and checks
# what they get (exit status, "Permission denied", EXDEV).
. "$(dirname "$0")/lib.sh"
make_tree
DENIED='Permission denied'
U="--rox /usr" # the tools themselves

# A fresh writable directory $D/w (f, a script) and $D/w2.
reset_w() {
	rm -rf "$D/w" "$D/w2"
	mkdir -p "$D/w/sub" "$D/w2"
	echo w-data >"$D/w/f"
	echo w-data2 >"$D/w/f2"
	printf '#!/bin/sh\necho w-script-ran\n' >"$D/w/script.sh"
	chmod 755 "$D/w/script.sh"
}
# after DESC CMD...: a check outside the sandbox of what COMMAND did; under
# "none" nothing ran, so it is skipped (as the run itself was checked).
after() {
	local d=$1
	shift
	if [ "$NONE" = 1 ]; then
		skip "$d" "no Landlock: COMMAND did not run"
	else
		check "$d" "$@"
	fi
}

# ---- --ro on a directory ----
sb "--ro dir: reading a file is allowed" 0 '^secret-data$' "" -- $U --ro "$D/data" -- cat "$D/data/f"
sb "--ro dir: reading beneath is allowed" 0 '^sub-data$' "" -- $U --ro "$D/data" -- cat "$D/data/sub/g"
sb "--ro dir: listing is allowed" 0 '^sub$' "" -- $U --ro "$D/data" -- ls "$D/data"
sb "--ro dir: writing a file is denied" 2 EMPTY "$DENIED" -- $U --ro "$D/data" -- sh -c "echo x > '$D/data/f'"
after "--ro dir: the file is unchanged" grep -qx secret-data "$D/data/f"
sb "--ro dir: appending is denied" 2 EMPTY "$DENIED" -- $U --ro "$D/data" -- sh -c "echo x >> '$D/data/f'"
sb "--ro dir: creating a file is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data" -- touch "$D/data/new"
check "--ro dir: no file was created" test ! -e "$D/data/new"
sb "--ro dir: creating a directory is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data" -- mkdir "$D/data/nd"
sb "--ro dir: removing a file is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data" -- rm -f "$D/data/f"
check "--ro dir: the file still exists" test -e "$D/data/f"
sb "--ro dir: removing a directory is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data" -- rmdir "$D/data/sub"
sb "--ro dir: creating a symlink is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data" -- ln -s f "$D/data/l"
sbx "--ro dir: executing a script is denied" 126 EMPTY "$DENIED" -- $U --ro "$D/bin" -- sh -c "'$D/bin/script.sh'"
sb "--ro dir: running a script through sh is allowed" 0 '^script-ran$' "" -- $U --ro "$D/bin" -- sh "$D/bin/script.sh"
sb "--ro dir: a sibling directory is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data" -- cat "$D/other/f"
sb "--ro dir: listing a sibling directory is denied" 2 EMPTY "$DENIED" -- $U --ro "$D/data" -- ls "$D/other"
sb "--ro dir: the parent directory is not listable" 2 EMPTY "$DENIED" -- $U --ro "$D/data" -- ls "$D"

# ---- --ro on a file ----
sb "--ro file: reading it is allowed" 0 '^secret-data$' "" -- $U --ro "$D/data/f" -- cat "$D/data/f"
sb "--ro file: writing it is denied" 2 EMPTY "$DENIED" -- $U --ro "$D/data/f" -- sh -c "echo x > '$D/data/f'"
sb "--ro file: a file beside it is denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data/f" -- cat "$D/data/sub/g"
sb "--ro file: its directory is not listable" 2 EMPTY "$DENIED" -- $U --ro "$D/data/f" -- ls "$D/data"

# ---- nothing granted ----
sb "no rule: reading is denied" 1 EMPTY "$DENIED" -- $U -- cat "$D/data/f"
sb "no rule at all: even /usr/bin/true cannot run" 126 EMPTY '^landbox:' -- -- /usr/bin/true

# ---- --rox ----
sbx "--rox dir: executing a script is allowed" 0 '^script-ran$' "" -- $U --rox "$D/bin" -- sh -c "'$D/bin/script.sh'"
sb "--rox dir: reading is allowed" 0 'echo script-ran' "" -- $U --rox "$D/bin" -- cat "$D/bin/script.sh"
sb "--rox dir: writing is denied" 2 EMPTY "$DENIED" -- $U --rox "$D/bin" -- sh -c "echo x > '$D/bin/script.sh'"
sb "--rox dir: creating is denied" 1 EMPTY "$DENIED" -- $U --rox "$D/bin" -- touch "$D/bin/new"
sb "--rox dir: removing is denied" 1 EMPTY "$DENIED" -- $U --rox "$D/bin" -- rm -f "$D/bin/noexec"
sbx "--rox file: executing it is allowed" 0 '^script-ran$' "" -- $U --rox "$D/bin/script.sh" -- sh -c "'$D/bin/script.sh'"
sbx "--rox dir: executing a binary is allowed" 0 EMPTY "" -- $U --rox "$D/bin" -- sh -c "'$D/bin/true'"
sbx "--rox file: a binary beside it is denied" 126 EMPTY "$DENIED" -- $U --rox "$D/bin/script.sh" -- sh -c "'$D/bin/true'"

# ---- --rw on a directory ----
reset_w
sb "--rw dir: writing a file is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- sh -c "echo new-data > '$D/w/f'"
after "--rw dir: the file was written" grep -qx new-data "$D/w/f"
sb "--rw dir: appending is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- sh -c "echo more >> '$D/w/f'"
sb "--rw dir: reading is allowed" 0 '^w-data2$' "" -- $U --rw "$D/w" -- cat "$D/w/f2"
sb "--rw dir: creating a file is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- touch "$D/w/new"
after "--rw dir: the file was created" test -f "$D/w/new"
sb "--rw dir: creating a directory is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- mkdir "$D/w/nd"
sb "--rw dir: removing a directory is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- rmdir "$D/w/sub"
after "--rw dir: the directory was removed" test ! -e "$D/w/sub"
sb "--rw dir: removing a file is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- rm "$D/w/f2"
after "--rw dir: the file was removed" test ! -e "$D/w/f2"
sb "--rw dir: creating a symlink is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- ln -s f "$D/w/l"
sb "--rw dir: creating a FIFO is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- mkfifo "$D/w/fifo"
sb "--rw dir: truncating is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- truncate -s 0 "$D/w/f"
sb "--rw dir: renaming inside it is allowed" 0 EMPTY "" -- $U --rw "$D/w" -- mv "$D/w/f" "$D/w/f3"
sbx "--rw dir: executing is denied" 126 EMPTY "$DENIED" -- $U --rw "$D/w" -- sh -c "'$D/w/script.sh'"
sb "--rw dir: a sibling directory stays read-denied" 1 EMPTY "$DENIED" -- $U --rw "$D/w" -- cat "$D/other/f"
sb "--rw dir: a sibling directory stays write-denied" 1 EMPTY "$DENIED" -- $U --rw "$D/w" -- touch "$D/other/new"

# ---- --rw on a file ----
reset_w
sb "--rw file: writing it is allowed" 0 EMPTY "" -- $U --rw "$D/w/f" -- sh -c "echo file-rw > '$D/w/f'"
after "--rw file: it was written" grep -qx file-rw "$D/w/f"
sb "--rw file: reading it is allowed" 0 '^file-rw$|^w-data$' "" -- $U --rw "$D/w/f" -- cat "$D/w/f"
sb "--rw file: creating beside it is denied" 1 EMPTY "$DENIED" -- $U --rw "$D/w/f" -- touch "$D/w/new"
sb "--rw file: removing it is denied" 1 EMPTY "$DENIED" -- $U --rw "$D/w/f" -- rm -f "$D/w/f"
check "--rw file: it still exists" test -e "$D/w/f"
sbx "--rw file: executing it is denied" 126 EMPTY "$DENIED" -- $U --rw "$D/w/script.sh" -- sh -c "'$D/w/script.sh'"

# ---- --rwx ----
reset_w
sbx "--rwx dir: executing is allowed" 0 '^w-script-ran$' "" -- $U --rwx "$D/w" -- sh -c "'$D/w/script.sh'"
sb "--rwx dir: creating is allowed" 0 EMPTY "" -- $U --rwx "$D/w" -- touch "$D/w/new"
sb "--rwx dir: removing is allowed" 0 EMPTY "" -- $U --rwx "$D/w" -- rm "$D/w/new"
sb "--rwx dir: a sibling directory is denied" 1 EMPTY "$DENIED" -- $U --rwx "$D/w" -- cat "$D/other/f"
sbx "--rwx file: executing it is allowed" 0 '^w-script-ran$' "" -- $U --rwx "$D/w/script.sh" -- sh -c "'$D/w/script.sh'"
sb "--rwx file: writing it is allowed" 0 EMPTY "" -- $U --rwx "$D/w/f" -- sh -c "echo x >> '$D/w/f'"
sb "--rwx file: creating beside it is denied" 1 EMPTY "$DENIED" -- $U --rwx "$D/w/f" -- touch "$D/w/new2"

# ---- lists ----
sb "lists: comma-separated --ro grants the first path" 0 '^secret-data$' "" -- $U --ro "$D/data,$D/other" -- cat "$D/data/f"
sb "lists: comma-separated --ro grants the second path" 0 '^other-data$' "" -- $U --ro "$D/data,$D/other" -- cat "$D/other/f"
sb "lists: repeated --ro grants both paths" 0 '^other-data$' "" -- $U --ro "$D/data" --ro "$D/other" -- cat "$D/data/f" "$D/other/f"
sbx "lists: comma-separated --rox grants exec" 0 '^script-ran$' "" -- --rox "/usr,$D/bin" -- sh -c "'$D/bin/script.sh'"
sb "lists: a path not in the list stays denied" 1 EMPTY "$DENIED" -- $U --ro "$D/data,$D/bin" -- cat "$D/other/f"
sb "lists: --opt=value form is accepted" 0 '^secret-data$' "" -- --rox=/usr --ro="$D/data" -- cat "$D/data/f"

# ---- --ignore-missing ----
sb "--ignore-missing: a missing path is skipped" 0 '^secret-data$' "" -- $U --ignore-missing --ro "$T/missing,$D/data" -- cat "$D/data/f"
sb "--ignore-missing: the skipped path is named in a warning" 0 "" "^landbox:.*$T/missing" -- $U --ignore-missing --ro "$T/missing" --ro "$D/data" -- cat "$D/data/f"
sb "--ignore-missing: the other rules still deny" 1 EMPTY "$DENIED" -- $U --ignore-missing --ro "$T/missing,$D/data" -- cat "$D/other/f"
run "$LB" run $U --ro "$T/missing" -- true
verdict "--ignore-missing: without it a missing path is an error" 125 EMPTY "^landbox:.*$T/missing"

# ---- --unrestricted-filesystem ----
reset_w
sb "--unrestricted-filesystem: reading anything is allowed" 0 '^other-data$' "" -- --unrestricted-filesystem -- cat "$D/other/f"
sb "--unrestricted-filesystem: writing anything is allowed" 0 EMPTY "" -- --unrestricted-filesystem -- touch "$D/other/unrestricted"
after "--unrestricted-filesystem: the file was created" test -e "$D/other/unrestricted"
rm -f "$D/other/unrestricted"
sbx "--unrestricted-filesystem: executing anything is allowed" 0 '^script-ran$' "" -- --unrestricted-filesystem -- "$D/bin/script.sh"

# ---- refer: rename and link across directories ----
reset_w
REN='import os, sys; os.rename(sys.argv[1], sys.argv[2]); print("renamed")'
if [ "$ENF" -ge 2 ]; then
	sb "refer: rename across --rw directories is allowed" 0 '^renamed$' "" -- $U --rw "$D/w,$D/w2" -- "$PY" -S -c "$REN" "$D/w/f" "$D/w2/f"
	sb "refer: hard link across --rw directories is allowed" 0 EMPTY "" -- $U --rw "$D/w,$D/w2" -- ln "$D/w/f2" "$D/w2/f2"
else
	# ABI 1 cannot grant refer: the kernel always denies it with EXDEV.
	sb "refer: rename across --rw directories is allowed" 1 EMPTY 'Errno 18' -- $U --rw "$D/w,$D/w2" -- "$PY" -S -c "$REN" "$D/w/f" "$D/w2/f"
	sb "refer: hard link across --rw directories is allowed" 1 EMPTY 'cross-device' -- $U --rw "$D/w,$D/w2" -- ln "$D/w/f2" "$D/w2/f2"
fi
reset_w
sb "refer: rename into a --ro directory is denied" 1 EMPTY 'Errno 13|Errno 18' -- $U --rw "$D/w" --ro "$D/w2" -- "$PY" -S -c "$REN" "$D/w/f" "$D/w2/f"
check "refer: the denied rename left the file in place" test -e "$D/w/f"

# ---- rule paths ----
ln -s "$D/data" "$T/link-to-data"
sb "paths: a symlink in a rule path is followed" 0 '^secret-data$' "" -- $U --ro "$T/link-to-data" -- cat "$D/data/f"
mkfifo "$T/fifo"
sb "paths: a FIFO as rule path does not block" 0 EMPTY "" -- $U --ro "$T/fifo" -- true
here=$PWD
cd "$T" || exit 1
run "$LB" run $U --ro tree/data -- cat "$D/data/f"
cd "$here" || exit 1
if [ "$NONE" = 1 ]; then verdict "paths: relative rule path from its directory" 125 "" "$HINT_RE"
else verdict "paths: relative rule path from its directory" 0 '^secret-data$' ""; fi

# A file opened before the sandbox keeps its access (here: stdin).
timeout 20 "$LB" run $U -- cat <"$D/other/f" >"$T/out" 2>"$T/err"
RC=$? LAST="landbox run --rox /usr -- cat < other/f"
if [ "$NONE" = 1 ]; then verdict "paths: an fd opened before the sandbox keeps its access" 125 "" "$HINT_RE"
else verdict "paths: an fd opened before the sandbox keeps its access" 0 '^other-data$' ""; fi

done_testing
