#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/lint-spdx.sh - `make lint-spdx`: every source file of the tree says
# its license, "SPDX-License-Identifier: MIT", in its first three lines (the
# first line, or the second after "#!" or a man page's preprocessor line).
# Source files: C, C++, shell, TAP, Python, bash completion, profiles, man
# pages, makefiles, templates (*.in) and any file starting with "#!".  The
# files are git's (tracked, and new ones not ignored) or, outside git, all.
# Names every file that lacks it; exits 1 if any does.
set -u
cd "$(dirname "$0")/.." || exit 2
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	list() { git ls-files -co --exclude-standard; }
else
	list() {
		find . \( -name .git -o -name 'build*' -o -path ./debian/.debhelper -o -path ./debian/tmp \
			-o -path ./tests/kernels/cache -o -path ./tests/kernels/results \) -prune \
			-o -type f -print | sed 's|^\./||'
	}
fi
bad=0
for f in $(list); do
	[ -f "$f" ] || continue
	case $f in
	tests/fuzz/corpus/*) continue ;; # the fuzzers' seed inputs: data, not source
	esac
	case $f in
	*.c | *.h | *.cc | *.sh | *.t | *.py | *.bash | *.profile | *.in | *.[1-8] | Makefile | */Makefile | debian/rules) ;;
	*) [ "$(head -c 2 "$f")" = "#!" ] || continue ;;
	esac
	if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: MIT'; then
		echo "$f: no \"SPDX-License-Identifier: MIT\" in its first lines" >&2
		bad=1
	fi
done
exit $bad
