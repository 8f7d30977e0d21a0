#pragma once
// The emulated CUDA device of the test suite: what the kernels' sources need from CUDA C++, for
// the host compiler. Force-included (-include) into the translation units of the emulated build,
// with DRAMSWEEP_EMULATED_DEVICE defined (cuda/device_compat.hpp).
//
// A block's threads run as fibers (emu_runtime.cpp) that switch only at collectives: warp
// collectives (__syncwarp, shuffles, ballots, reductions) resolve once every lane of the mask has
// reached the same one, __syncthreads once every thread of the block has. Each is checked the way
// the CUDA programming guide states its rules, and a violation stops the program with a message.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <source_location>
#include <tuple>
#include <type_traits>

#define __device__
#define __global__ __attribute__((flatten))  // inline the whole kernel, as nvcc does
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __grid_constant__

typedef struct CUstream_st* cudaStream_t;

namespace emu {

struct Dim3 {
    unsigned x = 0, y = 0, z = 0;
};
const Dim3& thread_idx();
const Dim3& block_idx();
const Dim3& block_dim();
const Dim3& grid_dim();
void* dynamic_shared();

enum class Op : std::uint8_t { kSyncwarp, kShuffle, kBallot, kReduceMin, kReduceAdd, kSyncthreads };
// A collective of the calling thread: every participant gives `value` and gets the result.
std::uint64_t collective(Op op, unsigned mask, std::uint64_t value, int lane_arg, bool is_xor, bool is_signed,
                         const std::source_location& where);

struct Cfg {
    unsigned grid;
    unsigned block;
    std::size_t smem;
    cudaStream_t stream;
};
// Runs every block of the grid, one after the other, each block's threads as fibers.
void run_grid(const void* kernel, const Cfg& cfg, const std::function<void()>& body);

template <typename... P, typename... A>
void launch(void (*kernel)(P...), Cfg cfg, A&&... args) {
    // Kernel parameters are copied by value, as a launch does.
    std::function<void()> body = [kernel, params = std::tuple<std::decay_t<P>...>(
                                              std::forward<A>(args)...)]() { std::apply(kernel, params); };
    run_grid(reinterpret_cast<const void*>(kernel), cfg, body);
}

}  // namespace emu

#define threadIdx (::emu::thread_idx())
#define blockIdx (::emu::block_idx())
#define blockDim (::emu::block_dim())
#define gridDim (::emu::grid_dim())

inline void __syncwarp(unsigned mask = 0xffffffffu,
                       std::source_location w = std::source_location::current()) {
    emu::collective(emu::Op::kSyncwarp, mask, 0, 0, false, false, w);
}
inline void __syncthreads(std::source_location w = std::source_location::current()) {
    emu::collective(emu::Op::kSyncthreads, 0, 0, 0, false, false, w);
}
template <typename T>
T __shfl_sync(unsigned mask, T v, int src, int = 32,
              std::source_location w = std::source_location::current()) {
    static_assert(sizeof(T) <= 8 && (std::is_integral_v<T>), "emulated shuffles carry integers");
    return static_cast<T>(
        emu::collective(emu::Op::kShuffle, mask, static_cast<std::uint64_t>(v), src, false, false, w));
}
template <typename T>
T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int = 32,
                  std::source_location w = std::source_location::current()) {
    static_assert(sizeof(T) <= 8 && (std::is_integral_v<T>), "emulated shuffles carry integers");
    return static_cast<T>(
        emu::collective(emu::Op::kShuffle, mask, static_cast<std::uint64_t>(v), lane_mask, true, false, w));
}
inline unsigned __ballot_sync(unsigned mask, bool p,
                              std::source_location w = std::source_location::current()) {
    return static_cast<unsigned>(emu::collective(emu::Op::kBallot, mask, p ? 1 : 0, 0, false, false, w));
}
inline unsigned __reduce_min_sync(unsigned mask, unsigned v,
                                  std::source_location w = std::source_location::current()) {
    return static_cast<unsigned>(emu::collective(emu::Op::kReduceMin, mask, v, 0, false, false, w));
}
inline int __reduce_min_sync(unsigned mask, int v, std::source_location w = std::source_location::current()) {
    return static_cast<int>(static_cast<std::int64_t>(
        emu::collective(emu::Op::kReduceMin, mask, static_cast<std::uint64_t>(static_cast<std::int64_t>(v)),
                        0, false, true, w)));
}
inline unsigned __reduce_add_sync(unsigned mask, unsigned v,
                                  std::source_location w = std::source_location::current()) {
    return static_cast<unsigned>(emu::collective(emu::Op::kReduceAdd, mask, v, 0, false, false, w));
}
inline int __ffs(int x) {
    return __builtin_ffs(x);
}
inline int __ffsll(long long x) {
    return __builtin_ffsll(x);
}
inline int __popc(unsigned x) {
    return __builtin_popcount(x);
}
// Atomics of the emulated device: blocks run one at a time and a block's threads switch only at
// collectives, so these never race; they are atomic for ThreadSanitizer's sake.
inline unsigned atomicAdd(unsigned* p, unsigned v) {
    return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
// Blocks run one after the other: a fence has nothing to order.
inline void __threadfence() {}
