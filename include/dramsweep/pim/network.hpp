#pragma once
// A network as a DAG of layers for the PIM evaluator (docs/pim.md, "Workloads").
//
// Each layer names its producers; its input is their outputs concatenated along channels, in
// that order (residual adds read (shortcut, branch), inception layers read the module input).
// A producer is another layer, the network input, or, for layers of SCALE-Sim topologies whose
// input is not their predecessor's output, an input of their own read from DRAM.
//
// Bundled: alexnet, vgg16, resnet50, googlenet (the layer tables nn_dataflow uses) and
// transformer (a BERT-base encoder block). Files: the JSON form of docs/pim.md, or a SCALE-Sim
// topology CSV / JSON, whose layers become a chain.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/pim/layer_shape.hpp"

namespace dramsweep::pim {

enum class LayerType : std::uint8_t { kConv, kFc, kPool, kEltwise };

// Producer indices besides layer indices.
inline constexpr int kNetworkInput = -1;
inline constexpr int kOwnInput = -2;  // the layer reads an input of its own shape from DRAM

struct NetworkLayer {
    std::string name;
    LayerType type = LayerType::kConv;
    LayerShape shape;
    std::vector<int> prevs;  // producers, in concatenation order
    int weights_from = -1;   // a layer whose output serves as this layer's weights (attention), or -1
};

struct Network {
    std::string name;
    std::string origin;  // file or "bundled"
    std::int32_t input_channels = 0, input_h = 0, input_w = 0;
    std::vector<NetworkLayer> layers;  // producers always before their consumers

    int find(const std::string& name) const;  // -1 when absent
    std::int64_t total_ops(std::int64_t batch) const;
    // Channels and rows x columns of the tensor a producer index stands for (for kOwnInput: the
    // input of `consumer`).
    std::int32_t producer_channels(int producer, int consumer) const;
    std::int32_t producer_rows(int producer, int consumer) const;
    std::int32_t producer_cols(int producer, int consumer) const;
};

// A layer description before the DAG is checked: producers by name ("input" is the network input).
struct LayerSpec {
    std::string name;
    LayerType type = LayerType::kConv;
    LayerShape shape;
    std::vector<std::string> prevs;
    std::string weights_from;
    std::size_t line = 0;    // where it was defined, for messages
    bool own_input = false;  // reads an input of its own (SCALE-Sim chains)
};

// Orders the layers so that producers come first and checks the DAG: unknown producers
// (dangling inputs), cycles, channel counts that do not add up and sizes that do not fit fail
// with InputError naming `origin`, the layer's line and the layer.
Network build_network(std::string name, std::string origin, std::int32_t input_channels, std::int32_t input_h,
                      std::int32_t input_w, const std::vector<LayerSpec>& specs);

std::vector<std::string> bundled_network_names();
// A bundled network by name (nn_dataflow's names alex_net and vgg_net are accepted too);
// throws InputError for unknown names.
Network bundled_network(const std::string& name);
// A bundled name, or a file: a .json with a "layers" array of PIM layers (docs/pim.md), or a
// SCALE-Sim topology (CSV or the project's topology JSON) read as a chain.
Network load_network(const std::string& name_or_path);

}  // namespace dramsweep::pim
