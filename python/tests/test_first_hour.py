"""What a data scientist trips on in the first hour with hpr (issue 18):
each test failed on 3fd1f74."""
import decimal
import json
import os
import warnings

import numpy as np
import pandas as pd
import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FOUR = os.path.join(ROOT, "tests", "data", "four-layers.json")
PERSON = {"id": "P1", "birth_date": "1958-04-12",
          "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]}


def claim(cid="C1", date="2018-03-10", in_scope="1000"):
    return {"id": cid, "type": "inpatient", "admission_date": date, "facility": {"level": "county"},
            "location": "in_county", "costs": {"total": in_scope, "in_scope": in_scope}}


@pytest.fixture(scope="module")
def four():
    return hpr.Policy.load(FOUR)


def test_one_float_rule_everywhere(four):
    # 0.1 + 0.2 is not a two-decimal amount: refused by settle, settle_frame and to_fen alike
    with pytest.raises(hpr.HprError):
        four.settle(PERSON, [claim(in_scope=0.1 + 0.2)])
    with pytest.raises(ValueError):
        hpr.to_fen([0.1 + 0.2])
    frame = pd.DataFrame({"claim_id": ["C1", "C2"], "person_id": ["P1", "P1"], "type": ["inpatient"] * 2,
                          "admission_date": ["2018-03-10", "2018-04-10"], "level": ["county"] * 2,
                          "location": ["in_county"] * 2, "in_scope": [0.1 + 0.2, 0.3]})
    persons = pd.DataFrame({"person_id": ["P1"], "birth_date": ["1958-04-12"],
                            "enrollments": ["resident_basic=2016-01-01.."]})
    out = four.settle_frame(frame, persons)
    assert out.status.tolist() == ["HPR_EINVAL", "ok"]
    # and a float that is a two-decimal amount is accepted by all three
    assert four.settle(PERSON, [claim(in_scope=0.3)]).settlements[0].total == decimal.Decimal("0.30")
    assert hpr.to_fen(0.3) == 30


def test_one_claim_without_a_list(four):
    r = four.settle(PERSON, claim())
    assert len(r) == 1 and r.settlements[0].claim_id == "C1"


def test_to_fen_of_a_scalar_is_an_int():
    assert hpr.to_fen(12.34) == 1234 and isinstance(hpr.to_fen(12.34), int)
    assert hpr.to_fen("5") == 500
    assert list(hpr.to_fen([1, 2])) == [100, 200]


def test_settle_result_repr_and_decimal_ledger(four):
    r = four.settle(PERSON, [claim(), claim("C2", "2018-04-10")])
    text = repr(r)
    assert text.startswith("<hpr.SettleResult 2 claims") and "policy year 2018" in text
    basic = r.ledger["layers"]["basic"]
    assert isinstance(basic["paid"], decimal.Decimal) and isinstance(basic["claims"], int)
    assert isinstance(r.ledger["patient"]["total"], decimal.Decimal)
    # the Decimal ledger goes back in as it is
    more = four.settle(PERSON, [claim("C3", "2018-05-10")], ledger=r.ledger)
    assert more.ledger["layers"]["basic"]["claims"] == 3


def test_typing_names_do_not_leak():
    for name in ("Any", "Optional", "Iterable", "Mapping"):
        assert not hasattr(hpr, name), name


def test_unknown_claim_fields_warn_in_python(four):
    c = claim()
    c["dischage_date"] = "2018-03-12"
    with pytest.warns(hpr.HprInputWarning, match='dischage_date.*did you mean "discharge_date"'):
        r = four.settle(PERSON, [c])
    assert any(w["code"] == "unknown_field" for w in r.warnings)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        four.settle(PERSON, [claim()])  # nothing unknown: no warning


def test_total_contradicting_total_fen_is_refused(four):
    frame = pd.DataFrame({"claim_id": ["C1"], "person_id": ["P1"], "type": ["inpatient"],
                          "admission_date": ["2018-03-10"], "level": ["county"], "location": ["in_county"],
                          "in_scope_fen": [100000], "total_fen": [100000], "total": [5.0]})
    persons = pd.DataFrame({"person_id": ["P1"], "birth_date": ["1958-04-12"]})
    with pytest.raises(ValueError, match="not both"):
        four.settle_frame(frame, persons)


def test_copied_policy_with_catalogs(tmp_path):
    copy = tmp_path / "mine.json"
    copy.write_bytes(open(os.path.join(ROOT, "policies", "city-2017.json"), "rb").read())
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.load(copy)
    assert len([d for d in e.value.diagnostics if d.severity == "error"]) == 2
    assert hpr.Policy.load(copy, catalogs=[os.path.join(ROOT, "catalogs")]).id == "city-2017"
    assert hpr.Policy.load(copy, catalogs=os.path.join(ROOT, "catalogs")).id == "city-2017"


def test_user_facing_text_cites_the_documents_not_the_projects_notes():
    # DOMAIN.md is the project's research notes: users do not have it
    for top in ("policies", "catalogs", "docs", "examples"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if name.endswith((".json", ".md", ".ipynb", ".c")):
                    text = open(os.path.join(dirpath, name), encoding="utf-8").read()
                    assert "DOMAIN" not in text and "seeds/" not in text, os.path.join(dirpath, name)
    assert "DOMAIN" not in open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    # every source of a shipped policy that is not the project's assumption says where it was read
    for name in os.listdir(os.path.join(ROOT, "policies")):
        doc = json.load(open(os.path.join(ROOT, "policies", name), encoding="utf-8"))
        for sid, src in doc["sources"].items():
            if src.get("confidence") != "assumption":
                assert src.get("url") or "no URL found" in src["title"], (name, sid)
