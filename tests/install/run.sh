#!/bin/sh
# Installs libhpr (shared and static) into temporary prefixes and builds a
# consumer against each with find_package(hpr) and with pkg-config, after
# moving the prefix (the .pc file must be relocatable).
# Usage: run.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1 build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
policy="$src/policies/city-2017.json"

cmake --install "$build" --prefix "$tmp/shared" >/dev/null
# the installed command runs from its prefix as it is, no LD_LIBRARY_PATH
env -u LD_LIBRARY_PATH "$tmp/shared/bin/hpr" validate "$policy" | grep -q "ok (city-2017"
echo "installed hpr runs from its prefix: ok"
cmake -S "$src/tests/install" -B "$tmp/c1" -DCMAKE_PREFIX_PATH="$tmp/shared" >/dev/null
cmake --build "$tmp/c1" >/dev/null
LD_LIBRARY_PATH="$tmp/shared/lib" "$tmp/c1/consumer" "$policy" | grep -q "city-2017"
echo "find_package(hpr), shared: ok"

mv "$tmp/shared" "$tmp/moved"
pc="$tmp/moved/lib/pkgconfig"
[ -d "$pc" ] || pc=$(dirname "$(find "$tmp/moved" -name libhpr.pc)")
flags=$(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs libhpr)
case "$flags" in *"$tmp/moved/"*) ;; *) echo "pkg-config flags do not follow the moved prefix: $flags" >&2; exit 1;; esac
# shellcheck disable=SC2086
cc "$src/tests/install/consumer.c" $flags -o "$tmp/pc-consumer"
LD_LIBRARY_PATH=$(dirname "$(find "$tmp/moved" -name 'libhpr.so.1' | head -1)") \
  "$tmp/pc-consumer" "$policy" | grep -q "city-2017"
echo "pkg-config, relocated prefix: ok"
# what the README says a pkg-config build needs at run time outside the
# system's library path: the prefix's lib directory as its run path
libdir=$(PKG_CONFIG_PATH="$pc" pkg-config --variable=libdir libhpr)
# shellcheck disable=SC2086
cc "$src/tests/install/consumer.c" $flags -Wl,-rpath,"$libdir" -o "$tmp/pc-rpath"
env -u LD_LIBRARY_PATH "$tmp/pc-rpath" "$policy" | grep -q "city-2017"
env -u LD_LIBRARY_PATH "$tmp/moved/bin/hpr" validate "$policy" | grep -q "ok (city-2017"
echo "pkg-config build with the prefix's run path, and the moved hpr, without LD_LIBRARY_PATH: ok"

cmake -S "$src" -B "$tmp/static-build" -DBUILD_SHARED_LIBS=OFF -DHPR_BUILD_TESTS=OFF \
  -DHPR_BUILD_EXAMPLES=OFF -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build "$tmp/static-build" -j 2 >/dev/null
cmake --install "$tmp/static-build" --prefix "$tmp/static" >/dev/null
[ -f "$(find "$tmp/static" -name libhpr.a | head -1)" ]
cmake -S "$src/tests/install" -B "$tmp/c2" -DCMAKE_PREFIX_PATH="$tmp/static" >/dev/null
cmake --build "$tmp/c2" >/dev/null
if ldd "$tmp/c2/consumer" | grep -q libhpr; then echo "static consumer links libhpr.so" >&2; exit 1; fi
"$tmp/c2/consumer" "$policy" | grep -q "city-2017"
echo "find_package(hpr), static: ok"
