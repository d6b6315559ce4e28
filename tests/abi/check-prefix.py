#!/usr/bin/python3
"""Every identifier a public header declares starts with hpr_ or HPR_ (curl test1167)."""
import pathlib
import re
import sys

DECL = [
    re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)", re.M),
    re.compile(r"\btypedef\b[^;{]*?\b([A-Za-z_]\w*)\s*;", re.S),
    re.compile(r"\}\s*([A-Za-z_]\w*)\s*;"),
    re.compile(r"\b(?:struct|enum)\s+([A-Za-z_]\w*)"),
    re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:=\s*[^,}]+)?,?\s*(?:/\*\*<.*)?$", re.M),  # enumerators
    re.compile(r"HPR_API\s+[^;(]*?\b([A-Za-z_]\w*)\s*\("),
]
ALLOWED = {"HPR_BEGIN_DECL", "HPR_END_DECL"}  # prefixed anyway; listed for clarity


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def main(argv):
    files = sorted(pathlib.Path(argv[1]).glob("*.h")) + [pathlib.Path(p) for p in argv[2:]]
    bad = []
    for f in files:
        text = strip_comments(f.read_text(encoding="utf-8"))
        # enumerators only inside enum bodies
        enums = " ".join(re.findall(r"\benum\b[^{;]*\{([^}]*)\}", text, re.S))
        names = set()
        for rx in DECL[:4] + DECL[5:]:
            names.update(rx.findall(text))
        names.update(re.findall(r"^\s*([A-Za-z_]\w*)", enums.replace(",", "\n"), re.M))
        for n in sorted(names):
            if n.startswith(("hpr_", "HPR_", "__")) or n in ALLOWED or n == "defined":
                continue
            if n in {"const", "unsigned", "int", "char", "void", "size_t", "int64_t", "int32_t",
                     "uint32_t", "__cplusplus", "_WIN32", "__GNUC__", "_MSC_VER", "extern"}:
                continue
            bad.append(f"{f.name}: {n}")
    if bad:
        print("identifiers without the hpr_/HPR_ prefix:\n  " + "\n  ".join(bad))
        return 1
    print(f"abi.prefix: {len(files)} headers, every identifier prefixed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
