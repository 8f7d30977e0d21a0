#!/usr/bin/python3
"""The DRAMA-style studies of docs/use-cases.md: memory stall share of ResNet-18 and AlexNet on a
32x32 and a 128x128 output-stationary array against DRAM channels, ranks, bank groups, banks,
standard, page policy and address mapping. Drives one `dramsweep serve` process, writes
docs/use-cases/studies.csv, one PNG per factor (drawn by `dramsweep plot` from studies.csv), and
prints the markdown tables. --plots-only redraws the PNGs from the studies.csv there is.

    /usr/bin/python3 docs/use-cases/run_studies.py [--binary build/apps/dramsweep] [--plots-only]
"""
import argparse
import csv
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
STUDIES = os.path.join(HERE, "studies.csv")

NETWORKS = {"ResNet-18": "configs/topologies/resnet18.csv", "AlexNet": "configs/topologies/alexnet.csv"}
ARRAYS = {"32x32": "configs/accel/scalesim_32x32_os.cfg", "128x128": "configs/accel/scalesim_128x128_os.cfg"}

# factor -> list of (label, preset, overrides); the base is DDR4-2400, 1 channel, 1 rank, open page.
FACTORS = {
    "channels": [(str(c), "ddr4-2400", {"org.channels": c, "mapping": "RoRaBaBgCoCh"}) for c in (1, 2, 4, 8)],
    "ranks": [(str(r), "ddr4-2400", {"org.ranks": r}) for r in (1, 2, 4)],
    "bank groups": [(str(g), "ddr4-2400", {"org.bank_groups": g}) for g in (1, 2, 4)],
    "banks per group": [(str(b), "ddr4-2400", {"org.banks_per_group": b}) for b in (2, 4, 8)],
    # HBM2 as one pseudo-channel, as these studies were measured (docs/dram.md, "HBM pseudo-channels").
    "standard": [(p, p, {}) for p in ("ddr4-2400", "lpddr4-3200", "ddr5-4800")]
                + [("hbm2", "hbm2", {"controller.queues": "per_channel", "org.ranks": 1})],
    "page policy": [("open", "ddr4-2400", {}), ("closed", "ddr4-2400", {"controller.page_policy": "closed"}),
                    ("timeout 200", "ddr4-2400", {"controller.page_policy": "timeout", "controller.page_timeout": 200})],
    "mapping": [(m, "ddr4-2400", {"mapping": m}) for m in ("RoBaRaCoCh", "RoRaBaBgCoCh", "RoRaBgBaChCo", "ChRaBaRoCo")]
               + [("RoBaRaCoCh+xor", "ddr4-2400", {"mapping": "RoBaRaCoCh", "xor_bank_hash": True})],
}


def run_serve(binary):
    requests, keys = [], []
    for factor, levels in FACTORS.items():
        for net, topo in NETWORKS.items():
            for array, accel in ARRAYS.items():
                for label, preset, overrides in levels:
                    requests.append({"id": len(requests), "accel": accel, "dram": preset, "dram_set": overrides,
                                     "topology": topo})
                    keys.append((factor, net, array, label))
    proc = subprocess.run([binary, "serve"], input="".join(json.dumps(r) + "\n" for r in requests),
                          capture_output=True, text=True, cwd=ROOT, check=True)
    answers = {a["id"]: a for a in map(json.loads, proc.stdout.splitlines())}

    rows = []
    for i, (factor, net, array, label) in enumerate(keys):
        a = answers[i]
        if not a["ok"]:
            raise SystemExit(f"{factor} {net} {array} {label}: {a['error']}")
        t = a["total"]
        rows.append({"factor": factor, "network": net, "array": array, "level": label,
                     "stall_share": t["stall_cycles"] / t["total_cycles"], "time_us": t["time_us"],
                     "dram_gbps": t["dram_bandwidth_gbps"], "energy_uj": t["energy_nj"]["total"] / 1000,
                     "dram_energy_uj": t["energy_nj"]["dram"] / 1000})
    with open(STUDIES, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def print_tables():
    with open(STUDIES, newline="") as f:
        rows = list(csv.DictReader(f))
    for factor, levels in FACTORS.items():
        labels = [l for l, _, _ in levels]
        print(f"\n#### {factor}\n")
        print("| network, array | " + " | ".join(labels) + " |")
        print("|---|" + "---|" * len(labels))
        for net in NETWORKS:
            for array in ARRAYS:
                shares = [next(float(r["stall_share"]) for r in rows
                               if (r["factor"], r["network"], r["array"], r["level"]) == (factor, net, array, l))
                          for l in labels]
                print(f"| {net}, {array} | " + " | ".join(f"{100 * s:.1f} %" for s in shares) + " |")


def plot(binary):
    """One figure per factor: the stall share at each level, a line per network and array."""
    for factor in FACTORS:
        subprocess.run([binary, "plot", STUDIES, "--where", f"factor={factor}", "--x", "level", "--y", "stall_share",
                        "--color", "network,array", "--line", "--categorical", "--title", factor, "--xlabel", factor,
                        "--ylabel", "memory stall share (stall / total cycles)",
                        "-o", os.path.join(HERE, factor.replace(" ", "_") + ".png")],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "apps", "dramsweep"))
    parser.add_argument("--plots-only", action="store_true", help="redraw the figures from studies.csv")
    args = parser.parse_args()
    if not args.plots_only:
        run_serve(args.binary)
    print_tables()
    plot(args.binary)


if __name__ == "__main__":
    main()
