#pragma once
// The area of a PIM design (docs/pim.md, "Area"): per node the PEs, the register files, the
// global buffer, the DRAM interface and the router, against the footprint of the DRAM stacked
// on top of it. A design is legal when each node's logic fits under its DRAM and, when the
// configuration gives a die budget, the whole logic die fits in it.

#include <string>

#include "dramsweep/pim/config.hpp"

namespace dramsweep::pim {

struct AreaBreakdown {
    // One node, mm2.
    double pe_mm2 = 0;
    double regf_mm2 = 0;
    double buffer_mm2 = 0;
    double dram_interface_mm2 = 0;
    double router_mm2 = 0;
    double logic_mm2 = 0;           // the sum of the above
    double dram_footprint_mm2 = 0;  // the node's DRAM capacity at the stacked-DRAM density
    // The whole die: every node occupies the larger of its logic and its DRAM footprint.
    std::int32_t nodes = 0;
    double die_mm2 = 0;
    double die_budget_mm2 = 0;  // 0: none
    bool logic_fits_under_dram = false;
    bool within_budget = true;
    bool legal = false;
    std::string verdict;  // one sentence: legal, or why not
};

AreaBreakdown compute_area(const PimConfig& config);

std::string area_text(const PimConfig& config, const AreaBreakdown& area);
std::string area_json(const PimConfig& config, const AreaBreakdown& area);

}  // namespace dramsweep::pim
