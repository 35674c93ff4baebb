#!/bin/bash
# SPDX-License-Identifier: MIT
# profiles.t - --profile: the built-in profiles (base, tty, net-client, tmp)
# with real programs (python3, curl against a local python3 HTTP server,
# ImageMagick's convert when really installed, stty/tty under a pty), and
# profile files: comments, include, variables, the user search path,
# merging with command-line options.  Bad profiles are in errors.t.
. "$(dirname "$0")/lib.sh"
make_tree
make_py
DENIED='Permission denied'
B="--profile base"

# ---- base ----
sb "base: /usr/bin/true starts" 0 EMPTY "" -- $B -- /usr/bin/true
sb "base: a program found on PATH starts" 0 '^hello$' "" -- $B -- echo hello
sb "base: python3 runs with its standard library" 0 '^\{"a": 1\}$' "" \
	-- $B -- "$PY" -c 'import json; print(json.dumps({"a": 1}))'
sb "base: libc reads /etc/passwd" 0 "^$(id -un)\$" "" -- $B -- id -un
sb "base: /dev/null is readable" 0 EMPTY "" -- $B -- cat /dev/null
sb "base: /dev/zero is readable" 0 '^4$' "" -- $B -- sh -c 'head -c 4 /dev/zero | wc -c'
sb "base: /dev/urandom is readable" 0 '^8$' "" -- $B -- sh -c 'head -c 8 /dev/urandom | wc -c'
sb "base: /proc/self is readable" 0 '^Name:' "" -- $B -- cat /proc/self/status
sb "base: shell pipelines work" 0 '^3$' "" -- $B -- sh -c 'printf "a\nb\nc\n" | sort | wc -l'
sb "base: files outside are denied" 1 EMPTY "$DENIED" -- $B -- cat "$D/data/f"
sb "base: nothing is writable" 1 EMPTY "$DENIED" -- $B -- touch "$D/w/base-new"
sb "base: the temporary directory is denied" 2 EMPTY "$DENIED" -- $B -- ls "$T"
sb "base: combines with command-line options" 0 '^secret-data$' "" -- $B --ro "$D/data" -- cat "$D/data/f"
sb "base: can be given twice" 0 EMPTY "" -- $B $B -- /usr/bin/true
sb "base: --profile=base form is accepted" 0 EMPTY "" -- --profile=base -- /usr/bin/true

# ---- tmp ----
mkdir -p "$T/tA" "$T/tB"
tmprun() { # tmprun DESC RC OUT ERR -- ARGS: landbox with TMPDIR=$T/tA
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run env TMPDIR="$T/tA" "$LB" run "$@"
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"; else verdict "$d" "$rc" "$o" "$e"; fi
}
tmprun "tmp: TMPDIR is writable" 0 EMPTY "" -- $B --profile tmp -- touch "$T/tA/x"
tmprun "tmp: TMPDIR is readable" 0 '^x$' "" -- $B --profile tmp -- ls "$T/tA"
tmprun "tmp: TMPDIR files can be removed" 0 EMPTY "" -- $B --profile tmp -- rm "$T/tA/x"
tmprun "tmp: outside TMPDIR is not writable" 1 EMPTY "$DENIED" -- $B --profile tmp -- touch "$T/tB/x"
tmprun "tmp: python3 tempfile works in TMPDIR" 0 "^$T/tA/" "" \
	-- $B --profile tmp --env TMPDIR -- "$PY" -c 'import tempfile; print(tempfile.mkdtemp())'
tmprun "tmp: without it TMPDIR is denied" 1 EMPTY "$DENIED" -- $B -- touch "$T/tA/y"
run env -u TMPDIR "$LB" run --dry-run $B --profile tmp -- true
if [ "$NONE" = 1 ] && [ "$RC" = 125 ]; then verdict "tmp: without TMPDIR it grants /tmp" 125 "" "$HINT_RE"
else verdict "tmp: without TMPDIR it grants /tmp" 0 '/tmp' ""; fi

# ---- net-client ----
mkdir -p "$T/www"
echo served-file >"$T/www/hello.txt"
cat >"$T/py/webserver.py" <<'EOF'
import functools, http.server, os, sys, threading, time
port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), h)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
threading.Timer(60, srv.shutdown).start()
srv.serve_forever()
EOF
http_start() { # http_start READYFILE [PORT]
	"$PY" -S "$T/py/webserver.py" "$T/www" "$1" ${2:-} 2>/dev/null &
	bg_track $!
	local i=0 p=$!
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		{ [ $i -gt 1000 ] || ! kill -0 $p 2>/dev/null; } && return 1
		sleep 0.02
	done
}
N="$B --profile net-client"
if ! command -v curl >/dev/null; then
	for d in "curl fetches from an allowed port" "curl is denied another port" \
		"--best-effort runs below ABI 4" "port 80 is allowed"; do
		skip "net-client: $d" "no curl"
	done
elif ! http_start "$T/http.ready"; then
	for d in "curl fetches from an allowed port" "curl is denied another port" \
		"--best-effort runs below ABI 4" "port 80 is allowed"; do
		skip "net-client: $d" "cannot start a local HTTP server"
	done
else
	HP=$(cat "$T/http.ready")
	URL=http://127.0.0.1:$HP/hello.txt
	sb_abi 4 "net-client: curl fetches from an allowed port" 0 '^served-file$' "" -- $N --connect-tcp "$HP" -- curl -sS "$URL"
	# curl exits 7 (could not connect) when connect(2) is denied.
	sb_abi 4 "net-client: curl is denied another port" 7 EMPTY "$DENIED|[Ff]ailed to connect" -- $N -- curl -sS "$URL"
	run "$LB" run --best-effort $N -- curl -sS "$URL"
	if [ "$ENF" -ge 4 ]; then verdict "net-client: --best-effort runs below ABI 4" 7 EMPTY ""
	else verdict "net-client: --best-effort runs below ABI 4" 0 '^served-file$' '^landbox:'; fi
	if http_start "$T/http80.ready" 80; then
		sb_abi 4 "net-client: port 80 is allowed" 0 '^served-file$' "" -- $N -- curl -sS http://127.0.0.1/hello.txt
	else
		skip "net-client: port 80 is allowed" "cannot listen on 127.0.0.1:80"
	fi
fi
if [ -e /etc/resolv.conf ]; then
	sb_abi 4 "net-client: resolver configuration is readable" 0 "" "" -- $N -- cat /etc/resolv.conf
else
	skip "net-client: resolver configuration is readable" "no /etc/resolv.conf"
fi
if [ -d /etc/ssl/certs ]; then
	sb_abi 4 "net-client: TLS certificates are readable" 0 "" "" -- $N -- ls /etc/ssl/certs
else
	skip "net-client: TLS certificates are readable" "no /etc/ssl/certs"
fi
sb_abi 4 "net-client: still nothing writable" 1 EMPTY "$DENIED" -- $N -- touch "$D/w/nc"

# ---- tty (under a pseudo-terminal made by script(1)) ----
if command -v script >/dev/null && timeout 10 script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	ttyrun() { # ttyrun DESC RC OUT -- ARGS
		local d=$1 rc=$2 o=$3 q
		shift 3
		[ "${1:-}" = -- ] && shift
		q="'$LB' run"
		for a in "$@"; do q="$q '$a'"; done
		LAST="script -qec \"$q\""
		timeout 20 script -qec "$q" /dev/null </dev/null 2>"$T/err" | tr -d '\r' >"$T/out"
		RC=${PIPESTATUS[0]}
		if [ "$NONE" = 1 ]; then verdict "$d" 125 "$HINT_RE" ""; else verdict "$d" "$rc" "$o" ""; fi
	}
	ttyrun "tty: /dev/tty is writable" 0 '^on-tty$' -- $B --profile tty -- sh -c 'echo on-tty > /dev/tty'
	ttyrun "tty: without it /dev/tty is denied" 2 "$DENIED" -- $B -- sh -c 'echo on-tty > /dev/tty'
	ttyrun "tty: terminal ioctls on /dev/tty work" 0 '^[0-9]+ [0-9]+$' -- $B --profile tty -- stty -F /dev/tty size
	ttyrun "tty: without it stty on /dev/tty is denied" 1 "$DENIED" -- $B -- stty -F /dev/tty size
	ttyrun "tty: tty(1) names the terminal" 0 '^/dev/pts/[0-9]+$' -- $B --profile tty -- tty
	# ioctl_dev (ABI 5): --ro opens the terminal but grants no ioctl on it
	# (--same-session: detached from the terminal, /dev/tty would not open);
	# the terminal inherited as stdin was opened outside and keeps its ioctls.
	if [ "$ENF" -ge 5 ]; then
		ttyrun "tty: --ro /dev/tty grants no terminal ioctl" 1 "$DENIED" -- $B --same-session --ro /dev/tty -- stty -F /dev/tty size
	else
		ttyrun "tty: --ro /dev/tty grants no terminal ioctl" 0 '^[0-9]+ [0-9]+$' -- $B --same-session --ro /dev/tty -- stty -F /dev/tty size
	fi
	ttyrun "tty: the inherited terminal keeps its ioctls" 0 '^[0-9]+ [0-9]+$' -- $B -- stty size
else
	for d in "/dev/tty is writable" "without it /dev/tty is denied" "terminal ioctls on /dev/tty work" \
		"without it stty on /dev/tty is denied" "tty(1) names the terminal" \
		"--ro /dev/tty grants no terminal ioctl" "the inherited terminal keeps its ioctls"; do
		skip "tty: $d" "no script(1) or no pseudo-terminals"
	done
fi

# ---- ImageMagick's convert (the real one only) ----
CONVERT=/usr/bin/convert
if [ -x "$CONVERT" ] && ! grep -q 'Stands in for ImageMagick' "$CONVERT" 2>/dev/null &&
	mkdir -p "$T/img" "$T/imgout" && "$CONVERT" -size 8x8 xc:red "$T/img/in.png" 2>/dev/null; then
	I="$B --profile tmp --env TMPDIR"
	[ -d /etc/ImageMagick-6 ] && I="$I --ro /etc/ImageMagick-6"
	[ -d /etc/ImageMagick-7 ] && I="$I --ro /etc/ImageMagick-7"
	tmprun "convert: converts a PNG to GIF" 0 EMPTY "" -- $I --ro "$T/img" --rw "$T/imgout" -- "$CONVERT" "$T/img/in.png" "$T/imgout/out.gif"
	if [ "$NONE" = 1 ]; then skip "convert: the GIF was written" "no Landlock"
	else check "convert: the GIF was written" grep -q '^GIF8' "$T/imgout/out.gif"; fi
	# (ImageMagick reports the errno of its last attempt, not always EACCES)
	tmprun "convert: writing outside the rules is denied" 1 EMPTY "$DENIED|unable to open" -- $I --ro "$T/img" -- "$CONVERT" "$T/img/in.png" "$T/tB/out.gif"
	check "convert: nothing was written outside the rules" test ! -e "$T/tB/out.gif"
	tmprun "convert: reading outside the rules is denied" 1 EMPTY "$DENIED|unable to open" -- $I --rw "$T/imgout" -- "$CONVERT" "$T/img/in.png" "$T/imgout/out2.gif"
else
	for d in "converts a PNG to GIF" "the GIF was written" "writing outside the rules is denied" \
		"nothing was written outside the rules" \
		"reading outside the rules is denied"; do
		skip "convert: $d" "ImageMagick is not installed"
	done
fi

# ---- profile files ----
mkdir -p "$T/p" "$T/home/.config/landbox/profiles" "$T/home/notes"
echo note >"$T/home/notes/n"
cat >"$T/p/one.profile" <<EOF
# A profile: one option per line, without the dashes.

rox /usr
ro \${TMPDIR}/tree/data
   # an indented comment
include $T/p/two.profile
EOF
printf 'ro %s\n' "$D/other" >"$T/p/two.profile"
prun() { # prun DESC RC OUT ERR -- ARGS: landbox with TMPDIR=$T HOME=$T/home
	local d=$1 rc=$2 o=$3 e=$4
	shift 4
	[ "${1:-}" = -- ] && shift
	run env TMPDIR="$T" HOME="$T/home" "$LB" run "$@"
	if [ "$NONE" = 1 ]; then verdict "$d" 125 "" "$HINT_RE"; else verdict "$d" "$rc" "$o" "$e"; fi
}
prun "file: a profile file grants its rules" 0 '^secret-data$' "" -- --profile "$T/p/one.profile" -- cat "$D/data/f"
prun "file: an included profile grants its rules" 0 '^other-data$' "" -- --profile "$T/p/one.profile" -- cat "$D/other/f"
prun "file: what no line grants is denied" 1 EMPTY "$DENIED" -- --profile "$T/p/one.profile" -- cat "$D/w/f"
prun "file: command-line options add to it" 0 '^w-data$' "" -- --profile "$T/p/one.profile" --ro "$D/w" -- cat "$D/w/f"
printf 'rox /usr\nro ${HOME}/notes\n' >"$T/p/home.profile"
prun "file: \${HOME} is expanded" 0 '^note$' "" -- --profile "$T/p/home.profile" -- cat "$T/home/notes/n"
printf 'rox /usr\nro ${PWD}/data\n' >"$T/p/pwd.profile"
here=$PWD
cd "$D" || exit 1
prun "file: \${PWD} is expanded" 0 '^secret-data$' "" -- --profile "$T/p/pwd.profile" -- cat "$D/data/f"
cd "$here" || exit 1
printf 'include base\nro %s\n' "$D/data" >"$T/p/inc.profile"
prun "file: include of a built-in profile" 0 '^secret-data$' "" -- --profile "$T/p/inc.profile" -- cat "$D/data/f"
printf 'rox /usr\nenv FOO=from-profile\nro %s,%s\n' "$D/data" "$D/other" >"$T/p/misc.profile"
prun "file: env lines set the environment" 0 '^FOO=from-profile$' "" -- --profile "$T/p/misc.profile" -- env
prun "file: comma lists work in a profile" 0 '^other-data$' "" -- --profile "$T/p/misc.profile" -- cat "$D/other/f"
printf 'rox /usr\nunrestricted-network\n' >"$T/p/net.profile"
prun "file: flag lines work in a profile" 0 '^connected' "" -- --profile "$T/p/net.profile" -- "$PY" -S -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.create_connection(s.getsockname(), timeout=5); print("connected")'
# The user's profile directory, searched before the built-ins.
printf 'rox /usr\nro %s\n' "$D/other" >"$T/home/.config/landbox/profiles/mine.profile"
prun "search: ~/.config/landbox/profiles is searched" 0 '^other-data$' "" -- --profile mine -- cat "$D/other/f"
printf 'rox /usr\nro %s\n' "$D/w" >"$T/home/.config/landbox/profiles/base.profile"
prun "search: a user profile shadows a built-in" 0 '^w-data$' "" -- --profile base -- cat "$D/w/f"
rm -f "$T/home/.config/landbox/profiles/base.profile"
prun "search: a path wins over a profile name" 0 '^secret-data$' "" -- --profile "$T/p/one.profile" -- cat "$D/data/f"

done_testing
