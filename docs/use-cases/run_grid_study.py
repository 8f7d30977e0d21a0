#!/usr/bin/python3
"""The whole-grid study of docs/use-cases.md: ResNet-18 and AlexNet, each over the full grid of
array size x DRAM standard x channels x ranks x page policy x address mapping x scheduler x bank
hashing (1,536 configurations per network, 3,072 in all), run as two `dramsweep sweep`s in the
closed loop, then `dramsweep pareto --objectives latency,energy` on each. Writes the full
results to out/use-cases/, the fronts to docs/use-cases/grid_front_<net>.csv, the plot
docs/use-cases/grid_pareto.png (`dramsweep plot --pareto latency,energy` of both networks), and
prints the markdown for docs/use-cases.md.

    /usr/bin/python3 docs/use-cases/run_grid_study.py [--binary build/apps/dramsweep] [--backend auto]
"""
import argparse
import csv
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
NETWORKS = {"ResNet-18": "resnet18", "AlexNet": "alexnet"}
FACTORS = ["accel.array_rows", "preset", "org.channels", "org.ranks", "controller.page_policy", "mapping",
           "controller.scheduler", "xor_bank_hash"]


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def run(args, net):
    out_dir = os.path.join(ROOT, "out", "use-cases")
    os.makedirs(out_dir, exist_ok=True)
    results = os.path.join(out_dir, f"grid_{net}.csv")
    front = os.path.join(HERE, f"grid_front_{net}.csv")
    start = time.time()
    subprocess.run([args.binary, "sweep", os.path.join(HERE, f"grid_{net}.json"), "--backend", args.backend,
                    "--out", results, "--quiet"], cwd=ROOT, check=True)
    seconds = time.time() - start
    subprocess.run([args.binary, "pareto", results, "--objectives", "latency,energy", "--out", front],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return results, read_csv(results), read_csv(front), seconds


def describe(row):
    xor = " +xor" if row["xor_bank_hash"] == "true" else ""
    return (f"{row['accel.array_rows']}x{row['accel.array_rows']} | {row['preset']} | {row['org.channels']} | "
            f"{row['org.ranks']} | {row['controller.page_policy']} | {row['mapping']}{xor} | "
            f"{row['controller.scheduler']}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "apps", "dramsweep"))
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args()
    if os.path.isdir(args.binary):
        args.binary = os.path.join(args.binary, "dramsweep")

    files, titles = [], []
    for name, net in NETWORKS.items():
        path, rows, front, seconds = run(args, net)
        print(f"#### {name}: {len(rows)} configurations in {seconds:.0f} s ({args.backend} backend), "
              f"{len(front)} on the latency-energy front\n")
        print("| array | standard | channels | ranks | page | mapping | scheduler | latency (ms) | energy (mJ) "
              "| stall share | bandwidth used |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for r in sorted(front, key=lambda r: float(r["latency_s"])):
            print(f"| {describe(r)} | {float(r['latency_s']) * 1e3:.3f} | {float(r['energy_j']) * 1e3:.3f} | "
                  f"{float(r['stall_share']) * 100:.1f} % | {float(r['dram_bandwidth_utilization']) * 100:.0f} % |")
        print()
        files.append(path)
        titles += ["--title", f"{name}: {len(rows)} configurations"]
    subprocess.run([args.binary, "plot", *files, "--pareto", "latency,energy", "--color", "preset", "--logx",
                    *titles, "--xlabel", "latency (s, log)", "--ylabel", "energy (J)",
                    "-o", os.path.join(HERE, "grid_pareto.png")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
