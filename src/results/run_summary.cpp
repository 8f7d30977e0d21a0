#include "dramsweep/results/run_summary.hpp"

#include "dramsweep/dram/metrics.hpp"

namespace dramsweep::results {

std::string first_difference(const RunSummary& a, const RunSummary& b) {
    if (a.cycles != b.cycles) return "cycles";
    if (a.requests != b.requests) return "requests";
    if (const char* counter = first_difference(a.counters, b.counters)) return counter;
    if (a.read_latency.p50 != b.read_latency.p50) return "read_latency_p50";
    if (a.read_latency.p99 != b.read_latency.p99) return "read_latency_p99";
    if (a.read_latency.max != b.read_latency.max) return "read_latency_max";
    if (a.read_latency.histogram != b.read_latency.histogram) return "read_latency_histogram";
    return {};
}

DerivedMetrics derive_metrics(const dram::DramConfig& config, const RunSummary& s) {
    DerivedMetrics m;
    const DramCounters& c = s.counters;
    const std::uint64_t served = c.reads + c.writes;
    m.time_ns = static_cast<double>(s.cycles) * config.tck_ns();
    m.bandwidth_gbps = dram::served_bandwidth_gbps(config, served, s.cycles);
    m.row_hit_rate = dram::row_hit_rate(c.row_hits, served);
    m.avg_read_latency_cycles = dram::mean(c.read_latency_sum, c.reads);
    m.avg_write_latency_cycles = dram::mean(c.write_latency_sum, c.writes);
    m.energy = dram::compute_energy(config, c);
    return m;
}

}  // namespace dramsweep::results
