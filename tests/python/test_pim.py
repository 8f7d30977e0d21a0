"""dramsweep.pim.evaluate against `dramsweep pim evaluate --json`: the same inputs give the same
object field for field (the mapper's search time, which the clock decides, left out); bad input is
dramsweep.InputError with the field."""
import json
import os
import unittest

from support import Scratch, dramsweep, dramsweep_json, require_module

require_module()
import dramsweep as ds  # noqa: E402


def without_search_time(result):
    result["total"].pop("search_cpu_seconds")
    return result


class EvaluateMatchesTheCli(unittest.TestCase):
    def test_a_preset_with_overrides_gives_the_cli_json(self):
        cli = dramsweep_json("pim", "evaluate", "--pim", "t-16", "--network", "alexnet", "--batch", "2",
                             "--set", "pim.mesh=2x2", "--set", "pim.buffer_kb=64", "--json")
        got = ds.pim.evaluate("t-16", "alexnet", batch=2, pim_set={"mesh": "2x2", "buffer_kb": 64})
        self.assertEqual(without_search_time(got), without_search_time(cli))
        self.assertEqual([layer["name"] for layer in got["layers"]][:2], ["conv1_a", "conv1_b"])
        self.assertGreater(got["total"]["cycles"], 0)

    def test_the_timing_mode_gives_the_cli_json(self):
        cli = dramsweep_json("pim", "evaluate", "--pim", "hb-4x4", "--network", "alexnet", "--timing",
                             "--set", "controller.page_policy=closed", "--json")
        got = ds.pim.evaluate("hb-4x4", "alexnet", timing=True, dram_set={"controller.page_policy": "closed"})
        self.assertEqual(got["mode"], "timing")
        self.assertEqual(without_search_time(got), without_search_time(cli))


    def test_a_pim_sweep_spec_gives_the_rows_of_the_cli(self):
        spec = {"name": "pim", "workload": {"pim_network": "alexnet"}, "base": "t-16",
                "axes": [{"key": "pim.mesh", "values": ["2x2", "4x4"]}]}
        rows = ds.sweep(spec, backend="host", validate="all")
        with Scratch() as folder:
            path = os.path.join(folder, "pim.json")
            with open(path, "w") as f:
                json.dump(spec, f)
            out = os.path.join(folder, "pim.jsonl")
            dramsweep("sweep", path, "--backend", "reference", "--quiet", "--out", out)
            with open(out) as f:
                cli = sorted((json.loads(line) for line in f), key=lambda row: row["config"])
        self.assertEqual(rows, cli)
        self.assertEqual([row["pim.mesh"] for row in rows], ["2x2", "4x4"])


class Errors(unittest.TestCase):
    def test_a_bad_design_field_names_it(self):
        with self.assertRaises(ds.InputError) as caught:
            ds.pim.evaluate("t-16", "alexnet", pim_set={"pe_array": "0x14"})
        self.assertEqual(caught.exception.field, "pe_array")

    def test_an_unknown_preset_and_a_bad_batch_name_the_argument(self):
        with self.assertRaises(ds.InputError) as caught:
            ds.pim.evaluate("t-99", "alexnet")
        self.assertEqual(caught.exception.field, "pim")
        with self.assertRaises(ds.InputError) as caught:
            ds.pim.evaluate("t-16", "alexnet", batch=0)
        self.assertEqual(caught.exception.field, "batch")


if __name__ == "__main__":
    unittest.main(verbosity=2)
