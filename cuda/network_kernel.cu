// The closed loop of a network as a kernel: one block of one warp per configuration, staged
// like the trace kernel (engine_kernel.cu). The loop's own bookkeeping (network_step.hpp: layer
// records, fold starts, releases, offers) is serial and runs on lane 0; the channels tick with
// the whole warp (warp_step.cuh). The host backend runs the same functions on one thread, and
// the differential tests check those against the reference closed loop on every CI run.

#include "cuda_check.hpp"
#include "network_kernel.hpp"
#include "warp_step.cuh"

namespace dramsweep::engine::cuda_detail {
namespace {

__device__ void warp_network_advance(const EngineParams& p, ChannelState* channels, const NetworkView& n,
                                     NetworkProgress& g, LayerRecord* layers, std::uint32_t* latency_counts,
                                     std::uint64_t tick_budget) {
    const bool lead = threadIdx.x == 0;
    if (lead && n.fold_count == 0) g.done = 1;
    __syncwarp();
    for (std::uint64_t t = 0; t < tick_budget && g.done == 0; ++t) {
        if (lead) network_before_tick(p, channels, n, g, layers);
        __syncwarp();
        const std::uint64_t now = g.now;
        std::uint64_t returned = 0, issued = 0;
        for (std::uint32_t c = 0; c < p.channels; ++c) {
            const TickCounts counts = warp_channel_tick(p, channels[c], now, latency_counts);
            returned += counts.reads_returned;
            issued += counts.writes_issued;
        }
        if (lead) network_after_tick(p, channels, n, g, layers, returned, issued);
        __syncwarp();
    }
}

template <bool kInShared>
__global__ void advance_network_slots(NetworkSlotArrays slots, std::uint64_t tick_budget) {
    const std::uint32_t slot = blockIdx.x;
    if (slots.active[slot] == 0) return;
    const EngineParams* params = slots.params + slot;
    ChannelState* channels = slots.channels + static_cast<std::size_t>(slot) * slots.channels_per_slot;
    LayerRecord* layers = slots.layers + static_cast<std::size_t>(slot) * slots.layers_per_slot;
    std::uint32_t* latency = slots.latency_counts + static_cast<std::size_t>(slot) * kLatencySlots;
    const NetworkView view = slots.views[slots.stream[slot]];
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
        warp_network_advance(*shared_params, shared_channels, view, slots.progress[slot], layers, latency,
                             tick_budget);
        __syncwarp();
        copy_words(reinterpret_cast<std::uint64_t*>(channels), staged + kParamWords, channel_words);
    } else {
        warp_network_advance(*params, channels, view, slots.progress[slot], layers, latency, tick_budget);
    }
}

}  // namespace

void launch_network_advance(const NetworkSlotArrays& slots, std::uint32_t slot_count, std::uint64_t tick_budget,
                            bool in_shared, cudaStream_t stream) {
    if (slot_count == 0) return;
    if (in_shared) {
        const auto bytes = static_cast<int>(shared_bytes_per_slot(slots.channels_per_slot));
        DRAMSWEEP_CUDA_CHECK(
            cudaFuncSetAttribute(advance_network_slots<true>, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
        advance_network_slots<true>
            <<<slot_count, kThreadsPerSlot, static_cast<std::size_t>(bytes), stream>>>(slots, tick_budget);
    } else {
        advance_network_slots<false><<<slot_count, kThreadsPerSlot, 0, stream>>>(slots, tick_budget);
    }
    DRAMSWEEP_CUDA_CHECK(cudaGetLastError());
}

}  // namespace dramsweep::engine::cuda_detail
