#!/usr/bin/python3
"""Golden output of `hpr explain` in Chinese and English on every shipped
policy (ctest cli.explain_golden): one discharge per policy, built here
from the policy (a status kind it declares, a date in force), settled with
--lang zh and --lang en and compared with tests/cli/explain/<policy>.<lang>.txt
(policy fingerprints masked). Every amount on the slip must end in the same
display column (CJK characters are two columns), whatever the language.

usage: explain_golden.py HPR SOURCE_DIR [--update]"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

hpr, root = sys.argv[1], sys.argv[2]
update = "--update" in sys.argv
sys.path.insert(0, os.path.join(sys.argv[2], "python", "tests"))
from policy_merge import load_merged  # noqa: E402
AMOUNT_END = 60 + 1 + 14  # the slip's label column (indent included), a space, the amount column


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def request(policy: dict) -> dict:
    kinds = policy.get("status_kinds", [])
    kind = next((k for k in ("registered_poor", "dibao", "tekun") if k in kinds), kinds[0] if kinds else None)
    year = 2022 if policy.get("effective", {}).get("from", "") >= "2021" else 2019
    children = policy["id"] == "taiyuan-2013"  # children's leukaemia at its fixed fee (定额)
    diagnoses = ["C91.0"] if children else ["C15.9"]
    birth = "2010-05-01" if policy["id"] == "taiyuan-2013" else "1958-04-12"
    if policy["id"] == "taiyuan-2013":
        year = 2013
    person = {"id": "P-1", "birth_date": birth,
              "statuses": [{"kind": kind, "from": "2012-01-01"}] if kind else [],
              "enrollment": [{"scheme": "resident_basic", "from": "2012-01-01"}]}
    claim = {"id": "D-1", "type": "inpatient", "admission_date": f"{year}-06-01", "discharge_date": f"{year}-06-14",
             "facility": {"level": "county", "id": "county-hospital-1",
                          "designated": ["child_all"] if children else ["esophageal_cancer"]},
             "location": "in_county", "diagnoses": diagnoses,
             "costs": {"total": "52000.00", "in_scope": "48000.00", "out_of_catalog": "4000.00"}}
    if children:
        claim.update(case_group="standard_risk", costs={"total": "85000.00", "in_scope": "85000.00"})
    return {"person": person, "claims": [claim]}


bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for path in sorted(glob.glob(os.path.join(root, "policies", "*.json"))):
        policy = load_merged(path)  # a policy that extends another: the chain as one
        req = os.path.join(tmp, policy["id"] + ".json")
        json.dump(request(policy), open(req, "w", encoding="utf-8"))
        for lang in ("zh", "en"):
            out = subprocess.run([hpr, "--lang", lang, "explain", "--policy", path, req], capture_output=True,
                                 text=True, env={**os.environ, "LANG": "C.UTF-8"})
            name = f"{policy['id']}.{lang}"
            if out.returncode != 0:
                print(f"FAIL {name}: exit {out.returncode}: {out.stderr}")
                bad += 1
                continue
            text = re.sub(r"sha256:[0-9a-f]+", "sha256:…", out.stdout)
            golden = os.path.join(root, "tests", "cli", "explain", name + ".txt")
            if update:
                open(golden, "w", encoding="utf-8").write(text)
            elif not os.path.exists(golden) or open(golden, encoding="utf-8").read() != text:
                print(f"FAIL {name}: differs from {golden} (run with --update after checking):")
                print(text)
                bad += 1
            # the amounts line up: every amount (or "-" of a layer that did not apply) ends at one column
            lines = 0
            for line in text.splitlines():
                m = re.match(r"^(.*?)\s+(-?\d+\.\d\d|-)(   \(.*\))?$", line)
                # amount lines (a wrapped one has only spaces before its amount), not steps
                if m and line.startswith("  ") and not re.match(r"^      \S", line):
                    lines += 1
                    end = width(line) - (width(m.group(3)) if m.group(3) else 0)
                    if end != AMOUNT_END:
                        print(f"FAIL {name}: amount ends at column {end}, not {AMOUNT_END}: {line}")
                        bad += 1
            if lines < 4:
                print(f"FAIL {name}: only {lines} amount lines")
                bad += 1
            print(f"ok   {name}: {lines} amount lines aligned")
print(f"{bad} failed")
sys.exit(1 if bad else 0)
