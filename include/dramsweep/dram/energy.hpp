#pragma once
// DRAMPower-style energy from IDD currents: each command class costs the current above the
// matching standby current for the time it keeps the device busy; background is IDD3N while any
// bank of the rank is open and IDD2N while all are closed. Floating point is fine here: energy
// never decides a timing.

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/stats.hpp"

namespace dramsweep::dram {

EnergyBreakdown compute_energy(const DramConfig& config, const DramStats& stats);

}  // namespace dramsweep::dram
