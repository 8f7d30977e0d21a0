#!/usr/bin/env bash
# Installs, builds and runs the whole test suite: the Release build with warnings as errors (all
# suites, the emulated device's gpu-emu label and the kernels' resource gate included), then the
# unit suite and the emulated device under ASan + UBSan, and the emulated device under TSan (its
# race check). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$jobs"

# Sanitizers: host code only (CUDA off). The emulated device runs fewer configurations under
# them: they slow its fibers about ten-fold.
sanitized_emu_configs=24
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAMSWEEP_WERROR=ON \
  -DDRAMSWEEP_SANITIZE=address -DDRAMSWEEP_CUDA=OFF -DDRAMSWEEP_BENCH=OFF
cmake --build build-sanitize --parallel --target test_unit test_gpu_emu dramsweep
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize -L unit --output-on-failure --parallel "$jobs"
DRAMSWEEP_DIFF_CONFIGS=$sanitized_emu_configs ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize -L gpu-emu --output-on-failure --parallel "$jobs"

cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAMSWEEP_WERROR=ON \
  -DDRAMSWEEP_SANITIZE=thread -DDRAMSWEEP_CUDA=OFF -DDRAMSWEEP_BENCH=OFF
cmake --build build-tsan --parallel --target test_gpu_emu dramsweep
DRAMSWEEP_DIFF_CONFIGS=$sanitized_emu_configs TSAN_OPTIONS=halt_on_error=1 \
  ctest --test-dir build-tsan -L gpu-emu --output-on-failure --parallel "$jobs"
