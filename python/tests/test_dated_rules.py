"""Dated rules (issue 20): no rule of a shipped policy is in force before
the document it cites. Every layer, modifier and dated value that cites a
source (its ``ref``) is walked over a grid of dates (1 January and 1 July
of 2016-2026, and the day before and the day of every date the policy
names); on each date it is in force, the cited source's ``effective`` date
(or, without one, its ``published`` date) must not be later. Sources of
confidence ``assumption`` are the project's own choices and carry no date.

The check reads the policy documents, not the library (a chain merged by
policy_merge.py, the plain-Python reading of "extends"), so it also holds
the policies to the dates the policy format gives their rules; a test
below removes a date from a shipped modifier and requires the check to
notice."""
import copy
import datetime as dt
import glob
import json
import os

import pytest
from policy_merge import load_merged

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICIES = sorted(glob.glob(os.path.join(ROOT, "policies", "*.json")))
DAY = dt.timedelta(days=1)
FAR_PAST, FAR_FUTURE = dt.date(1000, 1, 1), dt.date(9999, 12, 31)


def _date(text):
    return dt.date.fromisoformat(text)


def _window(obj, key_from="from", key_to="to"):
    """(from, to) of an object with optional from/to members."""
    if not isinstance(obj, dict):
        return FAR_PAST, FAR_FUTURE
    return (_date(obj[key_from]) if obj.get(key_from) else FAR_PAST,
            _date(obj[key_to]) if obj.get(key_to) else FAR_FUTURE)


def _dated_entries(value):
    """[(from, to, entry)] of a parameter: a scalar or {"value": ...} is in
    force always; {"YYYY-MM-DD": ...} from each date to the next."""
    if isinstance(value, dict) and value and all(len(k) == 10 and k[4] == "-" for k in value):
        keys = sorted(value)
        out = []
        for i, k in enumerate(keys):
            end = _date(keys[i + 1]) - DAY if i + 1 < len(keys) else FAR_FUTURE
            out.append((_date(k), end, value[k]))
        return out
    return [(FAR_PAST, FAR_FUTURE, value)]


def _refs_in(obj, skip=()):
    """Every (ref, window-narrowing dated entries) under obj: a list of
    (ref, from, to) where from/to narrow the window for a dated value."""
    found = []

    def walk(o, lo, hi):
        if isinstance(o, dict):
            if o and all(isinstance(k, str) and len(k) == 10 and k[4] == "-" and k[:4].isdigit() for k in o):
                for a, b, e in _dated_entries(o):
                    walk(e, max(lo, a), min(hi, b))
                return
            for k, v in o.items():
                if k in skip:
                    continue
                if k == "ref" and isinstance(v, str):
                    found.append((v.split()[0], lo, hi))
                else:
                    walk(v, lo, hi)
        elif isinstance(o, list):
            for v in o:
                walk(v, lo, hi)

    walk(obj, FAR_PAST, FAR_FUTURE)
    return found


EFFECTS = ("ratio_add", "ratio_set", "deductible_scale", "deductible_set", "cap_year_set")
SWITCHES = ("cap_lift", "deductible_waive")


def _effect_windows(mod):
    """The periods in which a modifier changes something: a switch always,
    a dated effect while it has a value (not null)."""
    if any(mod.get(k) for k in SWITCHES):
        return [(FAR_PAST, FAR_FUTURE)]
    out = []
    for k in EFFECTS:
        if k in mod:
            out += [(a, b) for a, b, e in _dated_entries(mod[k])
                    if e is not None and not (isinstance(e, dict) and e.get("value", 0) is None)]
    return out


def citations(policy):
    """(where, ref, from, to): each citation of a layer or modifier with
    the dates it is in force."""
    p_lo, p_hi = _window(policy.get("effective"))
    out = []
    for i, layer in enumerate(policy.get("layers", [])):
        l_lo, l_hi = _window(layer.get("effective"))
        a_lo, a_hi = _window(layer.get("applies_to"))
        lo, hi = max(p_lo, l_lo, a_lo), min(p_hi, l_hi, a_hi)
        for ref, r_lo, r_hi in _refs_in(layer, skip=("modifiers",)):
            out.append((f"/layers/{i} ({layer.get('id')})", ref, max(lo, r_lo), min(hi, r_hi)))
        for j, mod in enumerate(layer.get("modifiers", [])):
            m_lo, m_hi = _window(mod.get("when"))
            m_lo, m_hi = max(lo, m_lo), min(hi, m_hi)
            where = f"/layers/{i}/modifiers/{j} ({mod.get('label')})"
            # the modifier's own ref holds while one of its effects has a value
            for a, b in _effect_windows(mod):
                if mod.get("ref") and max(m_lo, a) <= min(m_hi, b):
                    out.append((where, mod["ref"].split()[0], max(m_lo, a), min(m_hi, b)))
            for ref, r_lo, r_hi in _refs_in({k: v for k, v in mod.items() if k != "ref"}):
                out.append((where, ref, max(m_lo, r_lo), min(m_hi, r_hi)))
    return out


def grid(policy):
    dates = {dt.date(y, m, 1) for y in range(2016, 2027) for m in (1, 7)}
    text = json.dumps(policy)
    for token in set(__import__("re").findall(r"\d{4}-\d{2}-\d{2}", text)):
        try:
            d = _date(token)
        except ValueError:
            continue
        dates |= {d, d - DAY}
    return sorted(dates)


def source_dates(policy):
    out = {}
    for sid, src in policy.get("sources", {}).items():
        when = src.get("effective") or src.get("published")
        out[sid] = (_date(when) if when else None, src.get("confidence"))
    return out


def violations(policy):
    """Every (where, ref, date) on which a citation is in force before its source."""
    sources = source_dates(policy)
    days = grid(policy)
    found = []
    for where, ref, lo, hi in citations(policy):
        date, confidence = sources.get(ref, (None, None))
        if confidence == "assumption":
            continue
        if date is None:
            found.append((where, ref, "the source has no published or effective date"))
            continue
        first = next((d for d in days if lo <= d <= hi and d < date), None)
        if first:
            found.append((where, ref, f"in force on {first}, before the source's date {date}"))
    return found


@pytest.mark.parametrize("path", POLICIES, ids=[os.path.basename(p) for p in POLICIES])
def test_no_rule_before_its_source(path):
    policy = load_merged(path)  # a document that extends another: the chain as one
    found = violations(policy)
    assert not found, "\n".join(f"{w}: cites {r}: {why}" for w, r, why in found)


def test_the_check_sees_a_date_removed():
    """The evidence the check works: the Anhui critical-illness tilt cites
    the national 2018-2020 plan; without its from date it would apply to
    2017 discharges, and the check must say so."""
    policy = json.load(open(os.path.join(ROOT, "policies", "anhui-351-180.json"), encoding="utf-8"))
    assert not violations(policy)
    broken = copy.deepcopy(policy)
    critical = next(layer for layer in broken["layers"] if layer["id"] == "critical")
    tilt = next(m for m in critical["modifiers"] if m["ref"].startswith("national-2018"))
    del tilt["when"]["from"]
    found = violations(broken)
    assert any("national-2018" == r and "2017" in why for _w, r, why in found), found


def test_every_shipped_policy_has_its_review_page():
    """docs/policies/<id>.md: what each layer encodes, the source, what is
    assumed, what the review found (issue 20); it names every layer."""
    for path in POLICIES:
        policy = load_merged(path)
        page = os.path.join(ROOT, "docs", "policies", policy["id"] + ".md")
        assert os.path.exists(page), page
        text = open(page, encoding="utf-8").read()
        for layer in policy["layers"]:
            assert f"`{layer['id']}`" in text, (page, layer["id"])
