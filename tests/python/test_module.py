"""The Python module against the command line: the same inputs give the same results field for
field (run --json, trace --json, sweep's CSV and JSON Lines rows, serve's totals); errors are
dramsweep.InputError with the file, line and field; the GIL is released while the engine runs."""
import csv
import json
import os
import sys
import threading
import time
import unittest

from support import Scratch, dramsweep, dramsweep_json, require_module, source

require_module()
import dramsweep as ds  # noqa: E402

ACCEL = source("configs", "accel", "edge_16x16_os.json")
TOPOLOGY = source("configs", "topologies", "tiny_mixed.json")
SMALL_DDR4 = source("configs", "sweeps", "small_ddr4.json")
NETWORK_SPEC = source("configs", "sweeps", "network_accel_small.json")


def same_cell(cell, value):
    """A CSV cell (text) and the module's value of the same column are the same value."""
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, (int, float)):
        return cell != "" and float(cell) == value
    return cell == value


class RunMatchesTheCli(unittest.TestCase):
    def test_run_returns_the_object_run_json_prints(self):
        cli = dramsweep_json("run", "--accel", ACCEL, "--dram", "ddr4-2400", "--topology", TOPOLOGY,
                             "--set", "org.channels=2", "--accel-set", "array_rows=8", "--batch", "3", "--json")
        got = ds.run(ACCEL, "ddr4-2400", TOPOLOGY, batch=3, dram_set={"org.channels": 2},
                     accel_set={"array_rows": 8})
        self.assertEqual(got, cli)
        self.assertEqual(got["batch"], 3)
        self.assertEqual([layer["name"] for layer in got["layers"]], ["conv1", "dw2", "fc"])

    def test_dicts_in_the_json_forms_run_like_their_files(self):
        with open(ACCEL) as f:
            accel = json.load(f)
        with open(TOPOLOGY) as f:
            topology = json.load(f)
        dram = ds.load_dram("ddr4-2400")
        self.assertEqual(ds.run(accel, dram, topology), ds.run(ACCEL, "ddr4-2400", TOPOLOGY))
        # serve takes the same dicts, the DRAM too
        answer = json.loads(dramsweep("serve", input=json.dumps({"accel": accel, "dram": dram, "topology": topology}) +
                                      "\n").stdout)
        self.assertEqual(answer["total"], ds.run(ACCEL, "ddr4-2400", TOPOLOGY)["total"])

    def test_numpy_values_and_paths_are_accepted(self):
        import pathlib
        try:
            import numpy
        except ImportError:
            self.skipTest("numpy missing")
        got = ds.run(pathlib.Path(ACCEL), "ddr4-2400", pathlib.Path(TOPOLOGY), batch=numpy.int64(2),
                     accel_set={"array_rows": numpy.int32(8)})
        self.assertEqual(got, ds.run(ACCEL, "ddr4-2400", TOPOLOGY, batch=2, accel_set={"array_rows": 8}))


class TraceMatchesTheCli(unittest.TestCase):
    def test_generated_trace(self):
        cli = dramsweep_json("trace", "--dram", "hbm2", "--generate", "mix_2r1w", "--limit", "3000",
                             "--set", "org.channels=2", "--max-outstanding", "4", "--json")
        got = ds.trace("hbm2", generate="mix_2r1w", limit=3000, dram_set={"org.channels": 2}, max_outstanding=4)
        self.assertEqual(got, cli)

    def test_trace_file_and_the_same_requests_given_as_pairs(self):
        requests = [(0x40 * i * 7 % 0x100000, "W" if i % 3 == 0 else "R") for i in range(500)]
        with Scratch() as d:
            path = os.path.join(d, "t.trace")
            with open(path, "w") as f:
                f.writelines(f"0x{a:x} {op}\n" for a, op in requests)
            cli = dramsweep_json("trace", "--dram", "ddr4-2400", "--trace", path, "--json")
            self.assertEqual(ds.trace("ddr4-2400", path), cli)
        self.assertEqual(ds.trace("ddr4-2400", requests), cli)
        self.assertEqual(ds.trace("ddr4-2400", [(a, op == "W") for a, op in requests]), cli)


class SweepMatchesTheCli(unittest.TestCase):
    def check_rows_equal_the_files(self, spec, backend):
        rows = ds.sweep(spec, backend=backend)
        with Scratch() as d:
            out_csv, out_jsonl = os.path.join(d, "r.csv"), os.path.join(d, "r.jsonl")
            dramsweep("sweep", spec, "--backend", backend, "--out", out_csv, "--quiet")
            dramsweep("sweep", spec, "--backend", backend, "--out", out_jsonl, "--quiet")
            with open(out_csv, newline="") as f:
                table = sorted(csv.DictReader(f), key=lambda r: int(r["config"]))
            with open(out_jsonl) as f:
                lines = sorted((json.loads(line) for line in f), key=lambda r: r["config"])
        self.assertEqual([r["config"] for r in rows], list(range(len(rows))))
        self.assertEqual(rows, lines)
        self.assertEqual(len(rows), len(table))
        for row, cells in zip(rows, table):
            self.assertEqual(list(row), list(cells))  # the same columns in the same order
            for column, value in row.items():
                self.assertTrue(same_cell(cells[column], value), f"config {row['config']} {column}: "
                                                                 f"{cells[column]!r} against {value!r}")
        return rows

    def test_request_stream_sweep(self):
        rows = self.check_rows_equal_the_files(SMALL_DDR4, "host")
        self.assertEqual(len(rows), 24)

    def test_network_sweep(self):
        rows = self.check_rows_equal_the_files(NETWORK_SPEC, "host")
        self.assertEqual(len(rows), 14)
        self.assertIn("latency_s", rows[0])

    def test_a_spec_given_as_a_dict_runs_like_its_file(self):
        with open(SMALL_DDR4) as f:
            spec = json.load(f)
        self.assertEqual(ds.sweep(spec, backend="host"), ds.sweep(SMALL_DDR4, backend="host"))

    def test_validate_runs_the_reference_model(self):
        self.assertEqual(len(ds.sweep(SMALL_DDR4, backend="host", validate="all")), 24)

    def test_a_list_of_configurations_equals_the_cli(self):
        # The same four configurations as a list for the module and as a spec's "configs" for the
        # CLI: every statistic column equal; and each total equal to `serve`'s answer.
        settings = [({"array_rows": 8, "array_cols": 8}, "ddr4-2400", {}),
                    ({}, "hbm2", {"org.channels": 4}),
                    ({"dataflow": "ws"}, "ddr4-2400", {"controller.page_policy": "closed"}),
                    ({"array_rows": 8, "array_cols": 8}, "lpddr4-3200", {})]
        configs = [{"accel": ACCEL, "accel_set": a, "dram": p, "dram_set": s, "topology": TOPOLOGY}
                   for a, p, s in settings]
        rows = ds.sweep(configs, backend="host")
        self.assertEqual([r["config"] for r in rows], [0, 1, 2, 3])
        spec = {"name": "list", "workload": {"network": TOPOLOGY, "accel": ACCEL}, "base": "ddr4-2400",
                "configs": [dict({"preset": p}, **{"accel." + k: v for k, v in a.items()}, **s) for a, p, s in settings]}
        with Scratch() as d:
            path, out = os.path.join(d, "spec.json"), os.path.join(d, "out.jsonl")
            with open(path, "w") as f:
                json.dump(spec, f)
            dramsweep("sweep", path, "--backend", "reference", "--out", out, "--quiet")
            with open(out) as f:
                cli = sorted((json.loads(line) for line in f), key=lambda r: r["config"])
        for row, cli_row in zip(rows, cli):
            for column, value in row.items():
                self.assertEqual(value, cli_row[column], f"config {row['config']} {column}")
        answers = dramsweep("serve", input="".join(json.dumps(c) + "\n" for c in configs)).stdout.splitlines()
        for row, answer in zip(rows, map(json.loads, answers)):
            self.assertEqual(row["total_cycles"], answer["total"]["total_cycles"])
            self.assertEqual(row["energy_j"], answer["objectives"]["energy_j"])
        # ... and each equals run() of the same configuration.
        self.assertEqual(rows[1]["total_cycles"], ds.run(ACCEL, "hbm2", TOPOLOGY, dram_set={"org.channels": 4})
                         ["total"]["total_cycles"])

    def test_as_frame_gives_a_dataframe_when_pandas_is_there_and_says_so_when_not(self):
        rows = ds.sweep(SMALL_DDR4, backend="host")
        try:
            import pandas  # noqa: F401
        except ImportError:
            pandas = None
        if pandas is not None:
            frame = ds.sweep(SMALL_DDR4, backend="host", as_frame=True)
            self.assertEqual(list(frame.columns), list(rows[0]))
            self.assertEqual(frame.to_dict("records"), rows)
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = None  # as if pandas were not installed
        try:
            with self.assertRaisesRegex(ImportError, "python3-pandas"):
                ds.to_frame(rows)
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved


class LoadFunctions(unittest.TestCase):
    def test_loaded_configurations_read_back_equal(self):
        dram = ds.load_dram("ddr5-4800", {"org.channels": 2, "timing.tRCD": 41})
        self.assertEqual(dram["org"]["channels"], 2)
        self.assertEqual(dram["timing"]["tRCD_RD"], 41)
        self.assertEqual(ds.load_dram(dram), dram)
        accel = ds.load_accel(source("configs", "accel", "scalesim_32x32_os.cfg"), {"dataflow": "ws"})
        self.assertEqual(accel["dataflow"], "ws")
        self.assertEqual(ds.load_accel(accel), accel)
        topology = ds.load_topology(TOPOLOGY, batch=4)
        self.assertEqual(topology["batch"], 4)
        self.assertEqual(ds.load_topology(topology), topology)
        self.assertEqual(ds.load_topology(source("configs", "topologies", "resnet18.csv"))["layers"][0]["name"], "Conv1")


class Errors(unittest.TestCase):
    def test_a_bad_file_names_its_file_line_and_field(self):
        with Scratch() as d:
            path = os.path.join(d, "net.json")
            with open(path, "w") as f:
                f.write('{"name": "n",\n "layers": [\n  {"name": "a", "ifmap_h": 8, "ifmap_w": 8, "filter_h": 3,\n'
                        '   "filter_w": 3, "channels": 4, "num_filters": 0}]}\n')
            with self.assertRaises(ds.InputError) as caught:
                ds.run(ACCEL, "ddr4-2400", path)
            e = caught.exception
            self.assertIsInstance(e, ValueError)
            self.assertEqual((e.file, e.line, e.field), (path, 4, "layers[0].num_filters"))
            cli = dramsweep("run", "--accel", ACCEL, "--dram", "ddr4-2400", "--topology", path, check=False)
            self.assertEqual(cli.returncode, 2)
            self.assertEqual(cli.stderr.strip(), "dramsweep: error: " + str(e))

    def test_a_bad_dict_names_the_call_and_the_json_path(self):
        accel = {"array_rows": 0, "array_cols": 8, "ifmap_sram_kb": 8, "filter_sram_kb": 8, "ofmap_sram_kb": 8,
                 "dataflow": "os"}
        with self.assertRaises(ds.InputError) as caught:
            ds.run(accel, "ddr4-2400", TOPOLOGY)
        self.assertEqual((caught.exception.file, caught.exception.line, caught.exception.field),
                         ("run()", 0, "accel.array_rows"))
        with self.assertRaises(ds.InputError) as caught:
            ds.sweep([{"accel": ACCEL, "dram": "ddr4-2400", "topology": TOPOLOGY},
                      {"accel": ACCEL, "dram": "ddr4-2400", "topology": TOPOLOGY, "batch": 0}])
        self.assertEqual((caught.exception.file, caught.exception.field), ("configs[1]", "batch"))
        with self.assertRaises(ds.InputError) as caught:
            ds.run(ACCEL, "ddr4-2400", TOPOLOGY, dram_set={"org.channels": 3})
        self.assertEqual(caught.exception.field, "org.channels")
        self.assertIn("power of two", str(caught.exception))
        with self.assertRaisesRegex(ds.InputError, "unknown preset 'ddr9'"):
            ds.trace("ddr9", generate="seq_read", limit=10)
        with self.assertRaises(ds.InputError) as caught:
            ds.sweep({"workload": {"generate": "seq_read", "requests": 10}, "base": "ddr4-2400", "typo": 1})
        self.assertEqual((caught.exception.file, caught.exception.field), ("sweep() spec", "typo"))
        with self.assertRaises(ds.InputError) as caught:
            ds.sweep(SMALL_DDR4, backend="gpu")
        self.assertEqual(caught.exception.field, "backend")
        with self.assertRaises(ds.InputError) as caught:
            ds.trace("ddr4-2400", [(0x40, "R"), (0x80, "X")])
        self.assertEqual(caught.exception.field, "trace[1]")
        with self.assertRaisesRegex(TypeError, r"accel_set\.array_rows"):
            ds.run(ACCEL, "ddr4-2400", TOPOLOGY, accel_set={"array_rows": object()})

    def test_a_bad_spec_file_names_the_line(self):
        with Scratch() as d:
            path = os.path.join(d, "spec.json")
            with open(path, "w") as f:
                f.write('{"workload": {"generate": "seq_read", "requests": 10},\n "base": "ddr4-2400",\n'
                        ' "axes": [{"key": "org.channels", "values": [1, 3]}]}\n')
            with self.assertRaises(ds.InputError) as caught:
                ds.sweep(path)
            self.assertEqual((caught.exception.file, caught.exception.line), (path, 3))


class TheEngineRunsWithoutTheGil(unittest.TestCase):
    def test_python_threads_run_while_a_sweep_runs(self):
        # While one thread is inside the engine, this thread keeps running Python: the longest
        # pause between its iterations stays far below the length of the call (were the GIL
        # held, it would pause for the whole call).
        done = threading.Event()
        timing = {}

        def work():
            start = time.perf_counter()
            ds.trace("ddr4-2400", generate="rand_read", limit=200_000)
            timing["call"] = time.perf_counter() - start
            done.set()

        worker = threading.Thread(target=work)
        last, longest = time.perf_counter(), 0.0
        worker.start()
        while not done.is_set():
            now = time.perf_counter()
            longest, last = max(longest, now - last), now
        worker.join()
        self.assertGreater(timing["call"], 0.2, "the call is too short to tell")
        self.assertLess(longest, timing["call"] / 2, f"longest pause {longest:.3f} s of a {timing['call']:.3f} s call")


if __name__ == "__main__":
    unittest.main(verbosity=2)
