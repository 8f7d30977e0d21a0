#include "dramsweep/coupled/network_run.hpp"

#include <cmath>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/energy.hpp"
#include "dramsweep/dram/metrics.hpp"
#include "dramsweep/systolic/compute_model.hpp"

namespace dramsweep::coupled {
namespace {

void add_to_total(LayerRunStats& total, const LayerRunStats& l) {
    total.folds += l.folds;
    total.compute_cycles += l.compute_cycles;
    total.stall_cycles += l.stall_cycles;
    total.total_cycles += l.total_cycles;
    total.dram_reads += l.dram_reads;
    total.dram_writes += l.dram_writes;
    total.dram_bytes += l.dram_bytes;
    total.dram_energy_nj += l.dram_energy_nj;
    total.sram_energy_nj += l.sram_energy_nj;
    total.mac_energy_nj += l.mac_energy_nj;
    total.macs += l.macs;
}

// Time, bandwidth and the bound from the cycles; the DRAM side from the layer's counters.
void fill_derived(LayerRunStats& s, double accel_ns_per_cycle, std::uint64_t burst_bytes,
                  const results::DramCounters& dram_counters) {
    s.time_us = static_cast<double>(s.total_cycles) * accel_ns_per_cycle / 1000.0;
    s.dram_bytes = (s.dram_reads + s.dram_writes) * burst_bytes;
    s.dram_bandwidth_gbps = dram::bandwidth_gbps(s.dram_bytes, s.time_us * 1000.0);
    s.dram_avg_read_latency_cycles = dram::mean(dram_counters.read_latency_sum, dram_counters.reads);
    s.dram_row_hit_rate = dram::row_hit_rate(dram_counters.row_hits, dram_counters.reads + dram_counters.writes);
    s.memory_bound = s.stall_cycles * 10 >= s.compute_cycles;
}

}  // namespace

AccelConfig accel_for_dram(const AccelConfig& accel_in, const dram::DramConfig& dram) {
    AccelConfig accel = accel_in;
    accel.burst_bytes = dram.org.burst_bytes();
    validate_accel_config(accel, accel.run_name);
    return accel;
}

ClockDomains clock_domains(const AccelConfig& accel, const dram::DramConfig& dram) {
    const double dram_khz = dram.clock_mhz * 1000.0;
    if (dram_khz != std::floor(dram_khz) || dram_khz <= 0) {
        throw InputError(dram.origin, 0, "clock_mhz", "the DRAM clock must be a whole number of kHz for the exact "
                                                      "conversion between clock domains");
    }
    return {static_cast<std::uint64_t>(accel.freq_mhz) * 1000, static_cast<std::uint64_t>(dram_khz)};
}

NetworkRunResult network_result(const Topology& topology, const AccelConfig& accel, const dram::DramConfig& dram,
                                const results::NetworkSummary& summary) {
    const std::vector<LayerCompute> compute = compute_topology(topology, accel, ComputeMode::Corrected);
    const double accel_ns_per_cycle = 1000.0 / static_cast<double>(accel.freq_mhz);
    const auto burst = static_cast<std::uint64_t>(accel.burst_bytes);
    NetworkRunResult result;
    result.total.name = "total";
    std::uint64_t layer_begin = 0;
    for (std::size_t l = 0; l < topology.layers.size(); ++l) {
        const results::LayerSummary& ls = summary.layers[l];
        const LayerCompute& c = compute[l];
        LayerRunStats s;
        s.name = topology.layers[l].name;
        s.folds = c.folds;
        s.compute_cycles = c.compute_cycles;
        s.total_cycles = static_cast<std::int64_t>(ls.end_cycle - layer_begin);
        s.stall_cycles = s.total_cycles - s.compute_cycles;
        s.dram_reads = ls.reads;
        s.dram_writes = ls.writes;
        fill_derived(s, accel_ns_per_cycle, burst, ls.dram);
        s.dram_energy_nj = dram::compute_energy(dram, ls.dram).total();
        const double sram_reads = static_cast<double>(c.ifmap_sram_reads + c.filter_sram_reads + c.ofmap_sram_reads);
        s.sram_energy_nj = (sram_reads * accel.sram_read_energy_pj_per_word +
                            static_cast<double>(c.ofmap_sram_writes) * accel.sram_write_energy_pj_per_word) / 1000.0;
        s.macs = c.macs;
        s.mac_energy_nj = static_cast<double>(c.macs) * accel.mac_energy_pj / 1000.0;
        add_to_total(result.total, s);
        result.layers.push_back(s);
        layer_begin = ls.end_cycle;
    }
    fill_derived(result.total, accel_ns_per_cycle, burst, summary.dram.counters);
    result.dram_read_latency_p50 = summary.dram.read_latency.p50;
    result.dram_read_latency_p99 = summary.dram.read_latency.p99;
    result.dram_cycles = summary.dram.cycles;
    result.dram_peak_bandwidth_gbps = dram::peak_bandwidth_gbps(dram);
    result.dram_bandwidth_utilization = dram::ratio(result.total.dram_bandwidth_gbps, result.dram_peak_bandwidth_gbps);
    return result;
}

NetworkRunResult run_network(const Topology& topology, const AccelConfig& accel_in, const dram::DramConfig& dram) {
    const AccelConfig accel = accel_for_dram(accel_in, dram);
    const ClockDomains clocks = clock_domains(accel, dram);
    const NetworkStream stream = build_network_stream(topology, accel);
    return network_result(topology, accel, dram, run_network_summary(stream, dram, clocks));
}

}  // namespace dramsweep::coupled
