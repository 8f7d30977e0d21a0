#!/usr/bin/env bash
# Installs, builds and runs the whole test suite: the Release build with warnings as errors
# (all suites), then an ASan + UBSan build of the unit tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$jobs"

# Sanitizers: host code only (CUDA off), unit suite.
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAMSWEEP_WERROR=ON \
  -DDRAMSWEEP_SANITIZE=ON -DDRAMSWEEP_CUDA=OFF -DDRAMSWEEP_BENCH=OFF
cmake --build build-sanitize --parallel --target test_unit dramsweep
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize -L unit --output-on-failure --parallel "$jobs"
