#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/cli/toml-check.py LANDBOX DIR - landbox's TOML reader (cli/config/toml.c)
against Python's tomllib on valid and invalid TOML documents; TAP on standard
output.  Each document goes through `LANDBOX config show --toml-file`: a
document the reader accepts fails later with "unknown key" (it is not a
landlockconfig file), one it refuses fails with a syntax error.  Where TOML
1.0 asks for an error that tomllib does not raise (integers beyond 64 bits,
floats that overflow) landbox must refuse; where the specification allows
what tomllib refuses (a leap second) or tomllib reads text and not bytes (a
byte order mark), landbox follows the specification."""
import os
import subprocess
import sys
import tomllib

lb, tmp = sys.argv[1], sys.argv[2]
cases = [
 'a = 1', 'a = +1', 'a = 01', 'a = 0', 'a = -0', 'a = 1_000', 'a = 1__0', 'a = _1', 'a = 1_',
 'a = 0x1F', 'a = 0xdead_beef', 'a = 0o17', 'a = 0b101', 'a = 0x', 'a = +0x1', 'a = 0X1',
 'a = 9223372036854775807', 'a = 9223372036854775808', 'a = -9223372036854775808', 'a = -9223372036854775809',
 'a = 0x7fffffffffffffff', 'a = 0x8000000000000000',
 'a = 1.0', 'a = 1.', 'a = .5', 'a = 1e5', 'a = 1E+5', 'a = 1e-05', 'a = 1.5e3', 'a = 1_0.0_1', 'a = 1.0_', 'a = inf', 'a = -inf', 'a = +nan', 'a = nan', 'a = infinity', 'a = 1e', 'a = 00.1', 'a = 0.0', 'a = -0.0', 'a = 1e1_0',
 'a = true', 'a = false', 'a = True', 'a = truex',
 'a = "x"', "a = 'x'", 'a = "\\u00e9"', 'a = "\\U0001F600"', 'a = "\\uD800"', 'a = "\\x41"', 'a = "\\e"', 'a = "a\tb"', 'a = "a\x01b"', 'a = "\\u0000"',
 'a = """\nabc"""', 'a = """abc\\\n   def"""', 'a = """""""', 'a = """a""""', 'a = """a"""""', 'a = """a""""""', "a = '''x'''''", "a = ''''''", 'a = """\\   \n  x"""',
 'a = "unterminated', 'a = """unterminated', "a = 'line\nbreak'",
 'a = 1979-05-27T07:32:00Z', 'a = 1979-05-27T00:32:00.999999-07:00', 'a = 1979-05-27 07:32:00', 'a = 1979-05-27', 'a = 07:32:00', 'a = 07:32', 'a = 1979-13-27', 'a = 1979-02-30', 'a = 2000-02-29', 'a = 1900-02-29', 'a = 1979-05-27T25:00:00', 'a = 1979-05-27t07:32:00z', 'a = 1979-05-27T07:32:00+24:00', 'a = 00:00:60', 'a = 1979-05-27T07:32:00.',
 'a = [1, 2, 3]', 'a = [1, "x"]', 'a = [ ]', 'a = [1,]', 'a = [,]', 'a = [1 2]', 'a = [\n1,\n# c\n2,\n]',
 'a = {x = 1}', 'a = {}', 'a = {x = 1,}', 'a = {x = 1, x = 2}', 'a = {x.y = 1, x.z = 2}', 'a = {\nx = 1}', 'a = {x = [\n1]}',
 '[a]\nb = 1\n[a]', '[a]\n[a.b]\n[a]', '[a.b]\n[a]', '[a.b]\n[a]\n[a]', 'a.b = 1\n[a]', 'a.b = 1\n[a.c]', '[a]\nb.c = 1\n[a.b]', '[a]\nb.c = 1\n[a.b.d]',
 '[[a]]\n[[a]]', '[[a]]\n[a]', '[a]\n[[a]]', 'a = []\n[[a]]', '[[a]]\nb = 1\n[a.c]\nd = 2', '[[a.b]]\n[a]\nc = 1', 'a = {b = 1}\n[a.c]', 'a = {b = 1}\na.c = 2', '[a]\nx = 1\n[b]\n[a.y]',
 '[[a]]\n[a.b]\n[[a]]\n[a.b]', 'x = 1\nx = 2', 'x.y = 1\nx = 2', 'x = 1\nx.y = 2',
 '"" = 1', "'' = 1", 'a b = 1', 'a."b.c" = 1', ' a . b = 1', '= 1', 'a =', 'a = 1 b = 2', 'a = 1 # c', 'a = 1 #\x01', '# \x7f', 'a = 1\r\n', 'a = 1\r', '[ a ]', '[a]]', '[[a] ]', '[a', '[]', '[a.]', '[.a]',
 'a = """x\r\ny"""', "a = 'x\x7f'", 'a = "\\ud7ff"', 'a = "\\U00110000"', 'a.b.c = 1\na.b.d = 2', 'a.b.c = 1\na.b = 2', '1 = 2', '1.2 = 3', 'true = 1', 'inf = 1', '[x]\n"a" = 1\na = 2',
 'a = 1e309', 'a = -1e309', 'a = [[1], [2, [3]]]', 'a = [{x=1}, {y=2}]', 'a = 0.1e-1_0',
 '\ufeffa = 1', 'a = 1\n\ufeffb = 2',
 'a = """x\\\n', 'a = """x\\\n   \n', 'a = """x\\\n"""', 'a = """x\\ \t\r\n y"""',
 '"a\\u0000b" = 1', 'a = "\\u0000"', 'a = [1,\n2,]\nb = {}', 'a = """\\\n\n"""',
]
# TOML 1.0 differs from tomllib here: what landbox must do.
SPEC = {
    'a = 9223372036854775808': False, 'a = -9223372036854775809': False,
    'a = 0x8000000000000000': False, 'a = 1e309': False, 'a = -1e309': False,
    'a = 00:00:60': True, '\ufeffa = 1': True,
}
n = 0
for i, c in enumerate(cases):
    if c in SPEC:
        want = SPEC[c]
    else:
        try:
            tomllib.loads(c)
            want = True
        except tomllib.TOMLDecodeError:
            want = False
    path = os.path.join(tmp, "case%d.toml" % i)
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(c)
    r = subprocess.run([lb, "config", "show", "--toml-file", path], capture_output=True,
                       text=True, errors="replace")
    got = "unknown key" in r.stderr or r.returncode == 0 or "empty configuration" in r.stderr
    n += 1
    ok = got == want and r.returncode in (0, 125) and "Sanitizer" not in r.stderr
    print("%s %d - toml %s: %r" % ("ok" if ok else "not ok", n,
                                     "valid" if want else "invalid", c[:60]))
    if not ok:
        print("#   exit %d: %s" % (r.returncode, r.stderr.strip()[:300]), file=sys.stderr)
print("1..%d" % n)
