"""hpr: China's health-poverty medical security rules, from Python.

A thin Pythonic layer over the C library libhpr (SWIG module ``hpr._core``)::

    import hpr
    policy = hpr.Policy.load("policies/anhui-351-180.json")
    result = policy.settle(person, [claim1, claim2], explain=True)
    result.settlements[0].patient_pays      # Decimal('3000.00')

Money comes back as ``decimal.Decimal`` (exact, two places); persons and
claims are dicts in the interchange format of docs/interchange.md (or
objects with a ``to_dict()``). Errors are ``hpr.HprError`` subclasses that
are also the natural Python exception (``ValueError``, ``FileNotFoundError``...).
"""
from __future__ import annotations

import collections as _collections
import dataclasses as _dataclasses
import hashlib as _hashlib
import html as _html
import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import warnings as _warnings
from typing import Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional

from . import _core as _hpr

__all__ = [
    "Policy", "Settlement", "SettleResult", "Diagnostic", "HprError", "InvalidInputError",
    "PolicyError", "PolicyFileNotFoundError", "VersionError", "NotFoundError", "HprOverflowError",
    "HprMemoryError", "HprInputWarning", "version", "compare", "Comparison", "to_fen", "Extensions",
    "Standards", "AuditResult", "sweep",
]


def version() -> str:
    """The libhpr version string."""
    return _hpr.py_version()


# ---- exceptions ---------------------------------------------------------------

class Diagnostic:
    """One located problem in a policy document."""

    __slots__ = ("severity", "file", "line", "column", "pointer", "message")

    def __init__(self, severity, file, line, column, pointer, message):
        self.severity, self.file, self.line = severity, file, line
        self.column, self.pointer, self.message = column, pointer, message

    def __str__(self):
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.pointer or '/'}: {self.message}"

    __repr__ = __str__


class HprError(Exception):
    """Base of every libhpr error: ``code`` (the C status), ``status``
    (its name, e.g. "HPR_EINVAL"), ``message`` and, for policy documents,
    ``diagnostics`` (located problems)."""

    def __init__(self, code: int, status: str, message: str, diagnostics=()):
        super().__init__(message)
        self.code, self.status, self.message = code, status, message
        self.diagnostics = list(diagnostics)

    @property
    def location(self) -> _Optional[Diagnostic]:
        """The first located error (else the first diagnostic), if any."""
        errors = [d for d in self.diagnostics if d.severity == "error"]
        return (errors or self.diagnostics or [None])[0]


class InvalidInputError(HprError, ValueError):
    """Bad input: a malformed or invalid request, person or claim."""


def _catalog_dirs(dirs) -> "_Optional[str]":
    """Catalog directories for the loader: one string, a directory a line."""
    if dirs is None:
        return None
    dirs = [dirs] if isinstance(dirs, (str, _os.PathLike)) else list(dirs)
    return "\n".join(_os.fspath(d) for d in dirs) or None


def _confinement(confine) -> "tuple[int, _Optional[str]]":
    """confine_includes=False/True/DIR as load flags and include root."""
    if confine is False or confine is None:
        return 0, None
    root = None if confine is True else _os.fspath(confine)
    return _hpr.PY_POLICY_CONFINE_INCLUDES, root


class PolicyError(HprError, ValueError):
    """A policy document that does not validate; see ``diagnostics``."""


class PolicyFileNotFoundError(HprError, FileNotFoundError):
    """A policy file that cannot be read."""


class VersionError(HprError, ValueError):
    """A document or struct of a newer version than this library."""


class NotFoundError(HprError, LookupError):
    """Something looked up is not there."""


class HprOverflowError(HprError, OverflowError):
    """An amount too large to be money."""


class HprMemoryError(HprError, MemoryError):
    """libhpr ran out of memory."""


_BY_STATUS = {
    "HPR_EINVAL": InvalidInputError, "HPR_EPARSE": InvalidInputError, "HPR_EPOLICY": PolicyError,
    "HPR_EIO": PolicyFileNotFoundError, "HPR_EVERSION": VersionError, "HPR_ENOTFOUND": NotFoundError,
    "HPR_EOVERFLOW": HprOverflowError, "HPR_ENOMEM": HprMemoryError,
}


def _raise(err: "_hpr.CError", overrides=None):
    code, status, message, diags = err.args
    cls = (overrides or {}).get(status) or _BY_STATUS.get(status, HprError)
    raise cls(code, status, message, [Diagnostic(s, f, l, c, p, m) for (s, f, _, l, c, p, m) in diags]) from None


def _call(fn, *args, overrides=None):
    try:
        return fn(*args)
    except _hpr.CError as err:
        _raise(err, overrides)


# A policy document that is not even JSON is a policy error, not bad input.
_POLICY_LOAD = {"HPR_EPARSE": PolicyError}


# ---- results --------------------------------------------------------------------

_MONEY_KEYS = {"total", "waiver", "paid_total", "patient_pays", "patient_year", "base",
               "deductible", "paid", "in_scope", "class_b_self", "out_of_catalog"}


def _wrap(value, key=None):
    if isinstance(value, dict):
        return _Record({k: _wrap(v, k) for k, v in value.items()})
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    if isinstance(value, str) and (key in _MONEY_KEYS or key == "payer_amount"):
        return _decimal.Decimal(value)
    return value


class _Record(dict):
    """A dict whose keys are also attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _tr(lang: str, english: str) -> str:
    """A text hpr writes, in a language (the library's catalogue)."""
    return _hpr.py_translate(lang, english)


class Settlement(_Record):
    """One claim's settlement: ``lines`` (per layer), ``payers`` (per fund),
    ``paid_total``, ``patient_pays``, ``classification``, ``eligibility``,
    ``warnings``. Money is ``Decimal``."""

    @property
    def lang(self) -> str:
        """The language of its texts ("en" or "zh"), as it was settled in."""
        return getattr(self, "_lang", "en")

    def _repr_html_(self):
        import html

        def t(text):
            return html.escape(_tr(self.lang, text))
        rows = "".join(
            f"<tr><td>{html.escape(l['name'])}</td><td>{html.escape(_hpr.py_payer_label(l['payer'], self.lang))}</td>"
            f"<td style='text-align:right'>{l['paid'] if l['applied'] else '-'}</td>"
            f"<td>{'' if l['applied'] else html.escape(l.get('reason') or '')}</td></tr>"
            for l in self["lines"])
        return (f"<table><caption>{_tr(self.lang, 'Claim:')} {html.escape(self['claim_id'])}: "
                f"{_tr(self.lang, 'Total bill')} {self['total']}, {_tr(self.lang, 'Patient pays')} "
                f"{self['patient_pays']}</caption><tr><th>{_tr(self.lang, 'layer')}</th>"
                f"<th>{_tr(self.lang, 'payer')}</th><th>{_tr(self.lang, 'paid')}</th>"
                f"<th>{_tr(self.lang, 'note')}</th></tr>{rows}</table>")


    def plot(self, ax=None, title=None):
        """A waterfall of the layers with matplotlib: the bill, what each
        layer paid, what the patient pays. Returns the Axes."""
        from . import plot
        return plot.waterfall(self, ax=ax, title=title)


class HprInputWarning(UserWarning):
    """A request member hpr does not know (a misspelt field), or a status
    kind the policy does not declare, was ignored (``strict=True`` makes
    either an error)."""


def _ledger_decimals(ledger: dict) -> dict:
    """The ledger's money strings as Decimal (claims and years stay ints)."""
    out = dict(ledger)
    out["layers"] = {k: {f: (_decimal.Decimal(v) if f != "claims" else v) for f, v in e.items()}
                     for k, e in ledger.get("layers", {}).items()}
    if "patient" in ledger:
        out["patient"] = {k: _decimal.Decimal(v) for k, v in ledger["patient"].items()}
    return out


class SettleResult:
    """The settlements of a person's claims, in order, and the final ledger."""

    def __init__(self, raw: dict):
        self.settlements = [Settlement({k: _wrap(v, k) for k, v in s.items()}) for s in raw["settlements"]]
        for s in self.settlements:
            s["payers"] = _Record({k: _decimal.Decimal(v) for k, v in s["payers"].items()})
        # amounts as Decimal like the settlements'; pass it back as it is
        self.ledger = _ledger_decimals(raw["ledger"])
        self.warnings = raw["warnings"]
        self.reversed = raw.get("reversed")
        self.changes = raw.get("changes", [])
        # a misspelt member or a status kind the policy does not declare is
        # easy to miss in r.warnings alone
        unknown = [w for w in self.warnings if w.get("code") in ("unknown_field", "unknown_status")]
        if unknown:
            _warnings.warn("; ".join(f"{w['pointer']}: {w['message']}" for w in unknown[:5]) +
                           (f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""),
                           HprInputWarning, stacklevel=3)

    def __repr__(self):
        paid = sum((s.paid_total for s in self.settlements), _decimal.Decimal(0))
        return (f"<hpr.SettleResult {len(self.settlements)} claims, paid {paid}, "
                f"policy year {self.ledger.get('policy_year')}, {len(self.warnings)} warnings>")

    def __iter__(self):
        return iter(self.settlements)

    def __len__(self):
        return len(self.settlements)


# ---- the policy -----------------------------------------------------------------

def _as_dict(obj):
    if obj is None or isinstance(obj, _Mapping):
        return obj
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if _dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _dataclasses.asdict(obj)
    raise TypeError(f"expected a dict in the interchange format, got {type(obj).__name__}")


def _json_default(o):
    if isinstance(o, _decimal.Decimal):
        # plain digits without trailing zeros: Decimal("100.000") and
        # Decimal("1E+2") are the amount 100, which str() would not say
        return format(o.normalize(), "f") if o.is_finite() else str(o)
    if isinstance(o, (_dt.date, _dt.datetime)):
        return o.strftime("%Y-%m-%d")
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def _dumps(obj) -> bytes:
    return _json.dumps(obj, default=_json_default, ensure_ascii=False).encode("utf-8")


class Policy:
    """A compiled, immutable policy document. Thread-safe: any number of
    threads may settle with one policy at once (the GIL is released while
    libhpr works)."""

    def __init__(self, handle, extensions=None, spec=None):
        self._h = handle
        self._extensions = extensions  # its Python callables live as long as the policy
        self._spec = spec  # how to load it again, for pickling (never the C pointer)

    def __reduce__(self):
        """A policy pickles as how it was loaded (the file's path, or the
        text, or its base and patch) and its fingerprint, never as a C
        pointer: another process (a Dask worker) loads it once and checks
        the fingerprint (docs/distributed.md)."""
        if self._spec is None:
            raise TypeError("this policy cannot be pickled: it was not made by Policy.load, "
                            "from_string or derive")
        return (_policy_from_spec, (self._spec, self.fingerprint))

    @classmethod
    def load(cls, path: "str | _os.PathLike[str]", confine_includes: "bool | str" = False,
             catalogs: "_Optional[_Iterable[str]]" = None, extensions: "_Optional[Extensions]" = None) -> "Policy":
        """Loads a policy file; raises PolicyError (with ``diagnostics``),
        PolicyFileNotFoundError or VersionError. Other threads run while
        it loads. A policy is trusted input: its ``include`` may name any
        regular file; ``confine_includes=True`` keeps includes inside the
        policy's directory tree, ``confine_includes=DIR`` inside DIR (for
        policies you did not write). ``catalogs``: directories where an
        include not found next to the policy is looked for by its file name
        (a policy copied out of the tree finds the shipped catalogs).
        ``extensions``: the ``hpr.Extensions`` whose functions the policy's
        ``extensions`` section may call (docs/extensions.md)."""
        path = _os.fspath(path)
        if not _os.path.exists(path):
            raise PolicyFileNotFoundError(-11, "HPR_EIO", f"cannot open {path}: No such file or directory")
        flags, root = _confinement(confine_includes)
        spec = ("file", _os.path.abspath(path), confine_includes, _catalog_dirs(catalogs), extensions)
        return cls(_call(_hpr.py_policy_load_file, path, None, flags, root, _catalog_dirs(catalogs),
                         extensions._capsule if extensions is not None else None, overrides=_POLICY_LOAD),
                   extensions, spec)

    @classmethod
    def from_string(cls, text: "str | bytes", name: str = "<memory>", base_dir: _Optional[str] = None,
                    confine_includes: "bool | str" = False, catalogs: "_Optional[_Iterable[str]]" = None,
                    extensions: "_Optional[Extensions]" = None) -> "Policy":
        """Loads a policy from text; relative includes resolve against
        base_dir (and stay inside it with ``confine_includes=True``)."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        flags, root = _confinement(confine_includes)
        spec = ("text", data, name, base_dir, confine_includes, _catalog_dirs(catalogs), extensions)
        return cls(_call(_hpr.py_policy_load_buffer, data, name, base_dir, flags, root, _catalog_dirs(catalogs),
                         extensions._capsule if extensions is not None else None, overrides=_POLICY_LOAD),
                   extensions, spec)

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h is not None:
            _hpr.py_policy_free(h)

    @property
    def id(self) -> str:
        return _hpr.py_policy_id(self._h)

    @property
    def title(self) -> str:
        return _hpr.py_policy_title(self._h)

    @property
    def fingerprint(self) -> str:
        return _hpr.py_policy_fingerprint(self._h)

    def describe(self) -> dict:
        """Metadata, sources and every parameter with its dated values."""
        return _json.loads(_call(_hpr.py_policy_describe, self._h))

    def derive(self, patch: "dict | str | bytes", name: str = "<patch>") -> "Policy":
        """A reform of this policy in memory: ``patch`` is what a file that
        extends this policy would hold, without ``extends``: layers and
        other sections replaced or added by id, ``remove`` and ``set``
        (docs/policy-format.md "Inheritance"). Validated as a file is;
        raises PolicyError with diagnostics located in ``name``."""
        data = patch.encode("utf-8") if isinstance(patch, str) else \
            bytes(patch) if isinstance(patch, (bytes, bytearray)) else _dumps(patch)
        spec = ("derive", self, data, name) if self._spec is not None else None
        return Policy(_call(_hpr.py_policy_derive, self._h, data, name, overrides=_POLICY_LOAD),
                      self._extensions, spec)

    def with_values(self, values: "_Mapping[str, object]") -> "Policy":
        """This policy with each value set by JSON pointer, e.g.
        ``{"/layers/critical/deductible/amount": {"2019-01-01": "2500"}}``
        (a dated value applies from its date and keeps the earlier ones;
        layers and monitoring rules may be named by id)."""
        if not isinstance(values, _Mapping) or not values:
            raise ValueError("values: a mapping of JSON pointer to value, at least one")
        return self.derive({"set": dict(values)}, name="<with_values>")

    def base(self) -> "Policy":
        """The policy this one extends (or was derived from), as it was
        merged; raises NotFoundError when it extends nothing."""
        spec = ("base", self) if self._spec is not None else None
        return Policy(_call(_hpr.py_policy_load_base, self._h), self._extensions, spec)

    def changes(self, base: "_Optional[Policy]" = None) -> dict:
        """What this policy changes against ``base`` (default: the policy
        it extends): ``parameters`` (pointer with layers named by id, type,
        change, old and new dated values with their citations) and
        ``items`` (layers, categories, status kinds, catalogs, monitoring
        rules added, removed or moved)."""
        other = base if base is not None else self.base()
        return _json.loads(_call(_hpr.py_policy_changes, self._h, other._h))

    def settle_json(self, request: "str | bytes") -> str:
        """The C JSON entry point, unchanged: request text in, response text out."""
        data = request.encode("utf-8") if isinstance(request, str) else bytes(request)
        return _call(_hpr.py_settle_json, self._h, data)

    def settle(self, person, claims: _Iterable, ledger: _Optional[dict] = None, explain: bool = False,
               strict: bool = False, lang: str = "en") -> SettleResult:
        """Settles a person's claims in order, the ledger carried. ``lang``
        ("en" or "zh") is the language of the explanation, reasons, warnings
        and layer names; amounts, ids and keys never change with it."""
        if isinstance(claims, _Mapping) or _dataclasses.is_dataclass(claims) or \
                (hasattr(claims, "to_dict") and not hasattr(claims, "columns")):
            claims = [claims]  # one claim: the usual case at a discharge desk
        req = {"person": _as_dict(person), "claims": [_as_dict(c) for c in claims],
               "explain": bool(explain), "strict": bool(strict), "lang": lang}
        if ledger is not None:
            req["ledger"] = ledger
        result = SettleResult(_json.loads(_call(_hpr.py_settle_json, self._h, _dumps(req))))
        for s in result.settlements:
            s._lang = "zh" if lang.startswith("zh") else "en"
        return result

    def reverse(self, person, claim_id: str, ledger: dict, claims: _Iterable = (), explain: bool = False,
                strict: bool = False, lang: str = "en") -> SettleResult:
        """Takes the counted claim ``claim_id`` out of ``ledger`` (结算撤销)
        and settles ``claims`` after it: every claim the ledger counted after
        it, unchanged, and the corrected bill or new claims if any (重新结算).
        The result's ``ledger`` is exactly the year without the claim;
        ``changes`` lists each counted claim whose amounts changed (before
        and after), ``reversed`` the claim's id."""
        if isinstance(claims, _Mapping) or _dataclasses.is_dataclass(claims) or \
                (hasattr(claims, "to_dict") and not hasattr(claims, "columns")):
            claims = [claims]
        req = {"person": _as_dict(person), "reverse": claim_id, "claims": [_as_dict(c) for c in claims],
               "ledger": ledger, "explain": bool(explain), "strict": bool(strict), "lang": lang}
        result = SettleResult(_json.loads(_call(_hpr.py_settle_json, self._h, _dumps(req))))
        for s in result.settlements:
            s._lang = "zh" if lang.startswith("zh") else "en"
        return result

    def classify(self, person, claim, ledger: _Optional[dict] = None, lang: str = "en") -> _Record:
        """The claim's batch (``serious_disease`` ...), matched entry and reasons."""
        res = self.settle(person, [claim], ledger=ledger, explain=True, lang=lang)
        return res.settlements[0]["classification"]

    def eligibility(self, person, on: "str | _dt.date", claim=None, lang: str = "en") -> _Record:
        """Categories with reasons, enrollment, treat-first-pay-later,
        one-stop settlement and every layer's answer on a date."""
        req = {"person": _as_dict(person), "on": on, "lang": lang}
        if claim is not None:
            req["claim"] = _as_dict(claim)
        return _wrap(_json.loads(_call(_hpr.py_eligibility_json, self._h, _dumps(req))))

    def settle_frame(self, claims, persons, threads: int = 0, columns=None):
        """Settles a DataFrame of claims through the columnar C batch (GIL
        released, parallel across persons); a DataFrame with one row per
        claim. ``columns``: the result columns wanted (None: all). See
        hpr.frames.settle_frame for the columns."""
        from . import frames
        if isinstance(threads, bool) or not isinstance(threads, int) or not 0 <= threads <= 1024:
            raise ValueError(f"threads: a number from 0 (one per CPU) to 1024, not {threads!r}")
        return frames.settle_frame(self, claims, persons, threads, columns)

    def __repr__(self):
        return f"<hpr.Policy {self.id} {self.fingerprint[:19]}>"

    def _repr_html_(self):
        d = self.describe()
        names = _hpr.py_policy_names(self._h)
        e = lambda v: _html.escape(str(v))  # every text is the document's, so data, never markup
        layers = "".join(f"<tr><td>{i + 1}</td><td>{e(lid)}</td><td>{e(payer)}</td></tr>"
                         for i, (lid, payer) in enumerate(names["layers"]))
        src = "".join(f"<li>{e(s['id'])}: {e(s['title'])} ({e(s.get('confidence') or '?')})</li>"
                      for s in d["sources"])
        return (f"<b>{e(d['id'])}</b>: {e(d['title'])}<br><small>{e(d['fingerprint'])}</small>"
                f"<table><tr><th>#</th><th>layer</th><th>payer</th></tr>{layers}</table>"
                f"<p>sources:</p><ul>{src}</ul>")

    @property
    def layers(self):
        """[(layer id, payer)] in the order the layers pay."""
        return [tuple(x) for x in _hpr.py_policy_names(self._h)["layers"]]


from .extensions import Extensions  # noqa: E402 (it uses _call)

# Policies unpickled in this process, by what they compute: a Dask worker
# loads each policy once however many partitions it settles. Bounded (the
# least recently used goes first): a worker in a long sweep of reforms does
# not keep every one.
_LOADED: "_collections.OrderedDict[tuple, Policy]" = _collections.OrderedDict()
_LOADED_MAX = 32


def _fn_identity(fn) -> str:
    """What an extension callable computes, as far as Python can tell: the
    hash of its pickled bytes (cloudpickle pickles a lambda's code and
    closure), or, for a callable that declares one, its ``hpr_version``."""
    version = getattr(fn, "hpr_version", None)
    if version is not None:
        return f"version:{version}"
    try:
        import cloudpickle
        data = cloudpickle.dumps(fn)
    except Exception:  # noqa: BLE001 - an unpicklable callable is known only by its object
        return f"object:{id(fn)}"
    return _hashlib.sha256(data).hexdigest()


def _spec_key(spec, fingerprint: str) -> tuple:
    """The cache key of a pickled policy: its fingerprint (the documents),
    the identity of every extension function (which the fingerprint does
    not cover) and, for a reform, its base's key."""
    kind = spec[0]
    if kind in ("file", "text"):
        ext = spec[-1]
        fns = tuple((n, sig, _fn_identity(fn)) for n, fn, sig in ext._defs) if ext is not None else None
        return (fingerprint, fns)
    base = spec[1]
    return (fingerprint, getattr(base, "_key", None) or ("object", id(base)))


def _policy_from_spec(spec, fingerprint: str) -> Policy:
    key = _spec_key(spec, fingerprint)
    kind = spec[0]
    cached = _LOADED.get(key)
    if cached is not None:
        _LOADED.move_to_end(key)
        return cached
    if kind == "file":
        _, path, confine, catalogs, ext = spec
        p = Policy.load(path, confine_includes=confine, catalogs=catalogs.split("\n") if catalogs else None,
                        extensions=ext)
    elif kind == "text":
        _, data, name, base_dir, confine, catalogs, ext = spec
        p = Policy.from_string(data, name=name, base_dir=base_dir, confine_includes=confine,
                               catalogs=catalogs.split("\n") if catalogs else None, extensions=ext)
    elif kind == "derive":
        _, base, data, name = spec
        p = base.derive(data, name=name)
    else:
        p = spec[1].base()
    if p.fingerprint != fingerprint:
        raise PolicyError(-9, "HPR_EPOLICY",
                          f"policy {p.id} loads here with fingerprint {p.fingerprint}, not {fingerprint}: "
                          "its files differ from those it was loaded from (docs/distributed.md)")
    p._key = key
    _LOADED[key] = p
    while len(_LOADED) > _LOADED_MAX:
        _LOADED.popitem(last=False)
    return p


def compare(base: Policy, reform: Policy, claims, persons, threads: int = 0):
    """Settles the same claims under two policies: ``.claims`` (per-claim
    differences), ``.by_category`` and ``.by_payer`` (sums, fen)."""
    from . import frames
    return frames.compare(base, reform, claims, persons, threads)


def sweep(policy: Policy, pointer: str, values, claims, persons, threads: int = 0):
    """Each fund's total, the patients' and the reimbursement ratio with
    the value at ``pointer`` set to each of ``values`` (a DataFrame, one
    row per value; ``.plot_sweep()`` draws it). See hpr.reform.sweep."""
    from . import reform
    return reform.sweep(policy, pointer, values, claims, persons, threads)


def to_fen(values, name: str = "amount"):
    """Yuan (ints, two-decimal strings, Decimals or floats) to integer fen,
    exactly: an int for one amount, an array for several."""
    from . import frames
    if isinstance(values, (str, bytes, int, float, _decimal.Decimal)):
        return int(frames.to_fen([values], name)[0])
    return frames.to_fen(values, name)


# The standards audit (standards.py); imported last, as it uses the names above.
from .standards import AuditResult, Standards  # noqa: E402
