// The table of network statistic columns (network_columns.hpp).

#include "dramsweep/coupled/network_columns.hpp"

#include <cstdint>

#include "dramsweep/dram/metrics.hpp"

namespace dramsweep::coupled {
namespace {

using Json = nlohmann::ordered_json;

std::int64_t memory_bound_layers(const NetworkRunResult& r) {
    std::int64_t n = 0;
    for (const LayerRunStats& layer : r.layers) n += layer.memory_bound ? 1 : 0;
    return n;
}

}  // namespace

Objectives objectives(const LayerRunStats& total) {
    Objectives o;
    o.latency_s = total.time_us * 1e-6;
    o.energy_j = total.energy_nj() * 1e-9;
    o.edp_js = o.latency_s * o.energy_j;
    return o;
}

const std::vector<NetworkColumn>& network_columns() {
    static const std::vector<NetworkColumn> columns = {
        {"total_cycles", [](const NetworkRunResult& r) { return Json(r.total.total_cycles); }},
        {"compute_cycles", [](const NetworkRunResult& r) { return Json(r.total.compute_cycles); }},
        {"stall_cycles", [](const NetworkRunResult& r) { return Json(r.total.stall_cycles); }},
        {"stall_share",
         [](const NetworkRunResult& r) {
             return Json(dram::ratio(static_cast<double>(r.total.stall_cycles),
                                     static_cast<double>(r.total.total_cycles)));
         }},
        {"time_us", [](const NetworkRunResult& r) { return Json(r.total.time_us); }},
        {"latency_s", [](const NetworkRunResult& r) { return Json(objectives(r.total).latency_s); }},
        {"energy_nj", [](const NetworkRunResult& r) { return Json(r.total.energy_nj()); }},
        {"dram_energy_nj", [](const NetworkRunResult& r) { return Json(r.total.dram_energy_nj); }},
        {"sram_energy_nj", [](const NetworkRunResult& r) { return Json(r.total.sram_energy_nj); }},
        {"mac_energy_nj", [](const NetworkRunResult& r) { return Json(r.total.mac_energy_nj); }},
        {"energy_j", [](const NetworkRunResult& r) { return Json(objectives(r.total).energy_j); }},
        {"edp_js", [](const NetworkRunResult& r) { return Json(objectives(r.total).edp_js); }},
        {"dram_bandwidth_gbps", [](const NetworkRunResult& r) { return Json(r.total.dram_bandwidth_gbps); }},
        {"dram_peak_bandwidth_gbps",
         [](const NetworkRunResult& r) { return Json(r.dram_peak_bandwidth_gbps); }},
        {"dram_bandwidth_utilization",
         [](const NetworkRunResult& r) { return Json(r.dram_bandwidth_utilization); }},
        {"dram_row_hit_rate", [](const NetworkRunResult& r) { return Json(r.total.dram_row_hit_rate); }},
        {"dram_avg_read_latency_cycles",
         [](const NetworkRunResult& r) { return Json(r.total.dram_avg_read_latency_cycles); }},
        {"dram_read_latency_p50_cycles",
         [](const NetworkRunResult& r) { return Json(r.dram_read_latency_p50); }},
        {"dram_read_latency_p99_cycles",
         [](const NetworkRunResult& r) { return Json(r.dram_read_latency_p99); }},
        {"dram_reads", [](const NetworkRunResult& r) { return Json(r.total.dram_reads); }},
        {"dram_writes", [](const NetworkRunResult& r) { return Json(r.total.dram_writes); }},
        {"dram_bytes", [](const NetworkRunResult& r) { return Json(r.total.dram_bytes); }},
        {"dram_cycles", [](const NetworkRunResult& r) { return Json(r.dram_cycles); }},
        {"macs", [](const NetworkRunResult& r) { return Json(r.total.macs); }},
        {"memory_bound_layers", [](const NetworkRunResult& r) { return Json(memory_bound_layers(r)); }},
        {"bound",
         [](const NetworkRunResult& r) { return Json(r.total.memory_bound ? "memory" : "compute"); }},
    };
    return columns;
}

}  // namespace dramsweep::coupled
