"""`dramsweep plot`: figures of sweep (CSV, JSON Lines) and serve (JSON Lines) results. The PNG is
opened and checked (its size, and that it is not blank); the Pareto front drawn is the one
`dramsweep pareto` finds; bad options and cells exit 2 naming them."""
import csv
import json
import os
import subprocess
import sys
import unittest

from support import Scratch, dramsweep, require, source

require("matplotlib", "PIL")
from PIL import Image  # noqa: E402

ACCEL = source("configs", "accel", "edge_16x16_os.json")
TOPOLOGY = source("configs", "topologies", "tiny_mixed.json")


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


class Figures(unittest.TestCase):
    def check_png(self, path, panels=1):
        with Image.open(path) as image:
            self.assertEqual(image.format, "PNG")
            # 6 x 4.5 inches per panel at 110 dpi
            self.assertEqual(image.size, (660 * panels, 495))
            pixels = list(image.convert("RGB").getdata())
        drawn = sum(1 for p in pixels if p != (255, 255, 255))
        self.assertGreater(drawn, len(pixels) // 50, "the figure is blank")
        self.assertGreater(len(set(pixels)), 20, "too few colours for axes, labels and coloured points")

    def test_a_sweep_csv_by_two_columns_coloured_by_a_third(self):
        with Scratch() as d:
            out, fig = os.path.join(d, "r.csv"), os.path.join(d, "fig.png")
            dramsweep("sweep", source("configs", "sweeps", "small_ddr4.json"), "--backend", "host", "--out", out,
                      "--quiet")
            proc = dramsweep("plot", out, "--x", "avg_read_latency_cycles", "--y", "bandwidth_gbps", "--color",
                             "mapping", "-o", fig, "--data", os.path.join(d, "fig.json"))
            self.assertIn("figure written to", proc.stdout)
            self.check_png(fig)
            with open(os.path.join(d, "fig.json")) as f:
                panel = json.load(f)["panels"][0]
        self.assertEqual([s["label"] for s in panel["series"]], ["RoBaRaCoCh", "RoRaBaCoBgCh", "ChRaBaRoCo"])
        self.assertEqual(sum(len(s["x"]) for s in panel["series"]), 24)

    def test_the_pareto_front_is_the_one_pareto_finds(self):
        with Scratch() as d:
            out, fig, data = os.path.join(d, "r.jsonl"), os.path.join(d, "fig.svg"), os.path.join(d, "fig.json")
            dramsweep("sweep", source("configs", "sweeps", "network_accel_small.json"), "--backend", "host",
                      "--out", out, "--quiet")
            dramsweep("plot", out, "--pareto", "latency,energy", "--color", "accel.dataflow", "--logx", "-o", fig,
                      "--data", data)
            with open(fig) as f:
                self.assertIn("<svg", f.read(2000))
            with open(data) as f:
                front = json.load(f)["panels"][0]["front"]
            front_csv = os.path.join(d, "front.csv")
            dramsweep("pareto", out, "--objectives", "latency,energy", "--out", front_csv)
            with open(front_csv, newline="") as f:
                expected = sorted((float(r["latency_s"]), float(r["energy_j"])) for r in csv.DictReader(f))
        self.assertGreater(len(expected), 1)
        self.assertEqual(sorted(zip(front["x"], front["y"])), expected)

    def test_serve_answers_with_their_failed_lines_left_out(self):
        requests = [{"id": i, "accel": ACCEL, "accel_set": {"array_rows": rows}, "dram": dram, "topology": TOPOLOGY}
                    for i, (rows, dram) in enumerate([(8, "ddr4-2400"), (16, "ddr4-2400"), (8, "hbm2"), (16, "hbm2")])]
        requests.append({"id": "bad", "accel": ACCEL, "dram": "ddr4-2400", "dram_set": {"org.channels": 3},
                         "topology": TOPOLOGY})
        with Scratch() as d:
            answers, fig = os.path.join(d, "answers.jsonl"), os.path.join(d, "fig.png")
            with open(answers, "w") as f:
                f.write(dramsweep("serve", input="".join(json.dumps(r) + "\n" for r in requests)).stdout)
            proc = dramsweep("plot", answers, "--pareto", "latency,energy", "-o", fig)
            self.assertIn("left out 1 rows", proc.stderr)
            self.check_png(fig)

    def test_use_case_studies_one_panel_per_file_and_categories(self):
        with Scratch() as d:
            fig, data = os.path.join(d, "two.png"), os.path.join(d, "two.json")
            studies = source("docs", "use-cases", "studies.csv")
            dramsweep("plot", studies, studies, "--where", "factor=standard", "--x", "level", "--y", "stall_share",
                      "--color", "network,array", "--line", "--title", "a", "--title", "b", "-o", fig, "--data", data)
            self.check_png(fig, panels=2)
            with open(data) as f:
                panel = json.load(f)["panels"][0]
        self.assertEqual(panel["categories"], ["ddr4-2400", "lpddr4-3200", "ddr5-4800", "hbm2"])
        self.assertEqual(panel["series"][0]["label"], "ResNet-18, 32x32")


class Errors(unittest.TestCase):
    def plot_error(self, rows, *args):
        with Scratch() as d:
            path = os.path.join(d, "r.csv")
            write_csv(path, ["a", "b", "c"], rows)
            proc = dramsweep("plot", path, *args, check=False, cwd=d)
            self.assertEqual(os.listdir(d), ["r.csv"], "no figure on an error")
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        return proc.stderr

    def test_bad_options_and_cells(self):
        rows = [[1, 2, "x"], [2, "oops", "y"]]
        self.assertIn("field '-o'", self.plot_error(rows, "--x", "a", "--y", "b", "-o", "fig.gif"))
        self.assertIn("field '--x': no column 'nope'", self.plot_error(rows, "--x", "nope", "--y", "b", "-o", "f.png"))
        self.assertIn("r.csv:3: field 'b': expected a number, got 'oops'",
                      self.plot_error(rows, "--x", "a", "--y", "b", "-o", "f.png"))
        self.assertIn("give either --x KEY and --y KEY", self.plot_error(rows, "--x", "a", "-o", "f.png"))
        self.assertIn("field '--pareto'", self.plot_error(rows, "--pareto", "a", "-o", "f.png"))
        self.assertIn("field '--where'", self.plot_error(rows, "--x", "a", "--y", "a", "--where", "c=z", "-o", "f.png"))

    def test_without_matplotlib_it_says_what_to_install(self):
        proc = subprocess.run([sys.executable, "-S", source("python", "dramsweep", "plot_figure.py"), "fig.json"],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("python3-matplotlib", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
