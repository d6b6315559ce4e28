"""pytest for the Python bindings: exception mapping, settle == the C JSON
entry point, threads on one policy, no growth over repeated calls."""
import decimal
import json
import os
import threading
import tracemalloc

import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICIES = os.path.join(ROOT, "policies")

PERSON = {"id": "p1", "birth_date": "1960-05-01",
          "statuses": [{"kind": "registered_poor", "from": "2016-01-01"}],
          "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]}


def claim(cid, on, level, in_scope, **extra):
    c = {"id": cid, "type": "inpatient", "admission_date": on, "facility": {"level": level},
         "location": "in_county" if level in ("township", "county") else "in_city",
         "costs": {"total": in_scope, "in_scope": in_scope}}
    c.update(extra)
    return c


@pytest.fixture(scope="module")
def anhui():
    return hpr.Policy.load(os.path.join(POLICIES, "anhui-351-180.json"))


def test_load_and_metadata(anhui):
    assert anhui.id == "anhui-351-180"
    assert anhui.fingerprint.startswith("sha256:")
    d = anhui.describe()
    assert d["id"] == "anhui-351-180" and any(s["id"] == "anhui-351" for s in d["sources"])


def test_settle_matches_hand_computation(anhui):
    # county 50000 in 2018: basic 39600, critical 220, assistance 7126, 351 pays 54, patient 3000
    res = anhui.settle(PERSON, [claim("c", "2018-06-01", "county", "50000")])
    s = res.settlements[0]
    paid = {l.layer: l.paid for l in s.lines}
    assert paid["basic"] == decimal.Decimal("39600.00")
    assert paid["cap_351"] == decimal.Decimal("54.00")
    assert s.patient_pays == decimal.Decimal("3000.00")
    assert s.payers.fiscal_safety_net == decimal.Decimal("54.00")
    assert s.waiver + s.paid_total + s.patient_pays == s.total


def test_settle_equals_c_json_entry_point(anhui):
    claims = [claim("a", "2018-03-01", "county", "52000"), claim("b", "2018-05-01", "city", "200000.50")]
    req = {"person": PERSON, "claims": claims, "explain": True, "strict": False}
    raw = json.loads(anhui.settle_json(json.dumps(req)))
    res = anhui.settle(PERSON, claims, explain=True)
    for got, want in zip(res.settlements, raw["settlements"]):
        assert json.loads(json.dumps(got, default=str)) == want
    assert json.loads(json.dumps(res.ledger, default=str)) == raw["ledger"]
    # the ledger passed back continues the year
    more = anhui.settle(PERSON, [claim("c", "2018-09-01", "county", "10000")], ledger=res.ledger)
    assert more.ledger["layers"]["basic"]["claims"] == 3


@pytest.mark.parametrize("make, exc, pyexc", [
    (lambda: hpr.Policy.load("/no/such/policy.json"), hpr.PolicyFileNotFoundError, FileNotFoundError),
    (lambda: hpr.Policy.from_string('{"format": 1, "id": "x", "title": "t", "colour": 1}'),
     hpr.PolicyError, ValueError),
    (lambda: hpr.Policy.from_string('{"format": 99, "id": "x", "title": "t"}'), hpr.VersionError, ValueError),
    (lambda: hpr.Policy.from_string("{"), hpr.PolicyError, ValueError),
])
def test_exception_mapping_for_policies(make, exc, pyexc):
    with pytest.raises(exc) as info:
        make()
    assert isinstance(info.value, pyexc) and isinstance(info.value, hpr.HprError)


def test_policy_error_carries_location():
    with pytest.raises(hpr.PolicyError) as info:
        hpr.Policy.from_string('{"format": 1,\n "id": "x", "title": "t",\n "colour": 1}', name="p.json")
    loc = info.value.location
    assert (loc.file, loc.line, loc.pointer) == ("p.json", 3, "/colour")
    assert info.value.status == "HPR_EPOLICY"


@pytest.mark.parametrize("claims, status", [
    ([{"id": "x"}], "HPR_EINVAL"),
    ([claim("x", "2018-02-30", "county", "1")], "HPR_EPARSE"),
    ([claim("x", "2018-02-01", "county", "1.001")], "HPR_EPARSE"),
    ([claim("x", "2018-02-01", "county", "-5")], "HPR_EINVAL"),
])
def test_exception_mapping_for_requests(anhui, claims, status):
    with pytest.raises(hpr.InvalidInputError) as info:
        anhui.settle(PERSON, claims)
    assert isinstance(info.value, ValueError) and info.value.status == status


def test_classify_and_eligibility():
    city = hpr.Policy.load(os.path.join(POLICIES, "city-2017.json"))
    c = claim("k", "2019-05-01", "city", "80000", diagnoses=["I63.9"])
    c["facility"]["designated"] = ["stroke"]
    cls = city.classify(PERSON, c)
    assert cls.batch == "serious_disease" and cls.entry == "stroke"
    c["admission_date"] = "2018-05-01"
    assert city.classify(PERSON, c).batch == "none"
    e = city.eligibility(PERSON, "2018-04-01", claim("k", "2018-04-01", "county", "100"))
    assert e.treat_first_pay_later.value is True
    assert e.categories[0].name == "registered_poor"


def test_threads_share_one_policy(anhui):
    want = anhui.settle(PERSON, [claim("c", "2018-06-01", "county", "50000")]).settlements[0].patient_pays
    errors = []

    def work():
        try:
            for _ in range(200):
                got = anhui.settle(PERSON, [claim("c", "2018-06-01", "county", "50000")])
                assert got.settlements[0].patient_pays == want
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_no_growth_over_repeated_calls(anhui):
    claims = [claim("c", "2018-06-01", "county", "50000")]
    for _ in range(200):
        anhui.settle(PERSON, claims)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for _ in range(2000):
        anhui.settle(PERSON, claims, explain=True)
        try:
            anhui.settle(PERSON, [{"id": "bad"}])
        except hpr.InvalidInputError:
            pass
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert grown < 64 * 1024, grown


def test_dataclasses_are_accepted(anhui):
    import dataclasses

    @dataclasses.dataclass
    class Costs:
        total: str
        in_scope: str

    @dataclasses.dataclass
    class Claim:
        id: str
        type: str
        admission_date: str
        facility: dict
        location: str
        costs: Costs

    c = Claim("c", "inpatient", "2018-06-01", {"level": "county"}, "in_county", Costs("50000", "50000"))
    assert anhui.settle(PERSON, [c]).settlements[0].patient_pays == decimal.Decimal("3000.00")
