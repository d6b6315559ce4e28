#!/bin/sh
# The C example settles a discharge from an empty stored ledger, stores the new
# ledger, then settles the same discharge again from it: the stored ledger must
# count two claims and the patient's payments for the year must have grown.
set -eu
exe=$1 policy=$2 dir=$3 date=$4
mkdir -p "$dir"
echo '{"policy_year": null, "layers": {}, "patient": {}}' > "$dir/empty.json"
"$exe" -d "$date" "$policy" "$dir/empty.json" "$dir/ledger1.json" > "$dir/slip1.txt"
"$exe" -d "$date" "$policy" "$dir/ledger1.json" "$dir/ledger2.json" > "$dir/slip2.txt"
grep -q 'PATIENT PAYS' "$dir/slip2.txt"
grep -q '"claims":2' "$dir/ledger2.json"
y1=$(sed -n 's/.*this policy year *\([0-9.]*\).*/\1/p' "$dir/slip1.txt")
y2=$(sed -n 's/.*this policy year *\([0-9.]*\).*/\1/p' "$dir/slip2.txt")
echo "patient's year: $y1 after one discharge, $y2 after two"
awk -v a="$y1" -v b="$y2" 'BEGIN { exit !(b + 0 > a + 0) }'
