#pragma once
// How the device engine's channel code runs: over a Lanes policy (CUTLASS/CUB style: the
// execution is a type, not an #ifdef). One channel's banks are spread over the threads that run
// it; code is either per bank (each_bank, at_bank: every thread works on the banks it holds) or
// uniform (outside them: every thread computes the same value). Collectives turn per-bank values
// into uniform ones. Uniform control flow follows by construction: a collective is only ever
// called from uniform code.
//
// Two policies implement it:
//   SerialLanes (here)         one host thread holds every bank: per-bank work is a loop, the
//                              collectives are identities. The host test suite runs the device
//                              engine this way against the reference model.
//   WarpLanes (cuda/warp_lanes.cuh)  a warp: lane L holds banks L and L + 32; or half a warp
//                              (two channels a warp), lane L of either half bank L; the
//                              collectives are warp intrinsics (redux, ballot, shuffle) over the
//                              channel's lanes. The kernels, and the emulated warp in CI, run this.
//
// The interface both provide:
//   static constexpr std::uint32_t kPerThread;  template <class T> using PerBank = T[kPerThread]-like;
//   void each_bank(std::uint32_t banks, F f);    f(e, bank) for the thread's elements e holding a bank <
//   banks void at_bank(std::uint32_t bank, F f);       f(e) on the one thread holding `bank` (state changes)
//   T from_bank(std::uint32_t bank, F f);        f(e) of the thread holding `bank`, known to every thread
//   u32 min(u32), i32 min(i32);                  the minimum over the threads' values
//   u64 bank_mask(std::uint32_t banks, F pred);  bit b set where pred(e, b) holds
//   void scan(u64 begin, u64 end, Load load, Pred pred, F f);
//                                                f(word, i) in order for every i in [begin, end) whose
//                                                word = load(i) satisfies pred(word), on every thread
//   void leader(F f);                            f() on one thread (writes to shared state)
//   void count(u32* slot);                       ++*slot in global memory, from a leader section
//   void sync();                                 what one thread wrote is visible to all

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::device {

inline constexpr std::uint32_t kMaxBanks = 64;  // per channel (one 64-bit mask)

struct SerialLanes {
    static constexpr std::uint32_t kPerThread = kMaxBanks;
    template <typename T>
    struct PerBank {
        T v[kPerThread];
        DRAMSWEEP_HD T& operator[](std::uint32_t e) { return v[e]; }
        DRAMSWEEP_HD const T& operator[](std::uint32_t e) const { return v[e]; }
    };

    template <typename F>
    DRAMSWEEP_HD void each_bank(std::uint32_t banks, F&& f) const {
        for (std::uint32_t b = 0; b < banks; ++b) f(b, b);
    }
    template <typename F>
    DRAMSWEEP_HD void at_bank(std::uint32_t bank, F&& f) const {
        f(bank);
    }
    template <typename F>
    DRAMSWEEP_HD auto from_bank(std::uint32_t bank, F&& f) const {
        return f(bank);
    }
    DRAMSWEEP_HD std::uint32_t min(std::uint32_t v) const { return v; }
    DRAMSWEEP_HD std::int32_t min(std::int32_t v) const { return v; }
    template <typename F>
    DRAMSWEEP_HD std::uint64_t bank_mask(std::uint32_t banks, F&& pred) const {
        std::uint64_t m = 0;
        for (std::uint32_t b = 0; b < banks; ++b)
            if (pred(b, b)) m |= std::uint64_t{1} << b;
        return m;
    }
    template <typename Load, typename Pred, typename F>
    DRAMSWEEP_HD void scan(std::uint64_t begin, std::uint64_t end, Load&& load, Pred&& pred, F&& f) const {
        for (std::uint64_t i = begin; i < end; ++i) {
            const std::uint32_t word = load(i);
            if (pred(word)) f(word, i);
        }
    }
    template <typename F>
    DRAMSWEEP_HD void leader(F&& f) const {
        f();
    }
    DRAMSWEEP_HD void count(std::uint32_t* slot) const { ++*slot; }
    DRAMSWEEP_HD void sync() const {}
};

}  // namespace dramsweep::device
