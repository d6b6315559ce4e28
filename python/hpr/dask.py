"""Settling and comparing on Dask (docs/distributed.md): the library
settles partitions with its C batch; Dask moves them. Nothing here
schedules anything itself.

    import dask.dataframe as dd
    import hpr, hpr.dask
    claims = dd.read_csv("population/claims/*.csv")
    persons = dd.read_csv("population/persons/*.csv")
    policy = hpr.Policy.load("policies/normalised-2021.json")
    result = hpr.dask.settle_frame(policy, claims, persons)   # lazy, one row per claim
    result.groupby("category").paid_fen.sum().compute()

Each person's claims must be settled in one partition, in date order
(annual deductibles and caps carry from one claim to the next), so the
claims and the persons are shuffled on ``person_id`` into the same number
of partitions (Dask's hash partitioning sends a person's id to the same
partition in both) unless the caller says they already are partitioned
by person. The policy travels to the workers pickled as its file (or
text, or base and patch) with its fingerprint and is loaded once per
worker process (hpr.Policy.__reduce__).
"""
from __future__ import annotations

import dask.dataframe as dd
import numpy as np
import pandas as pd

from .frames import settle_frame as _settle_frame

# a column that keeps each claim's original place through the shuffle:
# ties in date are settled in the order of the input, as settle_frame does
_ORDER = "_hpr_row"


def _result_meta(policy, claims_meta: pd.DataFrame, persons_meta: pd.DataFrame, columns) -> pd.DataFrame:
    """The columns and dtypes of Policy.settle_frame, from an empty frame;
    Categoricals with unknown categories (each partition has its own)."""
    meta = _settle_frame(policy, claims_meta.iloc[:0], persons_meta.iloc[:0], 1, columns)
    for c in meta.columns:
        if isinstance(meta[c].dtype, pd.CategoricalDtype):
            meta[c] = meta[c].cat.set_categories(["__UNKNOWN_CATEGORIES__"])
    return meta


def _partition_input(claims: pd.DataFrame, persons: pd.DataFrame):
    """A partition's claims in their input order and its persons (the
    whole persons frame, when it was passed to every partition, cut to
    the partition's own)."""
    if _ORDER in claims.columns:
        claims = claims.sort_values(_ORDER, kind="stable").drop(columns=[_ORDER])
    if len(persons) > 4 * len(claims):
        persons = persons[persons[_person_column(persons)].isin(claims[_person_column(claims)])]
    return claims, persons


def _settle_partition(claims: pd.DataFrame, persons: pd.DataFrame, policy, threads: int, columns):
    """One partition: its input, then the C batch."""
    claims, persons = _partition_input(claims, persons)
    return _settle_frame(policy, claims, persons, threads, columns)


def _as_dask(frame, npartitions):
    if isinstance(frame, dd.DataFrame):
        return frame
    if isinstance(frame, pd.DataFrame):
        return dd.from_pandas(frame, npartitions=npartitions or 1)
    raise TypeError(f"expected a dask or pandas DataFrame, not {type(frame).__name__}")


def _persons_input(persons, partitioned_by_person: bool, npartitions):
    """A pandas persons frame beside claims partitioned by person goes to
    every partition whole; otherwise both become Dask frames."""
    if partitioned_by_person and isinstance(persons, pd.DataFrame):
        return persons
    return _as_dask(persons, npartitions)


def _person_column(frame) -> str:
    if "person_id" in frame.columns:
        return "person_id"
    raise ValueError("the frame needs a person_id column to be partitioned by person")


def _distinct(s: pd.Series) -> pd.Series:
    return pd.Series(pd.unique(s.astype(str)), dtype=object)


def _check_partitioned(claims: dd.DataFrame, persons) -> None:
    """The promise of partitioned_by_person, checked: each person's claims
    in one partition and each person once among the persons. One pass over
    the person ids (no shuffle): a broken promise would settle a person's
    year as several years, silently."""
    col = _person_column(claims)
    ids = claims[col].map_partitions(_distinct, meta=(col, object)).compute()
    split = ids[ids.duplicated()]
    if len(split):
        raise ValueError(f"partitioned_by_person=True, but person {split.iloc[0]!r} has claims in more than one "
                         f"partition ({split.nunique()} persons are split): give each person's claims in one "
                         "partition, or leave partitioned_by_person False to shuffle")
    pcol = _person_column(persons)
    pids = (persons[pcol] if isinstance(persons, pd.DataFrame) else persons[pcol].compute()).astype(str)
    twice = pids[pids.duplicated()]
    if len(twice):
        raise ValueError(f"partitioned_by_person=True, but person {twice.iloc[0]!r} appears more than once "
                         "among the persons")


def _by_person(claims: dd.DataFrame, persons: dd.DataFrame, partitioned_by_person: bool,
               npartitions) -> "tuple[dd.DataFrame, dd.DataFrame]":
    """Claims and persons with each person's rows in the same partition
    (persons as a pandas frame, with partitioned claims: given whole to
    every partition)."""
    if partitioned_by_person:
        _check_partitioned(claims, persons)
        if isinstance(persons, pd.DataFrame):
            return claims, persons
        if claims.npartitions != persons.npartitions:
            raise ValueError(f"partitioned_by_person: the claims have {claims.npartitions} partitions and the "
                             f"persons {persons.npartitions}; partition i of each must hold the same persons")
        return claims, persons
    n = npartitions or max(claims.npartitions, 1)
    claims = claims.map_partitions(_number_rows, meta=claims._meta.assign(**{_ORDER: pd.Series(dtype="int64")}))
    claims = claims.shuffle(on=_person_column(claims), npartitions=n)
    persons = persons.shuffle(on=_person_column(persons), npartitions=n)
    return claims, persons


def _number_rows(part: pd.DataFrame, partition_info=None):
    """Each row's place in the input: its partition's number, then its row."""
    i = partition_info["number"] if partition_info else 0
    return part.assign(**{_ORDER: (i << 40) + np.arange(len(part), dtype="int64")})


def settle_frame(policy, claims, persons, *, partitioned_by_person: bool = False, npartitions=None,
                 threads: int = 1, columns=None) -> dd.DataFrame:
    """``Policy.settle_frame`` over Dask DataFrames (pandas ones are split):
    a lazy Dask DataFrame with exactly its columns and dtypes (Categoricals
    with the categories each partition found), one row per claim, each
    row's index the claim's. Failed rows stay with their status and error.

    ``partitioned_by_person=True``: the caller promises that partition i of
    the claims holds every claim of its persons and partition i of the
    persons those persons (as ``python -m hpr.synthetic --partitions``
    writes them), or gives the persons as one pandas frame, which goes to
    every partition; no shuffle is done. The promise is checked with one
    pass over the person ids (ValueError naming a person split across
    partitions, or given twice). Otherwise both are shuffled on
    ``person_id`` into ``npartitions`` (default: the claims') partitions.
    ``threads``: C threads per partition (1: let Dask's workers be the
    parallelism)."""
    claims = _as_dask(claims, npartitions)
    persons = _persons_input(persons, partitioned_by_person, npartitions or claims.npartitions)
    meta = _result_meta(policy, claims._meta, persons if isinstance(persons, pd.DataFrame) else persons._meta,
                        columns)
    claims, persons = _by_person(claims, persons, partitioned_by_person, npartitions)
    return dd.map_partitions(_settle_partition, claims, persons, policy, threads, columns, meta=meta,
                             align_dataframes=False)


class Comparison:
    """hpr.compare's sums over Dask: ``by_payer`` and ``by_category`` (the
    base policy's category), money in fen, computed without bringing the
    claims to the client; ``claims`` compared and ``failed`` in either."""

    def __init__(self, base_id, reform_id, by_payer, by_category, claims, failed):
        self.base_id, self.reform_id = base_id, reform_id
        self.by_payer, self.by_category = by_payer, by_category
        self.claims, self.failed = claims, failed

    def _repr_html_(self):
        return (f"<b>{self.base_id}</b> &rarr; <b>{self.reform_id}</b>: {self.claims} claims"
                f" ({self.failed} failed in either)<br>" + self.by_payer._repr_html_()
                + self.by_category._repr_html_())

    def __repr__(self):
        return f"<hpr.dask.Comparison {self.base_id} -> {self.reform_id}, {self.claims} claims>"


def _compare_partition(claims, persons, base, reform, threads):
    """A partition under both policies, reduced by hpr.compare's own sums
    (every one of them adds up across partitions), in long form."""
    from .comparison import compare as _compare
    claims, persons = _partition_input(claims, persons)
    c = _compare(base, reform, claims, persons, threads)
    rows = [("count", "", "claims", int(len(c.claims))), ("count", "", "failed", int(c.failed))]
    for kind, frame in (("payer", c.by_payer), ("category", c.by_category)):
        rows.extend((kind, str(key), metric, int(v)) for (key, metric), v in frame.stack().items())
    return pd.DataFrame(rows, columns=["kind", "key", "metric", "value"])


def compare(base, reform, claims, persons, *, partitioned_by_person: bool = False, npartitions=None,
            threads: int = 1) -> Comparison:
    """``hpr.compare`` over Dask: every partition compared under both
    policies in its worker (hpr.compare itself) and reduced to its sums by
    payer and by category; only the sums come back. ``by_payer`` and
    ``by_category`` equal hpr.compare's."""
    claims = _as_dask(claims, npartitions)
    persons = _persons_input(persons, partitioned_by_person, npartitions or claims.npartitions)
    claims, persons = _by_person(claims, persons, partitioned_by_person, npartitions)
    meta = pd.DataFrame({"kind": pd.Series(dtype=object), "key": pd.Series(dtype=object),
                         "metric": pd.Series(dtype=object), "value": pd.Series(dtype="int64")})
    parts = dd.map_partitions(_compare_partition, claims, persons, base, reform, threads, meta=meta,
                              align_dataframes=False)
    sums = parts.groupby(["kind", "key", "metric"]).value.sum().compute()

    def table(kind, columns, index):
        if kind not in sums.index.get_level_values(0):
            return pd.DataFrame(columns=columns, dtype="int64").rename_axis(index)
        t = sums.loc[kind].unstack("metric").fillna(0).astype("int64")[columns]
        t.columns.name = None
        return t.rename_axis(index)

    by_payer = table("payer", ["base_fen", "reform_fen", "diff_fen"], "payer")
    by_payer = by_payer.loc[[p for p in by_payer.index if p != "patient"] + ["patient"]]  # hpr.compare's order
    by_category = table("category", ["claims", "paid_base_fen", "paid_reform_fen", "patient_base_fen",
                                     "patient_reform_fen", "paid_diff_fen", "patient_diff_fen"], "category")
    counts = sums.loc["count"].droplevel("key")
    return Comparison(base.id, reform.id, by_payer, by_category, int(counts.get("claims", 0)),
                      int(counts.get("failed", 0)))
