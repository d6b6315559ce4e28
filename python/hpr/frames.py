"""pandas DataFrames in and out of the columnar batch (hpr_settle_columns).

The frames are turned into numpy columns (vectorised conversions, no
Python loop over rows), handed to C as buffers without copying, and C
fills numpy output columns with the GIL released. Money in frames is
integer fen in ``*_fen`` columns: exact, and what the C library computes
with. Columns of yuan (``total``, ``in_scope`` ...) are accepted too and
converted exactly (see ``to_fen``).

This module is settle_frame and its result columns; the conversions are
in convert.py, the person join in joins.py, the vocabularies in names.py
and the two-policy comparison in comparison.py (re-exported here).
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from . import _core
from .convert import (COST_COLUMNS, _Errors, _as_str, _bools, _codes, _counts, _dates, _first, _income,
                      _money, _require, _text, to_fen)
from .joins import _person_rows
from .names import BATCHES, CLAIM_TYPES, LEVELS, LOCATIONS

def _mask_names(masks: Optional[np.ndarray], names, n: int, first: bool = False):
    """Bit masks to a Categorical of ';'-joined names (and, with ``first``,
    also one of the first name of each, 'none' when empty): the labels are
    made once per distinct mask and each row holds only a small code.
    ``masks`` None: the policy names none, every row is empty."""
    if masks is None:
        joined = pd.Categorical.from_codes(np.zeros(n, np.int8), categories=[""])
        return (joined, pd.Categorical.from_codes(np.zeros(n, np.int8), categories=["none"])) if first else joined
    if len(masks) and int(masks.max()) < 1 << 16:  # the usual few bits: a lookup table, no hashing
        present = np.flatnonzero(np.bincount(masks.view(np.int64)))
        index, uniq = masks.view(np.int64), present
    else:
        index, uniq = pd.factorize(masks)
        present = np.arange(len(uniq))

    def categorical(labels):  # distinct masks may share a label (the first name)
        cats, inverse = np.unique(np.array(labels, dtype=object), return_inverse=True)
        lut = np.zeros(int(present[-1]) + 1 if len(present) else 1,
                       dtype=np.int16 if len(cats) < 1 << 15 else np.int32)
        lut[present] = inverse  # mask (or its factorize code) -> the label's code
        return pd.Categorical.from_codes(lut[index], categories=list(cats))

    joined = categorical([";".join(n for i, n in enumerate(names) if int(m) >> i & 1) for m in uniq])
    if not first:
        return joined
    return joined, categorical([next((n for i, n in enumerate(names) if int(m) >> i & 1), "none")
                                for m in uniq])


def _objects(values: np.ndarray, index: pd.Index) -> pd.Series:
    """An object column for the result frame, on its index, without pandas
    looking for dates in it (a full pass over a million objects)."""
    return pd.Series(values, index=index, dtype=object, copy=False)


ALWAYS = ("claim_id", "person_id", "status", "error")


def _layer_columns(names) -> list:
    return [f"layer_{layer}_fen" for layer, _payer in names["layers"]]


def _payer_columns(names) -> list:
    return [f"payer_{payer}_fen" for payer in names["payers"]]


def result_columns(names) -> list:
    """The result columns settle_frame can return besides ``ALWAYS``, in
    their default order, for a policy's ``py_policy_names``."""
    return (["batch", "categories", "category", "total_fen", "paid_fen", "patient_fen", "patient_year_fen",
             "ratio"] + _layer_columns(names) + _payer_columns(names) + ["warnings"])


def _chosen(columns, names) -> list:
    """``columns`` checked against what the policy can return; the fixed
    four are always there and may be named or not."""
    every = result_columns(names)
    if columns is None:
        return every
    if isinstance(columns, (str, bytes)):
        raise TypeError("columns: a list of column names, not one name")
    chosen, unknown = [], []
    for c in columns:
        if c in ALWAYS or c in chosen:
            continue
        (chosen if c in every else unknown).append(c)
    if unknown:
        raise ValueError(f"columns: no result column {', '.join(map(repr, unknown))}; "
                         f"this policy's are {', '.join(ALWAYS + tuple(every))}")
    return chosen


def settle_frame(policy, claims: pd.DataFrame, persons: pd.DataFrame, threads: int = 0,
                 columns=None) -> pd.DataFrame:
    """Settles every claim of a DataFrame; one result row per claim, in the
    claims' order and with their index.

    ``persons``: ``person_id`` (or ``id``), ``birth_date``; optional
    ``statuses`` and ``enrollments`` (``kind=FROM..TO;...``, see
    docs/interchange.md), ``family_doctor``, ``income_per_capita_fen`` or
    ``income_per_capita`` (yuan), ``household_size`` (0 or missing: unknown).

    ``claims``: ``claim_id`` (or ``id``), ``person_id``, ``type``,
    ``admission_date``, optional ``discharge_date``, ``level``,
    ``location``, optional ``referral``, ``facility_id``, ``designated``
    and ``diagnoses`` (``;``-separated or lists), ``case_group`` (for a
    policy's fixed fees; empty for none), and the costs
    ``in_scope``, optional ``class_b_self``, ``out_of_catalog``,
    ``waiver``, ``total``, as ``*_fen`` integers or yuan.

    Values are read as the CSV reader and the JSON entry point read them
    (docs/interchange.md, "Flat form"): booleans ``true/false/yes/no/1/0``
    in any case, or bool/0/1 (missing is false); dates ``YYYY-MM-DD`` or
    datetimes, a timezone-aware one at its local calendar date; ``*_fen``
    whole amounts (ints, or floats with no fraction). Anything else, an
    integer date, ``05/06/2018``, ``2022-02-30``, ``"maybe"``, 12.5 fen,
    NaN in a required amount, is that row's error (a person's bad value
    fails each of the person's claims); it never fails the frame. Any
    frame works: views, strided slices, categorical and nullable dtypes.

    A person's claims are settled in date order (discharge, then
    admission; ties keep row order), the ledger carried from one to the
    next and starting empty. Rows that fail are not dropped: ``status``
    (a Categorical) names the error and ``error`` says why; their amounts
    are 0. ``batch``, ``categories``, ``category`` and ``warnings`` are
    Categoricals too. Columns of str are converted in one C pass each
    (bindings/frames.i); other dtypes go through pandas.

    ``columns``: the result columns wanted besides ``claim_id``,
    ``person_id``, ``status`` and ``error`` (always there), in that order,
    e.g. ``["paid_fen", "patient_fen"]``; None (the default) returns them
    all (``result_columns``). Fewer columns are less memory (about 120
    bytes a claim for all of them with a four-layer policy) and less time:
    the batch does not write what is not asked for."""
    pol = policy._h
    names = _core.py_policy_names(pol)
    want = _chosen(columns, names)
    n, npers = len(claims), len(persons)

    pid = _first(persons, "person_id", "id")
    if pid is None:
        raise ValueError("persons need a person_id column")
    cpid = _first(claims, "person_id")
    if cpid is None:
        raise ValueError("claims need a person_id column")
    person_idx = _person_rows(cpid, pid)
    if person_idx is None:
        pindex = pd.Index(_as_str(pid))
        if not pindex.is_unique:
            dup = pindex[pindex.duplicated()][0]
            raise ValueError(f"persons: person_id {dup!r} appears more than once")
        # hash the claims' person ids once, then look up each distinct id
        pcodes, puniq = pd.factorize(_as_str(cpid))
        person_idx = np.append(pindex.get_indexer(puniq), -1).astype(np.int64)[pcodes]
        # a missing id is no person, not one named "None" or "nan"
        person_idx[cpid.isna().to_numpy()] = -1

    cid = _first(claims, "claim_id", "id")
    if cid is None:
        raise ValueError("claims need a claim_id column")
    _require(claims, "claims", "admission_date", "type", "level", "location")
    _require(persons, "persons", "birth_date")
    bad = _Errors()  # claim rows refused before settling: row -> why
    adm = _dates(claims["admission_date"], "admission_date", bad)
    dis = _dates(claims["discharge_date"], "discharge_date", bad, fill=adm) \
        if "discharge_date" in claims else adm
    ctype, bad_type = _codes(claims["type"], CLAIM_TYPES, "type")
    level, bad_level = _codes(claims["level"], LEVELS, "level")
    location, bad_loc = _codes(claims["location"], LOCATIONS, "location")
    referral = _bools(_first(claims, "referral"), "referral", bad)
    costs = {name: _money(claims, name, name == "in_scope", bad) for name in COST_COLUMNS}
    pbad = _Errors()  # person rows refused: every claim of the person fails with it
    birth = _dates(persons["birth_date"], "birth_date", pbad)
    family_doctor = _bools(_first(persons, "family_doctor", "family_doctor_contract"), "family_doctor", pbad)
    income = _income(persons, pbad)
    household = _counts(_first(persons, "household_size"), "household_size", pbad)
    # a refused row is settled as no person's (the batch fails it without
    # touching anyone's ledger); its message is set below
    why_claim = {}
    for row, msg in bad.rows.items():
        why_claim[row] = f"claim {cid.iloc[row]}: {msg}"
    if pbad.rows:
        for row in np.flatnonzero(np.isin(person_idx, list(pbad.rows))):
            why_claim.setdefault(int(row), f"claim {cid.iloc[row]}: person {pid.iloc[person_idx[row]]}: "
                                           f"{pbad.rows[int(person_idx[row])]}")
    if why_claim:
        person_idx = person_idx.copy()
        person_idx[list(why_claim)] = -1

    # settle each person's claims in date order, results back in row order;
    # data already sorted by person and date (the usual case) is used as it
    # is, without copies
    in_order = _core.py_claims_in_order(person_idx, dis, adm)
    order = None if in_order else np.lexsort((np.arange(n), adm, dis, person_idx))

    def take(a):
        return None if a is None else np.ascontiguousarray(a if in_order else a[order])

    c = {
        "person": take(person_idx), "id": _text(cid, order), "type": take(ctype),
        "admission_date": take(adm), "discharge_date": take(dis), "level": take(level),
        "location": take(location), "referral": take(referral),
        "facility_id": _text(_first(claims, "facility_id"), order),
        "designated": _text(_first(claims, "designated"), order),
        "diagnoses": _text(_first(claims, "diagnoses"), order),
        "case_group": _text(_first(claims, "case_group"), order),
    }
    for name in COST_COLUMNS:
        c[name] = take(costs[name])
    p = {
        "id": _text(pid), "birth_date": birth,
        "statuses": _text(_first(persons, "statuses")), "enrollments": _text(_first(persons, "enrollments")),
        "family_doctor": family_doctor, "income_per_capita": income,
        "household_size": household,
    }
    nl, npay = len(names["layers"]), len(names["payers"])
    monitors = [m for m, _ in names["monitors"]]
    wanted = set(want)
    layer_cols, payer_cols = _layer_columns(names), _payer_columns(names)

    def empty(asked, shape, dtype):
        return np.empty(shape, dtype) if asked else None

    # np.empty, not np.zeros: the batch writes every entry when it succeeds
    # (hpr_result_columns), and numpy backs large empty arrays with huge
    # pages where the kernel allows (calloc'd zeros it does not): first
    # touch of ~120 bytes a claim is then several times cheaper. A column
    # not asked for is not written at all.
    r = {
        "status": np.empty(n, np.int32), "batch": empty("batch" in wanted, n, np.int32),
        "categories": empty(names["categories"] and wanted & {"categories", "category"}, n, np.uint64),
        "crossed": empty(monitors and "warnings" in wanted, n, np.uint64),
        "total": empty(wanted & {"total_fen", "ratio"}, n, np.int64),
        "paid": empty(wanted & {"paid_fen", "ratio"}, n, np.int64),
        "patient": empty("patient_fen" in wanted, n, np.int64),
        "patient_year": empty("patient_year_fen" in wanted, n, np.int64),
        "layer_paid": empty(wanted.intersection(layer_cols), (n, nl), np.int64),
        "payer_paid": empty(wanted.intersection(payer_cols), (n, npay), np.int64),
    }
    errors = _core.py_settle_columns(pol, p, c, r, npers, n, int(threads))

    # back to row order
    if not in_order:
        inv = np.empty(n, dtype=np.int64)
        inv[order] = np.arange(n)
    status_names = {"ok": 0}
    status = np.zeros(n, dtype=np.int16)  # codes of a Categorical: no str object per row
    message = np.empty(n, dtype=object)  # None
    for row, name, msg in errors:
        row = row if in_order else order[row]
        status[row] = status_names.setdefault(name, len(status_names))
        message[row] = msg
    # clearer messages for what Python turned into codes
    claim_ids = cid.astype(str).to_numpy() if bad_type is not None or bad_level is not None \
        or bad_loc is not None or (person_idx < 0).any() else None
    for bad, codes, label, name in ((bad_type, ctype, "type", "type"),
                                    (bad_level, level, "facility level", "level"),
                                    (bad_loc, location, "location", "location")):
        if bad is not None:
            for i in np.flatnonzero(codes < 0):
                message[i] = f"claim {claim_ids[i]}: unknown {label} {claims[name].iloc[i]!r}"
    for i in np.flatnonzero(person_idx < 0):
        message[i] = f"claim {claim_ids[i]}: person {cpid.iloc[i]!r} is not in persons"
    if why_claim:  # values refused before settling: the same status as the CSV reader gives
        code = status_names.setdefault("HPR_EINVAL", len(status_names))
        for i, msg in why_claim.items():
            status[i] = code
            message[i] = msg

    def back(a):  # results to the caller's row order
        return a if in_order or a is None else a[inv]

    data = {
        "claim_id": _objects(cid.to_numpy(), claims.index), "person_id": _objects(cpid.to_numpy(), claims.index),
        "status": pd.Categorical.from_codes(status, categories=list(status_names)),
        "error": _objects(message, claims.index),
    }
    made = {}  # each asked-for column, made once, back in the caller's row order
    if wanted & {"categories", "category"}:
        made["categories"], made["category"] = _mask_names(back(r["categories"]), names["categories"], n,
                                                           first=True)
    if "batch" in wanted:
        made["batch"] = pd.Categorical.from_codes(back(r["batch"]), categories=list(BATCHES))
    for name in ("total_fen", "paid_fen", "patient_fen", "patient_year_fen"):
        if r[name[:-4]] is not None:
            made[name] = back(r[name[:-4]])
    if "ratio" in wanted:
        made["ratio"] = np.full(n, np.nan)
        np.divide(made["paid_fen"], made["total_fen"], out=made["ratio"], where=made["total_fen"] > 0)
    for j, name in enumerate(layer_cols):
        if name in wanted:
            made[name] = back(r["layer_paid"][:, j])
    for j, name in enumerate(payer_cols):
        if name in wanted:
            made[name] = back(r["payer_paid"][:, j])
    if "warnings" in wanted:
        made["warnings"] = _mask_names(back(r["crossed"]), monitors, n)
    for name in want:
        data[name] = made[name]
    out = pd.DataFrame(data, index=claims.index, copy=False)
    out.attrs["policy"] = policy.id
    out.attrs["fingerprint"] = policy.fingerprint
    return out


from .comparison import Comparison, compare  # noqa: E402 (it uses settle_frame)

__all__ = ["settle_frame", "result_columns", "compare", "Comparison", "to_fen", "ALWAYS",
           "CLAIM_TYPES", "LEVELS", "LOCATIONS", "BATCHES", "COST_COLUMNS"]
