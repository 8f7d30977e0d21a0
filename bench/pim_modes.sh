#!/usr/bin/env bash
# How far the PIM timing mode (DRAM through the cycle-level model, NoC link contention) is from
# the analytical mode on the bundled networks: dramsweep pim evaluate --timing --json, summed.
# Usage: bench/pim_modes.sh [BATCH]   (docs/pim.md, "Timing mode", holds the table it printed)
set -euo pipefail
cd "$(dirname "$0")/.."
batch="${1:-1}"
bin=build/apps/dramsweep
[ -x "$bin" ] || cmake --build build --target dramsweep
printf '%-10s %-22s %13s %13s %8s %6s %6s %6s %8s\n' design network analytical timing diff dram noc bus row_hits
for design in "hb-4x4" "hb-4x4 --set pim.dram.pins=128" "t-16"; do
  for net in alexnet vgg16 resnet50 googlenet transformer; do
    # shellcheck disable=SC2086
    "$bin" pim evaluate --pim $design --network "$net" --batch "$batch" --timing --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = d["total"]
bounds = [l["bound"] for l in d["layers"]]
req = sum(l["dram_requests"] for l in d["layers"])
hits = sum(l["row_hits"] for l in d["layers"])
name = sys.argv[1] + (" 128 pins" if "pins=128" in sys.argv[3] else "")
print("%-20s %-12s %13d %13d %+7.2f%% %6d %6d %6d %7.1f%%" % (name, sys.argv[2], t["analytical_cycles"], t["cycles"],
      100.0 * (t["cycles"] / t["analytical_cycles"] - 1), bounds.count("dram"), bounds.count("noc"),
      bounds.count("array bus"), 100.0 * hits / max(req, 1)))' "${design%% *}" "$net" "$design"
  done
done
