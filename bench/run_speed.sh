#!/usr/bin/env bash
# Time of `dramsweep run` (closed loop with the DRAM reference model) for ResNet-18 on a 32x32 OS
# array with DDR4-2400, one core (issue 5 goal: under 5 s). Usage: bench/run_speed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/apps/dramsweep
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for i in 1 2 3; do
  /usr/bin/time -f "%e %U %M" -o "$tmp" taskset -c 0 "$bin" run --accel configs/accel/scalesim_32x32_os.cfg \
    --dram ddr4-2400 --topology configs/topologies/resnet18.csv >/dev/null
  read -r wall user kb < "$tmp"
  echo "run $i: ${wall} s wall, ${user} s user, $((kb / 1024)) MB peak"
done
