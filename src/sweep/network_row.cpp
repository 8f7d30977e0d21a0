// One result row per network configuration (results.hpp, make_network_row): the network totals
// as coupled::network_result derives them, named as `dramsweep run --json` and `pareto` name them
// (latency_s, energy_j, edp_js, dram_bandwidth_utilization, dram_read_latency_p50_cycles).

#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {

std::vector<std::string> network_statistic_columns() {
    return {"total_cycles", "compute_cycles", "stall_cycles", "stall_share", "time_us", "latency_s",
            "energy_nj", "dram_energy_nj", "sram_energy_nj", "mac_energy_nj", "energy_j", "edp_js",
            "dram_bandwidth_gbps", "dram_peak_bandwidth_gbps", "dram_bandwidth_utilization", "dram_row_hit_rate",
            "dram_avg_read_latency_cycles", "dram_read_latency_p50_cycles", "dram_read_latency_p99_cycles",
            "dram_reads", "dram_writes", "dram_bytes", "dram_cycles", "macs", "memory_bound_layers", "bound"};
}

Row make_network_row(const SweepSpec& spec, const SweepPoint& point, const std::vector<std::string>& parameter_columns,
                     const coupled::NetworkRunResult& r) {
    Row row = row_key_and_parameters(spec, point, parameter_columns);
    const Row statistics = network_statistics(r);
    for (const auto& item : statistics.items()) row[item.key()] = item.value();
    return row;
}

Row network_statistics(const coupled::NetworkRunResult& r) {
    Row row;
    const coupled::LayerRunStats& t = r.total;
    const double latency_s = t.time_us * 1e-6;
    const double energy_j = t.energy_nj() * 1e-9;
    std::int64_t memory_bound_layers = 0;
    for (const coupled::LayerRunStats& layer : r.layers) memory_bound_layers += layer.memory_bound ? 1 : 0;
    row["total_cycles"] = t.total_cycles;
    row["compute_cycles"] = t.compute_cycles;
    row["stall_cycles"] = t.stall_cycles;
    row["stall_share"] =
        t.total_cycles > 0 ? static_cast<double>(t.stall_cycles) / static_cast<double>(t.total_cycles) : 0.0;
    row["time_us"] = t.time_us;
    row["latency_s"] = latency_s;
    row["energy_nj"] = t.energy_nj();
    row["dram_energy_nj"] = t.dram_energy_nj;
    row["sram_energy_nj"] = t.sram_energy_nj;
    row["mac_energy_nj"] = t.mac_energy_nj;
    row["energy_j"] = energy_j;
    row["edp_js"] = latency_s * energy_j;
    row["dram_bandwidth_gbps"] = t.dram_bandwidth_gbps;
    row["dram_peak_bandwidth_gbps"] = r.dram_peak_bandwidth_gbps;
    row["dram_bandwidth_utilization"] =
        r.dram_peak_bandwidth_gbps > 0 ? t.dram_bandwidth_gbps / r.dram_peak_bandwidth_gbps : 0.0;
    row["dram_row_hit_rate"] = t.dram_row_hit_rate;
    row["dram_avg_read_latency_cycles"] = t.dram_avg_read_latency_cycles;
    row["dram_read_latency_p50_cycles"] = r.dram_read_latency_p50;
    row["dram_read_latency_p99_cycles"] = r.dram_read_latency_p99;
    row["dram_reads"] = t.dram_reads;
    row["dram_writes"] = t.dram_writes;
    row["dram_bytes"] = t.dram_bytes;
    row["dram_cycles"] = r.dram_cycles;
    row["macs"] = t.macs;
    row["memory_bound_layers"] = memory_bound_layers;
    row["bound"] = t.memory_bound ? "memory" : "compute";
    return row;
}

}  // namespace dramsweep::sweep
