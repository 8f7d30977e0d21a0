#pragma once
// A network's DRAM request stream as the closed loop consumes it (coupled/fold_loop.hpp): the
// requests of every layer's double-buffered SRAMs (systolic/sram_traffic.hpp), fold by fold,
// layers one after another. Built once per accelerator configuration and shared, read-only, by
// every DRAM configuration run over it (reference closed loop and batched engines alike).

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/coupled/fold_loop.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::coupled {

struct NetworkStream {
    // One entry per DRAM burst: every read of the network, then every write (byte addresses).
    std::vector<std::uint64_t> addresses;
    std::vector<std::uint8_t> is_write;
    std::vector<LoopFold> folds;                  // layers one after another
    std::vector<std::uint64_t> layer_last_fold;   // index into folds of each layer's last fold
    std::uint64_t ofmap_capacity_lines = 0;

    std::uint64_t requests() const { return addresses.size(); }
    FoldView view() const {
        return {folds.data(), layer_last_fold.data(), folds.size(), static_cast<std::uint32_t>(layer_last_fold.size()),
                ofmap_capacity_lines};
    }
};

// `accel.burst_bytes` must already be the DRAM's burst size (one request is one burst).
NetworkStream build_network_stream(const Topology& topology, const AccelConfig& accel);

// Two accelerator configurations with equal keys generate the same stream (given the same
// topology): the key holds every field the SRAM traffic model reads, and nothing else (not the
// clock, not the energies), so configurations that differ only there share one stream.
std::string stream_key(const AccelConfig& accel);

}  // namespace dramsweep::coupled
