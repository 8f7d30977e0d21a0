#pragma once
// The Lanes policy of a warp (include/dramsweep/device/lanes.hpp): lane L holds banks L and, with
// kPerLane = 2, L + 32. Per-bank work runs on the lanes holding the banks; the collectives are
// warp intrinsics over the full warp, always called from uniform code. Compiled by nvcc, and by
// the host compiler over the emulated warp of tests/emu.

#include <cstdint>
#include <limits>

#include "dramsweep/device/lanes.hpp"

namespace dramsweep::device {

inline constexpr unsigned kFullWarp = 0xffffffffu;

template <std::uint32_t kPerLane>
struct WarpLanes {
    static_assert(kPerLane == 1 || kPerLane == 2, "a lane holds one or two banks");
    static constexpr std::uint32_t kPerThread = kPerLane;
    template <typename T>
    struct PerBank {
        T v[kPerLane];
        __device__ T& operator[](std::uint32_t e) { return v[e]; }
        __device__ const T& operator[](std::uint32_t e) const { return v[e]; }
    };

    std::uint32_t lane;

    template <typename F>
    __device__ void each_bank(std::uint32_t banks, F&& f) const {
        DRAMSWEEP_UNROLL
        for (std::uint32_t e = 0; e < kPerLane; ++e) {
            const std::uint32_t b = lane + 32 * e;
            if (b < banks) f(e, b);
        }
    }
    template <typename F>
    __device__ void at_bank(std::uint32_t bank, F&& f) const {
        if (lane != (bank & 31u)) return;
        if (kPerLane == 1 || bank < 32)
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
        if (kPerLane == 1 || bank < 32)
            mine = f(0u);
        else
            mine = f(kPerLane - 1);
        return broadcast(mine, bank & 31u);
    }
    __device__ std::uint32_t min(std::uint32_t v) const { return __reduce_min_sync(kFullWarp, v); }
    __device__ std::int32_t min(std::int32_t v) const { return __reduce_min_sync(kFullWarp, v); }
    template <typename F>
    __device__ std::uint64_t bank_mask(std::uint32_t banks, F&& pred) const {
        std::uint64_t m = 0;
        DRAMSWEEP_UNROLL
        for (std::uint32_t e = 0; e < kPerLane; ++e) {
            const std::uint32_t b = lane + 32 * e;
            const bool p = b < banks && pred(e, b);
            m |= static_cast<std::uint64_t>(__ballot_sync(kFullWarp, p)) << (32 * e);
        }
        return m;
    }
    template <typename Load, typename Pred, typename F>
    __device__ void scan(std::uint64_t begin, std::uint64_t end, Load&& load, Pred&& pred, F&& f) const {
        for (std::uint64_t base = begin; base < end; base += 32) {
            const std::uint64_t i = base + lane;
            const std::uint32_t word = i < end ? load(i) : 0u;
            std::uint32_t matching = __ballot_sync(kFullWarp, i < end && pred(word));
            while (matching != 0) {
                const auto src = static_cast<std::uint32_t>(__ffs(static_cast<int>(matching)) - 1);
                matching &= matching - 1;
                f(__shfl_sync(kFullWarp, word, static_cast<int>(src)), base + src);
            }
        }
    }
    template <typename F>
    __device__ void leader(F&& f) const {
        if (lane == 0) f();
    }
    __device__ void count(std::uint32_t* slot) const { atomicAdd(slot, 1u); }
    __device__ void sync() const { __syncwarp(); }

private:
    __device__ static std::uint32_t broadcast(std::uint32_t v, std::uint32_t src) {
        return __shfl_sync(kFullWarp, v, static_cast<int>(src));
    }
    __device__ static std::int32_t broadcast(std::int32_t v, std::uint32_t src) {
        return __shfl_sync(kFullWarp, v, static_cast<int>(src));
    }
    __device__ static bool broadcast(bool v, std::uint32_t src) {
        return __shfl_sync(kFullWarp, v ? 1u : 0u, static_cast<int>(src)) != 0;
    }
};

// The Block policy of device/memory.hpp on a CUDA block: one warp per channel.
template <std::uint32_t kPerLane>
struct DeviceBlock {
    template <typename T>
    struct PerChannel {
        T v;  // this warp's channel only (each_channel hands out no other)
        __device__ T& operator[](std::uint32_t) { return v; }
    };
    using Lanes = WarpLanes<kPerLane>;
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
        return ChannelWords<T>{lanes_.lane < n ? f(lanes_.lane) : T{}, n};
    }
    template <typename T>
    __device__ T word(const ChannelWords<T>& w, std::uint32_t c) const {
        return __shfl_sync(kFullWarp, w.mine, static_cast<int>(c));
    }
    template <typename T>
    __device__ void add(ChannelWords<T>& w, std::uint32_t c, T delta) const {
        if (lanes_.lane == c) w.mine += delta;
    }
    template <typename T>
    __device__ T sum(const ChannelWords<T>& w) const {
        return __reduce_add_sync(kFullWarp, lanes_.lane < w.n ? w.mine : T{});
    }
    template <typename T>
    __device__ T min(const ChannelWords<T>& w) const {
        return __reduce_min_sync(kFullWarp, lanes_.lane < w.n ? w.mine : std::numeric_limits<T>::max());
    }

    Lanes lanes_;
    std::uint32_t channel_;
};

}  // namespace dramsweep::device
