// Applying and checking a network's batch size (include/dramsweep/workload/batch.hpp).

#include "dramsweep/workload/batch.hpp"

#include <initializer_list>
#include <string>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

// a * b, or -1 when the product would exceed kMaxOperandWords (or overflow on the way).
std::int64_t bounded_product(std::int64_t a, std::int64_t b) {
    if (a < 0 || b < 0) return -1;
    if (b != 0 && a > kMaxOperandWords / b) return -1;
    return a * b;
}

std::int64_t bounded_product(std::initializer_list<std::int64_t> factors) {
    std::int64_t product = 1;
    for (const std::int64_t f : factors) {
        product = bounded_product(product, f);
        if (product < 0) return -1;
    }
    return product;
}

}  // namespace

void validate_batch(const Layer& layer, std::int64_t batch, const std::string& origin, std::size_t line,
                    const std::string& field) {
    if (batch < 1) throw InputError(origin, line, field, "the batch size must be at least 1, got " + std::to_string(batch));
    const std::int64_t ifmap_image = bounded_product({layer.ifmap_h, layer.ifmap_w, layer.channels});
    const std::int64_t ofmap_image = bounded_product({layer.ofmap_h(), layer.ofmap_w(), layer.num_filters});
    // One image that does not fit is the layer's fault, not the batch's.
    const std::string culprit = ifmap_image < 0 || ofmap_image < 0 ? "layer '" + layer.name + "' alone"
                                                                     : "batch " + std::to_string(batch) + " of layer '" +
                                                                           layer.name + "'";
    if (ifmap_image < 0 || bounded_product(ifmap_image, batch) < 0) {
        throw InputError(origin, line, field,
                         culprit + " needs more than 2^48 ifmap words (batch x " + std::to_string(layer.ifmap_h) +
                             " x " + std::to_string(layer.ifmap_w) + " x " + std::to_string(layer.channels) + ")");
    }
    if (ofmap_image < 0 || bounded_product(ofmap_image, batch) < 0) {
        throw InputError(origin, line, field,
                         culprit + " needs more than 2^48 ofmap words (batch x " + std::to_string(layer.ofmap_h()) +
                             " x " + std::to_string(layer.ofmap_w()) + " x " + std::to_string(layer.num_filters) +
                             ")");
    }
}

Topology with_batch(const Topology& topology, std::int64_t batch, const std::string& origin, std::size_t line,
                    const std::string& field) {
    Topology out = topology;
    for (Layer& layer : out.layers) {
        validate_batch(layer, batch, origin, line, field);
        layer.batch = batch;
    }
    return out;
}

std::int64_t topology_batch(const Topology& topology) {
    return topology.layers.empty() ? 1 : topology.layers.front().batch;
}

}  // namespace dramsweep
