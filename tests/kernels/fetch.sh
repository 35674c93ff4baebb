#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/kernels/fetch.sh - everything the real-kernel matrix needs, fetched
# once and cached in tests/kernels/cache/ (git-ignored):
#
#   - qemu-system-x86, busybox-static and cpio, installed with apt-get when
#     missing (needs root; CI runs as root);
#   - Debian's generic kernels, the newest of each series, downloaded with
#     `apt-get download`:
#       6.1   linux-image-6.1.0-*-amd64-unsigned        Landlock ABI 2
#       6.12  linux-image-6.12.*-amd64-unsigned         ABI 6
#       7.2   linux-binary-7.2.*-amd64 (sid)            ABI 10
#       7.3   linux-binary-7.3*-amd64 (experimental)    ABI 11
#     The generic flavour is the one that ships the 9p modules; the cloud
#     flavour has none.  6.x come from the machine's own apt sources; 7.x
#     through a private apt configuration in cache/apt/ (the machine's
#     /etc/apt is neither used nor changed for them).  From 7.x Debian
#     splits a kernel into linux-binary-VER (usr/lib/modules/VER/vmlinuz)
#     and linux-modules-VER (the modules): both are fetched.
#
# Usage: fetch.sh [SERIES...]   (default: 6.1 6.12 7.2 7.3)
# Each kernel ends up as cache/<package>/ holding vmlinuz, release, the
# modules needed to mount the host's root over virtio-9p (decompressed: the
# initramfs's busybox insmod reads no .ko.xz), and insmod.list, those
# modules in dependency order.  Prints one line per kernel:
#   <series> <package> <directory>
# Override the choice with LB_KERNEL_PKGS="pkg1 pkg2" (linux-image-* or
# linux-binary-* names), the private mirror with LB_DEBIAN_MIRROR.  Any
# kernel that cannot be fetched is an error (exit 1): the matrix fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=$here/cache
mkdir -p "$cache/debs"

log() { echo "fetch: $*" >&2; }
die() {
	echo "fetch: $*" >&2
	exit 1
}

# The modules the guest loads; their dependencies are added from each
# module's own "depends=" field (the .deb has no modules.dep: depmod
# writes it at install time).
WANTED="virtio_pci 9pnet_virtio 9p"

apt_updated=0
apt_update() {
	[ "$apt_updated" = 1 ] && return 0
	log "apt-get update"
	apt-get update -q >&2 || die "apt-get update failed"
	apt_updated=1
}

# --- host tools -----------------------------------------------------------
need_pkgs=()
command -v qemu-system-x86_64 >/dev/null || need_pkgs+=(qemu-system-x86)
# busybox must be static: it runs in the initramfs, before the host's root
# (and its libc) is mounted.  Debian's dynamic "busybox" package installs the
# same /bin/busybox; busybox-static replaces it.
if [ "$(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null)" != "install ok installed" ]; then
	need_pkgs+=(busybox-static)
fi
command -v cpio >/dev/null || need_pkgs+=(cpio)
if [ ${#need_pkgs[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "need root to install: ${need_pkgs[*]}"
	log "installing ${need_pkgs[*]}"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${need_pkgs[@]}" >&2; then
		apt_update
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			"${need_pkgs[@]}" >&2 || die "cannot install ${need_pkgs[*]}"
	fi
fi
applets=$(/bin/busybox --list) || die "/bin/busybox does not run"
for applet in insmod mount chroot ip poweroff stty; do
	grep -qx "$applet" <<<"$applets" || die "/bin/busybox has no $applet"
done

# --- which kernels --------------------------------------------------------
# Two archives.  6.1 and 6.12 come from the machine's own apt sources
# (bookworm and its backports or security updates).  7.2 (sid) and 7.3
# (experimental) come from a private apt configuration that lives entirely
# in cache/apt/ - its own sources list, package lists and download cache,
# signed by the Debian archive keyring - so the machine's /etc/apt is never
# read for them nor changed.
papt=$cache/apt
PAPT_OPTS=(-o "Dir::Etc::sourcelist=$papt/sources.list" -o Dir::Etc::sourceparts=-
	-o "Dir::State::Lists=$papt/lists" -o "Dir::Cache=$papt/cache"
	-o Dir::State::status=/dev/null)
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

papt_updated=0
papt_update() { # force
	[ "$papt_updated" = 1 ] && return 0
	[ -r "$KEYRING" ] || die "$KEYRING missing: install debian-archive-keyring"
	mkdir -p "$papt/lists/partial" "$papt/cache/archives/partial"
	local line
	line="[signed-by=$KEYRING] ${LB_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
	printf 'deb %s sid main\ndeb %s experimental main\n' "$line" "$line" >"$papt/sources.list"
	# Lists younger than a day are good enough unless asked (a 404).
	if [ "${1:-}" != force ] && [ -n "$(find "$papt/lists" -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null)" ]; then
		return 0
	fi
	log "apt-get update (private: sid, experimental)"
	if ! apt-get "${PAPT_OPTS[@]}" update -q >&2; then
		# Old lists still name packages that may be cached already.
		[ -n "$(find "$papt/lists" -maxdepth 1 -name '*_Packages' 2>/dev/null)" ] ||
			die "apt-get update of sid/experimental failed (network?)"
		log "apt-get update of sid/experimental failed; using the old lists"
	fi
	papt_updated=1
}

# archive PACKAGE: "machine" or "private", the apt that knows PACKAGE.
archive() {
	case $1 in
	linux-binary-* | linux-modules-*) echo private ;;
	*) echo machine ;;
	esac
}

# aptc ARCHIVE apt-cache|apt-get ARGS...
aptc() {
	local a=$1 tool=$2
	shift 2
	if [ "$a" = private ]; then
		papt_update
		"$tool" "${PAPT_OPTS[@]}" "$@"
	else
		"$tool" "$@"
	fi
}

# newest ARCHIVE <prefix> <regex>: the newest package whose name matches,
# by version sort.
newest() {
	aptc "$1" apt-cache pkgnames "$2" 2>/dev/null | grep -E "$3" | sort -V | tail -n 1
}

pick() { # ARCHIVE PREFIX REGEX
	local p
	p=$(newest "$@")
	if [ -z "$p" ]; then
		if [ "$1" = private ]; then papt_update force; else apt_update; fi
		p=$(newest "$@")
	fi
	if [ -z "$p" ]; then
		if [ "$1" = private ]; then
			die "no package matching $3 in sid/experimental ($papt/sources.list)"
		fi
		die "no package matching $3 (apt sources: $(grep -rhs '^URIs:\|^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/ | tr '\n' ' '))"
	fi
	echo "$p"
}

# prune GLOB KEEP: drop cached kernels of the same series that Debian has
# since replaced (the cache would otherwise grow with every point release).
prune() {
	local f base
	# shellcheck disable=SC2231 # $1 is a glob
	for f in "$cache"/debs/$1_*.deb "$cache"/$1; do
		[ -e "$f" ] || continue
		base=$(basename "$f")
		case $base in
		"$2" | "$2"_*.deb) ;;
		*)
			log "removing the superseded $base"
			rm -rf "$f"
			;;
		esac
	done
}

# series PACKAGE: the kernel series a package is ("6.1", "7.3").
series() {
	sed -E 's/^linux-(image|binary)-(unsigned-)?([0-9]+\.[0-9]+).*/\3/' <<<"$1"
}

# modules_of PACKAGE: the package holding the modules of a linux-binary-*
# (7.x packaging: the kernel and its modules are split); none otherwise.
modules_of() {
	case $1 in
	linux-binary-unsigned-*) echo "linux-modules-${1#linux-binary-unsigned-}" ;;
	linux-binary-*) echo "linux-modules-${1#linux-binary-}" ;;
	esac
}

# Which series: the arguments (default: all four).
want=("$@")
[ ${#want[@]} -gt 0 ] || want=(6.1 6.12 7.2 7.3)
if [ -n "${LB_KERNEL_PKGS:-}" ]; then
	read -r -a pkgs <<<"$LB_KERNEL_PKGS"
else
	pkgs=()
	for s in "${want[@]}"; do
		case $s in
		6.1)
			p=$(pick machine linux-image-6.1 '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$')
			prune 'linux-image-6.1.0-*-amd64-unsigned' "$p"
			;;
		6.12)
			p=$(pick machine linux-image-6.12 '^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64-unsigned$')
			prune 'linux-image-6.12.*+deb*-amd64-unsigned' "$p"
			;;
		7.2 | 7.3)
			# 7.2.13+deb14 in sid; 7.3 (a release candidate) in experimental.
			p=$(pick private "linux-binary-$s" "^linux-binary-${s/./\\.}(\\.[0-9]+)?(\\+deb[0-9]+)?-amd64\$")
			prune "linux-binary-$s*-amd64" "$p"
			prune "linux-modules-$s*-amd64" "$(modules_of "$p")"
			;;
		*) die "unknown kernel series $s (6.1 6.12 7.2 7.3)" ;;
		esac
		pkgs+=("$p")
	done
fi

# --- download -------------------------------------------------------------
download() {
	local pkg=$1 a deb
	a=$(archive "$pkg")
	deb=$(ls "$cache/debs/${pkg}_"*.deb 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -n "$deb" ]; then
		echo "$deb"
		return
	fi
	log "apt-get download $pkg"
	# apt-get download writes into the current directory.  A stale package
	# list gives 404s: refresh it once and retry.
	if ! (cd "$cache/debs" && aptc "$a" apt-get download -q "$pkg" >&2); then
		if [ "$a" = private ]; then papt_update force; else apt_update; fi
		(cd "$cache/debs" && aptc "$a" apt-get download -q "$pkg" >&2) || die "cannot download $pkg"
	fi
	deb=$(ls "$cache/debs/${pkg}_"*.deb | sort -V | tail -n 1)
	echo "$deb"
}

# --- unpack ---------------------------------------------------------------
# modname FILE: the module name of FILE (foo-bar.ko.xz -> foo_bar).
modname() {
	local b
	b=$(basename "$1")
	b=${b%%.ko*}
	echo "${b//-/_}"
}

unpack() { # PACKAGE DEB...
	local pkg=$1 dir=$cache/$1 tree kver f deb
	shift
	if [ -s "$dir/vmlinuz" ] && [ -f "$dir/insmod.list" ]; then
		return
	fi
	rm -rf "$dir"
	tree=$dir/tree
	mkdir -p "$tree"
	# Only what the guest needs: the kernel, the module lists, and the
	# directories the virtio/9p modules and their dependencies live in.
	# (This is `dpkg -x` restricted to those paths.)  Not every package has
	# every one of them (7.x: the kernel in one, the modules in another,
	# no modules.builtin), so tar's "not found" is no error: what must be
	# there is checked below.
	for deb in "$@"; do
		log "unpacking $(basename "$deb")"
		dpkg-deb --fsys-tarfile "$deb" >"$dir/data.tar" || die "cannot read $deb"
		tar -x -C "$tree" -f "$dir/data.tar" --wildcards --no-anchored \
			'boot/vmlinuz-*' 'modules/*/vmlinuz' '*/modules.builtin' '*/modules.order' \
			'*/kernel/fs/*' '*/kernel/net/9p/*' '*/kernel/drivers/virtio/*' 2>/dev/null || :
		rm -f "$dir/data.tar"
	done
	# Debian ships the kernel in /boot (6.x) or beside its modules
	# (/usr/lib/modules/VER/vmlinuz, 7.x), the modules in /lib or /usr/lib.
	f=$(ls "$tree"/boot/vmlinuz-* "$tree"/lib/modules/*/vmlinuz "$tree"/usr/lib/modules/*/vmlinuz 2>/dev/null | head -n 1 || true)
	[ -n "$f" ] || die "$pkg: no vmlinuz in $*"
	case $f in
	*/boot/vmlinuz-*) kver=${f##*/vmlinuz-} ;;
	*) kver=$(basename "$(dirname "$f")") ;;
	esac
	cp "$f" "$dir/vmlinuz"
	echo "$kver" >"$dir/release"
	local moddir
	moddir=$(ls -d "$tree"/lib/modules/"$kver"/kernel "$tree"/usr/lib/modules/"$kver"/kernel 2>/dev/null | head -n 1 || true)
	[ -n "$moddir" ] || die "$pkg: no modules for $kver in $*"
	moddir=${moddir%/kernel}

	# Index: module name -> file, decompressing .ko.xz / .ko.zst / .ko.gz.
	mkdir -p "$dir/modules"
	declare -A file_of=()
	while IFS= read -r -d '' f; do
		file_of[$(modname "$f")]=$f
	done < <(find "$moddir/kernel" -name '*.ko*' -print0)
	declare -A builtin=()
	if [ -f "$moddir/modules.builtin" ]; then
		while IFS= read -r f; do
			builtin[$(modname "$f")]=1
		done <"$moddir/modules.builtin"
	fi

	# Depth-first over "depends=", emitting a module after its
	# dependencies: that is the insmod order.
	declare -A seen=()
	local order=()
	visit() {
		local m=$1 src ko deps d
		[ -n "${seen[$m]:-}" ] && return 0
		seen[$m]=1
		if [ -n "${builtin[$m]:-}" ]; then
			log "  $m: built in"
			return 0
		fi
		src=${file_of[$m]:-}
		if [ -z "$src" ] && [ ! -f "$moddir/modules.builtin" ]; then
			# 7.x packages list no built-in modules: one that is not
			# shipped is built in (virtio_pci is).  Were it missing for
			# real, the guest's mount of the host's root would fail.
			log "  $m: not shipped as a module, so built in"
			return 0
		fi
		[ -n "$src" ] || die "$pkg: module $m neither built in nor in the unpacked directories"
		ko=$dir/modules/$m.ko
		case $src in
		*.ko.xz) xz -dc "$src" >"$ko" ;;
		*.ko.zst) zstd -qdc "$src" >"$ko" ;;
		*.ko.gz) gzip -dc "$src" >"$ko" ;;
		*.ko) cp "$src" "$ko" ;;
		*) die "$src: unknown module compression" ;;
		esac
		deps=$(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -n 1)
		for d in ${deps//,/ }; do
			visit "${d//-/_}"
		done
		order+=("$m")
	}
	for f in $WANTED; do
		visit "$f"
	done
	printf '%s\n' "${order[@]}" >"$dir/insmod.list"
	log "  $kver: insmod ${order[*]}"
	# The rest of the tree is not needed any more; the .deb stays cached.
	rm -rf "$tree"
}

for pkg in "${pkgs[@]}"; do
	deb=$(download "$pkg") || exit 1
	debs=("$deb")
	mpkg=$(modules_of "$pkg")
	if [ -n "$mpkg" ]; then
		deb=$(download "$mpkg") || exit 1
		debs+=("$deb")
	fi
	unpack "$pkg" "${debs[@]}"
	echo "$(series "$pkg") $pkg $cache/$pkg"
done
