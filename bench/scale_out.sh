#!/usr/bin/env bash
# Sweeps past one process on this machine (docs/scale-out.md):
#  1. the first N configurations of configs/sweeps/resnet18_memory_grid.json (closed loop, host
#     backend) in one process and under `mpirun -n 2` (rank 0 hands out, one worker computes);
#  2. rows per second through rank 0 under `mpirun -n 4` on a sweep whose configurations take
#     almost nothing (100 requests each), against one process on the same sweep: where rank 0's
#     receiving, parsing and writing would become the bottleneck.
# Usage: bench/scale_out.sh [BUILD_DIR] [N (default 64)]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build}/apps/dramsweep")
n=${2:-64}
mpirun=(mpirun --oversubscribe --allow-run-as-root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), commit $(git rev-parse --short HEAD)"
timed() {  # LABEL SPEC LAUNCHER... -- ARGS...: one sweep, its wall time and the runner's own line
  local label=$1 spec=$2; shift 2
  local launcher=()
  while [ "$1" != "--" ]; do launcher+=("$1"); shift; done
  shift
  local start end
  start=$(date +%s.%N)
  "${launcher[@]}" "$bin" sweep "$spec" --quiet --out "$tmp/out.csv" "$@" 2> "$tmp/err"
  end=$(date +%s.%N)
  echo "$label: $(echo "$end - $start" | bc) s wall ($(grep '^sweep ' "$tmp/err" | tail -n 1))"
  rm -f "$tmp/out.csv" "$tmp/out.csv.partial"
}
grid=configs/sweeps/resnet18_memory_grid.json
timed "ResNet-18, $n configurations, one process " $grid env -- --backend host --stop-after "$n"
timed "ResNet-18, $n configurations, mpirun -n 2" $grid "${mpirun[@]}" -n 2 -- --backend host --stop-after "$n"

cat > "$tmp/tiny.json" <<'SPEC'
{"name": "tiny", "workload": {"generate": "rand_read", "requests": 100}, "base": "ddr4-3200",
 "axes": [{"key": "org.channels", "values": [1, 2, 4, 8]}, {"key": "org.ranks", "values": [1, 2]},
          {"key": "timing.tRCD", "range": {"from": 10, "to": 40, "step": 1}},
          {"key": "controller.page_policy", "values": ["open", "closed"]},
          {"key": "controller.scheduler", "values": ["fcfs", "frfcfs"]}]}
SPEC
timed "tiny (992 configurations), one process     " "$tmp/tiny.json" env -- --backend host
timed "tiny (992 configurations), mpirun -n 4      " "$tmp/tiny.json" "${mpirun[@]}" -n 4 -- --backend host
timed "tiny, mpirun -n 4, batches of 8             " "$tmp/tiny.json" "${mpirun[@]}" -n 4 -- --backend host --batch-size 8
