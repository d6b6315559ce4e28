#!/bin/sh
# Tests of the hpr command's output and exit codes (ctest cli.commands).
# usage: run.sh HPR_BINARY SOURCE_DIR
set -u
hpr=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pop="--persons $src/examples/population/persons.csv --claims $src/examples/population/claims.csv"

check() { # check NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, expected $2"; fails=$((fails + 1)); else echo "ok   $1"; fi
}
has() { # has NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then echo "ok   $1"; else echo "FAIL $1: no \"$3\" in:"; cat "$2"; fails=$((fails + 1)); fi
}

# ---- help and usage
"$hpr" --help >"$tmp/o" 2>&1; check "hpr --help" 0 $?
has "help lists the commands" "$tmp/o" "validate  check policy documents"
"$hpr" >/dev/null 2>&1; check "hpr without a command" 2 $?
"$hpr" frobnicate >"$tmp/o" 2>&1; check "unknown command" 2 $?
has "unknown command named" "$tmp/o" 'unknown command "frobnicate"'
for c in settle explain validate test diff audit; do
  "$hpr" $c --help >"$tmp/o" 2>&1; check "hpr $c --help" 0 $?
  has "hpr $c --help shows usage" "$tmp/o" "usage: hpr $c"
done
"$hpr" settle --policy "$src/policies/city-2017.json" >/dev/null 2>&1; check "settle without input" 2 $?

# ---- settle: the shipped population, CSV out
"$hpr" settle --policy "$src/policies/normalised-2021.json" $pop -o "$tmp/out.csv" 2>"$tmp/err"
check "settle population" 0 $?
has "settle summary" "$tmp/err" "hpr settle: 6027 rows read, 6027 settled, 0 failed"
[ "$(wc -l <"$tmp/out.csv")" -eq 6028 ] && echo "ok   one row per claim" || { echo "FAIL rows: $(wc -l <"$tmp/out.csv")"; fails=$((fails + 1)); }
has "csv header" "$tmp/out.csv" "claim_id,person_id,batch,categories,total,paid,patient,patient_year,layer_basic"
# same answers at 1 and 3 threads, and as JSON Lines
"$hpr" settle --policy "$src/policies/normalised-2021.json" $pop --threads 1 -o "$tmp/out1.csv" --quiet
cmp -s "$tmp/out.csv" "$tmp/out1.csv" && echo "ok   thread count does not change results" || { echo "FAIL threads differ"; fails=$((fails + 1)); }
"$hpr" settle --policy "$src/policies/normalised-2021.json" $pop --format jsonl --quiet >"$tmp/out.jsonl"
check "settle jsonl out" 0 $?
[ "$(wc -l <"$tmp/out.jsonl")" -eq 6027 ] && echo "ok   one JSON line per claim" || { echo "FAIL jsonl lines"; fails=$((fails + 1)); }
# piped: no progress line, only the summary
[ "$(wc -l <"$tmp/err")" -eq 1 ] && echo "ok   nothing but the summary on a pipe" || { echo "FAIL stderr:"; cat "$tmp/err"; fails=$((fails + 1)); }

# ---- settle: a CSV with broken rows; rows in = settled + failed
"$hpr" settle --policy "$src/policies/normalised-2021.json" --persons "$src/examples/population/persons.csv" \
  --claims "$src/tests/cli/bad-claims.csv" --errors "$tmp/errors.csv" -o "$tmp/ok.csv" 2>"$tmp/err"
check "broken CSV exits 1" 1 $?
has "broken CSV summary" "$tmp/err" "7 rows read, 2 settled, 5 failed"
has "bad date with its line" "$tmp/err" 'bad-claims.csv:3: claim A2: admission_date "2022-13-05" is not a date'
has "stray quote" "$tmp/err" "bad-claims.csv:4: malformed CSV"
has "field count" "$tmp/err" "bad-claims.csv:6: claim A7: 6 fields, the header has 7"
has "unclosed quote" "$tmp/err" "bad-claims.csv:8: malformed CSV: a quoted field that starts here is never closed"
[ "$(wc -l <"$tmp/errors.csv")" -eq 6 ] && echo "ok   errors file has the 5 rows" || { echo "FAIL errors file:"; cat "$tmp/errors.csv"; fails=$((fails + 1)); }
[ "$(wc -l <"$tmp/ok.csv")" -eq 3 ] && echo "ok   the 2 good rows were settled" || { echo "FAIL ok rows"; fails=$((fails + 1)); }

# ---- settle: JSON Lines with broken lines
"$hpr" settle --policy "$src/policies/anhui-351-180.json" --requests "$src/tests/cli/requests.jsonl" \
  --errors "$tmp/errors.jsonl" >"$tmp/resp.jsonl" 2>"$tmp/err"
check "broken JSONL exits 1" 1 $?
has "jsonl summary" "$tmp/err" "4 lines read, 2 settled, 2 failed"
has "jsonl line number" "$tmp/err" "requests.jsonl:2: /person"
has "jsonl not json" "$tmp/err" "requests.jsonl:3:"
[ "$(wc -l <"$tmp/resp.jsonl")" -eq 2 ] && echo "ok   2 responses" || { echo "FAIL responses"; fails=$((fails + 1)); }
has "errors file is JSON Lines" "$tmp/errors.jsonl" '{"line":2,'
has "response carries the policy" "$tmp/resp.jsonl" '"settlements":[{"claim_id":"D-1"'

# ---- explain
"$hpr" explain --policy "$src/policies/anhui-351-180.json" "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
check "explain" 0 $?
has "explain shows the 351 layer" "$tmp/o" "351 government safety net"
has "explain cites sources" "$tmp/o" "[anhui-351]"
has "explain patient line" "$tmp/o" "= patient pays"
"$hpr" explain --policy "$src/policies/anhui-351-180.json" --json "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
has "explain --json" "$tmp/o" '"steps":['

# ---- validate
"$hpr" validate "$src"/policies/*.json >"$tmp/o" 2>&1; check "validate shipped policies" 0 $?
has "validate says ok" "$tmp/o" "normalised-2021.json: ok (normalised-2021, sha256:"
"$hpr" validate "$src/tests/cli/broken-policy.json" >"$tmp/o" 2>&1; check "validate broken policy" 1 $?
has "validate locates the date" "$tmp/o" "broken-policy.json:5:"
has "validate names the pointer" "$tmp/o" "/effective/from"
has "validate payer" "$tmp/o" "/layers/0/payer"
"$hpr" validate "$tmp/missing.json" >"$tmp/o" 2>&1; check "validate missing file" 1 $?

# ---- test
"$hpr" test "$src/tests/policy" >"$tmp/o" 2>&1; check "policy regression cases pass" 0 $?
has "test summary" "$tmp/o" " passed, 0 failed"
"$hpr" test "$src/tests/cli/failing-cases.json" >"$tmp/o" 2>&1; check "failing cases exit 1" 1 $?
has "failing summary" "$tmp/o" "1 passed, 2 failed"
has "expected vs actual" "$tmp/o" 'expected: "221.00"'
has "explanation of the actual" "$tmp/o" "explanation of the actual settlement of claim c"

# ---- diff: a reform over the shipped population
"$hpr" diff --base "$src/policies/city-2017.json" --reform "$src/policies/normalised-2021.json" $pop \
  --csv "$tmp/diff.csv" >"$tmp/o" 2>&1
check "diff" 0 $?
has "diff counts" "$tmp/o" "claims: 6027 read, 6027 compared,"
has "diff payers" "$tmp/o" "medical_assistance"
has "diff by level" "$tmp/o" "patient share by level"
has "diff largest" "$tmp/o" "largest changes in reimbursement"
[ "$(wc -l <"$tmp/diff.csv")" -eq 6028 ] && echo "ok   diff csv has every claim" || { echo "FAIL diff csv"; fails=$((fails + 1)); }

# ---- languages: --lang, the slip in Chinese, the printable slip
"$hpr" --lang zh explain --policy "$src/policies/anhui-351-180.json" "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
check "explain in Chinese" 0 $?
has "slip title in Chinese" "$tmp/o" "医疗费用结算单"
has "payer label in Chinese" "$tmp/o" "基本医保统筹基金"
LANG=zh_CN.UTF-8 "$hpr" explain --policy "$src/policies/anhui-351-180.json" "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
has "LANG chooses Chinese" "$tmp/o" "个人自付"
LANG=zh_CN.UTF-8 "$hpr" --lang en explain --policy "$src/policies/anhui-351-180.json" "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
has "--lang wins over LANG" "$tmp/o" "Settlement slip"
"$hpr" --lang fr explain --policy "$src/policies/anhui-351-180.json" "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
check "an unknown --lang" 2 $?
"$hpr" --lang zh explain --policy "$src/policies/anhui-351-180.json" --format html -o "$tmp/slip.html" "$src/examples/requests/anhui-discharge.json"
check "explain --format html" 0 $?
has "html slip is A5" "$tmp/slip.html" "@page { size: A5"
has "html slip in Chinese" "$tmp/slip.html" '<html lang="zh-CN">'
"$hpr" explain --policy "$src/policies/anhui-351-180.json" -o "$tmp/x.txt" "$src/examples/requests/anhui-discharge.json" >"$tmp/o" 2>&1
check "explain -o needs html or json" 2 $?

# ---- audit: the synthetic registry, every format, refused rows, bad input
nat="$src/standards/national-2019.json"
"$hpr" audit --standards "$nat" --registry "$src/examples/registry" --as-of 2020-12-31 --summary >"$tmp/o" 2>&1
check "audit summary" 0 $?
has "audit rows read" "$tmp/o" "rows read: 5 counties, 43 townships, 486 villages, 816 staff; 0 refused"
has "audit per standard" "$tmp/o" "village_clinic"
has "audit last line" "$tmp/o" "486 villages audited:"
"$hpr" audit --standards "$nat" --registry "$src/examples/registry" --as-of 2020-12-31 >"$tmp/a.csv" 2>&1
check "audit csv on stdout" 0 $?
has "audit csv header" "$tmp/a.csv" "level,place_id,place_name,county_id,township_id,poor,standard,rule,group,status,blank_spot,reason,citation,amount,annual,shortfall"
"$hpr" audit --standards "$nat" --registry "$src/examples/registry" --as-of 2020-12-31 -o "$tmp/a.jsonl"
check "audit jsonl" 0 $?
[ "$(wc -l <"$tmp/a.jsonl")" -eq "$(($(wc -l <"$tmp/a.csv") - 1))" ] && echo "ok   jsonl has the csv's findings" ||
  { echo "FAIL jsonl lines $(wc -l <"$tmp/a.jsonl") vs csv $(wc -l <"$tmp/a.csv")"; fails=$((fails + 1)); }
/usr/bin/python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]" "$tmp/a.jsonl" &&
  echo "ok   every jsonl line is JSON" || { echo "FAIL jsonl"; fails=$((fails + 1)); }
"$hpr" audit --standards "$nat" --registry "$src/examples/registry" --as-of 2020-12-31 -o "$tmp/a.json"
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); assert d['registry']['rows']['villages'] == 486" "$tmp/a.json" &&
  echo "ok   audit json" || { echo "FAIL audit json"; fails=$((fails + 1)); }
"$hpr" audit --standards "$nat" --registry "$src/tests/audit/refused" --as-of 2020-12-31 --summary >"$tmp/o" 2>"$tmp/e"
check "audit with refused rows exits 1" 1 $?
has "refused row with its line" "$tmp/e" "refused/villages.csv:5: V14: population -450 is negative"
"$hpr" audit --standards "$src/policies/city-2017.json" --registry "$src/examples/registry" >"$tmp/o" 2>&1
check "a policy is not a standards document" 2 $?
has "policy named as such" "$tmp/o" "this is a policy document"
"$hpr" audit --standards "$nat" --registry "$tmp/nowhere" >"$tmp/o" 2>&1
check "missing registry" 2 $?
"$hpr" audit --standards "$nat" --registry "$src/examples/registry" --as-of 2020-13-01 >"$tmp/o" 2>&1
check "bad --as-of" 2 $?
"$hpr" audit --registry "$src/examples/registry" >"$tmp/o" 2>&1
check "audit without --standards" 2 $?
"$hpr" test "$src/tests/audit" >"$tmp/o" 2>&1; check "audit cases pass" 0 $?
"$hpr" validate "$nat" >"$tmp/o" 2>&1; check "validate a standards document" 0 $?
has "validate names it standards" "$tmp/o" "ok (standards national-2019, sha256:"

echo "$fails failed"
[ "$fails" -eq 0 ]
