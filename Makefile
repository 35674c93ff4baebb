# SPDX-License-Identifier: MIT
# landbox - build, test, install.  Only a C compiler, make and (for tests)
# prove are needed.  BUILD selects the output directory; SAN=1 builds
# everything with AddressSanitizer and UndefinedBehaviorSanitizer.

VERSION   := 0.1.0
SOVERSION := 0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
INCDIR    ?= $(PREFIX)/include
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share
SYSCONFDIR ?= /etc

# CC, CFLAGS, CPPFLAGS and LDFLAGS come from the environment or the command
# line when given (dpkg-buildflags); the defaults harden as a distribution
# would.  Position-independent code is not a default but always on: -fPIE
# and -pie for the programs, -fPIC for the shared library.  -Werror is for
# development and CI only (WERROR=1): a newer compiler's new warning must
# not break a distribution's build.
CC       ?= cc
CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
ifeq ($(WERROR),1)
WARN     += -Werror
endif
CFLAGS   ?= -O2 -g -fstack-protector-strong
CPPFLAGS ?= -D_FORTIFY_SOURCE=2
LDFLAGS  ?= -Wl,-z,relro,-z,now
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# ASan replaces the string functions that _FORTIFY_SOURCE checks.
BUILDCPPFLAGS = $(filter-out -D_FORTIFY_SOURCE%,$(CPPFLAGS)) -U_FORTIFY_SOURCE
else
BUILD   ?= build
SANFLAGS :=
BUILDCPPFLAGS = $(CPPFLAGS)
endif
ALLCFLAGS = $(CSTD) $(WARN) $(BUILDCPPFLAGS) $(CFLAGS) -fPIE $(SANFLAGS) -Iinclude -Ilib -Icli \
	-DLB_VERSION_STR='"$(VERSION)"' -DLB_PROFILE_DIR='"$(DATADIR)/landbox/profiles"' \
	-DLB_SYSCONF_PROFILE_DIR='"$(SYSCONFDIR)/landbox/profiles"'
ALLLDFLAGS = $(LDFLAGS) $(SANFLAGS)
# Programs link as position-independent executables.
PROGLDFLAGS = -pie $(ALLLDFLAGS)
# The landbox program (only: the library stays a shared and a static
# library) is linked statically, as a static PIE, by default: no dynamic
# loader, no libc relocations, only the libc pages it uses, which cuts its
# start-up by about 0.15 ms and its peak memory by 0.7 MB (bench/RESULTS.md).
# Its test build (build/test/landbox) is linked the same way, so that the
# suite tests what is installed.  STATIC=0 links them dynamically, as SAN=1
# and the fuzz build always do.  libjansson (JSON files, cli/config/json.c)
# is linked in statically too (libjansson.a of libjansson-dev); the
# dynamic build loads libjansson.so.4 with dlopen() when a JSON file is read
# (a static glibc cannot dlopen a library built against another glibc).
# A static glibc reads user names (getpwuid(), only when HOME or USER is
# unset) from its built-in "files" source, /etc/passwd: NSS modules (LDAP,
# systemd-homed) are not loaded.
ifeq ($(SAN),1)
STATIC   ?= 0
endif
STATIC   ?= 1
ifeq ($(STATIC),1)
CLILDFLAGS = -static-pie $(ALLLDFLAGS)
CLILIBS    := -ljansson
else
CLILDFLAGS = $(PROGLDFLAGS)
CLILIBS    :=
endif
# Without libjansson-dev (no <jansson.h>), landbox still builds: it reads
# TOML, and refuses a JSON file naming the package to install (a fresh
# machine with gcc and make only can run `make demo`).  JANSSON=0 forces it.
JANSSON  ?= $(shell printf '\043include <jansson.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo 1 || echo 0)
ifneq ($(JANSSON),1)
CLILIBS    :=
endif

LIB_SRC  := $(sort $(wildcard lib/*.c))
# cli/ holds the command; a feature may have a folder of its own (cli/FEATURE/).
CLI_SRC  := $(sort $(filter-out cli/main.c,$(wildcard cli/*.c cli/*/*.c)))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
EX_SRC   := $(sort $(wildcard examples/*.c))
HDRS     := include/landbox.h $(wildcard lib/*.h) $(wildcard cli/*.h cli/*/*.h) $(wildcard tests/unit/*.h)

LIB_PIC  := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TLIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/test/%.o)
TCLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/test/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/test/unit/%)
# Helper programs the CLI tests run (tests/helpers/*.c, standalone).
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/test/helpers/%)
# The test build's hooks (LANDBOX_TEST_ABI ...): linked into build/test/landbox
# only, never into the product (tests/install/product.t checks).
HOOK_SRC := $(sort $(wildcard tests/hooks/*.c))
THOOK_OBJ := $(HOOK_SRC:%.c=$(BUILD)/test/%.o)

# Built-in profiles: profiles/*.profile compiled into the command, so that an
# uninstalled build/landbox finds them (cli/embed-profiles.sh).
PROFILE_SRC := $(sort $(wildcard profiles/*.profile))
CLI_OBJ  += $(BUILD)/obj/gen/profiles.o
TCLI_OBJ += $(BUILD)/test/gen/profiles.o
EX_BIN   := $(EX_SRC:examples/%.c=$(BUILD)/examples/%)

# The installation directories built into files: landbox.pc, and the
# profile directories compiled into the sources that use them.  They are
# recorded in $(CONFIG_STAMP), rewritten only when they change, so that
# `make; make install PREFIX=/usr` rebuilds exactly what must say /usr.
CONFIG_STAMP := $(BUILD)/config.stamp
CONFIG_TEXT  := VERSION=$(VERSION) PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) INCDIR=$(INCDIR) \
	DATADIR=$(DATADIR) SYSCONFDIR=$(SYSCONFDIR) STATIC=$(STATIC) JANSSON=$(JANSSON)
CONFIG_SRC   := $(shell grep -l -e LB_PROFILE_DIR -e LB_SYSCONF_PROFILE_DIR $(LIB_SRC) $(CLI_SRC) \
	cli/main.c)

SONAME   := liblandbox.so.$(SOVERSION)
SHLIB    := $(BUILD)/liblandbox.so.$(VERSION)

.PHONY: FORCE all lib cli test-build check check-unit check-cli demo bench install uninstall \
	clean format lint lint-cppcheck lint-lib lint-spdx tidy check-kernels fuzz fuzz-build

all: lib cli $(EX_BIN) $(BUILD)/landbox.pc

lib: $(SHLIB) $(BUILD)/$(SONAME) $(BUILD)/liblandbox.so $(BUILD)/liblandbox.a
cli: $(BUILD)/landbox

# --- the library (installed build: no test hooks) ---
$(BUILD)/pic/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<
$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c -o $@ $<
$(SHLIB): $(LIB_PIC)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,-z,relro,-z,now -o $@ $^ $(ALLLDFLAGS)
$(BUILD)/$(SONAME): $(SHLIB)
	ln -sf $(notdir $<) $@
$(BUILD)/liblandbox.so: $(BUILD)/$(SONAME)
	ln -sf $(notdir $<) $@
$(BUILD)/liblandbox.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(CONFIG_STAMP): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(CONFIG_TEXT)' > $@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; echo "config: $(CONFIG_TEXT)"; fi
FORCE:
$(CONFIG_SRC:%.c=$(BUILD)/obj/%.o) $(CONFIG_SRC:%.c=$(BUILD)/pic/%.o) \
	$(CONFIG_SRC:%.c=$(BUILD)/test/%.o): $(CONFIG_STAMP)
# The JSON reader links libjansson in (static build) or loads it (STATIC=0).
JSON_OBJ := $(BUILD)/obj/cli/config/json.o $(BUILD)/test/cli/config/json.o
$(JSON_OBJ): $(CONFIG_STAMP)
ifneq ($(JANSSON),1)
$(JSON_OBJ): ALLCFLAGS += -DLB_NO_JANSSON
else ifeq ($(STATIC),1)
$(JSON_OBJ): ALLCFLAGS += -DLB_JANSSON_LINKED
endif
$(BUILD)/landbox.pc: landbox.pc.in Makefile $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCDIR@|$(INCDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' $< > $@

# --- the command ---
$(BUILD)/gen/profiles.c: $(PROFILE_SRC) cli/embed-profiles.sh
	@mkdir -p $(dir $@)
	sh cli/embed-profiles.sh $(PROFILE_SRC) > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/gen/profiles.o: $(BUILD)/gen/profiles.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c -o $@ $<
$(BUILD)/test/gen/profiles.o: $(BUILD)/gen/profiles.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -DLB_TESTING -c -o $@ $<
$(BUILD)/landbox: $(BUILD)/obj/cli/main.o $(CLI_OBJ) $(BUILD)/liblandbox.a
	$(CC) -o $@ $^ $(CLILDFLAGS) $(CLILIBS)

# --- examples (linked against the shared library, as a user would) ---
$(BUILD)/examples/%: examples/%.c include/landbox.h $(BUILD)/liblandbox.so
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $< -L$(BUILD) -llandbox -Wl,-rpath,'$$ORIGIN/..' $(PROGLDFLAGS)

# --- test build: LB_TESTING adds ABI emulation and the syscall seam ---
$(BUILD)/test/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -DLB_TESTING -c -o $@ $<
$(BUILD)/test/liblandbox-test.a: $(TLIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/test/landbox: $(BUILD)/test/cli/main.o $(TCLI_OBJ) $(THOOK_OBJ) $(BUILD)/test/liblandbox-test.a
	$(CC) -o $@ $^ $(CLILDFLAGS) $(CLILIBS)
$(BUILD)/test/unit/%: tests/unit/%.c $(TCLI_OBJ) $(BUILD)/test/liblandbox-test.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -DLB_TESTING -o $@ $< $(TCLI_OBJ) $(BUILD)/test/liblandbox-test.a \
		$(CLILIBS) -lpthread $(PROGLDFLAGS)

$(BUILD)/test/helpers/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(BUILDCPPFLAGS) $(CFLAGS) -fPIE $(SANFLAGS) -o $@ $< $(PROGLDFLAGS)

# The personalities are chosen by the name the program is invoked as.
PERSONAS := $(BUILD)/landrun $(BUILD)/sandboxer $(BUILD)/llconfig $(BUILD)/test/landrun \
	$(BUILD)/test/sandboxer $(BUILD)/test/llconfig
test-build: all $(BUILD)/test/landbox $(UNIT_BIN) $(HELPER_BIN) $(PERSONAS)
$(BUILD)/landrun $(BUILD)/sandboxer $(BUILD)/llconfig: $(BUILD)/landbox
	ln -sf landbox $@
$(BUILD)/test/landrun $(BUILD)/test/sandboxer $(BUILD)/test/llconfig: $(BUILD)/test/landbox
	ln -sf landbox $@

# --- tests: the whole suite on the real kernel and under every emulated ABI,
# JOBS runs at a time (default: twice the number of CPUs, the suite waits
# more than it computes), and the install tests
# once; tests/run.sh prints a line per finished run, the logs go to
# $(BUILD)/check-logs/. ---
JOBS ?= $(or $(LB_JOBS),$(shell echo $$((2 * $$(nproc 2>/dev/null || echo 1)))))
check: test-build
	LB_BUILD=$(BUILD) LB_JOBS=$(JOBS) LB_ONCE='tests/install/*.t' tests/run.sh

check-kernels: test-build
	LB_BUILD=$(BUILD) tests/kernels/run.sh

demo: all
	LB_BUILD=$(BUILD) sh examples/demo.sh

bench: all
	LB_BUILD=$(BUILD) bench/run.sh

# --- fuzzing (tests/fuzz): libFuzzer targets built with clang, ASan and
# UBSan, over the test build's code (LB_TESTING, LB_FUZZING) and a guard
# that aborts on any Landlock syscall, exec or fork.  `make fuzz` runs each
# target for FUZZ_SECONDS on a copy of its seed corpus (tests/fuzz/run.sh). ---
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = $(CSTD) $(WARN) -g -O1 $(FUZZ_SAN) -Iinclude -Ilib -Icli -Itests/fuzz \
	-DLB_TESTING -DLB_FUZZING -DLB_VERSION_STR='"$(VERSION)"' \
	-DLB_PROFILE_DIR='"$(DATADIR)/landbox/profiles"' \
	-DLB_SYSCONF_PROFILE_DIR='"$(SYSCONFDIR)/landbox/profiles"'
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_OBJ  := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) $(CLI_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) \
	$(FUZZ_BUILD)/obj/gen/profiles.o $(FUZZ_BUILD)/obj/tests/fuzz/guard.o \
	$(FUZZ_BUILD)/obj/tests/fuzz/config_one.o

$(FUZZ_BUILD)/obj/%.o: %.c $(HDRS) tests/fuzz/fuzz.h tests/fuzz/config_one.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ_BUILD)/obj/gen/profiles.o: $(BUILD)/gen/profiles.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_BUILD)/libfuzz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^
# guard.o is linked as an object: its exec/fork replacements must win; so
# is init.o (the shared LLVMFuzzerInitialize, which libFuzzer refers to
# weakly: an archive member would not be linked).
FUZZ_LINKED := $(FUZZ_BUILD)/obj/tests/fuzz/guard.o $(FUZZ_BUILD)/obj/tests/fuzz/init.o
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libfuzz.a $(FUZZ_LINKED)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_LINKED) $(FUZZ_BUILD)/libfuzz.a -lpthread

# The guard's own check: the same objects and guard, its own main().
$(FUZZ_BUILD)/guard_check: tests/fuzz/guard_check.c $(FUZZ_BUILD)/libfuzz.a \
		$(FUZZ_BUILD)/obj/tests/fuzz/guard.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_BUILD)/obj/tests/fuzz/guard.o \
		$(FUZZ_BUILD)/libfuzz.a -lpthread

fuzz-build: $(FUZZ_BIN) $(FUZZ_BUILD)/guard_check $(FUZZ_LINKED)
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_GUARD_CHECK=$(FUZZ_BUILD)/guard_check \
		tests/fuzz/run.sh $(FUZZ_BIN)

# --- install ---
# The man pages as installed: the profile directories they name are those
# compiled into landbox (DATADIR, SYSCONFDIR), not the defaults they say.
MAN_SRC := man/landbox.1 man/landbox.3 man/landbox-profile.5
MAN_OUT := $(MAN_SRC:man/%=$(BUILD)/man/%)
$(BUILD)/man/%: man/% $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	sed -e 's|/usr/local/share/landbox/profiles|$(DATADIR)/landbox/profiles|g' \
	    -e 's|/etc/landbox/profiles|$(SYSCONFDIR)/landbox/profiles|g' $< > $@

install: all $(MAN_OUT)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/landbox/profiles $(DESTDIR)$(DATADIR)/bash-completion/completions \
		$(DESTDIR)$(DATADIR)/zsh/vendor-completions $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 0755 $(BUILD)/landbox $(DESTDIR)$(BINDIR)/landbox
	ln -sf landbox $(DESTDIR)$(BINDIR)/landbox-sandboxer
	ln -sf landbox $(DESTDIR)$(BINDIR)/landbox-llconfig
	install -m 0755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/liblandbox.so
	install -m 0644 $(BUILD)/liblandbox.a $(DESTDIR)$(LIBDIR)/
	install -m 0644 $(BUILD)/landbox.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 0644 include/landbox.h $(DESTDIR)$(INCDIR)/
	install -m 0644 $(BUILD)/man/landbox.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(BUILD)/man/landbox.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 $(BUILD)/man/landbox-profile.5 $(DESTDIR)$(MANDIR)/man5/
	for p in profiles/*.profile; do [ -e "$$p" ] && install -m 0644 "$$p" $(DESTDIR)$(DATADIR)/landbox/profiles/; done; true
	install -m 0644 completion/landbox.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/landbox
	# bash-completion loads a file by the command's name: one per personality.
	for n in landbox-sandboxer sandboxer landrun landbox-llconfig; do \
		ln -sf landbox $(DESTDIR)$(DATADIR)/bash-completion/completions/$$n; done
	# zsh: one file, #compdef names every personality.  fish loads a file by
	# the command's name, as bash-completion does.
	install -m 0644 completion/_landbox $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_landbox
	install -m 0644 completion/landbox.fish \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/landbox.fish
	for n in landbox-sandboxer sandboxer landrun; do \
		ln -sf landbox.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$n.fish; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/landbox $(DESTDIR)$(BINDIR)/landbox-sandboxer \
		$(DESTDIR)$(BINDIR)/landbox-llconfig \
		$(DESTDIR)$(LIBDIR)/liblandbox.* $(DESTDIR)$(LIBDIR)/pkgconfig/landbox.pc \
		$(DESTDIR)$(INCDIR)/landbox.h $(DESTDIR)$(MANDIR)/man1/landbox.1 \
		$(DESTDIR)$(MANDIR)/man3/landbox.3 $(DESTDIR)$(MANDIR)/man5/landbox-profile.5
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/bash-completion/completions/,landbox landbox-sandboxer \
		sandboxer landrun landbox-llconfig)
	rm -f $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_landbox
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/,landbox.fish \
		landbox-sandboxer.fish sandboxer.fish landrun.fish)
	rm -rf $(DESTDIR)$(DATADIR)/landbox

format:
	clang-format -i include/*.h lib/*.[ch] $(wildcard cli/*.[ch] cli/*/*.[ch]) tests/unit/*.[ch] tests/fuzz/*.[ch] \
		$(HOOK_SRC) \
		examples/*.c bench/*.c

# --- static checks: cppcheck, clang-tidy (.clang-tidy), the library's
# promises (exports, environment, C++), every source file's license line,
# all strict: any finding fails. ---
CPPCHECK ?= cppcheck
TIDY     ?= clang-tidy
CXX      ?= c++
LINT_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
TIDY_DEFS := -DLB_VERSION_STR='"$(VERSION)"' -DLB_PROFILE_DIR='"$(DATADIR)/landbox/profiles"' \
	-DLB_SYSCONF_PROFILE_DIR='"$(SYSCONFDIR)/landbox/profiles"'
TIDY_FLAGS := $(CSTD) $(filter-out -Werror,$(WARN)) -Iinclude -Ilib -Icli $(TIDY_DEFS)
TIDY_SRC := $(LIB_SRC) $(sort $(wildcard cli/*.c cli/*/*.c)) $(EX_SRC) $(sort $(wildcard tests/fuzz/*.c)) \
	$(HOOK_SRC)
TIDY_OK  := $(TIDY_SRC:%=$(BUILD)/tidy/%.ok)
# Drop clang's "N warnings generated." (suppressed system-header noise).
TIDY_RUN = out=$$($(TIDY) --quiet $< -- $(TIDY_FLAGS) $(1) 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | grep -v -e '^[0-9]* warnings\{0,1\} generated\.$$' -e '^$$'; \
	[ $$rc -eq 0 ]

tidy: $(TIDY_OK)
# The library is checked as installed and as the test build (LB_TESTING).
$(BUILD)/tidy/lib/%.c.ok: lib/%.c .clang-tidy $(HDRS)
	@mkdir -p $(dir $@)
	@echo "TIDY $<"; $(call TIDY_RUN,)
	@$(call TIDY_RUN,-DLB_TESTING)
	@touch $@
$(BUILD)/tidy/%.c.ok: %.c .clang-tidy $(HDRS)
	@mkdir -p $(dir $@)
	@echo "TIDY $<"; $(call TIDY_RUN,-DLB_TESTING)
	@touch $@
# The fuzz targets; learn.c also as the fuzz build compiles it (LB_FUZZING).
$(BUILD)/tidy/tests/fuzz/%.c.ok: tests/fuzz/%.c .clang-tidy $(HDRS) tests/fuzz/fuzz.h
	@mkdir -p $(dir $@)
	@echo "TIDY $<"; $(call TIDY_RUN,-DLB_TESTING -DLB_FUZZING -Itests/fuzz)
	@touch $@
$(BUILD)/tidy/cli/learn.c.ok: cli/learn.c .clang-tidy $(HDRS)
	@mkdir -p $(dir $@)
	@echo "TIDY $<"; $(call TIDY_RUN,-DLB_TESTING)
	@$(call TIDY_RUN,-DLB_TESTING -DLB_FUZZING)
	@touch $@

# Every check runs (-k) even when an earlier one failed; any finding fails.
lint:
	$(MAKE) --no-print-directory -k -j$(LINT_JOBS) -Otarget lint-cppcheck tidy lint-lib lint-spdx

lint-cppcheck:
	$(CPPCHECK) --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
		--std=c11 --inline-suppr --suppress=missingIncludeSystem -D__linux__ -D__x86_64__ \
		-Iinclude -Ilib -Icli -Itests/unit -Itests/fuzz lib cli examples bench tests/unit tests/fuzz \
		tests/hooks

lint-spdx:
	@sh tests/lint-spdx.sh

lint-lib: lib
	@# The library reads no environment variable (setuid programs may use it).
	! grep -nwE 'getenv|secure_getenv|environ|__environ' lib/*.c lib/*.h
	@# The shared library exports exactly the functions of include/landbox.h.
	@mkdir -p $(BUILD)/lint
	grep -oE '\<lb_[a-z0-9_]+\(' include/landbox.h | tr -d '(' | sort -u > $(BUILD)/lint/header
	nm -D --defined-only $(BUILD)/$(SONAME) | awk '$$2 ~ /^[A-Z]$$/ { print $$3 }' | sort \
		> $(BUILD)/lint/exports
	diff -u $(BUILD)/lint/header $(BUILD)/lint/exports
	@# The Debian symbols file lists the same (a new function: add it there,
	@# with the version that brings it).
	if [ -f debian/liblandbox0.symbols ]; then \
		sed -n 's/^ \(lb_[a-z0-9_]*\)@Base .*/\1/p' debian/liblandbox0.symbols | sort \
			> $(BUILD)/lint/symbols && diff -u $(BUILD)/lint/header $(BUILD)/lint/symbols; fi
	@# The public header is usable from C++ (strict), against the static library.
	$(CXX) -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -o $(BUILD)/lint/cxx_check \
		tests/unit/cxx_check.cc $(BUILD)/liblandbox.a $(SANFLAGS)
	$(BUILD)/lint/cxx_check

clean:
	rm -rf build build-san
