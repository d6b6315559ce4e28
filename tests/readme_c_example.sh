#!/bin/sh
# The README's C example, taken from README.md as it is, compiled against
# the built library and run from the project root (ctest readme.c_example):
# the text users copy keeps compiling and working.
# usage: readme_c_example.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1 build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^```c$/ {on = 1; next} on && /^```$/ {exit} on {print}' "$src/README.md" >"$tmp/example.c"
grep -q "int main" "$tmp/example.c" || { echo "no C example with a main in README.md" >&2; exit 1; }
cc -std=c11 -Wall -Wextra -Werror -I"$src/include" -I"$build/include" "$tmp/example.c" \
  -L"$build" -Wl,-rpath,"$build" -lhpr -o "$tmp/example"
cd "$src"
"$tmp/example" >"$tmp/out"
cat "$tmp/out"
grep -q "the patient pays" "$tmp/out"
grep -q "basic_insurance_fund" "$tmp/out"
