#pragma once
// The metrics derived from a run's integer counters (docs/model.md, "Statistics"), written once
// and used by the trace report, the engines' summaries and the closed loop. Floating point
// outputs only: no timing depends on them.

#include <cstdint>

#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {

// num / den, 0 when there is nothing to divide by (an empty run reports 0, not NaN).
inline double ratio(double num, double den) { return den > 0 ? num / den : 0; }

inline double row_hit_rate(std::uint64_t row_hits, std::uint64_t served) {
    return ratio(static_cast<double>(row_hits), static_cast<double>(served));
}

// Bytes per nanosecond are GB/s.
inline double bandwidth_gbps(std::uint64_t bytes, double ns) { return ratio(static_cast<double>(bytes), ns); }

// Requests served over `cycles` DRAM clocks of `config`, one burst each.
inline double served_bandwidth_gbps(const DramConfig& config, std::uint64_t served, std::uint64_t cycles) {
    return bandwidth_gbps(served * config.org.burst_bytes(), static_cast<double>(cycles) * config.tck_ns());
}

// What the configuration could deliver: every channel moving one burst per burst time.
inline double peak_bandwidth_gbps(const DramConfig& config) {
    return static_cast<double>(config.org.channels) * config.org.burst_bytes() /
           (static_cast<double>(config.timing.nBL) * config.tck_ns());
}

inline double mean(std::uint64_t sum, std::uint64_t count) {
    return ratio(static_cast<double>(sum), static_cast<double>(count));
}

}  // namespace dramsweep::dram
