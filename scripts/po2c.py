#!/usr/bin/python3
"""Writes lib/core/catalog_<lang>.c from po/<locale>.po: the library's
message catalogue for one language, a table sorted by msgid as strcmp
orders it (lib/core/lang.c looks messages up in it). Fuzzy and untranslated
entries are left out, so the English shows instead and the catalogue test
(tests/i18n/check_catalog.py) fails.

    /usr/bin/python3 scripts/po2c.py po/zh_CN.po zh > lib/core/catalog_zh.c
"""
import sys

import polib


def c_string(s: str) -> str:
    """A C string literal; UTF-8 text stays readable (the sources are UTF-8)."""
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif ord(c) < 0x20 or ord(c) == 0x7f:
            out.append(f"\\{ord(c):03o}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def main(po_path: str, lang: str) -> None:
    po = polib.pofile(po_path)
    entries = sorted(((e.msgid, e.msgstr) for e in po if e.msgstr and not e.fuzzy and not e.obsolete),
                     key=lambda kv: kv[0].encode("utf-8"))
    print("/* SPDX-License-Identifier: MIT */")
    print(f"/* Generated from {po_path} by scripts/po2c.py: do not edit; edit the PO file")
    print(" * and run the script again (tests/i18n/check_catalog.py checks they agree). */")
    print('#include "core/lang.h"')
    print()
    print(f"const hpr__tr_entry hpr__catalog_{lang}[] = {{")
    for msgid, msgstr in entries:
        print(f"    {{{c_string(msgid)},\n     {c_string(msgstr)}}},")
    print("};")
    print(f"const size_t hpr__catalog_{lang}_n = sizeof hpr__catalog_{lang} / sizeof *hpr__catalog_{lang};")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
