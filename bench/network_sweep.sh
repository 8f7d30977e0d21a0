#!/usr/bin/env bash
# Network sweeps in the closed loop on this machine (issue 5 goal: 1,024 DRAM configurations over
# ResNet-18 on the host backend in under 10 minutes): the whole grid of
# configs/sweeps/resnet18_memory_grid.json on `host`, then the same first 64 configurations on
# `reference` and on `host` side by side (one configuration per thread against the batched
# engine), all threads of the machine. Usage: bench/network_sweep.sh [BUILD_DIR] [--skip-full]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/apps/dramsweep
skip_full=${2:-}
spec=configs/sweeps/resnet18_memory_grid.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), commit $(git rev-parse --short HEAD)"
timed() {  # LABEL ARGS...: runs a sweep, prints wall time and peak memory
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" sweep "$spec" --quiet --out "$tmp/out.csv" "$@" 2> "$tmp/err"
  read -r wall kb < "$tmp/time"
  echo "$label: ${wall} s wall, $((kb / 1024)) MB peak ($(grep '^sweep ' "$tmp/err" | tail -n 1))"
  rm -f "$tmp/out.csv" "$tmp/out.csv.partial"
}
timed "reference, 64 configurations" --backend reference --stop-after 64
timed "host,      64 configurations" --backend host --stop-after 64
[ "$skip_full" = "--skip-full" ] || timed "host, all 1,024 configurations" --backend host
