"""The means test of examples/extensions/means_test.c written in Python:
a Python function as an extension function (docs/extensions.md).

    PYTHONPATH=build/python python3 examples/extensions/means_test.py
"""
import json
import os

import hpr

HERE = os.path.dirname(os.path.abspath(__file__))


def means_test(income_per_capita, household_size, paid_this_year, this_claim, low_income_line):
    """The household's annual income less this year's medical costs below its line."""
    return income_per_capita * household_size - (paid_this_year + this_claim) < low_income_line * household_size


ext = hpr.Extensions().add("means_test", means_test, "bool(money, int, money, money, money)")
policy = hpr.Policy.load(os.path.join(HERE, "application-assistance.json"), extensions=ext)

for income in ("5000", "200000"):
    request = {"person": {"id": "P1", "birth_date": "1961-05-01", "household": {"size": 3, "income_per_capita": income}},
               "claims": [{"id": "C1", "type": "inpatient", "admission_date": "2022-09-01",
                           "discharge_date": "2022-09-20", "facility": {"level": "city"}, "location": "in_city",
                           "costs": {"total": "100000", "in_scope": "100000"}}]}
    s = json.loads(policy.settle_json(json.dumps(request)))["settlements"][0]
    paid = {line["layer"]: line["paid"] if line["applied"] else "0.00" for line in s["lines"]}
    print(f"income {income}: basic {paid['basic']}, on application {paid['on_application']}, "
          f"patient pays {s['patient_pays']}")
