"""A synthetic population of rural residents and their medical claims.

Deterministic for a seed, vectorised (a million claims in about a second),
and shaped like the interchange format's flat form so it feeds
``Policy.settle_frame``, the ``hpr`` command's CSV input and the notebook.
Nothing in it is real: the shares of statuses, diseases and costs are
rough, chosen to exercise every batch, layer and monitoring rule of the
shipped policies, not to estimate anything.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .names import CLAIM_TYPES, LEVELS, LOCATIONS

# (code, weight, cost multiplier): serious-disease, chronic and ordinary codes
_DIAGNOSES = [
    ("C15.9", 2, 6.0), ("C16.9", 2, 6.0), ("C34.9", 2, 7.0), ("C50.9", 2, 5.0), ("C22.0", 1, 7.0),
    ("N18.5", 2, 5.0), ("I21.9", 1, 4.0), ("I63.9", 3, 3.0), ("J44.9", 4, 1.5), ("F20.0", 1, 2.0),
    ("C91.0", 1, 8.0), ("Q21.0", 1, 4.0), ("H25.9", 2, 0.8), ("I10", 10, 0.6), ("E11.9", 8, 0.7),
    ("A15.0", 1, 1.2), ("J18.9", 10, 1.0), ("K35.8", 4, 1.0), ("S72.0", 3, 2.0), ("O80", 3, 0.6),
    ("R50.9", 8, 0.3), ("M54.5", 6, 0.4),
]

_STATUS_SETS = [
    # (weight, statuses template), years relative to 2016-2021
    (30, ""),
    (20, "registered_poor=2016-01-01..2020-06-30;exited_poverty=2020-07-01.."),
    (8, "registered_poor=2016-01-01..2019-12-31;exited_poverty=2020-01-01..;monitored=2021-06-01.."),
    (10, "dibao=2018-01-01.."),
    (4, "tekun=2016-01-01.."),
    (6, "low_income_margin=2021-01-01.."),
    (5, "registered_poor=2016-01-01..2020-12-31;exited_poverty=2021-01-01..;dibao=2021-01-01.."),
    (4, "illness_poverty=2021-03-01.."),
    (3, "registered_poor=2016-01-01.."),
]

_LEVELS = np.array(LEVELS)
_LOCATIONS = np.array(LOCATIONS)
_TYPES = np.array(CLAIM_TYPES)


def population(persons: int = 1000, seed: int = 2022, year: int = 2022):
    """(persons, claims) DataFrames: about 3 claims per person, all in the
    given calendar year, each person's claims in date order."""
    rng = np.random.default_rng(seed)
    n = int(persons)
    pid = np.char.add("P", np.arange(n).astype(str))
    birth = np.datetime64("1935-01-01") + rng.integers(0, 365 * 85, n).astype("timedelta64[D]")
    w = np.array([s[0] for s in _STATUS_SETS], dtype=float)
    statuses = np.array([s[1] for s in _STATUS_SETS], dtype=object)[rng.choice(len(w), n, p=w / w.sum())]
    enrolled = rng.random(n) < 0.97
    income = np.round(rng.lognormal(np.log(9000), 0.5, n)).astype(np.int64)
    income_known = rng.random(n) < 0.9
    persons_df = pd.DataFrame({
        "person_id": pid,
        "birth_date": birth,
        "statuses": statuses,
        "enrollments": np.where(enrolled, "resident_basic=2015-01-01..", ""),
        "family_doctor": rng.random(n) < 0.6,
        "income_per_capita": pd.Series(income, dtype="Int64").where(income_known),
    })

    # claims: a Poisson count per person, more for the old
    age = (np.datetime64(f"{year}-07-01") - birth).astype(int) / 365.25
    counts = rng.poisson(1.5 + age / 30.0)
    m = int(counts.sum())
    owner = np.repeat(np.arange(n), counts)
    dw = np.array([d[1] for d in _DIAGNOSES], dtype=float)
    dx = rng.choice(len(_DIAGNOSES), m, p=dw / dw.sum())
    code = np.array([d[0] for d in _DIAGNOSES])[dx]
    mult = np.array([d[2] for d in _DIAGNOSES])[dx]
    chronic = np.isin(code, ["I10", "E11.9", "J44.9", "F20.0", "A15.0"])
    u = rng.random(m)
    ctype = np.where(chronic & (u < 0.6), 1, np.where(u < 0.55, 0, 2))
    ctype = np.where(mult >= 3.0, 0, ctype)  # serious diseases are admissions
    start = np.datetime64(f"{year}-01-01")
    adm = start + rng.integers(0, 350, m).astype("timedelta64[D]")
    stay = np.where(ctype == 0, rng.integers(2, 20, m), 0).astype("timedelta64[D]")
    dis = np.minimum(adm + stay, np.datetime64(f"{year}-12-31"))
    level = np.where(ctype == 0, rng.choice(5, m, p=[0.0, 0.25, 0.45, 0.2, 0.1]),
                     rng.choice(5, m, p=[0.35, 0.4, 0.2, 0.05, 0.0]))
    location = np.where(level <= 2, 0, np.where(level == 3, 1, rng.choice([2, 3], m, p=[0.85, 0.15])))
    base = np.where(ctype == 0, 6000.0, np.where(ctype == 1, 350.0, 120.0))
    total = np.round(base * mult * rng.lognormal(0.0, 0.6, m) * (1 + 0.3 * level), 2)
    total_fen = np.maximum(np.round(total * 100).astype(np.int64), 100)
    ooc = (total_fen * rng.uniform(0.0, 0.15, m)).astype(np.int64)
    bself = (total_fen * rng.uniform(0.0, 0.08, m)).astype(np.int64)
    in_scope = total_fen - ooc - bself
    claims_df = pd.DataFrame({
        "claim_id": np.char.add("C", np.arange(m).astype(str)),
        "person_id": pid[owner],
        "type": _TYPES[ctype],
        "admission_date": adm,
        "discharge_date": dis,
        "level": _LEVELS[level],
        "location": _LOCATIONS[location],
        "referral": rng.random(m) < np.where(level >= 3, 0.7, 0.1),
        "diagnoses": code,
        "total_fen": total_fen,
        "in_scope_fen": in_scope,
        "class_b_self_fen": bself,
        "out_of_catalog_fen": ooc,
    })
    claims_df = claims_df.sort_values(["person_id", "discharge_date", "admission_date"], kind="stable")
    claims_df = claims_df.reset_index(drop=True)
    claims_df["claim_id"] = np.char.add("C", np.arange(m).astype(str))
    return persons_df, claims_df


def write_partitioned(directory, persons: int, partitions: int, seed: int = 2022, year: int = 2022):
    """Writes a population partitioned by person, for Dask
    (docs/distributed.md): ``DIR/persons/part-00000.csv`` ... and
    ``DIR/claims/part-00000.csv`` ..., partition i of the claims holding
    every claim of the persons in partition i of the persons. Each
    partition is generated on its own (seed + i), so memory stays that of
    one partition however large the population; ids are unique across
    partitions (``P3-17``, ``C3-52``). Returns (persons, claims) written."""
    import os
    if partitions < 1 or persons < partitions:
        raise ValueError("need at least one partition and one person per partition")
    for sub in ("persons", "claims"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    total = [0, 0]
    for i in range(partitions):
        n = persons // partitions + (1 if i < persons % partitions else 0)
        p, c = population(n, seed=seed + i, year=year)
        p["person_id"] = f"P{i}-" + p["person_id"].str[1:]
        c["person_id"] = f"P{i}-" + c["person_id"].str[1:]
        c["claim_id"] = f"C{i}-" + c["claim_id"].str[1:]
        p.to_csv(os.path.join(directory, "persons", f"part-{i:05d}.csv"), index=False)
        c.to_csv(os.path.join(directory, "claims", f"part-{i:05d}.csv"), index=False)
        total[0] += len(p)
        total[1] += len(c)
    return total[0], total[1]


def main(argv=None) -> int:
    """python -m hpr.synthetic --persons N [--partitions K] [--seed S] [--year Y] DIR"""
    import argparse
    ap = argparse.ArgumentParser(prog="python -m hpr.synthetic",
                                 description="Write a synthetic population partitioned by person (CSV).")
    ap.add_argument("--persons", type=int, required=True, help="number of persons")
    ap.add_argument("--partitions", type=int, default=1, help="CSV files of each kind (default 1)")
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--year", type=int, default=2022, help="calendar year of the claims")
    ap.add_argument("directory", help="written: DIR/persons/part-*.csv and DIR/claims/part-*.csv")
    a = ap.parse_args(argv)
    try:
        np_, nc = write_partitioned(a.directory, a.persons, a.partitions, a.seed, a.year)
    except (ValueError, OSError) as e:
        ap.exit(2, f"python -m hpr.synthetic: {e}\n")
    print(f"{np_} persons and {nc} claims in {a.partitions} partitions under {a.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
