#!/usr/bin/python3
"""A q-batch Bayesian optimisation loop, BoTorch style, that evaluates each batch with one
dramsweep.sweep call on a list of q candidates (run together on the batched engine).

Each round fits a Gaussian-process surrogate to the log energy-delay product of the designs seen
so far, picks q new designs from the discrete design space by greedy Monte-Carlo q-Expected
Improvement (joint posterior samples over the unseen designs of highest expected improvement),
and evaluates the q of them in one call. BoTorch is not packaged in Debian, so the surrogate and the acquisition are written
here with numpy alone; with BoTorch, `propose_batch` is SingleTaskGP + qExpectedImprovement +
optimize_acqf_discrete over the same encoded candidates.

    PYTHONPATH=build/python /usr/bin/python3 examples/qbatch_loop.py [--rounds 4] [--q 8] [--backend auto]

Needs numpy (Debian's python3-numpy) and a build with the Python module. Seeded: reproducible.
"""
import argparse
import itertools
import math
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
try:
    import dramsweep
except ImportError:  # not on PYTHONPATH: the build tree of this checkout
    sys.path.insert(0, os.path.join(ROOT, "build", "python"))
    import dramsweep

ARRAYS = [8, 16, 32, 64, 128]
SRAM_KB = [16, 32, 64, 128, 256]
DATAFLOWS = ["os", "ws", "is"]
DRAMS = ["ddr4-2400", "ddr4-3200", "lpddr4-3200", "hbm2"]
CHANNELS = [1, 2, 4, 8]


def design_space():
    return list(itertools.product(ARRAYS, SRAM_KB, DATAFLOWS, DRAMS, CHANNELS))


def encode(design):
    """A design as a point of [0, 1]^d: sizes on a log scale, the categories one-hot."""
    side, sram, dataflow, dram, channels = design
    return ([math.log2(side / ARRAYS[0]) / math.log2(ARRAYS[-1] / ARRAYS[0]),
             math.log2(sram / SRAM_KB[0]) / math.log2(SRAM_KB[-1] / SRAM_KB[0]),
             math.log2(channels) / math.log2(CHANNELS[-1])]
            + [float(dataflow == d) for d in DATAFLOWS] + [float(dram == d) for d in DRAMS])


def configuration(design, topology):
    side, sram, dataflow, dram, channels = design
    return {"accel": {"array_rows": side, "array_cols": side, "ifmap_sram_kb": sram, "filter_sram_kb": sram,
                      "ofmap_sram_kb": sram, "dataflow": dataflow},
            "dram": dram, "dram_set": {"org.channels": channels}, "topology": topology}


def rbf(a, b, length):
    squared = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    return np.exp(-0.5 * squared / length ** 2)


def posterior(x_seen, y_seen, x_new, length=0.4, noise=1e-4, full=True):
    """The GP posterior (zero-mean on standardised y, unit RBF kernel) at x_new: the mean, and the
    covariance (full) or the variances."""
    mu, sigma = y_seen.mean(), y_seen.std() or 1.0
    y = (y_seen - mu) / sigma
    k = rbf(x_seen, x_seen, length) + noise * np.eye(len(x_seen))
    ks = rbf(x_seen, x_new, length)
    chol = np.linalg.cholesky(k)
    alpha = np.linalg.solve(chol.T, np.linalg.solve(chol, y))
    v = np.linalg.solve(chol, ks)
    mean = mu + sigma * (ks.T @ alpha)
    if not full:
        return mean, sigma ** 2 * np.clip(1.0 - (v ** 2).sum(0), 1e-12, None)
    return mean, sigma ** 2 * (rbf(x_new, x_new, length) - v.T @ v)


def expected_improvement(mean, variance, best):
    sd = np.sqrt(variance)
    z = (best - mean) / sd
    cdf = 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))
    pdf = np.exp(-0.5 * z ** 2) / math.sqrt(2 * math.pi)
    return (best - mean) * cdf + sd * pdf


def propose_batch(x_seen, y_seen, x_pool, q, rng, samples=256, shortlist=128):
    """q indices into x_pool, chosen greedily to maximise the Monte-Carlo qEI (minimising y) over
    joint posterior samples of the `shortlist` designs of highest single-point EI (as BoTorch's
    discrete optimisation draws raw samples before it optimises)."""
    best = y_seen.min()
    mean, variance = posterior(x_seen, y_seen, x_pool, full=False)
    candidates = np.argsort(-expected_improvement(mean, variance, best))[:shortlist]
    mean, cov = posterior(x_seen, y_seen, x_pool[candidates])
    w, vecs = np.linalg.eigh(cov)  # positive semi-definite up to rounding: clip, then sample
    draws = mean + (rng.standard_normal((samples, len(candidates))) * np.sqrt(np.clip(w, 0, None))) @ vecs.T
    chosen, batch_min = [], np.full(samples, np.inf)
    for _ in range(min(q, len(candidates))):
        improvement = np.maximum(best - np.minimum(batch_min[:, None], draws), 0).mean(0)
        improvement[chosen] = -1
        pick = int(np.argmax(improvement))
        chosen.append(pick)
        batch_min = np.minimum(batch_min, draws[:, pick])
    return [int(candidates[c]) for c in chosen]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="acquisition rounds after the initial batch")
    parser.add_argument("--q", type=int, default=8, help="designs per batch (one sweep call each)")
    parser.add_argument("--topology", default=os.path.join(ROOT, "configs", "topologies", "alexnet.csv"))
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    space = design_space()
    x_all = np.array([encode(d) for d in space])
    seen, y = [], []

    def evaluate(indices):
        rows = dramsweep.sweep([configuration(space[i], args.topology) for i in indices], backend=args.backend)
        for i, row in zip(indices, rows):
            seen.append(i)
            y.append(math.log(row["edp_js"]))

    evaluate(list(rng.choice(len(space), size=args.q, replace=False)))  # the initial design: q at random
    print(f"round 0: {args.q} random designs, best EDP {math.exp(min(y)):.4g} J*s")
    for r in range(1, args.rounds + 1):
        done = set(seen)
        pool = [i for i in range(len(space)) if i not in done]
        picks = propose_batch(x_all[seen], np.array(y), x_all[pool], args.q, rng)
        evaluate([pool[p] for p in picks])
        print(f"round {r}: {args.q} designs by qEI, best EDP {math.exp(min(y)):.4g} J*s")

    best = seen[int(np.argmin(y))]
    side, sram, dataflow, dram, channels = space[best]
    print(f"best of {len(seen)} evaluated ({len(space)} in the space): {side}x{side} {dataflow}, {sram} kB SRAMs, "
          f"{dram} x{channels} channels, EDP {math.exp(min(y)):.4g} J*s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
