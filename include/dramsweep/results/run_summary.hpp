#pragma once
// The integer results of one DRAM configuration over one request stream (the trace mode): what
// every backend (reference, host batched engine, CUDA) must produce identically. Everything a
// trace run or a sweep reports is a field here or derived from these fields by derive_metrics,
// so equal summaries mean equal reports.

#include <cstdint>
#include <string>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/energy.hpp"
#include "dramsweep/results/dram_counters.hpp"
#include "dramsweep/results/latency.hpp"

namespace dramsweep::results {

struct RunSummary {
    std::uint64_t cycles = 0;  // clocks until every read returned and every write issued
    std::uint64_t requests = 0;
    DramCounters counters;
    LatencySummary read_latency;

    bool operator==(const RunSummary&) const = default;
};

// A run's summary from what every backend keeps: the counters summed over its channels, the
// per-clock read-latency counts (latency.hpp) and the exact maximum latency. Every backend's
// result is assembled here.
template <typename Count>
RunSummary make_run_summary(std::uint64_t cycles, std::uint64_t requests, const DramCounters& counters,
                            const Count* latency_per_clock, std::uint32_t max_latency) {
    return RunSummary{cycles, requests, counters, summarize_latency(latency_per_clock, max_latency)};
}
inline RunSummary make_run_summary(std::uint64_t cycles, std::uint64_t requests, const DramCounters& counters,
                                   const LatencyCounts& latencies) {
    return make_run_summary(cycles, requests, counters, latencies.per_clock(), latencies.max());
}

// Name of the first field in which two summaries differ ("" when equal), for --validate.
std::string first_difference(const RunSummary& a, const RunSummary& b);

// Metrics derived from the integers, identical for every backend.
struct DerivedMetrics {
    double time_ns = 0;  // cycles x tCK: comparable across presets of different clocks
    double bandwidth_gbps = 0;
    double row_hit_rate = 0;
    double avg_read_latency_cycles = 0;
    double avg_write_latency_cycles = 0;
    dram::EnergyBreakdown energy;
    double energy_nj() const { return energy.total(); }
};
DerivedMetrics derive_metrics(const dram::DramConfig& config, const RunSummary& summary);

}  // namespace dramsweep::results
