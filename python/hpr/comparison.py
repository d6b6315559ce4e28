"""Two policies over the same claims: per-claim differences and sums by
category and payer, for policy teams weighing a reform."""
from __future__ import annotations

import pandas as pd

from .frames import settle_frame

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
