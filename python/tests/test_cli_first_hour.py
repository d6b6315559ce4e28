"""What a policy clerk trips on in the first hour with the hpr command
(issue 18): each test failed on 3fd1f74. Run by ctest (python.pytest) with HPR_CLI naming the command."""
import json
import os
import subprocess

import pytest

HPR = os.environ.get("HPR_CLI")  # the hpr command, when ctest gives it
if not HPR:
    pytest.skip("needs HPR_CLI (set by ctest)", allow_module_level=True)
ROOT = os.environ["HPR_SOURCE_DIR"]
POP = ["--persons", os.path.join(ROOT, "examples", "population", "persons.csv"),
       "--claims", os.path.join(ROOT, "examples", "population", "claims.csv")]


def hpr(*args):
    return subprocess.run([HPR, *map(str, args)], capture_output=True, text=True)


def test_diff_prints_signed_changes_and_levels_in_order():
    r = hpr("diff", "--base", os.path.join(ROOT, "policies", "city-2017.json"),
            "--reform", os.path.join(ROOT, "policies", "normalised-2021.json"), *POP)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "(+30000.00)" in out and "+4872877.75" in out and "-3956218.14" in out
    levels = [line.split()[0] for line in out.split("patient share by level:")[1].splitlines()[2:7]]
    assert levels == ["village", "township", "county", "city", "province"], levels
    assert "claims compared are in no category of the base policy" in out


def case_file(tmp_path, case):
    f = tmp_path / "cases.json"
    f.write_text(json.dumps({"format": 1, "policy": os.path.join(ROOT, "policies", "anhui-351-180.json"),
                             "cases": [case]}))
    return f


CASE = {"name": "a county stay",
        "person": {"id": "p", "birth_date": "1960-01-01",
                   "statuses": [{"kind": "registered_poor", "from": "2016-01-01"}],
                   "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]},
        "claims": [{"id": "c", "type": "inpatient", "admission_date": "2018-03-01", "facility": {"level": "county"},
                    "location": "in_county", "costs": {"total": "10000", "in_scope": "10000"}}]}


def test_test_names_an_unknown_layer(tmp_path):
    r = hpr("test", case_file(tmp_path, dict(CASE, expect=[{"lines": {"bogus": {"paid": "1.00"}}}])))
    assert r.returncode == 1
    assert 'no layer "bogus" in this policy; its layers are:' in r.stdout, r.stdout
    assert "actual:   (missing)" in r.stdout


def test_test_refuses_expected_for_expect(tmp_path):
    r = hpr("test", case_file(tmp_path, dict(CASE, expected=[{"paid_total": "1.00"}])))
    assert r.returncode == 1
    assert 'unknown member "expected" in a case (did you mean "expect"?)' in r.stdout, r.stdout


def test_a_copied_policy_finds_the_shipped_catalogs(tmp_path):
    copy = tmp_path / "my-county.json"
    copy.write_bytes(open(os.path.join(ROOT, "policies", "city-2017.json"), "rb").read())
    r = hpr("validate", copy)
    assert r.returncode == 1
    errors = [l for l in r.stdout.splitlines() if ": error: " in l]
    assert len(errors) == 2, errors  # one per include, no knock-on "no catalog named"
    assert all("relative include is read from the policy file's directory" in e and "--catalogs" in e
               for e in errors)
    catalogs = os.path.join(ROOT, "catalogs")
    r = hpr("validate", "--catalogs", catalogs, copy)
    assert r.returncode == 0 and "ok (city-2017" in r.stdout, r.stdout + r.stderr
    r = hpr("settle", f"--catalogs={catalogs}", "--policy", copy, *POP, "-o", tmp_path / "out.csv")
    assert r.returncode == 0, r.stderr


def test_validate_says_did_you_mean(tmp_path):
    p = json.load(open(os.path.join(ROOT, "tests", "data", "four-layers.json")))
    layer = p["layers"][0]
    layer["deductable"] = layer.pop("deductible", "100")
    p["layers"][1].setdefault("applies_to", {})["levels"] = ["countty"]
    f = tmp_path / "typo.json"
    f.write_text(json.dumps(p, indent=1))
    r = hpr("validate", f)
    assert r.returncode == 1
    assert 'unknown member "deductable" in a layer; did you mean "deductible"?' in r.stdout, r.stdout
    assert 'did you mean "county"?' in r.stdout, r.stdout


def test_test_case_typo_in_a_claim_says_did_you_mean(tmp_path):
    case = json.loads(json.dumps(CASE))
    case["claims"][0]["admision_date"] = case["claims"][0].pop("admission_date")
    r = hpr("test", case_file(tmp_path, dict(case, expect=[{"paid_total": "1.00"}])))
    assert r.returncode == 1
    assert 'missing required member "admission_date" (is "admision_date" a misspelling of it?)' in r.stdout, r.stdout
