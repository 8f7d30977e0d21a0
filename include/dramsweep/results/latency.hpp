#pragma once
// Read latencies, one representation for every backend and report: a count per clock of
// latency, clamped to kLatencyClamp - 1 clocks (a latency that long is counted in the last
// slot), plus the exact maximum; and one summary of such counts (nearest-rank percentiles and
// a histogram in 16-clock bins, the last bin open-ended). `dramsweep trace`, sweeps, `run` and
// `serve` all derive their p50 and p99 here, so one run reports one p99 everywhere.

#include <array>
#include <cstdint>
#include <vector>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::results {

inline constexpr std::uint32_t kLatencyClamp = 4096;
inline constexpr std::uint32_t kHistogramBinClocks = 16;
inline constexpr std::uint32_t kHistogramBins = kLatencyClamp / kHistogramBinClocks;  // 256

// The slot a latency is counted in.
DRAMSWEEP_HD inline std::uint32_t latency_slot(std::uint64_t latency) {
    return latency < kLatencyClamp ? static_cast<std::uint32_t>(latency) : kLatencyClamp - 1;
}

struct LatencySummary {
    std::uint32_t p50 = 0, p99 = 0;  // nearest rank over the clamped latencies
    std::uint32_t max = 0;           // exact
    std::array<std::uint64_t, kHistogramBins> histogram{};

    bool operator==(const LatencySummary&) const = default;
};

// Per-clock counts on the host (the reference model's; the engines keep the same counts in
// 32-bit slots of their state).
class LatencyCounts {
public:
    LatencyCounts() : per_clock_(kLatencyClamp, 0) {}
    void add(std::uint64_t latency) {
        ++per_clock_[latency_slot(latency)];
        if (latency > max_) max_ = static_cast<std::uint32_t>(latency);
    }
    void merge(const LatencyCounts& other);
    const std::uint64_t* per_clock() const { return per_clock_.data(); }
    std::uint32_t max() const { return max_; }

private:
    std::vector<std::uint64_t> per_clock_;
    std::uint32_t max_ = 0;
};

// The summary of kLatencyClamp per-clock counts and the exact maximum.
LatencySummary summarize_latency(const std::uint64_t* per_clock, std::uint32_t max_latency);
LatencySummary summarize_latency(const std::uint32_t* per_clock, std::uint32_t max_latency);
// The histogram without its trailing empty bins (at least one bin), for reports read by people.
std::vector<std::uint64_t> trimmed_histogram(const LatencySummary& summary);

}  // namespace dramsweep::results
