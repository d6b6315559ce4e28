# SPDX-License-Identifier: MIT
"""A desk's retries, late discharges and reversals through the JSON entry
point, Policy.settle / Policy.reverse and the hpr command (--requests): the
ledger counts each claim once, refuses what would double-count, and a
reversal leaves exactly the year without the claim."""
import copy
import json
import os
import subprocess

import pytest

import hpr

ROOT = os.environ["HPR_SOURCE_DIR"]
HPR = os.environ.get("HPR_CLI")
POLICY = os.path.join(ROOT, "policies", "normalised-2021.json")
PERSON = {"id": "P1", "birth_date": "1960-01-01",
          "statuses": [{"kind": "registered_poor", "from": "2016-01-01"}],
          "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]}


def claim(cid, date, amount):
    return {"id": cid, "type": "inpatient", "admission_date": date, "discharge_date": date,
            "facility": {"id": "H1", "level": "county"}, "location": "in_county", "diagnoses": ["C15.9"],
            "costs": {"total": amount, "in_scope": amount}}


C1, C2, C3 = claim("C1", "2022-02-01", "30000"), claim("C2", "2022-04-01", "50000"), claim("C3", "2022-06-01", "80000")


@pytest.fixture(scope="module")
def policy():
    return hpr.Policy.load(POLICY)


def ledger_of(policy, claims):
    return json.loads(policy.settle_json(json.dumps({"person": PERSON, "claims": claims})))["ledger"]


def test_retry_returns_the_same_and_counts_once(policy):
    first = policy.settle(PERSON, [C1, C2, C3])
    led = ledger_of(policy, [C1, C2, C3])
    assert [c["id"] for c in led["claims"]] == ["C1", "C2", "C3"] and led["person"] == "P1"
    assert led["policy"]["id"] == "normalised-2021"
    for i, c in enumerate([C3, C2, C1]):  # a retry of the last and of earlier claims
        again = json.loads(policy.settle_json(json.dumps({"person": PERSON, "claims": [c], "ledger": led})))
        assert again["ledger"] == led
        assert again["settlements"][0]["payers"] == json.loads(json.dumps(first.settlements[2 - i]["payers"],
                                                                          default=str))
        assert again["settlements"][0]["warnings"][-1]["code"] == "already_counted"
    changed = copy.deepcopy(C2)
    changed["costs"] = {"total": "50001", "in_scope": "50001"}
    with pytest.raises(hpr.InvalidInputError, match="claim C2 was already settled with other amounts"):
        policy.settle(PERSON, [changed], ledger=led)
    with pytest.raises(hpr.InvalidInputError, match="before claim C3 .2022-06-01."):
        policy.settle(PERSON, [claim("C9", "2022-03-01", "100")], ledger=led)
    with pytest.raises(hpr.InvalidInputError, match="person P1's, not P2's"):
        policy.settle(dict(PERSON, id="P2"), [claim("C9", "2022-09-01", "100")], ledger=led)
    national = hpr.Policy.load(os.path.join(ROOT, "policies", "national-2021.json"))
    with pytest.raises(hpr.InvalidInputError, match="another policy"):
        national.settle(PERSON, [claim("C9", "2022-09-01", "100")], ledger=led)


def test_reverse_equals_the_year_without_the_claim(policy):
    led = ledger_of(policy, [C1, C2, C3])
    r = policy.reverse(PERSON, "C2", led, [C3])
    assert r.reversed == "C2"
    assert json.loads(json.dumps(r.ledger, default=str)) == ledger_of(policy, [C1, C3])
    by = {c["claim"]: c for c in r.changes}
    assert by["C2"]["reversed"] and by["C2"]["patient"]["after"] == "0.00"
    assert by["C3"]["patient"]["before"] != by["C3"]["patient"]["after"]  # C3's deductible and bands moved
    # a corrected bill in its place
    fixed = claim("C2", "2022-04-01", "45000")
    r = policy.reverse(PERSON, "C2", led, [fixed, C3])
    assert json.loads(json.dumps(r.ledger, default=str)) == ledger_of(policy, [C1, fixed, C3])
    assert {c["claim"]: c for c in r.changes}["C2"]["corrected"]
    with pytest.raises(hpr.InvalidInputError, match="claim C3, counted after C2, is not among"):
        policy.reverse(PERSON, "C2", led, [])
    with pytest.raises(hpr.HprError, match="not among the 3 claims"):
        policy.reverse(PERSON, "C7", led)


def test_old_ledger_reads_with_a_warning(policy):
    led = ledger_of(policy, [C1])
    old = {k: led[k] for k in ("policy_year", "layers", "patient")}
    r = json.loads(policy.settle_json(json.dumps({"person": PERSON, "claims": [C2], "ledger": old})))
    assert [w["code"] for w in r["settlements"][0]["warnings"]] == ["ledger_unrecorded"]
    assert r["ledger"]["unrecorded"] is True and [c["id"] for c in r["ledger"]["claims"]] == ["C2"]
    # the amounts are those of the recorded year
    assert r["ledger"]["layers"] == ledger_of(policy, [C1, C2])["layers"]


def test_unknown_status_kind_strict_and_warning(policy):
    who = dict(PERSON, statuses=PERSON["statuses"] + [{"kind": "registerd_poor", "from": "2016-01-01"}])
    with pytest.warns(hpr.HprInputWarning, match="registerd_poor"):
        policy.settle(who, [C1])
    with pytest.raises(hpr.InvalidInputError, match="registerd_poor.*strict"):
        policy.settle(who, [C1], strict=True)


@pytest.mark.skipif(not HPR, reason="needs the hpr command (ctest sets HPR_CLI)")
def test_cli_requests_retry_and_reverse(policy, tmp_path):
    led = ledger_of(policy, [C1, C2, C3])
    reqs = [{"person": PERSON, "claims": [C3], "ledger": led},
            {"person": PERSON, "reverse": "C2", "claims": [C3], "ledger": led},
            {"person": PERSON, "claims": [claim("C0", "2022-01-05", "100")], "ledger": led}]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in reqs))
    p = subprocess.run([HPR, "settle", "--policy", POLICY, "--requests", tmp_path / "r.jsonl", "-o",
                        tmp_path / "o.jsonl"], capture_output=True, text=True)
    out = (tmp_path / "o.jsonl").read_text().splitlines()
    assert json.loads(out[0])["ledger"] == led
    assert json.loads(out[1])["ledger"] == ledger_of(policy, [C1, C3])
    assert "before claim C3" in p.stderr and p.returncode != 0


def test_unknown_status_kind_in_chinese_and_not_on_the_slip(policy, tmp_path):
    who = dict(PERSON, statuses=PERSON["statuses"] + [{"kind": "registerd_poor", "from": "2016-01-01"}])
    r = json.loads(policy.settle_json(json.dumps({"person": who, "claims": [C1], "lang": "zh"})))
    msg = [w for w in r["warnings"] if w["code"] == "unknown_status"][0]["message"]
    assert "未在政策" in msg and "registerd_poor" in msg
    if not HPR:
        return
    (tmp_path / "r.json").write_text(json.dumps({"person": who, "claims": [C1]}))
    out = subprocess.run([HPR, "--lang", "zh", "explain", "--policy", POLICY, tmp_path / "r.json"],
                         capture_output=True, text=True).stdout
    status_line = next(l for l in out.splitlines() if "身份" in l and "出生" in l)
    assert "registerd_poor" not in status_line and "已忽略" in out


def test_the_batch_counts_each_claim_once(policy):
    import pandas as pd
    pop = os.path.join(ROOT, "examples", "population")
    claims = pd.read_csv(os.path.join(pop, "claims.csv"))
    persons = pd.read_csv(os.path.join(pop, "persons.csv"))
    once = policy.settle_frame(claims, persons)
    twice = policy.settle_frame(pd.concat([claims, claims.iloc[[0]]], ignore_index=True), persons)
    bad = twice[twice["status"] != "ok"]
    assert len(twice) == len(claims) + 1 and len(bad) == 1  # rows in = results + errors
    assert "appears more than once for person" in bad["error"].iloc[0]
    assert twice["paid_fen"].iloc[: len(claims)].sum() == once["paid_fen"].sum()
