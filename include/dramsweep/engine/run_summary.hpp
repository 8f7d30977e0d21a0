#pragma once
// The integer results of one DRAM configuration over one request stream: what every backend
// (reference, host batched engine, CUDA) must produce identically. Everything a sweep reports
// is either a field here or derived from these fields by one function (derive_metrics), so equal
// summaries mean equal reports.
//
// Read-latency percentiles are nearest-rank over the latencies clamped to kLatencyClamp - 1
// clocks (a saturated run reports "4095" for anything longer); the maximum is exact. The
// histogram has 16-clock bins, the last one open-ended, like dram::LatencySummary.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/stats.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::engine {

inline constexpr std::uint32_t kLatencyClamp = 4096;
inline constexpr std::uint32_t kHistogramBinClocks = dram::LatencySummary::kBinClocks;
inline constexpr std::uint32_t kHistogramBins = kLatencyClamp / kHistogramBinClocks;  // 256

struct RunSummary {
    std::uint64_t cycles = 0;    // clocks until every read returned and every write issued
    std::uint64_t requests = 0;
    std::uint64_t reads = 0, writes = 0;
    std::uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
    std::array<std::uint64_t, dram::kNumCommands> commands{};
    std::uint64_t read_latency_sum = 0, write_latency_sum = 0;
    std::uint32_t read_latency_p50 = 0, read_latency_p99 = 0, read_latency_max = 0;
    std::uint64_t active_cycles = 0, precharged_cycles = 0;  // rank-clocks, for background energy
    std::array<std::uint64_t, kHistogramBins> read_latency_histogram{};

    bool operator==(const RunSummary&) const = default;
};

// Name of the first field in which two summaries differ ("" when equal), for --validate.
std::string first_difference(const RunSummary& a, const RunSummary& b);

// The reference model's result in summary form.
RunSummary summarize(const dram::TraceRunResult& result);
// The same from a run's length, request count and statistics (closed at `cycles`).
RunSummary summarize(std::uint64_t cycles, std::uint64_t requests, const dram::DramStats& stats);

// Percentiles and histogram from an exact per-clock count of latencies (index = latency,
// clamped to kLatencyClamp - 1). Shared by the engines, which count latencies this way.
void fill_latency_summary(const std::uint64_t* per_clock_counts, std::uint32_t max_latency, RunSummary& summary);

// Metrics derived from the integers, identical for every backend.
struct DerivedMetrics {
    double bandwidth_gbps = 0;
    double row_hit_rate = 0;
    double avg_read_latency_cycles = 0;
    double avg_write_latency_cycles = 0;
    dram::EnergyBreakdown energy;
    double energy_nj() const { return energy.total(); }
};
DerivedMetrics derive_metrics(const dram::DramConfig& config, const RunSummary& summary);

}  // namespace dramsweep::engine
