#!/usr/bin/env python3
"""The performance model's figure for the bundled 4,096-configuration grid
(configs/sweeps/memory_systems_4096.json), from the cases bench/device_model.sh counted.

    grid.py MODEL_DIR [ISSUE_RATE]

MODEL_DIR holds the cases' NAME.estimate.txt (build-model/model). The grid is a product: 8
presets, 1/2/4/8 channels, 1/2 ranks, and axes the cases leave at their defaults (mapping, page
policy, scheduler, queue sizes; each cell's count is taken as the default's). ddr4-2400 is
counted at every channel and rank count and kernel shape; each other preset once, at one channel
and one rank, and scaled from there: a cell of preset P costs ddr4-2400's cell of the same shape
times P's count over ddr4-2400's at one channel and rank. The kernel a cell runs follows the
device engine's rules (device::lanes_per_channel, needs_all_rules): half warps only for
configurations with channels in pairs of at most 16 banks (32 with DRAMSWEEP_CUDA_HALF_WARPS=2),
in the AllRules kernels for those that need rule R13 or R14.

Scaling ddr4-2400's half-warp gain to the AllRules presets overstates it where their streams
use fewer channels (bench/RESULTS.md); the "checked" figure takes, for their half-warp cells,
the gain measured on hbm2 at two channels (cases hbm2-2ch, hbm2-2ch-warp) instead.
"""
import re
import sys

# Banks per rank, and whether the preset runs the AllRules kernels (R13: hbm2/hbm3's row and
# column buses; R14: lpddr5's WCK on demand): its factor, counted on them, includes their cost.
PRESETS = {
    "ddr4-2400": (16, False), "ddr4-3200": (16, False), "ddr5-4800": (32, False),
    "lpddr4-3200": (8, False), "lpddr5-6400": (16, True), "hbm2": (16, True), "hbm3": (16, True),
    "gddr6": (16, False),
}
CHANNELS = (1, 2, 4, 8)
RANKS = (1, 2)


def read_estimates(model_dir, name):
    path = f"{model_dir}/{name}.estimate.txt"
    try:
        text = open(path).read()
    except FileNotFoundError:
        sys.exit(f"grid.py: {path} is missing: run bench/device_model.sh with case {name}")
    found = dict(re.findall(r"^RESULT (\w+) ([0-9.]+)$", text, re.M))
    return {k: float(v) for k, v in found.items()}


def ddr4_cell(model_dir, channels, banks, half, bound):
    """ddr4-2400's count for a channel shape: `banks` a channel (16: one rank, else two)."""
    ranks = 1 if banks <= 16 else 2
    if channels == 1:
        return read_estimates(model_dir, f"1ch-{ranks}rank")["sass_per_request"]
    if half:
        name = f"{channels}ch-1rank" if banks <= 16 else f"{channels}ch-2rank-half"
        return read_estimates(model_dir, name)[f"sass_per_request_{bound}"]
    name = f"{channels}ch-1rank-warp" if banks <= 16 else f"{channels}ch-2rank"
    return read_estimates(model_dir, name)["sass_per_request"]


def grid_mean(model_dir, setting, bound, checked=False):
    base = read_estimates(model_dir, "1ch-1rank")["sass_per_request"]
    most = {0: 0, 1: 16, 2: 32}[setting]
    if checked:
        half_gain = (read_estimates(model_dir, "hbm2-2ch")[f"sass_per_request_{bound}"] /
                     read_estimates(model_dir, "hbm2-2ch-warp")["sass_per_request"])
    total, cells = 0.0, 0
    for preset, (banks_per_rank, all_rules) in PRESETS.items():
        factor = 1.0 if preset == "ddr4-2400" else read_estimates(model_dir, preset)["sass_per_request"] / base
        for channels in CHANNELS:
            for ranks in RANKS:
                banks = banks_per_rank * ranks
                half = channels % 2 == 0 and banks <= most
                shape = min(banks, 32)  # ddr5's 64 banks at two ranks: ddr4's 32-bank cells
                if half and all_rules and checked:
                    cell = ddr4_cell(model_dir, channels, shape, False, bound) * half_gain
                else:
                    cell = ddr4_cell(model_dir, channels, shape, half, bound)
                total += factor * cell
                cells += 1
    return total / cells


def main():
    model_dir = sys.argv[1]
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 132 * 4 * 1.98e9  # H200 warp-instructions/s
    base = read_estimates(model_dir, "1ch-1rank")["sass_per_request"]
    print("preset factors (one channel, one rank, against ddr4-2400):")
    for preset in PRESETS:
        if preset != "ddr4-2400":
            print(f"  {preset}: {read_estimates(model_dir, preset)['sass_per_request'] / base:.3f}")
    print("setting  bound            grid mean  ceiling   expected (issue efficiency 0.5 to 0.7)")
    rows = [(0, "aligned", False, "-")]
    for setting in (1, 2):
        rows += [(setting, "aligned", False, "aligned"), (setting, "aligned", True, "aligned, checked"),
                 (setting, "apart", False, "apart"), (setting, "apart", True, "apart, checked")]
    for setting, bound, checked, label in rows:
        mean = grid_mean(model_dir, setting, bound, checked)
        ceiling = rate / mean
        print(f"  {setting}      {label:16} {mean:8.1f}  {ceiling:.2e}  {0.5 * ceiling:.2e} to {0.7 * ceiling:.2e}")


if __name__ == "__main__":
    main()
