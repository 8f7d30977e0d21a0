#pragma once
// Private to the compute model: where in each fold the array touches each operand's SRAM.

#include "dramsweep/systolic/compute_model.hpp"

namespace dramsweep::detail {

struct SramWindows {
    SramWindow ifmap;
    SramWindow filter;
    SramWindow ofmap;
};

// The SRAM start and stop cycles of a layer, as SCALE-Sim reports them in its DETAILED report.
// Both modes share them: the fold schedule is the same, and a corrected layer is longer only by
// the one cycle of quirk 1, which lies after the last access.
SramWindows sram_windows(const Layer& layer, const ArrayMapping& map);

}  // namespace dramsweep::detail
