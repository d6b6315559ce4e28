"""The standards audit in Python: the audit cases of tests/audit (the files
`hpr test` runs) under pytest, DataFrames against the CSV directory, the
registry's refused rows, and a property test on random registries: every
village is exactly one of covered / exempt / blank spot for each village
standard, and every roll-up is the sum of its places."""
import glob
import json
import os
import random
import warnings

import pandas as pd
import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CASE_FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "audit", "*.json")))
NATIONAL = os.path.join(ROOT, "standards", "national-2019.json")
CITY = os.path.join(ROOT, "standards", "city-2017.json")
REGISTRY = os.path.join(ROOT, "examples", "registry")


def _same(want, actual):
    if isinstance(want, dict):
        return isinstance(actual, dict) and all(k in actual and _same(v, actual[k]) for k, v in want.items())
    return want == actual


def _cases():
    for path in CASE_FILES:
        doc = json.load(open(path, encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            yield pytest.param(path, doc, case, id=f"{os.path.basename(path)}:{case.get('name', i)}")


@pytest.mark.parametrize("path,doc,case", list(_cases()))
def test_audit_case(path, doc, case):
    base = os.path.dirname(path)
    s = hpr.Standards.load(os.path.join(base, doc["standards"]))
    raw = s.audit(os.path.join(base, doc["registry"]), case["as_of"]).raw
    for want in case.get("expect_findings", []):
        hits = [f for f in raw["findings"] if f["place_id"] == want["place_id"] and f["standard"] == want["standard"]]
        assert len(hits) == 1, want
        assert _same(want, hits[0]), (want, hits[0])
    for want in case.get("expect_totals", []):
        hits = [t for t in raw["totals"] if t["level"] == want["level"] and t["id"] == want.get("id", "")]
        assert hits and _same(want, hits[0]), (want, hits)
    if "expect_errors" in case:
        assert len(raw["errors"]) == len(case["expect_errors"])
        for want in case["expect_errors"]:
            hits = [e for e in raw["errors"] if e["table"] == want["table"] and e["line"] == want["line"]]
            assert hits and _same(want, hits[0]), (want, hits)


def _frames(directory):
    return [pd.read_csv(os.path.join(directory, f"{t}.csv"), dtype=str, keep_default_na=False)
            for t in ("counties", "townships", "villages", "staff")]


def test_frames_equal_the_directory():
    s = hpr.Standards.load(CITY)
    by_dir = s.audit(REGISTRY, "2018-06-30")
    by_frame = s.audit_frame(*_frames(REGISTRY), as_of="2018-06-30")
    cols = ["place_id", "standard", "status", "blank_spot", "reason", "amount_fen", "annual_fen", "shortfall"]
    pd.testing.assert_frame_equal(by_dir.findings[cols], by_frame.findings[cols])
    pd.testing.assert_frame_equal(by_dir.totals, by_frame.totals)
    assert by_frame.totals["grants_fen"].dtype == "int64"
    assert by_frame.registry["subsidy_monthly_fen"] > 0


def test_frame_values_as_pandas_has_them():
    """Python booleans, lists, numpy integers and NaN are taken as the CSV
    reader takes yes/no, ';'-lists, numbers and empty cells; extra columns
    are left out with a warning."""
    counties = pd.DataFrame({"county_id": ["C1"], "population": [120000], "poor": [True],
                             "hospital": ["general"], "hospital_level": ["level2"], "departments": [["内科"]],
                             "note": ["not a registry column"]})
    townships = pd.DataFrame({"township_id": ["T1"], "county_id": ["C1"], "population": [9000],
                              "health_centre": [True]})
    villages = pd.DataFrame({"village_id": ["V1", "V2"], "township_id": ["T1", "T1"],
                             "population": [900.0, 500.0], "poor": [True, False], "clinic": [True, False],
                             "shares_clinic_of": [None, "V1"], "neighbours": [["V2"], ["V1"]],
                             "clinic_area_m2": [60.5, float("nan")],
                             "clinic_rooms": ["diagnosis;treatment;public_health;pharmacy", None]})
    staff = pd.DataFrame({"staff_id": ["s1", "s2"], "level": ["county", "village"], "place_id": ["C1", "V1"],
                          "qualification": ["physician", "乡村医生"], "gp": [False, False],
                          "department": ["内科", None]})
    with pytest.warns(hpr.HprInputWarning, match="note"):
        r = hpr.Standards.load(NATIONAL).audit_frame(counties, townships, villages, staff, as_of="2020-06-30")
    assert len(r.errors) == 0, r.errors
    f = r.findings.set_index(["place_id", "standard"])
    assert f.loc[("V1", "clinic_facility"), "status"] == "pass"
    assert f.loc[("V2", "village_clinic"), "status"] == "exempt"
    assert f.loc[("C1", "county_doctors"), "status"] == "pass"


def test_bad_rows_are_errors_with_their_line():
    villages = pd.DataFrame({"village_id": ["V1", "V2", "V1"], "township_id": ["T1", "T9", "T1"],
                             "population": ["100", "100", "-3"], "clinic": ["yes", "yes", "yes"]})
    r = hpr.Standards.load(NATIONAL).audit_frame(
        pd.DataFrame({"county_id": ["C1"], "population": [1], "hospital": ["none"]}),
        pd.DataFrame({"township_id": ["T1"], "county_id": ["C1"], "population": [1], "health_centre": ["yes"]}),
        villages, None, as_of="2020-06-30")
    got = sorted(zip(r.errors["line"], r.errors["id"]))
    assert got == [(3, "V2"), (4, "V1")]
    assert "negative" in r.errors.set_index("line").loc[4, "message"]
    assert r.rows["villages"] == 3 and r.registry["villages"] == 1


def test_reasons_in_chinese():
    s = hpr.Standards.load(NATIONAL)
    en = s.audit(REGISTRY, "2020-12-31")
    zh = s.audit(REGISTRY, "2020-12-31", lang="zh")
    assert (en.findings["status"] == zh.findings["status"]).all()
    assert en.totals.equals(zh.totals)
    assert zh.findings["reason"].str.contains("常住人口").any()
    with pytest.raises(hpr.HprError):
        s.audit(REGISTRY, "2020-12-31", lang="fr")


def test_load_errors():
    with pytest.raises(hpr.PolicyFileNotFoundError):
        hpr.Standards.load("/no/such/standards.json")
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Standards.from_string('{"format": 1, "kind": "standards", "id": "x", "title": "t", "standards": []}')
    assert any("empty" in d.message for d in e.value.diagnostics)
    with pytest.raises(hpr.HprError):
        hpr.Standards.load(NATIONAL).audit(REGISTRY, "2020-02-30")


def test_plot_blank_spots():
    import matplotlib
    matplotlib.use("Agg")
    r = hpr.Standards.load(NATIONAL).audit(REGISTRY, "2020-12-31")
    ax = r.plot_blank_spots()
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == r.registry["institution_blank_spots"] + r.registry["personnel_blank_spots"]


# ---- property test: random registries ------------------------------------------

VILLAGE_STANDARDS = {"village_clinic", "village_doctor", "clinic_facility", "poor_village_clinic",
                     "poor_village_doctor"}


def _random_registry(rng):
    counties, townships, villages, staff = [], [], [], []
    for ci in range(rng.randint(1, 4)):
        cid = f"C{ci}"
        counties.append({"county_id": cid, "population": rng.choice([99999, 100000, 100001, 300001, 5000]),
                         "poor": rng.choice(["yes", "no", "yes"]),
                         "hospital": rng.choice(["general", "tcm", "none"]), "departments": "内科;儿科"})
        if counties[-1]["hospital"] == "none":
            counties[-1]["departments"] = ""
        else:
            counties[-1]["hospital_level"] = rng.choice(["level1", "level2", "level2a"])
        for ti in range(rng.randint(0, 4)):
            tid = f"{cid}T{ti}"
            centre = rng.random() < 0.9
            townships.append({"township_id": tid, "county_id": cid, "population": rng.choice([9999, 10000, 10001]),
                              "health_centre": "yes" if centre else "no",
                              "departments": rng.choice(["clinical", "clinical;public_health", ""]) if centre else ""})
            ids = [f"{tid}V{vi}" for vi in range(rng.randint(0, 8))]
            for k, vid in enumerate(ids):
                clinic = rng.random() < 0.7
                v = {"village_id": vid, "township_id": tid, "population": rng.choice([99, 500, 799, 800, 801, 1500]),
                     "poor": rng.choice(["yes", "no"]), "relocated": "yes" if rng.random() < 0.05 else "no",
                     "hosts_township_centre": "yes" if rng.random() < 0.1 else "no",
                     "clinic": "yes" if clinic else "no", "neighbours": ";".join(ids[max(0, k - 1):k] + ids[k + 1:k + 2])}
                if clinic:
                    v.update(clinic_area_m2=rng.choice(["40", "59.99", "60", "80"]),
                             clinic_rooms=rng.choice(["diagnosis;treatment;public_health;pharmacy", "diagnosis"]),
                             essential_medicines=rng.choice(["yes", "no"]))
                elif k > 0 and rng.random() < 0.5:
                    v["shares_clinic_of"] = ids[k - 1]
                villages.append(v)
                for _ in range(rng.randint(0, 2)):
                    staff.append({"staff_id": f"s{len(staff)}", "level": "village", "place_id": vid,
                                  "qualification": rng.choice(["village_doctor", "none", "assistant_physician"])})
            for _ in range(rng.randint(0, 4)):
                q = rng.choice(["physician", "assistant_physician", "none"])
                staff.append({"staff_id": f"s{len(staff)}", "level": "township", "place_id": tid,
                              "qualification": q, "gp": "yes" if q == "physician" and rng.random() < 0.5 else "no"})
    # careless rows: a bad population, an unknown parent, a duplicate id
    if villages and rng.random() < 0.5:
        rng.choice(villages)["population"] = "-1"
    if villages and rng.random() < 0.5:
        villages.append(dict(rng.choice(villages)))
    if rng.random() < 0.3:
        villages.append({"village_id": "orphan", "township_id": "nowhere", "population": 10, "clinic": "no"})
    cols = hpr.REGISTRY_COLUMNS if hasattr(hpr, "REGISTRY_COLUMNS") else hpr.standards.REGISTRY_COLUMNS
    return [pd.DataFrame(rows, columns=cols[t]) for rows, t in
            ((counties, "counties"), (townships, "townships"), (villages, "villages"), (staff, "staff"))]


@pytest.mark.parametrize("standards", [NATIONAL, CITY])
def test_property_random_registries(standards):
    s = hpr.Standards.load(standards)
    rng = random.Random(22)
    for trial in range(150):
        frames = _random_registry(rng)
        as_of = rng.choice(["2017-12-31", "2019-07-10", "2020-12-31", "2021-06-30"])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            if as_of < "2019-07-10" and s.id == "national-2019":  # nothing in force: an error, not a clean result
                with pytest.raises(hpr.InvalidInputError, match="no standard of national-2019 is in force"):
                    s.audit_frame(*frames, as_of=as_of)
                continue
            r = s.audit_frame(*frames, as_of=as_of)
        # rows in = rows accepted + rows refused, for every table
        refused = r.errors["table"].value_counts().to_dict()
        for table, frame in zip(("counties", "townships", "villages", "staff"), frames):
            assert r.rows[table] == len(frame)
        accepted_villages = len(frames[2]) - refused.get("villages", 0)
        assert r.registry["villages"] == accepted_villages
        applied = {a["id"]: a["rule"] for a in r.raw["applied"]}
        village_stds = [k for k, rule in applied.items()
                        if rule in ("village_clinic", "village_doctor", "clinic_facility")]
        f = r.findings
        vf = f[f["level"] == "village"]
        # exactly one of covered / exempt / blank spot (or shortfall), per village and standard
        for std in village_stds:
            counts = vf[vf["standard"] == std].groupby("place_id").size()
            assert (counts == 1).all(), (trial, std)
            if std != "clinic_facility" or not counts.empty:
                assert set(vf[vf["standard"] == std]["status"]) <= {"pass", "fail", "exempt"}
        blank = f[f["blank_spot"].notna()]
        assert (blank["status"] == "fail").all()
        # roll-ups equal the sum of their places
        t = r.totals
        for _, row in t[t["level"] == "township"].iterrows():
            own = f[(f["township_id"] == row["id"])]
            assert row["failed"] == (own["status"] == "fail").sum()
            assert row["exempt"] == (own["status"] == "exempt").sum()
            assert row["institution_blank_spots"] == (own["blank_spot"] == "institution").sum()
            assert row["grants_fen"] == own[own["status"] == "due"]["amount_fen"].sum() - \
                own[(own["status"] == "due") & (own["rule"] == "village_doctor_subsidy")]["amount_fen"].sum()
        counties = t[t["level"] == "county"]
        for col in ["villages", "passed", "failed", "exempt", "personnel_blank_spots", "subsidy_annual_fen",
                    "grants_fen", "gp_shortfall"]:
            assert t.iloc[0][col] == counties[col].sum(), col
        for _, row in counties.iterrows():
            towns = t[(t["level"] == "township") & (t["county_id"] == row["id"])]
            own = f[(f["county_id"] == row["id"]) & (f["level"] == "county")]
            assert row["failed"] == towns["failed"].sum() + (own["status"] == "fail").sum()
            assert row["villages"] == towns["villages"].sum()


# ---- fidelity of the shipped standards documents ----------------------------------

SHIPPED = sorted(glob.glob(os.path.join(ROOT, "standards", "*.json")))


def _values(node, path=""):
    """Every annotated value ({"value": ...}) and every bare scalar under a
    parameter member, with its path."""
    if isinstance(node, dict):
        if "value" in node:
            yield path, node
            return
        for k, v in node.items():
            yield from _values(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _values(v, f"{path}/{i}")
    else:
        yield path, node


PARAM_MEMBERS = {"exceptions", "population_above", "min_area_m2", "minimum", "monthly", "service_population_below",
                 "amount"}


@pytest.mark.parametrize("path", SHIPPED, ids=os.path.basename)
def test_shipped_standards_cite_every_value(path):
    doc = json.load(open(path, encoding="utf-8"))
    sources = doc["sources"]
    for sid, src in sources.items():
        if src.get("confidence") != "assumption":
            assert src.get("url") or "no URL found" in src["title"], sid
    dates = {sid: max([s for s in (src.get("published"), src.get("effective")) if s] or ["0000"])
             for sid, src in sources.items()}
    for i, std in enumerate(doc["standards"]):
        assert std["ref"].split()[0] in sources, std["id"]
        # no standard is in force before the document it cites, unless the
        # value in force from its first day says it is an assumption
        first_assumed = any(isinstance(v, dict) and v.get("assumed") and where.endswith("/" + std["from"])
                            for key in PARAM_MEMBERS & set(std) for where, v in _values(std[key]))
        assert std["from"] >= dates[std["ref"].split()[0]] or first_assumed, (std["id"], std["from"])
        members = dict(std)
        for band in members.pop("bands", []):
            members.setdefault("amount", []).append(band["amount"])
        for key in PARAM_MEMBERS & set(members):
            for where, v in _values(members[key], f"/standards/{i}/{key}"):
                assert isinstance(v, dict), f"{path}{where}: a bare value cites nothing"
                assert v.get("ref") or v.get("assumed"), f"{path}{where}: no ref and not assumed"
                if v.get("ref"):
                    assert v["ref"].split()[0] in sources, where
