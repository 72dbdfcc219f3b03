#!/usr/bin/env bash
# Configures and builds build-sanitize/ (idempotent; a re-run rebuilds only
# what changed): clang with AddressSanitizer and UndefinedBehaviorSanitizer
# (-fno-sanitize-recover, so any report fails its test), the library with
# libFuzzer's coverage instrumentation, the unit tests, the fuzz targets of
# fuzz/ and the Python module tally._core. `ctest --test-dir build-sanitize`
# then runs the unit tests, a short run of each fuzz target and the Python
# tests on that code; scripts/test.sh does both (docs/testing.md). Needs the
# packages of scripts/setup.sh (clang, libclang-rt-14-dev).
#
# -O1 -g1: about as fast to compile as -O0, several times faster to run, and
# line numbers in every report.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DTALLY_SANITIZE=ON -DTALLY_BUILD_FUZZ=ON -DTALLY_BUILD_PYTHON=ON -DTALLY_BUILD_CLI=OFF -DTALLY_INSTALL=OFF \
  -DTALLY_PYTHON_OUTPUT_DIR="$here/build-sanitize/python/tally" -DPython_EXECUTABLE=/usr/bin/python3
cmake --build build-sanitize --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
