#include "dramsweep/pim/nicepim_timing.hpp"

#include <algorithm>

namespace dramsweep::pim {
namespace {

// Totals over the steps: per step the slowest branch's layers one after another.
void step_totals(const PimHardware& hw, const NicePimResult& mapped, TimingResult& t) {
    std::vector<std::int64_t> times;
    for (const TimingLayer& l : t.layers) times.push_back(l.time);
    t.time = 0;
    t.energy_pj = 0;
    for (const NicePimStep& st : mapped.steps) {
        std::int64_t step = 0;
        for (const auto& branch : branch_times(mapped.layers, st, times))
            step = std::max(step, branch.second);
        t.time += step;
        t.energy_pj += step_energy(hw, mapped.layers, st, step);
    }
    t.analytical_time = mapped.eval.total.time;
    t.analytical_energy_pj = mapped.eval.total.energy_total_pj;
}

}  // namespace

NicePimTiming run_nicepim_timing(const PimConfig& config, const std::vector<std::string>& dram_overrides,
                                 const Network& net, std::int64_t batch, const NicePimResult& mapped) {
    const PimHardware hw = make_hardware(config);
    const std::vector<DramPlacement> row_major(net.layers.size(), DramPlacement::kRowMajor);
    const std::vector<DramPlacement> tiled(net.layers.size(), DramPlacement::kBlockTiled);
    TimingResult a =
        run_timing_mode(config, dram_overrides, net, batch, mapped.mapping, mapped.eval, row_major);
    const TimingResult b =
        run_timing_mode(config, dram_overrides, net, batch, mapped.mapping, mapped.eval, tiled);
    NicePimTiming out;
    step_totals(hw, mapped, a);
    out.row_major_time = a.time;
    out.timing = a;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const bool tile = b.layers[i].dram_time < a.layers[i].dram_time;
        out.placements.push_back(tile ? DramPlacement::kBlockTiled : DramPlacement::kRowMajor);
        if (tile) out.timing.layers[i] = b.layers[i];
    }
    step_totals(hw, mapped, out.timing);
    return out;
}

}  // namespace dramsweep::pim
