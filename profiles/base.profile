# What a dynamically linked program needs to start: loader, libraries, libc's /etc files
#
# Use it as the first profile of almost every sandbox:
#     landbox run --profile base -- /usr/bin/python3 -c 'print(1)'
# then add what the program itself works on (--ro, --rw, other profiles).
#
# What it grants, and why:
# - read and execute on /usr: the programs, the ELF loader, the shared
#   libraries, and the data libc and most programs read from /usr (locales in
#   /usr/lib/locale, time zones in /usr/share/zoneinfo, gconv modules).  On
#   merged-/usr systems (Debian 12, Ubuntu, Fedora, Arch) /bin, /lib and
#   /lib64 are symbolic links into /usr; the kernel checks the file a path
#   leads to, so this rule covers them too.
# - read and execute on /bin and /lib: the same programs, loader and libraries
#   on systems whose /usr is not merged (a rule follows the symbolic link, so
#   on merged systems these two lines repeat the /usr rule, harmlessly).
# - read on the /etc files glibc reads for every program: the loader's cache
#   of library locations, and the name service switch with the user and group
#   databases (getpwuid, ls -l, id, Python's getpass.getuser).  Nothing in /etc
#   is writable, and nothing else there is readable (not /etc/shadow).
# - /dev/null read-write, /dev/zero, /dev/random and /dev/urandom read-only.
#
# What it does not grant:
# - no write anywhere but /dev/null: no /tmp (add the tmp profile), no $HOME,
#   not the current directory (add --ro "$PWD" or --rw "$PWD" yourself);
# - no network (add net-client), no terminal reopening (add tty);
# - no /proc.  A rule on /proc/self cannot work: landbox opens every rule
#   before it starts COMMAND, so /proc/self would name landbox's own process
#   directory, never COMMAND's; and the kernel binds a rule to the inode of
#   /proc/PID, which is replaced whenever the kernel drops it from its cache,
#   so even a rule on the right PID stops matching silently.  Programs start
#   fine without /proc (Python, Perl, curl, ImageMagick, GNU coreutils); some
#   runtimes read /proc/self/maps, /proc/self/cgroup or /proc/meminfo (Java,
#   Node.js, Rust's standard library) and either cope or need "ro /proc",
#   which also shows every process's command line and status, so it is left
#   to you.
# - no environment variable: COMMAND starts with an empty environment unless
#   you pass --env or --keep-env (a profile may say "env LANG", for instance).
#
# Files some systems have and others do not are left out, because a missing
# path in a profile stops landbox (exit 125): /lib64 and /lib32 (covered by
# /usr when /usr is merged), /etc/ld.so.preload (if it exists and cannot be
# read, the loader silently preloads nothing), /etc/localtime (usually a link
# into /usr/share/zoneinfo, which /usr covers; without it the time zone is
# UTC), /etc/locale.alias.

rox /usr
rox /bin
rox /lib

ro /etc/ld.so.cache
ro /etc/nsswitch.conf
ro /etc/passwd
ro /etc/group

rw /dev/null
ro /dev/zero
ro /dev/random
ro /dev/urandom
