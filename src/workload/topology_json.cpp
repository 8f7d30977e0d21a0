// dramsweep's JSON topology form (docs/formats.md):
//   {"name": "...", "batch": B, "layers": [ {"name", "type": "conv"|"depthwise"|"gemm", ...}, ... ]}
// "batch" (default 1) is the number of images every layer runs (workload/batch.hpp). A layer's
// optional "inputs" names the earlier layers that produce its input (written by
// `dramsweep import-onnx`); it is checked, and the layers still run as a chain.

#include <set>
#include <utility>

#include <optional>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/layer.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep {
namespace {

Layer parse_json_layer(const JsonSource& source, const JsonPointer& at) {
    const std::string type = source.optional_string(at / "type").value_or("conv");
    const std::string name = source.required_string(at / "name");
    if (type == "gemm") {
        source.reject_unknown_keys(at, {"name", "type", "m", "n", "k", "inputs"});
        return Layer::gemm(name, source.required_int(at / "m"), source.required_int(at / "n"),
                           source.required_int(at / "k"));
    }
    if (type != "conv" && type != "depthwise") source.fail(at / "type", "expected conv, depthwise or gemm");
    source.reject_unknown_keys(at, {"name", "type", "ifmap_h", "ifmap_w", "filter_h", "filter_w", "channels",
                                    "num_filters", "stride", "stride_h", "stride_w", "groups", "multiplier",
                                    "inputs"});
    Layer layer;
    layer.name = name;
    layer.ifmap_h = source.required_int(at / "ifmap_h");
    layer.ifmap_w = source.required_int(at / "ifmap_w");
    layer.filter_h = source.required_int(at / "filter_h");
    layer.filter_w = source.required_int(at / "filter_w");
    layer.channels = source.required_int(at / "channels");
    // "stride" moves the window by the same step both ways; "stride_h" (down) and "stride_w"
    // (across) set each step on its own.
    const std::optional<std::int64_t> stride = source.optional_int(at / "stride");
    for (const char* key : {"stride_h", "stride_w"}) {
        if (stride && source.root().contains(at / key))
            source.fail(at / key, "give either stride or stride_h and stride_w");
    }
    layer.stride_h = source.optional_int(at / "stride_h").value_or(stride.value_or(1));
    layer.stride_w = source.optional_int(at / "stride_w").value_or(stride.value_or(1));
    if (type == "depthwise") {
        // One filter per channel (times the depth multiplier), each reading only its channel.
        if (source.root().contains(at / "groups")) source.fail(at / "groups", "a depthwise layer has groups = channels");
        const std::int64_t multiplier = source.optional_int(at / "multiplier").value_or(1);
        layer.groups = layer.channels;
        std::int64_t filters = 0;
        if (__builtin_mul_overflow(layer.channels, multiplier, &filters))
            source.fail(at / "multiplier", "channels x multiplier does not fit 64 bits");
        layer.num_filters = source.optional_int(at / "num_filters").value_or(filters);
    } else {
        if (source.root().contains(at / "multiplier")) source.fail(at / "multiplier", "only depthwise layers take it");
        layer.num_filters = source.required_int(at / "num_filters");
        layer.groups = source.optional_int(at / "groups").value_or(1);
    }
    return layer;
}

// "inputs": names of layers listed before this one (an ONNX graph's producers, in graph order).
void check_inputs(const JsonSource& source, const JsonPointer& at, const std::set<std::string>& earlier) {
    if (!source.root().contains(at / "inputs")) return;
    const Json& inputs = source.root().at(at / "inputs");
    if (!inputs.is_array()) source.fail(at / "inputs", "expected a list of names of earlier layers");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string name = source.required_string(at / "inputs" / i);
        if (!earlier.count(name))
            source.fail(at / "inputs" / i, "'" + name + "' is not the name of an earlier layer");
    }
}

// A layer's field as the JSON form names it (a GEMM's m, n, k), with its path and line.
LayerFieldPlace json_place(const JsonSource& source, const JsonPointer& at, const Layer& layer, const std::string& key) {
    if (key == "layer") return {json_path_string(at), source.line_of(at)};
    const bool gemm = layer.kind == LayerKind::Gemm;
    // A stride given once ("stride") stands for both stride_h and stride_w.
    const bool shared_stride = (key == "stride_h" || key == "stride_w") && !source.root().contains(at / key) &&
                               source.root().contains(at / "stride");
    const JsonPointer where = shared_stride ? at / "stride"
                              : !gemm ? at / key
                              : key == "ifmap_h" ? at / "m"
                              : key == "ifmap_w" || key == "filter_w" ? at / "k"
                              : key == "num_filters" ? at / "n"
                                                     : at / key;
    return {json_path_string(where), source.line_of(source.root().contains(where) ? where : at)};
}

}  // namespace

Json topology_json(const Topology& topology) {
    Json layers = Json::array();
    for (const Layer& l : topology.layers) {
        if (l.kind == LayerKind::Gemm) {
            layers.push_back({{"name", l.name},
                              {"type", "gemm"},
                              {"m", l.ifmap_h},
                              {"n", l.num_filters},
                              {"k", l.ifmap_w}});
            continue;
        }
        Json layer = {{"name", l.name},
                      {"type", "conv"},
                      {"ifmap_h", l.ifmap_h},
                      {"ifmap_w", l.ifmap_w},
                      {"filter_h", l.filter_h},
                      {"filter_w", l.filter_w},
                      {"channels", l.channels},
                      {"num_filters", l.num_filters},
                      {"groups", l.groups}};
        if (l.stride_h == l.stride_w) {
            layer["stride"] = l.stride_h;
        } else {
            layer["stride_h"] = l.stride_h;
            layer["stride_w"] = l.stride_w;
        }
        layers.push_back(std::move(layer));
    }
    return {{"name", topology.name}, {"batch", topology_batch(topology)}, {"layers", layers}};
}

Topology parse_topology_json(const std::string& content, const std::string& origin) {
    const JsonSource source = JsonSource::from_text(content, origin);
    const JsonPointer root;
    source.reject_unknown_keys(root, {"name", "batch", "layers"});
    Topology topology;
    topology.name = source.optional_string(root / "name").value_or("");
    const std::int64_t batch = source.optional_int(root / "batch").value_or(1);
    const std::size_t batch_line = source.line_of(root / "batch");
    const Json& layers = source.required(root / "layers");
    if (!layers.is_array() || layers.empty()) source.fail(root / "layers", "expected a non-empty array of layers");
    std::set<std::string> names;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const JsonPointer at = root / "layers" / i;
        Layer layer = parse_json_layer(source, at);
        check_inputs(source, at, names);
        names.insert(layer.name);
        validate_layer(layer, origin, [&](const std::string& key) { return json_place(source, at, layer, key); });
        validate_batch(layer, batch, origin, batch_line, "batch");
        layer.batch = batch;
        topology.layers.push_back(std::move(layer));
    }
    return topology;
}

}  // namespace dramsweep
