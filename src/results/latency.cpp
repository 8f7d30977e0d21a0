#include "dramsweep/results/latency.hpp"

#include <algorithm>

namespace dramsweep::results {
namespace {

template <typename Count>
LatencySummary summarize(const Count* per_clock, std::uint32_t max_latency) {
    LatencySummary s;
    s.max = max_latency;
    std::uint64_t n = 0;
    for (std::uint32_t v = 0; v < kLatencyClamp; ++v) n += per_clock[v];
    if (n == 0) return s;
    // Nearest rank: the smallest value with at least p % of the reads at or below it.
    const std::uint64_t k50 = std::max<std::uint64_t>((50 * n + 99) / 100, 1);
    const std::uint64_t k99 = std::max<std::uint64_t>((99 * n + 99) / 100, 1);
    std::uint64_t seen = 0;
    bool have50 = false, have99 = false;
    for (std::uint32_t v = 0; v < kLatencyClamp; ++v) {
        seen += per_clock[v];
        s.histogram[v / kHistogramBinClocks] += per_clock[v];
        if (!have50 && seen >= k50) {
            s.p50 = v;
            have50 = true;
        }
        if (!have99 && seen >= k99) {
            s.p99 = v;
            have99 = true;
        }
    }
    return s;
}

}  // namespace

void LatencyCounts::merge(const LatencyCounts& other) {
    for (std::uint32_t v = 0; v < kLatencyClamp; ++v) per_clock_[v] += other.per_clock_[v];
    max_ = std::max(max_, other.max_);
}

LatencySummary summarize_latency(const std::uint64_t* per_clock, std::uint32_t max_latency) {
    return summarize(per_clock, max_latency);
}
LatencySummary summarize_latency(const std::uint32_t* per_clock, std::uint32_t max_latency) {
    return summarize(per_clock, max_latency);
}

std::vector<std::uint64_t> trimmed_histogram(const LatencySummary& s) {
    std::size_t bins = s.histogram.size();
    while (bins > 1 && s.histogram[bins - 1] == 0) --bins;
    return {s.histogram.begin(), s.histogram.begin() + static_cast<std::ptrdiff_t>(bins)};
}

}  // namespace dramsweep::results
