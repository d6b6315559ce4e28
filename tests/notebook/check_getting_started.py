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
# the sweep figure: its own, one line per fund and the patients whose points
# are the sweep's sums in yuan, and the ratio on the twin axis
assert fig_sweep is not fig_blank and len(fig_sweep.axes) == 2
funds = [c for c in sweep.columns if c.startswith("payer_")] + ["patient_fen"]
lines = ax_sweep.get_lines()
assert len(lines) == len(funds), (len(lines), funds)
for line, col in zip(lines, funds):
    assert [float(y) for y in line.get_ydata()] == [v / 1_000_000 for v in sweep[col]], col  # fen -> 万元
assert list(fig_sweep.axes[1].get_lines()[0].get_ydata()) == list(sweep.reimbursement_ratio)
print("sweep checked:", len(sweep), "values,", len(lines), "lines")
