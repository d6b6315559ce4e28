"""The bad-input catalogue of docs/robustness.md: every kind of bad input
tried, and what it gets. Each test here is one row of that table; the
failing-allocator test, the sanitizers and the fuzzers (scripts/test)
cover the rest."""
import json
import os
import subprocess

import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICY = os.path.join(ROOT, "policies", "normalised-2021.json")
HPR = os.environ.get("HPR_CLI")  # the hpr command, when ctest gives it


@pytest.fixture(scope="module")
def policy():
    return hpr.Policy.load(POLICY)


PERSON = {"id": "p", "birth_date": "1950-01-01", "statuses": [{"kind": "dibao", "from": "2019-01-01"}],
          "enrollment": [{"scheme": "resident_basic", "from": "2015-01-01"}]}


def claim(**over):
    c = {"id": "c", "type": "inpatient", "admission_date": "2022-03-01", "facility": {"level": "county"},
         "location": "in_county", "costs": {"total": "1000", "in_scope": "1000"}}
    c.update(over)
    return c


def refused(policy, request, status="HPR_EINVAL", text=None):
    body = request if isinstance(request, (bytes, str)) else json.dumps(request)
    with pytest.raises(hpr.HprError) as e:
        policy.settle_json(body)
    assert e.value.status == status, e.value.message
    if text:
        assert text in e.value.message, e.value.message
    return e.value.message


# ---- requests ------------------------------------------------------------------

def test_malformed_json(policy):
    refused(policy, b'{"person": {"id": "p",', "HPR_EPARSE")


def test_empty_request(policy):
    refused(policy, b"", "HPR_EPARSE", "empty document")


def test_truncated_request(policy):
    body = json.dumps({"person": PERSON, "claims": [claim()]}).encode()
    for cut in (1, len(body) // 2, len(body) - 1):
        refused(policy, body[:cut], "HPR_EPARSE")


def test_wrong_types(policy):
    refused(policy, {"person": 5, "claims": []}, "HPR_EINVAL", "/person")
    refused(policy, {"person": PERSON, "claims": [claim(costs={"total": True, "in_scope": "1"})]},
            "HPR_EINVAL", "/claims/0/costs/total")


def test_negative_money(policy):
    refused(policy, {"person": PERSON, "claims": [claim(costs={"total": "-5", "in_scope": "-5"})]},
            "HPR_EINVAL")


def test_huge_numbers_are_refused_not_wrapped(policy):
    big = "9" * 30
    msg = refused(policy, {"person": PERSON, "claims": [claim(costs={"total": big, "in_scope": big})]},
                  "HPR_EOVERFLOW")
    assert "/claims/0/costs/total" in msg and "too large" in msg
    # the largest claim the library accepts (10^15 fen) settles to the fen;
    # one fen more is refused as implausible rather than risk an overflow
    top = "10000000000000.00"
    r = policy.settle(PERSON, [claim(costs={"total": top, "in_scope": top})])
    s = r.settlements[0]
    assert s.total == s.waiver + s.paid_total + s.patient_pays
    refused(policy, {"person": PERSON, "claims": [claim(costs={"total": "10000000000000.01",
                                                               "in_scope": "10000000000000.01"})]},
            "HPR_EOVERFLOW", "implausibly large")


def test_more_than_two_decimals(policy):
    refused(policy, {"person": PERSON, "claims": [claim(costs={"total": "1.005", "in_scope": "1.005"})]},
            "HPR_EPARSE", "more than 2 decimals")


def test_dates_out_of_range(policy):
    refused(policy, {"person": PERSON, "claims": [claim(admission_date="2022-02-30")]}, "HPR_EPARSE",
            "2022-02 has 28 days")
    refused(policy, {"person": PERSON, "claims": [claim(admission_date="0999-12-31")]}, "HPR_EPARSE")
    refused(policy, {"person": dict(PERSON, birth_date="10000-01-01"), "claims": [claim()]}, "HPR_EPARSE")
    refused(policy, {"person": PERSON, "claims": [claim(admission_date="2016-03-01")]}, "HPR_EINVAL",
            "outside the effective period")


def test_unknown_codes_and_names(policy):
    # an unknown ICD-10 code is no disease of the catalogs: batch none, settled
    r = policy.settle(PERSON, [claim(diagnoses=["ZZ99.999", "", "not a code"])], explain=True)
    assert r.settlements[0].classification.batch == "none"
    # an unknown level or claim type is refused
    refused(policy, {"person": PERSON, "claims": [claim(facility={"level": "palace"})]}, "HPR_EINVAL", "palace")
    refused(policy, {"person": PERSON, "claims": [claim(type="spa")]}, "HPR_EINVAL", "spa")
    # an unknown status kind is a warning, not an error
    # (once per kind and request, however many statuses and claims: finding 15)
    p = dict(PERSON, statuses=[{"kind": "royalty", "from": "2019-01-01"}] * 50 +
             [{"kind": "alien", "from": "2019-01-01"}])
    r = policy.settle(p, [claim(id=f"C{i}") for i in range(20)])
    codes = [x["message"] for x in r.warnings if x["code"] == "unknown_status"]
    assert len(codes) == 2 and "royalty" in " ".join(codes) and "alien" in " ".join(codes)
    assert all(not s.warnings for s in r.settlements)


def test_invalid_utf8(policy):
    body = json.dumps({"person": PERSON, "claims": [claim(id="ABC")]}).encode().replace(b"ABC", b"A\xff\xfeC")
    refused(policy, body, "HPR_EPARSE", "UTF-8")
    refused(policy, b'{"person": {"id": "\xed\xa0\x80"}}', "HPR_EPARSE", "UTF-8")  # a surrogate


def test_nul_bytes(policy):
    refused(policy, b'{"person": {"id": "a\\u0000b"}}', "HPR_EPARSE", "\\u0000")
    refused(policy, b'{"person": {"id": "a\x00b"}}', "HPR_EPARSE")
    refused(policy, b'{"person": {"id": "a\\\x00"}}', "HPR_EPARSE")  # found by fuzzing


def test_deep_nesting(policy):
    refused(policy, b"[" * 100000 + b"]" * 100000, "HPR_EPARSE", "nesting deeper than 256 levels")


def test_large_request(policy):
    # 100 MB of padding in one string: parsed, refused for what it is, no crash
    body = b'{"person": {"id": "' + b"x" * (100 << 20) + b'"}}'
    refused(policy, body, "HPR_EINVAL")


def test_many_claims_in_one_request(policy):
    claims = [claim(id=f"c{i}", admission_date=f"2022-{1 + i % 12:02d}-01") for i in range(2000)]
    claims.sort(key=lambda c: c["admission_date"])
    r = policy.settle(PERSON, claims)
    assert len(r.settlements) == 2000


# ---- policy documents ---------------------------------------------------------------

def test_policy_empty_and_truncated(tmp_path):
    with pytest.raises(hpr.PolicyError):
        hpr.Policy.from_string(b"")
    text = open(POLICY, "rb").read()
    for cut in (10, len(text) // 3, len(text) - 2):
        with pytest.raises(hpr.PolicyError) as e:
            hpr.Policy.from_string(text[:cut], base_dir=os.path.dirname(POLICY))
        assert e.value.location is not None


def test_policy_missing_file():
    with pytest.raises(hpr.PolicyFileNotFoundError):
        hpr.Policy.load("/nonexistent/policy.json")


def test_policy_bom_then_number():
    # found by fuzzing: once refused as "out of memory"
    with pytest.raises(hpr.PolicyError) as e:
        hpr.Policy.from_string(b"\xef\xbb\xbf4")
    assert e.value.status == "HPR_EPOLICY"


def test_policy_too_large():
    with pytest.raises(hpr.HprError):
        hpr.Policy.from_string(b" " * (70 << 20) + b"{}")


# ---- the hpr command ---------------------------------------------------------------------

@pytest.mark.skipif(not HPR, reason="needs HPR_CLI (set by ctest)")
def test_cli_100mb_line_and_empty_files(tmp_path):
    line = tmp_path / "big.jsonl"
    with open(line, "wb") as f:
        f.write(b'{"person": {"id": "' + b"y" * (100 << 20) + b'"}}\n')
        f.write(json.dumps({"person": PERSON, "claims": [claim()]}).encode() + b"\n")
    r = subprocess.run([HPR, "settle", "--policy", POLICY, "--requests", str(line)], capture_output=True)
    assert r.returncode == 1
    assert b"2 lines read, 1 settled, 1 failed" in r.stderr
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    r = subprocess.run([HPR, "settle", "--policy", POLICY, "--persons", str(empty), "--claims", str(empty)],
                       capture_output=True)
    assert r.returncode == 2 and b"empty, no header row" in r.stderr
