#pragma once
// The warp-wide parts of one clock of the batched engine, shared by the trace kernel
// (engine_kernel.cu) and the network kernel (network_kernel.cu). One warp owns one
// configuration: lane 0 runs the parts that write the state (returns, refresh, write mode, the
// refresh choice); after __syncwarp every lane evaluates the request key of banks `lane` and
// `lane + 32` (bank_request_key, reads only), the keys are folded with __shfl_xor_sync and the
// host's combine (request_key.hpp: a minimum, so the butterfly's order cannot change the winner),
// and lane 0 takes the winner and issues it. Every lane reads the shared state only between two
// __syncwarp()s in which lane 0 writes nothing.

#include "dramsweep/engine/channel_step.hpp"
#include "engine_kernel.hpp"

namespace dramsweep::engine::cuda_detail {

inline constexpr unsigned kFullWarp = 0xffffffffu;

__device__ inline void copy_words(std::uint64_t* to, const std::uint64_t* from, std::size_t words) {
    for (std::size_t i = threadIdx.x; i < words; i += blockDim.x) to[i] = from[i];
}

__device__ inline RequestKey shuffle_xor(const RequestKey& k, int lane_mask) {
    return RequestKey{__shfl_xor_sync(kFullWarp, k.hit, lane_mask), __shfl_xor_sync(kFullWarp, k.any, lane_mask),
                      __shfl_xor_sync(kFullWarp, k.next, lane_mask)};
}

// Rules R4/R5 across the warp: every lane ends with the key of all waiting banks of queue q.
__device__ inline RequestKey warp_request_key(const EngineParams& p, const ChannelState& s, int q, std::uint64_t now) {
    static_assert(kMaxBanksPerChannel <= 2 * kThreadsPerSlot, "each lane owns at most two banks");
    const std::uint64_t waiting = s.waiting_banks[q];
    RequestKey key = kNoRequestKey;
    for (std::uint32_t b = threadIdx.x; b < kMaxBanksPerChannel; b += kThreadsPerSlot)
        if ((waiting >> b) & 1u) key = combine(key, channel_detail::bank_request_key(p, s, q, now, b));
    for (int offset = static_cast<int>(kThreadsPerSlot) / 2; offset > 0; offset /= 2)
        key = combine(key, shuffle_xor(key, offset));
    return key;
}

// channel_tick_counts (channel_step.hpp) with the request choice spread over the warp; called by
// every lane, the result is meaningful on lane 0.
__device__ inline TickCounts warp_channel_tick(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                              std::uint32_t* latency_counts) {
    using namespace channel_detail;
    const bool lead = threadIdx.x == 0;
    TickCounts counts{0, 0};
    Choice choice{dram::kAct, 0, -1};
    int chosen = 0;
    if (lead) {
        counts.reads_returned = channel_tick_start(p, s, now, latency_counts);
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
        counts.writes_issued = channel_tick_issue(p, s, chosen != 0, choice, now);
    }
    __syncwarp();
    return counts;
}

}  // namespace dramsweep::engine::cuda_detail
