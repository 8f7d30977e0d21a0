// Reports of one trace run: the JSON object of `dramsweep trace --json` and the one-screen text.

#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {

std::string trace_result_json(const DramConfig& config, const TraceRunResult& r) {
    nlohmann::ordered_json j;
    j["dram"] = config.name;
    j["mapping"] = config.mapping;
    j["cycles"] = r.cycles;
    j["requests"] = r.requests;
    j["reads"] = r.stats.reads;
    j["writes"] = r.stats.writes;
    j["bandwidth_gbps"] = r.bandwidth_gbps;
    j["avg_read_latency_cycles"] = r.read_latency.mean;
    j["p50_read_latency_cycles"] = r.read_latency.p50;
    j["p99_read_latency_cycles"] = r.read_latency.p99;
    j["max_read_latency_cycles"] = r.read_latency.max;
    j["avg_write_latency_cycles"] = r.avg_write_latency;
    j["row_hit_rate"] = r.row_hit_rate;
    j["row_hits"] = r.stats.row_hits;
    j["row_misses"] = r.stats.row_misses;
    j["row_conflicts"] = r.stats.row_conflicts;
    nlohmann::ordered_json commands;
    for (int c = 0; c < kNumCommands; ++c) commands[command_name(static_cast<Command>(c))] = r.stats.commands[c];
    j["commands"] = commands;
    j["energy_nj"] = r.energy.total();
    j["energy_breakdown_nj"] = {{"act_pre", r.energy.act_pre}, {"read", r.energy.read}, {"write", r.energy.write},
                                {"refresh", r.energy.refresh}, {"background", r.energy.background}};
    j["read_latency_histogram"] = {{"bin_clocks", LatencySummary::kBinClocks}, {"counts", r.read_latency.histogram}};
    j["tck_ns"] = config.tck_ns();
    return j.dump();
}

std::string trace_result_text(const DramConfig& config, const TraceRunResult& r) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(2);
    o << "dram              " << config.name << " (" << config.mapping << ")\n"
      << "requests          " << r.requests << " (" << r.stats.reads << " reads, " << r.stats.writes << " writes)\n"
      << "cycles            " << r.cycles << " (" << static_cast<double>(r.cycles) * config.tck_ns() / 1000.0 << " us)\n"
      << "bandwidth         " << r.bandwidth_gbps << " GB/s\n"
      << "read latency      mean " << r.read_latency.mean << ", p50 " << r.read_latency.p50 << ", p99 "
      << r.read_latency.p99 << " clocks\n"
      << "row hit rate      " << std::setprecision(3) << r.row_hit_rate << " (hits " << r.stats.row_hits << ", misses "
      << r.stats.row_misses << ", conflicts " << r.stats.row_conflicts << ")\n"
      << "energy            " << std::setprecision(1) << r.energy.total() << " nJ\n";
    return o.str();
}

}  // namespace dramsweep::dram
