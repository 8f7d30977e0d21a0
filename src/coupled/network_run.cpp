#include "dramsweep/coupled/network_run.hpp"

#include <cmath>

#include "closed_loop.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/energy.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "network_stream.hpp"

namespace dramsweep::coupled {
namespace {

ClockDomains clock_domains(const AccelConfig& accel, const dram::DramConfig& dram) {
    const double dram_khz = dram.clock_mhz * 1000.0;
    if (dram_khz != std::floor(dram_khz) || dram_khz <= 0) {
        throw InputError(dram.origin, 0, "clock_mhz", "the DRAM clock must be a whole number of kHz for the exact "
                                                      "conversion between clock domains");
    }
    return {static_cast<std::uint64_t>(accel.freq_mhz) * 1000, static_cast<std::uint64_t>(dram_khz)};
}

// The DRAM statistics of one layer: the difference of two cumulative snapshots.
dram::DramStats layer_delta(const dram::DramStats& before, const dram::DramStats& after) {
    dram::DramStats d;
    d.reads = after.reads - before.reads;
    d.writes = after.writes - before.writes;
    d.row_hits = after.row_hits - before.row_hits;
    d.row_misses = after.row_misses - before.row_misses;
    d.row_conflicts = after.row_conflicts - before.row_conflicts;
    for (std::size_t c = 0; c < d.commands.size(); ++c) d.commands[c] = after.commands[c] - before.commands[c];
    d.read_latencies.assign(after.read_latencies.begin() + static_cast<std::ptrdiff_t>(before.read_latencies.size()),
                            after.read_latencies.end());
    d.write_latency_sum = after.write_latency_sum - before.write_latency_sum;
    d.active_cycles = after.active_cycles - before.active_cycles;
    d.precharged_cycles = after.precharged_cycles - before.precharged_cycles;
    return d;
}

double mean(const std::vector<std::uint32_t>& values) {
    if (values.empty()) return 0;
    double sum = 0;
    for (const std::uint32_t v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

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

}  // namespace

NetworkRunResult run_network(const Topology& topology, const AccelConfig& accel_in, const dram::DramConfig& dram) {
    // One request is one DRAM burst: the SRAM model works in lines of the DRAM's burst size.
    AccelConfig accel = accel_in;
    accel.burst_bytes = dram.org.burst_bytes();
    validate_accel_config(accel, accel.run_name);
    const ClockDomains clocks = clock_domains(accel, dram);
    const detail::NetworkStream stream = detail::build_network_stream(topology, accel);
    const detail::LoopTimeline timeline = detail::run_closed_loop(stream, dram, clocks);
    const std::vector<LayerCompute> compute = compute_topology(topology, accel, ComputeMode::Corrected);
    const double accel_ns_per_cycle = 1000.0 / static_cast<double>(accel.freq_mhz);
    const auto burst = static_cast<std::uint64_t>(accel.burst_bytes);

    NetworkRunResult result;
    result.total.name = "total";
    std::uint64_t layer_begin = 0;
    std::size_t first_fold = 0;
    dram::DramStats before;
    for (std::size_t l = 0; l < topology.layers.size(); ++l) {
        const std::size_t last_fold = stream.layer_last_fold[l];
        const bool last_layer = l + 1 == topology.layers.size();
        const std::uint64_t layer_end = last_layer ? timeline.end_accel : timeline.fold_end[last_fold];
        LayerRunStats s;
        s.name = topology.layers[l].name;
        s.folds = static_cast<std::int64_t>(last_fold + 1 - first_fold);
        s.compute_cycles = compute[l].compute_cycles;
        s.total_cycles = static_cast<std::int64_t>(layer_end - layer_begin);
        s.stall_cycles = s.total_cycles - s.compute_cycles;
        s.time_us = static_cast<double>(s.total_cycles) * accel_ns_per_cycle / 1000.0;
        s.dram_reads = stream.folds[last_fold].read_end - stream.folds[first_fold].read_begin;
        s.dram_writes = stream.folds[last_fold].write_end - stream.folds[first_fold].write_begin;
        s.dram_bytes = (s.dram_reads + s.dram_writes) * burst;
        s.dram_bandwidth_gbps = s.time_us > 0 ? static_cast<double>(s.dram_bytes) / (s.time_us * 1000.0) : 0;
        const dram::DramStats delta = layer_delta(before, timeline.layer_snapshots[l]);
        s.dram_avg_read_latency_cycles = mean(delta.read_latencies);
        const double served = static_cast<double>(delta.reads + delta.writes);
        s.dram_row_hit_rate = served > 0 ? static_cast<double>(delta.row_hits) / served : 0;
        s.dram_energy_nj = dram::compute_energy(dram, delta).total();
        const LayerCompute& c = compute[l];
        const double sram_reads = static_cast<double>(c.ifmap_sram_reads + c.filter_sram_reads + c.ofmap_sram_reads);
        s.sram_energy_nj = (sram_reads * accel.sram_read_energy_pj_per_word +
                            static_cast<double>(c.ofmap_sram_writes) * accel.sram_write_energy_pj_per_word) / 1000.0;
        s.macs = c.macs;
        s.mac_energy_nj = static_cast<double>(c.macs) * accel.mac_energy_pj / 1000.0;
        s.memory_bound = s.stall_cycles * 10 >= s.compute_cycles;
        add_to_total(result.total, s);
        result.layers.push_back(s);
        before = timeline.layer_snapshots[l];
        layer_begin = layer_end;
        first_fold = last_fold + 1;
    }
    LayerRunStats& t = result.total;
    t.time_us = static_cast<double>(t.total_cycles) * accel_ns_per_cycle / 1000.0;
    t.dram_bandwidth_gbps = t.time_us > 0 ? static_cast<double>(t.dram_bytes) / (t.time_us * 1000.0) : 0;
    t.dram_avg_read_latency_cycles = mean(before.read_latencies);
    const double served = static_cast<double>(before.reads + before.writes);
    t.dram_row_hit_rate = served > 0 ? static_cast<double>(before.row_hits) / served : 0;
    t.memory_bound = t.stall_cycles * 10 >= t.compute_cycles;
    const dram::LatencySummary latency = dram::summarize_latency(before.read_latencies);
    result.dram_read_latency_p50 = latency.p50;
    result.dram_read_latency_p99 = latency.p99;
    result.dram_cycles = timeline.end_dram;
    // Peak: every channel moving one burst per burst time.
    result.dram_peak_bandwidth_gbps = static_cast<double>(dram.org.channels) * dram.org.burst_bytes() /
                                      (static_cast<double>(dram.timing.nBL) * dram.tck_ns());
    return result;
}

}  // namespace dramsweep::coupled
