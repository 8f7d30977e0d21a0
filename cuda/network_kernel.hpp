#pragma once
// The network kernel (network_kernel.cu) as seen by its host orchestration (network_batch.cu):
// the closed loop of network_step.hpp, one CUDA block (one warp) per configuration in flight.

#include <cuda_runtime.h>

#include <cstdint>

#include "dramsweep/engine/engine_state.hpp"
#include "dramsweep/engine/network_step.hpp"

namespace dramsweep::engine::cuda_detail {

// Device arrays of the slots, all indexed by slot.
struct NetworkSlotArrays {
    const EngineParams* params;     // [slots]
    ChannelState* channels;         // [slots * channels_per_slot]
    NetworkProgress* progress;      // [slots]
    LayerRecord* layers;            // [slots * layers_per_slot]
    std::uint32_t* latency_counts;  // [slots * kLatencySlots]
    const std::uint32_t* stream;    // [slots]: index into the views
    const std::uint8_t* active;     // [slots]: 1 while the slot holds an unfinished configuration
    const NetworkView* views;       // [streams], pointing at device copies of the streams
    std::uint32_t channels_per_slot;
    std::uint32_t layers_per_slot;
};

// Advances every active slot by up to `tick_budget` evaluated clocks (asynchronous on `stream`).
// `in_shared`: stage each slot's params and channels in shared memory (shared_bytes_per_slot).
void launch_network_advance(const NetworkSlotArrays& slots, std::uint32_t slot_count, std::uint64_t tick_budget,
                            bool in_shared, cudaStream_t stream);

}  // namespace dramsweep::engine::cuda_detail
