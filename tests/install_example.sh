#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds examples/example.c
# against it exactly as a user would (pkg-config; and find_package), the
# shared library and the static one each way, runs it, and runs the Python
# ctypes example on the installed library, whose structures must be the
# size of the header's.
#   install_example.sh BUILD_DIR SOURCE_DIR [python3]
# $ZC_EXAMPLE_CFLAGS: extra compiler flags (the sanitizers of the build).
set -euo pipefail
build=$1 src=$2 python=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p=$tmp/p
version=$(sed -n 's/^#define ZC_VERSION "\(.*\)"$/\1/p' "$src/include/zhengce.h")
major=${version%%.*}

cmake --install "$build" --prefix "$p" >"$tmp/install.log"
for f in include/zhengce.h include/zhengce_http.h include/zhengce_research.h lib/libzhengce.a lib/pkgconfig/zhengce.pc \
         lib/cmake/zhengce/zhengceConfig.cmake lib/cmake/zhengce/zhengceConfigVersion.cmake \
         share/zhengce/zhengce.dict bin/zhengce; do
  [ -e "$p/$f" ] || { echo "not installed: $f"; exit 1; }
done
[ -L "$p/lib/libzhengce.so.$major" ] || { echo "no libzhengce.so.$major (SONAME link)"; exit 1; }

check() { # what output: the example found both reports on 锂电
  grep -q "^zhengce $version: 2 hits for 锂电" "$2" && grep -q '新余市政府工作报告' "$2" ||
    { echo "$1: unexpected output:"; cat "$2"; exit 1; }
}

# pkg-config, the shared library.
# shellcheck disable=SC2046,SC2086
cc ${ZC_EXAMPLE_CFLAGS:-} "$src/examples/example.c" \
  $(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags --libs zhengce) -o "$tmp/example"
# No LD_LIBRARY_PATH: zhengce.pc gives the program the library's rpath.
(cd "$tmp" && env -u ZHENGCE_DICT -u LD_LIBRARY_PATH ./example "$tmp/ix1" >out1)
check "pkg-config build" "$tmp/out1"

# pkg-config, the static archive: libzhengce.a, all of it (so that every
# part's dependencies are needed, not only the example's), with what
# zhengce.pc says a static link needs besides it (its private requirements
# and libraries, linked as the system has them).
pc=$p/lib/pkgconfig/zhengce.pc
deps=$(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --print-requires-private zhengce | cut -d' ' -f1)
# shellcheck disable=SC2046,SC2086
cc ${ZC_EXAMPLE_CFLAGS:-} "$src/examples/example.c" \
  $(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags zhengce) \
  -Wl,--whole-archive "$p/lib/libzhengce.a" -Wl,--no-whole-archive \
  $(pkg-config --libs $deps) $(sed -n 's/^Libs.private: //p' "$pc") \
  -o "$tmp/example_static" 2>"$tmp/static.log" || { echo "static link:"; cat "$tmp/static.log"; exit 1; }
(cd "$tmp" && env -u ZHENGCE_DICT ./example_static "$tmp/ix0" >out0)
check "static pkg-config build" "$tmp/out0"

# find_package(zhengce) in a CMake project.
mkdir "$tmp/proj"
cat >"$tmp/proj/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.18)
project(example C)
find_package(zhengce $major.0 REQUIRED)
add_executable(example "$src/examples/example.c")
target_link_libraries(example PRIVATE zhengce::zhengce)
add_executable(example_static "$src/examples/example.c")
target_link_libraries(example_static PRIVATE zhengce::zhengce_static)
CMAKE
cmake -S "$tmp/proj" -B "$tmp/proj/b" -DCMAKE_PREFIX_PATH="$p" \
  -DCMAKE_C_FLAGS="${ZC_EXAMPLE_CFLAGS:-}" >"$tmp/proj.log" 2>&1 || { cat "$tmp/proj.log"; exit 1; }
cmake --build "$tmp/proj/b" >>"$tmp/proj.log" 2>&1 || { cat "$tmp/proj.log"; exit 1; }
env -u ZHENGCE_DICT "$tmp/proj/b/example" "$tmp/ix2" >"$tmp/out2"
check "find_package build" "$tmp/out2"
# zhengce::zhengce_static: libzhengce.a and the libraries its target says it needs.
if ldd "$tmp/proj/b/example_static" | grep -q libzhengce; then
  echo "find_package static build: linked to the shared library"; exit 1
fi
env -u ZHENGCE_DICT "$tmp/proj/b/example_static" "$tmp/ix4" >"$tmp/out4"
check "find_package static build" "$tmp/out4"

# The Python ctypes example on the installed library.
if [ -n "$python" ]; then
  env -u ZHENGCE_DICT ZHENGCE_LIB="$p/lib/libzhengce.so.$major" "$python" "$src/examples/example.py" \
    "$tmp/ix3" >"$tmp/out3"
  check "python example" "$tmp/out3"
  # Its structures as large as the header's: the library writes whole
  # structs into them.
  cat >"$tmp/sizes.c" <<'C'
#include <stdio.h>
#include <zhengce.h>
int main(void)
{
    printf("Error %zu\nDoc %zu\nSearchOptions %zu\nHit %zu\n", sizeof(zc_error), sizeof(zc_doc),
           sizeof(zc_search_options), sizeof(zc_hit));
    return 0;
}
C
  cc -I"$p/include" "$tmp/sizes.c" -o "$tmp/sizes"
  "$tmp/sizes" >"$tmp/sizes.c.out"
  ZHENGCE_LIB="$p/lib/libzhengce.so.$major" "$python" - "$src/examples/example.py" \
    >"$tmp/sizes.py.out" <<'PY'
import ctypes, importlib.util, sys
spec = importlib.util.spec_from_file_location("example", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
for name in ("Error", "Doc", "SearchOptions", "Hit"):
    print(name, ctypes.sizeof(getattr(m, name)))
PY
  diff "$tmp/sizes.c.out" "$tmp/sizes.py.out" ||
    { echo "examples/example.py: structures unlike the header's (C above, Python below)"; exit 1; }
fi
echo "installed, built and ran the examples from $p"
