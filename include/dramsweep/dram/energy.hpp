#pragma once
// DRAMPower-style energy from IDD currents: each command class costs the current above the
// matching standby current for the time it keeps the device busy; background is IDD3N while any
// bank of the rank is open and IDD2N while all are closed. Floating point is fine here: energy
// never decides a timing.

#include "dramsweep/dram/config.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::dram {

// Energy of one run (or of a span of clocks), in nanojoules.
struct EnergyBreakdown {
    double act_pre = 0, read = 0, write = 0, refresh = 0, background = 0;
    double total() const { return act_pre + read + write + refresh + background; }
};

EnergyBreakdown compute_energy(const DramConfig& config, const results::DramCounters& counters);

}  // namespace dramsweep::dram
