// Folds, cycles, utilisation and SRAM word counts of one layer (rules: docs/model.md).

#include "dramsweep/systolic/compute_model.hpp"

#include <stdexcept>
#include <string>

#include "compute_model_ifmap_geometry.hpp"
#include "compute_model_sram_window.hpp"

namespace dramsweep {
namespace {

void check_layer(const Layer& layer, const AccelConfig& accel, ComputeMode mode) {
    const auto positive = [&](std::int64_t v, const char* what) {
        if (v <= 0) {
            throw std::invalid_argument("layer '" + layer.name + "': " + what + " must be positive");
        }
    };
    positive(layer.ifmap_h, "ifmap height");
    positive(layer.ifmap_w, "ifmap width");
    positive(layer.filter_h, "filter height");
    positive(layer.filter_w, "filter width");
    positive(layer.channels, "channels");
    positive(layer.num_filters, "number of filters");
    positive(layer.stride_h, "row stride");
    positive(layer.stride_w, "column stride");
    positive(layer.groups, "groups");
    positive(layer.batch, "batch");
    positive(accel.array_rows, "array rows");
    positive(accel.array_cols, "array columns");
    if (layer.channels % layer.groups != 0 || layer.num_filters % layer.groups != 0) {
        throw std::invalid_argument("layer '" + layer.name + "': channels and filters must divide by groups");
    }
    if (mode == ComputeMode::Parity && layer.groups != 1) {
        throw std::invalid_argument("layer '" + layer.name + "' has groups = " + std::to_string(layer.groups) +
                                    ": SCALE-Sim v2 has no grouped convolutions, so parity mode "
                                    "cannot run it (use the corrected mode)");
    }
}

// The fold length the per-fold compute utilisation divides by. SCALE-Sim measures WS and IS
// folds on its filter (ifmap) demand matrix, which is C - 1 lines longer than the fold really
// is: 2R + 2C + T - 3 instead of 2R + C + T - 2 (quirk 3).
std::int64_t utilization_fold_cycles(const ArrayMapping& map, ComputeMode mode) {
    if (mode == ComputeMode::Parity && map.dataflow != Dataflow::OutputStationary) {
        return 2 * map.array_rows + 2 * map.array_cols + map.streamed - 3;
    }
    return map.cycles_per_fold();
}

// Means over the folds, summed one fold after the other in execution order as SCALE-Sim does,
// so that parity values match its rounding. Every group repeats the same sequence, so the mean
// over one group is the mean over the layer.
void fold_averages(const ArrayMapping& map, ComputeMode mode, LayerCompute& out) {
    const double pes = static_cast<double>(map.array_rows * map.array_cols);
    const double pe_cycles = static_cast<double>(map.array_rows * map.array_cols * utilization_fold_cycles(map, mode));
    double mapping_sum = 0.0, utilization_sum = 0.0;
    const std::int64_t folds = map.folds_per_group();
    for (std::int64_t f = 0; f < folds; ++f) {
        const FoldCoord c = fold_coord(map, f);
        const std::int64_t used = map.used_rows(c.row_fold) * map.used_cols(c.col_fold);
        mapping_sum += static_cast<double>(used) / pes;
        utilization_sum += static_cast<double>(used * map.streamed) / pe_cycles;
    }
    out.mapping_efficiency_pct = mapping_sum / static_cast<double>(folds) * 100.0;
    out.compute_utilization_pct = utilization_sum / static_cast<double>(folds) * 100.0;
}

void sram_counts(const Layer& layer, const ArrayMapping& map, ComputeMode mode, LayerCompute& out) {
    const GemmShape g = gemm_shape(layer);
    // SCALE-Sim counts every element of the ifmap operand matrix, the -1 of a window running past
    // the ifmap edge included; the corrected mode reads only elements that exist.
    const std::int64_t ifmap_elements =
        mode == ComputeMode::Parity ? g.m * g.k : detail::IfmapGeometry(layer).inside_elements();
    std::int64_t ifmap = 0, filter = 0, ofmap_writes = g.m * g.n, ofmap_reads = 0;
    switch (map.dataflow) {
        case Dataflow::OutputStationary:
            ifmap = ifmap_elements * map.col_folds;  // each column fold streams every pixel's window
            filter = g.k * g.n * map.row_folds;      // each row fold streams every filter
            // Quirk 2: SCALE-Sim adds the height plus the width of the array per fold.
            if (mode == ComputeMode::Parity) ofmap_writes += map.folds_per_group() * (map.array_rows + map.array_cols);
            break;
        case Dataflow::WeightStationary:
            ifmap = ifmap_elements * map.col_folds;
            filter = g.k * g.n;  // each weight is loaded once
            break;
        case Dataflow::InputStationary:
            ifmap = ifmap_elements;  // each input is loaded once
            filter = g.k * g.n * map.col_folds;
            break;
    }
    if (map.dataflow != Dataflow::OutputStationary) {
        // Each row fold leaves partial sums of all its outputs in the ofmap SRAM (quirk 4); the
        // corrected mode also reads them back for every row fold after the first.
        ofmap_writes = g.m * g.n * map.row_folds;
        if (mode == ComputeMode::Corrected) ofmap_reads = g.m * g.n * (map.row_folds - 1);
    }
    out.ifmap_sram_reads = ifmap * map.groups;
    out.filter_sram_reads = filter * map.groups;
    out.ofmap_sram_writes = ofmap_writes * map.groups;
    out.ofmap_sram_reads = ofmap_reads * map.groups;
}

double per_cycle(std::int64_t words, std::int64_t cycles) {
    return static_cast<double>(words) / static_cast<double>(cycles);
}

}  // namespace

const char* to_string(ComputeMode mode) { return mode == ComputeMode::Parity ? "parity" : "corrected"; }

LayerCompute compute_layer(const Layer& layer, const AccelConfig& accel, ComputeMode mode) {
    check_layer(layer, accel, mode);
    LayerCompute out;
    out.mode = mode;
    out.mapping = map_layer(layer, accel);
    const ArrayMapping& map = out.mapping;

    out.folds = map.folds();
    out.cycles_per_fold = map.cycles_per_fold();
    // Quirk 1: SCALE-Sim reports the stamp of the last cycle, one less than the count.
    out.compute_cycles = out.folds * out.cycles_per_fold - (mode == ComputeMode::Parity ? 1 : 0);
    out.macs = layer.macs();

    fold_averages(map, mode, out);
    out.overall_utilization_pct = static_cast<double>(out.macs * 100) /
                                  static_cast<double>(out.compute_cycles * map.array_rows * map.array_cols);

    sram_counts(layer, map, mode, out);
    out.avg_ifmap_sram_bw = per_cycle(out.ifmap_sram_reads, out.compute_cycles);
    out.avg_filter_sram_bw = per_cycle(out.filter_sram_reads, out.compute_cycles);
    out.avg_ofmap_sram_bw = per_cycle(out.ofmap_sram_writes + out.ofmap_sram_reads, out.compute_cycles);

    const detail::SramWindows windows = detail::sram_windows(layer, map);
    out.ifmap_sram = windows.ifmap;
    out.filter_sram = windows.filter;
    out.ofmap_sram = windows.ofmap;
    return out;
}

std::vector<LayerCompute> compute_topology(const Topology& topology, const AccelConfig& accel,
                                           ComputeMode mode) {
    std::vector<LayerCompute> out;
    out.reserve(topology.layers.size());
    for (const Layer& layer : topology.layers) out.push_back(compute_layer(layer, accel, mode));
    return out;
}

}  // namespace dramsweep
