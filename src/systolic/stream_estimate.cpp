// The upper estimate of a layer's stream memory (stream_estimate.hpp). Doubles throughout, so
// that absurd layers give a huge estimate instead of an overflow.

#include "dramsweep/systolic/stream_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dramsweep/common/memory_budget.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/systolic/array_mapping.hpp"

namespace dramsweep {
namespace {

// Bytes per (fold, operand, line) entry: the line set (8), the request address (8) and its copy
// in the network's stream (8); per distinct line, the residency map's node and bucket (~64).
constexpr double kBytesPerVisit = 24;
constexpr double kBytesPerDistinctLine = 64;

// Lines touched by `runs` contiguous runs holding `words` words in all: every run may start and
// end in a partly used line.
double lines(double words, double runs, double word_bytes, double burst_bytes) {
    return std::ceil(words * word_bytes / burst_bytes) + 2 * runs;
}

}  // namespace

StreamEstimate estimate_layer_stream(const Layer& layer, const AccelConfig& accel) {
    const ArrayMapping map = map_layer(layer, accel);
    const GemmShape g = gemm_shape(layer);
    const double wb = static_cast<double>(accel.word_bytes), burst = static_cast<double>(accel.burst_bytes);
    const double ifmap_words = static_cast<double>(layer.batch) * static_cast<double>(layer.ifmap_h) *
                               static_cast<double>(layer.ifmap_w) * static_cast<double>(layer.channels);
    const double window_rows = static_cast<double>(layer.filter_h) + 1;
    // One fold that uses `rows` x `cols` of the array: its m, n and k extents by dataflow.
    auto fold_visits = [&](double rows, double cols) {
        double m = static_cast<double>(g.m), n = static_cast<double>(g.n), k = static_cast<double>(g.k);
        switch (map.dataflow) {
            case Dataflow::OutputStationary: m = rows, n = cols; break;
            case Dataflow::WeightStationary: k = rows, n = cols; break;
            case Dataflow::InputStationary: k = rows, m = cols; break;
        }
        const double ifmap = lines(std::min(m * k, ifmap_words), m * window_rows, wb, burst);
        const double filter = lines(n * k, n, wb, burst);
        const double ofmap = lines(m * n, m, wb, burst);
        return ifmap + filter + 2 * ofmap;  // ofmap: written, and read back as partial sums
    };
    // Folds come in at most four shapes: full or ragged in rows, full or ragged in columns.
    const double ar = static_cast<double>(map.array_rows), ac = static_cast<double>(map.array_cols);
    const double full_r = std::floor(static_cast<double>(map.rows_dim) / ar);
    const double rest_r = static_cast<double>(map.rows_dim) - full_r * ar;
    const double full_c = std::floor(static_cast<double>(map.cols_dim) / ac);
    const double rest_c = static_cast<double>(map.cols_dim) - full_c * ac;
    double visits = full_r * full_c * fold_visits(ar, ac);
    if (rest_r > 0) visits += full_c * fold_visits(rest_r, ac);
    if (rest_c > 0) visits += full_r * fold_visits(ar, rest_c);
    if (rest_r > 0 && rest_c > 0) visits += fold_visits(rest_r, rest_c);
    visits *= static_cast<double>(map.groups);
    const double operand_words = ifmap_words + static_cast<double>(layer.num_filters) * static_cast<double>(g.k) +
                                 static_cast<double>(g.m) * static_cast<double>(layer.num_filters);
    const double distinct = std::min(visits, std::ceil(operand_words * wb / burst) + 3);
    return {visits, visits * kBytesPerVisit + distinct * kBytesPerDistinctLine};
}

void check_stream_fits_memory(const Layer& layer, const AccelConfig& accel, const std::string& origin) {
    const StreamEstimate e = estimate_layer_stream(layer, accel);
    char visits[32];
    std::snprintf(visits, sizeof visits, "%.3g", e.line_visits);
    check_fits_memory(e.bytes, std::string("its DRAM request stream (up to ") + visits + " line visits)", origin, 0,
                      "layer " + text::quote(layer.name));
}

void check_network_fits_memory(const Topology& topology, const AccelConfig& accel, const std::string& origin) {
    double held = 0, peak = 0;
    for (const Layer& layer : topology.layers) {
        check_stream_fits_memory(layer, accel, origin);
        const StreamEstimate e = estimate_layer_stream(layer, accel);
        held += e.line_visits * 8;  // the network's stream keeps every layer's requests
        peak = std::max(peak, e.bytes);
    }
    check_fits_memory(held + peak, "the network's DRAM request stream", origin, 0, "topology");
}

}  // namespace dramsweep
