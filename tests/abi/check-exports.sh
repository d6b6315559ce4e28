#!/bin/sh
# The dynamic symbols libhpr exports are exactly the names in the ledger
# (docs/symbols-in-versions), each versioned HPR_1. Usage: check-exports.sh LIB LEDGER
set -eu
lib=$1 ledger=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRB]$/ {print $3}' | sort > "$tmp/exported"
if grep -v '@@HPR_1$' "$tmp/exported"; then
  echo "symbols above are not versioned HPR_1" >&2
  exit 1
fi
sed 's/@@HPR_1$//' "$tmp/exported" > "$tmp/names"
grep -v '^#' "$ledger" | awk 'NF && $1 ~ /^hpr_/ && NF < 4 {print $1}' | sort > "$tmp/ledger"
if ! diff -u "$tmp/ledger" "$tmp/names"; then
  echo "exports differ from $ledger ('-' only in the ledger, '+' only exported)" >&2
  exit 1
fi
echo "abi.exports: $(wc -l < "$tmp/names") symbols match the ledger"
