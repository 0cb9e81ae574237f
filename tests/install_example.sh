#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds examples/example.c
# against it exactly as a user would (pkg-config; and find_package), runs
# it, and runs the Python ctypes example on the installed library.
#   install_example.sh BUILD_DIR SOURCE_DIR [python3]
# $ZC_EXAMPLE_CFLAGS: extra compiler flags (the sanitizers of the build).
set -euo pipefail
build=$1 src=$2 python=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p=$tmp/p

cmake --install "$build" --prefix "$p" >"$tmp/install.log"
for f in include/zhengce.h lib/libzhengce.a lib/pkgconfig/zhengce.pc \
         lib/cmake/zhengce/zhengceConfig.cmake lib/cmake/zhengce/zhengceConfigVersion.cmake \
         share/zhengce/zhengce.dict bin/zhengce; do
  [ -e "$p/$f" ] || { echo "not installed: $f"; exit 1; }
done
[ -L "$p/lib/libzhengce.so.0" ] || { echo "no libzhengce.so.0 (SONAME link)"; exit 1; }

check() { # what output: the example found both reports on 锂电
  grep -q '^zhengce 0.1.0: 2 hits for 锂电' "$2" && grep -q '新余市政府工作报告' "$2" ||
    { echo "$1: unexpected output:"; cat "$2"; exit 1; }
}

# pkg-config, the shared library.
# shellcheck disable=SC2046,SC2086
cc ${ZC_EXAMPLE_CFLAGS:-} "$src/examples/example.c" \
  $(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags --libs zhengce) -o "$tmp/example"
# No LD_LIBRARY_PATH: zhengce.pc gives the program the library's rpath.
(cd "$tmp" && env -u ZHENGCE_DICT -u LD_LIBRARY_PATH ./example "$tmp/ix1" >out1)
check "pkg-config build" "$tmp/out1"

# find_package(zhengce) in a CMake project.
mkdir "$tmp/proj"
cat >"$tmp/proj/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.18)
project(example C)
find_package(zhengce 0.1 REQUIRED)
add_executable(example "$src/examples/example.c")
target_link_libraries(example PRIVATE zhengce::zhengce)
CMAKE
cmake -S "$tmp/proj" -B "$tmp/proj/b" -DCMAKE_PREFIX_PATH="$p" \
  -DCMAKE_C_FLAGS="${ZC_EXAMPLE_CFLAGS:-}" >"$tmp/proj.log" 2>&1 || { cat "$tmp/proj.log"; exit 1; }
cmake --build "$tmp/proj/b" >>"$tmp/proj.log" 2>&1 || { cat "$tmp/proj.log"; exit 1; }
env -u ZHENGCE_DICT "$tmp/proj/b/example" "$tmp/ix2" >"$tmp/out2"
check "find_package build" "$tmp/out2"

# The Python ctypes example on the installed library.
if [ -n "$python" ]; then
  env -u ZHENGCE_DICT ZHENGCE_LIB="$p/lib/libzhengce.so.0" "$python" "$src/examples/example.py" \
    "$tmp/ix3" >"$tmp/out3"
  check "python example" "$tmp/out3"
fi
echo "installed, built and ran the examples from $p"
