# SPDX-License-Identifier: MIT
# Building C and C++: compilers, make, the binutils, pkg-config, a private TMPDIR
#
#     landbox run --profile build --rw . -- make
#     landbox run --profile auto --rw . -- cc -o hello hello.c
# Grant the project yourself: --rw . (the sources, the objects and programs
# it builds).  Running what it builds (make check) needs --rwx . instead.
#
# What it grants, and why:
# - everything of the base profile: the compilers (cc, gcc, g++, clang and
#   their cc1, collect2, lto helpers in /usr/lib/gcc and /usr/lib/llvm-*),
#   make, the assembler and linker (as, ld), pkg-config and its .pc files,
#   the system headers (/usr/include) and libraries, sh for make's recipes;
# - read on /etc/ld.so.conf and /etc/ld.so.conf.d (the linker reads them
#   to find the dependencies of shared libraries) and /etc/pkgconfig
#   (pkg-config's personality files on some systems);
# - private-tmp: a new temporary directory for each run, as TMPDIR, removed
#   afterwards: gcc writes its intermediate files (the assembly, the
#   objects of a one-step compile and link) there, and nowhere else;
# - the variables that steer a build, when you have them set: CC, CXX, CPP,
#   CFLAGS, CXXFLAGS, CPPFLAGS, LDFLAGS, LDLIBS, MAKEFLAGS,
#   PKG_CONFIG_PATH, PKG_CONFIG_LIBDIR, SOURCE_DATE_EPOCH, LANG, LC_ALL.
#
# What it does not grant: your home (no ~/.cache/ccache, no ~/.cargo), the
# network (a build that downloads needs net-client), the shared /tmp,
# writing outside the project (make install to /usr/local: add it), and
# executing what is built (--rwx . if the build runs its own programs, as
# tests or code generators do).
programs cc,c89,c99,gcc,gcc-*,*-gcc,*-gcc-*,g++,g++-*,*-g++,*-g++-*,c++,cpp,cpp-*,clang,clang-*,clang++,make,gmake,ld,ld.bfd,ld.gold,ld.lld,lld,as,ar,ranlib,nm,strip,objcopy,objdump,pkg-config,pkgconf,*-pkg-config

include base
ro? /etc/ld.so.conf
ro? /etc/ld.so.conf.d
ro? /etc/pkgconfig
private-tmp
env CC
env CXX
env CPP
env CFLAGS
env CXXFLAGS
env CPPFLAGS
env LDFLAGS
env LDLIBS
env MAKEFLAGS
env PKG_CONFIG_PATH
env PKG_CONFIG_LIBDIR
env SOURCE_DATE_EPOCH
env LANG
env LC_ALL
