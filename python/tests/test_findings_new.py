# SPDX-License-Identifier: MIT
"""Regressions for ../shared/findings/new-features.md (hpr at 301a99a tried
as an attacker and as careless users would); test names carry the
finding's number. Each failed on 301a99a."""
import json
import os
import pickle
import shutil
import subprocess

import numpy as np
import pytest

import hpr

ROOT = os.environ["HPR_SOURCE_DIR"]
HPR = os.environ.get("HPR_CLI")
DATA = os.path.join(ROOT, "tests", "data", "findings")
POP = os.path.join(ROOT, "examples", "population")
REQ = {"person": {"id": "P1", "birth_date": "1961-05-01"},
       "claims": [{"id": "C1", "type": "inpatient", "admission_date": "2022-09-01",
                   "facility": {"level": "city"}, "location": "in_city",
                   "costs": {"total": "1000", "in_scope": "1000"}}]}
needs_cli = pytest.mark.skipif(not HPR, reason="needs the hpr command (ctest sets HPR_CLI)")


def topup_paid(fn):
    p = hpr.Policy.load(os.path.join(DATA, "topup.json"), extensions=hpr.Extensions().add("topup", fn, "money(money)"))
    s = json.loads(p.settle_json(json.dumps(REQ)))["settlements"][0]
    return {l["layer"]: l["paid"] for l in s["lines"] if l["applied"]}["topup"]


@pytest.mark.parametrize("value", [2**64 + 100, -(2**64) + 100, 2**63, 2**64 + 250])
def test_f4_money_results_out_of_int64_fail_naming_the_value(value):
    with pytest.raises(hpr.InvalidInputError, match=f"returned {value}, outside the money range"):
        topup_paid(lambda u: value)


def test_f21_numpy_integers_are_ints():
    assert topup_paid(lambda u: np.int64(100)) == "1.00"
    assert topup_paid(lambda u: u // 2) == "250.00"


@pytest.mark.parametrize("value", [None, "False", "no", 0.4, [False], 2, []])
def test_f5_bool_results_are_bools(value):
    ext = hpr.Extensions().add("eligible", lambda t: value, "bool(money)")
    p = hpr.Policy.load(os.path.join(DATA, "cond.json"), extensions=ext)
    with pytest.raises(hpr.InvalidInputError, match="not a bool"):
        p.settle_json(json.dumps(REQ))


@pytest.mark.parametrize("value, applied", [(True, True), (np.bool_(False), False), (1, True), (0, False)])
def test_f5_true_bools_still_answer(value, applied):
    ext = hpr.Extensions().add("eligible", lambda t: value, "bool(money)")
    p = hpr.Policy.load(os.path.join(DATA, "cond.json"), extensions=ext)
    s = json.loads(p.settle_json(json.dumps(REQ)))["settlements"][0]
    assert s["lines"][0]["applied"] is applied


def test_f11_a_refused_add_is_not_recorded():
    ext = hpr.Extensions().add("topup", lambda u: 1, "money(money)")
    with pytest.raises(hpr.InvalidInputError, match="registered already"):
        ext.add("topup", lambda u: 2, "money(money)")
    p = hpr.Policy.load(os.path.join(DATA, "topup.json"), extensions=ext)
    with pytest.raises(hpr.InvalidInputError, match="immutable"):
        ext.add("other", lambda u: 3, "money(money)")
    assert len(ext._defs) == 1
    import cloudpickle  # what Dask pickles with: lambdas too
    q = pickle.loads(cloudpickle.dumps(p))  # what each Dask worker does
    assert q.fingerprint == p.fingerprint


def test_f16_policy_html_escapes_every_text(tmp_path):
    doc = json.load(open(os.path.join(DATA, "topup.json")))
    doc["title"] = "<img src=x onerror=alert('title')>"
    doc["sources"]["t"]["title"] = "<script>alert('source')</script>"
    doc.pop("extensions")
    doc["layers"] = doc["layers"][:1]
    page = hpr.Policy.from_string(json.dumps(doc))._repr_html_()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


@needs_cli
def test_f1_diff_tables_start_at_zero_and_keep_long_categories(tmp_path):
    long = "registered_poor_" + "x" * 60  # the category renamed, not the status kind
    d = json.load(open(os.path.join(ROOT, "policies", "city-2017.json")))

    def walk(o):
        if isinstance(o, dict):
            for k, v in list(o.items()):
                if k in ("categories", "population") and isinstance(v, list):
                    o[k] = [long if c == "registered_poor" else c for c in v]
                else:
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(d)
    d["categories"] = {(long if k == "registered_poor" else k): v for k, v in d["categories"].items()}
    for c in d["catalogs"].values():
        if "include" in c:
            c["include"] = os.path.join(ROOT, "catalogs", c["include"].split("/")[-1])
    (tmp_path / "long.json").write_text(json.dumps(d, ensure_ascii=False))
    r = subprocess.run(["valgrind", "-q", "--error-exitcode=9", HPR, "diff", "--base", tmp_path / "long.json",
                        "--reform", os.path.join(ROOT, "policies", "normalised-2021.json"),
                        "--persons", os.path.join(POP, "persons.csv"), "--claims", os.path.join(POP, "claims.csv")]
                       if shutil.which("valgrind") and b"__asan_init" not in open(HPR, "rb").read() else
                       [HPR, "diff", "--base", tmp_path / "long.json", "--reform",
                        os.path.join(ROOT, "policies", "normalised-2021.json"), "--persons",
                        os.path.join(POP, "persons.csv"), "--claims", os.path.join(POP, "claims.csv")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-800:]
    rows = [l for l in r.stdout.splitlines() if l.strip().startswith(long)]
    assert len(rows) == 1 and rows[0].split()[1] == "203", rows[:3]
    none = [l for l in r.stdout.splitlines() if l.strip().startswith("none ")]
    assert none and none[0].split()[1] == "5824"


@needs_cli
def test_f18_diff_top_ten_ids_whole(tmp_path):
    import pandas as pd
    c = pd.read_csv(os.path.join(POP, "claims.csv"))
    prefix = "hospital-2022-discharge-record-number-" + "0" * 30 + "-"
    c["claim_id"] = prefix + c["claim_id"]
    c.to_csv(tmp_path / "c.csv", index=False)
    r = subprocess.run([HPR, "diff", "--base", os.path.join(ROOT, "policies", "city-2017.json"), "--reform",
                        os.path.join(ROOT, "policies", "normalised-2021.json"), "--persons",
                        os.path.join(POP, "persons.csv"), "--claims", tmp_path / "c.csv"], capture_output=True, text=True)
    top = r.stdout.split("largest changes")[1].splitlines()[1:11]
    ids = [l.split()[0] for l in top]
    assert len(set(ids)) == 10 and all(i.startswith(prefix + "C") for i in ids), ids


@needs_cli
def test_f17_audit_with_no_standard_in_force_is_an_error():
    r = subprocess.run([HPR, "audit", "--standards", os.path.join(ROOT, "standards", "national-2019.json"),
                        "--registry", os.path.join(ROOT, "examples", "registry"), "--as-of", "2010-12-31",
                        "--summary"], capture_output=True, text=True)
    assert r.returncode != 0 and "no standard of national-2019 is in force on 2010-12-31" in r.stderr


@needs_cli
def test_f15_extension_library_is_a_path(tmp_path):
    lib = os.path.join(os.path.dirname(HPR), "..", "examples", "libhpr_means_test.so")
    if not os.path.exists(lib):
        pytest.skip("the example extension library is not built")
    shutil.copy(lib, tmp_path / "libhpr_means_test.so")
    policy = os.path.join(ROOT, "examples", "extensions", "application-assistance.json")
    req = tmp_path / "r.jsonl"
    req.write_text(json.dumps(REQ) + "\n")
    # the file of that name in the current directory is the one loaded
    r = subprocess.run([HPR, "--extension-library", "libhpr_means_test.so", "validate", policy],
                       cwd=tmp_path, capture_output=True, text=True)
    assert "No such file" not in r.stderr, r.stderr
    # and a name that is no file here is not searched for elsewhere
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path))
    r = subprocess.run([HPR, "--extension-library", "libhpr_means_test.so", "validate", policy],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode != 0 and "./libhpr_means_test.so" in r.stderr, r.stderr


@needs_cli
def test_f6_village_without_clinic_has_no_qualified_doctor(tmp_path):
    (tmp_path / "counties.csv").write_text("county_id,name,population,poor,hospital,hospital_level,departments\n"
                                           "C1,县,50000,yes,none,,\n")
    (tmp_path / "townships.csv").write_text("township_id,county_id,name,population,poor,health_centre,departments\n"
                                            "T1,C1,乡,5000,yes,no,\n")
    (tmp_path / "villages.csv").write_text(
        "village_id,township_id,name,population,poor,relocated,hosts_township_centre,clinic,shares_clinic_of,"
        "neighbours,clinic_area_m2,clinic_rooms,essential_medicines\nV1,T1,甲村,900,yes,no,no,no,,,,,\n")
    (tmp_path / "staff.csv").write_text("staff_id,level,place_id,qualification,gp,department\n"
                                        "S3,village,V1,village_doctor,no,\n")
    r = subprocess.run([HPR, "audit", "--standards", os.path.join(ROOT, "standards", "national-2019.json"),
                        "--registry", tmp_path, "--as-of", "2020-12-31"], capture_output=True, text=True)
    rows = [l.split(",") for l in r.stdout.splitlines() if ",village_doctor," in l]
    assert rows and rows[0][9] == "fail" and rows[0][10] == "personnel", rows


def _long_anhui(tmp_path, layer_id=None):
    req = json.load(open(os.path.join(ROOT, "examples", "requests", "anhui-discharge.json")))
    req["claims"][0]["facility"]["id"] = "医" * 150 + "END"
    (tmp_path / "hostile.json").write_text(json.dumps(req, ensure_ascii=False))
    p = json.load(open(os.path.join(ROOT, "policies", "anhui-351-180.json")))
    p["layers"][0]["name"] = {"zh": "基" * 200 + "尾", "en": "n" * 500 + "TAIL"}
    if layer_id:
        p["layers"][0]["id"] = layer_id
    for c in p["catalogs"].values():
        if "include" in c:
            c["include"] = os.path.join(ROOT, "catalogs", c["include"].split("/")[-1])
    (tmp_path / "long.json").write_text(json.dumps(p, ensure_ascii=False))
    return tmp_path / "long.json", tmp_path / "hostile.json"


@needs_cli
def test_f18_slips_keep_long_names_whole(tmp_path):
    pol, req = _long_anhui(tmp_path)
    subprocess.run([HPR, "explain", "--policy", pol, "--format", "html", "-o", tmp_path / "s.html", req], check=True)
    html = (tmp_path / "s.html").read_bytes().decode("utf-8")  # valid UTF-8 or this raises
    assert "医" * 150 + "END (" in html and "n" * 500 + "TAIL (" in html
    out = subprocess.run([HPR, "--lang", "zh", "explain", "--policy", pol, req], capture_output=True, check=True).stdout
    text = out.decode("utf-8")
    assert "基" * 200 + "尾" in text


@needs_cli
def test_f8_csv_header_names_whole(tmp_path):
    p = json.load(open(os.path.join(ROOT, "policies", "normalised-2021.json")))
    doc = {"format": 1, "id": "two-long", "title": "t", "extends": os.path.join(ROOT, "policies", "normalised-2021.json"),
           "set": {}}
    del doc["set"]
    # two layers whose ids differ only after 600 bytes
    base = json.load(open(os.path.join(DATA, "topup.json")))
    base.pop("extensions")
    first = dict(base["layers"][0], id="x" * 600 + "A")
    second = dict(base["layers"][0], id="x" * 600 + "B")
    base["layers"] = [first, second]
    (tmp_path / "p.json").write_text(json.dumps(base))
    r = subprocess.run([HPR, "settle", "--policy", tmp_path / "p.json", "--persons", os.path.join(POP, "persons.csv"),
                        "--claims", os.path.join(POP, "claims.csv"), "-o", tmp_path / "o.csv"],
                       capture_output=True, text=True)
    header = (tmp_path / "o.csv").read_text().splitlines()[0]
    assert "layer_" + "x" * 600 + "A" in header and "layer_" + "x" * 600 + "B" in header, r.stderr[-300:]


def test_f10_long_messages_keep_the_frame(tmp_path):
    import pandas as pd
    p = hpr.Policy.load(os.path.join(ROOT, "policies", "normalised-2021.json"))
    claims = pd.read_csv(os.path.join(POP, "claims.csv"))
    persons = pd.read_csv(os.path.join(POP, "persons.csv"))
    for cid in ["C" * 200, "a" + "住院" * 100, "ab" + "住院" * 100, "医" * 1000]:
        c = claims.copy()
        c.loc[0, "claim_id"] = cid
        c.loc[0, "discharge_date"] = "2000-01-01"  # before admission: the row fails
        out = p.settle_frame(c, persons)
        assert len(out) == len(c) and (out["status"] != "ok").sum() == 1
        msg = out.loc[out["status"] != "ok", "error"].iloc[0]
        msg.encode("utf-8")
        assert cid in msg and "before" in msg, msg[-200:]


def _unpickled(p):
    import cloudpickle
    return pickle.loads(cloudpickle.dumps(p))  # what a Dask worker does with a task's policy


def test_f2_policies_differing_only_in_their_functions_are_not_confused():
    path = os.path.join(DATA, "topup.json")
    third = hpr.Policy.load(path, extensions=hpr.Extensions().add("topup", lambda u: u // 3, "money(money)"))
    nothing = hpr.Policy.load(path, extensions=hpr.Extensions().add("topup", lambda u: 0, "money(money)"))
    paid = []
    for p in (third, nothing, third):
        s = json.loads(_unpickled(p).settle_json(json.dumps(REQ)))["settlements"][0]
        paid.append({l["layer"]: l["paid"] for l in s["lines"] if l["applied"]}["topup"])
    assert paid == ["166.66", "0.00", "166.66"]
    # a reform of each keeps its own base's functions
    r = [json.loads(_unpickled(p.with_values({"/layers/basic/ratio": "0.4"})).settle_json(json.dumps(REQ)))
         for p in (third, nothing)]
    tops = [{l["layer"]: l["paid"] for l in x["settlements"][0]["lines"] if l["applied"]}["topup"] for x in r]
    assert tops[1] == "0.00" and tops[0] != "0.00"


def test_f13_the_worker_cache_is_bounded():
    p = hpr.Policy.load(os.path.join(ROOT, "policies", "normalised-2021.json"))
    for i in range(100):
        _unpickled(p.with_values({"/layers/basic/deductible/amount/by_level/county": str(100 + i)}))
    assert len(hpr._LOADED) <= hpr._LOADED_MAX < 100


def test_f3_partitioned_by_person_is_checked():
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd
    import hpr.dask as hd
    p = hpr.Policy.load(os.path.join(ROOT, "policies", "normalised-2021.json"))
    claims = pd.read_csv(os.path.join(POP, "claims.csv")).sort_values("discharge_date")
    persons = pd.read_csv(os.path.join(POP, "persons.csv"))
    split = dd.from_pandas(claims, npartitions=7, sort=False)  # by date, as an export by month
    with pytest.raises(ValueError, match="has claims in more than one partition"):
        hd.settle_frame(p, split, persons, partitioned_by_person=True)
    twice = pd.concat([persons, persons.iloc[:1]])
    by_person = dd.from_pandas(claims.sort_values("person_id"), npartitions=1)
    with pytest.raises(ValueError, match="appears more than once among the persons"):
        hd.settle_frame(p, by_person, twice, partitioned_by_person=True)
    # a kept promise settles as one process does
    out = hd.settle_frame(p, by_person, persons, partitioned_by_person=True).compute()
    assert len(out) == len(claims) and (out["status"] == "ok").all()


def test_f14_derived_policies_keep_their_base_confinement(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"db_password": "hunter2"}')
    p = hpr.Policy.load(os.path.join(ROOT, "policies", "normalised-2021.json"), confine_includes=ROOT)
    for target in (str(secret), os.path.relpath(secret, os.path.join(ROOT, "policies"))):
        patch = {"catalogs": {"leak": {"include": target}}}
        with pytest.raises(hpr.PolicyError) as e:
            p.derive(patch)
        text = str(e.value) + " ".join(d.message for d in e.value.diagnostics)
        assert "confined" in text or "outside the include root" in text, text
        assert "db_password" not in text and "hunter2" not in text


def test_f9_digit_ids_are_ids_and_pointers_round_trip(tmp_path):
    base = {"format": 1, "id": "numbase", "title": "layers with numeric ids",
            "sources": {"t": {"title": "t", "confidence": "assumption"}},
            "layers": [{"id": "1", "name": "first tier", "kind": "share", "payer": "basic_insurance_fund",
                        "covers": ["in_scope"], "ratio": "0.5", "ref": "t"},
                       {"id": "2", "name": "second tier", "kind": "share", "payer": "medical_assistance",
                        "covers": ["in_scope"], "ratio": "0.1", "ref": "t"}]}
    (tmp_path / "base.json").write_text(json.dumps(base))
    b = hpr.Policy.load(tmp_path / "base.json")
    child = b.with_values({"/layers/1/ratio": "0.9"})
    ch = child.changes(b)
    text = json.dumps(ch)
    assert "/layers/1/ratio" in text and "/layers/2/ratio" not in text, text
    req = {"person": {"id": "p", "birth_date": "1960-01-01"},
           "claims": [{"id": "c", "type": "inpatient", "admission_date": "2022-01-01", "facility": {"level": "county"},
                       "location": "in_county", "costs": {"total": "1000", "in_scope": "1000"}}]}
    paid = {l["layer"]: l["paid"] for l in json.loads(child.settle_json(json.dumps(req)))["settlements"][0]["lines"]}
    assert paid["1"] == "900.00"
    # the layer "2" by its id, as the report names it
    again = b.with_values({"/layers/2/ratio": "0.3"})
    paid = {l["layer"]: l["paid"] for l in json.loads(again.settle_json(json.dumps(req)))["settlements"][0]["lines"]}
    assert paid["1"] == "500.00" and paid["2"] == "150.00"


def test_f12_inheritance_merge_is_not_quadratic(tmp_path):
    # four times the keys: about four times the time when the merge is
    # linear (n log n), sixteen when quadratic (301a99a: 0.15 s and 1.8 s
    # for 5,000 and 20,000 sources); a ratio, so the machine's speed cancels
    import sys
    import time
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import inherit_bench
    for kind in ("sources", "set", "remove"):
        times = []
        for n in (10000, 40000):
            base, child = inherit_bench.documents(kind, n)
            (tmp_path / "base.json").write_text(json.dumps(base))
            (tmp_path / "child.json").write_text(json.dumps(child))
            best = None
            for _ in range(2):
                t = time.monotonic()
                hpr.Policy.load(tmp_path / "child.json")
                best = min(best or 1e9, time.monotonic() - t)
            times.append(best)
        assert times[1] / times[0] < 9, (kind, times)


@needs_cli
def test_f22_validate_holds_every_document_to_the_dated_rule_rule(tmp_path):
    child = {"format": 1, "extends": os.path.join(ROOT, "policies", "province-2023.json"), "id": "early",
             "title": "a rule and a value in force before the source they cite",
             "set": {"/layers/critical/deductible/amount": {"2021-01-01": {"value": "1000", "ref": "local-2023"}}}}
    (tmp_path / "early.json").write_text(json.dumps(child))
    r = subprocess.run([HPR, "validate", tmp_path / "early.json"], capture_output=True, text=True)
    assert r.returncode == 0 and "warning: /layers/1/deductible/amount: in force from 2021-01-01, before source " \
                                  "local-2023 it cites takes effect (2023-01-01)" in r.stdout, r.stdout
    r = subprocess.run([HPR, "validate", "--strict", tmp_path / "early.json"], capture_output=True, text=True)
    assert r.returncode == 1 and "1 error" in r.stdout, r.stdout
    # the same value from the source's date is clean; so is every shipped policy
    child["set"] = {"/layers/critical/deductible/amount": {"2023-01-01": {"value": "1000", "ref": "local-2023"}}}
    (tmp_path / "ok.json").write_text(json.dumps(child))
    shipped = [os.path.join(ROOT, "policies", f) for f in sorted(os.listdir(os.path.join(ROOT, "policies")))
               if f.endswith(".json")]
    r = subprocess.run([HPR, "validate", "--strict", tmp_path / "ok.json", *shipped], capture_output=True, text=True)
    assert r.returncode == 0 and "warning" not in r.stdout, r.stdout


def test_f19_extension_answers_say_which_and_eligibility_fails_like_settle():
    def means_test(income, size, paid, claim, line):
        return income * size - (paid + claim) < line * size
    ext = hpr.Extensions().add("means_test", means_test, "bool(money, int, money, money, money)")
    p = hpr.Policy.load(os.path.join(ROOT, "examples", "extensions", "application-assistance.json"), extensions=ext)
    reasons = []
    for household in ({"size": 3, "income_per_capita": "200000"}, {"income_per_capita": "5000"}):
        req = {"person": {"id": "P1", "birth_date": "1961-05-01", "household": household},
               "claims": [{"id": "C1", "type": "inpatient", "admission_date": "2022-09-01",
                           "discharge_date": "2022-09-20", "facility": {"level": "city"}, "location": "in_city",
                           "costs": {"total": "100000", "in_scope": "100000"}}]}
        s = json.loads(p.settle_json(json.dumps(req)))["settlements"][0]
        reasons.append([l for l in s["lines"] if l["layer"] == "on_application"][0]["reason"])
    assert reasons == ["its extension function says no",
                       "a fact its extension function needs is missing, so it does not apply"]

    def unreachable(total):
        raise RuntimeError("means-test service unreachable")
    q = hpr.Policy.load(os.path.join(DATA, "cond.json"),
                        extensions=hpr.Extensions().add("eligible", unreachable, "bool(money)"))
    with pytest.raises(hpr.InvalidInputError, match="service unreachable"):
        q.eligibility(REQ["person"], "2022-09-01", claim=REQ["claims"][0])
    with pytest.raises(hpr.InvalidInputError, match="service unreachable"):
        q.settle_json(json.dumps(REQ))


def test_f20_a_dated_set_over_by_level_is_the_sets_error():
    base = hpr.Policy.load(os.path.join(ROOT, "policies", "national-2021.json"))
    with pytest.raises(hpr.PolicyError) as e:
        base.with_values({"/layers/basic/deductible/amount": {"2024-01-01": "300"}})
    d = e.value.diagnostics[0]
    assert "national-2021.json" not in (d.file or "") and "by_level/LEVEL" in d.message, (d.file, d.message)
    # the pointer describe lists still works, and a plain value replaces the whole
    base.with_values({"/layers/basic/deductible/amount/by_level/county": {"2024-01-01": "300"}})
    base.with_values({"/layers/basic/deductible/amount": "300"})


@needs_cli
def test_f23_small_things(tmp_path):
    run = lambda *a, **k: subprocess.run([HPR, *map(str, a)], capture_output=True, text=True, **k)  # noqa: E731
    # --lang without its value names the mistake
    assert "--lang needs its value before the command" in run("--lang", "explain", "x.json").stderr
    assert run("--lang", "ZH", "version").returncode == 0 and run("--lang", "zh_", "version").returncode == 2
    # describe on a standards document says what it is
    r = run("describe", os.path.join(ROOT, "standards", "national-2019.json"))
    assert r.returncode == 2 and "is a standards document" in r.stderr, r.stderr
    # hpr test compares an amount to the fen, and refuses a key given twice
    doc = json.load(open(os.path.join(ROOT, "tests", "policy", "anhui-351-180.json")))
    doc["policy"] = os.path.join(ROOT, "policies", "anhui-351-180.json")
    case = doc["cases"][0]
    case["expect"][0]["patient_pays"] = 3000.004
    doc["cases"] = [case]
    (tmp_path / "near.json").write_text(json.dumps(doc))
    assert run("test", tmp_path / "near.json").returncode == 1
    case["expect"][0]["patient_pays"] = 3000
    (tmp_path / "exact.json").write_text(json.dumps(doc))
    assert run("test", tmp_path / "exact.json").returncode == 0
    text = json.dumps(doc).replace('"patient_pays": 3000', '"patient_pays": 1, "patient_pays": 3000')
    (tmp_path / "twice.json").write_text(text)
    r = run("test", tmp_path / "twice.json")
    assert r.returncode != 0 and "\"patient_pays\" is given twice" in r.stdout, r.stdout


def test_f23_registry_ids_that_look_like_others_are_refused(tmp_path):
    reg = os.path.join(ROOT, "examples", "registry")
    for name in ("counties.csv", "townships.csv", "staff.csv"):
        shutil.copy(os.path.join(reg, name), tmp_path / name)
    lines = open(os.path.join(reg, "villages.csv"), encoding="utf-8").read().splitlines()
    first = lines[1].split(",")
    wide = ["Ｖ１１"] + first[1:]
    bom = ["\ufeffVB1"] + first[1:]
    (tmp_path / "villages.csv").write_text("\n".join(lines + [",".join(wide), ",".join(bom)]) + "\n",
                                           encoding="utf-8")
    s = hpr.Standards.load(os.path.join(ROOT, "standards", "national-2019.json"))
    r = s.audit(str(tmp_path), as_of="2020-12-31")
    msgs = " | ".join(r.errors["message"].astype(str))
    assert "has full-width characters: write it as \"V11\"" in msgs and "byte-order mark" in msgs, msgs[-600:]


@needs_cli
def test_f23_one_bad_standard_is_one_error(tmp_path):
    d = json.load(open(os.path.join(ROOT, "standards", "city-2017.json"), encoding="utf-8"))
    d["standards"][0]["from"], d["standards"][0]["to"] = "2018-01-01", "2017-01-01"  # the clinic a grant closes
    (tmp_path / "bad.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([HPR, "validate", tmp_path / "bad.json"], capture_output=True, text=True)
    assert r.returncode == 1 and "1 error" in r.stdout and "closes" not in r.stdout, r.stdout


@needs_cli
def test_f2_a_policys_fingerprint_covers_its_extension_library(tmp_path):
    lib = os.path.join(os.path.dirname(HPR), "..", "examples", "libhpr_means_test.so")
    if not os.path.exists(lib):
        pytest.skip("the example extension library is not built")
    policy = os.path.join(ROOT, "examples", "extensions", "application-assistance.json")
    shutil.copy(lib, tmp_path / "a.so")
    shutil.copy(lib, tmp_path / "b.so")
    with open(tmp_path / "b.so", "ab") as f:
        f.write(b"another build")  # the same code, another file: another identity
    fps = []
    for so in ("a.so", "a.so", "b.so"):
        r = subprocess.run([HPR, "--extension-library", tmp_path / so, "validate", policy], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        fps.append(r.stdout.split("sha256:")[1].split(")")[0])
    assert fps[0] == fps[1] != fps[2]


@needs_cli
@pytest.mark.parametrize("base, reform", [("city-2017", "normalised-2021"), ("national-2021", "normalised-2021")])
def test_f1_hpr_diff_and_hpr_compare_give_the_same_sums(base, reform):
    import decimal
    import pandas as pd
    pol = lambda n: os.path.join(ROOT, "policies", n + ".json")  # noqa: E731
    out = subprocess.run([HPR, "diff", "--base", pol(base), "--reform", pol(reform), "--persons",
                          os.path.join(POP, "persons.csv"), "--claims", os.path.join(POP, "claims.csv")],
                         capture_output=True, text=True).stdout
    c = hpr.compare(hpr.Policy.load(pol(base)), hpr.Policy.load(pol(reform)),
                    pd.read_csv(os.path.join(POP, "claims.csv")), pd.read_csv(os.path.join(POP, "persons.csv")))
    fen = lambda t: int(decimal.Decimal(t) * 100)  # noqa: E731
    rows = {}
    for line in out.split("who pays")[1].split("patient share by category")[0].splitlines()[1:]:
        parts = line.split()
        if len(parts) == 4:
            rows["patient" if parts[0] == "patients" else parts[0]] = (fen(parts[1]), fen(parts[2]))
    want = {k: (int(v.base_fen), int(v.reform_fen)) for k, v in c.by_payer.iterrows()
            if v.base_fen or v.reform_fen}
    assert rows == want, (rows, want)
    cats = {}
    for line in out.split("patient share by category:")[1].split("patient share by level")[0].splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdigit():
            cats[parts[0]] = int(parts[1])
    assert cats == {k: int(v.claims) for k, v in c.by_category.iterrows()}, (cats, c.by_category)
