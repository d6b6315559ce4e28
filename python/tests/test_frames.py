"""pytest for the DataFrame layer: settle_frame equals settling one by one
through the C JSON entry point, bad rows come back as errors, thread
counts and concurrent callers agree, compare, plot, to_fen.

HPR_FRAME_ROWS sets the size of the equality test (default 30,000
claims; ctest's python.frame_million runs it with 1,000,000)."""
import decimal
import json
import os
import threading
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import hpr
from hpr import frames, synthetic

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICIES = os.path.join(ROOT, "policies")


@pytest.fixture(scope="module")
def norm():
    return hpr.Policy.load(os.path.join(POLICIES, "normalised-2021.json"))


@pytest.fixture(scope="module")
def city():
    return hpr.Policy.load(os.path.join(POLICIES, "city-2017.json"))


@pytest.fixture(scope="module")
def small():
    return synthetic.population(3000, seed=7)


def _periods(text, key):
    out = []
    for item in filter(None, text.split(";")):
        name, span = item.split("=")
        start, end = span.split("..")
        out.append({key: name, "from": start, **({"to": end} if end else {})})
    return out


def _yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def one_by_one(policy, claims, persons):
    """Every claim through the JSON entry point, a person's claims in one
    request in date order; yields each settlement dict."""
    people = {}
    for r in persons.itertuples(index=False):
        d = {"id": r.person_id, "birth_date": str(r.birth_date)[:10],
             "statuses": _periods(r.statuses, "kind"), "enrollment": _periods(r.enrollments, "scheme"),
             "family_doctor_contract": bool(r.family_doctor)}
        if not pd.isna(r.income_per_capita):
            d["household"] = {"income_per_capita": str(int(r.income_per_capita))}
        people[r.person_id] = d
    c = claims.assign(adm=claims.admission_date.dt.strftime("%Y-%m-%d"),
                      dis=claims.discharge_date.dt.strftime("%Y-%m-%d"))
    c = c.sort_values(["person_id", "discharge_date", "admission_date"], kind="stable")
    pending, current = [], None
    for r in c.itertuples(index=False):
        if r.person_id != current and pending:
            yield from _settle(policy, people[current], pending)
            pending = []
        current = r.person_id
        pending.append({
            "id": r.claim_id, "type": r.type, "admission_date": r.adm, "discharge_date": r.dis,
            "facility": {"level": r.level}, "location": r.location, "referral": bool(r.referral),
            "diagnoses": r.diagnoses.split(";"),
            "costs": {"total": _yuan(r.total_fen), "in_scope": _yuan(r.in_scope_fen),
                      "class_b_self": _yuan(r.class_b_self_fen), "out_of_catalog": _yuan(r.out_of_catalog_fen)}})
    if pending:
        yield from _settle(policy, people[current], pending)


def _settle(policy, person, claims):
    return json.loads(policy.settle_json(json.dumps({"person": person, "claims": claims})))["settlements"]


def fen(text):
    return int(decimal.Decimal(text) * 100)


def test_settle_frame_equals_one_by_one(norm):
    rows = int(os.environ.get("HPR_FRAME_ROWS", "30000"))
    persons, claims = synthetic.population(max(rows // 3, 1), seed=11)
    claims = claims.iloc[:rows]
    frame = norm.settle_frame(claims, persons)
    assert len(frame) == len(claims)
    assert (frame.status == "ok").all(), frame[frame.status != "ok"].error.head()
    cats = {c: i for i, c in enumerate(hpr.frames._core.py_policy_names(norm._h)["categories"])}
    layers = [l for l, _ in norm.layers]
    payers = [c for c in frame if c.startswith("payer_")]
    cols = ["paid_fen", "patient_fen", "patient_year_fen", "total_fen", "batch", "categories", "warnings"]
    cols += [f"layer_{l}_fen" for l in layers] + payers
    # the frame's rows as tuples, by claim id
    got = dict(zip(frame.claim_id, zip(*(frame[c].astype(object).to_numpy() for c in cols))))
    seen = mismatches = 0
    checked = {"paid": 0, "serious": 0, "crossed": 0}
    for s in one_by_one(norm, claims, persons):
        want = [fen(s["paid_total"]), fen(s["patient_pays"]), fen(s["patient_year"]), fen(s["total"]),
                s["classification"]["batch"], ";".join(sorted(s["eligibility"]["categories"], key=cats.get)),
                ";".join(s["monitoring"]["crossed"])]
        want += [fen(l["paid"]) if l["applied"] else 0 for l in s["lines"]]
        want += [fen(s["payers"][p[len("payer_"):-len("_fen")]]) for p in payers]
        seen += 1
        if tuple(want) != got[s["claim_id"]]:
            mismatches += 1
            if mismatches < 5:
                print(s["claim_id"], want, got[s["claim_id"]])
        checked["paid"] += want[0] > 0
        checked["serious"] += want[4] == "serious_disease"
        checked["crossed"] += want[6] != ""
    assert seen == len(claims)
    assert mismatches == 0
    # the population exercises what it should
    assert checked["paid"] > rows // 3 and checked["serious"] > rows // 20 and checked["crossed"] > 0


def test_bad_rows_come_back_as_errors(norm):
    persons = pd.DataFrame({"person_id": ["A", "B"], "birth_date": ["1950-01-01", "1970-01-01"],
                            "statuses": ["dibao=2019-01-01..", "dibao=2019-13-01.."],
                            "enrollments": ["resident_basic=2015-01-01.."] * 2})
    claims = pd.DataFrame({
        "claim_id": ["ok1", "nobody", "badlevel", "reversed", "badperson", "ok2"],
        "person_id": ["A", "Z", "A", "A", "B", "A"],
        "type": ["inpatient"] * 6,
        "admission_date": ["2022-01-05", "2022-01-05", "2022-01-06", "2022-03-09", "2022-01-09", "2022-05-01"],
        "discharge_date": ["2022-01-09", "2022-01-09", "2022-01-09", "2022-03-01", "2022-01-12", "2022-05-03"],
        "level": ["county", "county", "hospital", "county", "county", "county"],
        "location": ["in_county"] * 6, "diagnoses": ["C15.9", "I10", "I10", "I10", "I10", "J18.9"],
        "in_scope": ["1000.00", "10", "10", "10", "10", "2000.5"]})
    f = norm.settle_frame(claims, persons)
    assert len(f) == 6 and list(f.claim_id) == list(claims.claim_id)
    assert list(f.status) == ["ok", "HPR_EINVAL", "HPR_EINVAL", "HPR_EINVAL", "HPR_EINVAL", "ok"]
    err = dict(zip(f.claim_id, f.error))
    assert err["ok1"] is None and err["ok2"] is None
    assert err["nobody"] == "claim nobody: person 'Z' is not in persons"
    assert err["badlevel"] == "claim badlevel: unknown facility level 'hospital'"
    assert err["reversed"] == "claim reversed: discharge_date is before admission_date"
    assert err["badperson"].startswith("person B: statuses item 1 \"dibao=2019-13-01..\"")
    assert (f[f.status != "ok"].paid_fen == 0).all()
    assert f.set_index("claim_id").loc["ok2", "total_fen"] == 200050
    # the failed rows did not touch A's ledger: ok2's year includes only ok1
    assert f.set_index("claim_id").loc["ok2", "patient_year_fen"] == \
        f.set_index("claim_id").loc[["ok1", "ok2"], "patient_fen"].sum()


def test_label_columns_are_categoricals(norm):
    persons = pd.DataFrame({"person_id": ["A", "B"], "birth_date": ["1950-01-01", "1970-01-01"],
                            "statuses": ["dibao=2019-01-01..", ""],
                            "enrollments": ["resident_basic=2015-01-01.."] * 2})
    claims = pd.DataFrame({"claim_id": ["a1", "b1", "a2"], "person_id": ["A", "B", "A"],
                           "type": ["inpatient"] * 3, "admission_date": ["2022-01-05", "2022-02-05", "2022-03-05"],
                           "level": ["county", "county", "nowhere"], "location": ["in_county"] * 3,
                           "diagnoses": ["C15.9", "I10", "I10"], "in_scope": ["1000.00", "10", "10"]})
    f = norm.settle_frame(claims, persons)
    for col in ("status", "batch", "categories", "category", "warnings"):
        assert isinstance(f[col].dtype, pd.CategoricalDtype), col
    # labels per row as the JSON entry point names them; the failed row has none
    names = hpr.frames._core.py_policy_names(norm._h)["categories"]
    person_a = {"id": "A", "birth_date": "1950-01-01", "statuses": [{"kind": "dibao", "from": "2019-01-01"}],
                "enrollment": [{"scheme": "resident_basic", "from": "2015-01-01"}]}
    s = _settle(norm, person_a, [{"id": "a1", "type": "inpatient", "admission_date": "2022-01-05",
                                  "discharge_date": "2022-01-05", "facility": {"level": "county"},
                                  "location": "in_county", "diagnoses": ["C15.9"],
                                  "costs": {"total": "1000.00", "in_scope": "1000.00"}}])[0]
    a_cats = sorted(s["eligibility"]["categories"], key=names.index)
    assert a_cats and f.categories[0] == ";".join(a_cats) and f.category[0] == a_cats[0]
    assert list(f.categories[1:]) == ["", ""] and list(f.category[1:]) == ["none", "none"]
    assert list(f.status) == ["ok", "ok", "HPR_EINVAL"] and (f.warnings == "").all()
    empty = norm.settle_frame(claims.iloc[:0], persons)
    assert len(empty) == 0 and isinstance(empty.category.dtype, pd.CategoricalDtype)
    # a policy with no monitoring rules: the batch is not asked for them
    city = hpr.Policy.load(os.path.join(POLICIES, "city-2017.json"))
    assert not hpr.frames._core.py_policy_names(city._h)["monitors"]
    g = city.settle_frame(claims, persons)
    assert isinstance(g.warnings.dtype, pd.CategoricalDtype) and list(g.warnings) == ["", "", ""]
    assert list(g.status) == ["ok", "ok", "HPR_EINVAL"]
    joined, first = hpr.frames._mask_names(None, [], 2, first=True)  # a policy with no categories
    assert list(joined) == ["", ""] and list(first) == ["none", "none"]


def test_chosen_columns_equal_the_full_frame(norm, small, monkeypatch):
    """columns= returns the fixed four and the asked-for columns in the
    asked order, each equal to the full frame's, on rows in settling order
    and shuffled, with a failed row; the batch is given no array for a
    column not asked for."""
    persons, claims = small
    bad = claims.copy()
    bad.loc[bad.index[5], "person_id"] = "nobody"
    shuffled = bad.sample(frac=1, random_state=4)
    names = frames.result_columns(frames._core.py_policy_names(norm._h))
    layer = next(c for c in names if c.startswith("layer_"))
    payer = next(c for c in names if c.startswith("payer_"))
    pick = ["ratio", "patient_fen", layer, "category", payer, "warnings", "status"]
    for frame in (bad, shuffled):
        full = norm.settle_frame(frame, persons)
        part = norm.settle_frame(frame, persons, columns=pick)
        want = ["claim_id", "person_id", "status", "error"] + [c for c in pick if c != "status"]
        assert list(part.columns) == want
        pd.testing.assert_frame_equal(part, full[want])
        assert (part.status != "ok").sum() == 1
    assert list(norm.settle_frame(bad, persons).columns) == ["claim_id", "person_id", "status", "error"] + names
    assert list(norm.settle_frame(bad, persons, columns=[]).columns) == ["claim_id", "person_id", "status", "error"]

    asked = {}
    real = frames._core.py_settle_columns

    def spy(pol, p, c, r, *rest):
        asked.update({k: v is not None for k, v in r.items()})
        return real(pol, p, c, r, *rest)

    monkeypatch.setattr(frames._core, "py_settle_columns", spy)
    norm.settle_frame(claims, persons, columns=["paid_fen"])
    assert [k for k, v in asked.items() if v] == ["status", "paid"]
    norm.settle_frame(claims, persons, columns=["ratio", payer])
    assert [k for k, v in asked.items() if v] == ["status", "total", "paid", "payer_paid"]

    with pytest.raises(ValueError, match="no result column 'paid'.*paid_fen"):
        norm.settle_frame(claims, persons, columns=["paid"])
    with pytest.raises(TypeError, match="not one name"):
        norm.settle_frame(claims, persons, columns="paid_fen")


def test_frame_arguments_refused(norm, small):
    persons, claims = small
    with pytest.raises(ValueError, match="person_id"):
        norm.settle_frame(claims, persons.rename(columns={"person_id": "who"}))
    with pytest.raises(ValueError, match="appears more than once"):
        norm.settle_frame(claims, pd.concat([persons, persons.iloc[:1]]))
    with pytest.raises(ValueError, match="in_scope"):
        norm.settle_frame(claims.drop(columns=["in_scope_fen"]), persons)
    # a bad value is its row's error, not the frame's (tests/hostile: class 1)
    out = norm.settle_frame(claims.assign(admission_date="yesterday"), persons)
    assert (out.status == "HPR_EINVAL").all() and out.error.str.contains("not a date").all()
    for column in ("admission_date", "type", "level", "location"):
        with pytest.raises(ValueError, match=f"need a {column} column"):
            norm.settle_frame(claims.drop(columns=[column]), persons)
    with pytest.raises(ValueError, match="need a birth_date column"):
        norm.settle_frame(claims, persons.drop(columns=["birth_date"]))


def test_thread_counts_and_concurrent_callers_agree(norm, small):
    persons, claims = small
    one = norm.settle_frame(claims, persons, threads=1)
    for t in (2, 3, 7):
        pd.testing.assert_frame_equal(one, norm.settle_frame(claims, persons, threads=t))
    results = [None] * 4

    def work(i):
        results[i] = norm.settle_frame(claims, persons)
    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for r in results:
        pd.testing.assert_frame_equal(one, r)


def test_row_order_and_index_are_the_callers(norm, small):
    persons, claims = small
    # same-day claims of a person are settled in row order: leave them out
    claims = claims[~claims.duplicated(["person_id", "discharge_date", "admission_date"], keep=False)]
    shuffled = claims.sample(frac=1.0, random_state=3)
    a = norm.settle_frame(claims, persons).set_index("claim_id")
    b = norm.settle_frame(shuffled, persons)
    assert list(b.index) == list(shuffled.index)
    pd.testing.assert_frame_equal(a.loc[b.claim_id].reset_index(drop=True),
                                  b.set_index("claim_id").reset_index(drop=True), check_categorical=False)


def test_compare(norm, city, small):
    persons, claims = small
    cmp = hpr.compare(city, norm, claims, persons)
    a, b = city.settle_frame(claims, persons), norm.settle_frame(claims, persons)
    assert (cmp.claims.paid_diff_fen == b.paid_fen - a.paid_fen).all()
    assert cmp.by_payer.loc["patient", "diff_fen"] == int((b.patient_fen - a.patient_fen).sum())
    # money moves between payers and the patient but the bills are the same
    assert int(cmp.by_payer.diff_fen.sum()) == 0
    assert cmp.by_category.claims.sum() == len(claims)
    same = hpr.compare(norm, norm, claims, persons)
    assert (same.claims.paid_diff_fen == 0).all() and (same.by_payer.diff_fen == 0).all()
    assert "normalised-2021" in cmp._repr_html_()


def test_plot_waterfall(norm, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    person = {"id": "p", "birth_date": "1960-01-01", "statuses": [{"kind": "dibao", "from": "2019-01-01"}],
              "enrollment": [{"scheme": "resident_basic", "from": "2015-01-01"}]}
    claim = {"id": "c", "type": "inpatient", "admission_date": "2022-03-01", "facility": {"level": "county"},
             "location": "in_county", "diagnoses": ["C15.9"],
             "costs": {"total": "80000", "in_scope": "70000", "out_of_catalog": "10000"}}
    s = norm.settle(person, [claim]).settlements[0]
    ax = s.plot()
    heights = [p.get_height() for p in ax.patches]
    applied = [l for l in s.lines if l.applied and l.paid > 0]
    assert len(heights) == 2 + len(applied)
    assert heights[0] == pytest.approx(80000) and heights[-1] == pytest.approx(float(s.patient_pays))
    assert sum(heights[1:-1]) + heights[-1] == pytest.approx(heights[0])
    out = tmp_path / "w.png"
    ax.figure.savefig(out)
    assert out.stat().st_size > 10000
    assert "<table>" in s._repr_html_() and "<table>" in norm._repr_html_()


def test_to_fen_is_exact():
    assert list(hpr.to_fen([1, 2])) == [100, 200]
    assert list(hpr.to_fen(["0.10", "12345678901.99", decimal.Decimal("3.5")])) == [10, 1234567890199, 350]
    assert list(hpr.to_fen([0.1, 0.29, 1e9 + 0.07])) == [10, 29, 100000000007]
    with pytest.raises(ValueError, match="two decimals"):
        hpr.to_fen(["1.005"])
    with pytest.raises(ValueError, match="at most two decimals"):
        hpr.to_fen([0.123])
    with pytest.raises(ValueError, match="missing"):
        hpr.to_fen([1.0, None])


def test_no_growth_over_repeated_frames(norm):
    persons, claims = synthetic.population(200, seed=3)
    norm.settle_frame(claims, persons)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(50):
        norm.settle_frame(claims, persons)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 256 * 1024


def test_object_columns_fast_path_equals_pandas_path(norm, small):
    """settle_frame converts str columns in C (bindings/frames.i) and other
    columns with pandas; both must give the same frame."""
    persons, claims = small
    text_p = persons.assign(birth_date=persons.birth_date.dt.strftime("%Y-%m-%d"))
    text_c = claims.assign(admission_date=claims.admission_date.dt.strftime("%Y-%m-%d"),
                           discharge_date=claims.discharge_date.dt.strftime("%Y-%m-%d"))
    fast = norm.settle_frame(text_c, text_p)
    # categorical ids (the pandas join), lists of diagnoses and pandas
    # strings with <NA> (the pandas text path), datetime64 dates
    slow_c = claims.assign(person_id=claims.person_id.astype("category"),
                           diagnoses=[d.split(";") for d in claims.diagnoses],
                           claim_id=claims.claim_id.astype("string"))
    slow_p = persons.assign(statuses=persons.statuses.replace("", None).astype("string"))
    slow = norm.settle_frame(slow_c, slow_p)
    assert (fast.status == "ok").all()
    cols = [c for c in fast.columns if c not in ("claim_id", "person_id")]
    pd.testing.assert_frame_equal(fast[cols], slow[cols])
    assert list(fast.claim_id) == list(slow.claim_id.astype(str))
    # shuffled rows take the reordering path of the text columns
    # (same-day claims of a person are settled in row order: left out)
    distinct = text_c[~text_c.duplicated(["person_id", "discharge_date", "admission_date"], keep=False)]
    shuffled = distinct.sample(frac=1.0, random_state=5)
    in_order = norm.settle_frame(distinct, text_p)
    again = norm.settle_frame(shuffled, text_p)
    assert len(again) == len(distinct) > len(claims) // 2
    pd.testing.assert_frame_equal(again[cols], in_order.loc[shuffled.index, cols])


def test_object_column_converters():
    core = hpr.frames._core
    obj = lambda *v: np.array(v, dtype=object)  # noqa: E731
    data, offsets = core.py_text_offsets(obj("ab", None, float("nan"), "héllo", ""))
    assert data == "abhéllo".encode() and list(np.frombuffer(offsets, np.int64)) == [0, 2, 2, 2, 8, 8]
    assert core.py_text_offsets(obj("a", 5)) is None and core.py_text_offsets(obj("a", "\ud800")) is None
    assert core.py_text_offsets(obj())[0] == b""
    with pytest.raises(TypeError, match="array of objects"):
        core.py_text_offsets(np.array([1, 2]))
    with pytest.raises(TypeError):
        core.py_text_offsets(np.array([["a"]], dtype=object))
    codes = np.frombuffer(core.py_enum_codes(obj("county", "x", None, 3, "village", "county"),
                                             ("village", "county")), np.int32)
    assert list(codes) == [1, -1, -1, -1, 0, 1]
    with pytest.raises(TypeError, match="tuple"):
        core.py_enum_codes(obj("a"), ["a"])
    days = np.frombuffer(core.py_iso_dates(obj("1970-01-02", "2020-02-29", "1970-01-02")), np.int32)
    assert list(days) == [1, 18321, 1]
    for bad in ("2019-02-29", "2019/01/01", "2019-01-01 00:00", None, 20190101):
        assert core.py_iso_dates(obj("2019-01-01", bad)) is None, bad
    def rows(claims, persons):
        got = core.py_person_rows(claims, persons)
        return None if got is None else list(np.frombuffer(got, np.int64))
    assert rows(obj("P2", "P1", "P1", "zz"), obj("P1", "P2")) == [1, 0, 0, -1]
    # equal ids in distinct objects, non-ASCII and lone surrogates compare as str
    assert rows(obj("".join(["P", "1"]), "\ud800", "é"), obj("é", "P1", "\ud800")) == [1, 2, 0]
    assert rows(obj(), obj()) == [] and rows(obj("P1"), obj()) == [-1]
    assert rows(obj("P1"), obj("P1", "".join(["P", "1"]))) is None  # a duplicate person id
    assert rows(obj("P1", 1), obj("P1")) is None and rows(obj("P1"), obj("P1", None)) is None
    # ASCII person ids (the bytes-hash path): a str subclass, non-ASCII and
    # lone surrogates among the claims' ids compare as str too
    class Id(str):
        pass
    assert rows(obj(Id("P2"), "é", "\ud800", "P1", Id("P1")), obj("P1", "P2")) == [1, -1, -1, 0, 0]
    assert rows(obj("P1"), obj("P1", "P2", "".join(["P", "1"]))) is None  # a duplicate, not adjacent
    # claims and persons in any order agree with pandas' get_indexer
    rng = np.random.default_rng(5)
    ids = np.array([f"P{i}" for i in rng.permutation(3000)], dtype=object)
    persons_ids = ids[:2000]
    claim_ids = np.array([str(x) for x in np.concatenate([np.repeat(ids[rng.integers(0, 3000, 800)], 3),
                                                          np.repeat(persons_ids[:500], 2)])], dtype=object)
    for claims_ids in (claim_ids, claim_ids[rng.permutation(len(claim_ids))]):
        want = pd.Index(persons_ids).get_indexer(claims_ids)
        assert rows(claims_ids, persons_ids) == list(want)
    with pytest.raises(TypeError, match="array of objects"):
        core.py_person_rows(np.array([1]), obj("P1"))
    def in_order(person, dis, adm):
        return core.py_claims_in_order(np.array(person, np.int64), np.array(dis, np.int32),
                                       np.array(adm, np.int32))
    assert in_order([0, 0, 1, 1], [5, 6, 1, 1], [9, 0, 1, 1]) and in_order([], [], [])
    assert not in_order([0, 1, 0], [1, 1, 2], [0, 0, 0])  # a person's claims apart
    assert not in_order([0, 0], [6, 5], [0, 0]) and not in_order([0, 0], [5, 5], [2, 1])
    with pytest.raises(ValueError, match="int64 person rows"):
        in_order([0, 0], [5], [1, 1])
    # many ids (probe chains, hash-table growth) against pandas' own join
    rng = np.random.default_rng(7)
    pids = np.array([f"P{i}" for i in rng.permutation(20000)], dtype=object)
    cids = np.array([f"P{i}" for i in rng.integers(0, 25000, 60000)], dtype=object)
    assert rows(cids, pids) == list(pd.Index(pids).get_indexer(cids))
