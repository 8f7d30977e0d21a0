// The batched engine as a kernel: one block of one warp per configuration. The step itself is
// config_advance (config_step.hpp), the very function the host backend runs and the
// differential tests check on every CI run; the kernel only stages the state.
//
// Staging: the warp copies the slot's EngineParams and ChannelStates from global into shared
// memory word by word (lanes stride over the words), lane 0 runs the slice of clocks, and the
// warp copies the channels back. Configurations whose state does not fit on chip run the same
// step on global memory. docs/engine.md says what this does not do yet (lanes sharing a step).

#include "cuda_check.hpp"
#include "engine_kernel.hpp"

namespace dramsweep::engine::cuda_detail {
namespace {

__device__ void copy_words(std::uint64_t* to, const std::uint64_t* from, std::size_t words) {
    for (std::size_t i = threadIdx.x; i < words; i += blockDim.x) to[i] = from[i];
}

template <bool kInShared>
__global__ void advance_slots(SlotArrays slots, StreamView requests, std::uint64_t max_outstanding,
                              std::uint64_t tick_budget) {
    const std::uint32_t slot = blockIdx.x;
    if (slots.active[slot] == 0) return;
    const EngineParams* params = slots.params + slot;
    ChannelState* channels = slots.channels + static_cast<std::size_t>(slot) * slots.channels_per_slot;
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
        if (threadIdx.x == 0) {
            config_advance(*shared_params, shared_channels, slots.progress[slot],
                           slots.latency_counts + static_cast<std::size_t>(slot) * kLatencySlots, requests,
                           max_outstanding, tick_budget);
        }
        __syncwarp();
        copy_words(reinterpret_cast<std::uint64_t*>(channels), staged + kParamWords, channel_words);
    } else if (threadIdx.x == 0) {
        config_advance(*params, channels, slots.progress[slot],
                       slots.latency_counts + static_cast<std::size_t>(slot) * kLatencySlots, requests,
                       max_outstanding, tick_budget);
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
