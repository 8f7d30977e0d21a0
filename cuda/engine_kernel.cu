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
// One clock of one channel (warp_channel_tick): lane 0 runs the parts that write the state
// (returns, refresh, write mode, the refresh choice); after __syncwarp every lane evaluates the
// request key of banks `lane` and `lane + 32` (bank_request_key, reads only), the keys are folded
// with __shfl_xor_sync and the host's combine (request_key.hpp: a minimum, so the butterfly's
// order cannot change the winner), and lane 0 takes the winner and issues it. Every lane reads
// the shared state only between two __syncwarp()s in which lane 0 writes nothing.

#include "cuda_check.hpp"
#include "engine_kernel.hpp"

namespace dramsweep::engine::cuda_detail {
namespace {

constexpr unsigned kFullWarp = 0xffffffffu;

__device__ void copy_words(std::uint64_t* to, const std::uint64_t* from, std::size_t words) {
    for (std::size_t i = threadIdx.x; i < words; i += blockDim.x) to[i] = from[i];
}

__device__ RequestKey shuffle_xor(const RequestKey& k, int lane_mask) {
    return RequestKey{__shfl_xor_sync(kFullWarp, k.hit, lane_mask), __shfl_xor_sync(kFullWarp, k.any, lane_mask),
                      __shfl_xor_sync(kFullWarp, k.next, lane_mask)};
}

// Rules R4/R5 across the warp: every lane ends with the key of all waiting banks of queue q.
__device__ RequestKey warp_request_key(const EngineParams& p, const ChannelState& s, int q, std::uint64_t now) {
    static_assert(kMaxBanksPerChannel <= 2 * kThreadsPerSlot, "each lane owns at most two banks");
    const std::uint64_t waiting = s.waiting_banks[q];
    RequestKey key = kNoRequestKey;
    for (std::uint32_t b = threadIdx.x; b < kMaxBanksPerChannel; b += kThreadsPerSlot)
        if ((waiting >> b) & 1u) key = combine(key, channel_detail::bank_request_key(p, s, q, now, b));
    for (int offset = static_cast<int>(kThreadsPerSlot) / 2; offset > 0; offset /= 2)
        key = combine(key, shuffle_xor(key, offset));
    return key;
}

// channel_tick (channel_step.hpp) with the request choice spread over the warp; called by every
// lane, the result is meaningful on lane 0.
__device__ std::uint32_t warp_channel_tick(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                           std::uint32_t* latency_counts) {
    using namespace channel_detail;
    const bool lead = threadIdx.x == 0;
    std::uint32_t completed = 0;
    Choice choice{dram::kAct, 0, -1};
    int chosen = 0;
    if (lead) {
        completed = channel_tick_start(p, s, now, latency_counts);
        chosen = choose_refresh(p, s, now, choice) ? 1 : 0;
    }
    chosen = __shfl_sync(kFullWarp, chosen, 0);
    __syncwarp();  // lane 0's writes (write mode, refresh state) are visible to the warp
    if (chosen == 0) {
        const int q = s.write_mode != 0 ? 1 : 0;
        if (s.used_slots[q] != 0) {
            const RequestKey key = warp_request_key(p, s, q, now);
            __syncwarp();  // every lane has read the state before lane 0 writes it
            if (lead) chosen = take_request(p, s, key, choice) ? 1 : 0;
        }
    }
    if (lead) {
        if (chosen == 0) chosen = choose_timeout_precharge(p, s, now, choice) ? 1 : 0;
        completed += channel_tick_issue(p, s, chosen != 0, choice, now);
    }
    __syncwarp();
    return completed;
}

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
        for (std::uint32_t c = 0; c < p.channels; ++c) completed += warp_channel_tick(p, channels[c], now, latency_counts);
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
