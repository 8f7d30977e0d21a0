#!/usr/bin/python3
"""A multi-objective Optuna study (latency and energy) on the dramsweep Python module.

Each trial proposes an accelerator (array size, dataflow, SRAM size) and a DRAM configuration
(standard, channels) and runs the network on it with dramsweep.run, in this process (the library
the command line uses; no subprocess). At the end it prints the Pareto front Optuna found.

    PYTHONPATH=build/python /usr/bin/python3 examples/optuna_loop.py --trials 40 [--topology configs/topologies/resnet18.csv]

Needs Debian's python3-optuna (for /usr/bin/python3) and a build with the Python module. The
sampler is seeded, so a run is reproducible.
"""
import argparse
import os
import sys

import optuna

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
try:
    import dramsweep
except ImportError:  # not on PYTHONPATH: the build tree of this checkout
    sys.path.insert(0, os.path.join(ROOT, "build", "python"))
    import dramsweep


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--topology", default=os.path.join(ROOT, "configs", "topologies", "alexnet.csv"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    def objective(trial):
        side = trial.suggest_categorical("array", [16, 32, 64, 128])
        sram_kb = trial.suggest_categorical("sram_kb", [32, 64, 128, 256])
        accel = {"array_rows": side, "array_cols": side, "ifmap_sram_kb": sram_kb, "filter_sram_kb": sram_kb,
                 "ofmap_sram_kb": sram_kb, "dataflow": trial.suggest_categorical("dataflow", ["os", "ws", "is"])}
        dram = trial.suggest_categorical("dram", ["ddr4-2400", "ddr4-3200", "lpddr4-3200", "hbm2"])
        channels = trial.suggest_categorical("channels", [1, 2, 4])
        try:
            result = dramsweep.run(accel, dram, args.topology, dram_set={"org.channels": channels})
        except dramsweep.InputError as error:
            raise optuna.TrialPruned(str(error))
        o = result["objectives"]
        # Chip area grows with PEs and SRAM: a third objective would make the trade-off honest;
        # two keep the example short.
        return o["latency_s"], o["energy_j"]

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(directions=["minimize", "minimize"],
                                sampler=optuna.samplers.NSGAIISampler(seed=args.seed))
    study.optimize(objective, n_trials=args.trials)

    front = sorted(study.best_trials, key=lambda t: t.values[0])
    print(f"Pareto front after {len(study.trials)} trials: {len(front)} configurations")
    for t in front:
        print(f"  latency {t.values[0] * 1e3:9.3f} ms  energy {t.values[1] * 1e3:9.3f} mJ  {t.params}")
    return 0 if front else 1


if __name__ == "__main__":
    sys.exit(main())
