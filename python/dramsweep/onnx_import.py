#!/usr/bin/python3
"""An ONNX model's layers as dramsweep's topology JSON (docs/formats.md), for `dramsweep import-onnx`.

    dramsweep import-onnx MODEL.onnx -o net.json [--batch N] [--name NAME]

Conv (plain, grouped, depthwise), Gemm and MatMul become the layers the systolic array runs;
pooling, Add, Concat and the element-wise and shape operators listed in LOOKED_THROUGH run no
layer on the array: their effect is in the shapes (ONNX shape inference) of the layers that read
their outputs, and in those layers' "inputs", which name the layers that produce what they read.
Any other operator is an error naming the node. Runs on its own (only the onnx package), so that
the command line can run it without the native module.
"""
import argparse
import json
import os
import sys

EXIT_BAD_INPUT = 2
EXIT_MISSING_TOOL = 1

# Operators that run no layer on the array, and why they need none: pooling (reads a window,
# computes no MACs), element-wise merges (residual Add, Concat of branches), activations and
# normalisations folded into the producing layer, and reshapes that only relabel a tensor.
LOOKED_THROUGH = {
    "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool",
    "Add", "Sub", "Mul", "Div", "Concat", "Sum", "Max", "Min", "Mean",
    "Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Elu", "Selu",
    "Softplus", "Softsign", "Erf", "Gelu", "Softmax", "LogSoftmax", "BatchNormalization",
    "InstanceNormalization", "LRN", "Dropout", "Identity", "Cast",
    "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Pad", "Transpose",
}
ARRAY_LAYERS = ("Conv", "Gemm", "MatMul")


class BadModel(Exception):
    """Input this tool cannot turn into a topology; the message names the file and the node."""


def load_onnx():
    try:
        import onnx  # noqa: F401
        import onnx.shape_inference  # noqa: F401
    except ImportError:
        sys.stderr.write("dramsweep import-onnx: needs the onnx Python package for " + sys.executable +
                         " (Debian: apt-get install python3-onnx; scripts/install-deps.sh installs it)\n")
        sys.exit(EXIT_MISSING_TOOL)
    return sys.modules["onnx"]


def node_label(node, index):
    return f"node '{node.name or '#' + str(index)}' ({node.op_type})"


class Graph:
    """The inferred shapes and initialisers of a model's graph."""

    def __init__(self, onnx, model, path):
        self.path = path
        self.initializers = {t.name: list(t.dims) for t in model.graph.initializer}
        self.shapes = {}
        for info in list(model.graph.input) + list(model.graph.value_info) + list(model.graph.output):
            t = info.type.tensor_type
            if t.HasField("shape"):
                self.shapes[info.name] = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
        self.shapes.update(self.initializers)

    def shape(self, tensor, label):
        dims = self.shapes.get(tensor)
        if dims is None or any(d is None or d <= 0 for d in dims):
            raise BadModel(f"{self.path}: {label}: the shape of '{tensor}' is not known after ONNX shape inference "
                           f"(got {dims}); export the model with fixed input sizes")
        return dims


def attribute(onnx, node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def conv_layer(onnx, graph, node, label, name):
    x = graph.shape(node.input[0], label)
    w = graph.shape(node.input[1], label)
    y = graph.shape(node.output[0], label)
    if len(x) not in (3, 4):
        raise BadModel(f"{graph.path}: {label}: only 1-D and 2-D convolutions are modelled (input rank {len(x)})")
    spatial = len(x) - 2
    strides = list(attribute(onnx, node, "strides", [1] * spatial))
    dilations = list(attribute(onnx, node, "dilations", [1] * spatial))
    groups = int(attribute(onnx, node, "group", 1))
    if any(d != 1 for d in dilations):
        raise BadModel(f"{graph.path}: {label}: dilated convolutions (dilations {dilations}) are not modelled")
    if spatial == 1:  # a 1-D convolution is one row of a 2-D one
        x, w, y, strides = x[:2] + [1] + x[2:], w[:2] + [1] + w[2:], y[:2] + [1] + y[2:], [strides[0]] * 2
    stride_h, stride_w = strides
    channels, filters, kh, kw = x[1], w[0], w[2], w[3]
    # The padded input cut to the rows and columns the windows read: with it the model's output
    # size (SCALE-Sim's ceil rounding) is ONNX's (floor rounding), and so are the MACs.
    layer = {"name": name, "type": "conv", "ifmap_h": (y[2] - 1) * stride_h + kh,
             "ifmap_w": (y[3] - 1) * stride_w + kw, "filter_h": kh, "filter_w": kw, "channels": channels,
             "num_filters": filters}
    if stride_h == stride_w:
        layer["stride"] = stride_h
    else:
        layer.update(stride_h=stride_h, stride_w=stride_w)
    if groups == channels and groups > 1:
        layer.update(type="depthwise", multiplier=filters // channels)
        del layer["num_filters"]
    elif groups > 1:
        layer["groups"] = groups
    return layer


def per_image(rows, images, graph, label):
    if rows % images:
        raise BadModel(f"{graph.path}: {label}: {rows} rows are not a whole number per image of the model's batch {images}")
    return rows // images


def gemm_layer(onnx, graph, node, label, name, images):
    a = graph.shape(node.input[0], label)
    b = graph.shape(node.input[1], label)
    if node.op_type == "Gemm":
        if len(a) != 2 or len(b) != 2:
            raise BadModel(f"{graph.path}: {label}: Gemm inputs must be matrices (shapes {a}, {b})")
        m, k = (a[1], a[0]) if attribute(onnx, node, "transA", 0) else (a[0], a[1])
        n = b[0] if attribute(onnx, node, "transB", 0) else b[1]
        return {"name": name, "type": "gemm", "m": per_image(m, images, graph, label), "n": n, "k": k}
    if len(a) < 2 or len(b) < 2:
        raise BadModel(f"{graph.path}: {label}: MatMul of vectors is not modelled (shapes {a}, {b})")
    k, n = a[-1], b[-1]
    if len(b) == 2:  # weights: every leading dimension of A is a row of the GEMM
        rows = 1
        for d in a[:-1]:
            rows *= d
        return {"name": name, "type": "gemm", "m": per_image(rows, images, graph, label), "n": n, "k": k}
    if a[:-2] != b[:-2]:
        raise BadModel(f"{graph.path}: {label}: batched MatMul with broadcasting is not modelled (shapes {a}, {b})")
    count = 1
    for d in a[:-2]:
        count *= d
    groups = per_image(count, images, graph, label)
    if groups == 1:
        return {"name": name, "type": "gemm", "m": a[-2], "n": n, "k": k}
    # Independent GEMMs (attention heads) as a grouped 1x1 convolution: group g reads its own K
    # channels of an M x 1 input and has its own N filters, so each group is one (M, N, K) GEMM.
    return {"name": name, "type": "conv", "ifmap_h": a[-2], "ifmap_w": 1, "filter_h": 1, "filter_w": 1,
            "channels": groups * k, "num_filters": groups * n, "stride": 1, "groups": groups}


def import_model(path, batch=None, name=None):
    """The topology of the model at `path` as a dict (raises BadModel for what it cannot map)."""
    onnx = load_onnx()
    if not os.path.isfile(path):
        raise BadModel(f"{path}: no such file")
    try:
        model = onnx.load(path)
    except Exception as error:  # a protobuf DecodeError, or anything else that is not a model
        raise BadModel(f"{path}: not an ONNX model ({error})") from None
    initializer_names = {t.name for t in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializer_names]
    # The model's own batch: the first dimension of its inputs when fixed; a symbolic one is set
    # to 1 for shape inference, since every layer is given per image.
    images = None
    for i in inputs:
        dims = i.type.tensor_type.shape.dim
        if dims and dims[0].HasField("dim_value") and dims[0].dim_value > 0:
            images = images or dims[0].dim_value
        elif dims:
            dims[0].Clear()
            dims[0].dim_value = 1
    images = images or 1
    if batch is not None and batch < 1:
        raise BadModel(f"command line: field '--batch': must be at least 1, got {batch}")
    try:
        model = onnx.shape_inference.infer_shapes(model, data_prop=True)
    except Exception as error:
        raise BadModel(f"{path}: ONNX shape inference failed: {error}") from None
    graph = Graph(onnx, model, path)

    activations = {i.name for i in inputs}
    producers = {i.name: [] for i in inputs}  # tensor -> the layers whose outputs reach it
    layers, used_names = [], set()
    for index, node in enumerate(model.graph.node):
        read = [t for t in node.input if t in activations]
        if not read or node.op_type in ("Shape", "Size"):
            continue  # constants and shape arithmetic: no data flows through the array
        label = node_label(node, index)
        sources = []
        for t in read:
            sources += [p for p in producers[t] if p not in sources]
        if node.op_type in ARRAY_LAYERS:
            layer_name = node.name or f"{node.op_type.lower()}_{index}"
            while layer_name in used_names:
                layer_name += "_"
            used_names.add(layer_name)
            if node.op_type == "Conv":
                layer = conv_layer(onnx, graph, node, label, layer_name)
            else:
                layer = gemm_layer(onnx, graph, node, label, layer_name, images)
            layer["inputs"] = sources
            layers.append(layer)
            sources = [layer_name]
        elif node.op_type not in LOOKED_THROUGH:
            raise BadModel(f"{path}: {label}: operator {node.op_type} is not mapped (layers: {', '.join(ARRAY_LAYERS)}; "
                           f"looked through: pooling, Add, Concat, activations, normalisations, reshapes; docs/cli.md)")
        for out in node.output:
            activations.add(out)
            producers[out] = sources
    if not layers:
        raise BadModel(f"{path}: no Conv, Gemm or MatMul node: nothing runs on the array")
    stem = os.path.splitext(os.path.basename(path))[0]
    return {"name": name or model.graph.name or stem, "batch": batch or images, "layers": layers}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="dramsweep import-onnx", description=__doc__.splitlines()[0])
    parser.add_argument("model", help="the ONNX model (.onnx)")
    parser.add_argument("-o", "--out", required=True, help="the topology JSON to write")
    parser.add_argument("--batch", type=int, help="images per layer (default: the model's batch, else 1)")
    parser.add_argument("--name", help="the topology's name (default: the graph's name, else the file's)")
    args = parser.parse_args(argv)
    try:
        topology = import_model(args.model, args.batch, args.name)
    except BadModel as error:
        sys.stderr.write(f"dramsweep: error: {error}\n")
        return EXIT_BAD_INPUT
    text = "{ " + json.dumps("name") + ": " + json.dumps(topology["name"]) + ", \"batch\": " + str(topology["batch"]) + \
        ",\n  \"layers\": [\n" + ",\n".join("    " + json.dumps(layer) for layer in topology["layers"]) + "\n  ] }\n"
    try:
        with open(args.out + ".tmp", "w") as f:
            f.write(text)
        os.replace(args.out + ".tmp", args.out)
    except OSError as error:
        sys.stderr.write(f"dramsweep: error: {args.out}: field '--out': cannot write the file ({error.strerror})\n")
        return EXIT_BAD_INPUT
    kinds = {}
    for layer in topology["layers"]:
        kinds[layer["type"]] = kinds.get(layer["type"], 0) + 1
    print(f"{args.out}: {len(topology['layers'])} layers (" + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) +
          f"), batch {topology['batch']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
