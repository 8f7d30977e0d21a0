// SCALE-Sim v2's depthwise rule (include/dramsweep/workload/scalesim_layers.hpp).

#include "dramsweep/workload/scalesim_layers.hpp"

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {

bool has_scalesim_dp_name(const std::string& layer_name) {
    return layer_name.find("DP") != std::string::npos;
}

void apply_scalesim_dp_rule(Layer& layer, bool groups_given, const std::string& origin, std::size_t line) {
    if (layer.channels <= 0 || layer.num_filters <= 0) return;
    const std::string rule =
        "layer '" + layer.name + "' has \"DP\" in its name, which SCALE-Sim runs as a depthwise conv";
    if (groups_given && layer.groups != layer.channels) {
        throw InputError(origin, line, "Groups",
                         rule + " (one group per channel, groups = " + std::to_string(layer.channels) +
                             "), but Groups is " + std::to_string(layer.groups));
    }
    // The same bound validate_layer() puts on the filters of any layer, checked before the product.
    if (layer.num_filters > (std::int64_t{1} << 30) / layer.channels) {
        throw InputError(origin, line, "Num Filter",
                         rule + " of " + std::to_string(layer.num_filters) + " filters per channel: " +
                             std::to_string(layer.channels) + " channels need too many filters to simulate");
    }
    layer.groups = layer.channels;
    layer.num_filters *= layer.channels;
    layer.scalesim_dp = true;
}

Topology scalesim_v2_layers(const Topology& topology) {
    Topology out = topology;
    out.layers.clear();
    for (const Layer& layer : topology.layers) {
        if (!layer.scalesim_dp) {
            out.layers.push_back(layer);
            continue;
        }
        for (std::int64_t c = 0; c < layer.channels; ++c) {
            Layer one = layer;
            one.name = layer.name + "Channel_" + std::to_string(c);
            one.channels = 1;
            one.num_filters = layer.gemm_n();  // the row's Num Filter
            one.groups = 1;
            one.scalesim_dp = false;
            out.layers.push_back(std::move(one));
        }
    }
    return out;
}

}  // namespace dramsweep
