"""The waterfall of one settlement: the bill, what each layer paid, and
what is left for the patient (matplotlib, imported only when plotting)."""
from __future__ import annotations

from decimal import Decimal


def waterfall(settlement, ax=None, title=None):
    """Draws the settlement's waterfall on ``ax`` (a new figure if None)
    and returns the Axes. Bars are in yuan; the steps sum exactly to the
    total because the amounts are the settlement's own."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    steps = [("total", Decimal(settlement["total"]), "start")]
    if Decimal(settlement["waiver"]) > 0:
        steps.append(("hospital waiver", Decimal(settlement["waiver"]), "down"))
    for line in settlement["lines"]:
        if line["applied"] and Decimal(line["paid"]) > 0:
            steps.append((line["name"], Decimal(line["paid"]), "down"))
    steps.append(("patient pays", Decimal(settlement["patient_pays"]), "end"))

    level = Decimal(0)
    labels, bottoms, heights, colours = [], [], [], []
    for name, amount, kind in steps:
        if kind == "start":
            bottoms.append(0.0)
            heights.append(float(amount))
            level = amount
            colours.append("#4c72b0")
        elif kind == "down":
            level -= amount
            bottoms.append(float(level))
            heights.append(float(amount))
            colours.append("#55a868")
        else:
            bottoms.append(0.0)
            heights.append(float(amount))
            colours.append("#c44e52")
        labels.append(name)
    xs = range(len(steps))
    bars = ax.bar(xs, heights, bottom=bottoms, color=colours, edgecolor="black", linewidth=0.5)
    for bar, (_, amount, _) in zip(bars, steps):
        ax.annotate(f"{amount:,.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()),
                    ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(xs))
    ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("yuan")
    ax.set_title(title or f"claim {settlement['claim_id']}: who pays what")
    ax.figure.tight_layout()
    return ax
