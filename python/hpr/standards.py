"""The basic-care standards audit (三个一 / 三合格 / 三达标) for Python:
``Standards.load(path)`` and ``standards.audit_frame(counties, townships,
villages, staff)`` (pandas DataFrames, the columns of docs/standards-audit.md)
or ``standards.audit(registry_dir)``, each returning an ``AuditResult``
whose ``findings``, ``totals``, ``errors`` and ``blank_spots`` are
DataFrames and whose amounts are whole fen (int64)."""
from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import warnings as _warnings

from . import _core as _hpr
from . import HprInputWarning, PolicyError, PolicyFileNotFoundError, _call

__all__ = ["Standards", "AuditResult", "REGISTRY_COLUMNS"]

# The columns each registry table may have, as lib/io/registry_csv.c reads them.
REGISTRY_COLUMNS = {
    "counties": ["county_id", "name", "population", "poor", "hospital", "hospital_level", "departments"],
    "townships": ["township_id", "county_id", "name", "population", "poor", "health_centre", "departments"],
    "villages": ["village_id", "township_id", "name", "population", "poor", "relocated",
                 "hosts_township_centre", "clinic", "shares_clinic_of", "neighbours", "clinic_area_m2",
                 "clinic_rooms", "essential_medicines"],
    "staff": ["staff_id", "level", "place_id", "qualification", "gp", "department", "name"],
}
_TABLES = ["counties", "townships", "villages", "staff"]
_MONEY = {"amount", "annual", "subsidy_monthly", "subsidy_annual", "grants"}
_LOAD = {"HPR_EPARSE": PolicyError}


def _fen(text: str) -> int:
    return int(_decimal.Decimal(text) * 100)


def _cell(value):
    """One registry cell as the CSV reader takes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(v) for v in value)
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        if value.is_integer():
            return str(int(value))
    try:
        import pandas as pd
        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return str(value)


def _table_csv(frame, table: str) -> bytes:
    """A DataFrame (or None) as the CSV text of one registry table. Columns
    that are not registry columns are left out, with a warning."""
    if frame is None:
        return b""
    import csv
    import io
    known = REGISTRY_COLUMNS[table]
    cols = [c for c in frame.columns if c in known]
    unknown = [str(c) for c in frame.columns if c not in known]
    if unknown:
        _warnings.warn(HprInputWarning(f"{table}: {', '.join(unknown)} not registry column(s): left out "
                                       f"(the columns are {', '.join(known)})"), stacklevel=3)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for row in frame[cols].itertuples(index=False, name=None):
        w.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _day(as_of) -> str:
    if as_of is None:
        return _dt.date.today().isoformat()
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    return str(as_of)


class AuditResult:
    """An audit: ``findings`` (one row per place and applicable standard),
    ``totals`` (the registry, each county, each township), ``errors`` (the
    registry's refused rows, with file and line) and ``blank_spots`` (the
    failures that are blank spots). Amount columns end in ``_fen``."""

    def __init__(self, raw: dict):
        import pandas as pd
        self.raw = raw
        self.standards_id = raw["standards"]["id"]
        self.as_of = raw["as_of"]
        self.rows = dict(raw["registry"]["rows"])

        def frame(records, columns):
            df = pd.DataFrame.from_records(records, columns=columns)
            for m in _MONEY & set(columns):
                df[m + "_fen"] = [_fen(v) for v in df[m]] if len(df) else pd.Series([], dtype="int64")
                df[m + "_fen"] = df[m + "_fen"].astype("int64")
                df = df.drop(columns=m)
            return df

        fcols = ["level", "place_id", "place_name", "county_id", "township_id", "poor", "standard", "rule",
                 "group", "status", "blank_spot", "reason", "citation", "amount", "annual", "shortfall"]
        self.findings = frame(raw["findings"], fcols)
        tcols = ["level", "id", "name", "county_id", "villages", "poor_villages", "passed", "failed", "failed_poor",
                 "exempt", "institution_blank_spots", "institution_blank_spots_poor", "personnel_blank_spots",
                 "personnel_blank_spots_poor", "gp_shortfall", "subsidy_monthly", "subsidy_annual", "grants"]
        self.totals = frame(raw["totals"], tcols)
        self.errors = pd.DataFrame.from_records(raw["errors"], columns=["table", "file", "line", "id", "message"])
        self.blank_spots = self.findings[self.findings["blank_spot"].notna()].reset_index(drop=True)

    @property
    def registry(self):
        """The whole registry's roll-up, as a dict."""
        return self.totals.iloc[0].to_dict()

    def __repr__(self):
        r = self.registry
        return (f"<AuditResult {self.standards_id} as of {self.as_of}: {len(self.findings)} findings, "
                f"{r['institution_blank_spots']} institution and {r['personnel_blank_spots']} personnel blank "
                f"spots, {len(self.errors)} refused rows>")

    def plot_blank_spots(self, ax=None, title=None):
        """A bar chart of blank spots by county: institution and personnel,
        the poor places' share darker. Returns the matplotlib Axes."""
        import matplotlib.pyplot as plt
        counties = self.totals[self.totals["level"] == "county"]
        if ax is None:
            _, ax = plt.subplots(figsize=(max(4, 1.2 * len(counties) + 2), 3.5))
        x = range(len(counties))
        w = 0.38
        for k, (col, colour) in enumerate((("institution_blank_spots", "#c0504d"),
                                           ("personnel_blank_spots", "#4f81bd"))):
            xs = [i + (k - 0.5) * w for i in x]
            total = counties[col].to_numpy()
            poor = counties[col + "_poor"].to_numpy()
            ax.bar(xs, total - poor, w, color=colour, alpha=0.45,
                   label=f"{col.split('_')[0]} (not poor)")
            ax.bar(xs, poor, w, bottom=total - poor, color=colour, label=f"{col.split('_')[0]} (poor)")
        ax.set_xticks(list(x))
        ax.set_xticklabels(counties["id"].tolist())
        ax.set_ylabel("blank spots")
        ax.set_title(title or f"Blank spots by county ({self.standards_id}, {self.as_of})")
        ax.legend(fontsize="small")
        return ax


class Standards:
    """A compiled, immutable standards document (docs/standards-audit.md).
    Thread-safe; the GIL is released while libhpr audits."""

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def load(cls, path) -> "Standards":
        """Loads a standards document; raises PolicyError (with
        ``diagnostics``), PolicyFileNotFoundError or VersionError."""
        path = _os.fspath(path)
        if not _os.path.exists(path):
            raise PolicyFileNotFoundError(-11, "HPR_EIO", f"cannot open {path}: No such file or directory")
        return cls(_call(_hpr.py_standards_load_file, path, overrides=_LOAD))

    @classmethod
    def from_string(cls, text, name: str = "<memory>") -> "Standards":
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        return cls(_call(_hpr.py_standards_load_buffer, data, name, overrides=_LOAD))

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h is not None:
            _hpr.py_standards_free(h)

    @property
    def id(self) -> str:
        return _hpr.py_standards_id(self._h)

    @property
    def title(self) -> str:
        return _hpr.py_standards_title(self._h)

    @property
    def fingerprint(self) -> str:
        return _hpr.py_standards_fingerprint(self._h)

    def __repr__(self):
        return f"<Standards {self.id} {self.fingerprint[:19]}>"

    def audit(self, registry_dir, as_of=None, lang: str = "en") -> AuditResult:
        """Audits the registry in a directory (counties.csv, townships.csv,
        villages.csv, staff.csv) on ``as_of`` (a date or YYYY-MM-DD; default
        today); the reasons in ``lang`` ("en" or "zh")."""
        text = _call(_hpr.py_audit_json, self._h, _os.fspath(registry_dir), None, _day(as_of), lang)
        return AuditResult(_json.loads(text))

    def audit_frame(self, counties, townships, villages, staff=None, as_of=None, lang: str = "en") -> AuditResult:
        """Audits a registry given as DataFrames (the columns of
        docs/standards-audit.md; booleans, lists and nullable integers are
        taken as the CSV reader takes yes/no, ';'-lists and numbers). Bad
        rows are in ``result.errors`` with the row's line (2 is the frame's
        first row), never dropped."""
        frames = (counties, townships, villages, staff)
        tables = [(_table_csv(f, t), f"<{t}>") for f, t in zip(frames, _TABLES)]
        text = _call(_hpr.py_audit_json, self._h, None, tables, _day(as_of), lang)
        return AuditResult(_json.loads(text))
