#!/usr/bin/python3
"""The printable slip (`hpr explain --format html`) rendered by headless
Chromium (ctest cli.slip_render), in Chinese and in English: printed to PDF
it is one A5 page, and its screenshot is not blank (dark ink on a white
page, in the upper part where the slip is). The PNGs stay in OUTDIR for a
person (or CI) to look at.

usage: slip_render.py HPR SOURCE_DIR OUTDIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg

hpr, root, outdir = sys.argv[1:4]
os.makedirs(outdir, exist_ok=True)
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    sys.exit("chromium is not installed: scripts/bootstrap installs it")
policy = os.path.join(root, "policies", "anhui-351-180.json")
request = os.path.join(root, "examples", "requests", "anhui-discharge.json")
bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for lang in ("zh", "en"):
        html = os.path.join(outdir, f"slip-{lang}.html")
        subprocess.run([hpr, "--lang", lang, "explain", "--policy", policy, "--format", "html", "-o", html, request],
                       check=True)
        text = open(html, encoding="utf-8").read()
        assert ("医疗费用结算单" in text) == (lang == "zh"), lang
        base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--user-data-dir={tmp}/profile-{lang}", "--no-first-run"]
        pdf = os.path.join(outdir, f"slip-{lang}.pdf")
        png = os.path.join(outdir, f"slip-{lang}.png")
        url = "file://" + os.path.abspath(html)
        subprocess.run(base + ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", url], check=True,
                       capture_output=True, timeout=120)
        # A5 at 96 dpi is 559 x 794 pixels
        subprocess.run(base + ["--window-size=559,794", f"--screenshot={png}", url], check=True,
                       capture_output=True, timeout=120)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", open(pdf, "rb").read()))
        if pages != 1:
            print(f"FAIL {lang}: the slip prints on {pages} pages, not 1")
            bad += 1
        img = mpimg.imread(png)
        grey = img[..., :3].mean(axis=2)
        ink = (grey < 0.5).mean()
        top = (grey[: grey.shape[0] // 2] < 0.5).mean()
        if not (0.005 < ink < 0.5 and top > 0.005):
            print(f"FAIL {lang}: the screenshot looks blank or black (ink {ink:.4f}, upper half {top:.4f})")
            bad += 1
        print(f"{'ok  ' if not bad else 'FAIL'} {lang}: {pages} page, ink {ink:.3f} of the page ({png})")
sys.exit(1 if bad else 0)
