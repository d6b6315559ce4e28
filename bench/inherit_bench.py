#!/usr/bin/python3
"""How long a child that re-keys n items of its base takes to load, against
the flat base alone (issue 31, finding 12: the merge was quadratic).

    bench/inherit_bench.py HPR [N]      (default N = 80000)

Writes base.json and child.json for each way a child changes a big base
(sources merged by key, status kinds merged by name, n "set" pointers, n
"remove" pointers) into a temporary directory and times `hpr validate`,
best of three. docs/performance.md has the figures."""
import json
import os
import subprocess
import sys
import tempfile
import time


def documents(kind, n):
    base = {"format": 1, "id": "b", "title": "b", "sources": {"t": {"title": "t", "confidence": "assumption"}},
            "layers": [{"id": "basic", "name": "basic", "kind": "share", "payer": "basic_insurance_fund",
                        "covers": ["in_scope"], "ratio": "0.5", "ref": "t"}]}
    child = {"format": 1, "extends": "base.json", "id": "c", "title": "c"}
    if kind == "status_kinds":
        base["status_kinds"] = [f"k{i}" for i in range(n)]
        child["status_kinds"] = [f"k{i}" for i in reversed(range(n))]
    else:
        base["sources"].update({f"s{i}": {"title": "x", "confidence": "assumption"} for i in range(n)})
        if kind == "sources":
            child["sources"] = {f"s{i}": {"title": "y", "confidence": "assumption"} for i in range(n)}
        elif kind == "set":
            child["set"] = {f"/sources/s{i}/title": "y" for i in range(n)}
        else:
            child["remove"] = [f"/sources/s{i}" for i in range(n)]
    return base, child


def seconds(hpr, path):
    best = None
    for _ in range(3):
        t = time.monotonic()
        subprocess.run([hpr, "validate", path], capture_output=True)
        best = min(best or 1e9, time.monotonic() - t)
    return best


def main():
    hpr = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 80000
    print(f"{'child re-keys':<14} {'n':>7} {'child s':>8} {'base s':>7} {'ratio':>6}")
    for kind in ("sources", "status_kinds", "set", "remove"):
        with tempfile.TemporaryDirectory() as d:
            base, child = documents(kind, n)
            json.dump(base, open(os.path.join(d, "base.json"), "w"))
            json.dump(child, open(os.path.join(d, "child.json"), "w"))
            c, b = seconds(hpr, os.path.join(d, "child.json")), seconds(hpr, os.path.join(d, "base.json"))
            print(f"{kind:<14} {n:>7} {c:>8.2f} {b:>7.2f} {c / b:>6.1f}")


if __name__ == "__main__":
    main()
