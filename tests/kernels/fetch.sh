#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/kernels/fetch.sh - everything the real-kernel matrix needs, fetched
# once and cached in tests/kernels/cache/ (git-ignored):
#
#   - qemu-system-x86, busybox-static and cpio, installed with apt-get when
#     missing (needs root; CI runs as root);
#   - Debian's generic kernels linux-image-6.1.0-*-amd64-unsigned (Landlock
#     ABI 2) and linux-image-6.12.*-amd64-unsigned (ABI 6), the newest of each
#     that apt knows, downloaded with `apt-get download`.  The generic flavour
#     is the one that ships the 9p modules; the cloud flavour has none.
#
# Each kernel ends up as cache/<package>/ holding vmlinuz, the modules needed
# to mount the host's root over virtio-9p (decompressed), and insmod.list,
# those modules in dependency order.  Prints one line per kernel:
#   <package> <directory>
# Override the choice with LB_KERNEL_PKGS="pkg1 pkg2".
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
# newest <regex>: the newest package whose name matches, by version sort.
newest() {
	apt-cache pkgnames linux-image-6. 2>/dev/null | grep -E "$1" | sort -V | tail -n 1
}

pick() {
	local re=$1 p
	p=$(newest "$re")
	if [ -z "$p" ]; then
		apt_update
		p=$(newest "$re")
	fi
	[ -n "$p" ] || die "no package matching $re (apt sources: $(grep -rhs '^URIs:\|^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/ | tr '\n' ' '))"
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

if [ -n "${LB_KERNEL_PKGS:-}" ]; then
	read -r -a pkgs <<<"$LB_KERNEL_PKGS"
else
	pkgs=("$(pick '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$')"
		"$(pick '^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64-unsigned$')")
	prune 'linux-image-6.1.0-*-amd64-unsigned' "${pkgs[0]}"
	prune 'linux-image-6.12.*+deb*-amd64-unsigned' "${pkgs[1]}"
fi

# --- download -------------------------------------------------------------
download() {
	local pkg=$1 deb
	deb=$(ls "$cache/debs/${pkg}_"*.deb 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -n "$deb" ]; then
		echo "$deb"
		return
	fi
	log "apt-get download $pkg"
	# apt-get download writes into the current directory.  A stale package
	# list gives 404s: refresh it once and retry.
	if ! (cd "$cache/debs" && apt-get download -q "$pkg" >&2); then
		apt_update
		(cd "$cache/debs" && apt-get download -q "$pkg" >&2) || die "cannot download $pkg"
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

unpack() {
	local pkg=$1 deb=$2 dir=$cache/$1 tree kver f
	if [ -s "$dir/vmlinuz" ] && [ -f "$dir/insmod.list" ]; then
		return
	fi
	log "unpacking $(basename "$deb")"
	rm -rf "$dir"
	tree=$dir/tree
	mkdir -p "$tree"
	# Only what the guest needs: the kernel, the module lists, and the
	# directories the virtio/9p modules and their dependencies live in.
	# (This is `dpkg -x` restricted to those paths.)
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tree" --wildcards --no-anchored \
		'boot/vmlinuz-*' '*/modules.builtin' '*/modules.order' \
		'*/kernel/fs/*' '*/kernel/net/9p/*' '*/kernel/drivers/virtio/*' ||
		die "cannot unpack $deb"
	# Debian ships the kernel in /boot and the modules in /lib or /usr/lib.
	f=$(ls "$tree"/boot/vmlinuz-* | head -n 1)
	[ -n "$f" ] || die "$deb has no /boot/vmlinuz-*"
	kver=${f##*/vmlinuz-}
	cp "$f" "$dir/vmlinuz"
	echo "$kver" >"$dir/release"
	local moddir
	moddir=$(ls -d "$tree"/lib/modules/"$kver" "$tree"/usr/lib/modules/"$kver" 2>/dev/null | head -n 1 || true)
	[ -n "$moddir" ] || die "$deb has no modules for $kver"

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
	deb=$(download "$pkg")
	unpack "$pkg" "$deb"
	echo "$pkg $cache/$pkg"
done
