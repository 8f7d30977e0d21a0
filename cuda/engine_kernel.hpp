#pragma once
// The batched engine's kernel (engine_kernel.cu) as seen by its host orchestration
// (engine_batch.cu). One CUDA block (one warp) per slot, i.e. per configuration in flight.

#include <cuda_runtime.h>

#include <cstdint>

#include "dramsweep/engine/config_step.hpp"
#include "dramsweep/engine/engine_state.hpp"

namespace dramsweep::engine::cuda_detail {

// Device arrays of the slots, all indexed by slot.
struct SlotArrays {
    const EngineParams* params;     // [slots]
    ChannelState* channels;         // [slots * channels_per_slot]
    RunProgress* progress;          // [slots]
    std::uint32_t* latency_counts;  // [slots * kLatencySlots]
    const std::uint8_t* active;     // [slots]: 1 while the slot holds an unfinished configuration
    std::uint32_t channels_per_slot;
};

inline constexpr unsigned kThreadsPerSlot = 32;

// Shared memory a slot needs to hold its state (params and channels) on chip.
std::size_t shared_bytes_per_slot(std::uint32_t channels_per_slot);

// Advances every active slot by up to `tick_budget` evaluated clocks (asynchronous on `stream`).
// `in_shared`: stage each slot's state in shared memory (shared_bytes_per_slot must fit).
void launch_advance(const SlotArrays& slots, std::uint32_t slot_count, const StreamView& requests,
                    std::uint64_t max_outstanding, std::uint64_t tick_budget, bool in_shared, cudaStream_t stream);

}  // namespace dramsweep::engine::cuda_detail
