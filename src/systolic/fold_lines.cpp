#include "dramsweep/systolic/fold_lines.hpp"

#include <algorithm>

namespace dramsweep {
namespace {

// Appends the lines covering word addresses [first, last) (absolute word addresses).
void append_run(const LineGeometry& g, std::int64_t first, std::int64_t last, std::vector<std::uint64_t>& out) {
    if (first >= last) return;
    const std::uint64_t begin = g.line_of_word(first);
    const std::uint64_t end = g.line_of_word(last - 1);
    for (std::uint64_t line = begin; line <= end; ++line) out.push_back(line);
}

// The ifmap words of output pixels [m_begin, m_end) over reduction indices [k_begin, k_end);
// each pixel reads from its own image's block of the ifmap.
// k runs (r, s, c) with c fastest, so one (r, s) pair is a contiguous run of channels, and when
// a group spans all channels, consecutive s on one ifmap row join into a single run.
void ifmap_runs(const LineGeometry& g, std::int64_t group, const FoldRanges& f, std::vector<std::uint64_t>& out) {
    const OperandLayout& l = g.layout;
    const std::int64_t cg = l.channels_per_group;
    for (std::int64_t m = f.m_begin; m < f.m_end; ++m) {
        const std::int64_t pixel = m % l.ofmap_pixels;  // within its image of the batch
        const std::int64_t oh = pixel / l.ofmap_w, ow = pixel % l.ofmap_w;
        const std::int64_t image = l.image_base(m);
        std::int64_t run_first = -1, run_last = -1;
        for (std::int64_t rs = f.k_begin / cg; rs * cg < f.k_end; ++rs) {
            const std::int64_t c_lo = std::max<std::int64_t>(f.k_begin - rs * cg, 0);
            const std::int64_t c_hi = std::min<std::int64_t>(f.k_end - rs * cg, cg);
            const std::int64_t row = oh * l.stride_h + rs / l.filter_w;
            const std::int64_t col = ow * l.stride_w + rs % l.filter_w;
            if (row >= l.ifmap_h || col >= l.ifmap_w) continue;  // window past the edge: no data
            const std::int64_t first = image + (row * l.ifmap_w + col) * l.channels_total + group * cg + c_lo;
            const std::int64_t last = first + (c_hi - c_lo);
            if (first == run_last) {
                run_last = last;  // contiguous with the previous run: extend it
            } else {
                if (run_first >= 0) append_run(g, run_first, run_last, out);
                run_first = first;
                run_last = last;
            }
        }
        if (run_first >= 0) append_run(g, run_first, run_last, out);
    }
}

void filter_runs(const LineGeometry& g, std::int64_t group, const FoldRanges& f, std::vector<std::uint64_t>& out) {
    const OperandLayout& l = g.layout;
    if (f.k_begin == 0 && f.k_end == l.k) {  // whole filters: one run over consecutive filters
        append_run(g, l.filter_address(group, f.n_begin, 0), l.filter_address(group, f.n_end - 1, l.k - 1) + 1, out);
        return;
    }
    for (std::int64_t n = f.n_begin; n < f.n_end; ++n) {
        append_run(g, l.filter_address(group, n, f.k_begin), l.filter_address(group, n, f.k_end - 1) + 1, out);
    }
}

void ofmap_runs(const LineGeometry& g, std::int64_t group, const FoldRanges& f, std::vector<std::uint64_t>& out) {
    const OperandLayout& l = g.layout;
    for (std::int64_t m = f.m_begin; m < f.m_end; ++m) {
        append_run(g, l.ofmap_address(group, m, f.n_begin), l.ofmap_address(group, m, f.n_end - 1) + 1, out);
    }
}

void sort_unique_from(std::vector<std::uint64_t>& lines, std::size_t from) {
    const auto first = lines.begin() + static_cast<std::ptrdiff_t>(from);
    std::sort(first, lines.end());
    lines.erase(std::unique(first, lines.end()), lines.end());
}

}  // namespace

const char* to_string(Operand operand) {
    switch (operand) {
        case Operand::Ifmap: return "ifmap";
        case Operand::Filter: return "filter";
        case Operand::Ofmap: return "ofmap";
    }
    return "?";
}

LineGeometry line_geometry(const Layer& layer, const AccelConfig& accel) {
    LineGeometry g;
    g.mapping = map_layer(layer, accel);
    g.gemm = gemm_shape(layer);
    g.layout = operand_layout(layer, accel);
    g.word_bytes = accel.word_bytes;
    g.burst_bytes = accel.burst_bytes;
    return g;
}

FoldLineSets fold_line_sets(const LineGeometry& g) {
    FoldLineSets sets;
    sets.folds = g.mapping.folds();
    sets.begin.reserve(static_cast<std::size_t>(sets.folds) * kOperandCount + 1);
    sets.begin.push_back(0);
    for (std::int64_t fold = 0; fold < sets.folds; ++fold) {
        const FoldCoord coord = fold_coord(g.mapping, fold);
        const FoldRanges ranges = fold_ranges(g.mapping, g.gemm, coord);
        ifmap_runs(g, coord.group, ranges, sets.lines);
        sort_unique_from(sets.lines, sets.begin.back());
        sets.begin.push_back(sets.lines.size());
        filter_runs(g, coord.group, ranges, sets.lines);
        sort_unique_from(sets.lines, sets.begin.back());
        sets.begin.push_back(sets.lines.size());
        ofmap_runs(g, coord.group, ranges, sets.lines);
        sort_unique_from(sets.lines, sets.begin.back());
        sets.begin.push_back(sets.lines.size());
    }
    return sets;
}

}  // namespace dramsweep
