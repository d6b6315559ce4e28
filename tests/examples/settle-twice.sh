#!/bin/sh
# The C example settles a discharge from an empty stored ledger and stores the
# new ledger; the same discharge settled again from it (a retry) leaves the
# ledger as it was and prints the same slip; a second discharge (another
# claim id) from it makes the stored ledger count two claims and the
# patient's payments for the year grow.
set -eu
exe=$1 policy=$2 dir=$3 date=$4
mkdir -p "$dir"
echo '{"policy_year": null, "layers": {}, "patient": {}}' > "$dir/empty.json"
"$exe" -d "$date" "$policy" "$dir/empty.json" "$dir/ledger1.json" > "$dir/slip1.txt"
"$exe" -d "$date" "$policy" "$dir/ledger1.json" "$dir/retry.json" > "$dir/slip-retry.txt"
cmp "$dir/ledger1.json" "$dir/retry.json"
grep -q 'PATIENT PAYS' "$dir/slip-retry.txt"
grep -q '"claims":1' "$dir/retry.json"
"$exe" -d "$date" -i D-0611-02 "$policy" "$dir/ledger1.json" "$dir/ledger2.json" > "$dir/slip2.txt"
grep -q 'PATIENT PAYS' "$dir/slip2.txt"
grep -q '"claims":2' "$dir/ledger2.json"
y1=$(sed -n 's/.*this policy year *\([0-9.]*\).*/\1/p' "$dir/slip1.txt")
y2=$(sed -n 's/.*this policy year *\([0-9.]*\).*/\1/p' "$dir/slip2.txt")
echo "patient's year: $y1 after one discharge, $y2 after two"
awk -v a="$y1" -v b="$y2" 'BEGIN { exit !(b + 0 > a + 0) }'
