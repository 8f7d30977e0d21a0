"""`dramsweep import-onnx`: small ONNX models built here with onnx.helper become the layers they
describe (shapes from ONNX shape inference, producers in "inputs"), the topology runs, and what
cannot be mapped is an error naming the node."""
import json
import os
import subprocess
import sys
import unittest

from support import Scratch, dramsweep, require, source

require("onnx", "numpy")
import numpy  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

sys.path.insert(0, source("python", "dramsweep"))
import onnx_import  # noqa: E402  (the tool itself, as the CLI runs it)

ACCEL = source("configs", "accel", "edge_16x16_os.json")


def weights(name, shape):
    return numpy_helper.from_array(numpy.zeros(shape, dtype=numpy.float32), name)


def model(nodes, inputs, initializers, name="net"):
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
                              [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, None)],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def residual_net():
    """conv (7x7/2, padded) -> relu -> maxpool -> depthwise (x2) -> grouped 1x1 -> residual Add ->
    1x1 branch -> Concat -> global pool -> flatten -> Gemm; the batch dimension symbolic."""
    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv1", kernel_shape=[7, 7], strides=[2, 2], pads=[3, 3, 3, 3]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["p1", "w2"], ["c2"], name="dw", group=16, kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["c2", "w3"], ["c3"], name="grouped", group=4, kernel_shape=[1, 1]),
        helper.make_node("Add", ["c3", "c2"], ["a1"], name="residual"),
        helper.make_node("Conv", ["a1", "w4"], ["c4"], name="branch"),
        helper.make_node("Concat", ["a1", "c4"], ["cat"], name="concat", axis=1),
        helper.make_node("GlobalAveragePool", ["cat"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "w5"], ["y"], name="fc", transB=1),
    ]
    return model(nodes, [("x", ["N", 3, 64, 64])],
                 [weights("w1", [16, 3, 7, 7]), weights("w2", [32, 1, 3, 3]), weights("w3", [32, 8, 1, 1]),
                  weights("w4", [8, 32, 1, 1]), weights("w5", [10, 40])], name="residual")


def attention_block():
    """x [1, 16 tokens, 64] -> Q, K projections (MatMul with weights) -> 4 heads -> Q K^T."""
    shape4 = numpy_helper.from_array(numpy.array([1, 16, 4, 16], dtype=numpy.int64), "shape4")
    nodes = [
        helper.make_node("MatMul", ["x", "wq"], ["q"], name="q_proj"),
        helper.make_node("MatMul", ["x", "wk"], ["k"], name="k_proj"),
        helper.make_node("Reshape", ["q", "shape4"], ["q4"], name="q_heads"),
        helper.make_node("Reshape", ["k", "shape4"], ["k4"], name="k_heads"),
        helper.make_node("Transpose", ["q4"], ["qt"], name="q_t", perm=[0, 2, 1, 3]),
        helper.make_node("Transpose", ["k4"], ["kt"], name="k_t", perm=[0, 2, 3, 1]),
        helper.make_node("MatMul", ["qt", "kt"], ["scores"], name="scores"),
    ]
    return model(nodes, [("x", [1, 16, 64])], [weights("wq", [64, 64]), weights("wk", [64, 64]), shape4],
                 name="attention")


class ImportsLayers(unittest.TestCase):
    def test_convolutions_pooling_residuals_and_concat(self):
        with Scratch() as d:
            path = os.path.join(d, "residual.onnx")
            onnx.save(residual_net(), path)
            t = onnx_import.import_model(path, batch=2)
        self.assertEqual((t["name"], t["batch"]), ("residual", 2))
        layers = {layer["name"]: layer for layer in t["layers"]}
        self.assertEqual(list(layers), ["conv1", "dw", "grouped", "branch", "fc"])
        # 64 + 2 * 3 padding, 7x7 stride 2: 32 outputs (ONNX's floor), which 31 * 2 + 7 = 69 rows give.
        self.assertEqual(layers["conv1"], {"name": "conv1", "type": "conv", "ifmap_h": 69, "ifmap_w": 69, "filter_h": 7,
                                           "filter_w": 7, "channels": 3, "num_filters": 16, "stride": 2, "inputs": []})
        # after the 3x3/2 pool (16x16) and its padding of 1: 18x18; 16 channels, 2 filters each
        self.assertEqual(layers["dw"], {"name": "dw", "type": "depthwise", "ifmap_h": 18, "ifmap_w": 18, "filter_h": 3,
                                        "filter_w": 3, "channels": 16, "stride": 1, "multiplier": 2,
                                        "inputs": ["conv1"]})
        self.assertEqual((layers["grouped"]["groups"], layers["grouped"]["channels"], layers["grouped"]["num_filters"]),
                         (4, 32, 32))
        self.assertEqual(layers["branch"]["inputs"], ["grouped", "dw"])  # through the residual Add
        self.assertEqual(layers["fc"], {"name": "fc", "type": "gemm", "m": 1, "n": 10, "k": 40,
                                        "inputs": ["grouped", "dw", "branch"]})  # through Concat and the pool

    def test_different_strides_per_axis(self):
        nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="wide", kernel_shape=[3, 5], strides=[1, 2])]
        with Scratch() as d:
            path = os.path.join(d, "wide.onnx")
            onnx.save(model(nodes, [("x", [1, 3, 16, 33])], [weights("w", [4, 3, 3, 5])]), path)
            t = onnx_import.import_model(path)
        # 14 rows of outputs down at stride 1, 15 across at stride 2: 13 + 3 rows, 14 * 2 + 5 columns
        self.assertEqual(t["layers"][0], {"name": "wide", "type": "conv", "ifmap_h": 16, "ifmap_w": 33,
                                          "filter_h": 3, "filter_w": 5, "channels": 3, "num_filters": 4,
                                          "stride_h": 1, "stride_w": 2, "inputs": []})

    def test_matmul_with_weights_and_between_heads(self):
        with Scratch() as d:
            path = os.path.join(d, "attention.onnx")
            onnx.save(attention_block(), path)
            t = onnx_import.import_model(path)
        self.assertEqual(t["batch"], 1)
        q, k, scores = t["layers"]
        self.assertEqual(q, {"name": "q_proj", "type": "gemm", "m": 16, "n": 64, "k": 64, "inputs": []})
        self.assertEqual(k["inputs"], [])
        # four heads, each (16 x 16) @ (16 x 16): a grouped 1x1 convolution whose groups are the GEMMs
        self.assertEqual(scores, {"name": "scores", "type": "conv", "ifmap_h": 16, "ifmap_w": 1, "filter_h": 1,
                                  "filter_w": 1, "channels": 64, "num_filters": 64, "stride": 1, "groups": 4,
                                  "inputs": ["q_proj", "k_proj"]})

    def test_the_command_writes_a_topology_that_runs(self):
        with Scratch() as d:
            path, out = os.path.join(d, "residual.onnx"), os.path.join(d, "net.json")
            onnx.save(residual_net(), path)
            proc = dramsweep("import-onnx", path, "-o", out, "--batch", "3")
            self.assertIn("5 layers (3 conv, 1 depthwise, 1 gemm), batch 3", proc.stdout)
            with open(out) as f:
                written = json.load(f)
            self.assertEqual(written, onnx_import.import_model(path, batch=3))
            run = json.loads(dramsweep("run", "--accel", ACCEL, "--dram", "ddr4-2400", "--topology", out, "--json").stdout)
            self.assertEqual([layer["name"] for layer in run["layers"]], ["conv1", "dw", "grouped", "branch", "fc"])
            self.assertEqual(run["batch"], 3)
            # the same MACs as the network: conv1 is 32x32 outputs of 7*7*3 MACs for 16 filters, per image
            self.assertEqual(run["layers"][0]["macs"], 3 * 32 * 32 * 7 * 7 * 3 * 16)

    def test_the_model_batch_is_the_default(self):
        m = residual_net()
        m.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 4
        with Scratch() as d:
            path = os.path.join(d, "b4.onnx")
            onnx.save(m, path)
            t = onnx_import.import_model(path)
        self.assertEqual(t["batch"], 4)
        self.assertEqual(t["layers"][-1]["m"], 1)  # rows per image


class Errors(unittest.TestCase):
    def import_error(self, m, *extra):
        with Scratch() as d:
            path, out = os.path.join(d, "m.onnx"), os.path.join(d, "net.json")
            if m is not None:
                onnx.save(m, path)
            proc = dramsweep("import-onnx", path, "-o", out, *extra, check=False)
            self.assertFalse(os.path.exists(out), "no output on an error")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        return proc.stderr

    def test_an_operator_it_cannot_map_names_the_node(self):
        nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", kernel_shape=[3, 3]),
                 helper.make_node("LSTM", ["c", "w", "w"], ["y"], name="the_lstm", hidden_size=4)]
        message = self.import_error(model(nodes, [("x", [1, 3, 8, 8])], [weights("w", [4, 3, 3, 3])]))
        self.assertIn("node 'the_lstm' (LSTM): operator LSTM is not mapped", message)

    def test_a_dilated_convolution_names_the_node(self):
        nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="dilated", kernel_shape=[3, 3], dilations=[2, 2])]
        message = self.import_error(model(nodes, [("x", [1, 3, 16, 16])], [weights("w", [4, 3, 3, 3])]))
        self.assertIn("node 'dilated' (Conv): dilated convolutions", message)

    def test_unknown_sizes_name_the_node(self):
        nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="c", kernel_shape=[3, 3])]
        message = self.import_error(model(nodes, [("x", [1, 3, "H", "W"])], [weights("w", [4, 3, 3, 3])]))
        self.assertIn("node 'c' (Conv): the shape of 'x' is not known", message)

    def test_not_a_model_and_a_missing_file(self):
        with Scratch() as d:
            junk = os.path.join(d, "junk.onnx")
            with open(junk, "w") as f:
                f.write("not protobuf at all")
            proc = dramsweep("import-onnx", junk, "-o", os.path.join(d, "o.json"), check=False)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("junk.onnx: not an ONNX model", proc.stderr)
        self.assertIn("no such file", self.import_error(None))
        self.assertIn("field '--batch'", self.import_error(residual_net(), "--batch", "0"))

    def test_without_onnx_installed_it_says_what_to_install(self):
        # -S: no site-packages, so the interpreter finds no onnx, as on a machine without python3-onnx.
        proc = subprocess.run([sys.executable, "-S", source("python", "dramsweep", "onnx_import.py"), "m.onnx", "-o", "x"],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("python3-onnx", proc.stderr)

    def test_without_python_the_command_says_so(self):
        proc = dramsweep("import-onnx", "m.onnx", "-o", "x.json", check=False,
                         env=dict(os.environ, DRAMSWEEP_PYTHON="/nonexistent/python3"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot run the Python interpreter '/nonexistent/python3'", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
