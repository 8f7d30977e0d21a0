#!/usr/bin/env bash
# Configures and builds dramsweep into build/ (Release, warnings as errors).
# Extra arguments go to cmake, e.g. scripts/build.sh -DDRAMSWEEP_CUDA=OFF
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDRAMSWEEP_WERROR=ON "$@"
cmake --build build --parallel
