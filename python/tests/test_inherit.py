"""Policy inheritance and parametric reforms from Python (issue 24):
derive and with_values equal the same change written as a file; the
library's merge of every shipped chain equals the plain-Python reading of
"extends" (policy_merge.py); sweep sums equal settle_frame sums for each
value; what a child changes, with both citations."""
import json
import os

import pandas as pd
import pytest

import hpr
from policy_merge import load_merged, merge

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICIES = os.path.join(ROOT, "policies")
EXAMPLES = os.path.join(ROOT, "examples", "population")
CRITICAL = "/layers/critical/deductible/amount"


@pytest.fixture(scope="module")
def county():
    return hpr.Policy.load(os.path.join(POLICIES, "normalised-2021.json"))


@pytest.fixture(scope="module")
def population():
    claims = pd.read_csv(os.path.join(EXAMPLES, "claims.csv"))
    persons = pd.read_csv(os.path.join(EXAMPLES, "persons.csv"))
    return claims, persons


def shipped_chains():
    for name in sorted(os.listdir(POLICIES)):
        with open(os.path.join(POLICIES, name), encoding="utf-8") as f:
            if "extends" in json.load(f):
                yield name


def test_a_shipped_chain_of_three_exists(county):
    d = county.describe()
    assert [e["id"] for e in d["extends"]] == ["province-2023", "national-2021"]
    assert d["extends"][1]["file"].endswith("national-2021.json")


@pytest.mark.parametrize("name", list(shipped_chains()))
def test_library_merge_equals_the_plain_reading(name):
    """The C merge of each shipped chain compiles to the same parameters and
    layers as the document policy_merge.py writes out flat."""
    chained = hpr.Policy.load(os.path.join(POLICIES, name))
    flat_doc = load_merged(os.path.join(POLICIES, name))
    flat = hpr.Policy.from_string(json.dumps(flat_doc, ensure_ascii=False), base_dir=POLICIES)
    assert chained.describe()["parameters"] == flat.describe()["parameters"]
    assert chained.layers == flat.layers
    assert chained.changes(flat)["parameters"] == []
    assert chained.changes(flat)["items"] == []


def test_derive_equals_the_same_change_as_a_file(county, population, tmp_path):
    patch = {"set": {CRITICAL: {"2022-01-01": "5000"}, "/layers/assistance/ratio": "0.55"}}
    derived = county.derive(patch)
    child = dict(patch, extends=os.path.join(POLICIES, "normalised-2021.json"))
    (tmp_path / "reform.json").write_text(json.dumps(child))
    filed = hpr.Policy.load(tmp_path / "reform.json")
    assert derived.describe()["parameters"] == filed.describe()["parameters"]
    claims, persons = population
    a = derived.settle_frame(claims, persons)
    b = filed.settle_frame(claims, persons)
    pd.testing.assert_frame_equal(a, b)
    # and the change moved money: the reform is not the base
    base = county.settle_frame(claims, persons)
    assert (a.paid_fen != base.paid_fen).any()


def test_with_values_is_derive_set(county):
    a = county.with_values({CRITICAL: {"2022-01-01": "5000"}})
    b = county.derive({"set": {CRITICAL: {"2022-01-01": "5000"}}})
    assert a.describe()["parameters"] == b.describe()["parameters"]
    values = {q["pointer"]: q["values"] for q in a.describe()["parameters"]}
    # the base's 2021 value is kept, the new one applies from 2022, the
    # province's 2023 value is replaced (a dated set applies from its date)
    assert [(v["from"], v["value"]) for v in values["/layers/1/deductible/amount"]] == [
        ("2021-01-01", "10000.00"), ("2022-01-01", "5000.00")]
    assert a.base().fingerprint == county.fingerprint
    with pytest.raises(ValueError):
        county.with_values({})


def test_a_bad_patch_is_located(county):
    with pytest.raises(hpr.PolicyError) as e:
        county.derive('{"set": {"/layers/nope/ratio": "0.5"}}', name="reform.json")
    d = e.value.diagnostics[0]
    assert d.file == "reform.json" and d.line == 1 and "no \"nope\"" in d.message
    with pytest.raises(hpr.PolicyError):
        county.with_values({"/layers/critical/ratio": "not a ratio"})


def test_changes_name_old_and_new_with_citations(county):
    c = county.changes()
    assert c["base"]["id"] == "province-2023"
    by = {p["pointer"]: p for p in c["parameters"]}
    ratio = by["/layers/assistance/ratio"]
    assert ratio["old"][0]["ref"] == "assume" and ratio["new"][0]["ref"] == "yunnan-county"
    province = county.base()
    p = {x["pointer"]: x for x in province.changes()["parameters"]}
    ded = p[CRITICAL]
    assert [v.get("ref") for v in ded["old"]] == ["assume"]
    assert [v.get("ref") for v in ded["new"]] == ["assume", "local-2023"]
    assert {"section": "layers", "id": "critical", "change": "moved"} not in province.changes()["items"]
    with pytest.raises(hpr.NotFoundError):
        province.base().base()


def test_sweep_sums_equal_settle_frame(county, population):
    claims, persons = population
    values = [{"2022-01-01": v} for v in ("2500", "5000", "10000")]
    sw = hpr.sweep(county, CRITICAL, values, claims, persons)
    assert list(sw["value"]) == values and sw.attrs["pointer"] == CRITICAL
    for row, v in zip(sw.itertuples(index=False), values):
        r = county.with_values({CRITICAL: v}).settle_frame(claims, persons)
        ok = r[r.status == "ok"]
        assert row.claims == len(ok) and row.failed == len(r) - len(ok)
        assert row.total_fen == ok.total_fen.sum() and row.patient_fen == ok.patient_fen.sum()
        for col in (c for c in r.columns if c.startswith("payer_")):
            assert getattr(row, col) == ok[col].sum()
        assert row.paid_fen + row.patient_fen == row.total_fen
    # a higher deductible: the critical illness insurer pays less, patients more
    assert sw.payer_critical_illness_insurer_fen.is_monotonic_decreasing
    assert sw.patient_fen.is_monotonic_increasing
    assert sw.payer_critical_illness_insurer_fen.dtype == "int64"


def test_sweep_plots(county, population):
    import matplotlib
    matplotlib.use("Agg")
    claims, persons = population
    sw = hpr.sweep(county, "/layers/assistance/ratio", ["0.4", "0.5", "0.6"], claims.head(300), persons)
    ax = sw.plot_sweep()
    assert len(ax.get_lines()) == 4  # three payers and the patients
    assert ax.get_xlabel() == "/layers/assistance/ratio"
    # in Chinese: payers, patients, axis and ratio labelled for people
    import matplotlib.pyplot as plt
    _, zh = plt.subplots()
    values = [{"2022-01-01": v} for v in ("0.4", "0.5")]
    hpr.sweep(county, "/layers/assistance/ratio", values, claims.head(300), persons).plot_sweep(ax=zh, lang="zh")
    legend = [t.get_text() for t in zh.get_legend().get_texts()]
    assert "患者" in legend and "医疗救助" in legend and "实际报销比例" in legend, legend
    assert zh.get_ylabel() == "万元"
    assert [t.get_text() for t in zh.get_xticklabels()][0] == "0.4\n自2022-01-01起"


def test_reference_merge_rules():
    """The plain reading used above, on the forms the shipped chain does not use."""
    base = {"layers": [{"id": "a"}, {"id": "b"}], "categories": {"x": 1}, "effective": {"from": "1", "to": "2"}}
    child = {"layers": [{"id": "c", "before": "b"}, {"id": "a", "after": "b"}], "categories": {"y": 2},
             "effective": {"from": "3"}, "remove": ["/categories/x"]}
    m = merge(base, child)
    assert [x["id"] for x in m["layers"]] == ["c", "b", "a"]
    assert m["categories"] == {"y": 2} and m["effective"] == {"from": "3"}


def test_the_documented_example(tmp_path):
    """docs/policy-format.md's worked example: the province's values in
    2023, the county's from 2024, both changes listed with citations."""
    p = hpr.Policy.load(os.path.join(ROOT, "examples", "inheritance", "county-2024.json"))
    values = {q["pointer"]: q["values"] for q in p.describe()["parameters"]}
    assert [(v["from"], v["value"], v.get("ref")) for v in values["/layers/1/deductible/amount"]] == [
        ("2021-01-01", "10000.00", "assume"), ("2023-01-01", "10000.00", "local-2023"),
        ("2024-01-01", "8000.00", "county-2024 art. 2")]
    changes = p.changes()
    assert sorted(c["pointer"] for c in changes["parameters"]) == ["/layers/assistance/ratio", CRITICAL]
    assert changes["base"]["id"] == "province-2023" and changes["items"] == []
