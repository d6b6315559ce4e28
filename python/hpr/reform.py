"""Parametric reforms: one value of a policy swept over candidate values,
each settled over the same claims (docs/policy-format.md "Inheritance",
docs/python.md "Sweeps"). The reforms are derived in memory
(``Policy.with_values``); nothing is written to disk."""
from __future__ import annotations

import pandas as pd

from .frames import settle_frame


def _label(value, lang: str = "en") -> str:
    """A value as the x axis shows it: {"2022-01-01": "5000"} as "5000\\nfrom 2022-01-01"."""
    if isinstance(value, dict) and len(value) == 1:
        (day, v), = value.items()
        if isinstance(v, dict):
            v = v.get("value")
        return f"{v}\n" + _tr(lang, "from %s") % day
    return str(value)


def _tr(lang: str, english: str) -> str:
    from . import _core
    return _core.py_translate(lang, english)


class Sweep(pd.DataFrame):
    """One row per value: ``value`` (as given), ``claims`` settled and
    ``failed``, ``total_fen``, each payer's ``payer_<payer>_fen``,
    ``paid_fen``, ``patient_fen`` (integer fen, summed over the claims
    that settled) and ``reimbursement_ratio`` (paid / total, for display).
    ``pointer`` and ``policy`` are in ``attrs``; ``plot()`` draws it."""

    _metadata = []

    @property
    def _constructor(self):
        return Sweep

    def plot_sweep(self, ax=None, title=None, lang: str = "en"):
        """Each payer's total and the patients' (10,000 yuan) against the
        value, and the reimbursement ratio on a second axis; ``lang`` "zh"
        labels it in Chinese. Returns the Axes."""
        import matplotlib.pyplot as plt
        from . import _core
        from .plot import cjk_font
        lang = "zh" if lang.startswith("zh") else "en"
        font = cjk_font() if lang == "zh" else None
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        x = [_label(v, lang) for v in self["value"]]
        cols = [c for c in self.columns if c.startswith("payer_")] + ["patient_fen"]
        for c in cols:
            name = (_core.py_payer_label(c[len("payer_"):-len("_fen")], lang) if c.startswith("payer_")
                    else _tr(lang, "patients"))
            ax.plot(x, self[c] / 1_000_000, marker="o", label=name)  # fen -> 10,000 yuan
        ax.set_xlabel(self.attrs.get("pointer", "value"))
        ax.set_ylabel(_tr(lang, "10,000 yuan"), fontproperties=font)
        if font is not None:
            for t in ax.get_xticklabels():
                t.set_fontproperties(font)
        ax2 = ax.twinx()
        ax2.plot(x, self["reimbursement_ratio"], color="black", linestyle="--", marker="s",
                 label=_tr(lang, "reimbursement ratio"))
        ax2.set_ylabel(_tr(lang, "reimbursement ratio"), fontproperties=font)
        lines = ax.get_legend_handles_labels()
        more = ax2.get_legend_handles_labels()
        ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize="small", loc="best", prop=font)
        ax.set_title(title or f"{self.attrs.get('policy', '')}: {self.attrs.get('pointer', '')}",
                     fontproperties=font)
        return ax


def sweep(policy, pointer: str, values, claims: pd.DataFrame, persons: pd.DataFrame,
          threads: int = 0) -> Sweep:
    """Settles ``claims`` under ``policy`` with the value at ``pointer`` set
    to each of ``values`` in turn (``policy.with_values({pointer: v})``: a
    dated value such as ``{"2023-01-01": "5000"}`` applies from its date and
    keeps the earlier values) and sums what each fund and the patients pay.
    The sums equal those of ``settle_frame`` on each reform."""
    if not isinstance(pointer, str) or not pointer:
        raise ValueError("pointer: a JSON pointer such as /layers/critical/deductible/amount")
    values = list(values)
    if not values:
        raise ValueError("values: at least one value to try")
    rows, payers = [], []
    for v in values:
        reform = policy.with_values({pointer: v})
        r = settle_frame(reform, claims, persons, threads)
        ok = r[r.status == "ok"]
        row = {"value": v, "claims": int(len(ok)), "failed": int(len(r) - len(ok)),
               "total_fen": int(ok.total_fen.sum())}
        for c in r.columns:
            if c.startswith("payer_") and c.endswith("_fen"):
                row[c] = int(ok[c].sum())
                if c not in payers:
                    payers.append(c)
        row["paid_fen"] = int(ok.paid_fen.sum())
        row["patient_fen"] = int(ok.patient_fen.sum())
        row["reimbursement_ratio"] = row["paid_fen"] / row["total_fen"] if row["total_fen"] else 0.0
        rows.append(row)
    out = Sweep(rows, columns=["value", "claims", "failed", "total_fen", *payers, "paid_fen", "patient_fen",
                               "reimbursement_ratio"])
    for c in payers:
        out[c] = out[c].fillna(0).astype("int64")
    out.attrs["pointer"] = pointer
    out.attrs["policy"] = policy.id
    return out
