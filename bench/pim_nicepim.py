#!/usr/bin/env python3
"""NicePIM mapper against the TETRIS-style baseline (docs/pim-results.md).

Runs `dramsweep pim evaluate --json` for every network, batch and design with the baseline and
the NicePIM mapper (and its ablation steps), on one core, and writes one CSV row per run to
bench/pim_nicepim.csv plus the Markdown tables of docs/pim-results.md to stdout.

Both mappers are measured the same way: a layer's time is the larger of the evaluator's time
and its busiest NoC link's time, its static energy runs over that time (the baseline's own
totals leave the NoC out; its layers' `noc_cycles` put it back).

    bench/pim_nicepim.py [--binary build/apps/dramsweep] [--goal edp] [--quick] [--cpu 0]
    bench/pim_nicepim.py --speed [--repeat 3] [--cpu 0]   # the mapper's CPU time, candidates one by one or batched
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys

NETWORKS = ["alexnet", "vgg16", "resnet50", "googlenet", "transformer"]
DESIGNS = ["t-16", "hb-4x4"]
BATCHES = [1, 16]
# (name, mapper arguments): the ablation, each step adding to the one before.
VARIANTS = [
    ("baseline", ["--mapper", "baseline"]),
    ("noc_beam", ["--mapper", "nicepim", "--no-branches", "--no-layouts", "--no-capacity-allocation",
                  "--scheduler", "pull"]),
    ("branches", ["--mapper", "nicepim", "--no-layouts", "--no-capacity-allocation", "--scheduler", "pull"]),
    ("layout_capacity", ["--mapper", "nicepim", "--scheduler", "pull"]),
    ("greedy", ["--mapper", "nicepim", "--scheduler", "greedy"]),
    ("nicepim", ["--mapper", "nicepim", "--scheduler", "ilp"]),
]
PES = {"t-16": 16 * 14 * 14, "hb-4x4": 16 * 16 * 16}  # nodes x PEs (configs/pim/)
ENERGY = ["mac", "regf", "buffer", "array_bus", "dram", "noc", "static"]


def run(binary, design, network, batch, goal, args, cpu=0):
    cmd = ["taskset", "-c", str(cpu), binary, "pim", "evaluate", "--pim", design, "--network", network, "--batch",
           str(batch), "--set", "pim.mapping.goal=" + goal, "--json"] + args
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    j["_pes"] = PES[design]
    return j


def measure(j):
    """NoC-aware latency, energy and breakdowns of one run."""
    t = j["total"]
    row = {"search_cpu_s": t["search_cpu_seconds"], "scheduler_s": t.get("scheduler_seconds", 0.0)}
    if j["mapper"] == "baseline":
        static_rate = t["energy_breakdown_pj"]["static"] / t["cycles"]
        latency = sum(max(l["cycles"], l["noc_cycles"]) for l in j["layers"])
        energy = t["energy_pj"] + static_rate * (latency - t["cycles"])
        parts = dict(t["energy_breakdown_pj"])
        parts["static"] = static_rate * latency
    else:
        latency, energy, parts = t["cycles"], t["energy_pj"], dict(t["energy_breakdown_pj"])
        row["parallel_steps"] = t["parallel_steps"]
        row["weights_partitioned"] = t["weights_partitioned"]
    row.update(latency=latency, energy_pj=energy)
    # Bounds no mapping can beat: every PE busy every cycle; MAC and register-file energy.
    pes = j["_pes"]
    row["ideal_latency"] = -(-t["ops"] // pes)
    row["energy_floor_pj"] = t["energy_breakdown_pj"]["mac"] + t["energy_breakdown_pj"]["regf"]
    for k in ENERGY:
        row["e_" + k] = parts[k]
    # Busy time of each resource, summed over the layers (they overlap within a layer).
    row["t_compute"] = sum(max(l["proc_cycles"], l["bus_cycles"]) for l in j["layers"])
    row["t_dram"] = sum(l["dram_cycles"] for l in j["layers"])
    row["t_noc"] = sum(l["noc_cycles"] for l in j["layers"])
    if j["mapper"] == "nicepim":
        s = [l["schedule"] for l in j["layers"]]
        row["greedy_makespan"] = sum(x["greedy_makespan"] for x in s)
        row["ilp_makespan"] = sum(x["ilp_makespan"] for x in s)
        row["pull_makespan"] = sum(x["pull_makespan"] for x in s)
        row["greedy_bit_hops"] = sum(x["greedy_bit_hops"] for x in s)
        row["ilp_bit_hops"] = sum(x["ilp_bit_hops"] for x in s)
        row["pull_bit_hops"] = sum(x["pull_bit_hops"] for x in s)
        row["ilp_optimal_layers"] = sum(1 for x in s if x["optimal"])
        row["layers"] = len(s)
        row["ilp_mean_s"] = statistics.mean(x["seconds"] for x in s)
        row["ilp_max_s"] = max(x["seconds"] for x in s)
        row["ilp_max_gap"] = max(max(x["makespan_gap"], x["bit_hop_gap"]) for x in s)
        row["matched_layouts"] = sum(1 for l in j["layers"] if l["layout"] != "producer")
    return row


# The full mapper + ILP scheduler, three ways: every candidate evaluated one by one and every split
# of the mesh searched; the candidates in batches (one host thread); batches and the splits whose
# bound cannot enter the beam pruned (the default). The mappings are the same (tests/pim).
SPEED_VARIANTS = [
    ("one_by_one", ["--candidates", "reference", "--no-split-pruning"]),
    ("batched", ["--candidates", "host", "--no-split-pruning"]),
    ("batched_pruned", ["--candidates", "host"]),
]


def speed(a):
    """Best-of-N CPU seconds of mapper + ILP scheduler on one core, per variant, and whether the
    variants chose the same mapping (each layer's rectangle, partition and blocking)."""
    print("| design | network | batch | " + " | ".join(f"{n} CPU-s (scheduler)" for n, _ in SPEED_VARIANTS) +
          " | splits pruned | same mapping |")
    print("|---|---|---:|" + "---:|" * len(SPEED_VARIANTS) + "---:|---|")
    for design in ["t-16", "hb-4x4"]:
        for net in ["resnet50", "googlenet"]:
            for batch in [1, 16]:
                cells, mappings, pruned = [], set(), 0
                for _, args in SPEED_VARIANTS:
                    runs = [run(a.binary, design, net, batch, a.goal, ["--mapper", "nicepim"] + args, a.cpu)
                            for _ in range(a.repeat)]
                    best = min(runs, key=lambda j: j["total"]["search_cpu_seconds"])
                    t = best["total"]
                    cells.append(f"{t['search_cpu_seconds']:.3f} ({t['scheduler_seconds']:.3f})")
                    pruned = t.get("splits_pruned", 0)
                    mappings.add(json.dumps([(l["rect"], l["partition"], l["blocking"]) for l in best["layers"]]))
                print(f"| {design} | {net} | {batch} | " + " | ".join(cells) +
                      f" | {pruned} | {'yes' if len(mappings) == 1 else 'NO'} |", flush=True)


def geomean(xs):
    p = 1.0
    for x in xs:
        p *= x
    return p ** (1.0 / len(xs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "build", "apps", "dramsweep"))
    ap.add_argument("--goal", default="edp")
    ap.add_argument("--csv", default=os.path.join(os.path.dirname(__file__), "pim_nicepim.csv"))
    ap.add_argument("--quick", action="store_true", help="batch 1 on t-16 only")
    ap.add_argument("--tables-from", help="print the tables of an earlier CSV (no runs)")
    ap.add_argument("--speed", action="store_true", help="the mapper's CPU time, candidates one by one or batched")
    ap.add_argument("--cpu", type=int, default=0, help="the core every run is pinned to (taskset -c)")
    ap.add_argument("--repeat", type=int, default=3, help="--speed: runs per variant (the fastest counts)")
    a = ap.parse_args()
    if a.speed:
        speed(a)
        return
    rows = []
    designs, batches = (["t-16"], [1]) if a.quick else (DESIGNS, BATCHES)
    if a.tables_from:
        with open(a.tables_from) as f:
            for r in csv.DictReader(f):
                for k, v in r.items():
                    try:
                        r[k] = int(v)
                    except ValueError:
                        try:
                            r[k] = float(v)
                        except ValueError:
                            pass
                rows.append(r)
        a.goal = rows[0]["goal"]
    for design in designs if not a.tables_from else []:
        for net in NETWORKS:
            for batch in batches:
                for name, args in VARIANTS:
                    r = measure(run(a.binary, design, net, batch, a.goal, args, a.cpu))
                    r.update(design=design, network=net, batch=batch, variant=name, goal=a.goal)
                    rows.append(r)
                    print(f"{design} {net} b{batch} {name}: {r['latency']} cycles {r['energy_pj']:.4e} pJ "
                          f"({r['search_cpu_s']:.2f} CPU-s)", file=sys.stderr)
    for r in rows:
        b = next(x for x in rows if x["variant"] == "baseline" and
                 (x["design"], x["network"], x["batch"]) == (r["design"], r["network"], r["batch"]))
        r["latency_norm"] = r["latency"] / b["latency"]
        r["energy_norm"] = r["energy_pj"] / b["energy_pj"]
        r["case"] = f"{r['network']}-b{r['batch']}"
    keys = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    with open(a.csv if not a.tables_from else a.tables_from, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)

    def get(design, net, batch, variant):
        return next(r for r in rows if (r["design"], r["network"], r["batch"], r["variant"]) ==
                    (design, net, batch, variant))

    print(f"### NicePIM against the baseline (goal {a.goal}; latency and energy normalised to the baseline)\n")
    print("| design | network | batch | baseline cycles | nicepim cycles | latency | bound | baseline pJ | nicepim pJ | energy | bound | parallel steps | layouts moved |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lat, en = [], []
    for design in designs:
        for net in NETWORKS:
            for batch in batches:
                b, n = get(design, net, batch, "baseline"), get(design, net, batch, "nicepim")
                lat.append(n["latency"] / b["latency"])
                en.append(n["energy_pj"] / b["energy_pj"])
                print(f"| {design} | {net} | {batch} | {b['latency']} | {n['latency']} | {lat[-1]:.3f} | "
                      f"{b['ideal_latency'] / b['latency']:.3f} | {b['energy_pj']:.4e} | {n['energy_pj']:.4e} | "
                      f"{en[-1]:.3f} | {b['energy_floor_pj'] / b['energy_pj']:.3f} | {n['parallel_steps']} | "
                      f"{n['matched_layouts']} |")
    print(f"\nAverage (arithmetic) latency {statistics.mean(lat):.3f}, energy {statistics.mean(en):.3f}; "
          f"geometric {geomean(lat):.3f}, {geomean(en):.3f}\n")

    print("### Ablation (latency / energy normalised to the baseline)\n")
    print("| design | network | batch | " + " | ".join(v for v, _ in VARIANTS[1:]) + " |")
    print("|---|---|---:|" + "---:|" * (len(VARIANTS) - 1))
    for design in designs:
        for net in NETWORKS:
            for batch in batches:
                b = get(design, net, batch, "baseline")
                cells = []
                for v, _ in VARIANTS[1:]:
                    r = get(design, net, batch, v)
                    cells.append(f"{r['latency'] / b['latency']:.3f} / {r['energy_pj'] / b['energy_pj']:.3f}")
                print(f"| {design} | {net} | {batch} | " + " | ".join(cells) + " |")
    print()

    print("### Energy breakdown (% of the baseline's total) and resource busy time (cycles, summed over layers)\n")
    print("| design | network | batch | mapper | " + " | ".join(ENERGY) + " | compute | DRAM | NoC |")
    print("|---|---|---:|---|" + "---:|" * (len(ENERGY) + 3))
    for design in designs:
        for net in NETWORKS:
            for batch in batches:
                b = get(design, net, batch, "baseline")
                for v in ["baseline", "nicepim"]:
                    r = get(design, net, batch, v)
                    cells = [f"{100 * r['e_' + k] / b['energy_pj']:.1f}" for k in ENERGY]
                    print(f"| {design} | {net} | {batch} | {v} | " + " | ".join(cells) +
                          f" | {r['t_compute']} | {r['t_dram']} | {r['t_noc']} |")
    print()

    print("### Data-Scheduler: ILP against greedy and pulling (sums over the layers)\n")
    print("| design | network | batch | makespan pull / greedy / ILP (cycles) | shared bit-hops pull / greedy / ILP | proven optimal | ILP CPU-s per layer mean / max | largest gap |")
    print("|---|---|---:|---|---|---:|---|---:|")
    for design in designs:
        for net in NETWORKS:
            for batch in batches:
                r = get(design, net, batch, "nicepim")
                print(f"| {design} | {net} | {batch} | {r['pull_makespan']:.0f} / {r['greedy_makespan']:.0f} / "
                      f"{r['ilp_makespan']:.0f} | {r['pull_bit_hops']:.3e} / {r['greedy_bit_hops']:.3e} / "
                      f"{r['ilp_bit_hops']:.3e} | {r['ilp_optimal_layers']} of {r['layers']} | "
                      f"{r['ilp_mean_s']:.4f} / {r['ilp_max_s']:.4f} | {r['ilp_max_gap']:.3f} |")
    print()
    print("### Speed (one core)\n")
    print("| design | network | batch | baseline CPU-s | nicepim CPU-s | of which the scheduler |")
    print("|---|---|---:|---:|---:|---:|")
    for design in designs:
        for net in NETWORKS:
            for batch in batches:
                b, n = get(design, net, batch, "baseline"), get(design, net, batch, "nicepim")
                print(f"| {design} | {net} | {batch} | {b['search_cpu_s']:.3f} | {n['search_cpu_s']:.3f} | "
                      f"{n['scheduler_s']:.3f} |")


if __name__ == "__main__":
    main()
