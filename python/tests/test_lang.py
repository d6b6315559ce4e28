"""Chinese and English from Python: settle, classify and eligibility in
either language (amounts identical), the HTML of a settlement and the
waterfall plot in Chinese with a CJK font."""
import os

import pytest

import hpr

ROOT = os.environ.get("HPR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
PERSON = {"id": "p", "birth_date": "1958-04-12", "statuses": [{"kind": "registered_poor", "from": "2016-01-01"}],
          "enrollment": [{"scheme": "resident_basic", "from": "2016-01-01"}]}
CLAIM = {"id": "c", "type": "inpatient", "admission_date": "2018-03-01", "discharge_date": "2018-03-12",
         "facility": {"level": "county", "designated": ["esophageal_cancer"]}, "location": "in_county",
         "diagnoses": ["C15.9"], "costs": {"total": "52000", "in_scope": "50000", "out_of_catalog": "2000"}}


@pytest.fixture(scope="module")
def policy():
    return hpr.Policy.load(os.path.join(ROOT, "policies", "anhui-351-180.json"))


def test_settle_in_both_languages(policy):
    zh = policy.settle(PERSON, CLAIM, explain=True, lang="zh").settlements[0]
    en = policy.settle(PERSON, CLAIM, explain=True).settlements[0]
    assert zh.lang == "zh" and en.lang == "en"
    assert zh.patient_pays == en.patient_pays and zh.payers == en.payers
    assert zh.lines[0]["name"] == "城乡居民基本医疗保险（住院）"
    assert en.lines[0]["name"] == "Residents' basic medical insurance, inpatient"
    assert zh.lines[0]["layer"] == en.lines[0]["layer"] == "basic"
    assert any("支付" in step for step in zh.lines[0]["steps"])
    assert "大病集中救治一批" in zh.classification["reasons"][0]
    assert "医疗费用" not in en._repr_html_()
    html = zh._repr_html_()
    assert "个人自付" in html and "基本医保统筹基金" in html and "<table>" in html


def test_classify_and_eligibility_in_chinese(policy):
    c = policy.classify(PERSON, CLAIM, lang="zh")
    assert c["batch"] == "serious_disease" and "主诊断" in c["reasons"][0]
    e = policy.eligibility(PERSON, "2018-03-01", lang="zh")
    assert "起具有 registered_poor 身份" in e["categories"][0]["reason"]


def test_a_language_hpr_does_not_have(policy):
    with pytest.raises(hpr.HprError):
        policy.settle(PERSON, CLAIM, lang="fr")


def test_waterfall_in_chinese(policy):
    import matplotlib
    matplotlib.use("Agg")
    from hpr import plot
    if plot.cjk_font() is None:
        pytest.fail("no CJK font: scripts/bootstrap installs fonts-noto-cjk")
    zh = policy.settle(PERSON, CLAIM, lang="zh").settlements[0]
    ax = zh.plot()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "医疗总费用" and labels[-1] == "个人自付"
    assert ax.get_title() == "就诊 c：各方支付情况"
    assert "CJK" in ax.get_xticklabels()[0].get_fontproperties().get_name() or \
        ax.get_xticklabels()[0].get_fontproperties().get_file()
    # every glyph of the labels is in the font: nothing drawn as a missing box
    from matplotlib.ft2font import FT2Font
    font = FT2Font(plot.cjk_font().get_file())
    chars = {ord(c) for text in labels + [ax.get_title()] for c in text}
    assert all(font.get_char_index(c) for c in chars if c > 127)
