"""The examples that drive the module, run small: the Optuna study (one dramsweep.run per trial)
and the q-batch loop (one dramsweep.sweep per batch of q candidates)."""
import subprocess
import sys
import unittest

from support import require, require_module, source

require_module()
require("numpy")

TINY = source("configs", "topologies", "tiny_mixed.json")


def run_example(name, *args):
    proc = subprocess.run([sys.executable, source("examples", name), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"{name} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


class Examples(unittest.TestCase):
    def test_optuna_study_finds_a_pareto_front(self):
        try:
            import optuna  # noqa: F401
        except ImportError:
            self.skipTest("python3-optuna missing")
        out = run_example("optuna_loop.py", "--trials", "6", "--topology", TINY)
        self.assertIn("Pareto front after 6 trials", out)

    def test_qbatch_loop_evaluates_batches_and_improves_or_keeps_its_best(self):
        out = run_example("qbatch_loop.py", "--rounds", "2", "--q", "4", "--topology", TINY, "--backend", "host")
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("round 0: 4 random designs"), out)
        best = [float(line.rsplit(" ", 2)[1]) for line in lines if line.startswith("round")]
        self.assertEqual(len(best), 3)
        self.assertEqual(best, sorted(best, reverse=True))  # the best so far never gets worse
        self.assertIn("best of 12 evaluated (1200 in the space)", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
