"""Regression tests for the hostile-input findings (../shared/findings/
hostile-input.md, against 3fd1f74): one test per finding, named after its
number, each failing on that commit. docs/robustness.md lists the classes
and the tests that hold each rule; the pandas findings are in
test_frames_hostile.py and the command's in test_cli_hostile.py."""
import copy
import json
import os
import stat
import threading
import time

import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FOUR = os.path.join(ROOT, "tests", "data", "four-layers.json")

PERSON = {"id": "P1", "birth_date": "1958-04-12",
          "statuses": [{"kind": "registered_poor", "from": "2016-01-01"}],
          "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]}


def claim(i=1, date="2018-03-10", total="52000", ins="50000", b="1000", o="1000", level="county",
          loc="in_county"):
    return {"id": f"C{i}", "type": "inpatient", "admission_date": date, "discharge_date": date,
            "facility": {"id": "F", "level": level}, "location": loc, "diagnoses": ["C15.9"],
            "costs": {"total": total, "in_scope": ins, "class_b_self": b, "out_of_catalog": o}}


@pytest.fixture(scope="module")
def four():
    return hpr.Policy.load(FOUR)


def settle(policy, req):
    return json.loads(policy.settle_json(json.dumps(req)))


def refused(policy, req, status, text):
    with pytest.raises(hpr.HprError) as e:
        policy.settle_json(json.dumps(req))
    assert e.value.status == status, e.value.message
    assert text in e.value.message, e.value.message
    return e.value.message


def no_negative(resp):
    for s in resp["settlements"]:
        for k in ("total", "paid_total", "patient_pays", "patient_year"):
            assert not s[k].startswith("-"), (s["claim_id"], k, s[k])
    for layer in resp["ledger"]["layers"].values():
        for k in ("base", "deductible", "paid"):
            assert not layer[k].startswith("-"), layer
    assert not any(v.startswith("-") for v in resp["ledger"]["patient"].values())


# ---- 4: int64 overflow in the ledger's arithmetic --------------------------------

@pytest.mark.parametrize("ledger", [
    {"policy_year": 2018, "layers": {"critical": {"base": "92233720368547758.07", "deductible": "0",
                                                  "paid": "0", "claims": 1}}},
    {"policy_year": 2018, "patient": {"in_scope": "92233720368547758.07",
                                      "class_b_self": "92233720368547758.07", "out_of_catalog": "0.02",
                                      "total": "0"}},
    {"policy_year": 2018, "layers": {"basic": {"base": "10000000000000.01", "deductible": "0",
                                               "paid": "0", "claims": 1}}},
])
def test_f04_ledger_amounts_are_bounded(four, ledger):
    refused(four, {"person": PERSON, "claims": [claim()], "ledger": ledger}, "HPR_EOVERFLOW",
            "10^15 fen")


def test_f04_legal_claims_never_wrap(four):
    # maximum-size claims, all legal: the year total stops at 10^15 fen with
    # HPR_EOVERFLOW on the claim that would pass it; nothing goes negative
    big = "10000000000000"
    ok = settle(four, {"person": PERSON, "claims": [claim(1, total=big, ins="0", b="0", o=big)]})
    no_negative(ok)
    ledger = ok["ledger"]
    # the returned ledger can always be passed back
    refused(four, {"person": PERSON, "ledger": ledger,
                   "claims": [claim(2, total="0.01", ins="0", b="0", o="0.01")]},
            "HPR_EOVERFLOW", "would pass")
    small = settle(four, {"person": PERSON, "ledger": ledger,
                          "claims": [claim(2, total="0", ins="0", b="0", o="0")]})
    no_negative(small)


def test_f04_many_maximum_claims(four):
    big = "10000000000000"
    claims = [claim(i, total=big, ins="0", b="0", o=big) for i in range(1, 30)]
    refused(four, {"person": PERSON, "claims": claims}, "HPR_EOVERFLOW", "/claims/1")


# ---- 5: a ledger from another policy, misspelt layer ids ------------------------

def test_f05_ledger_of_another_policy_is_refused(four):
    ledger = {"policy_year": 2018, "layers": {"cap_351": {"base": "0", "deductible": "0", "paid": "0",
                                                          "claims": 1}}}
    refused(four, {"person": PERSON, "claims": [claim()], "ledger": ledger}, "HPR_EINVAL",
            "from another policy")


def test_f05_unknown_layer_warns_and_strict_refuses(four):
    ledger = {"policy_year": 2018, "layers": {
        "basic": {"base": "100000", "deductible": "500", "paid": "15000", "claims": 3},
        "BASIC": {"base": "100000", "deductible": "500", "paid": "15000", "claims": 3}}}
    r = settle(four, {"person": PERSON, "claims": [claim()], "ledger": ledger})
    w = [x for s in r["settlements"] for x in s["warnings"] if x["code"] == "unknown_layer"]
    assert len(w) == 1 and "BASIC" in w[0]["message"]
    refused(four, {"person": PERSON, "claims": [claim()], "ledger": ledger, "strict": True},
            "HPR_EINVAL", "\"BASIC\" is not a layer")


@pytest.mark.parametrize("entry,text", [
    ({"base": "1000", "deductible": "2000", "paid": "0", "claims": 1}, "deductible used is more"),
    ({"base": "1000", "deductible": "0", "paid": "1500", "claims": 1}, "paid is more than its base"),
    ({"base": "900000000", "deductible": "0", "paid": "800000000", "claims": 1}, "annual cap"),
])
def test_f05_impossible_ledger_entries_are_refused(four, entry, text):
    ledger = {"policy_year": 2018, "layers": {"basic": entry}}
    refused(four, {"person": PERSON, "claims": [claim()], "ledger": ledger}, "HPR_EINVAL", text)


def test_f05_a_ledger_the_library_wrote_is_accepted(four):
    r = settle(four, {"person": PERSON, "claims": [claim(1), claim(2, "2018-05-01")]})
    again = settle(four, {"person": PERSON, "ledger": r["ledger"], "strict": True,
                          "claims": [claim(3, "2018-06-01")]})
    assert again["settlements"][0]["claim_id"] == "C3"


# ---- 6: claims out of date order in one request ---------------------------------

def test_f06_claims_out_of_order_are_refused(four):
    late = claim(1, "2018-05-01", total="200000", ins="200000", b="0", o="0", level="city", loc="in_city")
    early = claim(2, "2018-03-10")
    refused(four, {"person": PERSON, "claims": [late, early]}, "HPR_EINVAL", "/claims/1 (line")
    refused(four, {"person": PERSON, "claims": [late, early]}, "HPR_EINVAL", "date order")
    r = settle(four, {"person": PERSON, "claims": [early, late]})
    assert [s["claim_id"] for s in r["settlements"]] == ["C2", "C1"]


def test_f26_duplicate_and_empty_claim_ids_are_refused(four):
    refused(four, {"person": PERSON, "claims": [claim(1), claim(1, "2018-04-01")]}, "HPR_EINVAL",
            '/claims/1 (line 1, column')
    refused(four, {"person": PERSON, "claims": [claim(1), claim(1, "2018-04-01")]}, "HPR_EINVAL",
            "appears more than once")
    c = claim(1)
    c["id"] = ""
    refused(four, {"person": PERSON, "claims": [c]}, "HPR_EINVAL", "must not be empty")


# ---- 15: warnings are not amplified ----------------------------------------------

def test_f15_one_warning_per_unknown_kind(four):
    person = dict(PERSON, statuses=PERSON["statuses"] + [{"kind": "alien", "from": "2016-01-01"}] * 2000)
    claims = [claim(i, "2018-03-10", total="1", ins="1", b="0", o="0") for i in range(1000)]
    req = json.dumps({"person": person, "claims": claims})
    out = four.settle_json(req)
    assert len(out) < 2 * len(req) + 1_000_000  # was 225 MB for a 0.38 MB request
    r = json.loads(out)
    assert [w["code"] for w in r["warnings"]] == ["unknown_status"]
    assert all(not s["warnings"] for s in r["settlements"])


def test_f26_unknown_members_are_capped(four):
    req = {"person": PERSON, "claims": [claim()]}
    for i in range(5000):
        req[f"x{i}"] = 1
    r = settle(four, req)
    assert len(r["warnings"]) == 101 and r["warnings"][-1]["code"] == "too_many_warnings"


# ---- 17: a closed last band --------------------------------------------------------

def test_f17_closed_last_band_is_refused(tmp_path):
    p = json.load(open(FOUR))
    for layer in p["layers"]:
        if layer.get("bands"):
            layer["bands"]["bands"] = [{"up_to": "30000", "ratio": "0.6"}]
            break
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.from_string(json.dumps(p))
    assert "the last band is open" in str(e.value)


# ---- 18: a birth date after the claim -----------------------------------------------

def test_f18_birth_after_the_as_of_date_is_refused(four):
    for born in ("2030-06-01", "9999-12-31", "2018-03-11"):
        refused(four, {"person": dict(PERSON, birth_date=born), "claims": [claim()]}, "HPR_EINVAL",
                "birth_date is after")
    settle(four, {"person": dict(PERSON, birth_date="2018-03-10"), "claims": [claim()]})


# ---- 10: catalog id checks are not quadratic ------------------------------------------

def catalog_policy(entries):
    p = json.load(open(FOUR))
    p["catalogs"] = {"c": {"id": "c", "title": "t", "icd10_note": "n", "entries": entries}}
    return json.dumps(p)


def test_f10_duplicate_ids_one_diagnostic_each():
    entries = [{"id": "x", "name": "n", "codes": ["C00"], "from": "2010-01-01"}] * 8000
    entries += [{"id": "y", "name": "n", "codes": ["C01"], "from": "2010-01-01"}] * 3
    t = time.monotonic()
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.from_string(catalog_policy(entries))
    assert time.monotonic() - t < 10
    dups = [d for d in e.value.diagnostics if "appears" in d.message]
    assert len(dups) == 2, [d.message for d in dups]
    assert "8000 times" in dups[0].message or "8000 times" in dups[1].message


def load_seconds(n):
    entries = [{"id": f"e{i}", "name": "n", "codes": ["C%02d" % (i % 100)], "from": "2010-01-01"}
               for i in range(n)]
    text = catalog_policy(entries)
    t = time.monotonic()
    hpr.Policy.from_string(text)
    return time.monotonic() - t


def test_f10_100000_entries_load_in_linear_time():
    # four times the entries: about four times the time, not sixteen (the
    # pairwise check of 3fd1f74 took over 120 s for 300,000); a ratio, so
    # the machine's speed cancels
    small = min(load_seconds(25_000) for _ in range(2))
    large = min(load_seconds(100_000) for _ in range(2))  # the best of two: a busy machine (ctest -j2) is not the code
    assert large / small < 9, (small, large)


def test_f10_diagnostics_are_capped():
    entries = [{"id": f"e{i}", "name": "n", "codes": ["C1!"], "from": "2010-01-01"} for i in range(5000)]
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.from_string(catalog_policy(entries))
    assert len(e.value.diagnostics) <= 1000


# ---- 11: an include of a FIFO does not block ---------------------------------------------

def test_f11_include_of_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    p = json.load(open(FOUR))
    p["catalogs"] = {"serious": {"include": str(fifo)}}
    done = []

    def load():
        try:
            hpr.Policy.from_string(json.dumps(p))
        except hpr.PolicyError as e:
            done.append(str(e))

    t = threading.Thread(target=load, daemon=True)
    t.start()
    t.join(10)
    assert done and "not a regular file" in done[0]
    for target in (str(tmp_path), "/dev/null"):
        p["catalogs"] = {"serious": {"include": target}}
        with pytest.raises(hpr.PolicyError) as e:
            hpr.Policy.from_string(json.dumps(p))
        assert "directory" in str(e.value) or "not a regular file" in str(e.value)


def test_f11_load_releases_the_gil(tmp_path):
    # another Python thread runs while a (large) policy loads
    entries = [{"id": f"e{i}", "name": "n", "codes": ["C%02d" % (i % 100)], "from": "2010-01-01"}
               for i in range(100_000)]
    text = catalog_policy(entries)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        n0 = len(ticks)
        t0 = time.monotonic()
        hpr.Policy.from_string(text)
        elapsed = time.monotonic() - t0
    finally:
        stop.set()
        t.join()
    if elapsed > 0.05:
        assert len(ticks) - n0 > 5


# ---- 25: includes confined on request ---------------------------------------------------

def test_f25_confined_includes(tmp_path):
    (tmp_path / "pol").mkdir()
    (tmp_path / "secret.json").write_text('{"password": "x"}')
    p = json.load(open(FOUR))
    p["catalogs"] = {"serious": {"include": "../secret.json"}}
    path = tmp_path / "pol" / "p.json"
    path.write_text(json.dumps(p))
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.load(path, confine_includes=True)
    assert "outside the include root" in str(e.value) and "password" not in str(e.value)
    p["catalogs"] = {"serious": {"include": "/etc/passwd"}}
    path.write_text(json.dumps(p))
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.load(path, confine_includes=True)
    assert "an absolute path" in str(e.value)
    # a symlink out of the tree is outside too
    os.symlink(tmp_path / "secret.json", tmp_path / "pol" / "link.json")
    p["catalogs"] = {"serious": {"include": "link.json"}}
    path.write_text(json.dumps(p))
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.load(path, confine_includes=True)
    assert "outside the include root" in str(e.value)
    # the shipped policies load with the project's root as the include root
    for name in os.listdir(os.path.join(ROOT, "policies")):
        hpr.Policy.load(os.path.join(ROOT, "policies", name), confine_includes=ROOT)


def test_f26_lower_case_icd_patterns_are_patterns(four):
    entries = [{"id": "lower", "name": "n", "codes": ["c15", "i60-i64"], "from": "2010-01-01"}]
    p = json.loads(catalog_policy(entries))
    p["classification"] = {"serious_disease": {"catalog": "c", "claim_types": ["inpatient"]}}
    pol = hpr.Policy.from_string(json.dumps(p))
    for code in ("C15.9", "I61"):
        c = claim()
        c["diagnoses"] = [code]
        r = settle(pol, {"person": PERSON, "claims": [c]})
        assert r["settlements"][0]["classification"]["entry"] == "lower", code


def test_f05_large_and_duplicate_ledgers(four):
    entry = {"base": "1", "deductible": "0", "paid": "0", "claims": 1}
    layers = {f"L{i}": entry for i in range(1000)}
    layers["basic"] = entry
    r = settle(four, {"person": PERSON, "claims": [claim()], "ledger": {"policy_year": 2018, "layers": layers}})
    warned = [w for w in r["settlements"][0]["warnings"] if w["code"] == "unknown_layer"]
    assert len(warned) == 1 and "1000 unknown layers" in warned[0]["message"]
    layers = {f"L{i}": entry for i in range(2000)}
    refused(four, {"person": PERSON, "claims": [claim()], "ledger": {"policy_year": 2018, "layers": layers}},
            "HPR_EINVAL", "at most 1024 layers")
    body = ('{"person": %s, "claims": [], "ledger": {"policy_year": 2018, "layers": {"a": %s, "b": %s, "a": %s}}}'
            % (json.dumps(PERSON), json.dumps(entry), json.dumps(entry), json.dumps(entry)))
    with pytest.raises(hpr.HprError) as e:
        four.settle_json(body)
    assert 'layer "a" appears twice' in e.value.message
