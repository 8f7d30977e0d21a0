#!/usr/bin/env bash
# The main job on a bundled example, from nothing: install, build, then run ResNet-18 on a 32x32
# output-stationary array with a DDR4-2400 memory simulated in a closed loop (per-layer compute
# and memory-stall cycles), and write SCALE-Sim-style reports and the DRAM request trace to
# out/resnet18_32x32_os/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
out=out/resnet18_32x32_os
mkdir -p "$out"
./build/apps/dramsweep run --accel configs/accel/scalesim_32x32_os.cfg --dram ddr4-2400 \
  --topology configs/topologies/resnet18.csv
./build/apps/dramsweep run --accel configs/accel/scalesim_32x32_os.cfg --dram ddr4-2400 \
  --topology configs/topologies/resnet18.csv --json > "$out/run.json"
./build/apps/dramsweep scalesim -c configs/accel/scalesim_32x32_os.cfg -t configs/topologies/resnet18.csv \
  -o "$out" --dram-trace "$out/dram_trace.txt"
echo "reports written to $out/"
