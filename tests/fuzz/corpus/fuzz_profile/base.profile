# SPDX-License-Identifier: MIT
# What a dynamically linked program needs to start: loader, libraries, libc's /etc files, /proc
#
# Use it as the first profile of almost every sandbox:
#     landbox run --profile base -- /usr/bin/python3 -c 'print(1)'
# then add what the program itself works on (--ro, --rw, other profiles).
#
# A line whose option ends with "?" is optional: where its path does not
# exist, it is skipped without a word (see landbox-profile(5)).  Those lines
# name files some systems have and others do not.
#
# What it grants, and why:
# - read and execute on /usr: the programs, the ELF loader, the shared
#   libraries, and the data libc and most programs read from /usr (locales in
#   /usr/lib/locale, time zones in /usr/share/zoneinfo, gconv modules).  On
#   merged-/usr systems (Debian 12, Ubuntu, Fedora, Arch) /bin, /lib and
#   /lib64 are symbolic links into /usr; the kernel checks the file a path
#   leads to, so this rule covers them too.
# - read and execute on /bin and /lib, and, where they exist, /lib64, /lib32
#   and /libx32 (the 64-bit loader of Fedora and of Debian before the /usr
#   merge, the 32-bit and x32 libraries): the same programs, loader and
#   libraries on systems whose /usr is not merged.  A rule follows a symbolic
#   link, so on merged systems these lines repeat the /usr rule, harmlessly.
# - read on the /etc files glibc reads for every program: the loader's cache
#   of library locations, /etc/ld.so.preload where it exists (without it the
#   loader would silently preload nothing, and the program would not run as
#   it does outside), and the name service switch with the user and group
#   databases (getpwuid, ls -l, id, Python's getpass.getuser); and, where
#   they exist, /etc/localtime (the time zone: usually a link into
#   /usr/share/zoneinfo, a copied file on some systems; without it the time
#   zone is UTC) and /etc/locale.alias (locale names such as "french").  The
#   loader's cache and the name service switch are optional too: musl-based
#   systems such as Alpine need neither and may not have them.  Nothing in /etc is writable, and
#   nothing else there is readable (not /etc/shadow).
# - /dev/null read-write, /dev/zero, /dev/random and /dev/urandom read-only.
# - /proc read-only, so that COMMAND and every process it starts can read
#   their own /proc/self (maps, status, fd, cgroup: runtimes such as Java,
#   Node.js and Rust's standard library read them, ps and top need /proc).
#   Why all of /proc and not /proc/self: a rule follows the symbolic link
#   /proc/self when landbox opens it, before COMMAND exists, so it would name
#   landbox's own process directory, never COMMAND's nor its children's; and
#   the kernel binds a rule to the inode of /proc/PID, which it replaces
#   whenever it drops that directory from its caches, after which even a
#   rule on the right PID stops matching, silently.  The inode of /proc
#   itself never changes.
#   What this shows: the list of processes with their command lines and
#   status (as to any process outside a sandbox, unless /proc is mounted
#   with hidepid=), and system information (/proc/cpuinfo, /proc/meminfo,
#   /proc/net, the values of /proc/sys).  What stays denied: writing
#   anywhere in /proc, and, for an unprivileged user, the environment,
#   memory maps, open files, working directory and program of processes
#   outside the sandbox (Landlock treats those as ptrace, which it denies
#   towards processes outside the sandbox; measured on Linux 6.18, where a
#   sandbox run as root could still read other root processes' environment).
#   A policy without /proc: copy this file to
#   ~/.config/landbox/profiles/base.profile and remove the line; a profile of
#   that name is found before the built-in one.
#
# What it does not grant:
# - no write anywhere but /dev/null: no /tmp (add the tmp profile), no $HOME,
#   not the current directory (add --ro "$PWD" or --rw "$PWD" yourself);
# - no network (add net-client), no terminal reopening (add tty);
# - no /sys: glibc and most programs find the number of CPUs without it;
# - no environment variable: COMMAND starts with an empty environment unless
#   you pass --env or --keep-env (a profile may say "env LANG", for instance).

rox /usr
rox /bin
rox /lib
rox? /lib64
rox? /lib32
rox? /libx32

ro? /etc/ld.so.cache
ro? /etc/ld.so.preload
ro? /etc/nsswitch.conf
ro /etc/passwd
ro /etc/group
ro? /etc/localtime
ro? /etc/locale.alias

rw /dev/null
ro /dev/zero
ro /dev/random
ro /dev/urandom

ro /proc
