"""pandas DataFrames in and out of the columnar batch (hpr_settle_columns).

The frames are turned into numpy columns (vectorised conversions, no
Python loop over rows), handed to C as buffers without copying, and C
fills numpy output columns with the GIL released. Money in frames is
integer fen in ``*_fen`` columns: exact, and what the C library computes
with. Columns of yuan (``total``, ``in_scope`` ...) are accepted too and
converted exactly (see ``to_fen``).
"""
from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import re
from typing import Optional

import numpy as np
import pandas as pd

from . import _core

CLAIM_TYPES = ("inpatient", "outpatient_chronic", "outpatient")
LEVELS = ("village", "township", "county", "city", "province")
LOCATIONS = ("in_county", "in_city", "in_province", "out_of_province")
BATCHES = ("none", "serious_disease", "chronic_disease", "severe_illness")
COST_COLUMNS = ("total", "in_scope", "class_b_self", "out_of_catalog", "waiver")


def _two_decimal_floats(a: np.ndarray, fen: np.ndarray) -> np.ndarray:
    """Which floats are a two-decimal amount: the float nearest to fen/100,
    i.e. what Python prints with at most two decimals (0.1, 12.34; not
    0.1 + 0.2 = 0.30000000000000004, which the JSON entry point refuses
    too). The one float rule of every entry point."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(a) & (fen / 100.0 == a)


def to_fen(values, name: str = "amount") -> np.ndarray:
    """Yuan to integer fen, exactly: integers are multiplied by 100;
    strings and Decimals are read as decimals (at most two places); a
    float is accepted when it is the float nearest to a two-decimal amount
    (``0.1``, ``12.34``) and refused otherwise (``0.1 + 0.2``), the rule
    ``Policy.settle`` and ``settle_frame`` apply too."""
    s = pd.Series(values)
    if s.isna().any():
        raise ValueError(f"{name}: {int(s.isna().sum())} missing amounts")
    if pd.api.types.is_integer_dtype(s.dtype):
        a = s.to_numpy(dtype=np.int64)
        if np.any(np.abs(a) > (2**62) // 100):
            raise OverflowError(f"{name}: an amount is too large to be money")
        return a * 100
    if pd.api.types.is_float_dtype(s.dtype):
        a = s.to_numpy(dtype=np.float64)
        r = np.rint(a * 100.0)
        bad = ~_two_decimal_floats(a, r)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{name}: {s.iloc[i]!r} (row {i}) is not an amount in yuan with at most two decimals")
        return r.astype(np.int64)
    out = np.empty(len(s), dtype=np.int64)
    for i, v in enumerate(s.tolist()):  # strings and Decimals: exact, one by one
        try:
            d = _decimal.Decimal(str(v)) * 100
        except _decimal.InvalidOperation:
            raise ValueError(f"{name}: {v!r} (row {i}) is not an amount") from None
        if d != d.to_integral_value():
            raise ValueError(f"{name}: {v!r} (row {i}) has more than two decimals")
        out[i] = int(d)
    return out


# ---- reading values: one meaning on every path --------------------------------
#
# settle_frame reads each value as the CSV reader (cli/flat.c) and the JSON
# entry point do, or refuses it for that row (docs/robustness.md, class 1):
# a bad value is the row's error ("status"/"error"), never a guess and never
# an exception for the whole frame.

_BOOL_TEXT = {"true": 1, "yes": 1, "1": 1, "false": 0, "no": 0, "0": 0, "": 0}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_FEN_TEXT = re.compile(r"-?\d+")
_YUAN_TEXT = re.compile(r"-?\d+(\.\d{1,2})?")
_MONEY_MAX = 2**62 // 100  # yuan: well past any amount the library accepts, far from wrapping


class _Errors:
    """The first problem of each bad row: row -> message."""

    def __init__(self):
        self.rows = {}

    def add(self, rows, message):
        for r in np.atleast_1d(rows):
            self.rows.setdefault(int(r), message)


def _objs(col: pd.Series) -> np.ndarray:
    """The column's values as a contiguous 1-D object array (any frame:
    views, strided slices, categoricals, nullable dtypes)."""
    return np.ascontiguousarray(col.to_numpy(dtype=object))


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, (float, np.floating)) and v != v)


def _per_value(values: np.ndarray, read):
    """read(v) -> (value, error) applied once per distinct value; returns
    the values and the errors per row (None where fine)."""
    out = np.empty(len(values), dtype=object)
    errs = np.empty(len(values), dtype=object)
    seen = {}
    for i, v in enumerate(values):
        try:
            key = (type(v), v)
            hit = seen.get(key)
        except TypeError:  # unhashable (a list): read each time
            key, hit = None, None
        if hit is None:
            hit = read(v)
            if key is not None:
                seen[key] = hit
        out[i], errs[i] = hit
    return out, errs


def _bool_of(v):
    if _missing(v):
        return 0, None
    if isinstance(v, (bool, np.bool_)):
        return int(v), None
    if isinstance(v, (int, np.integer)) and int(v) in (0, 1):
        return int(v), None
    if isinstance(v, (float, np.floating)) and v in (0.0, 1.0):
        return int(v), None
    if isinstance(v, str) and v.lower() in _BOOL_TEXT:
        return _BOOL_TEXT[v.lower()], None
    return 0, f"{v!r} is not true or false (true/false, yes/no, 1/0)"


def _bools(col: Optional[pd.Series], name: str, errors: _Errors) -> Optional[np.ndarray]:
    """true/false/yes/no/1/0 (any case), booleans, 0/1; missing is false,
    as an empty CSV cell is; anything else is the row's error."""
    if col is None:
        return None
    if pd.api.types.is_bool_dtype(col.dtype) and not col.hasnans:
        return np.ascontiguousarray(col.to_numpy(dtype=bool).astype(np.int32))
    values, errs = _per_value(_objs(col), _bool_of)
    for i in np.flatnonzero(errs != None):  # noqa: E711 (elementwise)
        errors.add(i, f"{name} {errs[i]}")
    return np.ascontiguousarray(values.astype(np.int32))


def _day_of(v):
    """A value to (days since 1970-01-01, None) or (0, why)."""
    if _missing(v):
        return 0, "is missing"
    if isinstance(v, str):
        if _ISO.fullmatch(v):
            fast = _core.py_iso_dates(np.array([v], dtype=object))
            if fast is not None:
                return int(np.frombuffer(fast, np.int32)[0]), None
            return 0, f"{v!r} is not a date"
        return 0, f"{v!r} is not a date (YYYY-MM-DD)"
    if isinstance(v, np.datetime64):
        v = pd.Timestamp(v)
    if isinstance(v, _dt.datetime):  # pd.Timestamp too; aware: its own local calendar date
        v = v.date()
    if isinstance(v, _dt.date):
        if not 1000 <= v.year <= 9999:
            return 0, f"{v!r} is out of range"
        return (v - _dt.date(1970, 1, 1)).days, None
    return 0, f"{v!r} is not a date (YYYY-MM-DD text or a datetime)"


def _dates(col: pd.Series, name: str, errors: _Errors, fill: Optional[np.ndarray] = None) -> np.ndarray:
    """Days since 1970-01-01 as int32. ISO text or datetimes; a timezone-
    aware datetime is taken at its local calendar date. Integers and other
    text are the row's error, never guessed. Missing values take ``fill``
    (the admission date for a discharge date) or are the row's error."""
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_localize(None)  # wall-clock time where it was recorded
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        missing = col.isna().to_numpy()
        days = (col.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]") - _EPOCH).astype(np.int64)
        days = np.where(missing, 0, days).astype(np.int32)
        why = np.where(missing, "is missing", None)
    elif pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        values = col.to_numpy(dtype=object)
        missing = pd.isna(values)
        days = np.zeros(len(col), np.int32)
        why = np.array([None if m else f"{v!r} is not a date (a number is not read as one)"
                        for v, m in zip(values, missing)], dtype=object)
    else:
        values = _objs(col)
        fast = _core.py_iso_dates(values)  # ISO text, the common case: one C pass
        if fast is not None:
            return np.frombuffer(fast, dtype=np.int32)
        days, why = _per_value(values, _day_of)
        days = days.astype(np.int32)
        missing = np.fromiter((_missing(v) for v in values), bool, len(values))
    if fill is not None:
        days = np.where(missing, fill, days).astype(np.int32)
        why = np.where(missing, None, why)
    for i in np.flatnonzero(why != None):  # noqa: E711
        errors.add(i, f"{name} {why[i]}")
    return np.ascontiguousarray(days)


def _within(fen: int, limit: int, v):
    """(fen, None), or (None, why) when it is past the limit."""
    return (fen, None) if abs(fen) <= limit else (None, f"{v!r} is too large")


def _fen_of(v):
    """One *_fen cell: an integer amount of fen, or why it is not."""
    if _missing(v):
        return None, "is missing"
    if isinstance(v, (bool, np.bool_)):
        return None, f"{v!r} is not an amount in fen (a bool)"
    if isinstance(v, (float, np.floating, _decimal.Decimal)):
        finite = np.isfinite(v) if isinstance(v, (float, np.floating)) else v.is_finite()
        if not finite or v != int(v):
            return None, f"{v!r} is not a whole number of fen"
        return _within(int(v), 2**62, v)
    if isinstance(v, (int, np.integer)) or (isinstance(v, str) and _FEN_TEXT.fullmatch(v)):
        return _within(int(v), 2**62, v)
    return None, f"{v!r} is not an amount in fen"


def _yuan_of(v):
    """One yuan cell: exact fen, or why it is not an amount."""
    if _missing(v):
        return None, "is missing"
    if isinstance(v, (bool, np.bool_)):
        return None, f"{v!r} is not an amount (a bool)"
    if isinstance(v, (int, np.integer)):
        return _within(int(v) * 100, _MONEY_MAX * 100, v)
    if isinstance(v, (float, np.floating)):
        if not np.isfinite(v) or abs(v) > _MONEY_MAX:
            return None, f"{v!r} is not an amount"
        r = round(v * 100)
        if r / 100.0 != v:
            return None, f"{v!r} is not an amount in yuan with at most two decimals"
        return int(r), None
    if isinstance(v, _decimal.Decimal) or (isinstance(v, str) and _YUAN_TEXT.fullmatch(v)):
        d = _decimal.Decimal(v) * 100
        if not d.is_finite() or d != d.to_integral_value():
            return None, f"{v!r} has more than two decimals"
        return _within(int(d), _MONEY_MAX * 100, v)
    return None, f"{v!r} is not an amount"


def _numeric_amounts(col: pd.Series, fen: bool):
    """Integer and float columns (nullable ones too) read with the rules of
    _fen_of/_yuan_of, vectorised; None for any other dtype."""
    kind = col.dtype.kind
    if kind not in "iuf" or pd.api.types.is_bool_dtype(col.dtype):
        return None
    missing = col.isna().to_numpy()
    why = np.full(len(col), None, dtype=object)
    why[missing] = "is missing"
    if kind == "f":
        a = col.to_numpy(dtype=np.float64, na_value=0.0)
        whole = np.rint(a if fen else a * 100.0)
        frac = (whole != a) if fen else ~_two_decimal_floats(a, whole)
        big = ~np.isfinite(a) | (np.abs(whole) > 2.0**62)
        why[~missing & frac] = "is not a whole number of fen" if fen else \
            "is not an amount in yuan with at most two decimals"
        why[~missing & big] = "is too large"
        values = np.where(why == None, whole, 0).astype(np.int64)  # noqa: E711
    elif kind == "u":
        a = col.to_numpy(dtype=np.uint64, na_value=0)
        big = a > (2**62 if fen else _MONEY_MAX)
        why[~missing & big] = "is too large"
        values = np.where(big, 0, a).astype(np.int64) * (1 if fen else 100)
    else:
        a = col.to_numpy(dtype=np.int64, na_value=0)
        big = np.abs(a) > (2**62 if fen else _MONEY_MAX)
        why[~missing & big] = "is too large"
        values = np.where(big, 0, a) * (1 if fen else 100)
    for i in np.flatnonzero(why != None):  # noqa: E711  name the value, as the other readers do
        if why[i] != "is missing":
            why[i] = f"{col.iloc[i]!r} {why[i]}"
    return values.astype(object), why


def _amounts(col: pd.Series, fen: bool, name: str, errors: _Errors, missing_value: Optional[int]):
    """A money column to int64 fen. ``missing_value`` is what a missing
    cell means (0 for an optional cost, -1 for an unknown income, None: the
    row's error, as an empty required CSV cell is)."""
    label = f"{name}_fen" if fen else name
    if fen and col.dtype.kind == "i" and not col.hasnans:  # the usual int64 column: as it is
        return np.ascontiguousarray(col.to_numpy(dtype=np.int64))
    numeric = _numeric_amounts(col, fen)
    if numeric is not None:
        values, why = numeric
    else:
        values, why = _per_value(_objs(col), _fen_of if fen else _yuan_of)
    missing = np.fromiter((w == "is missing" for w in why), bool, len(why))
    if missing_value is not None:
        values[missing] = missing_value
        why[missing] = None
    out = np.zeros(len(values), dtype=np.int64)
    good = why == None  # noqa: E711
    out[good] = values[good].astype(np.int64)
    for i in np.flatnonzero(~good):
        errors.add(i, f"{label} {why[i]}")
    return np.ascontiguousarray(out)


def _money(frame: pd.DataFrame, name: str, required: bool, errors: _Errors) -> Optional[np.ndarray]:
    if f"{name}_fen" in frame and name in frame:  # which is meant would be a guess (the CSV reader refuses it too)
        raise ValueError(f"claims: give {name} or {name}_fen, not both")
    if f"{name}_fen" in frame:
        return _amounts(frame[f"{name}_fen"], True, name, errors, None if required or name == "total" else 0)
    if name in frame:
        return _amounts(frame[name], False, name, errors, None if required or name == "total" else 0)
    if required:
        raise ValueError(f"claims need a {name}_fen (fen) or {name} (yuan) column")
    return None


_EPOCH = np.datetime64("1970-01-01", "D")


def _codes(col: pd.Series, names, name: str):
    """String enum to int32 codes; unknown values become -1 (C then
    refuses the row) and are remembered for the error message."""
    if pd.api.types.is_integer_dtype(col.dtype) and not col.hasnans:
        return np.ascontiguousarray(col.to_numpy(dtype=np.int32)), None
    values = _objs(col)
    codes = np.frombuffer(_core.py_enum_codes(values, tuple(names)), dtype=np.int32)
    unknown = codes < 0
    return codes, (values[unknown] if unknown.any() else None)


def _text(col: Optional[pd.Series], order: Optional[np.ndarray] = None):
    """A text column, its rows taken in ``order`` if given: the Arrow
    layout (data, offsets, 0) when every cell is a str or missing (one C
    pass), else a numpy fixed-width byte array (data, None, width)."""
    if col is None:
        return None
    values = _objs(col)
    if order is not None:
        values = values[order]
    fast = _core.py_text_offsets(values)
    if fast is not None:
        return (fast[0], np.frombuffer(fast[1], dtype=np.int64), 0)
    if len(values) and any(isinstance(v, (list, tuple)) for v in values[:1000]):
        values = np.array([";".join(v) if isinstance(v, (list, tuple)) else v for v in values], dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) != "string":  # NaN or numbers among them
        values = np.where(pd.isna(values), "", values).astype(str).astype(object)
    try:
        data = values.astype("S")  # ASCII text: one C loop
    except UnicodeEncodeError:
        data = np.char.encode(values.astype(str), "utf-8")
    if data.dtype.itemsize == 0 or not len(data):
        data = data.astype("S1")
    return (np.ascontiguousarray(data), None, data.dtype.itemsize)


def _person_rows(cpid: pd.Series, pid: pd.Series) -> Optional[np.ndarray]:
    """Each claim's row in the persons (-1: none) when every id is a str: a
    hash join in C on Python's cached str hashes, each match confirmed str
    against str. None (the caller's pandas path decides) on a non-str id or
    a duplicate person id."""
    if not (pd.api.types.is_object_dtype(cpid.dtype) and pd.api.types.is_object_dtype(pid.dtype)):
        return None
    rows = _core.py_person_rows(_objs(cpid), _objs(pid))
    return None if rows is None else np.frombuffer(rows, dtype=np.int64)


def _as_str(col: pd.Series) -> pd.Series:
    """The column as strings, without a copy when it already is."""
    return col if pd.api.types.infer_dtype(col, skipna=False) == "string" else col.astype(str)


def _first(frame: pd.DataFrame, *names):
    for n in names:
        if n in frame:
            return frame[n]
    return None


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
    ``income_per_capita`` (yuan).

    ``claims``: ``claim_id`` (or ``id``), ``person_id``, ``type``,
    ``admission_date``, optional ``discharge_date``, ``level``,
    ``location``, optional ``referral``, ``facility_id``, ``designated``
    and ``diagnoses`` (``;``-separated or lists), and the costs
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
    }
    for name in COST_COLUMNS:
        c[name] = take(costs[name])
    p = {
        "id": _text(pid), "birth_date": birth,
        "statuses": _text(_first(persons, "statuses")), "enrollments": _text(_first(persons, "enrollments")),
        "family_doctor": family_doctor, "income_per_capita": income,
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


def _income(persons: pd.DataFrame, errors: _Errors) -> Optional[np.ndarray]:
    """Household income per capita in fen; -1 where unknown (a missing or
    empty cell, as in the CSV reader)."""
    name = "income_per_capita_fen" if "income_per_capita_fen" in persons else "income_per_capita"
    if name not in persons:
        return None
    col = persons[name]
    if pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype):
        col = col.where(col.astype(object) != "", None)  # "" is unknown, like an empty cell
    return _amounts(col, name.endswith("_fen"), "income_per_capita", errors, -1)


def _require(frame: pd.DataFrame, what: str, *names):
    """Every named column, or a ValueError naming the first missing."""
    for name in names:
        if name not in frame:
            raise ValueError(f"{what} need a {name} column (docs/interchange.md, \"Flat form\"); "
                             f"the frame has {', '.join(map(str, frame.columns))}")


class Comparison:
    """Per-claim differences between two policies (``claims``) and sums by
    category and payer (``by_category``, ``by_payer``); money in fen."""

    def __init__(self, base_id, reform_id, claims: pd.DataFrame):
        self.base_id, self.reform_id, self.claims = base_id, reform_id, claims
        ok = claims[(claims.status_base == "ok") & (claims.status_reform == "ok")]
        self.by_category = ok.groupby("category", observed=True).agg(
            claims=("claim_id", "size"), paid_base_fen=("paid_base_fen", "sum"),
            paid_reform_fen=("paid_reform_fen", "sum"), patient_base_fen=("patient_base_fen", "sum"),
            patient_reform_fen=("patient_reform_fen", "sum"))
        self.by_category["paid_diff_fen"] = self.by_category.paid_reform_fen - self.by_category.paid_base_fen
        self.by_category["patient_diff_fen"] = (self.by_category.patient_reform_fen
                                                - self.by_category.patient_base_fen)
        payers = sorted({c[len("payer_"):-len("_fen_base")] for c in claims if c.startswith("payer_")
                         and c.endswith("_fen_base")} |
                        {c[len("payer_"):-len("_fen_reform")] for c in claims if c.startswith("payer_")
                         and c.endswith("_fen_reform")})
        rows = []
        for payer in payers:
            b = ok.get(f"payer_{payer}_fen_base", pd.Series(0, index=ok.index)).sum()
            f = ok.get(f"payer_{payer}_fen_reform", pd.Series(0, index=ok.index)).sum()
            rows.append({"payer": payer, "base_fen": int(b), "reform_fen": int(f), "diff_fen": int(f - b)})
        rows.append({"payer": "patient", "base_fen": int(ok.patient_base_fen.sum()),
                     "reform_fen": int(ok.patient_reform_fen.sum()),
                     "diff_fen": int(ok.patient_reform_fen.sum() - ok.patient_base_fen.sum())})
        self.by_payer = pd.DataFrame(rows).set_index("payer")
        self.failed = int(len(claims) - len(ok))

    def _repr_html_(self):
        return (f"<b>{self.base_id}</b> &rarr; <b>{self.reform_id}</b>: {len(self.claims)} claims"
                f" ({self.failed} failed in either)<br>" + self.by_payer._repr_html_()
                + self.by_category._repr_html_())

    def __repr__(self):
        return f"<hpr.Comparison {self.base_id} -> {self.reform_id}, {len(self.claims)} claims>"


def compare(base, reform, claims: pd.DataFrame, persons: pd.DataFrame, threads: int = 0) -> Comparison:
    """Settles the same claims under two policies; per-claim differences
    and a summary by category (the base policy's) and by payer."""
    a = settle_frame(base, claims, persons, threads)
    b = settle_frame(reform, claims, persons, threads)
    keep = ["status", "paid_fen", "patient_fen", "ratio"]
    out = pd.DataFrame({"claim_id": a.claim_id, "person_id": a.person_id, "category": a.category,
                        "batch_base": a.batch, "batch_reform": b.batch}, index=claims.index)
    for k in keep:
        out[f"{k}_base" if k == "status" or k == "ratio" else k.replace("_fen", "_base_fen")] = a[k]
        out[f"{k}_reform" if k == "status" or k == "ratio" else k.replace("_fen", "_reform_fen")] = b[k]
    out["paid_diff_fen"] = out.paid_reform_fen - out.paid_base_fen
    out["patient_diff_fen"] = out.patient_reform_fen - out.patient_base_fen
    for col in a:
        if col.startswith("payer_"):
            out[f"{col}_base"] = a[col]
    for col in b:
        if col.startswith("payer_"):
            out[f"{col}_reform"] = b[col]
    return Comparison(base.id, reform.id, out)
