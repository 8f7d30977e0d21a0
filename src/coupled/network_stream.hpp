#pragma once
// Private to the closed loop: the whole network's DRAM requests as one fold sequence.

#include <cstdint>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::coupled::detail {

struct FoldPlan {
    std::size_t layer = 0;
    std::uint64_t cycles = 0;                    // accelerator cycles the fold computes
    std::uint64_t read_begin = 0, read_end = 0;  // its prefetch: reads[read_begin .. read_end)
    std::uint64_t write_begin = 0, write_end = 0;  // its outputs: writes[write_begin .. write_end)
};

struct NetworkStream {
    std::vector<std::uint64_t> reads, writes;  // byte addresses
    std::vector<FoldPlan> folds;               // layers one after another
    std::vector<std::size_t> layer_last_fold;  // index into folds of each layer's last fold
    std::uint64_t ofmap_capacity_lines = 0;
};

NetworkStream build_network_stream(const Topology& topology, const AccelConfig& accel);

}  // namespace dramsweep::coupled::detail
