// SRAM start and stop cycles, in closed form per fold.
//
// SCALE-Sim builds one demand matrix per operand: a line per cycle, a column per array row or
// column, -1 where nothing is accessed. Its start (stop) cycle is the stamp of the first (last)
// line holding any address. Within a fold of L lines, an element sits at a line that depends on
// the dataflow (R, C: array rows and columns; T: streamed length; i, j: position on the array
// rows or columns inside the fold; t: streamed index):
//
//   dataflow  ifmap               filter              ofmap
//   os        t + i   (t = k)      t + j   (t = k)      T-1 + (R-1-i) + j
//   ws        R + t + i (t = m)    R-1-i (no skew)     2R-1 + t + j (t = m)
//   is        R-1-i   (no skew)    R + t + i (t = n)    2R-1 + t + j (t = n)
//
// Reads are stamped one cycle after their line (the SRAM hit latency), writes at their line.
// Filter and ofmap lines are dense. Ifmap lines are not: a window element outside the ifmap
// (SCALE-Sim's ceil output size lets the last windows run past the edge) is a -1, so a fold's
// first and last ifmap lines come from the extreme elements that lie inside the ifmap.

#include <algorithm>

#include "compute_model_ifmap_geometry.hpp"
#include "compute_model_sram_window.hpp"

namespace dramsweep::detail {
namespace {

constexpr std::int64_t kReadLatency = 1;

// Fold-local demand lines [first, last]; empty when last < first.
struct LineSpan {
    std::int64_t first = 0;
    std::int64_t last = -1;

    bool empty() const { return last < first; }
    void include(std::int64_t from, std::int64_t to) {
        if (empty()) {
            first = from;
            last = to;
        } else {
            first = std::min(first, from);
            last = std::max(last, to);
        }
    }
};

LineSpan ifmap_lines(const IfmapGeometry& geo, const ArrayMapping& map, const FoldRanges& f) {
    const std::int64_t rows = map.array_rows;
    LineSpan span;
    switch (map.dataflow) {
        case Dataflow::OutputStationary:
            for (std::int64_t m = f.m_begin; m < f.m_end; ++m) {
                const std::int64_t last_k = geo.last_inside_k(m);
                if (last_k >= 0) span.include(m - f.m_begin, last_k + (m - f.m_begin));
            }
            break;
        case Dataflow::WeightStationary:
            for (std::int64_t k = f.k_begin; k < f.k_end; ++k) {
                const std::int64_t out_rows = geo.inside_out_rows(geo.filter_row(k));
                const std::int64_t out_cols = geo.inside_out_cols(geo.filter_col(k));
                if (out_rows == 0 || out_cols == 0) continue;
                // The last image's last inside pixel (WS streams every pixel of the batch).
                const std::int64_t last_m = (geo.batch - 1) * geo.pixels + (out_rows - 1) * geo.ofmap_w + out_cols - 1;
                span.include(rows + (k - f.k_begin), rows + last_m + (k - f.k_begin));
            }
            break;
        case Dataflow::InputStationary:
            for (std::int64_t k = f.k_begin; k < f.k_end; ++k) {
                if (!geo.any_inside(k, f.m_begin, f.m_end)) continue;
                const std::int64_t line = rows - 1 - (k - f.k_begin);
                span.include(line, line);
            }
            break;
    }
    return span;
}

LineSpan filter_lines(const ArrayMapping& map, std::int64_t used_rows, std::int64_t used_cols) {
    const std::int64_t rows = map.array_rows, t = map.streamed;
    switch (map.dataflow) {
        case Dataflow::OutputStationary: return {0, t - 1 + used_cols - 1};
        case Dataflow::WeightStationary: return {rows - used_rows, rows - 1};
        case Dataflow::InputStationary: return {rows, rows + t - 1 + used_rows - 1};
    }
    return {};
}

LineSpan ofmap_lines(const ArrayMapping& map, std::int64_t used_rows, std::int64_t used_cols) {
    const std::int64_t rows = map.array_rows, t = map.streamed;
    if (map.dataflow == Dataflow::OutputStationary) {
        // Outputs leave from the bottom edge: the last used array row drains first.
        return {t - 1 + rows - used_rows, t - 1 + rows - 1 + used_cols - 1};
    }
    return {2 * rows - 1, 2 * rows - 1 + t - 1 + used_cols - 1};
}

struct FoldSpans {
    LineSpan ifmap, filter, ofmap;
};

FoldSpans fold_spans(const IfmapGeometry& geo, const ArrayMapping& map, const GemmShape& g,
                     std::int64_t fold_in_group) {
    const FoldCoord c = fold_coord(map, fold_in_group);
    const std::int64_t used_rows = map.used_rows(c.row_fold), used_cols = map.used_cols(c.col_fold);
    return {ifmap_lines(geo, map, fold_ranges(map, g, c)), filter_lines(map, used_rows, used_cols),
            ofmap_lines(map, used_rows, used_cols)};
}

}  // namespace

SramWindows sram_windows(const Layer& layer, const ArrayMapping& map) {
    const IfmapGeometry geo(layer);
    const GemmShape g = gemm_shape(layer);
    const std::int64_t per_group = map.folds_per_group();
    const std::int64_t fold_cycles = map.cycles_per_fold();
    // Every group has the same fold sequence and the same inside/outside pattern, so the first
    // access lies in group 0 and the last in the last group.
    const std::int64_t last_group_base = (map.groups - 1) * per_group * fold_cycles;

    SramWindows w;
    const FoldSpans first = fold_spans(geo, map, g, 0);
    const FoldSpans last = fold_spans(geo, map, g, per_group - 1);
    const std::int64_t last_base = last_group_base + (per_group - 1) * fold_cycles;
    w.filter = {first.filter.first + kReadLatency, last_base + last.filter.last + kReadLatency};
    w.ofmap = {first.ofmap.first, last_base + last.ofmap.last};

    // A fold may read no ifmap word at all (every element outside the ifmap): look further.
    for (std::int64_t f = 0; f < per_group; ++f) {
        const LineSpan s = f == 0 ? first.ifmap : fold_spans(geo, map, g, f).ifmap;
        if (s.empty()) continue;
        w.ifmap.start_cycle = f * fold_cycles + s.first + kReadLatency;
        break;
    }
    for (std::int64_t f = per_group - 1; f >= 0; --f) {
        const LineSpan s = f == per_group - 1 ? last.ifmap : fold_spans(geo, map, g, f).ifmap;
        if (s.empty()) continue;
        w.ifmap.stop_cycle = last_group_base + f * fold_cycles + s.last + kReadLatency;
        break;
    }
    return w;
}

}  // namespace dramsweep::detail
