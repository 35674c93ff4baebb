#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""tests/kernels/report.py - judge the real-kernel matrix.

    report.py RESULTS NAME:EXPECTED_ABI:EMULATED_NAME ...

RESULTS holds, per run, NAME.tap (the stdout of `PROVE_FLAGS="-v --timer"
tests/run.sh`, framed by "=== LANDBOX-MATRIX BEGIN/END" lines), NAME.rc and
NAME.time, written by tests/kernels/run.sh.  Each argument pairs a real
kernel's run with the emulated run it must agree with.

The matrix fails (exit 1) when a run did not finish, a suite failed, a
kernel reports another Landlock ABI than expected, or a real run and its
emulated run disagree.  They disagree when
  - a case with the same test file and description (TAP number removed,
    $TMPDIR and mkdtemp suffixes normalized) has another outcome: ok,
    not ok, or skipped (with its reason);
  - a test file has another result as a whole: passed, skipped entirely
    (1..0 # SKIP), exit status, bad plan, bail out.
Cases that exist in only one of the two runs (a test that checks something
only on the real kernel, or says what it saw in its description) cannot be
compared; they are listed, not counted as failures.  So is a test file that
skips itself as a whole under emulation saying "real kernel only", and a
case the emulated run skips saying so (an emulated ABI above this machine's
kernel cannot enforce it: only the real kernel can, e.g. UDP on ABI 10).

Writes RESULTS/summary.txt and prints it."""
import os
import re
import sys

# prove -v --timer: "[hh:mm:ss] path ..... " starts a file, "ok    361 ms
# ( ... )" ends a passed one, a lone "[hh:mm:ss]" ends the last file.
HEADER = re.compile(r"^(?:\[(\d\d):(\d\d):(\d\d)\] )?(\S+) \.{2,} ?$")
STAMP = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\]\s*$")
# A file that printed only "1..0 # SKIP why" gets one line, even with -v.
SKIPPED_FILE = re.compile(r"^(?:\[(\d\d):(\d\d):(\d\d)\] )?(\S+) \.{2,} skipped: ?(.*)$")
TIMED_OK = re.compile(r"^ok\s+(\d+) ms\b")
TAP = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$")
DIRECTIVE = re.compile(r"(?:^|\s)#\s*(skip|todo)\b\s*(.*)$", re.I)
PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#\s*skip\b\s*(.*))?", re.I)
VERDICT = re.compile(
    r"^(skipped:.*|Failed \d+/\d+ subtests.*|Dubious, .*|"
    r"No subtests run.*|All \d+ subtests passed.*|Bail out!.*)\s*$")
END_OF_FILES = re.compile(r"^(Test Summary Report|All tests successful|Files=\d+|"
                          r"Result: |### suite under ABI|=== LANDBOX-MATRIX )")
# A test file that skips itself entirely under emulation with this in its
# reason ("1..0 # SKIP runs on the real kernel only") is not compared.  Any
# other file skipped in one run and not in the other is a disagreement: an
# emulated run that tests nothing must not pass for agreement.
REAL_ONLY = re.compile(r"real kernel only", re.I)
# mkdtemp/mktemp names: six random characters at the end of the first path
# component below $TMPDIR.
MKTEMP = re.compile(r"(\$TMPDIR/[^/\s\"']*?)[A-Za-z0-9]{6}(?=[/\s\"'),:;]|$)")


def suite_of(path):
    if path.startswith("tests/cli/") or "/tests/cli/" in path:
        return "cli"
    if "/test/unit/" in path or path.startswith("test/unit/"):
        return "unit"
    return "other"


class TestFile:
    """One test file's cases as prove -v showed them."""

    def __init__(self, path):
        self.path = path
        self.cases = []  # (description, outcome)
        self.counts = {"pass": 0, "fail": 0, "skip": 0}
        self.plan = None
        self.skip_all = None
        self.verdict = None
        self.start = None  # seconds since midnight (prove --timer)
        self.seconds = None

    def add_case(self, result, rest, tmpdir):
        if tmpdir:
            rest = rest.replace(tmpdir, "$TMPDIR")
        rest = MKTEMP.sub(r"\1XXXXXX", rest)
        m = DIRECTIVE.search(rest)
        desc = (rest[:m.start()] if m else rest).strip()
        kind = m.group(1).lower() if m else ""
        reason = m.group(2).strip() if m else ""
        if kind == "skip":
            # tap_skip() prints "ok N - # SKIP reason": the reason is all
            # there is to recognise the case by.
            outcome = "skipped" if desc else "skipped (no description)"
            desc = desc or reason
            if outcome == "skipped":
                outcome += f" ({reason})" if reason else ""
            self.counts["skip"] += 1
        elif kind == "todo":
            outcome = f"todo, {result}"
            self.counts["pass"] += 1
        else:
            outcome = result
            self.counts["pass" if result == "ok" else "fail"] += 1
        self.cases.append((desc, outcome))

    def result(self):
        """The file as a whole: "passed", "skipped: why", or what prove said."""
        if self.skip_all is not None:
            return "skipped entirely: " + self.skip_all
        if self.verdict is None:
            return "incomplete (no result from prove)"
        v = self.verdict
        if v == "ok" or re.match(r"All \d+ subtests passed", v):
            return "passed"
        return v

    def bad(self):
        return not (self.result() == "passed" or self.result().startswith("skipped entirely"))

    def keyed(self):
        """{(description, n): outcome}, n counting repeated descriptions."""
        seen = {}
        out = {}
        for desc, outcome in self.cases:
            n = seen.get(desc, 0) + 1
            seen[desc] = n
            out[(desc, n)] = outcome
        return out


class Run:
    """One run of tests/run.sh: a guest, the host, or an emulated ABI."""

    def __init__(self, results, name):
        self.name = name
        self.files = {}
        self.order = []
        self.abi = None
        self.kernel = ""
        self.tmpdir = None
        self.up_start = self.up_end = None
        self.begun = self.ended = False
        base = os.path.join(results, name)
        self.rc = read(base + ".rc", "missing").strip() or "missing"
        self.time = read(base + ".time", "?").strip()
        self.parse(read(base + ".tap", ""))

    def header(self, line):
        for prefix, attr in (("# LANDBOX-ABI:", "abi"), ("# kernel:", "kernel"),
                             ("# TMPDIR:", "tmpdir")):
            if line.startswith(prefix):
                setattr(self, attr, line[len(prefix):].strip())
        for prefix, attr in (("# guest uptime at start:", "up_start"),
                             ("# guest uptime at end:", "up_end")):
            if line.startswith(prefix):
                setattr(self, attr, float(line[len(prefix):]))

    def new_file(self, m):
        stamp = None
        if m.group(1) is not None:
            stamp = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
            if self.order:
                last = self.files[self.order[-1]]
                if last.seconds is None and last.start is not None:
                    last.seconds = (stamp - last.start) % 86400
        if m.re is STAMP:
            return None
        f = TestFile(m.group(4))
        f.start = stamp
        self.files[f.path] = f
        self.order.append(f.path)
        return f

    def parse(self, text):
        cur = None
        for raw in text.splitlines():
            line = raw.rstrip("\r")
            if line.startswith("=== LANDBOX-MATRIX BEGIN"):
                self.begun = True
                continue
            if line.startswith("=== LANDBOX-MATRIX END"):
                self.ended = True
                cur = None
                continue
            if cur is None:
                self.header(line)
            m = HEADER.match(line) or STAMP.match(line) or SKIPPED_FILE.match(line)
            if m:
                cur = self.new_file(m)
                if m.re is SKIPPED_FILE:
                    cur.skip_all = m.group(5).strip()
                    cur.verdict = "skipped: " + cur.skip_all
                    cur = None
                continue
            if cur is None:
                continue
            if END_OF_FILES.match(line):
                cur = None
                continue
            m = TIMED_OK.match(line)
            if (line == "ok" or m) and cur.verdict is None and \
                    (cur.plan is not None or not cur.cases):
                cur.verdict = "ok"
                if m:
                    cur.seconds = int(m.group(1)) / 1000
                continue
            m = TAP.match(line)
            if m:
                cur.add_case(m.group(1), m.group(2), self.tmpdir)
                continue
            m = PLAN.match(line)
            if m:
                cur.plan = int(m.group(1))
                if cur.plan == 0 and m.group(2) is not None:
                    cur.skip_all = m.group(2).strip()
                continue
            m = VERDICT.match(line)
            if m and cur.verdict is None:
                cur.verdict = line.strip()

    def suites(self):
        out = {}
        for path in self.order:
            f = self.files[path]
            c = out.setdefault(suite_of(path), {"pass": 0, "fail": 0, "skip": 0})
            for k in ("pass", "fail", "skip"):
                c[k] += f.counts[k]
            # A file skipped as a whole is one skip; one that crashed or
            # broke its plan without a failing case still failed once.
            if f.skip_all is not None:
                c["skip"] += 1
            elif f.bad() and f.counts["fail"] == 0:
                c["fail"] += 1
        return out


def read(path, default):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return default


def compare(real, emul):
    """(disagreements, cases only in one run) between two runs."""
    differ, lonely = [], []
    paths = list(real.order) + [p for p in emul.order if p not in real.files]
    for path in paths:
        r, e = real.files.get(path), emul.files.get(path)
        rres = r.result() if r else "not run"
        eres = e.result() if e else "not run"
        if rres != eres:
            if e and e.skip_all is not None and REAL_ONLY.search(e.skip_all):
                lonely.append(f"{path}: the whole file is left to the real kernel "
                              f"({emul.name}: {e.skip_all}; {real.name}: {rres})")
            else:
                differ.append(f"{path}: the whole file: emulated: {eres}; real: {rres}")
            # Its cases cannot be expected to match one by one.
            continue
        rk, ek = r.keyed(), e.keyed()
        for key, out in ek.items():
            if key in rk and rk[key] != out:
                if out.startswith("skipped") and REAL_ONLY.search(out):
                    lonely.append(f"{path}: {key[0]!r} is left to the real kernel "
                                  f"({emul.name}: {out}; {real.name}: {rk[key]})")
                else:
                    differ.append(f"{path}: {key[0]!r}: emulated: {out}; real: {rk[key]}")
        for key in ek:
            if key not in rk:
                lonely.append(f"{path}: only {emul.name}: {key[0]} [{ek[key]}]")
        for key in rk:
            if key not in ek:
                lonely.append(f"{path}: only {real.name}: {key[0]} [{rk[key]}]")
    return differ, lonely


def table(runs, order, pairs):
    suites = sorted({s for n in order for s in runs[n].suites()},
                    key=lambda s: ("unit", "cli", "other").index(s))
    expect_of = {real: expect for real, expect, _ in pairs}
    emul_of = {real: emul for real, _, emul in pairs}
    rows = [["run", "kernel", "Landlock"] + [f"{s} pass/fail/skip" for s in suites] +
            ["boot", "suites", "wall", "compared with"]]
    for name in order:
        r = runs[name]
        s = r.suites()
        abi = r.abi or "?"
        if name in expect_of and r.abi != expect_of[name]:
            abi += f" (want {expect_of[name]})"
        row = [name, r.kernel or "-", abi]
        for su in suites:
            c = s.get(su)
            row.append(f"{c['pass']}/{c['fail']}/{c['skip']}" if c else "-")
        if r.up_start is not None:
            row.append(f"{r.up_start:.1f}s")
            row.append(f"{r.up_end - r.up_start:.1f}s" if r.up_end is not None else "-")
        else:
            row += ["-", r.time + "s"]
        row.append(r.time + "s")
        row.append(emul_of.get(name, ""))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def main(argv):
    results = argv[1]
    pairs = [tuple(a.split(":")) for a in argv[2:]]
    order = list(dict.fromkeys([p[0] for p in pairs] + [p[2] for p in pairs]))
    runs = {n: Run(results, n) for n in order}

    problems, differ, lonely = [], [], []
    for name in order:
        r = runs[name]
        if not r.begun:
            problems.append(f"{name}: no output at all ({r.rc}); see {name}.console")
        elif not r.ended:
            problems.append(f"{name}: output cut short ({r.rc}); see {name}.console")
        elif r.rc != "0":
            problems.append(f"{name}: suites exited with {r.rc} (stderr: {name}.console)")
        for path in r.order:
            f = r.files[path]
            if f.bad() or f.counts["fail"]:
                problems.append(f"{name}: {path}: {f.result()}")
        if r.begun and r.ended and not r.order:
            problems.append(f"{name}: no test files ran")
    for real, expect, emul in pairs:
        r = runs[real]
        if r.begun and r.abi != expect:
            problems.append(f"{real}: Landlock ABI {r.abi}, expected {expect}")
        d, lone = compare(r, runs[emul])
        if d:
            problems.append(f"{real}: {len(d)} disagreement(s) with {emul}")
            differ += [f"{real} vs {emul}: {x}" for x in d]
        lonely += lone

    out = ["Landlock real-kernel matrix", ""] + table(runs, order, pairs) + [""]
    if problems:
        out.append("FAILED:")
        out += ["  " + p for p in problems]
    else:
        out.append("PASSED: every run finished, every suite passed, every kernel reported "
                   "the expected ABI, and real and emulated runs agree on every case they share.")
    if differ:
        out += ["", "Disagreements between real and emulated runs:"] + ["  " + x for x in differ]
    for name in order:
        r = runs[name]
        timed = sorted((f.seconds, p) for p, f in r.files.items() if f.seconds is not None)
        if r.up_start is not None and timed:
            out += ["", f"{name}: slowest test files"]
            out += [f"  {sec:7.1f}s  {p}" for sec, p in reversed(timed[-8:])]
    if lonely:
        out += ["", "Not compared (the case exists in one run of the pair only):"]
        out += ["  " + x for x in lonely]
    text = "\n".join(out).rstrip() + "\n"
    with open(os.path.join(results, "summary.txt"), "w", encoding="utf-8") as fh:
        fh.write(text)
    sys.stdout.write(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
