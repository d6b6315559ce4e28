#!/usr/bin/python3
"""The message catalogues are complete and agree (ctest i18n.catalog):

1. every text the library, the command and the Python package write for
   people, as xgettext extracts them from lib/, cli/ and python/hpr/ (the options of scripts/extract-messages),
   has a translation in po/zh_CN.po that is neither empty nor fuzzy;
2. msgfmt --check: each translation takes the same printf arguments as its
   English template (positional %1$s allowed);
3. lib/core/catalog_zh.c is what scripts/po2c.py makes of po/zh_CN.po.

usage: check_catalog.py SOURCE_DIR"""
import os
import subprocess
import sys
import tempfile

import polib

root = sys.argv[1]
script = open(os.path.join(root, "scripts", "extract-messages")).read()
# the xgettext options of the extraction script, so the two never differ
opts = [w for w in script.split("xgettext", 1)[1].split("-o po/hpr.pot")[0].split() if w.startswith("--")]
bad = 0
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "hpr.pot")
    files = sorted(os.path.join(d, f) for sub in ("lib", "cli") for d, _, fs in os.walk(os.path.join(root, sub))
                   for f in fs if f.endswith(".c"))
    files += sorted(os.path.join(root, "python", "hpr", f) for f in os.listdir(os.path.join(root, "python", "hpr"))
                    if f.endswith(".py"))
    subprocess.run(["xgettext", *opts, "-o", pot, *files], check=True, cwd=root)
    wanted = {e.msgid for e in polib.pofile(pot)}
    po = polib.pofile(os.path.join(root, "po", "zh_CN.po"))
    have = {e.msgid: e for e in po if not e.obsolete}
    for msgid in sorted(wanted):
        e = have.get(msgid)
        if e is None or not e.msgstr or e.fuzzy:
            print(f"missing Chinese for: {msgid!r} ({'fuzzy' if e is not None and e.fuzzy else 'untranslated'})")
            bad += 1
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, os.path.join(root, "po", "zh_CN.po")],
                           capture_output=True, text=True)
    if check.returncode != 0:
        print(check.stderr)
        bad += 1
    made = subprocess.run([sys.executable, os.path.join(root, "scripts", "po2c.py"),
                           os.path.join(root, "po", "zh_CN.po"), "zh"], capture_output=True, text=True,
                          check=True, cwd=root).stdout
    made = made.replace(os.path.join(root, "po", "zh_CN.po"), "po/zh_CN.po")
    if made != open(os.path.join(root, "lib", "core", "catalog_zh.c"), encoding="utf-8").read():
        print("lib/core/catalog_zh.c is not what scripts/po2c.py makes of po/zh_CN.po: run "
              "/usr/bin/python3 scripts/po2c.py po/zh_CN.po zh > lib/core/catalog_zh.c")
        bad += 1
print(f"{len(wanted)} texts, {bad} problem(s)")
sys.exit(1 if bad else 0)
