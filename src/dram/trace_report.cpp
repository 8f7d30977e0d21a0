// Reports of one trace run: the JSON object of `dramsweep trace --json` (the statistics of
// results/trace_columns.hpp, the same as a sweep row's) and the one-screen text.

#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dramsweep/common/json_text.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/results/trace_columns.hpp"

namespace dramsweep::dram {

std::string trace_result_json(const DramConfig& config, const TraceRunResult& r) {
    nlohmann::ordered_json j;
    j["dram"] = config.name;
    j["mapping"] = config.mapping;
    j.update(results::nested_statistics(r.summary, r.metrics));
    j["read_latency_histogram"] = {{"bin_clocks", results::kHistogramBinClocks},
                                   {"counts", results::trimmed_histogram(r.summary.read_latency)}};
    j["tck_ns"] = config.tck_ns();
    return json_text(j);
}

std::string trace_result_text(const DramConfig& config, const TraceRunResult& r) {
    const results::RunSummary& s = r.summary;
    const results::DramCounters& c = s.counters;
    std::ostringstream o;
    o << std::fixed << std::setprecision(2);
    o << "dram              " << config.name << " (" << config.mapping << ")\n"
      << "requests          " << s.requests << " (" << c.reads << " reads, " << c.writes << " writes)\n"
      << "cycles            " << s.cycles << " (" << static_cast<double>(s.cycles) * config.tck_ns() / 1000.0 << " us)\n"
      << "bandwidth         " << r.metrics.bandwidth_gbps << " GB/s\n"
      << "read latency      mean " << r.metrics.avg_read_latency_cycles << ", p50 " << s.read_latency.p50 << ", p99 "
      << s.read_latency.p99 << " clocks\n"
      << "row hit rate      " << std::setprecision(3) << r.metrics.row_hit_rate << " (hits " << c.row_hits
      << ", misses " << c.row_misses << ", conflicts " << c.row_conflicts << ")\n"
      << "energy            " << std::setprecision(1) << r.metrics.energy_nj() << " nJ\n";
    return o.str();
}

}  // namespace dramsweep::dram
