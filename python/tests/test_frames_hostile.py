"""settle_frame under careless and hostile frames: regression tests for
findings 1, 2, 3, 12 and 16 of ../shared/findings/hostile-input.md (each
failing on 3fd1f74), and the rule behind them: a value means the same in a
DataFrame as in the CSV reader and the JSON entry point, or it is refused
for its row (test_three_paths.py checks that on random rows)."""
import decimal
import json
import os

import numpy as np
import pandas as pd
import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FOUR = os.path.join(ROOT, "tests", "data", "four-layers.json")


@pytest.fixture(scope="module")
def referral_policy():
    """four-layers, referral false: basic -0.3; assistance only with a family doctor."""
    p = json.load(open(FOUR))
    for layer in p["layers"]:
        if layer["id"] == "basic":
            layer.setdefault("modifiers", []).append(
                {"when": {"referral": False}, "ratio_add": "-0.3", "label": "no referral"})
        if layer["id"] == "assistance":
            layer.setdefault("applies_to", {})["family_doctor"] = True
    return hpr.Policy.from_string(json.dumps(p))


@pytest.fixture(scope="module")
def four():
    return hpr.Policy.load(FOUR)


def persons(**over):
    d = {"person_id": ["P1"], "birth_date": ["1958-04-12"], "statuses": ["registered_poor=2016-01-01.."],
         "enrollments": ["resident_basic=2016-01-01.."], "family_doctor": [False]}
    d.update(over)
    return pd.DataFrame(d)


def claims(n=1, **over):
    d = {"claim_id": [f"C{i}" for i in range(n)], "person_id": ["P1"] * n, "type": ["inpatient"] * n,
         "admission_date": ["2018-03-10"] * n, "level": ["county"] * n, "location": ["in_county"] * n,
         "referral": [False] * n, "in_scope_fen": [5000000] * n, "class_b_self_fen": [100000] * n,
         "out_of_catalog_fen": [100000] * n}
    d.update(over)
    return pd.DataFrame(d)


# ---- 1: text booleans --------------------------------------------------------------

@pytest.mark.parametrize("false", ["false", "False", "FALSE", "no", "No", "0", 0, 0.0, False, None, ""])
def test_f01_text_false_is_false(referral_policy, false):
    want = referral_policy.settle_frame(claims(), persons())
    got = referral_policy.settle_frame(claims(referral=[false]), persons(family_doctor=[false]))
    assert (got.status == "ok").all(), got.error.tolist()
    assert got.paid_fen.tolist() == want.paid_fen.tolist() == [4700000]


@pytest.mark.parametrize("true", ["true", "TRUE", "yes", "Yes", "1", 1, 1.0, True])
def test_f01_text_true_is_true(referral_policy, true):
    want = referral_policy.settle_frame(claims(referral=[True]), persons(family_doctor=[True]))
    got = referral_policy.settle_frame(claims(referral=[true]), persons(family_doctor=[true]))
    assert got.paid_fen.tolist() == want.paid_fen.tolist()


def test_f01_anything_else_is_the_rows_error(referral_policy):
    c = claims(3, referral=["false", "maybe", "no"], admission_date=["2018-03-10", "2018-04-10", "2018-05-10"])
    out = referral_policy.settle_frame(c, persons())
    assert out.status.tolist() == ["ok", "HPR_EINVAL", "ok"]
    assert "referral 'maybe' is not true or false" in out.error[1]
    out = referral_policy.settle_frame(c.assign(referral=False), persons(family_doctor=["perhaps"]))
    assert (out.status == "HPR_EINVAL").all() and out.error.str.contains("family_doctor 'perhaps'").all()


# ---- 2: timezone-aware dates ------------------------------------------------------------

def test_f02_tz_aware_dates_keep_their_local_date(four):
    dates = ["2018-12-20", "2019-01-01", "2019-03-10"]
    base = claims(3, admission_date=dates)
    want = four.settle_frame(base, persons())
    for tz in ("Asia/Shanghai", "UTC", "America/New_York"):
        c = base.copy()
        c["admission_date"] = pd.to_datetime(c.admission_date).dt.tz_localize(tz) + pd.Timedelta("00:30:00")
        c["discharge_date"] = c["admission_date"]
        got = four.settle_frame(c, persons())
        assert got.patient_year_fen.tolist() == want.patient_year_fen.tolist(), tz
        # object columns of aware Timestamps too
        c["admission_date"] = c["admission_date"].astype(object)
        got = four.settle_frame(c, persons())
        assert got.patient_year_fen.tolist() == want.patient_year_fen.tolist(), tz


# ---- 3: integer and non-ISO dates ------------------------------------------------------------

def test_f03_integer_and_ambiguous_dates_are_refused(four):
    out = four.settle_frame(claims(3, admission_date=[20180310, 20180501, 20180601]), persons())
    assert (out.status == "HPR_EINVAL").all()
    assert out.error.str.contains("is not a date").all()
    out = four.settle_frame(claims(3, admission_date=["2018-12-20", "2019-01-01", "05/06/2018"]), persons())
    assert out.status.tolist() == ["ok", "ok", "HPR_EINVAL"]
    assert "YYYY-MM-DD" in out.error[2]
    out = four.settle_frame(claims(2, admission_date=["2018-03-10", "2022-02-30"]), persons())
    assert out.status.tolist() == ["ok", "HPR_EINVAL"]  # one bad day is its row's, not the frame's
    out = four.settle_frame(claims(1), persons(birth_date=[19580412]))
    assert out.status.tolist() == ["HPR_EINVAL"] and "birth_date" in out.error[0]


# ---- 12: strided and other frames ------------------------------------------------------------------

def test_f12_views_and_dtypes_give_the_answer_of_a_copy(four):
    from hpr import synthetic
    ps, cs = synthetic.population(300, seed=3)
    want = four.settle_frame(cs, ps)
    for view in (cs.iloc[::-1], cs.iloc[::2], cs.iloc[1::3]):
        got = four.settle_frame(view, ps.iloc[::-1])
        copy = four.settle_frame(view.copy(), ps.copy())
        pd.testing.assert_frame_equal(got, copy)
        assert got.paid_fen.sum() > 0
    # categorical ids and enums, nullable integers and booleans, pandas strings
    c = cs.copy()
    for col in ("claim_id", "person_id", "type", "level", "location"):
        c[col] = c[col].astype("category")
    for col in ("in_scope_fen", "class_b_self_fen", "out_of_catalog_fen"):
        c[col] = c[col].astype("Int64")
    c["referral"] = c["referral"].astype("boolean")
    c["admission_date"] = c["admission_date"].astype("string")
    p = ps.copy()
    p["person_id"] = p["person_id"].astype("string")
    pd.testing.assert_frame_equal(four.settle_frame(c, p).drop(columns=["claim_id", "person_id"]),
                                  want.drop(columns=["claim_id", "person_id"]))


# ---- 16: *_fen columns -------------------------------------------------------------------------------

def test_f16_fen_columns_must_be_whole_amounts(four):
    c = claims(6, admission_date=[f"2018-0{i + 1}-10" for i in range(6)],
               in_scope_fen=[5000000.0, 5000000.7, np.nan, 2.0**64, 1e30, 300.0])
    out = four.settle_frame(c, persons())
    assert out.status.tolist() == ["ok", "HPR_EINVAL", "HPR_EINVAL", "HPR_EINVAL", "HPR_EINVAL", "ok"]
    assert "not a whole number of fen" in out.error[1]
    assert "in_scope_fen is missing" in out.error[2]
    assert "too large" in out.error[3] and "too large" in out.error[4]
    assert not out.error.str.contains("negative").any()
    out = four.settle_frame(claims(2, in_scope_fen=[True, False], admission_date=["2018-03-10", "2018-04-10"]),
                            persons())
    assert (out.status == "HPR_EINVAL").all() and out.error.str.contains("a bool").all()
    out = four.settle_frame(claims(1, in_scope_fen=np.array([2**63], dtype=np.uint64)), persons())
    assert out.status.tolist() == ["HPR_EINVAL"] and "too large" in out.error[0]
    # optional costs: missing is 0, as an empty CSV cell is
    out = four.settle_frame(claims(1, class_b_self_fen=[np.nan], out_of_catalog_fen=[None]), persons())
    assert out.status.tolist() == ["ok"] and out.total_fen.tolist() == [5000000]


def test_f16_yuan_columns(four):
    c = claims(5, admission_date=[f"2018-0{i + 1}-10" for i in range(5)])
    c = c.drop(columns=["in_scope_fen"]).assign(in_scope=[50000.0, 1e17, "1e2", decimal.Decimal("100.000"), "12.345"])
    out = four.settle_frame(c, persons())
    assert out.status.tolist() == ["ok", "HPR_EINVAL", "HPR_EINVAL", "ok", "HPR_EINVAL"]
    assert out.total_fen[3] == 10000 + 200000


def test_f26_empty_income_is_unknown(four):
    out = four.settle_frame(claims(), persons(income_per_capita=[""]))
    assert out.status.tolist() == ["ok"]
    out = four.settle_frame(claims(), persons(income_per_capita_fen=[12.5]))
    assert out.status.tolist() == ["HPR_EINVAL"] and "income_per_capita_fen" in out.error[0]


def test_f26_missing_person_id_is_no_person(four):
    p = pd.DataFrame({"person_id": ["None", "nan"], "birth_date": ["1958-04-12"] * 2})
    c = claims(2, person_id=[None, np.nan])
    out = four.settle_frame(c, p)
    assert (out.status != "ok").all()


def test_f26_threads_and_decimals(four):
    for bad in (-1, 1.5, "2", True, 5000):
        with pytest.raises(ValueError, match="threads"):
            four.settle_frame(claims(), persons(), threads=bad)
    person = {"id": "P1", "birth_date": "1958-04-12",
              "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]}
    c = {"id": "C1", "type": "inpatient", "admission_date": "2018-03-10", "facility": {"level": "county"},
         "location": "in_county", "costs": {"total": decimal.Decimal("1E+2"), "in_scope": decimal.Decimal("100.000")}}
    r = four.settle(person, [c])
    assert r.settlements[0].total == decimal.Decimal("100")


def test_f26_both_yuan_and_fen_are_refused(four):
    with pytest.raises(ValueError, match="not both"):
        four.settle_frame(claims(in_scope=[50000]), persons())
