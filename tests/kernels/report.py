#!/usr/bin/python3
"""tests/kernels/report.py - judge the real-kernel matrix.

    report.py RESULTS NAME:EXPECTED_ABI:EMULATED_NAME ...

RESULTS holds, per run, NAME.tap (the output of `PROVE_FLAGS=-v
tests/run.sh`, framed by "=== LANDBOX-MATRIX BEGIN/END" lines), NAME.rc and
NAME.time, written by tests/kernels/run.sh.  Each argument pairs a real
kernel's run with the emulated run it must agree with.

Fails (exit 1) when a run did not finish, a suite failed, a kernel reports
another Landlock ABI than expected, or a real run and its emulated run
disagree on any TAP case.  Cases are compared per test file, in order, on
the line with its TAP number removed ("ok - desc", "not ok - desc",
"ok - # SKIP reason"), plus the file's own result (exit status, plan).
Writes RESULTS/summary.txt and prints it."""
import difflib
import os
import re
import sys

HEADER = re.compile(r"^(\S+) \.{2,} ?$")
TAP = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$")
DIRECTIVE = re.compile(r"(?:^|\s)#\s*(skip|todo)\b\s*(.*)$", re.I)
PLAN = re.compile(r"^1\.\.(\d+)(.*)$")
VERDICT = re.compile(
    r"^(ok|skipped:.*|Failed \d+/\d+ subtests.*|Dubious, .*|"
    r"No subtests run.*|All \d+ subtests passed.*|Bail out!.*)\s*$")
END_OF_FILES = re.compile(r"^(Test Summary Report|All tests successful|Files=\d+|"
                          r"Result: |### suite under ABI|=== LANDBOX-MATRIX )")


def suite_of(path):
    if path.startswith("tests/cli/") or "/tests/cli/" in path:
        return "cli"
    if "/test/unit/" in path or path.startswith("test/unit/"):
        return "unit"
    return "other"


class TestFile:
    def __init__(self, path):
        self.path = path
        self.cases = []  # normalized lines
        self.counts = {"pass": 0, "fail": 0, "skip": 0}
        self.plan = None
        self.verdict = None

    def add_case(self, outcome, rest, tmpdir):
        if tmpdir:
            rest = rest.replace(tmpdir, "$TMPDIR")
        m = DIRECTIVE.search(rest)
        desc, directive = (rest[:m.start()].strip(), m.group(1).upper() + " " + m.group(2).strip()) \
            if m else (rest.strip(), "")
        line = outcome + " - " + desc + (" # " + directive.strip() if directive else "")
        self.cases.append(line)
        if directive.startswith("SKIP"):
            self.counts["skip"] += 1
        elif outcome == "ok" or directive.startswith("TODO"):
            self.counts["pass"] += 1
        else:
            self.counts["fail"] += 1

    def result(self):
        """The file as a whole: "ok", or what prove said about it."""
        if self.verdict is None:
            return "incomplete (no result from prove)"
        v = self.verdict
        if v == "ok" or v.startswith("skipped:") or re.match(r"All \d+ subtests passed", v):
            return "ok"
        return v

    def bad(self):
        return self.result() != "ok"

    def sequence(self):
        return self.cases + ["(file) " + self.result()]


class Run:
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
                if line.startswith("# LANDBOX-ABI:"):
                    self.abi = line.split(":", 1)[1].strip()
                elif line.startswith("# kernel:"):
                    self.kernel = line.split(":", 1)[1].strip()
                elif line.startswith("# TMPDIR:"):
                    self.tmpdir = line.split(":", 1)[1].strip()
                elif line.startswith("# guest uptime at start:"):
                    self.up_start = float(line.split(":", 1)[1])
                elif line.startswith("# guest uptime at end:"):
                    self.up_end = float(line.split(":", 1)[1])
            m = HEADER.match(line)
            if m:
                cur = TestFile(m.group(1))
                self.files[cur.path] = cur
                self.order.append(cur.path)
                continue
            if cur is None:
                continue
            if END_OF_FILES.match(line):
                cur = None
                continue
            if line == "ok" and cur.verdict is None and (cur.plan is not None or not cur.cases):
                cur.verdict = "ok"
                continue
            m = TAP.match(line)
            if m:
                cur.add_case(m.group(1), m.group(2), self.tmpdir)
                continue
            m = PLAN.match(line)
            if m:
                cur.plan = int(m.group(1))
                continue
            m = VERDICT.match(line)
            if m and cur.verdict is None:
                cur.verdict = line.strip()

    def suites(self):
        out = {}
        for path in self.order:
            f = self.files[path]
            c = out.setdefault(suite_of(path), {"pass": 0, "fail": 0, "skip": 0, "files": 0})
            for k in ("pass", "fail", "skip"):
                c[k] += f.counts[k]
            c["files"] += 1
            # A file that crashed or broke its plan without a failing case
            # still failed once.
            if f.bad() and f.counts["fail"] == 0:
                c["fail"] += 1
        return out


def read(path, default):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return default


def compare(real, emul):
    """Unified diffs, per test file, of real against emulated."""
    diffs = []
    paths = list(real.order) + [p for p in emul.order if p not in real.files]
    for path in paths:
        a = real.files[path].sequence() if path in real.files else ["(file) not run"]
        b = emul.files[path].sequence() if path in emul.files else ["(file) not run"]
        if a != b:
            diffs.append("".join(difflib.unified_diff(
                [x + "\n" for x in b], [x + "\n" for x in a],
                fromfile=f"{emul.name}: {path}", tofile=f"{real.name}: {path}", n=1)))
    return diffs


def main(argv):
    results = argv[1]
    pairs = [a.split(":") for a in argv[2:]]
    runs = {}
    order = []
    for real, _, emul in pairs:
        for n in (real, emul):
            if n not in runs:
                runs[n] = Run(results, n)
        order.append(real)
    order += [e for _, _, e in pairs if e not in order]
    order = list(dict.fromkeys(order))

    problems = []
    diffs = []
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
        d = compare(r, runs[emul])
        if d:
            problems.append(f"{real}: {len(d)} test file(s) differ from {emul}")
            diffs += d

    suites = sorted({s for n in order for s in runs[n].suites()},
                    key=lambda s: ("unit", "cli", "other").index(s))
    expect_of = {real: expect for real, expect, _ in pairs}
    emul_of = {real: emul for real, _, emul in pairs}
    rows = [["run", "kernel", "ABI"] + [f"{s} pass/fail/skip" for s in suites] +
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
        row.append(f"{r.up_start:.1f}s" if r.up_start is not None else "-")
        if r.up_start is not None and r.up_end is not None:
            row.append(f"{r.up_end - r.up_start:.1f}s")
        else:
            row.append("-" if r.up_start is not None else r.time + "s")
        row.append(r.time + "s")
        row.append(emul_of.get(name, ""))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))

    out = ["Landlock real-kernel matrix", ""] + lines + [""]
    if problems:
        out.append("FAILED:")
        out += ["  " + p for p in problems]
    else:
        out.append("PASSED: every run finished, every suite passed, every kernel reported "
                   "the expected ABI, and real and emulated runs agree case by case.")
    if diffs:
        out += ["", "Differences (- emulated, + real):", ""] + diffs
    text = "\n".join(out).rstrip() + "\n"
    with open(os.path.join(results, "summary.txt"), "w", encoding="utf-8") as fh:
        fh.write(text)
    sys.stdout.write(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
