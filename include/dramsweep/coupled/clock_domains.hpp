#pragma once
// Exact conversion between the accelerator clock and the DRAM command clock. Both frequencies are
// whole kHz, so a cycle boundary of one clock falls at a rational time of the other; conversions
// round up to the first cycle that starts at or after the given instant. Integers only: the
// conversion decides timing.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::coupled {

struct ClockDomains {
    std::uint64_t accel_khz = 0;
    std::uint64_t dram_khz = 0;

    // First DRAM clock starting at or after the start of accelerator cycle `a`.
    DRAMSWEEP_HD std::uint64_t dram_at_or_after_accel(std::uint64_t a) const {
        return (a * dram_khz + accel_khz - 1) / accel_khz;
    }
    // First accelerator cycle starting at or after the start of DRAM clock `c`.
    DRAMSWEEP_HD std::uint64_t accel_at_or_after_dram(std::uint64_t c) const {
        return (c * accel_khz + dram_khz - 1) / dram_khz;
    }
};

}  // namespace dramsweep::coupled
