#!/usr/bin/python3
"""Scaling figure for bench/RESULTS.md: wall time of `dramsweep sweep` against the number of
configurations and against the stream length (log-log), one line per backend, from the CSVs that
bench/scaling.sh wrote (BACKEND_configs.csv, BACKEND_stream.csv; columns backend, configs,
requests, seconds, config_requests_per_s).

    /usr/bin/python3 bench/plot.py [--results DIR] [--out bench/scaling.png]

Uses Debian's matplotlib (python3-matplotlib); a pyenv python3 on PATH may not have it.
"""
import argparse
import csv
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
STYLE = {"host": ("tab:blue", "o"), "cuda": ("tab:green", "s"), "reference": ("tab:gray", "^")}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [(int(r["configs"]), int(r["requests"]), float(r["seconds"])) for r in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", default=str(HERE / "scaling_results"))
    ap.add_argument("--out", default=str(HERE / "scaling.png"))
    a = ap.parse_args()
    results = pathlib.Path(a.results)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.4))
    found = False
    for kind, ax, xi, other in (("configs", ax1, 0, 1), ("stream", ax2, 1, 0)):
        for path in sorted(results.glob(f"*_{kind}.csv")):
            backend = path.name[: -len(f"_{kind}.csv")]
            rows = sorted(read(path), key=lambda r: r[xi])
            if not rows:
                continue
            found = True
            color, marker = STYLE.get(backend, (None, "x"))
            fixed = sorted({r[other] for r in rows})
            label = f"{backend} ({'requests' if kind == 'configs' else 'configurations'} = " \
                    f"{', '.join(f'{v:,}' for v in fixed)})"
            ax.plot([r[xi] for r in rows], [r[2] for r in rows], marker=marker, color=color, label=label)
    for ax, xlabel, title in ((ax1, "DRAM configurations", "time vs number of configurations"),
                              (ax2, "requests per configuration (rand_read)", "time vs stream length")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("wall time of dramsweep sweep (s)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=8)
    if not found:
        print(f"plot.py: no *_configs.csv or *_stream.csv under {results}", file=sys.stderr)
        return 2
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
