#!/usr/bin/env python3
"""Expected SCALE-Sim v2 report columns for the derived parity cases, without SCALE-Sim.

SCALE-Sim is not available here, so the numbers these cases expect are computed from the closed
form of SCALE-Sim v2's compute model (shared/reference/scalesim/README.md, checked there on every
row of the ten reference cases) and from the SRAM trace stamps of docs/model.md (SCALE-Sim's
demand-matrix lines, checked against SCALE-Sim's own traces by test_parity). Nothing here calls
dramsweep. The topology is read as SCALE-Sim v2's topology reader reads a conv CSV (its
documented behaviour: each row split at commas with the piece after the last comma dropped;
column 8 is the row stride, column 9 the column stride, which equals the row stride when the row
has no 9th column; a layer whose name contains "DP" is run as C layers of one channel each,
named <name>Channel_<i>, with the row's other columns unchanged).

Give a case folder: writes expected.csv with one row per layer SCALE-Sim runs and the sixteen
columns its compute model produces, numbers printed as Python prints them (the format of
SCALE-Sim's reports). With --check and the folder of SCALE-Sim's reference outputs, compares the
script with SCALE-Sim's own reports instead, on every layer it applies to, and exits 1 on any
difference.

  python3 tests/parity/derived/derive_expected.py tests/parity/derived/strides_os
  python3 tests/parity/derived/derive_expected.py --check ../shared/reference/scalesim
"""

import configparser
import math
import sys
from pathlib import Path


def read_config(path):
    cfg = configparser.ConfigParser()
    cfg.read(path)
    arch = cfg["architecture_presets"]
    return int(arch["ArrayHeight"]), int(arch["ArrayWidth"]), arch["Dataflow"].strip()


def rows_of(path):
    """The cells of every row after the header, as SCALE-Sim splits them."""
    for row in Path(path).read_text().splitlines()[1:]:
        row = row.strip()
        if row:
            yield [c.strip() for c in row.split(",")[:-1]]


def read_gemm_layers(path):
    """A GEMM row (M, N, K) is the conv H=M, W=K, R=1, S=K, C=1, strides 1."""
    return [(c[0], int(c[1]), int(c[3]), 1, int(c[3]), 1, int(c[2]), 1, 1) for c in rows_of(path)]


def read_layers(path):
    """(name, H, W, R, S, C, N, stride_h, stride_w) for every layer SCALE-Sim runs."""
    layers = []
    for cells in rows_of(path):
        name, values = cells[0], [int(c) for c in cells[1:]]
        if len(values) == 7:
            values.append(values[6])  # no column stride: the row stride
        if "DP" in name:
            channels = values[4]
            for c in range(channels):
                one = list(values)
                one[4] = 1
                layers.append((f"{name}Channel_{c}", *one))
        else:
            layers.append((name, *values))
    return layers


class WindowPastTheEdge(Exception):
    pass


def fold_sizes(dim, size):
    """Used rows (or columns) of each fold along one array dimension."""
    return [min(size, dim - f * size) for f in range(math.ceil(dim / size))]


def layer_columns(layer, ra, ca, dataflow):
    name, h, w, r, s, c, n, sh, sw = layer
    # Windows running past the edge would leave -1 elements whose trace stamps this script does
    # not model; the derived cases avoid them.
    if (h - r) % sh != 0 or (w - s) % sw != 0:
        raise WindowPastTheEdge(name)
    eh, ew = (h - r) // sh + 1, (w - s) // sw + 1
    m, k = eh * ew, r * s * c
    rows_dim, cols_dim, t = {"os": (m, n, k), "ws": (k, n, m), "is": (k, m, n)}[dataflow]
    row_used, col_used = fold_sizes(rows_dim, ra), fold_sizes(cols_dim, ca)
    folds = [(ur, uc) for uc in col_used for ur in row_used]  # column fold outer, row fold inner
    f = len(folds)
    length = t + ra + ca - 2 if dataflow == "os" else 2 * ra + ca + t - 2
    cycles = f * length - 1  # quirk 1: the stamp of the last cycle
    util_length = length if dataflow == "os" else 2 * ra + 2 * ca + t - 3  # quirk 3

    mapping = 0.0
    compute = 0.0
    for ur, uc in folds:
        mapping += ur * uc / (ra * ca)
        compute += ur * uc * t / (ra * ca * util_length)
    rf, cf = len(row_used), len(col_used)
    if dataflow == "os":
        reads = (m * k * cf, k * n * rf, m * n + f * (ra + ca))  # quirk 2
    elif dataflow == "ws":
        reads = (m * k * cf, k * n, m * n * rf)  # quirk 4
    else:
        reads = (m * k, k * n * cf, m * n * rf)

    # Trace stamps (docs/model.md): reads one cycle after their demand line, writes at it.
    ur0, (ur_last, uc_last) = folds[0][0], folds[-1]
    last = (f - 1) * length
    if dataflow == "os":
        ifmap = (1, last + t + ur_last - 1)
        filt = (1, last + t + uc_last - 1)
        ofmap = (t - 1 + ra - ur0, last + t + ra + uc_last - 3)
    elif dataflow == "ws":
        ifmap = (ra + 1, last + ra + t + ur_last - 1)
        filt = (ra - ur0 + 1, last + ra)
        ofmap = (2 * ra - 1, last + 2 * ra + t + uc_last - 3)
    else:
        ifmap = (ra - ur0 + 1, last + ra)
        filt = (ra + 1, last + ra + t + ur_last - 1)
        ofmap = (2 * ra - 1, last + 2 * ra + t + uc_last - 3)

    return {
        "Total Cycles": cycles,
        "Stall Cycles": 0,
        "Overall Util %": m * n * k * 100 / (cycles * ra * ca),
        "Mapping Efficiency %": mapping / f * 100,
        "Compute Util %": compute / f * 100,
        "Avg IFMAP SRAM BW": reads[0] / cycles,
        "Avg FILTER SRAM BW": reads[1] / cycles,
        "Avg OFMAP SRAM BW": reads[2] / cycles,
        "SRAM IFMAP Start Cycle": float(ifmap[0]),
        "SRAM IFMAP Stop Cycle": float(ifmap[1]),
        "SRAM IFMAP Reads": reads[0],
        "SRAM Filter Start Cycle": float(filt[0]),
        "SRAM Filter Stop Cycle": float(filt[1]),
        "SRAM Filter Reads": reads[1],
        "SRAM OFMAP Start Cycle": float(ofmap[0]),
        "SRAM OFMAP Stop Cycle": float(ofmap[1]),
        "SRAM OFMAP Writes": reads[2],
    }


def main(case_dir):
    case = Path(case_dir)
    ra, ca, dataflow = read_config(case / "scale.cfg")
    rows = [layer_columns(layer, ra, ca, dataflow) for layer in read_layers(case / "topo.csv")]
    header = ["LayerID"] + list(rows[0].keys())
    text = ", ".join(header) + ",\n"
    for i, row in enumerate(rows):
        text += ", ".join([str(i)] + [repr(v) for v in row.values()]) + ",\n"
    (case / "expected.csv").write_text(text)


def read_report(path):
    lines = [line for line in Path(path).read_text().splitlines() if line.strip()]
    header = [c.strip() for c in lines[0].split(",") if c.strip()]
    return header, [[c.strip() for c in line.split(",")][: len(header)] for line in lines[1:]]


def check(reference_root):
    """Compares the script with SCALE-Sim's reports; returns the number of differences."""
    checked = differences = 0
    for case in sorted(p for p in Path(reference_root).iterdir() if (p / "scale.cfg").exists()):
        ra, ca, dataflow = read_config(case / "scale.cfg")
        gemm = [c.strip() for c in (case / "topo.csv").read_text().splitlines()[0].split(",")][1:4] == ["M", "N", "K"]
        layers = read_gemm_layers(case / "topo.csv") if gemm else read_layers(case / "topo.csv")
        reports = [read_report(case / name) for name in
                   ("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv")]
        for i, layer in enumerate(layers):
            try:
                columns = layer_columns(layer, ra, ca, dataflow)
            except WindowPastTheEdge:
                continue
            for column, value in columns.items():
                for header, rows in reports:
                    if column not in header:
                        continue
                    theirs = rows[i][header.index(column)]
                    checked += 1
                    if theirs != repr(value) and theirs != str(value):
                        differences += 1
                        print(f"{case.name} layer {i} {column}: SCALE-Sim {theirs}, script {value!r}")
    print(f"{checked} values checked, {differences} differ")
    return differences


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(1 if check(sys.argv[2]) else 0)
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
