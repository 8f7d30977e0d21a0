#pragma once
// A network's DRAM request stream as the closed loop consumes it: the requests of every layer's
// double-buffered SRAMs (systolic/sram_traffic.hpp), fold by fold, layers one after another.
// Built once per accelerator configuration and shared, read-only, by every DRAM configuration
// run over it (reference closed loop and batched engine alike).

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::coupled {

struct FoldPlan {
    std::size_t layer = 0;
    std::uint64_t cycles = 0;                      // accelerator cycles the fold computes
    std::uint64_t read_begin = 0, read_end = 0;    // its prefetch: reads[read_begin .. read_end)
    std::uint64_t write_begin = 0, write_end = 0;  // its outputs: writes[write_begin .. write_end)
};

struct NetworkStream {
    std::vector<std::uint64_t> reads, writes;  // byte addresses, one per DRAM burst
    std::vector<FoldPlan> folds;               // layers one after another
    std::vector<std::size_t> layer_last_fold;  // index into folds of each layer's last fold
    std::uint64_t ofmap_capacity_lines = 0;
};

// `accel.burst_bytes` must already be the DRAM's burst size (one request is one burst).
NetworkStream build_network_stream(const Topology& topology, const AccelConfig& accel);

// Two accelerator configurations with equal keys generate the same stream (given the same
// topology): the key holds every field the SRAM traffic model reads, and nothing else (not the
// clock, not the energies), so configurations that differ only there share one stream.
std::string stream_key(const AccelConfig& accel);

}  // namespace dramsweep::coupled
