#!/bin/sh
# The ABI of the built library against the committed baseline of the
# released ABI (tests/abi/libhpr-1.abi, made with abidw from the 1.0
# library): any removed or changed function or variable (a struct that
# grew, a parameter that changed) fails; added functions pass with their
# report, and the baseline is refreshed when the version is released:
#   abidw --headers-dir include/hpr --headers-dir build/include/hpr --no-corpus-path \
#         --out-file tests/abi/libhpr-1.abi build/libhpr.so.1.0.0
# usage: check-abidiff.sh LIBRARY BASELINE SOURCE_DIR BUILD_DIR
set -u
lib=$1 baseline=$2 src=$3 build=$4
# Types defined only in lib/ (the opaque handles and their internals) are not
# part of the ABI: tests/abi/private-types.suppr leaves them out.
report=$(abidiff --suppressions "$src/tests/abi/private-types.suppr" --headers-dir2 "$src/include/hpr" --headers-dir2 "$build/include/hpr" "$baseline" "$lib")
rc=$?
echo "$report"
# abidiff's exit status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible change
if [ $((rc & 3)) -ne 0 ]; then echo "abidiff could not compare (status $rc)"; exit 1; fi
if [ $((rc & 8)) -ne 0 ]; then echo "INCOMPATIBLE ABI change against $baseline"; exit 1; fi
# abidiff calls a changed struct behind a pointer merely an "ABI change";
# for a stable ABI anything but added functions and variables is refused
if echo "$report" | grep -Eq '[1-9][0-9]* (Removed|Changed)'; then
  echo "INCOMPATIBLE: a function or variable was removed or changed against $baseline"
  exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then echo "compatible ABI change (see above)"; else echo "ABI identical to $baseline"; fi
exit 0
