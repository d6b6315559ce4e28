# Appended to getting-started.ipynb as a last cell by run_notebook.py (the
# ctest notebook.getting_started): the figures the notebook saved hold what
# they say and nothing else. A figure drawn onto the previous cell's (the
# waterfall's bars under the ratio bars) fails here.
from matplotlib.patches import Rectangle

assert fig_ratio is not fig_waterfall, "the ratio plot reuses the waterfall's figure"
assert len(fig_ratio.axes) == 1 and len(fig_waterfall.axes) == 1
want = (cat.paid_fen / cat.total_fen).sort_values()
bars = [p for p in ax_ratio.patches if isinstance(p, Rectangle)]
assert len(bars) == len(want), f"{len(bars)} bars in the ratio figure for {len(want)} categories"
assert [round(b.get_width(), 9) for b in bars] == [round(float(v), 9) for v in want], "bars are not the ratios"
assert [t.get_text() for t in ax_ratio.get_yticklabels()] == [str(c) for c in want.index]
assert ax_ratio.get_title() == "actual reimbursement ratio" and ax_ratio.get_xlabel() == "paid / total bill"
# the waterfall: a bar for the bill, each layer that paid, and the patient
paying = [l for l in one.lines if l.get("applied")]
assert len(ax_waterfall.patches) >= len(paying) + 2, len(ax_waterfall.patches)
print("figures checked:", len(bars), "ratio bars,", len(ax_waterfall.patches), "waterfall bars")
# the blank-spot figure: its own, and its bars are the audit's blank spots
assert fig_blank is not fig_ratio and len(fig_blank.axes) == 1
blank_height = sum(b.get_height() for b in ax_blank.patches)
reg = audit.registry
assert blank_height == reg["institution_blank_spots"] + reg["personnel_blank_spots"], blank_height
print("blank spots checked:", int(blank_height))
