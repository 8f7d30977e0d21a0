#include "dramsweep/systolic/sram_traffic.hpp"

#include <algorithm>
#include <unordered_map>

namespace dramsweep {
namespace {

// Whole-fold LRU residency of one read operand. Each line remembers the last fold that used it;
// `horizon_` is the oldest fold whose lines are still resident. After fold g's lines are
// stamped, whole old folds are dropped (the horizon advances) until the resident lines fit.
class FoldLruBuffer {
public:
    FoldLruBuffer(std::int64_t capacity_lines, std::int64_t folds) : capacity_(capacity_lines),
          lines_of_fold_(static_cast<std::size_t>(folds), 0) {}

    // Stamps fold g's lines (sorted, unique) and appends the misses to `misses`.
    void fetch(std::int64_t fold, std::span<const std::uint64_t> lines, std::vector<std::uint64_t>& misses,
               std::int64_t& first_touches) {
        for (const std::uint64_t line : lines) {
            auto [it, inserted] = last_use_.try_emplace(line, kNever);
            std::int64_t& last = it->second;
            if (inserted) ++first_touches;
            if (last != kNever && last >= horizon_) {
                --lines_of_fold_[static_cast<std::size_t>(last)];  // resident: reuse, restamp
            } else {
                misses.push_back(line);
                ++resident_;
            }
            last = fold;
            ++lines_of_fold_[static_cast<std::size_t>(fold)];
        }
        while (resident_ > capacity_ && horizon_ <= fold) {
            resident_ -= lines_of_fold_[static_cast<std::size_t>(horizon_)];
            ++horizon_;
        }
    }

private:
    static constexpr std::int64_t kNever = -1;
    std::int64_t capacity_;
    std::int64_t horizon_ = 0;
    std::int64_t resident_ = 0;  // lines stamped by folds >= horizon_
    std::vector<std::int64_t> lines_of_fold_;
    // Sparse map from line to last fold: operands span tens of thousands of lines per layer.
    std::unordered_map<std::uint64_t, std::int64_t> last_use_;
};

}  // namespace

SramCapacity sram_capacity(const AccelConfig& accel) {
    return {accel.ifmap_sram_kb * 1024 / accel.burst_bytes, accel.filter_sram_kb * 1024 / accel.burst_bytes,
            accel.ofmap_sram_kb * 1024 / accel.burst_bytes};
}

LayerTraffic sram_traffic(const LineGeometry& g, const FoldLineSets& sets, const SramCapacity& capacity) {
    LayerTraffic t;
    t.folds = sets.folds;
    t.cycles_per_fold = g.mapping.cycles_per_fold();
    t.burst_bytes = g.burst_bytes;
    const auto burst = static_cast<std::uint64_t>(g.burst_bytes);
    FoldLruBuffer ifmap(capacity.ifmap_lines, sets.folds);
    FoldLruBuffer filter(capacity.filter_lines, sets.folds);
    const bool reduction_folded = g.mapping.dataflow != Dataflow::OutputStationary && g.mapping.row_folds > 1;

    std::vector<std::uint64_t> misses;
    std::unordered_map<std::uint64_t, bool> ofmap_written;
    t.read_begin.push_back(0);
    t.write_begin.push_back(0);
    for (std::int64_t fold = 0; fold < sets.folds; ++fold) {
        const FoldCoord coord = fold_coord(g.mapping, fold);
        OperandTraffic& of_ofmap = t.operands[static_cast<std::size_t>(Operand::Ofmap)];

        // The fold's misses of one read operand become its DRAM reads, in line order.
        auto fetch = [&](FoldLruBuffer& buffer, Operand operand) {
            OperandTraffic& stats = t.operands[static_cast<std::size_t>(operand)];
            misses.clear();
            buffer.fetch(fold, sets.of(fold, operand), misses, stats.compulsory_lines);
            for (const std::uint64_t line : misses) t.read_addresses.push_back(line * burst);
            stats.read_requests += static_cast<std::int64_t>(misses.size());
            t.read_begin.push_back(t.read_addresses.size());
            if (!misses.empty()) {
                if (stats.first_fold < 0) stats.first_fold = fold;
                stats.last_fold = fold;
            }
        };
        fetch(ifmap, Operand::Ifmap);
        fetch(filter, Operand::Filter);

        const auto outputs = sets.of(fold, Operand::Ofmap);
        const bool block_on_chip =
            !reduction_folded || static_cast<std::int64_t>(outputs.size()) * 2 <= capacity.ofmap_lines;
        const bool last_row_fold = coord.row_fold == g.mapping.row_folds - 1;
        // Partial sums spilled by the previous row fold come back with this fold's prefetch.
        if (reduction_folded && !block_on_chip && coord.row_fold > 0) {
            for (const std::uint64_t line : outputs) t.read_addresses.push_back(line * burst);
            of_ofmap.read_requests += static_cast<std::int64_t>(outputs.size());
        }
        t.read_begin.push_back(t.read_addresses.size());

        if (!reduction_folded || last_row_fold || !block_on_chip) {
            for (const std::uint64_t line : outputs) {
                t.write_addresses.push_back(line * burst);
                if (ofmap_written.try_emplace(line, true).second) ++of_ofmap.compulsory_lines;
            }
            of_ofmap.write_requests += static_cast<std::int64_t>(outputs.size());
            if (!outputs.empty()) {
                if (of_ofmap.first_fold < 0) of_ofmap.first_fold = fold;
                of_ofmap.last_fold = fold;
            }
        }
        t.write_begin.push_back(t.write_addresses.size());
    }
    return t;
}

LayerTraffic layer_traffic(const Layer& layer, const AccelConfig& accel) {
    const LineGeometry geometry = line_geometry(layer, accel);
    return sram_traffic(geometry, fold_line_sets(geometry), sram_capacity(accel));
}

}  // namespace dramsweep
