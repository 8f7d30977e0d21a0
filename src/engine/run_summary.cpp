#include "dramsweep/engine/run_summary.hpp"

#include <algorithm>

#include "dramsweep/dram/energy.hpp"
#include "dramsweep/dram/metrics.hpp"

namespace dramsweep::engine {

std::string first_difference(const RunSummary& a, const RunSummary& b) {
#define DRAMSWEEP_COMPARE(field) \
    if (a.field != b.field) return #field
    DRAMSWEEP_COMPARE(cycles);
    DRAMSWEEP_COMPARE(requests);
    DRAMSWEEP_COMPARE(reads);
    DRAMSWEEP_COMPARE(writes);
    DRAMSWEEP_COMPARE(row_hits);
    DRAMSWEEP_COMPARE(row_misses);
    DRAMSWEEP_COMPARE(row_conflicts);
    for (int c = 0; c < dram::kNumCommands; ++c) {
        if (a.commands[c] != b.commands[c]) {
            return std::string("commands.") + dram::command_name(static_cast<dram::Command>(c));
        }
    }
    DRAMSWEEP_COMPARE(read_latency_sum);
    DRAMSWEEP_COMPARE(write_latency_sum);
    DRAMSWEEP_COMPARE(read_latency_p50);
    DRAMSWEEP_COMPARE(read_latency_p99);
    DRAMSWEEP_COMPARE(read_latency_max);
    DRAMSWEEP_COMPARE(active_cycles);
    DRAMSWEEP_COMPARE(precharged_cycles);
    DRAMSWEEP_COMPARE(read_latency_histogram);
#undef DRAMSWEEP_COMPARE
    return {};
}

void fill_latency_summary(const std::uint64_t* per_clock, std::uint32_t max_latency, RunSummary& s) {
    std::uint64_t n = 0;
    for (std::uint32_t v = 0; v < kLatencyClamp; ++v) n += per_clock[v];
    s.read_latency_max = max_latency;
    s.read_latency_histogram.fill(0);
    s.read_latency_p50 = s.read_latency_p99 = 0;
    if (n == 0) return;
    // Nearest rank: the smallest value with at least p % of the reads at or below it.
    const std::uint64_t k50 = std::max<std::uint64_t>((50 * n + 99) / 100, 1);
    const std::uint64_t k99 = std::max<std::uint64_t>((99 * n + 99) / 100, 1);
    std::uint64_t seen = 0;
    bool have50 = false, have99 = false;
    for (std::uint32_t v = 0; v < kLatencyClamp; ++v) {
        seen += per_clock[v];
        s.read_latency_histogram[v / kHistogramBinClocks] += per_clock[v];
        if (!have50 && seen >= k50) { s.read_latency_p50 = v; have50 = true; }
        if (!have99 && seen >= k99) { s.read_latency_p99 = v; have99 = true; }
    }
}

RunSummary summarize(std::uint64_t cycles, std::uint64_t requests, const dram::DramStats& stats) {
    RunSummary s;
    s.cycles = cycles;
    s.requests = requests;
    s.reads = stats.reads;
    s.writes = stats.writes;
    s.row_hits = stats.row_hits;
    s.row_misses = stats.row_misses;
    s.row_conflicts = stats.row_conflicts;
    s.commands = stats.commands;
    s.write_latency_sum = stats.write_latency_sum;
    s.active_cycles = stats.active_cycles;
    s.precharged_cycles = stats.precharged_cycles;
    std::vector<std::uint64_t> per_clock(kLatencyClamp, 0);
    std::uint32_t max_latency = 0;
    for (const std::uint32_t latency : stats.read_latencies) {
        s.read_latency_sum += latency;
        max_latency = std::max(max_latency, latency);
        ++per_clock[std::min(latency, kLatencyClamp - 1)];
    }
    fill_latency_summary(per_clock.data(), max_latency, s);
    return s;
}

RunSummary summarize(const dram::TraceRunResult& r) { return summarize(r.cycles, r.requests, r.stats); }

DerivedMetrics derive_metrics(const dram::DramConfig& config, const RunSummary& s) {
    DerivedMetrics m;
    const std::uint64_t served = s.reads + s.writes;
    m.bandwidth_gbps = dram::served_bandwidth_gbps(config, served, s.cycles);
    m.row_hit_rate = dram::row_hit_rate(s.row_hits, served);
    m.avg_read_latency_cycles = dram::mean(s.read_latency_sum, s.reads);
    m.avg_write_latency_cycles = dram::mean(s.write_latency_sum, s.writes);
    dram::DramStats stats;
    stats.reads = s.reads;
    stats.writes = s.writes;
    stats.commands = s.commands;
    stats.active_cycles = s.active_cycles;
    stats.precharged_cycles = s.precharged_cycles;
    m.energy = dram::compute_energy(config, stats);
    return m;
}

}  // namespace dramsweep::engine
