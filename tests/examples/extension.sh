#!/bin/sh
# The extension example: the program and the hpr command load the means
# test from the library they name, and a household passes it or not.
# usage: extension.sh PROGRAM LIBRARY POLICY HPR
set -eu
prog=$1 lib=$2 policy=$3 hpr=$4
# 5000 a head, a 100000 admission: 5000 - 100000 is below the 6000 line, so
# assistance pays 50% of the 40000 left above the 20000 deductible
out=$("$prog" "$lib" "$policy" 5000 100000)
echo "$out"
echo "$out" | grep -q '^basic  *60000.00$'
echo "$out" | grep -q '^on_application  *10000.00$'
echo "$out" | grep -q '^patient pays  *30000.00$'
# 200000 a head: above the line after the costs, no assistance
out=$("$prog" "$lib" "$policy" 200000 100000)
echo "$out" | grep -q '^on_application  *0.00  (its extension function says no'
# the command: without the library the policy does not load and says what it needs
if "$hpr" validate "$policy" 2>err.txt; then echo "loaded without its library" >&2; exit 1; fi
grep -q 'not registered' err.txt && grep -q -- '--extension-library' err.txt
"$hpr" validate --extension-library "$lib" "$policy"
# the CSV path: household_size is a persons column; an unknown size skips the means test
printf 'person_id,birth_date,income_per_capita,household_size\nP1,1961-05-01,5000,3\nP2,1961-05-01,5000,\n' > p.csv
printf 'claim_id,person_id,type,admission_date,level,location,in_scope\nC1,P1,inpatient,2022-09-01,city,in_city,100000\nC2,P2,inpatient,2022-09-01,city,in_city,100000\n' > c.csv
"$hpr" settle --extension-library "$lib" --policy "$policy" --persons p.csv --claims c.csv > out.csv
cat out.csv
grep -q '^C1,P1,.*,10000.00,' out.csv
grep -q '^C2,P2,.*,0.00,' out.csv
echo "extension example: ok"
