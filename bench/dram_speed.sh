#!/usr/bin/env bash
# Speed of `dramsweep trace` on the 1M-request reference traces, one thread, DDR4-2400 in the
# reference configuration. Writes the traces with ../shared/reference/dram/gen_traces.py when
# python3 is there (so the timing includes reading a trace file, as the other simulators did),
# otherwise uses the built-in generator. Prints requests/s and DRAM clocks/s, best of RUNS.
#
#   bench/dram_speed.sh [path/to/dramsweep] [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../build/apps/dramsweep}"
runs="${2:-3}"
shared="$here/../../shared/reference/dram"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if command -v python3 > /dev/null && [ -f "$shared/gen_traces.py" ]; then
  python3 "$shared/gen_traces.py" "$tmp" 1000000
  source_of() { echo "--trace $tmp/$1.trace"; }
else
  source_of() { echo "--generate $1 --limit 1000000"; }
fi
for trace in rand_read seq_read; do
  best=""
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    line=$("$bin" trace --dram ddr4-2400 --set mapping=RoBaRaCoCh $(source_of "$trace") --time 2>&1 >/dev/null | grep '^simulated')
    wall=$(echo "$(date +%s.%N) - $start" | bc -l)
    rps=$(echo "$line" | sed -E 's/.* s: ([0-9.e+]+) requests\/s.*/\1/')
    if [ -z "$best" ] || awk "BEGIN{exit !($rps > $best)}"; then best=$rps; best_line=$line; best_wall=$wall; fi
  done
  # The whole command (reading the 1M-line trace included), as the other simulators were timed.
  whole=$(awk "BEGIN{printf \"%.0f\", 1000000 / $best_wall}")
  echo "$trace: $best_line; whole command ${best_wall} s = $whole requests/s"
done
