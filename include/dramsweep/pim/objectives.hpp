#pragma once
// The objectives of a mapped network on a PIM design, named as `run --json`, `pareto` and the
// optimisers name them: latency (s) at the design's logic clock, energy (J), and their product.

#include <cstdint>

#include "dramsweep/pim/config.hpp"

namespace dramsweep::pim {

struct PimObjectives {
    double latency_s = 0;
    double energy_j = 0;
    double edp_js = 0;
};

inline PimObjectives pim_objectives(const PimConfig& config, std::int64_t cycles, double energy_pj) {
    PimObjectives o;
    o.latency_s = static_cast<double>(cycles) / (static_cast<double>(config.clock_mhz) * 1e6);
    o.energy_j = energy_pj * 1e-12;
    o.edp_js = o.latency_s * o.energy_j;
    return o;
}

}  // namespace dramsweep::pim
