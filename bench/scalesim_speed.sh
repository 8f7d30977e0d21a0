#!/usr/bin/env bash
# CPU time and peak memory of `dramsweep scalesim` on ResNet-18 (21 layers, 32x32 OS array,
# reports and the DRAM traffic model included), next to SCALE-Sim v2's 163 CPU-seconds for the
# same network and array on this kind of machine (issue 2). Usage: bench/scalesim_speed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/apps/dramsweep
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
runs=20
best_cpu=999
peak_kb=0
for i in $(seq $runs); do
  /usr/bin/time -f "%U %S %M" -o "$out/time" "$bin" scalesim -c configs/accel/scalesim_32x32_os.cfg \
    -t configs/topologies/resnet18.csv -o "$out/r" >/dev/null
  read -r user sys kb < "$out/time"
  best_cpu=$(awk -v u="$user" -v s="$sys" -v b="$best_cpu" 'BEGIN { c = u + s; print (c < b ? c : b) }')
  [ "$kb" -gt "$peak_kb" ] && peak_kb=$kb
done
# Total CPU over all runs is more precise than one run's 10 ms resolution.
start=$(date +%s.%N)
for i in $(seq $runs); do
  "$bin" scalesim -c configs/accel/scalesim_32x32_os.cfg -t configs/topologies/resnet18.csv -o "$out/r" >/dev/null
done
end=$(date +%s.%N)
mean_wall=$(awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN { print (b - a) / n }')
printf '%-34s %12s %12s\n' "tool" "CPU s/run" "peak RSS MB"
printf '%-34s %12s %12s\n' "SCALE-Sim v2 (issue 2 figure)" "163" "-"
printf '%-34s %12.3f %12.1f\n' "dramsweep scalesim (best of $runs)" "$best_cpu" "$(awk -v k="$peak_kb" 'BEGIN { print k / 1024 }')"
printf '%-34s %12.3f\n' "dramsweep scalesim (mean wall)" "$mean_wall"
printf 'speed-up over SCALE-Sim v2: %.0fx (by mean wall time)\n' "$(awk -v w="$mean_wall" 'BEGIN { print 163 / w }')"
