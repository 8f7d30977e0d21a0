#pragma once
// The NicePIM mapper's mapping in the timing mode (docs/pim.md, "PIM-Mapper"): each layer's DRAM
// traffic through the cycle-level DRAM model with the placement in rows and banks that serves it
// best (row-major or block-tiled, the lower DRAM time; ties row-major), its NoC time the
// scheduler's; the totals over the mapper's steps (a parallel step takes its slowest branch).

#include <string>
#include <vector>

#include "dramsweep/pim/nicepim_mapper.hpp"
#include "dramsweep/pim/timing_mode.hpp"

namespace dramsweep::pim {

struct NicePimTiming {
    TimingResult timing;  // per layer the chosen placement's; totals over the steps
    std::vector<DramPlacement> placements;
    std::int64_t row_major_time = 0;  // the same totals with every layer row-major
};

NicePimTiming run_nicepim_timing(const PimConfig& config, const std::vector<std::string>& dram_overrides,
                                 const Network& net, std::int64_t batch, const NicePimResult& mapped);

}  // namespace dramsweep::pim
