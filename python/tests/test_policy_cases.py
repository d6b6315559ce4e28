"""The policy regression cases of tests/policy/ (the files `hpr test`
runs), under pytest: one test per case, the same matching rules (expected
fields are a subset of the settlement; amounts compared as money; "lines"
matched by layer id). docs/cli.md describes the format."""
import decimal
import glob
import json
import os

import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "policy", "*.json")) +
               glob.glob(os.path.join(ROOT, "tests", "policy", "published", "*.json")))


def _money(s):
    try:
        return decimal.Decimal(s).quantize(decimal.Decimal("0.01")) if "." in s or s.isdigit() else None
    except decimal.InvalidOperation:
        return None


def matches(want, actual, path="/"):
    """None if actual matches the pattern want, else the path where not."""
    if isinstance(want, dict) and isinstance(actual, list):
        for layer, w in want.items():
            hit = next((a for a in actual if isinstance(a, dict) and a.get("layer") == layer), None)
            if hit is None:
                return path + layer
            bad = matches(w, hit, f"{path}{layer}/")
            if bad:
                return bad
        return None
    if isinstance(want, dict):
        if not isinstance(actual, dict):
            return path
        for k, w in want.items():
            if k not in actual:
                return path + k
            bad = matches(w, actual[k], f"{path}{k}/")
            if bad:
                return bad
        return None
    if isinstance(want, list):
        if not isinstance(actual, list) or len(want) != len(actual):
            return path
        for i, (w, a) in enumerate(zip(want, actual)):
            bad = matches(w, a, f"{path}{i}/")
            if bad:
                return bad
        return None
    if isinstance(want, str) and isinstance(actual, str):
        if want == actual:
            return None
        mw, ma = _money(want), _money(actual)
        return None if mw is not None and mw == ma else path
    return None if want == actual else path


def cases():
    for f in FILES:
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        for i, c in enumerate(doc["cases"]):
            yield pytest.param(f, doc["policy"], c, id=f"{os.path.basename(f)}:{c.get('name', i + 1)}")


_POLICIES = {}


def policy_for(case_file, rel):
    path = os.path.normpath(os.path.join(os.path.dirname(case_file), rel))
    if path not in _POLICIES:
        _POLICIES[path] = hpr.Policy.load(path)
    return _POLICIES[path]


def test_every_shipped_policy_has_cases():
    shipped = {os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "policies", "*.json"))}
    covered = set()
    for f in FILES:
        with open(f, encoding="utf-8") as fh:
            covered.add(os.path.basename(json.load(fh)["policy"]))
    assert shipped <= covered


@pytest.mark.parametrize("case_file,policy_path,case", list(cases()))
def test_case(case_file, policy_path, case):
    p = policy_for(case_file, policy_path)
    req = {k: case[k] for k in ("person", "claims", "ledger") if k in case}
    req["explain"] = True
    if "expect_error" in case:
        with pytest.raises(hpr.HprError) as e:
            p.settle_json(json.dumps(req))
        assert e.value.status == case["expect_error"]
        assert case.get("expect_message", "") in e.value.message
        return
    got = json.loads(p.settle_json(json.dumps(req)))["settlements"]
    assert len(case["expect"]) <= len(got)
    for i, (w, a) in enumerate(zip(case["expect"], got)):
        bad = matches(w, a)
        assert bad is None, f"settlement {i + 1} differs at {bad}: expected {w}, actual {a}"


def test_published_cases_cite_their_source():
    """tests/policy/published/ holds published worked calculations: each file
    names the source and its confidence, and pins the published figures."""
    files = glob.glob(os.path.join(ROOT, "tests", "policy", "published", "*.json"))
    assert files
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        src = doc.get("source", {})
        assert src.get("title") and src.get("confidence") in ("verified_text", "secondary", "unverified"), f
        assert src.get("url") or "no URL found" in src["title"], f
