#!/usr/bin/env bash
# The main job on a bundled example, from nothing: install, build, then simulate ResNet-18 on a
# 32x32 output-stationary array and write SCALE-Sim-style reports and the DRAM request trace
# to out/resnet18_32x32_os/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
out=out/resnet18_32x32_os
./build/apps/dramsweep scalesim -c configs/accel/scalesim_32x32_os.cfg -t configs/topologies/resnet18.csv \
  -o "$out" --dram-trace "$out/dram_trace.txt"
echo "reports written to $out/"
