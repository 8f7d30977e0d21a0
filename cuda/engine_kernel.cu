// The batched engine as a kernel: one block of one warp per configuration. The step is the
// one the host backend runs (channel_step.hpp, config_step.hpp), which the differential tests
// check on every CI run; the kernel stages the state and spreads the command choice of each
// clock over the warp.
//
// Staging: the warp copies the slot's EngineParams and ChannelStates from global into shared
// memory word by word (lanes stride over the words), runs the slice of clocks, and copies the
// channels back. Configurations whose state does not fit on chip run the same step on global
// memory.
//
// One clock of one channel is warp_channel_tick (warp_step.cuh).

#include "cuda_check.hpp"
#include "engine_kernel.hpp"
#include "warp_step.cuh"

namespace dramsweep::engine::cuda_detail {
namespace {

// config_advance (config_step.hpp) for a warp: the channels tick with the warp, the rest of the
// clock runs on lane 0, and `done` and the clock are read back by every lane after __syncwarp.
__device__ void warp_config_advance(const EngineParams& p, ChannelState* channels, RunProgress& g,
                                    std::uint32_t* latency_counts, const StreamView& stream,
                                    std::uint64_t max_outstanding, std::uint64_t tick_budget) {
    const bool lead = threadIdx.x == 0;
    if (lead && stream.size == 0) g.done = 1;
    __syncwarp();
    for (std::uint64_t t = 0; t < tick_budget && g.done == 0; ++t) {
        const std::uint64_t now = g.now;
        std::uint64_t completed = 0;
        for (std::uint32_t c = 0; c < p.channels; ++c) {
            const TickCounts counts = warp_channel_tick(p, channels[c], now, latency_counts);
            completed += counts.reads_returned + counts.writes_issued;
        }
        if (lead) config_after_tick(p, channels, g, stream, max_outstanding, completed);
        __syncwarp();
    }
}

template <bool kInShared>
__global__ void advance_slots(SlotArrays slots, StreamView requests, std::uint64_t max_outstanding,
                              std::uint64_t tick_budget) {
    const std::uint32_t slot = blockIdx.x;
    if (slots.active[slot] == 0) return;
    const EngineParams* params = slots.params + slot;
    ChannelState* channels = slots.channels + static_cast<std::size_t>(slot) * slots.channels_per_slot;
    std::uint32_t* latency = slots.latency_counts + static_cast<std::size_t>(slot) * kLatencySlots;
    const std::uint32_t n_channels = params->channels;
    constexpr std::size_t kParamWords = sizeof(EngineParams) / sizeof(std::uint64_t);
    const std::size_t channel_words = n_channels * (sizeof(ChannelState) / sizeof(std::uint64_t));
    if constexpr (kInShared) {
        extern __shared__ std::uint64_t staged[];
        auto* shared_params = reinterpret_cast<EngineParams*>(staged);
        auto* shared_channels = reinterpret_cast<ChannelState*>(staged + kParamWords);
        copy_words(staged, reinterpret_cast<const std::uint64_t*>(params), kParamWords);
        copy_words(staged + kParamWords, reinterpret_cast<const std::uint64_t*>(channels), channel_words);
        __syncwarp();
        warp_config_advance(*shared_params, shared_channels, slots.progress[slot], latency, requests, max_outstanding,
                            tick_budget);
        __syncwarp();
        copy_words(reinterpret_cast<std::uint64_t*>(channels), staged + kParamWords, channel_words);
    } else {
        warp_config_advance(*params, channels, slots.progress[slot], latency, requests, max_outstanding, tick_budget);
    }
}

static_assert(sizeof(EngineParams) % sizeof(std::uint64_t) == 0, "staged word by word");
static_assert(sizeof(ChannelState) % sizeof(std::uint64_t) == 0, "staged word by word");

}  // namespace

std::size_t shared_bytes_per_slot(std::uint32_t channels_per_slot) {
    return sizeof(EngineParams) + std::size_t{channels_per_slot} * sizeof(ChannelState);
}

void launch_advance(const SlotArrays& slots, std::uint32_t slot_count, const StreamView& requests,
                    std::uint64_t max_outstanding, std::uint64_t tick_budget, bool in_shared, cudaStream_t stream) {
    if (slot_count == 0) return;
    if (in_shared) {
        const auto bytes = static_cast<int>(shared_bytes_per_slot(slots.channels_per_slot));
        DRAMSWEEP_CUDA_CHECK(
            cudaFuncSetAttribute(advance_slots<true>, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
        advance_slots<true><<<slot_count, kThreadsPerSlot, static_cast<std::size_t>(bytes), stream>>>(
            slots, requests, max_outstanding, tick_budget);
    } else {
        advance_slots<false><<<slot_count, kThreadsPerSlot, 0, stream>>>(slots, requests, max_outstanding, tick_budget);
    }
    DRAMSWEEP_CUDA_CHECK(cudaGetLastError());
}

}  // namespace dramsweep::engine::cuda_detail
