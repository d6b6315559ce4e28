"""The waterfall of one settlement: the bill, what each layer paid, and
what is left for the patient (matplotlib, imported only when plotting)."""
from __future__ import annotations

import warnings
from decimal import Decimal

from . import _core as _hpr

# fonts with the Chinese characters a slip needs (fonts-noto-cjk, as scripts/bootstrap installs it)
_CJK_FONT_NAMES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei",
                   "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN")


def _tr(lang: str, english: str) -> str:
    return _hpr.py_translate(lang, english)


def cjk_font():
    """A matplotlib FontProperties with Chinese characters, or None. Looks
    in matplotlib's font list, then in the system's font directories (a
    font installed after matplotlib built its cache is not in the list)."""
    import glob
    from matplotlib import font_manager
    for f in font_manager.fontManager.ttflist:
        if f.name in _CJK_FONT_NAMES:
            return font_manager.FontProperties(fname=f.fname)
    for pattern in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                    "/usr/share/fonts/**/*CJK*Regular*.tt[cf]", "/usr/share/fonts/**/*CJK*.otf",
                    "/usr/share/fonts/truetype/wqy/*.ttc"):
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return font_manager.FontProperties(fname=found[0])
    return None


def waterfall(settlement, ax=None, title=None):
    """Draws the settlement's waterfall on ``ax`` (a new figure if None)
    and returns the Axes. Bars are in yuan; the steps sum exactly to the
    total because the amounts are the settlement's own."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    lang = getattr(settlement, "lang", "en")
    font = cjk_font() if lang == "zh" else None
    if lang == "zh" and font is None:
        warnings.warn("no font with Chinese characters found (install fonts-noto-cjk): the labels may show "
                      "as boxes", stacklevel=2)
    steps = [(_tr(lang, "Total bill"), Decimal(settlement["total"]), "start")]
    if Decimal(settlement["waiver"]) > 0:
        steps.append((_tr(lang, "hospital waiver"), Decimal(settlement["waiver"]), "down"))
    for line in settlement["lines"]:
        if line["applied"] and Decimal(line["paid"]) > 0:
            steps.append((line["name"], Decimal(line["paid"]), "down"))
    steps.append((_tr(lang, "Patient pays"), Decimal(settlement["patient_pays"]), "end"))

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
    ax.set_xticklabels(labels, rotation=20, ha="right", fontsize=8, fontproperties=font)
    ax.set_ylabel(_tr(lang, "yuan"), fontproperties=font)
    ax.set_title(title or _tr(lang, "claim %s: who pays what") % settlement["claim_id"], fontproperties=font)
    ax.figure.tight_layout()
    return ax
