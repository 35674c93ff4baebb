#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/cli/config-check.py LANDBOX DATA - every fixture and composition of
the landlockconfig conformance data (DATA/expected.json) through `LANDBOX
config show --json`, compared field by field; TAP on standard output.

A fixture expected to be rejected (at parse or resolve time) must exit 125
with a "FILE:LINE: message" or "FILE: message" naming the file; an accepted
one must exit 0 and print exactly the expected effective ruleset (abi,
handled sets, each path and port rule with its rights)."""
import json
import os
import subprocess
import sys

lb, data = sys.argv[1], sys.argv[2]
# Why JSON cannot be read here (set by config.t), or empty.
nojson = os.environ.get("NOJSON", "")
exp = json.load(open(os.path.join(data, "expected.json")))
n = 0


def tap(ok, desc, why=""):
    global n
    n += 1
    if ok is None:
        print("ok %d - %s # SKIP %s" % (n, desc, why))
        return
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc))
    if not ok and why:
        for line in why.splitlines()[:12]:
            print("#   " + line, file=sys.stderr)


def show(paths):
    """None when a JSON file would be read and JSON cannot be read here."""
    if nojson and any(p.endswith(".json") for p in paths):
        return None
    return subprocess.run([lb, "config", "show", "--json"] + paths, capture_output=True,
                          text=True, cwd=data)


def compare(desc, want, r):
    if r is None:
        tap(None, desc, nojson)
        return
    if r.returncode != 0:
        tap(False, desc, "exit %d: %s" % (r.returncode, r.stderr))
        return
    try:
        got = json.loads(r.stdout)
    except ValueError as e:
        tap(False, desc, "not JSON (%s): %s" % (e, r.stdout[:500]))
        return
    bad = []
    for field in ("abi", "handled_access_fs", "handled_access_net", "scoped",
                  "path_beneath", "net_port"):
        if field not in want:
            continue  # compositions have no abi
        if got.get(field) != want[field]:
            bad.append("%s: got %s, want %s" % (field, json.dumps(got.get(field)),
                                                json.dumps(want[field])))
    extra = set(got) - {"abi", "handled_access_fs", "handled_access_net", "scoped",
                        "path_beneath", "net_port"}
    if extra:
        bad.append("unexpected fields %s" % sorted(extra))
    tap(not bad, desc, "\n".join(bad))


for path in sorted(exp["fixtures"]):
    f = exp["fixtures"][path]
    r = show([path])
    if f["parse"] == "reject" or f.get("resolve") == "error":
        if r is None:
            tap(None, "reject %s" % path, nojson)
            continue
        ok = r.returncode == 125 and r.stdout == "" and \
            r.stderr.startswith("landbox: %s:" % path)
        tap(ok, "reject %s" % path,
            "exit %d, stderr %r" % (r.returncode, r.stderr))
    else:
        compare("accept %s" % path, f["effective"], r)

for c in exp["compositions"]:
    ins = c["inputs"]
    compare("compose %s" % " + ".join(os.path.basename(i) for i in ins), c["effective"],
            show(ins))
    if len(ins) > 1:  # commutative
        compare("compose %s (reversed)" % " + ".join(os.path.basename(i) for i in ins),
                c["effective"], show(list(reversed(ins))))

print("1..%d" % n)
