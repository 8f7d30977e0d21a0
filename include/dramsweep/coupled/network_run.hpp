#pragma once
// A network on the accelerator with its DRAM simulated in a closed loop (the DRAMA idea): the
// request stream of the double-buffered SRAMs (systolic/sram_traffic.hpp) goes through the DRAM
// reference model, and fold f+1 starts only when fold f has computed and fold f+1's data has
// arrived, so memory shows up as stall cycles. The rules are in docs/model.md, "Closed loop".

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/coupled/clock_domains.hpp"
#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/results/network_summary.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::coupled {

struct LayerRunStats {
    std::string name;
    std::int64_t folds = 0;
    std::int64_t compute_cycles = 0;  // accelerator cycles the array computes (folds x fold length)
    std::int64_t stall_cycles = 0;    // accelerator cycles waiting for memory
    std::int64_t total_cycles = 0;    // compute + stall
    double time_us = 0;
    std::uint64_t dram_reads = 0, dram_writes = 0;  // requests (bursts)
    std::uint64_t dram_bytes = 0;
    double dram_bandwidth_gbps = 0;            // bytes / layer time
    double dram_avg_read_latency_cycles = 0;   // DRAM clocks
    double dram_row_hit_rate = 0;
    double dram_energy_nj = 0, sram_energy_nj = 0, mac_energy_nj = 0;
    std::int64_t macs = 0;
    bool memory_bound = false;  // stall cycles at least a tenth of compute cycles

    double energy_nj() const { return dram_energy_nj + sram_energy_nj + mac_energy_nj; }
};

struct NetworkRunResult {
    std::vector<LayerRunStats> layers;
    LayerRunStats total;                  // sums; cycles and time of the whole run, drain included
    double dram_peak_bandwidth_gbps = 0;  // what the DRAM configuration could deliver
    double dram_bandwidth_utilization = 0;  // the run's bandwidth over the peak
    std::uint64_t dram_cycles = 0;        // DRAM clocks of the whole run
    std::uint64_t dram_read_latency_p50 = 0, dram_read_latency_p99 = 0;
};

// The accelerator configuration as the closed loop uses it with `dram`: one request is one DRAM
// burst, so the SRAM model works in lines of the DRAM's burst size. Validated (InputError).
AccelConfig accel_for_dram(const AccelConfig& accel, const dram::DramConfig& dram);

// The two clocks; throws InputError when the DRAM clock is not a whole number of kHz.
ClockDomains clock_domains(const AccelConfig& accel, const dram::DramConfig& dram);

// The reference closed loop (rules C1-C5): the integers every backend must reproduce.
results::NetworkSummary run_network_summary(const NetworkStream& stream, const dram::DramConfig& dram,
                                           const ClockDomains& clocks);

// Everything reported about a run, derived from its integers; `accel` as from accel_for_dram.
// The one place the per-layer and network metrics are computed, for every backend.
NetworkRunResult network_result(const Topology& topology, const AccelConfig& accel, const dram::DramConfig& dram,
                                const results::NetworkSummary& summary);

// One configuration through the reference model: the above in sequence.
NetworkRunResult run_network(const Topology& topology, const AccelConfig& accel, const dram::DramConfig& dram);

// `dramsweep run --json`: the accelerator, the DRAM, every layer, the totals and the objectives.
nlohmann::json network_result_json(const Topology& topology, const AccelConfig& accel, const dram::DramConfig& dram,
                                   const NetworkRunResult& result);
std::string network_result_table(const Topology& topology, const AccelConfig& accel, const dram::DramConfig& dram,
                                 const NetworkRunResult& result);

}  // namespace dramsweep::coupled
