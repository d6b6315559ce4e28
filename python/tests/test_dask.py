"""hpr.dask on a distributed.LocalCluster of two worker processes (issue
25): results equal, row by row on every column, to single-process
settle_frame; a person whose claims start in two partitions; bad rows
kept; compare equal to hpr.compare; input partitioned by person read from
CSV; the policy travelling as its file and fingerprint. HPR_DASK_CLAIMS
sets the size (ctest python.dask: 1,000,000 claims in 8 partitions; the
everyday pytest: about 60,000)."""
import os
import pickle

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="python3-dask is installed by scripts/bootstrap")
distributed = pytest.importorskip("distributed")

import hpr  # noqa: E402
import hpr.dask  # noqa: E402
import hpr.synthetic  # noqa: E402

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
POLICIES = os.path.join(ROOT, "policies")
CLAIMS = int(os.environ.get("HPR_DASK_CLAIMS", "60000"))
PARTITIONS = 8


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def policy():
    return hpr.Policy.load(os.path.join(POLICIES, "normalised-2021.json"))  # a chain of three


@pytest.fixture(scope="module")
def population():
    persons, claims = hpr.synthetic.population(max(CLAIMS // 3, 100), seed=25)
    # a person's claims anywhere in the input: every partition holds pieces of many persons
    claims = claims.sample(frac=1.0, random_state=25)
    return persons, claims


def assert_rows_equal(single: pd.DataFrame, distributed_result: pd.DataFrame):
    """Every row (by the claims' index) and every column, dtypes included."""
    assert len(distributed_result) == len(single)
    assert list(distributed_result.columns) == list(single.columns)
    out = distributed_result.loc[single.index]
    for c in single.columns:
        a, b = single[c], out[c]
        assert str(a.dtype) == str(b.dtype), (c, a.dtype, b.dtype)
        if isinstance(a.dtype, pd.CategoricalDtype):
            a, b = a.astype(str), b.astype(str)
        assert a.equals(b) or (a.isna().equals(b.isna()) and a[a.notna()].equals(b[b.notna()])), c


def test_settle_frame_equals_single_process(client, policy, population):
    persons, claims = population
    single = policy.settle_frame(claims, persons)
    result = hpr.dask.settle_frame(policy, dd.from_pandas(claims, npartitions=PARTITIONS, sort=False),
                                   dd.from_pandas(persons, npartitions=3, sort=False))
    assert isinstance(result, dd.DataFrame) and result.npartitions == PARTITIONS
    assert list(result.columns) == list(single.columns)
    assert_rows_equal(single, result.compute())


def test_a_person_split_across_partitions(client, policy, population):
    persons, claims = population
    counts = claims.person_id.value_counts()
    who = counts.index[counts >= 3][0]
    mine = claims[claims.person_id == who]
    rest = claims[claims.person_id != who].head(4000)
    # the person's first claim opens the input, the others close it: partitions 0 and the last
    frame = pd.concat([mine.iloc[:1], rest, mine.iloc[1:]])
    part = dd.from_pandas(frame, npartitions=PARTITIONS, sort=False)
    first = part.get_partition(0).compute()
    last = part.get_partition(PARTITIONS - 1).compute()
    assert (first.person_id == who).any() and (last.person_id == who).any()
    single = policy.settle_frame(frame, persons)
    result = hpr.dask.settle_frame(policy, part, persons).compute()
    assert_rows_equal(single, result)
    theirs = result.loc[mine.index]
    assert theirs.patient_year_fen.max() == theirs.patient_fen.sum()  # the ledger carried across


def test_bad_rows_are_kept(client, policy, population):
    persons, claims = population
    frame = claims.head(3000).copy()
    frame.loc[frame.index[0], "admission_date"] = "2022-02-30"
    frame.loc[frame.index[1], "person_id"] = "nobody"
    frame.loc[frame.index[2], "total_fen"] = np.nan
    single = policy.settle_frame(frame, persons)
    result = hpr.dask.settle_frame(policy, dd.from_pandas(frame, npartitions=4, sort=False), persons).compute()
    assert_rows_equal(single, result)
    assert (result.status != "ok").sum() >= 3 and len(result) == len(frame)
    assert result.loc[frame.index[1], "error"]


def test_compare_equals_hpr_compare(client, policy, population):
    persons, claims = population
    base = hpr.Policy.load(os.path.join(POLICIES, "city-2017.json"))
    want = hpr.compare(base, policy, claims, persons)
    got = hpr.dask.compare(base, policy, dd.from_pandas(claims, npartitions=PARTITIONS, sort=False),
                           dd.from_pandas(persons, npartitions=3, sort=False))
    pd.testing.assert_frame_equal(got.by_payer, want.by_payer, check_dtype=False)
    w = want.by_category.copy()
    w.index = w.index.astype(str)
    pd.testing.assert_frame_equal(got.by_category.sort_index(), w.sort_index(), check_dtype=False,
                                  check_index_type=False)
    assert got.claims == len(claims) and got.failed == want.failed


def test_partitioned_csv_from_the_generator(client, policy, tmp_path):
    n_persons, n_claims = hpr.synthetic.write_partitioned(tmp_path, 3000, 4, seed=11)
    claims = dd.read_csv(str(tmp_path / "claims" / "*.csv"))
    persons = dd.read_csv(str(tmp_path / "persons" / "*.csv"))
    assert claims.npartitions == persons.npartitions == 4
    whole_claims = pd.concat(pd.read_csv(f) for f in sorted((tmp_path / "claims").glob("*.csv")))
    whole_persons = pd.concat(pd.read_csv(f) for f in sorted((tmp_path / "persons").glob("*.csv")))
    assert (len(whole_persons), len(whole_claims)) == (n_persons, n_claims)
    single = policy.settle_frame(whole_claims.reset_index(drop=True), whole_persons).set_index("claim_id")
    for already, who in ((True, persons), (False, persons), (True, whole_persons)):
        got = hpr.dask.settle_frame(policy, claims, who, partitioned_by_person=already).compute()
        got = got.set_index("claim_id").loc[single.index]
        for c in ("status", "paid_fen", "patient_fen", "patient_year_fen", "category"):
            assert got[c].astype(str).equals(single[c].astype(str)), (already, c)


def test_the_policy_travels_as_file_and_fingerprint(policy, tmp_path):
    again = pickle.loads(pickle.dumps(policy))
    assert again.fingerprint == policy.fingerprint
    assert pickle.loads(pickle.dumps(policy)) is again  # loaded once per process
    reform = policy.with_values({"/layers/critical/deductible/amount": {"2022-01-01": "5000"}})
    assert pickle.loads(pickle.dumps(reform)).fingerprint == reform.fingerprint
    # the file changed where it is loaded again: refused, never settled with another policy
    path = tmp_path / "p.json"
    path.write_text(open(os.path.join(POLICIES, "guangxi-2017.json"), encoding="utf-8").read())
    p = hpr.Policy.load(path, catalogs=[os.path.join(ROOT, "catalogs")])
    data = pickle.dumps(p)
    path.write_text(path.read_text().replace('"guangxi-2017"', '"guangxi-2017-changed"'))
    with pytest.raises(hpr.PolicyError, match="fingerprint"):
        pickle.loads(data)


def means_test(income, size, paid, claim, line):
    return income * size - (paid + claim) < line * size


def test_extensions_travel(client):
    ext = hpr.Extensions().add("means_test", means_test, "bool(money, int, money, money, money)")
    p = hpr.Policy.load(os.path.join(ROOT, "examples", "extensions", "application-assistance.json"), extensions=ext)
    persons, claims = hpr.synthetic.population(3000, seed=3)
    persons["household_size"] = 1 + persons.index % 5
    single = p.settle_frame(claims, persons)
    got = hpr.dask.settle_frame(p, dd.from_pandas(claims, npartitions=4, sort=False), persons).compute()
    assert_rows_equal(single, got)
