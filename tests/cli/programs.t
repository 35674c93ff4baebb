#!/bin/bash
# SPDX-License-Identifier: MIT
# programs.t - the program profiles python, git, build, curl and archive
# with the real programs doing their real job (http.server serving a page
# to curl, git log/status/commit with the user's identity, make building a
# C project, tar -cJf and xzcat round trip, curl fetching from a local
# server), each unable to read a file of the (fake) home that was not
# granted; --profile auto on each; --private-tmp; and the "programs" line
# of a user's own profile.  ImageMagick is in programs-imagemagick.t.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/programs-lib.sh"
P=$T/proj
mkdir -p "$P"

# ---- --profile auto ----
prog_err "auto: a program no profile claims is refused, with the list" 125 EMPTY \
	"auto: no program profile claims 'true'.*imagemagick \(convert" -- --profile auto -- true
prog_err "auto: needs a COMMAND" 125 "" "auto: the profile is chosen by COMMAND's name" -- --profile auto --dry-run
mkdir -p "$H/.config/landbox/profiles"
printf '# mine\nprograms en?,printenv\ninclude base\nenv MINE=yes\n' >"$H/.config/landbox/profiles/myenv.profile"
prog "auto: a user's profile claims a program with a programs line" 0 '^MINE=yes$' "auto: env is a program of profile myenv" \
	-- --profile auto --log-level info -- env
printf 'programs python3\ninclude base\nenv MINE=python\n' >"$H/.config/landbox/profiles/python.profile"
prog "auto: the user's profile wins over the built-in one" 0 '^MINE=python$' "" \
	-- --profile auto -- "$PY" -S -c 'import os; print("MINE=" + os.environ["MINE"])'
rm -f "$H/.config/landbox/profiles/python.profile"
prog "auto: a later --env wins over the profile's env line" 0 '^MINE=cli$' "" \
	-- --profile auto --env MINE=cli -- env
rm -f "$H/.config/landbox/profiles/myenv.profile"
run env HOME="$H" "$LB" --list-profiles
verdict "auto: --list-profiles names the programs of each program profile" 0 \
	'^ +--profile auto for: convert,.*magick' ""
prog_err "auto: programs is refused on the command line" 125 "" "only valid in a profile" -- --programs ls -- true

# ---- --private-tmp ----
prog "private-tmp: COMMAND gets a new directory as TMPDIR, writable" 0 "^$T/tmp/landbox-tmp\.[A-Za-z0-9]+ made\$" "" \
	-- --profile base --private-tmp -- sh -c 'touch "$TMPDIR/f" && echo "$TMPDIR made"'
no_leftovers "private-tmp: removed after COMMAND exits, with what it holds"
prog "private-tmp: the shared TMPDIR itself stays denied" 1 EMPTY "Permission denied" \
	-- --profile base --private-tmp -- touch "$T/tmp/outside"
prog "private-tmp: nested directories and links are removed, not followed" 0 "" "" \
	-- --profile base --private-tmp -- sh -c 'mkdir -p "$TMPDIR/a/b" && touch "$TMPDIR/a/b/f" && ln -s "$0" "$TMPDIR/a/l"' "$H/Pictures"
no_leftovers "private-tmp: the nested tree is removed"
check "private-tmp: the target of a link inside is untouched" test -s "$H/Pictures/private.txt"

# ---- python ----
if have python3; then
	prog "python: mimetypes reads /etc/mime.types" 0 '^text/' "" \
		-- --profile python -- python3 -c 'import mimetypes; print(mimetypes.guess_type("a.html")[0])'
	prog "python: tempfile works in the private TMPDIR" 0 "^$T/tmp/landbox-tmp" "" \
		-- --profile auto -- python3 -c 'import tempfile; print(tempfile.mkdtemp())'
	prog "python: cannot read a file of the home" 1 EMPTY "PermissionError" \
		-- --profile python -- python3 -c "open('$H/.ssh/id_ecdsa').read()"
	# http.server in the sandbox, curl (or python) outside.
	mkdir -p "$P/www"
	echo "served-by-the-sandbox" >"$P/www/index.html"
	if [ "$NONE" = 1 ] || [ "$ABI" -lt 4 ]; then
		prog_abi 4 "python: http.server serves a page" 0 "" "" \
			-- --profile auto --ro "$P/www" --bind-tcp 0 -- python3 -m http.server -d "$P/www" 0
	else
		env PATH="$PPATH" HOME="$H" TMPDIR="$T/tmp" "$LB" run -q --profile auto --ro "$P/www" --bind-tcp 0 \
			-- python3 -u -m http.server --bind 127.0.0.1 -d "$P/www" 0 >"$T/httpd.out" 2>"$T/httpd.err" &
		HTTPD=$!
		bg_track $HTTPD
		i=0
		until grep -q 'port [0-9]' "$T/httpd.out" 2>/dev/null || [ $i -gt 500 ]; do sleep 0.02; i=$((i + 1)); done
		HPORT=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$T/httpd.out" | head -n 1)
		if [ -n "$HPORT" ]; then
			run "$PY" -S -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$HPORT/index.html', timeout=5).read().decode().strip())"
			verdict "python: http.server serves a page" 0 '^served-by-the-sandbox$' ""
			run "$PY" -S -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$HPORT/../../home/.ssh/id_ecdsa', timeout=5).read())"
			if grep -q "$SECRET" "$T/out"; then fail "python: http.server does not serve the home"
			else pass "python: http.server does not serve the home"; fi
		else
			fail "python: http.server serves a page" "no port: $(cat "$T/httpd.out" "$T/httpd.err")"
			skip "python: http.server does not serve the home" "the server did not start"
		fi
		# landbox forwards the signal; then it removes the private TMPDIR.
		kill "$HTTPD" 2>/dev/null
		wait "$HTTPD" 2>/dev/null
		no_leftovers "python: the server's private TMPDIR is removed when it is stopped"
	fi
else
	skip "python" "python3 is not installed in /usr/bin"
fi

# ---- git ----
if have git; then
	printf '[user]\n\tname = Landbox Tester\n\temail = tester@landbox.invalid\n' >"$H/.gitconfig"
	R=$P/repo
	mkdir -p "$R"
	g() { HOME=$H git -C "$R" "$@"; }
	g init -q && echo one >"$R/f" && g add f && g commit -qm first
	# A hook the profile must not run (and must not stop the commit).
	printf '#!/bin/sh\necho hook-ran > "%s/hook-ran"\n' "$T" >"$R/.git/hooks/pre-commit"
	chmod 755 "$R/.git/hooks/pre-commit"
	prog "git: log shows the history" 0 '^first$' "" -- --profile auto --ro "$R" -- git -C "$R" log --format=%s
	prog "git: status works" 0 "nothing to commit|On branch" "" -- --profile git --rw "$R" -- git -C "$R" status
	prog "git: the identity comes from ~/.gitconfig" 0 '^tester@landbox\.invalid$' "" \
		-- --profile git --ro "$R" -- git -C "$R" config user.email
	echo two >"$R/f"
	prog "git: commit works, with a hook present" 0 "" "" -- --profile auto --rw "$R" -- git -C "$R" commit -qam second
	check "git: the commit has the user's identity" \
		test "$(g log -1 --format='%an <%ae>' 2>/dev/null)" = "Landbox Tester <tester@landbox.invalid>"
	check "git: the hook was not run" test ! -e "$T/hook-ran"
	prog "git: cannot read a file of the home" 128 EMPTY "" \
		-- --profile git --ro "$R" -- git -C "$R" hash-object "$H/.ssh/id_ecdsa"
	prog "git: cannot write to the home" 255 "" "Permission denied" \
		-- --profile git --rw "$R" -- git -C "$R" config --global user.name Attacker
	check "git: ~/.gitconfig is unchanged" grep -q 'Landbox Tester' "$H/.gitconfig"
else
	skip "git" "git is not installed"
fi

# ---- build ----
if have make && have cc; then
	B=$P/hello
	mkdir -p "$B"
	cat >"$B/Makefile" <<'EOF'
hello: main.o greet.o
	$(CC) -o $@ main.o greet.o
%.o: %.c greet.h
	$(CC) -O2 -c -o $@ $<
steal:
	cat $(HOME)/.ssh/id_ecdsa
EOF
	printf 'const char *greet(void);\n' >"$B/greet.h"
	printf '#include "greet.h"\nconst char *greet(void) { return "built-in-a-sandbox"; }\n' >"$B/greet.c"
	printf '#include <stdio.h>\n#include "greet.h"\nint main(void) { puts(greet()); return 0; }\n' >"$B/main.c"
	prog "build: make builds a C project" 0 "" "" -- --profile auto --rw "$B" -- make -s -C "$B"
	if [ "$NONE" = 1 ]; then skip "build: the program built works" "no Landlock"
	elif "$B/hello" >/dev/null 2>&1; then
		check "build: the program built works" test "$("$B/hello" 2>/dev/null)" = built-in-a-sandbox
	else skip "build: the program built works" "cannot execute files under TMPDIR"; fi
	prog "build: cc compiles and links in one step (private TMPDIR)" 0 "" "" \
		-- --profile auto --rw "$B" -- cc -o "$B/hello2" "$B/main.c" "$B/greet.c"
	no_leftovers "build: no temporary file is left"
	prog "build: a recipe cannot read the home" 2 "" "Permission denied" \
		-- --profile build --rw "$B" -- env HOME="$H" make -s -C "$B" steal
	if have pkg-config; then
		prog "build: pkg-config runs" 0 '^[0-9]' "" -- --profile auto -- pkg-config --version
	else
		skip "build: pkg-config runs" "pkg-config is not installed"
	fi
else
	skip "build" "make or cc is not installed"
fi

# ---- archive ----
if have tar && have xz; then
	A=$P/arch
	mkdir -p "$A/in/data" "$A/out"
	echo "archived-content" >"$A/in/data/file.txt"
	prog "archive: tar -cJf makes an xz archive" 0 EMPTY "" \
		-- --profile auto --ro "$A/in" --rw "$A/out" -- tar -cJf "$A/out/d.tar.xz" -C "$A/in" data
	prog "archive: xzcat reads it back" 0 "" "" -- --profile auto --ro "$A/out" -- xzcat "$A/out/d.tar.xz"
	if [ "$NONE" = 1 ]; then skip "archive: the round trip gives the file back" "no Landlock"
	else
		check "archive: the round trip gives the file back" \
			test "$(tar -xOf - data/file.txt <"$T/out" 2>/dev/null)" = archived-content
	fi
	prog "archive: tar cannot archive the home" 2 "" "Permission denied" \
		-- --profile archive --rw "$A/out" -- tar -cf "$A/out/home.tar" -C "$H" .ssh
	# An archive whose member climbs out of the destination.
	mkdir -p "$T/evil/x"
	echo "planted" >"$T/evil/x/authorized_keys"
	tar -cf "$A/in/evil.tar" -C "$T/evil" --transform "s,^x,../../../home/.ssh," x/authorized_keys 2>/dev/null
	prog "archive: extracting cannot write outside the destination" 2 "" "Permission denied" \
		-- --profile archive --ro "$A/in" --rw "$A/out" -- tar -xf "$A/in/evil.tar" -C "$A/out" -P
	check "archive: nothing was planted in the home" test ! -e "$H/.ssh/authorized_keys"
	for z in gzip bzip2 zstd; do
		if have $z; then
			prog "archive: $z compresses through --profile auto" 0 "" "" \
				-- --profile auto --ro "$A/in" --rw "$A/out" -- $z -q -c "$A/in/data/file.txt"
		else
			skip "archive: $z compresses through --profile auto" "$z is not installed"
		fi
	done
	if have unzip; then
		"$PY" -S -c "import zipfile; z = zipfile.ZipFile('$A/in/a.zip', 'w'); z.writestr('z.txt', 'zipped-content'); z.close()"
		prog "archive: unzip extracts" 0 "" "" -- --profile auto --ro "$A/in" --rw "$A/out" -- unzip -q -o "$A/in/a.zip" -d "$A/out"
		if [ "$NONE" = 1 ]; then skip "archive: unzip wrote the file" "no Landlock"
		else check "archive: unzip wrote the file" grep -q zipped-content "$A/out/z.txt"; fi
	else
		skip "archive: unzip extracts" "unzip is not installed"
		skip "archive: unzip wrote the file" "unzip is not installed"
	fi
else
	skip "archive" "tar or xz is not installed"
fi

# ---- curl ----
if have curl; then
	mkdir -p "$P/site"
	echo "fetched-page" >"$P/site/page.html"
	cat >"$T/site.py" <<'EOF'
import functools, http.server, os, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
s = http.server.HTTPServer(("127.0.0.1", 0), h)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.timeout = 1
import time
end = time.time() + 120
while time.time() < end:
    s.handle_request()
EOF
	"$PY" "$T/site.py" "$P/site" "$T/site.port" 2>/dev/null &
	bg_track $!
	if wait_file "$T/site.port"; then
		SP=$(cat "$T/site.port")
		prog_abi 4 "curl: fetches from a local server" 0 '^fetched-page$' "" \
			-- --profile auto --connect-tcp "$SP" -- curl -sS "http://127.0.0.1:$SP/page.html"
		prog_abi 4 "curl: another port is denied" 7 EMPTY "" \
			-- --profile curl -- curl -sS "http://127.0.0.1:$SP/page.html"
		mkdir -p "$P/dl"
		prog_abi 4 "curl: -o writes where granted" 0 EMPTY "" \
			-- --profile curl --connect-tcp "$SP" --rw "$P/dl" -- curl -sS -o "$P/dl/p.html" "http://127.0.0.1:$SP/page.html"
	else
		for d in "fetches from a local server" "another port is denied" "-o writes where granted"; do
			skip "curl: $d" "the local server did not start"
		done
	fi
	prog_abi 4 "curl: cannot read a file of the home" 37 EMPTY "" -- --profile curl -- curl -sS "file://$H/.ssh/id_ecdsa"
else
	skip "curl" "curl is not installed"
fi

done_testing
