#include "dramsweep/workload/topology_io.hpp"

#include <filesystem>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/workload/batch.hpp"

namespace dramsweep {
namespace {

void require_positive(std::int64_t value, const char* field, const std::string& origin, std::size_t line) {
    if (value <= 0) throw InputError(origin, line, field, "must be positive, got " + std::to_string(value));
}

}  // namespace

void validate_layer(const Layer& layer, const std::string& origin, std::size_t line) {
    require_positive(layer.ifmap_h, "IFMAP Height", origin, line);
    require_positive(layer.ifmap_w, "IFMAP Width", origin, line);
    require_positive(layer.filter_h, "Filter Height", origin, line);
    require_positive(layer.filter_w, "Filter Width", origin, line);
    require_positive(layer.channels, "Channels", origin, line);
    require_positive(layer.num_filters, "Num Filter", origin, line);
    require_positive(layer.stride_h, "Strides", origin, line);
    require_positive(layer.stride_w, "Stride Width", origin, line);
    require_positive(layer.groups, "Groups", origin, line);
    if (layer.filter_h > layer.ifmap_h) {
        throw InputError(origin, line, "Filter Height", "filter height " + std::to_string(layer.filter_h) +
                                                            " exceeds the ifmap height " + std::to_string(layer.ifmap_h));
    }
    if (layer.filter_w > layer.ifmap_w) {
        throw InputError(origin, line, "Filter Width", "filter width " + std::to_string(layer.filter_w) +
                                                           " exceeds the ifmap width " + std::to_string(layer.ifmap_w));
    }
    if (layer.stride_h > layer.ifmap_h) {
        throw InputError(origin, line, "Strides",
                         "row stride " + std::to_string(layer.stride_h) +
                             " is larger than the ifmap height " + std::to_string(layer.ifmap_h));
    }
    if (layer.stride_w > layer.ifmap_w) {
        // Without a column stride of its own, the row stride (Strides) is the column stride too.
        const bool same = layer.stride_w == layer.stride_h;
        throw InputError(origin, line, same ? "Strides" : "Stride Width",
                         std::string(same ? "stride " : "column stride ") + std::to_string(layer.stride_w) +
                             (same ? " (rows and columns)" : "") + " is larger than the ifmap width " +
                             std::to_string(layer.ifmap_w));
    }
    if (layer.channels % layer.groups != 0) {
        throw InputError(origin, line, "Groups", "channels (" + std::to_string(layer.channels) +
                                                     ") are not divisible by groups (" + std::to_string(layer.groups) + ")");
    }
    if (layer.num_filters % layer.groups != 0) {
        throw InputError(origin, line, "Groups", "filters (" + std::to_string(layer.num_filters) +
                                                     ") are not divisible by groups (" + std::to_string(layer.groups) + ")");
    }
    // Word addresses must stay far inside 64 bits (they are multiplied by the word size later).
    if (layer.ifmap_h * layer.ifmap_w > (std::int64_t{1} << 40) || layer.gemm_k() > (std::int64_t{1} << 30) ||
        layer.num_filters > (std::int64_t{1} << 30)) {
        throw InputError(origin, line, "row", "layer dimensions are too large to simulate");
    }
    validate_batch(layer, layer.batch, origin, line, layer.batch == 1 ? "row" : "batch");
}

Topology read_topology(const std::string& path, TopologyFormat format) {
    const std::string content = text::read_file(path);
    const std::filesystem::path p(path);
    const bool json = format == TopologyFormat::JsonDocument ||
                      (format == TopologyFormat::Auto && (p.extension() == ".json" || text::trim(content).starts_with("{")));
    Topology topology = json ? parse_topology_json(content, path) : parse_topology_csv(content, path, format);
    if (topology.name.empty()) topology.name = p.stem().string();
    return topology;
}

}  // namespace dramsweep
