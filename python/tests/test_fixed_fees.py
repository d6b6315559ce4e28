"""Fixed fees (定额) and case groups on every path: settle_frame, the JSON
entry point and the hpr command's CSV reader give the same fen for the
Taiyuan 2013 policy, case group included (issue 20)."""
import csv
import io
import json
import os
import subprocess

import pandas as pd
import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICY = os.path.join(ROOT, "policies", "taiyuan-2013.json")
HPR = os.environ.get("HPR_CLI")

CLAIMS = [  # id, discharge, group, total: published (79000, 144000), above, below, no group, an unknown group
    ("c1", "2013-03-20", "standard_risk", 79000),
    ("c2", "2013-05-20", "intermediate_risk", 144000),
    ("c3", "2013-07-20", "standard_risk", 85000),
    ("c4", "2013-09-20", "standard_risk", 70000),
    ("c5", "2013-10-20", "", 50000),
    ("c6", "2013-11-20", "high_risk", 50000),
]


def frames():
    persons = pd.DataFrame({"person_id": ["child"], "birth_date": ["2008-03-10"],
                            "enrollments": ["nrcms=2013-01-01.."]})
    claims = pd.DataFrame({
        "claim_id": [c[0] for c in CLAIMS], "person_id": "child", "type": "inpatient",
        "admission_date": [c[1] for c in CLAIMS], "level": "province", "location": "in_province",
        "designated": "child_all", "diagnoses": "C91.0", "case_group": [c[2] for c in CLAIMS],
        "in_scope_fen": [c[3] * 100 for c in CLAIMS]})
    return persons, claims


def by_json(policy):
    req = {"person": {"id": "child", "birth_date": "2008-03-10",
                      "enrollment": [{"scheme": "nrcms", "from": "2013-01-01"}]},
           "claims": [{"id": i, "type": "inpatient", "admission_date": d,
                       "facility": {"level": "province", "designated": ["child_all"]},
                       "location": "in_province", "diagnoses": ["C91.0"],
                       **({"case_group": g} if g else {}),
                       "costs": {"total": str(t), "in_scope": str(t)}} for i, d, g, t in CLAIMS]}
    out = json.loads(policy.settle_json(json.dumps(req)))["settlements"]
    return [(s["claim_id"], s["paid_total"], s["patient_pays"]) for s in out]


def test_frame_and_json_agree_and_pay_the_published_shares():
    policy = hpr.Policy.load(POLICY)
    persons, claims = frames()
    got = policy.settle_frame(claims, persons)
    assert list(got.status) == ["ok"] * len(CLAIMS)
    frame = [(r.claim_id, f"{r.paid_fen / 100:.2f}", f"{r.patient_fen / 100:.2f}") for r in got.itertuples()]
    assert frame == by_json(policy)
    # the published figures: 70% + 20% of the fee paid, the family 10%
    assert frame[0] == ("c1", "71100.00", "7900.00")
    assert frame[1] == ("c2", "129600.00", "14400.00")
    assert frame[2] == ("c3", "71100.00", "7900.00")   # 6000 above the fee: the hospital's
    assert frame[3] == ("c4", "63000.00", "7000.00")   # below: the shares of the cost (assumed rule)
    assert frame[4] == ("c5", "0.00", "50000.00")      # no case group: no fee, these layers do not pay
    assert frame[5] == ("c6", "0.00", "50000.00")      # a group without a fee

    # the JSON path says why c6 has no fee
    req_out = json.loads(policy.settle_json(json.dumps({
        "person": {"id": "child", "birth_date": "2008-03-10"},
        "claims": [{"id": "c6", "type": "inpatient", "admission_date": "2013-11-20",
                    "facility": {"level": "province", "designated": ["child_all"]}, "location": "in_province",
                    "diagnoses": ["C91.0"], "case_group": "high_risk",
                    "costs": {"total": "50000", "in_scope": "50000"}}]})))
    codes = [w["code"] for w in req_out["settlements"][0]["warnings"]]
    assert codes == ["no_fixed_fee"]


@pytest.mark.skipif(not HPR, reason="needs HPR_CLI (set by ctest)")
def test_the_command_reads_case_group(tmp_path):
    persons, claims = frames()
    persons.to_csv(tmp_path / "p.csv", index=False)
    claims.to_csv(tmp_path / "c.csv", index=False)
    out = subprocess.run([HPR, "settle", "--policy", POLICY, "--persons", str(tmp_path / "p.csv"),
                          "--claims", str(tmp_path / "c.csv")], capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    policy = hpr.Policy.load(POLICY)
    assert [(r["claim_id"], r["paid"], r["patient"]) for r in rows] == by_json(policy)
