#!/bin/bash
# SPDX-License-Identifier: MIT
# ldd.t - --add-exec (the resolved program, read+execute) and --ldd (its ELF
# interpreter, read+execute, and its shared libraries, read-only, found by
# landbox's own ELF reader: DT_NEEDED recursively, RUNPATH/RPATH with
# $ORIGIN, ld.so.cache; a #! script adds its interpreter).  Real programs:
# /usr/bin/true, python3, and programs the test builds with cc into $TMPDIR.
. "$(dirname "$0")/lib.sh"
make_tree
INTERP=$(elf_interp /usr/bin/true) || skip_all "cannot read the ELF interpreter of /usr/bin/true"
NOTFOUND='^landbox:'

# ---- /usr/bin/true ----
sb "ldd true: --ldd --add-exec is all it needs" 0 EMPTY "" -- --ldd --add-exec -- /usr/bin/true
sb "ldd true: found on PATH" 0 EMPTY "" -- --ldd --add-exec -- true
sb "ldd true: --add-exec alone is not enough" 126 EMPTY "$NOTFOUND" -- --add-exec -- /usr/bin/true
sb "ldd true: --ldd alone does not grant the program" 126 EMPTY "$NOTFOUND" -- --ldd -- /usr/bin/true
sb "ldd true: --add-exec with the interpreter and libraries runs" 0 EMPTY "" \
	-- --add-exec --rox "$INTERP" --ro /usr/lib,/lib -- /usr/bin/true
sb "ldd true: without --add-exec the program is denied" 126 EMPTY "$NOTFOUND" \
	-- --rox "$INTERP" --ro /usr/lib,/lib -- /usr/bin/true
sb "ldd true: the interpreter needs execute" 126 EMPTY "$NOTFOUND" \
	-- --add-exec --ro "$INTERP" --ro /usr/lib,/lib -- /usr/bin/true
sb "ldd cat: nothing else is granted" 1 EMPTY 'Permission denied' -- --ldd --add-exec -- cat "$D/data/f"
sb "ldd cat: with --ro it reads" 0 '^secret-data$' "" -- --ldd --add-exec --ro "$D/data" -- cat "$D/data/f"

# No `ldd` process: a fake ldd first on landbox's PATH must not run.
mkdir -p "$T/fakebin"
printf '#!/bin/sh\ntouch %s/ldd-ran\nexec /usr/bin/ldd "$@"\n' "$T" >"$T/fakebin/ldd"
chmod 755 "$T/fakebin/ldd"
run env PATH="$T/fakebin:$PATH" "$LB" run --ldd --add-exec -- /usr/bin/true
check "ldd: no ldd process is run" test ! -e "$T/ldd-ran"

# ---- python3 ----
PYLIB=$("$PY" -S -c 'import os; print(os.path.dirname(os.__file__))')
sb "ldd python3: runs with --ldd, --add-exec and its stdlib" 0 '^42$' "" \
	-- --ldd --add-exec --ro "$PYLIB" -- "$PY" -S -c 'print(6*7)'
sb "ldd python3: imports a C extension module" 0 '^\[1\]$' "" \
	-- --ldd --add-exec --ro "$PYLIB" -- "$PY" -S -c 'import json; print(json.dumps([1]))'
sb "ldd python3: without --ldd it cannot start" 126 EMPTY "$NOTFOUND" \
	-- --add-exec --ro "$PYLIB" -- "$PY" -S -c 'print(6*7)'
sb "ldd python3: found on PATH as python3" 0 '^42$' "" \
	-- --ldd --add-exec --ro "$PYLIB" -- python3 -S -c 'print(6*7)'

# ---- #! script ----
sbx "ldd script: --ldd adds the #! interpreter" 0 '^script-ran$' "" -- --ldd --add-exec -- "$D/bin/script.sh"
sbx "ldd script: without --ldd the interpreter is denied" 126 EMPTY "$NOTFOUND" -- --add-exec -- "$D/bin/script.sh"

# ---- programs built here: RUNPATH=$ORIGIN, RPATH, a chain, static ----
CC=$(command -v cc || command -v gcc || true)
A=$T/app
built=0
if [ -n "$CC" ]; then
	mkdir -p "$A/bin" "$A/lib" "$A/rbin"
	echo 'int bar(void) { return 40; }' >"$A/bar.c"
	echo 'int bar(void); int foo(void) { return bar() + 2; }' >"$A/foo.c"
	printf '#include <stdio.h>\nint foo(void);\nint main(void) { printf("foo=%%d\\n", foo()); return 0; }\n' >"$A/main.c"
	printf '#include <stdio.h>\nint main(void) { puts("static-ran"); return 0; }\n' >"$A/static.c"
	if "$CC" -shared -fPIC -o "$A/lib/libbar.so" "$A/bar.c" &&
		"$CC" -shared -fPIC -o "$A/lib/libfoo.so" "$A/foo.c" -L"$A/lib" -lbar \
			-Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN' &&
		"$CC" -o "$A/bin/main" "$A/main.c" -L"$A/lib" -lfoo -Wl,--enable-new-dtags \
			-Wl,-rpath,'$ORIGIN/../lib' -Wl,-rpath-link,"$A/lib" &&
		"$CC" -o "$A/rbin/main" "$A/main.c" -L"$A/lib" -lfoo -Wl,--disable-new-dtags \
			-Wl,-rpath,'$ORIGIN/../lib' -Wl,-rpath-link,"$A/lib" 2>"$T/cc.err" &&
		"$A/bin/main" >/dev/null 2>&1; then
		built=1
	fi
fi
if [ $built = 1 ]; then
	sb "ldd RUNPATH: \$ORIGIN libraries are found recursively" 0 '^foo=42$' "" -- --ldd --add-exec -- "$A/bin/main"
	# The library is named by landbox's hint when landbox is COMMAND's
	# parent, by the loader itself when landbox executed COMMAND in place.
	sb "ldd RUNPATH: without --ldd the loader is denied the library" 127 EMPTY 'lib(foo|bar)\.so' \
		-- --rox /usr --add-exec -- "$A/bin/main"
	sb "ldd RUNPATH: with only libfoo granted libbar is denied" 127 EMPTY 'libbar\.so' \
		-- --rox /usr --ro "$A/lib/libfoo.so" --add-exec -- "$A/bin/main"
	sb "ldd RPATH: \$ORIGIN libraries are found" 0 '^foo=42$' "" -- --ldd --add-exec -- "$A/rbin/main"
	sb "ldd RUNPATH: the libraries are not writable" 2 EMPTY 'Permission denied' \
		-- --ldd --add-exec --rox /usr -- sh -c "echo x >> '$A/lib/libfoo.so'"
	run "$LB" run --dry-run --ldd --add-exec -- "$A/bin/main"
	if [ "$NONE" = 1 ] && [ "$RC" = 125 ]; then
		verdict "ldd RUNPATH: --dry-run lists the libraries" 125 "" "$HINT_RE"
	else
		verdict "ldd RUNPATH: --dry-run lists the libraries" 0 'libbar\.so' ""
	fi
else
	for d in "\$ORIGIN libraries are found recursively" "without --ldd the loader is denied the library" \
		"with only libfoo granted libbar is denied" "the libraries are not writable" \
		"--dry-run lists the libraries"; do
		skip "ldd RUNPATH: $d" "no C compiler or cannot run programs from TMPDIR"
	done
	skip "ldd RPATH: \$ORIGIN libraries are found" "no C compiler or cannot run programs from TMPDIR"
fi
if [ -n "$CC" ] && "$CC" -static -o "$A/static" "$A/static.c" 2>/dev/null && "$A/static" >/dev/null 2>&1; then
	sb "ldd static: a static program needs only itself" 0 '^static-ran$' "" -- --ldd --add-exec -- "$A/static"
else
	skip "ldd static: a static program needs only itself" "cannot build a static program"
fi

done_testing
