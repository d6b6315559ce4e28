#!/usr/bin/python3
"""Writes the synthetic registry of a prefecture that `hpr audit` runs on
with no input of the user's: counties.csv, townships.csv, villages.csv and
staff.csv (the columns are in docs/standards-audit.md).

Nothing here is real: the places, names and counts are drawn at random
(seed 2019) in proportions like the ones the 2019 press conference and the
city plans report: most villages have a clinic and a village doctor; a few
per cent are blank spots; small villages share a neighbour's clinic;
relocated villages and the villages hosting a township health centre have
none of their own; one county is not a poor county.

    /usr/bin/python3 examples/registry/generate.py [OUTDIR]

Run it again and the files are the same, byte for byte.
"""
import csv
import os
import random
import sys

SEED = 2019
SYLLABLES = "安 和 平 康 宁 丰 泰 兴 华 清 源 河 山 川 林 石 桥 岭 溪 坪 阳 云 水 北 南 东 西 新 长 永".split()
DEPARTMENTS = ["内科", "外科", "妇产科", "儿科", "急诊科", "中医科"]


def name(rng, suffix, used):
    while True:
        n = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + suffix
        if n not in used:
            used.add(n)
            return n


def main(out):
    rng = random.Random(SEED)
    used = set()
    counties, townships, villages, staff = [], [], [], []
    sid = 0

    def add_staff(level, place, qualification, gp=False, department=""):
        nonlocal sid
        sid += 1
        staff.append({"staff_id": f"S{sid:05d}", "level": level, "place_id": place,
                      "qualification": qualification, "gp": "yes" if gp else "no",
                      "department": department})

    # county: (resident population, poor, hospital, level)
    plan = [
        (420000, True, "general", "level2a"),
        (260000, True, "general", "level2"),
        (180000, True, "tcm", "level1"),     # above 100,000 but below level 2: a shortfall
        (95000, True, "general", "level1"),  # under the threshold: exempt
        (310000, False, "general", "level2"),  # not a poor county
    ]
    for ci, (pop, poor, hosp, level) in enumerate(plan, 1):
        cid = f"C{ci:02d}"
        depts = DEPARTMENTS[: 5 + (ci % 2)]
        counties.append({"county_id": cid, "name": name(rng, "县", used), "population": pop,
                         "poor": "yes" if poor else "no", "hospital": hosp, "hospital_level": level,
                         "departments": ";".join(depts)})
        for d in depts:
            # one department in two counties has only assistant physicians: a personnel gap
            gap = (ci in (2, 4)) and d == "儿科"
            for _ in range(rng.randint(2, 4)):
                add_staff("county", cid, "assistant_physician" if gap else "physician", department=d)
        ntown = rng.randint(7, 11)
        for ti in range(1, ntown + 1):
            tid = f"{cid}-T{ti:02d}"
            centre = not (ci == 3 and ti == 5)  # one township without its health centre
            nvill = rng.randint(8, 14)
            tpop = 0
            vrows = []
            host = rng.randint(1, nvill)
            for vi in range(1, nvill + 1):
                vid = f"{tid}-V{vi:03d}"
                vpop = int(rng.lognormvariate(6.9, 0.45))
                vrows.append({"village_id": vid, "township_id": tid, "name": name(rng, "村", used),
                              "population": vpop, "poor": "yes" if rng.random() < 0.45 else "no",
                              "relocated": "no", "hosts_township_centre": "yes" if vi == host and centre else "no",
                              "clinic": "yes", "shares_clinic_of": "", "neighbours": "",
                              "clinic_area_m2": "", "clinic_rooms": "", "essential_medicines": ""})
                tpop += vpop
            for k, v in enumerate(vrows):
                nb = [vrows[j]["village_id"] for j in (k - 1, k + 1) if 0 <= j < len(vrows)]
                v["neighbours"] = ";".join(nb)
            for k, v in enumerate(vrows):
                r = rng.random()
                if v["hosts_township_centre"] == "yes" and r < 0.6:
                    v["clinic"] = "no"  # served by the centre
                elif r < 0.03:
                    v["clinic"] = "no"
                    v["relocated"] = "yes"
                elif r < 0.13 and k > 0 and vrows[k - 1]["clinic"] == "yes" and not vrows[k - 1]["shares_clinic_of"]:
                    v["clinic"] = "no"
                    v["shares_clinic_of"] = vrows[k - 1]["village_id"]
                    if rng.random() < 0.8:
                        v["population"] = rng.randint(250, 790)  # small enough to share
                elif r < 0.17:
                    v["clinic"] = "no"  # a blank spot
            for v in vrows:
                if v["clinic"] == "yes":
                    area = rng.choice([45, 52, 60, 60, 64, 64, 72, 72, 80, 80, 96, 96, 120, 150])
                    v["clinic_area_m2"] = f"{area + rng.choice([0, 0, 0.5]):.2f}".rstrip("0").rstrip(".")
                    rooms = ["diagnosis", "treatment", "public_health", "pharmacy"]
                    if rng.random() < 0.08:
                        rooms.remove(rng.choice(rooms))
                    v["clinic_rooms"] = ";".join(rooms)
                    v["essential_medicines"] = "yes" if rng.random() < 0.9 else "no"
                    r = rng.random()
                    if r < 0.05:
                        add_staff("village", v["village_id"], "none")  # unqualified only
                    else:
                        add_staff("village", v["village_id"], "village_doctor")
                        if r > 0.7:
                            add_staff("village", v["village_id"],
                                      rng.choice(["village_doctor", "assistant_physician"]))
            tpop_total = tpop + rng.randint(500, 6000)  # the seat town's residents
            depts = ["clinical", "public_health"] if centre else []
            if centre and tpop_total > 10000 and rng.random() < 0.25:
                depts = ["clinical"]
            townships.append({"township_id": tid, "county_id": cid, "name": name(rng, "乡", used),
                              "population": tpop_total, "poor": "yes" if poor and rng.random() < 0.5 else "no",
                              "health_centre": "yes" if centre else "no", "departments": ";".join(depts)})
            villages.extend(vrows)
            if centre:
                qualified = rng.random() > 0.06
                for _ in range(rng.randint(2, 7)):
                    add_staff("township", tid, rng.choice(["physician", "assistant_physician"]) if qualified else "none")
                for _ in range(rng.choice([0, 1, 1, 2, 3, 3, 4, 5]) if qualified else 0):
                    add_staff("township", tid, "physician", gp=True)

    os.makedirs(out, exist_ok=True)
    for fname, rows in (("counties.csv", counties), ("townships.csv", townships),
                        ("villages.csv", villages), ("staff.csv", staff)):
        with open(os.path.join(out, fname), "w", newline="", encoding="utf-8") as fp:
            w = csv.DictWriter(fp, fieldnames=list(rows[0].keys()), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    print(f"{len(counties)} counties, {len(townships)} townships, {len(villages)} villages, "
          f"{len(staff)} staff -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
