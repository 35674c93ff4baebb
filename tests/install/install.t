#!/bin/bash
# SPDX-License-Identifier: MIT
# install.t - `make; make install PREFIX=/usr`: what is installed follows the
# install-time directories, not those of the earlier `make`.  Builds a fresh
# copy into $TMPDIR (make BUILD=...; the source tree is only read, so this
# also runs from a read-only tree), installs into a DESTDIR there (never the
# real /usr), then checks the installed landbox.pc, compiles and runs a
# program through it against the installed library, and checks the profile
# directories compiled into the installed landbox.  Run once by `make check`
# (the Landlock ABI plays no part).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/install/tap.sh"
command -v make >/dev/null 2>&1 || skip_all "no make"
command -v "${CC:-cc}" >/dev/null 2>&1 || skip_all "no C compiler (${CC:-cc})"
T=$(mktemp -d "${TMPDIR:-/tmp}/lbinstall.XXXXXX") || skip_all "cannot create a directory under ${TMPDIR:-/tmp}"
trap 'rm -rf "$T"' EXIT
B=$T/build
DEST=$T/dest
# A make of its own: not the variables of a `make check` that runs this.
# (a package build runs `make check PREFIX=/usr LIBDIR=...`: make exports them)
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u SAN -u BUILD -u DESTDIR -u PREFIX -u BINDIR \
	-u LIBDIR -u INCDIR -u MANDIR -u DATADIR -u SYSCONFDIR \
	make -C "$ROOT" --no-print-directory BUILD="$B" SAN= CFLAGS=-O0 "$@" >>"$T/make.log" 2>&1; }

# 1. make with the default prefix (/usr/local), as a user would first.
if mk -j2 all; then ok "make: builds with the default prefix"
else nok "make: builds with the default prefix" "$(tail -20 "$T/make.log")"; echo "1..$n"; exit 1; fi
grep -q '^prefix=/usr/local$' "$B/landbox.pc" && ok "make: landbox.pc says /usr/local" ||
	nok "make: landbox.pc says /usr/local" "$(cat "$B/landbox.pc")"
before=$(stat -c %y "$B/obj/lib/probe.o" "$B/obj/cli/policy/build.o" "$B/obj/cli/policy/profile.o")

# 2. make install with another prefix and system directory.
if mk install PREFIX=/usr SYSCONFDIR=/opt/lbtest-etc DESTDIR="$DEST"; then ok "make install PREFIX=/usr: succeeds"
else nok "make install PREFIX=/usr: succeeds" "$(tail -20 "$T/make.log")"; echo "1..$n"; exit 1; fi
PC=$DEST/usr/lib/pkgconfig/landbox.pc
for want in prefix=/usr libdir=/usr/lib includedir=/usr/include; do
	grep -qx "$want" "$PC" && ok "installed landbox.pc: $want" ||
		nok "installed landbox.pc: $want" "$(cat "$PC" 2>&1)"
done
# Only what embeds a directory was rebuilt (the stamp is precise).
after=$(stat -c %y "$B/obj/lib/probe.o" "$B/obj/cli/policy/build.o" "$B/obj/cli/policy/profile.o")
[ "$(echo "$before" | sed -n 1,2p)" = "$(echo "$after" | sed -n 1,2p)" ] &&
	ok "make install: objects without directories are not rebuilt" ||
	nok "make install: objects without directories are not rebuilt" "$before" "$after"
[ "$(echo "$before" | sed -n 3p)" != "$(echo "$after" | sed -n 3p)" ] &&
	ok "make install: cli/policy/profile.o (the profile directories) is rebuilt" ||
	nok "make install: cli/policy/profile.o (the profile directories) is rebuilt"

# 3. A program built through the installed landbox.pc, run against the installed library.
cat >"$T/prog.c" <<'C'
#include <stdio.h>
#include <landbox.h>
int main(void)
{
	struct lb_sandbox *sb = lb_new();
	printf("abi %d %s\n", lb_abi(), sb ? "new" : "none");
	lb_free(sb);
	return sb ? 0 : 1;
}
C
if command -v pkg-config >/dev/null 2>&1; then
	flags=$(PKG_CONFIG_SYSROOT_DIR=$DEST PKG_CONFIG_LIBDIR=$DEST/usr/lib/pkgconfig \
		pkg-config --cflags --libs landbox)
	how=pkg-config
else
	# The same, read by hand: the sysroot before each directory.
	flags="-I$DEST$(sed -n 's/^includedir=//p' "$PC") -L$DEST$(sed -n 's/^libdir=//p' "$PC") -llandbox"
	how="landbox.pc read by sed (no pkg-config)"
fi
case $flags in
*"-I$DEST/usr/include"*"-L$DEST/usr/lib"* | *"-L$DEST/usr/lib"*"-I$DEST/usr/include"*)
	ok "landbox.pc gives the installed directories ($how)" ;;
*) nok "landbox.pc gives the installed directories ($how)" "flags: $flags" ;;
esac
# shellcheck disable=SC2086
if "${CC:-cc}" -o "$T/prog" "$T/prog.c" $flags -Wl,-rpath,"$DEST/usr/lib" 2>"$T/cc.err"; then
	ok "a program compiles and links through the installed landbox.pc"
	out=$("$T/prog" 2>&1)
	case $out in
	"abi "[0-9]*" new") ok "it runs against the installed library" ;;
	*) nok "it runs against the installed library" "output: $out" ;;
	esac
	if command -v ldd >/dev/null 2>&1; then
		ldd "$T/prog" | grep -q "liblandbox.so.0 => $DEST/usr/lib/" &&
			ok "it loads liblandbox from the installed directory" ||
			nok "it loads liblandbox from the installed directory" "$(ldd "$T/prog")"
	fi
else
	nok "a program compiles and links through the installed landbox.pc" "$(cat "$T/cc.err")"
fi

# 4. The installed landbox looks for profiles where they were installed.
LB=$DEST/usr/bin/landbox
err=$("$LB" run --profile lbtest-no-such-profile -- true 2>&1)
case $err in
*"/usr/share/landbox/profiles"*) ok "installed landbox: profiles in /usr/share/landbox/profiles" ;;
*) nok "installed landbox: profiles in /usr/share/landbox/profiles" "$err" ;;
esac
case $err in
*"/opt/lbtest-etc/landbox/profiles"*) ok "installed landbox: system profiles in SYSCONFDIR" ;;
*) nok "installed landbox: system profiles in SYSCONFDIR" "$err" ;;
esac
case $err in
*/usr/local/*) nok "installed landbox: nothing of /usr/local left" "$err" ;;
*) ok "installed landbox: nothing of /usr/local left" ;;
esac
"$LB" --help | grep -q "/opt/lbtest-etc/landbox/profiles" && ok "installed landbox: --help names SYSCONFDIR" ||
	nok "installed landbox: --help names SYSCONFDIR"
[ -f "$DEST/usr/share/landbox/profiles/base.profile" ] && ok "profiles installed in /usr/share" ||
	nok "profiles installed in /usr/share"
# The installed man pages name the directories of this install (DATADIR,
# SYSCONFDIR), as the installed landbox does, and nothing of /usr/local.
M5=$DEST/usr/share/man/man5/landbox-profile.5
grep -q '/usr/share/landbox/profiles/' "$M5" && ok "installed landbox-profile(5): profiles in /usr/share" ||
	nok "installed landbox-profile(5): profiles in /usr/share" "$(grep -n 'landbox/profiles' "$M5" 2>&1 | head)"
grep -q '/opt/lbtest-etc/landbox/profiles/' "$M5" && ok "installed landbox-profile(5): system profiles in SYSCONFDIR" ||
	nok "installed landbox-profile(5): system profiles in SYSCONFDIR"
left=$(grep -n -e '/usr/local/share/landbox' -e '/etc/landbox/profiles' \
	"$DEST/usr/share/man/man1/landbox.1" "$DEST/usr/share/man/man3/landbox.3" "$M5" 2>&1)
[ -z "$left" ] && ok "installed man pages: no other profile directory left" ||
	nok "installed man pages: no other profile directory left" "$left"

# The completions, where each shell looks: bash-completion and fish load a
# file by the command's name (one per personality), zsh reads #compdef.
missing=""
for f in bash-completion/completions/landbox bash-completion/completions/landrun \
	zsh/vendor-completions/_landbox fish/vendor_completions.d/landbox.fish \
	fish/vendor_completions.d/landrun.fish fish/vendor_completions.d/landbox-sandboxer.fish; do
	[ -s "$DEST/usr/share/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "bash, zsh and fish completions installed in /usr/share" ||
	nok "bash, zsh and fish completions installed in /usr/share" "missing:$missing"
# 5. A second install changes nothing, and a plain make goes back to /usr/local.
mk install PREFIX=/usr SYSCONFDIR=/opt/lbtest-etc DESTDIR="$DEST" && ok "make install again: succeeds" ||
	nok "make install again: succeeds"
: >"$T/make.log"
mk all && grep -q '^prefix=/usr/local$' "$B/landbox.pc" &&
	"$B/landbox" run --profile lbtest-no-such-profile -- true 2>&1 | grep -q /usr/local/share/landbox/profiles &&
	ok "make again: back to /usr/local" || nok "make again: back to /usr/local" "$(tail "$T/make.log")"
echo "1..$n"
