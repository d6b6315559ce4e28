#!/usr/bin/python3
"""The layers of lib/ (docs/architecture.md): fails when a file includes a
header of a layer it may not depend on, when a lib/ header is included
without its layer folder, when a layer that must not see JSON includes
cJSON, or when includes form a cycle.

    check_layers.py LIBDIR            check the tree
    check_layers.py --self-test LIBDIR  break a copy on purpose, expect failures
"""
import os
import re
import shutil
import sys
import tempfile

# Which layers each layer may include (besides itself and the public hpr/).
ALLOWED = {
    "core": set(),
    "json": {"core"},
    "model": {"core"},
    "compile": {"core", "json", "model"},
    "engine": {"core", "model"},
    "batch": {"core", "model", "engine"},
    "io": {"core", "json", "model", "engine"},
}
# Headers of a layer that a given layer may use when it may not use the rest.
NARROW = {("batch", "engine"): {"engine/engine.h"}}
NO_JSON = {"core", "model", "engine", "batch"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def sources(libdir):
    for layer in sorted(os.listdir(libdir)):
        d = os.path.join(libdir, layer)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                yield layer, f"{layer}/{name}"


def check(libdir):
    problems = []
    graph = {}
    for layer, rel in sources(libdir):
        if layer not in ALLOWED:
            problems.append(f"{rel}: {layer}/ is not a layer ({', '.join(ALLOWED)})")
            continue
        text = open(os.path.join(libdir, rel), encoding="utf-8").read()
        graph[rel] = []
        for kind, inc in INCLUDE.findall(text):
            if kind == "<":
                if inc.startswith("cjson/") and layer in NO_JSON:
                    problems.append(f"{rel}: includes <{inc}>, but {layer}/ never sees JSON")
                continue
            if inc.startswith("hpr/"):
                continue
            target = inc.split("/")[0]
            if "/" not in inc or target not in ALLOWED:
                problems.append(f'{rel}: #include "{inc}" does not name its layer ("model/policy.h")')
                continue
            if not os.path.exists(os.path.join(libdir, inc)):
                problems.append(f'{rel}: #include "{inc}": no such file in lib/')
                continue
            graph[rel].append(inc)
            if target == layer:
                continue
            if target not in ALLOWED[layer]:
                problems.append(f'{rel}: #include "{inc}" points up or sideways: {layer}/ may '
                                f'include {", ".join(sorted(ALLOWED[layer])) or "no other layer"}')
            elif (layer, target) in NARROW and inc not in NARROW[(layer, target)]:
                problems.append(f'{rel}: #include "{inc}": {layer}/ may include only '
                                f'{", ".join(sorted(NARROW[(layer, target)]))} of {target}/')
    # include cycles: depth-first search over the file graph
    state = {}
    stack = []

    def visit(f):
        state[f] = 1
        stack.append(f)
        for g in graph.get(f, []):
            if state.get(g) == 1:
                cyc = stack[stack.index(g):] + [g]
                problems.append("include cycle: " + " -> ".join(cyc))
            elif g not in state:
                visit(g)
        stack.pop()
        state[f] = 2

    for f in sorted(graph):
        if f not in state:
            visit(f)
    return problems


def self_test(libdir):
    """Each breakage must be reported; the unbroken copy must pass."""
    breakages = [
        ("engine/settle.c", '#include "compile/reader.h"\n', "points up"),
        ("model/param.h", '#include "model/policy.h"\n', "include cycle"),
        ("batch/columns.c", '#include "engine/settlement.h"\n', "may include only"),
        ("model/cond.c", "#include <cjson/cJSON.h>\n", "never sees JSON"),
        ("engine/facts.c", '#include "policy.h"\n', "does not name its layer"),
    ]
    failed = False
    for rel, line, expect in [(None, None, None)] + breakages:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "lib")
            shutil.copytree(libdir, copy)
            if rel:
                path = os.path.join(copy, rel)
                text = open(path, encoding="utf-8").read()
                # after the first #include, so header guards stay intact
                i = text.index("#include")
                open(path, "w", encoding="utf-8").write(text[:i] + line + text[i:])
            found = check(copy)
            if rel is None and found:
                print("self-test: the unbroken tree fails:\n  " + "\n  ".join(found))
                failed = True
            elif rel and not any(expect in p for p in found):
                print(f"self-test: adding {line.strip()} to {rel} was not reported ({expect})")
                failed = True
            elif rel:
                print(f"self-test: {rel} + {line.strip()}: reported")
    return 1 if failed else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    if not problems:
        print(f"lib/ layers: {sum(1 for _ in sources(argv[1]))} files, includes point down, no cycle")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
