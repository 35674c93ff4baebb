#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/fuzz/seeds.py - write the seed corpora of tests/fuzz/corpus (run it
from the top of the tree; its output is committed).  Every seed is small and
built here byte by byte: no binary is copied into the tree."""
import os
import struct

OUT = "tests/fuzz/corpus"


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- fuzz_profile: the shipped profiles and lines of every kind -----------
for p in sorted(os.listdir("profiles")):
    if p.endswith(".profile"):
        with open(os.path.join("profiles", p), "rb") as f:
            put("fuzz_profile", p, f.read())
put("fuzz_profile", "lines.profile",
    "# every kind of line\nro /usr\nrox /usr/bin,/bin\nrw ${HOME}\nrwx ${TMPDIR}\n"
    "ro? /lib64  # optional\nconnect-tcp 80,443\nbind-tcp 8080\nconnect-udp? 53\n"
    "env HOME\nenv LANG=C\nunix /run/x.sock\nunrestricted-scoped\nbest-effort\n"
    "ldd\nlog-level debug\n")
put("fuzz_profile", "include.profile",
    "include inc.profile\ninclude user\nprofile base\ninclude net-client\n"
    "include ${FUZZ_DIR}/inc.profile\n")
put("fuzz_profile", "cycle.profile", "include input.profile\n")
put("fuzz_profile", "vars.profile",
    "ro ${FUZZVAR}\nrw ${UID}/${USER}/${PWD}\nro ${XDG_RUNTIME_DIR}\nro ${NOPE}\nro ${\n")
put("fuzz_profile", "errors.profile",
    "include? base\nenv? X\nro\nunknown-option x\nbest-effort yes\nconnect-tcp 70000\n")

# ---- fuzz_options: first byte: 0 landbox run, 1 landrun, 2 learn ---------
def args(mode, *a):
    return bytes([mode]) + b"\0".join(x.encode() for x in a)


put("fuzz_options", "run", args(0, "--ro", "/usr", "--rw=/tmp", "--connect-tcp", "443",
                                 "--env", "HOME", "--ldd", "--best-effort", "--", "true"))
put("fuzz_options", "run-profile", args(0, "--profile", "base", "--profile=tmp",
                                         "--log-level", "debug", "--dry-run", "ls"))
put("fuzz_options", "run-more", args(0, "--rox", "/bin,/lib", "--unix", "/run/s",
                                      "--bind-udp", "53", "--unrestricted-fs", "--strict",
                                      "--chdir", "/", "--keep-env", "--explain", "x"))
put("fuzz_options", "landrun", args(1, "-ro", "/usr", "--rwx", "/tmp", "-connect-tcp",
                                    "80", "-best-effort", "-env", "A=B", "ls"))
put("fuzz_options", "learn", args(2, "-o", "out.profile", "--force", "--generalize",
                                  "--rounds", "5", "--profile", "base", "--", "ls"))
put("fuzz_options", "learn-short", args(2, "-oout", "-h"))
put("fuzz_options", "env-level", args(8, "--ro", "/usr", "info"))

# ---- fuzz_sandboxer: set mask, ABI byte, then the values ------------------
def sb(mask, abi, *vals):
    return bytes([mask, abi]) + b"\0".join(v.encode() for v in vals)


put("fuzz_sandboxer", "all", sb(0x3f, 6, "/usr:/lib:/etc", "/tmp:/dev/null", "9418",
                                "80:443", "a:s", "1"))
put("fuzz_sandboxer", "minimal", sb(0x03, 0, "", ""))
put("fuzz_sandboxer", "bad", sb(0x1f, 3, "/nonexistent", ":", "-1", "+80:x", "a:a"))

# ---- fuzz_elf: ELF files with what --ldd reads, and #! scripts -----------
def elf(is64=True, be=False, interp=b"/lib64/ld-linux-x86-64.so.2", needed=(b"libc.so.6",),
        runpath=b"$ORIGIN/../lib:${LIB}:$PLATFORM", rpath=None, soname=b"libx.so.1",
        machine=62, flags1=0):
    e = ">" if be else "<"
    w = "Q" if is64 else "I"
    ehsize, phentsize = (64, 56) if is64 else (52, 32)
    nph = 3
    strtab = b"\0"
    offs = {}
    for s in list(needed) + [x for x in (runpath, rpath, soname) if x]:
        offs[s] = len(strtab)
        strtab += s + b"\0"
    interp_off = ehsize + nph * phentsize
    dyn_off = interp_off + len(interp) + 1
    dyn_off = (dyn_off + 7) & ~7
    tags = [(1, offs[n]) for n in needed]  # DT_NEEDED
    if runpath:
        tags.append((29, offs[runpath]))
    if rpath:
        tags.append((15, offs[rpath]))
    if soname:
        tags.append((14, offs[soname]))
    ent = 16 if is64 else 8
    str_off = dyn_off + (len(tags) + 4) * ent
    tags += [(5, str_off), (10, len(strtab)), (0x6ffffffb, flags1), (0, 0)]
    size = str_off + len(strtab)
    ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if be else 1, 1]) + b"\0" * 9
    if is64:
        hdr = ident + struct.pack(e + "HHIQQQIHHHHHH", 3, machine, 1, 0, ehsize, 0, 0, ehsize,
                                  phentsize, nph, 64, 0, 0)
        ph = lambda t, off, sz: struct.pack(e + "IIQQQQQQ", t, 4, off, off, off, sz, sz, 8)
    else:
        hdr = ident + struct.pack(e + "HHIIIIIHHHHHH", 3, machine, 1, 0, ehsize, 0, 0, ehsize,
                                  phentsize, nph, 40, 0, 0)
        ph = lambda t, off, sz: struct.pack(e + "IIIIIIII", t, off, off, off, sz, sz, 4, 4)
    body = hdr + ph(1, 0, size) + ph(3, interp_off, len(interp) + 1) + \
        ph(2, dyn_off, (len(tags)) * ent)
    body += interp + b"\0"
    body += b"\0" * (dyn_off - len(body))
    for t, v in tags:
        body += struct.pack(e + (w + w), t, v)
    body += strtab
    return body


put("fuzz_elf", "elf64", elf())
put("fuzz_elf", "elf64-rpath", elf(runpath=None, rpath=b"/usr/lib:$ORIGIN",
                                    needed=(b"libm.so.6", b"libc.so.6", b"/lib/x.so"),
                                    flags1=0x800))  # DF_1_NODEFLIB
put("fuzz_elf", "elf32-be", elf(is64=False, be=True, machine=20, interp=b"/lib/ld.so.1"))
put("fuzz_elf", "elf32-i386", elf(is64=False, machine=3, interp=b"/lib/ld-linux.so.2",
                                  needed=(b"libc.so.6",)))
put("fuzz_elf", "script-sh", "#!/bin/sh\necho hi\n")
put("fuzz_elf", "script-env", "#!/usr/bin/env python3\n")
put("fuzz_elf", "script-env-S", "#!/usr/bin/env -S A=1 bash -e\n")
put("fuzz_elf", "script-arg", "#! /usr/bin/perl -w\t\r\n")

# ---- fuzz_ldcache: new format alone, after an old table, with hwcaps -----
def ldcache(old=0, hwcaps=True):
    entries = [(0x0303, b"libm.so.6", b"/lib/x86_64-linux-gnu/libm.so.6", 0),
               (0x0303, b"libfoo.so.1", b"/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/"
                b"libfoo.so.1", (1 << 62) | 0),
               (0x0303, b"libfoo.so.1", b"/usr/lib/libfoo.so.1", 0),
               (0x0003, b"libc.so.6", b"/lib/i386-linux-gnu/libc.so.6", 0),
               (0x0303, b"libc.so.6", b"/lib/x86_64-linux-gnu/libc.so.6", 0)]
    hdr_len, ent_len = 48, 24
    strings = b""
    base = hdr_len + ent_len * len(entries)
    sub = b"x86-64-v3\0"
    ext = b""
    strs = {}
    for _, k, v, _ in entries:
        for s in (k, v):
            if s not in strs:
                strs[s] = base + len(strings)
                strings += s + b"\0"
    sub_off = base + len(strings)
    strings += sub
    while (base + len(strings)) % 4:
        strings += b"\0"
    if hwcaps:
        arr_off = base + len(strings)
        strings += struct.pack("<I", sub_off)
        ext_off = base + len(strings)
        ext = struct.pack("<II", 0xea8e5f74, 1) + struct.pack("<IIII", 1, 0, arr_off, 4)
    else:
        ext_off = 0
    hdr = b"glibc-ld.so.cache1.1" + struct.pack("<IIB3xI12x", len(entries), len(strings), 2,
                                                ext_off)
    body = hdr
    for f, k, v, hw in entries:
        body += struct.pack("<iIIIQ", f, strs[k], strs[v], 0, hw)
    body += strings + ext
    if old:
        o = b"ld.so-1.7.0\0" + struct.pack("<I", old) + b"\0" * (12 * old)
        o += b"\0" * (((len(o) + 7) & ~7) - len(o))
        body = o + body
    return body


put("fuzz_ldcache", "new", ldcache())
put("fuzz_ldcache", "old-new", ldcache(old=2))
put("fuzz_ldcache", "no-hwcaps", ldcache(hwcaps=False))

# ---- fuzz_audit: mode 0 datagram, 1 answer, 2 text records ---------------
REC = [
    (1423, 'audit(1795856706.849:2): domain=1663d6894 blockers=fs.read_file '
           'path="/etc/hostname" dev="vda" ino=733'),
    (1424, 'audit(1795856706.849:2): domain=1663d6894 status=allocated mode=enforcing '
           'pid=7478 uid=0 exe="/tmp/ex5/trig" comm="trig"'),
    (1300, 'audit(1795856706.849:2): arch=c000003e syscall=257 success=no exit=-13 '
           'a0=ffffff9c a1=55a2b3cb4050 a2=0 a3=0 items=0 ppid=7424 pid=7478 auid=4294967295 '
           'uid=0 gid=0 tty=(none) ses=4294967295 comm="trig" exe="/tmp/ex5/trig" key=(null)'),
    (1320, 'audit(1795856706.849:2): '),
    (1424, 'audit(1795856706.901:6): domain=1663d6894 status=deallocated denials=1'),
    (1423, 'audit(1795856720.721:12): domain=1663d68ac blockers=net.connect_tcp '
           'daddr=127.0.0.1 dest=80'),
    (1423, 'audit(1795856725.141:24): domain=1663d6901 blockers=scope.abstract_unix_socket '
           'path=00666F6F'),
    (1423, 'audit(1795856725.133:18): domain=1663d68d5 blockers=scope.signal opid=1 '
           'ocomm="init"'),
    (1423, 'audit(1795856725.133:19): domain=1663d68e0 blockers=fs.write_file,fs.truncate '
           'path=2F746D702F6120622063'),
    (1335, 'audit(1795856725.133:20): pid=1 uid=0 auid=4294967295 ses=4294967295 '
           'op=disconnect res=1'),
]
types = {1423: 0, 1424: 1, 1300: 2, 1320: 3, 1335: 4}


def nlmsg(t, payload, seq=0, flags=0):
    n = 16 + len(payload)
    m = struct.pack("<IHHII", n, t, flags, seq, 0) + payload
    return m + b"\0" * (((n + 3) & ~3) - n)


put("fuzz_audit", "datagram", b"\0" + b"".join(nlmsg(t, r.encode()) for t, r in REC))
put("fuzz_audit", "datagram-one", b"\3" + nlmsg(REC[0][0], REC[0][1].encode()))
put("fuzz_audit", "ack", b"\1" + nlmsg(2, struct.pack("<i", -1) + nlmsg(1001, b"")[:16], seq=1))
put("fuzz_audit", "get-reply", b"\5" + nlmsg(1000, struct.pack("<10I", 1, 1, 0, 7, 0, 0, 0, 0,
                                                              0, 0), seq=1))
put("fuzz_audit", "text", b"\2" + b"\0".join(bytes([types[t]]) + r.encode() for t, r in REC))

# ---- fuzz_toml, fuzz_json: landlockconfig files (cli/config/) --------------
put("fuzz_toml", "config.toml",
    'abi = 4\n\n[[variable]]\nname = "rw"\nliteral = ["/tmp", "/var/tmp"]\n\n'
    '[[ruleset]]\nhandled_access_fs = ["abi.all"]\nhandled_access_net = ["bind_tcp"]\n'
    'scoped = ["abi.all"]\n\n# system\n[[path_beneath]]\n'
    'allowed_access = ["abi.read_execute"]\nparent = [".", "/usr", "/bin",]\n\n'
    '[[path_beneath]]\nallowed_access = ["abi.read_write", "execute"]\n'
    'parent = ["${rw}", "$${x}/$$", "/a/./b//"]\n\n[[net_port]]\n'
    'allowed_access = ["bind_tcp", "connect_tcp"]\nport = [0, 443, 65535]\n')
put("fuzz_toml", "syntax.toml",
    '# every kind of value\nint = [+1, -0, 1_000, 0xdead_BEEF, 0o17, 0b101]\n'
    'float = [1.0, -3.5e-3, 6E+2, inf, -nan, 1_0.0_1]\nbool = [true, false]\n'
    'str = ["a\\tb\\u00e9\\U0001F600", \'lit\\eral\', """\nmulti\\\n   line""", \'\'\'\nraw\'\'\']\n'
    'dt = [1979-05-27T07:32:00Z, 1979-05-27 00:32:00.999-07:00, 1979-05-27, 07:32:00.5]\n'
    'inline = {a = 1, b.c = "x", d = {e = []}}\n"quoted key" = 1\n\'lit key\' = 2\n'
    'a.b."c.d" = 3\n\n[t.u]\nv = 1\n[t]\nw = 2\n[[aot]]\nx = 1\n[aot.sub]\ny = 2\n'
    '[[aot]]\nx = 2\n')
put("fuzz_toml", "errors.toml",
    'a = 1\na = 2\n[t]\n[t]\nb = 01\nc = 1__0\nd = "\\x"\ne = {f = 1,}\n[[t]]\n')
put("fuzz_json", "config.json",
    '{"abi": 5, "variable": [{"name": "rw", "literal": ["/tmp", "/var/tmp"]},'
    ' {"name": "none"}],\n "ruleset": [{"handledAccessFs": ["abi.all"],'
    ' "handledAccessNet": ["bind_tcp"], "scoped": ["signal"]}],\n'
    ' "pathBeneath": [{"allowedAccess": ["abi.read_execute"], "parent": [".", "/usr"]},'
    ' {"allowedAccess": ["abi.read_write"], "parent": ["${rw}/x", "${none}", "$$"]}],\n'
    ' "netPort": [{"allowedAccess": ["bind_tcp", "abi.all"], "port": [80, 443]}]}\n')
put("fuzz_json", "syntax.json",
    '{"a": [1, -0, 1.5e3, true, false, null, "\\u00e9\\n\\"", {}, []],\n'
    ' "ruleset": null, "abi": 2147483647, "pathBeneath": [{"parent": ["a"],'
    ' "allowedAccess": ["execute"]}]}\n')
put("fuzz_json", "errors.json",
    '{"abi": 1, "abi": 2, "ruleset": [{}], "netPort": [{"allowedAccess": [],'
    ' "port": [70000]}], "foo": 1}\n')
