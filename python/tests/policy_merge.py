"""A second, plain-Python reading of policy inheritance (docs/policy-format.md
"Inheritance"): follows "extends" and merges each child into its base as
JSON, so a test can compare the library's merge with it and the checks
that read policy documents (dated rules, review pages) can read a chain
as one document. It covers what a flat document can express: a dated
"set" over a base value that is not dated raises NotImplementedError."""
import copy
import json
import os
import re

ARRAYS = {"layers", "monitoring", "status_kinds"}  # merged element by element
WHOLE = {"effective"}                              # objects replaced whole
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _key(e):
    if isinstance(e, str):
        return e
    return e.get("id") if isinstance(e, dict) else None


def _tokens(ptr):
    ptr = ptr[1:] if ptr.startswith("/") else ptr
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")]


def _step(node, t):
    if isinstance(node, dict):
        return node.get(t)
    if isinstance(node, list):
        if t.isdigit():
            return node[int(t)] if int(t) < len(node) else None
        return next((e for e in node if _key(e) == t), None)
    return None


def _walk(root, tokens):
    for t in tokens:
        root = _step(root, t)
        if root is None:
            raise KeyError("/".join(tokens))
    return root


def _is_dated(v):
    return isinstance(v, dict) and bool(v) and all(_DATE.match(k) for k in v)


def _dated_entries(old):
    """A base value as {date: entry} with its citation on each entry."""
    if _is_dated(old):
        return dict(old)
    if isinstance(old, dict) and _is_dated(old.get("value")):
        notes = {k: old[k] for k in ("ref", "assumed") if k in old}
        return {d: (e if isinstance(e, dict) else {"value": e, **notes}) for d, e in old["value"].items()}
    raise NotImplementedError("a dated set over a value without dates has no flat form")


def _splice(old, new):
    if old is None or not _is_dated(new):
        return new
    first = min(new)
    out = {d: e for d, e in _dated_entries(old).items() if d < first}
    out.update(new)
    return out


def _merge_array(old, new):
    for e in copy.deepcopy(new):
        anchor = e.pop("before", None) if isinstance(e, dict) else None
        after = e.pop("after", None) if isinstance(e, dict) else None
        k = _key(e)
        at = next((i for i, x in enumerate(old) if k is not None and _key(x) == k), None)
        if anchor or after:
            if at is not None:
                del old[at]
            i = next(i for i, x in enumerate(old) if _key(x) == (anchor or after))
            old.insert(i + (1 if after else 0), e)
        elif at is not None:
            old[at] = e
        else:
            old.append(e)


def merge(base, child):
    base, child = copy.deepcopy(base), copy.deepcopy(child)
    child.pop("extends", None)
    for ptr in child.pop("remove", []):
        *up, last = _tokens(ptr)
        parent = _walk(base, up)
        if isinstance(parent, list):
            parent.remove(_step(parent, last))
        else:
            del parent[last]
    sets = child.pop("set", {})
    for k, v in child.items():
        old = base.get(k)
        if k in ARRAYS and isinstance(old, list) and isinstance(v, list):
            _merge_array(old, v)
        elif isinstance(old, dict) and isinstance(v, dict) and k not in WHOLE:
            old.update(v)
        else:
            base[k] = v
    for ptr, v in sets.items():
        *up, last = _tokens(ptr)
        parent = _walk(base, up)
        if isinstance(parent, list):
            if last == "-":
                parent.append(v)
            else:
                i = parent.index(_step(parent, last))
                parent[i] = _splice(parent[i], v)
        else:
            parent[last] = _splice(parent.get(last), v)
    return base


def load_merged(path):
    """The document at path with every base it extends merged in."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if "extends" not in doc:
        return doc
    base = load_merged(os.path.join(os.path.dirname(path), doc["extends"]))
    return merge(base, doc)
