"""pandas columns to the batch's numpy columns: money to integer fen,
dates to day numbers, booleans, names to codes, text to the Arrow layout.
One meaning on every path (docs/robustness.md): each conversion reads a
value as the JSON entry point and the CSV reader do, or records the row's
error in an ``_Errors``; vectorised where it can be, value by value only for
the cells the fast path cannot decide."""
from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import re
from typing import Optional

import numpy as np
import pandas as pd

from . import _core

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


def _counts(col: Optional[pd.Series], name: str, errors: _Errors, top: int = 1000) -> Optional[np.ndarray]:
    """Whole numbers 0..top as int32; a missing cell is 0 (unknown), anything
    else (a fraction, text, a negative) is the row's error."""
    if col is None:
        return None
    if col.dtype == object or pd.api.types.is_string_dtype(col) or pd.api.types.is_bool_dtype(col):
        # text is read as a CSV cell is (digits only, not "3.0", "1e1" or
        # " 3 "); a bool is no count
        obj = col.astype(object)
        text = obj.map(lambda v: v.strip(" ") if isinstance(v, str) else None)  # spaces around, as CSV
        digits = text.str.fullmatch(r"[0-9]{1,4}").fillna(False).to_numpy(dtype=bool)
        is_bool = obj.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
        num = pd.to_numeric(obj.where(~text.notna() | digits, None).where(~is_bool, None), errors="coerce")
        odd = (text.notna().to_numpy() & ~digits & (text != "").to_numpy()) | is_bool
    else:
        num = pd.to_numeric(col, errors="coerce")
        odd = np.zeros(len(col), dtype=bool)
    missing = (col.isna().to_numpy() | (col.astype(object) == "").to_numpy()) & ~odd
    values = num.to_numpy(dtype=float, na_value=np.nan)
    bad = ~missing & (odd | np.isnan(values) | (values < 0) | (values > top) | (values != np.floor(values)))
    for i in np.flatnonzero(bad):
        errors.add(i, f"{name} {col.iloc[i]!r} is not a whole number from 0 (unknown) to {top}")
    out = np.where(missing | bad, 0, np.nan_to_num(values)).astype(np.int32)
    return np.ascontiguousarray(out)


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


def _as_str(col: pd.Series) -> pd.Series:
    """The column as strings, without a copy when it already is."""
    return col if pd.api.types.infer_dtype(col, skipna=False) == "string" else col.astype(str)


def _first(frame: pd.DataFrame, *names):
    for n in names:
        if n in frame:
            return frame[n]
    return None


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
