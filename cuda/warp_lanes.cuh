#pragma once
// The Lanes policy of a warp (include/dramsweep/device/lanes.hpp): a channel takes a whole warp,
// lane L holding banks L and, with kPerLane = 2, L + 32; or, with kWidth = 16, half a warp, two
// channels a warp, lane L of either half holding banks L and, with kPerLane = 2, L + 16. Per-bank work runs
// on the lanes holding the banks; the collectives are warp intrinsics over the channel's lanes (its mask),
// always called from code uniform over them. The two channels of a warp may take different paths: each half's
// collectives name only its own lanes, which CUDA allows on divergent paths (sm_70 on). Compiled by nvcc, and
// by the host compiler over the emulated warp of tests/emu.

#include <cstdint>
#include <limits>

#include "dramsweep/device/lanes.hpp"

namespace dramsweep::device {

inline constexpr unsigned kFullWarp = 0xffffffffu;

template <std::uint32_t kPerLane, std::uint32_t kWidth = 32>
struct WarpLanes {
    static_assert(kPerLane == 1 || kPerLane == 2, "a lane holds one or two banks");
    static_assert(kWidth == 32 || kWidth == 16, "a channel takes a warp, or half of one");
    static constexpr std::uint32_t kPerThread = kPerLane;
    template <typename T>
    struct PerBank {
        T v[kPerLane];
        __device__ T& operator[](std::uint32_t e) { return v[e]; }
        __device__ const T& operator[](std::uint32_t e) const { return v[e]; }
    };

    // `warp_lane`: the thread's lane in its warp.
    __device__ explicit WarpLanes(std::uint32_t warp_lane)
        : lane(warp_lane % kWidth), first(kWidth == 32 ? 0u : warp_lane - warp_lane % kWidth) {}

    std::uint32_t lane;   // within the channel's lanes
    std::uint32_t first;  // the warp lane of the channel's lane 0

    // The lanes of this thread's channel.
    __device__ unsigned mask() const { return kWidth == 32 ? kFullWarp : 0xffffu << first; }
    __device__ std::uint32_t warp_lane() const { return first + lane; }

    template <typename F>
    __device__ void each_bank(std::uint32_t banks, F&& f) const {
        DRAMSWEEP_UNROLL
        for (std::uint32_t e = 0; e < kPerLane; ++e) {
            const std::uint32_t b = lane + kWidth * e;
            if (b < banks) f(e, b);
        }
    }
    template <typename F>
    __device__ void at_bank(std::uint32_t bank, F&& f) const {
        if (lane != bank % kWidth) return;
        if (kPerLane == 1 || bank < kWidth)
            f(0u);
        else
            f(kPerLane - 1);
    }
    // Each lane evaluates f on its element that would hold `bank` (a uniform choice, so the
    // element index stays a constant), and the holder's value is shuffled to all.
    template <typename F>
    __device__ auto from_bank(std::uint32_t bank, F&& f) const {
        using T = decltype(f(0u));
        T mine;
        if (kPerLane == 1 || bank < kWidth)
            mine = f(0u);
        else
            mine = f(kPerLane - 1);
        return broadcast(mine, bank % kWidth);
    }
    __device__ std::uint32_t min(std::uint32_t v) const { return __reduce_min_sync(mask(), v); }
    __device__ std::int32_t min(std::int32_t v) const { return __reduce_min_sync(mask(), v); }
    template <typename F>
    __device__ std::uint64_t bank_mask(std::uint32_t banks, F&& pred) const {
        std::uint64_t m = 0;
        DRAMSWEEP_UNROLL
        for (std::uint32_t e = 0; e < kPerLane; ++e) {
            const std::uint32_t b = lane + kWidth * e;
            const bool p = b < banks && pred(e, b);
            m |= static_cast<std::uint64_t>(__ballot_sync(mask(), p) >> first) << (kWidth * e);
        }
        return m;
    }
    template <typename Load, typename Pred, typename F>
    __device__ void scan(std::uint64_t begin, std::uint64_t end, Load&& load, Pred&& pred, F&& f) const {
        for (std::uint64_t base = begin; base < end; base += kWidth) {
            const std::uint64_t i = base + lane;
            const std::uint32_t word = i < end ? load(i) : 0u;
            std::uint32_t matching = __ballot_sync(mask(), i < end && pred(word)) >> first;
            while (matching != 0) {
                const auto src = static_cast<std::uint32_t>(__ffs(static_cast<int>(matching)) - 1);
                matching &= matching - 1;
                f(__shfl_sync(mask(), word, static_cast<int>(first + src)), base + src);
            }
        }
    }
    template <typename F>
    __device__ void leader(F&& f) const {
        if (lane == 0) f();
    }
    __device__ void count(std::uint32_t* slot) const { atomicAdd(slot, 1u); }
    __device__ void sync() const { __syncwarp(mask()); }

private:
    __device__ std::uint32_t broadcast(std::uint32_t v, std::uint32_t src) const {
        return __shfl_sync(mask(), v, static_cast<int>(first + src));
    }
    __device__ std::int32_t broadcast(std::int32_t v, std::uint32_t src) const {
        return __shfl_sync(mask(), v, static_cast<int>(first + src));
    }
    __device__ bool broadcast(bool v, std::uint32_t src) const {
        return __shfl_sync(mask(), v ? 1u : 0u, static_cast<int>(first + src)) != 0;
    }
};

// The Block policy of device/memory.hpp on a CUDA block: kWidth lanes per channel (a warp per
// channel, or two channels a warp), the block's code outside the channels uniform over it.
template <std::uint32_t kPerLane, std::uint32_t kWidth = 32>
struct DeviceBlock {
    template <typename T>
    struct PerChannel {
        T v;  // this warp's channel only (each_channel hands out no other)
        __device__ T& operator[](std::uint32_t) { return v; }
    };
    using Lanes = WarpLanes<kPerLane, kWidth>;
    __device__ const Lanes& lanes() const { return lanes_; }
    template <typename F>
    __device__ void each_channel(std::uint32_t n, F&& f) const {
        if (channel_ < n) f(channel_);
    }
    template <typename F>
    __device__ void single(F&& f) const {
        if (threadIdx.x == 0) f();
    }
    __device__ void sync() const { __syncthreads(); }

    // Lane c of every warp holds channel c's word (there are at most 32 channels).
    template <typename T>
    struct ChannelWords {
        T mine;
        std::uint32_t n;
    };
    template <typename T, typename F>
    __device__ ChannelWords<T> words(std::uint32_t n, F&& f) const {
        const std::uint32_t c = lanes_.warp_lane();
        return ChannelWords<T>{c < n ? f(c) : T{}, n};
    }
    template <typename T>
    __device__ T word(const ChannelWords<T>& w, std::uint32_t c) const {
        return __shfl_sync(kFullWarp, w.mine, static_cast<int>(c));
    }
    template <typename T>
    __device__ void add(ChannelWords<T>& w, std::uint32_t c, T delta) const {
        if (lanes_.warp_lane() == c) w.mine += delta;
    }
    template <typename T>
    __device__ T sum(const ChannelWords<T>& w) const {
        return __reduce_add_sync(kFullWarp, lanes_.warp_lane() < w.n ? w.mine : T{});
    }
    template <typename T>
    __device__ T min(const ChannelWords<T>& w) const {
        return __reduce_min_sync(kFullWarp,
                                 lanes_.warp_lane() < w.n ? w.mine : std::numeric_limits<T>::max());
    }

    Lanes lanes_;
    std::uint32_t channel_;
};

}  // namespace dramsweep::device
