#pragma once
// Reading topologies: SCALE-Sim's conv CSV and GEMM CSV (rows with or without the trailing
// comma), and dramsweep's JSON form (docs/formats.md). Bad input throws InputError naming the
// file, line and column.

#include <functional>
#include <string>

#include "dramsweep/common/json_source.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

enum class TopologyFormat {
    Auto,          // .json -> Json; a CSV whose header is "name, M, N, K" -> GemmCsv; else ConvCsv
    ConvCsv,       // name, H, W, R, S, C, N, row stride[, column stride[, named columns: Groups]]
    GemmCsv,       // name, M, N, K
    JsonDocument,  // dramsweep's JSON form
};

Topology read_topology(const std::string& path, TopologyFormat format = TopologyFormat::Auto);
Topology parse_topology_csv(const std::string& text, const std::string& origin, TopologyFormat format);
Topology parse_topology_json(const std::string& text, const std::string& origin);
// The topology in the JSON form (gemm layers as gemm, every other layer as conv with its groups,
// and the batch), which parse_topology_json reads back to an equal topology.
Json topology_json(const Topology& topology);

// Where a layer's field is, for messages: its name as the input writes it and its line. `key` is
// the JSON form's name ("ifmap_h", "stride_h", "groups", "batch"; "layer" for the whole layer).
struct LayerFieldPlace {
    std::string name;
    std::size_t line = 0;
};
using LayerFieldLocator = std::function<LayerFieldPlace(const std::string& key)>;

// Throws InputError (at `origin`, the field named and placed by `locate`) when a layer cannot
// run: a zero or negative dimension, a filter larger than the ifmap, a row stride larger than its
// height or a column stride larger than its width, channels or filters not divisible by groups,
// dimensions beyond what the model simulates, a batch below 1 or one whose operands overflow the
// address space (validate_batch, workload/batch.hpp).
void validate_layer(const Layer& layer, const std::string& origin, const LayerFieldLocator& locate);
// The same for a CSV row at `line`: fields named by their SCALE-Sim column ("IFMAP Height").
void validate_layer(const Layer& layer, const std::string& origin, std::size_t line);

}  // namespace dramsweep
