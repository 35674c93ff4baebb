# SPDX-License-Identifier: MIT
# ImageMagick (convert, identify, mogrify, magick) with its security policy in force
#
#     landbox run --profile imagemagick --ro in --rw out -- convert in/a.svg out/a.png
# or, choosing the profile by the program's name:
#     landbox run --profile auto --ro in --rw out -- convert in/a.svg out/a.png
# Grant the images yourself: --ro for what it reads, --rw for the directory
# it writes to.  Nothing of your home is granted.
#
# What it grants, and why:
# - everything of the base profile: the programs, ImageMagick's coder
#   modules and delegates' programs in /usr, the libraries (librsvg, libpng,
#   fontconfig, ...), the fonts and colour profiles of /usr/share;
# - read on ImageMagick's configuration, /etc/ImageMagick-6 (Debian,
#   Ubuntu) or /etc/ImageMagick-7 (Fedora, Arch, ImageMagick 7): above all
#   policy.xml, the security policy.  Debian's bans the coders that
#   ImageTragick (CVE-2016-3714) and later holes went through (PS, EPS, PDF,
#   XPS, URL, HTTP(S), "@file" indirection) and limits memory, disk and
#   picture sizes.  Without this rule ImageMagick runs all the same, but
#   silently with its built-in policy, which allows everything
#   (`convert -list policy` then says "Path: [built-in]");
# - read on the fontconfig configuration and cache (/etc/fonts,
#   /var/cache/fontconfig), which text and SVG rendering look up;
# - private-tmp: a new temporary directory for each run, as TMPDIR, removed
#   afterwards.  ImageMagick writes temporary files for SVG, delegates and
#   big pictures (magick-*), and would leave them behind in a shared /tmp;
# - the variables that steer ImageMagick, when you have them set:
#   MAGICK_CONFIGURE_PATH (more configuration directories: grant them with
#   --ro), MAGICK_HOME, the resource limits MAGICK_AREA_LIMIT,
#   MAGICK_DISK_LIMIT, MAGICK_MEMORY_LIMIT, MAGICK_MAP_LIMIT,
#   MAGICK_THREAD_LIMIT, MAGICK_TIME_LIMIT, and the locale (LANG, LC_ALL).
#
# What it does not grant: your home (~/.config/ImageMagick is not read: a
# policy there could only loosen Debian's), the shared /tmp, the network
# (the URL and HTTP coders are banned by the policy anyway; on kernels with
# Landlock ABI 4 and later a delegate that tries to connect out is denied),
# any writing outside the private temporary directory.  What an injected
# command of a delegate (the ImageTragick class of hole) may do is what this
# profile and your --ro/--rw grant: not reading ~/.ssh, not writing
# ~/.ssh/authorized_keys, not connecting out.
programs convert,convert-im6,convert-im6.*,identify,identify-im6,identify-im6.*,mogrify,mogrify-im6,mogrify-im6.*,magick,montage,composite,compare,stream

include base
ro? /etc/ImageMagick-6
ro? /etc/ImageMagick-7
ro? /etc/fonts
ro? /var/cache/fontconfig
private-tmp
env MAGICK_CONFIGURE_PATH
env MAGICK_HOME
env MAGICK_AREA_LIMIT
env MAGICK_DISK_LIMIT
env MAGICK_MEMORY_LIMIT
env MAGICK_MAP_LIMIT
env MAGICK_THREAD_LIMIT
env MAGICK_TIME_LIMIT
env LANG
env LC_ALL
