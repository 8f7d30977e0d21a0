// The outputs of `dramsweep run`: a per-layer table for people and one JSON object for programs.

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dramsweep/coupled/network_columns.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/workload/batch.hpp"

namespace dramsweep::coupled {
namespace {

nlohmann::json layer_json(const LayerRunStats& s) {
    return {{"name", s.name},
            {"folds", s.folds},
            {"compute_cycles", s.compute_cycles},
            {"stall_cycles", s.stall_cycles},
            {"total_cycles", s.total_cycles},
            {"time_us", s.time_us},
            {"macs", s.macs},
            {"dram_reads", s.dram_reads},
            {"dram_writes", s.dram_writes},
            {"dram_bytes", s.dram_bytes},
            {"dram_bandwidth_gbps", s.dram_bandwidth_gbps},
            {"dram_avg_read_latency_cycles", s.dram_avg_read_latency_cycles},
            {"dram_row_hit_rate", s.dram_row_hit_rate},
            {"energy_nj",
             {{"dram", s.dram_energy_nj},
              {"sram", s.sram_energy_nj},
              {"mac", s.mac_energy_nj},
              {"total", s.energy_nj()}}},
            {"bound", s.memory_bound ? "memory" : "compute"}};
}

}  // namespace

nlohmann::json network_result_json(const Topology& topology, const AccelConfig& accel,
                                   const dram::DramConfig& dram, const NetworkRunResult& r) {
    nlohmann::json layers = nlohmann::json::array();
    for (const LayerRunStats& s : r.layers) layers.push_back(layer_json(s));
    nlohmann::json total = layer_json(r.total);
    const Objectives o = objectives(r.total);
    return {
        {"topology", topology.name},
        {"batch", topology_batch(topology)},
        {"accelerator",
         {{"run_name", accel.run_name},
          {"array_rows", accel.array_rows},
          {"array_cols", accel.array_cols},
          {"dataflow", to_string(accel.dataflow)},
          {"freq_mhz", accel.freq_mhz}}},
        {"dram",
         {{"name", dram.name},
          {"standard", dram.standard},
          {"channels", dram.org.channels},
          {"ranks", dram.org.ranks},
          {"clock_mhz", dram.clock_mhz}}},
        {"layers", layers},
        {"total", total},
        {"dram_cycles", r.dram_cycles},
        {"dram_peak_bandwidth_gbps", r.dram_peak_bandwidth_gbps},
        {"dram_bandwidth_utilization", r.dram_bandwidth_utilization},
        {"dram_read_latency_p50_cycles", r.dram_read_latency_p50},
        {"dram_read_latency_p99_cycles", r.dram_read_latency_p99},
        {"objectives", {{"latency_s", o.latency_s}, {"energy_j", o.energy_j}, {"edp_js", o.edp_js}}},
    };
}

std::string network_result_table(const Topology& topology, const AccelConfig& accel,
                                 const dram::DramConfig& dram, const NetworkRunResult& r) {
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s (batch %lld) on %lldx%lld %s @ %lld MHz, DRAM %s (%u ch, %u rank), peak %.1f GB/s\n",
                  topology.name.c_str(), static_cast<long long>(topology_batch(topology)),
                  static_cast<long long>(accel.array_rows), static_cast<long long>(accel.array_cols),
                  to_string(accel.dataflow), static_cast<long long>(accel.freq_mhz), dram.name.c_str(),
                  dram.org.channels, dram.org.ranks, r.dram_peak_bandwidth_gbps);
    out << line;
    std::snprintf(line, sizeof line, "%-16s %12s %12s %7s %10s %8s %8s %6s %10s %7s\n", "layer",
                  "compute cyc", "stall cyc", "stall%", "time us", "DRAM GB/s", "lat clk", "hit%",
                  "energy uJ", "bound");
    out << line;
    auto row = [&](const LayerRunStats& s) {
        const double stall_pct = s.total_cycles > 0 ? 100.0 * static_cast<double>(s.stall_cycles) /
                                                          static_cast<double>(s.total_cycles)
                                                    : 0;
        std::snprintf(
            line, sizeof line, "%-16s %12lld %12lld %6.1f%% %10.2f %8.2f %8.1f %5.1f%% %10.3f %7s\n",
            s.name.c_str(), static_cast<long long>(s.compute_cycles), static_cast<long long>(s.stall_cycles),
            stall_pct, s.time_us, s.dram_bandwidth_gbps, s.dram_avg_read_latency_cycles,
            100.0 * s.dram_row_hit_rate, s.energy_nj() / 1000.0, s.memory_bound ? "memory" : "compute");
        out << line;
    };
    for (const LayerRunStats& s : r.layers) row(s);
    row(r.total);
    return out.str();
}

}  // namespace dramsweep::coupled
