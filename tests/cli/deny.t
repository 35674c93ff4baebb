#!/bin/bash
# SPDX-License-Identifier: MIT
# deny.t - --deny PATH (and `deny` in profiles): a granted tree except a path
# inside it.  Real sandboxes on a temporary tree: files and directories
# denied, nested and several denied paths, --rw, a symlink in the denied
# path and a symlink beside it pointing into it, a deny no grant contains, a
# missing denied path, a deny equal to the grant, a grant inside a denied
# path, a deny under two grants, hard links (not covered: documented), the
# refusal when splitting needs more than 4096 rules, profiles, --dry-run.
. "$(dirname "$0")/lib.sh"
DENIED='Permission denied'
U="--rox /usr" # the tools themselves

# The tree: d/a, d/secret/{key,sub/k2}, d/n/a/{b/c/f,x/f}, d/sfile, d/w/f,
# d/link -> secret, d/klink -> secret/key.
d=$T/d
mkdir -p "$d/secret/sub" "$d/n/a/b/c" "$d/n/a/x" "$d/w"
echo a-data >"$d/a"
echo key-data >"$d/secret/key"
echo k2-data >"$d/secret/sub/k2"
echo c-data >"$d/n/a/b/c/f"
echo x-data >"$d/n/a/x/f"
echo sfile-data >"$d/sfile"
echo w-data >"$d/w/f"
echo w2-data >"$d/w/f2"
ln -s secret "$d/link"
ln -s secret/key "$d/klink"

# after DESC CMD...: a check outside the sandbox of what COMMAND did.
after() {
	local desc=$1
	shift
	if [ "$NONE" = 1 ]; then skip "$desc" "no Landlock: COMMAND did not run"; else check "$desc" "$@"; fi
}

# ---- a directory denied ----
G="$U --ro $d --deny $d/secret"
sb "deny dir: a file beside it is readable" 0 '^a-data$' "" -- $G -- cat "$d/a"
sb "deny dir: a file in a sibling directory is readable" 0 '^x-data$' "" -- $G -- cat "$d/n/a/x/f"
sb "deny dir: a file in it is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/secret/key"
sb "deny dir: a file deeper in it is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/secret/sub/k2"
sb "deny dir: listing it is denied" 2 EMPTY "$DENIED" -- $G -- ls "$d/secret"
sb "deny dir: a sibling directory can be listed" 0 '^x$' "" -- $G -- ls "$d/n/a"
sb "deny dir: the split directory itself cannot be listed" 2 EMPTY "$DENIED" -- $G -- ls "$d"
sb "without --deny the same file is readable (control)" 0 '^key-data$' "" -- $U --ro "$d" -- cat "$d/secret/key"

# ---- a file denied ----
G="$U --ro $d --deny $d/sfile"
sb "deny file: it is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/sfile"
sb "deny file: a file beside it is readable" 0 '^a-data$' "" -- $G -- cat "$d/a"
sb "deny file: a directory beside it is readable" 0 '^key-data$' "" -- $G -- cat "$d/secret/key"

# ---- nested: a deep path denied, and several denied paths ----
G="$U --ro $d --deny $d/n/a/b/c"
sb "deny deep: the denied directory is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/n/a/b/c/f"
sb "deny deep: a sibling on the way is readable" 0 '^x-data$' "" -- $G -- cat "$d/n/a/x/f"
sb "deny deep: an unrelated directory is readable" 0 '^key-data$' "" -- $G -- cat "$d/secret/key"
G="$U --ro $d --deny $d/secret,$d/n/a/b/c --deny $d/sfile"
sb "several denies: the first is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/secret/key"
sb "several denies: the second is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/n/a/b/c/f"
sb "several denies: the third is denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/sfile"
sb "several denies: the rest is readable" 0 '^x-data$' "" -- $G -- cat "$d/n/a/x/f"
G="$U --ro $d --deny $d/n --deny $d/n/a/b/c"
sb "a deny inside a denied path: both denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/n/a/x/f"

# ---- --rw ----
G="$U --rw $d --deny $d/secret"
sb "--rw deny: writing a file in a sibling directory is allowed" 0 EMPTY "" -- $G -- sh -c "echo new-w > '$d/w/f'"
after "--rw deny: the sibling file was written" grep -qx new-w "$d/w/f"
sb "--rw deny: creating in a sibling directory is allowed" 0 EMPTY "" -- $G -- touch "$d/w/new"
sb "--rw deny: writing a file beside it is allowed" 0 EMPTY "" -- $G -- sh -c "echo a-data >> '$d/a'"
sb "--rw deny: writing in it is denied" 2 EMPTY "$DENIED" -- $G -- sh -c "echo x > '$d/secret/key'"
check "--rw deny: the denied file is unchanged" grep -qx key-data "$d/secret/key"
sb "--rw deny: removing in it is denied" 1 EMPTY "$DENIED" -- $G -- rm -f "$d/secret/key"
check "--rw deny: the denied file still exists" test -e "$d/secret/key"
sb "--rw deny: creating in the split directory is denied" 1 EMPTY "$DENIED" -- $G -- touch "$d/created"
check "--rw deny: nothing was created in the split directory" test ! -e "$d/created"
mkdir -p "$d/w2"
sb "--rw deny: moving a file between two sibling directories works" 0 EMPTY "" -- $G -- mv "$d/w/f2" "$d/w2/f2"
after "--rw deny: the file was moved" test -e "$d/w2/f2"
sb "--rw deny: removing a file directly in the split directory is denied" 1 EMPTY "$DENIED" -- $G -- rm -f "$d/a"
check "--rw deny: the file in the split directory still exists" test -e "$d/a"
sb "--rw deny: renaming the denied directory away is denied" 1 EMPTY "$DENIED" -- $G -- mv "$d/secret" "$d/w/stolen"
check "--rw deny: the denied directory is still there" test -e "$d/secret/key"

# ---- symlinks ----
sb "a symlink in the denied path: its target is denied" 1 EMPTY "$DENIED" -- $U --ro "$d" --deny "$d/link" -- cat "$d/secret/key"
sb "a symlink in the denied path: the rest is readable" 0 '^a-data$' "" -- $U --ro "$d" --deny "$d/link" -- cat "$d/a"
G="$U --ro $d --deny $d/secret"
sb "a symlink beside it pointing into it does not open it" 1 EMPTY "$DENIED" -- $G -- cat "$d/klink"
sb "a symlinked directory beside it pointing into it does not open it" 1 EMPTY "$DENIED" -- $G -- cat "$d/link/key"
ln -s n/a/x/f "$d/xlink"
sb "a symlink beside it pointing elsewhere in the grant works" 0 '^x-data$' "" -- $G -- cat "$d/xlink"
rm -f "$d/xlink"

# ---- no grant contains it ----
sb "a deny no grant contains: no effect" 0 '^x-data$' "" -- $U --ro "$d/n" --deny "$d/secret" -- cat "$d/n/a/x/f"
lb run --log-level info $U --ro "$d/n" --deny "$d/secret" -- true
if [ "$NONE" = 1 ]; then verdict "a deny no grant contains: said so" 125 "" "$HINT_RE"; else
	verdict "a deny no grant contains: said so" 0 "" 'deny .*secret: no grant contains it'
fi

# ---- missing denied paths ----
lb run $U --ro "$d" --deny "$d/nope" -- true
verdict "a missing denied path is an error" 125 EMPTY "^landbox: --deny $d/nope: No such file or directory"
lb run $U --ro "$d" --deny "$d/sfile/x" -- true
verdict "a denied path beneath a file is an error" 125 EMPTY "^landbox: --deny $d/sfile/x: No such file"
lb run $U --ro "$d" --deny "$d/nope/../a" -- true
verdict "'..' after a missing component is an error" 125 EMPTY "^landbox: --deny $d/nope/\.\./a: '\.\.'"
sb "--ignore-missing: a missing denied path is a warning" 0 '^a-data$' "deny $d/nope does not exist: denied all the same" \
	-- $U --ro "$d" --deny "$d/nope" --ignore-missing -- cat "$d/a"
# Created while COMMAND runs, by someone else: still denied.
if [ "$NONE" = 1 ]; then
	skip "--ignore-missing: a denied path created later is denied" "no Landlock"
else
	rm -f "$d/later"
	mkdir -p "$T/m"
	rm -f "$T/m/started"
	# COMMAND says it started (in $T/m), then waits for the file.
	timeout 20 "$LB" run $U --ro "$d" --rw "$T/m" --deny "$d/later" --ignore-missing -- \
		sh -c "touch '$T/m/started'; while [ ! -e '$d/later' ]; do sleep 0.05; done; cat '$d/later'" \
		>"$T/out" 2>"$T/err" </dev/null &
	pid=$!
	bg_track $pid
	i=0
	while [ ! -e "$T/m/started" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
	echo later-data >"$d/later"
	wait $pid
	# shellcheck disable=SC2034 # RC and LAST are read by verdict (lib.sh)
	RC=$? LAST="landbox run --deny $d/later (created later)"
	verdict "--ignore-missing: a denied path created later is denied" 1 EMPTY "$DENIED"
	rm -f "$d/later"
fi

# A directory on the way that cannot be listed: its entries are unknown.
if [ "$(id -u)" = 0 ]; then
	skip "a directory on the way that cannot be listed is an error" "root lists every directory"
else
	mkdir -p "$T/nr/hidden/secret" && chmod 300 "$T/nr/hidden"
	lb run $U --ro "$T/nr" --deny "$T/nr/hidden/secret" -- true
	verdict "a directory on the way that cannot be listed is an error" 125 EMPTY \
		"^landbox: --ro $T/nr: cannot list $T/nr/hidden to split it around --deny: Permission denied"
	chmod 700 "$T/nr/hidden"
fi

# ---- a deny equal to the grant, a grant inside a denied path, two grants ----
sb "a deny equal to the grant drops it" 1 EMPTY "$DENIED" -- $U --ro "$d/secret" --deny "$d/secret" -- cat "$d/secret/key"
G="$U --ro $d --deny $d/secret --ro $d/secret/key"
sb "a grant inside a denied path wins" 0 '^key-data$' "" -- $G -- cat "$d/secret/key"
sb "a grant inside a denied path: the rest stays denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/secret/sub/k2"
G="$U --ro $d --rw $d/n --deny $d/n/a/b/c"
sb "a deny under two grants: denied" 1 EMPTY "$DENIED" -- $G -- cat "$d/n/a/b/c/f"
sb "a deny under two grants: writing it is denied" 2 EMPTY "$DENIED" -- $G -- sh -c "echo x > '$d/n/a/b/c/f'"
sb "a deny under two grants: a sibling is writable" 0 EMPTY "" -- $G -- sh -c "echo x-data > '$d/n/a/x/f'"

# ---- hard links: not covered, said so ----
ln "$d/secret/key" "$d/n/hardlink"
G="$U --ro $d --deny $d/secret/key"
sb "a denied file with another hard link: warned" 1 EMPTY "has 2 hard links" -- $G -- cat "$d/secret/key"
sb "a denied file with another hard link: the other name stays readable (documented)" 0 '^key-data$' "" -- $G -- cat "$d/n/hardlink"
rm -f "$d/n/hardlink"

# ---- the bound: at most 4096 rules for one grant ----
mkdir -p "$T/big"
(cd "$T/big" && seq -f 'f%g' 1 4096 | xargs touch) && mkdir "$T/big/secret" && echo big-key >"$T/big/secret/key"
# 4097 entries, one denied: 4096 rules, the bound itself.
sb "the bound: 4096 rules are accepted" 0 EMPTY "" -- $U --ro "$T/big" --deny "$T/big/secret" -- cat "$T/big/f1"
touch "$T/big/f4097"
lb run $U --ro "$T/big" --deny "$T/big/secret" -- cat "$T/big/f1"
verdict "the bound: 4097 rules are refused" 125 EMPTY \
	"^landbox: --deny $T/big/secret: expanding --ro $T/big would need 4097 rules \(limit 4096\)"

# ---- exit status 126: the hint knows the program is denied ----
mkdir -p "$d/bin" && cp /usr/bin/true "$d/bin/true" && chmod 755 "$d/bin/true"
if "$d/bin/true" 2>/dev/null; then
	sb "a denied program: 126, the hint names it" 126 EMPTY "hint: the sandbox does not allow executing $d/bin/true" \
		-- $U --rox "$d" --deny "$d/bin" -- "$d/bin/true"
else
	skip "a denied program: 126, the hint names it" "cannot execute files under TMPDIR"
fi
rm -rf "${d:?}/bin"

# ---- profiles ----
cat >"$T/deny.profile" <<EOF
rox /usr
ro $d
deny $d/secret
deny? $d/not-there
EOF
sb "profile: deny denies" 1 EMPTY "$DENIED" -- --profile "$T/deny.profile" -- cat "$d/secret/key"
sb "profile: the rest is readable" 0 '^a-data$' "" -- --profile "$T/deny.profile" -- cat "$d/a"
echo "deny $d/missing" >"$T/bad.profile"
lb run --profile "$T/bad.profile" -- true
verdict "profile: a missing denied path names the line" 125 EMPTY "bad.profile:1: deny $d/missing: No such file"

# ---- --dry-run ----
OKRC=0
[ "$NONE" = 1 ] && OKRC=125
lb run --dry-run $U --ro "$d" --deny "$d/secret" -- true
verdict "dry run: the grant is split" $OKRC "^  $d \(directory, split around --deny\) from --ro" ""
verdict "dry run: the denied path is named" $OKRC "denied beneath: $d/secret" ""
verdict "dry run: the rules made instead are counted" $OKRC "instead: [0-9]+ rule" ""
verdict "dry run: what the split directory loses is said" $OKRC "no rule on $d: they cannot be listed" ""
verdict "dry run: what a deny cannot cover is said" $OKRC "not covered: .*hard links" ""
lb run --dry-run $U --ro "$d" --deny "$d/link" -- true
verdict "dry run: a denied symlink is shown resolved" $OKRC "^  $d/secret from --deny \(given as $d/link\)$" ""
lb run --dry-run $U --ro "$d/secret" --deny "$d/secret" -- true
verdict "dry run: a grant equal to a denied path is dropped" $OKRC "^  $d/secret \(dropped: the path itself is denied" ""
lb run --dry-run $U --ro "$d/n" --deny "$d/secret" -- true
verdict "dry run: a deny no grant contains" $OKRC "no grant contains it" ""
lb run --dry-run --unrestricted-filesystem --ro "$d" --deny "$d/secret" -- true
verdict "--unrestricted-filesystem: --deny denies nothing, said so" $OKRC "unrestricted-filesystem" \
	"--deny denies nothing"

# ---- help ----
lb run --help
verdict "--help lists --deny" 0 "^  --deny PATH" ""

done_testing
