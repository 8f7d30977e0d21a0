#!/usr/bin/env python3
"""The NicePIM mapper's CPU time with two binaries, interleaved (docs/pim-results.md, "Speed").

For each design, network, batch and variant the two binaries run alternately, `--repeat` times
each, pinned to one core; the fastest run of each counts. Prints a Markdown table with the search
and scheduler CPU seconds and whether every run chose the same mapping (each layer's rectangle,
partition and blocking).

    bench/pim_speed_ab.py --before OLD/apps/dramsweep --after build/apps/dramsweep [--repeat 2] [--cpu 1]
"""
import argparse
import json
import subprocess

VARIANTS = [("one_by_one", ["--candidates", "reference", "--no-split-pruning"]),
            ("batched_pruned", ["--candidates", "host"])]


def run(binary, cpu, design, net, batch, args):
    cmd = ["taskset", "-c", str(cpu), binary, "pim", "evaluate", "--pim", design, "--network", net, "--batch",
           str(batch), "--set", "pim.mapping.goal=edp", "--json", "--mapper", "nicepim"] + args
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True, help="the dramsweep binary before the change")
    ap.add_argument("--after", required=True, help="the dramsweep binary after it")
    ap.add_argument("--repeat", type=int, default=2, help="runs per binary and case (the fastest counts)")
    ap.add_argument("--cpu", type=int, default=1, help="the core every run is pinned to (taskset -c)")
    a = ap.parse_args()
    binaries = {"before": a.before, "after": a.after}
    print("| design | network | batch | variant | before CPU-s (scheduler) | after CPU-s (scheduler) | same mapping |")
    print("|---|---|---:|---|---:|---:|---|")
    for design in ["t-16", "hb-4x4"]:
        for net in ["resnet50", "googlenet"]:
            for batch in [1, 16]:
                for name, args in VARIANTS:
                    best, mappings = {}, set()
                    for _ in range(a.repeat):
                        for which, binary in binaries.items():
                            j = run(binary, a.cpu, design, net, batch, args)
                            t = j["total"]
                            mappings.add(json.dumps([(l["rect"], l["partition"], l["blocking"]) for l in j["layers"]]))
                            if which not in best or t["search_cpu_seconds"] < best[which][0]:
                                best[which] = (t["search_cpu_seconds"], t["scheduler_seconds"])
                    cells = " | ".join(f"{best[w][0]:.3f} ({best[w][1]:.3f})" for w in ["before", "after"])
                    print(f"| {design} | {net} | {batch} | {name} | {cells} | "
                          f"{'yes' if len(mappings) == 1 else 'NO'} |", flush=True)


if __name__ == "__main__":
    main()
