#include "dramsweep/workload/topology_io.hpp"

#include <filesystem>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/workload/batch.hpp"

namespace dramsweep {
namespace {

// Dimensions beyond these overflow the address arithmetic (words are multiplied by the word size,
// and ifmap rows by widths) long before they could be simulated.
constexpr std::int64_t kMaxPlane = std::int64_t{1} << 40;   // ifmap H x W
constexpr std::int64_t kMaxReduction = std::int64_t{1} << 30;  // R x S x C per group
constexpr std::int64_t kMaxFilters = std::int64_t{1} << 30;

// a * b, or -1 when it would exceed `limit`.
std::int64_t product_within(std::int64_t a, std::int64_t b, std::int64_t limit) {
    if (a < 0 || b < 0 || (b != 0 && a > limit / b)) return -1;
    return a * b;
}

// SCALE-Sim's CSV columns (a GEMM row's are M, N, K).
std::string csv_column(const Layer& layer, const std::string& key) {
    if (layer.kind == LayerKind::Gemm) {
        if (key == "ifmap_h") return "M";
        if (key == "ifmap_w" || key == "filter_w") return "K";
        if (key == "num_filters") return "N";
    }
    if (key == "ifmap_h") return "IFMAP Height";
    if (key == "ifmap_w") return "IFMAP Width";
    if (key == "filter_h") return "Filter Height";
    if (key == "filter_w") return "Filter Width";
    if (key == "channels") return "Channels";
    if (key == "num_filters") return "Num Filter";
    if (key == "stride_h") return "Strides";
    if (key == "stride_w") return "Stride Width";
    if (key == "groups") return "Groups";
    if (key == "batch") return "batch";
    return "row";
}

}  // namespace

void validate_layer(const Layer& layer, const std::string& origin, std::size_t line) {
    validate_layer(layer, origin, [&](const std::string& key) { return LayerFieldPlace{csv_column(layer, key), line}; });
}

void validate_layer(const Layer& layer, const std::string& origin, const LayerFieldLocator& locate) {
    auto fail = [&](const std::string& key, const std::string& message) {
        const LayerFieldPlace place = locate(key);
        throw InputError(origin, place.line, place.name, message);
    };
    const std::pair<const char*, std::int64_t> positive[] = {
        {"ifmap_h", layer.ifmap_h},   {"ifmap_w", layer.ifmap_w},         {"filter_h", layer.filter_h},
        {"filter_w", layer.filter_w}, {"channels", layer.channels},       {"num_filters", layer.num_filters},
        {"stride_h", layer.stride_h}, {"stride_w", layer.stride_w},   {"groups", layer.groups}};
    for (const auto& [key, value] : positive)
        if (value <= 0) fail(key, "must be positive, got " + std::to_string(value));
    if (layer.filter_h > layer.ifmap_h) {
        fail("filter_h", "filter height " + std::to_string(layer.filter_h) + " exceeds the ifmap height " +
                             std::to_string(layer.ifmap_h));
    }
    if (layer.filter_w > layer.ifmap_w) {
        fail("filter_w", "filter width " + std::to_string(layer.filter_w) + " exceeds the ifmap width " +
                             std::to_string(layer.ifmap_w));
    }
    if (layer.stride_h > layer.ifmap_h) {
        fail("stride_h", "row stride " + std::to_string(layer.stride_h) + " is larger than the ifmap height " +
                             std::to_string(layer.ifmap_h));
    }
    if (layer.stride_w > layer.ifmap_w) {
        // Without a column stride of its own, the row stride (Strides) is the column stride too.
        const bool same = layer.stride_w == layer.stride_h;
        fail(same ? "stride_h" : "stride_w", std::string(same ? "stride " : "column stride ") +
                                                 std::to_string(layer.stride_w) + (same ? " (rows and columns)" : "") +
                                                 " is larger than the ifmap width " + std::to_string(layer.ifmap_w));
    }
    if (layer.channels % layer.groups != 0) {
        fail("groups", "channels (" + std::to_string(layer.channels) + ") are not divisible by groups (" +
                           std::to_string(layer.groups) + ")");
    }
    if (layer.num_filters % layer.groups != 0) {
        fail("groups", "filters (" + std::to_string(layer.num_filters) + ") are not divisible by groups (" +
                           std::to_string(layer.groups) + ")");
    }
    // Word addresses must stay far inside 64 bits (they are multiplied by the word size later).
    if (product_within(layer.ifmap_h, layer.ifmap_w, kMaxPlane) < 0)
        fail("ifmap_h", "an ifmap of " + std::to_string(layer.ifmap_h) + " x " + std::to_string(layer.ifmap_w) +
                            " is larger than dramsweep simulates (2^40 positions)");
    const std::int64_t reduction =
        product_within(product_within(layer.filter_h, layer.filter_w, kMaxReduction), layer.channels / layer.groups,
                       kMaxReduction);
    if (reduction < 0)
        fail("channels", "a filter of " + std::to_string(layer.filter_h) + " x " + std::to_string(layer.filter_w) +
                             " x " + std::to_string(layer.channels / layer.groups) +
                             " is larger than dramsweep simulates (2^30 weights)");
    if (layer.num_filters > kMaxFilters)
        fail("num_filters", std::to_string(layer.num_filters) + " filters are more than dramsweep simulates (2^30)");
    const LayerFieldPlace batch = locate(layer.batch == 1 ? "layer" : "batch");
    validate_batch(layer, layer.batch, origin, batch.line, batch.name);
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
