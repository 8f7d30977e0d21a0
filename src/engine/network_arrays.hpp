#pragma once
// Host-side set-up of the engine's network mode (network_step.hpp), shared by the host and cuda
// backends: a coupled::NetworkStream as the flat arrays the step reads, and the NetworkSummary
// read back from a finished configuration. Private to src/engine and cuda/.

#include <cstdint>
#include <vector>

#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/engine/network_step.hpp"
#include "dramsweep/engine/network_summary.hpp"

namespace dramsweep::engine::detail {

struct NetworkArrays {
    std::vector<std::uint64_t> reads, writes;
    std::vector<NetworkFold> folds;
    std::vector<std::uint64_t> layer_last_fold;
    std::uint64_t ofmap_capacity_lines = 0;

    std::uint64_t requests() const { return reads.size() + writes.size(); }
    // A view of these arrays, or of device copies of them laid out the same way.
    NetworkView view() const { return view_of(reads.data(), writes.data(), folds.data(), layer_last_fold.data()); }
    NetworkView view_of(const std::uint64_t* r, const std::uint64_t* w, const NetworkFold* f,
                        const std::uint64_t* last) const {
        return {r, w, f, last, folds.size(), static_cast<std::uint32_t>(layer_last_fold.size()), ofmap_capacity_lines};
    }
};

NetworkArrays make_network_arrays(const coupled::NetworkStream& stream);

// The result of a finished configuration (progress.done set).
NetworkSummary network_summary(const EngineParams& params, const ChannelState* channels, const NetworkProgress& progress,
                               const LayerRecord* layers, const std::uint32_t* latency_counts,
                               const NetworkArrays& stream);

}  // namespace dramsweep::engine::detail
