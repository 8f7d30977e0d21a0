// The emulated device's positive controls: each mistake its checks exist for must be caught (a
// divergent collective, masks that differ at one collective, a deadlock, a race ordered only by
// a shuffle, a write past shared memory), and correct code must pass, the halves of a warp on
// paths of their own included. A harness that stopped catching them would make the clean runs
// of the GPU suite mean nothing.

#include <gtest/gtest.h>

#include <cstdlib>

#include "cuda_emu.hpp"
#include "shim/cuda_runtime.h"

namespace {

__global__ void ordered_by_syncwarp(unsigned* out) {
    auto* s = static_cast<unsigned*>(::emu::dynamic_shared());
    if (threadIdx.x == 0) s[0] = 42;
    __syncwarp();
    out[threadIdx.x] = s[0] + __reduce_min_sync(0xffffffffu, threadIdx.x) + __ballot_sync(0xffffffffu, true);
}

__global__ void shuffle_in_half_a_warp(unsigned* out) {
    unsigned v = threadIdx.x;
    if (threadIdx.x < 16) v = __shfl_xor_sync(0xffffffffu, v, 1);
    out[threadIdx.x] = v;
}

__global__ void shuffles_at_two_sites(unsigned* out) {
    unsigned v = threadIdx.x;
    if (threadIdx.x < 16) v = __shfl_sync(0xffffffffu, v, 0);
    else v = __shfl_sync(0xffffffffu, v, 1);
    out[threadIdx.x] = v;
}

// The two halves of a warp on paths of their own, each with its own mask, then the whole warp
// together: legal under independent thread scheduling, as two channels on the halves of a warp
// run (cuda/warp_lanes.cuh).
__global__ void halves_on_paths_of_their_own(unsigned* out) {
    const unsigned half = 0xffffu << (threadIdx.x & 16u);
    unsigned v = threadIdx.x;
    if (threadIdx.x < 16)
        v = __reduce_min_sync(half, v) + __shfl_sync(half, v, 3);
    else
        v = __ballot_sync(half, (v & 1u) != 0);
    out[threadIdx.x] = v + __shfl_sync(0xffffffffu, v, 17);
}

__global__ void masks_differ_at_one_site(unsigned* out) {
    const unsigned mask = threadIdx.x < 16 ? 0xffffu : 0xffffffffu;
    out[threadIdx.x] = __shfl_sync(mask, threadIdx.x, 0);
}

__global__ void one_warp_skips_the_barrier(unsigned* out) {
    if (threadIdx.x < 32) __syncthreads();
    out[threadIdx.x] = 1;
}

[[maybe_unused]] __global__ void ordered_by_a_shuffle_only(unsigned* out) {
    auto* s = static_cast<unsigned*>(::emu::dynamic_shared());
    if (threadIdx.x == 0) s[0] = 42;
    const unsigned v = __shfl_sync(0xffffffffu, threadIdx.x, 0);  // orders no memory
    out[threadIdx.x] = s[0] + v;
}

[[maybe_unused]] __global__ void writes_past_shared_memory(unsigned* out) {
    auto* s = static_cast<unsigned*>(::emu::dynamic_shared());
    s[threadIdx.x + 1] = 1;  // 32 words: lane 31 writes the 33rd
    out[threadIdx.x] = 0;
}

class EmulatorSelfTest : public ::testing::Test {
protected:
    void SetUp() override {
        ::testing::GTEST_FLAG(death_test_style) = "threadsafe";
        ASSERT_EQ(cudaMalloc(reinterpret_cast<void**>(&out_), 64 * sizeof(unsigned)), cudaSuccess);
    }
    void TearDown() override { cudaFree(out_); }
    template <typename Kernel>
    void run(Kernel kernel, unsigned threads = 32) {
        ::emu::launch(kernel, ::emu::Cfg{1, threads, 32 * sizeof(unsigned), nullptr}, out_);
    }
    unsigned* out_ = nullptr;
};

TEST_F(EmulatorSelfTest, CorrectCodePasses) {
    run(ordered_by_syncwarp);
    unsigned host[32];
    ASSERT_EQ(cudaMemcpy(host, out_, sizeof host, cudaMemcpyDeviceToHost), cudaSuccess);
    EXPECT_EQ(host[5], 42u + 0u + 0xffffffffu);
}

TEST_F(EmulatorSelfTest, HalvesOfAWarpOnPathsOfTheirOwnPass) {
    run(halves_on_paths_of_their_own);
    unsigned host[32];
    ASSERT_EQ(cudaMemcpy(host, out_, sizeof host, cudaMemcpyDeviceToHost), cudaSuccess);
    const unsigned odd_upper_lanes = 0xaaaa0000u;
    EXPECT_EQ(host[0], 3u + odd_upper_lanes);                // min 0 + lane 3's value
    EXPECT_EQ(host[20], odd_upper_lanes + odd_upper_lanes);  // the upper half's ballot, twice
}

TEST_F(EmulatorSelfTest, MasksThatDifferAtOneShuffleAreCaught) {
    EXPECT_DEATH(run(masks_differ_at_one_site), "DEVICE ERROR");
}

TEST_F(EmulatorSelfTest, AShuffleOnHalfAWarpIsCaught) {
    EXPECT_DEATH(run(shuffle_in_half_a_warp), "DEVICE ERROR");
}

TEST_F(EmulatorSelfTest, ShufflesAtDifferentSitesAreCaught) {
    EXPECT_DEATH(run(shuffles_at_two_sites), "different call sites");
}

TEST_F(EmulatorSelfTest, ABarrierOneWarpSkipsIsCaught) {
    EXPECT_DEATH(run(one_warp_skips_the_barrier, 64), "DEVICE ERROR");
}

#if defined(__SANITIZE_THREAD__)
TEST_F(EmulatorSelfTest, ARaceOrderedOnlyByAShuffleIsCaught) {
    setenv("TSAN_OPTIONS", "halt_on_error=1", 1);
    EXPECT_DEATH(run(ordered_by_a_shuffle_only), "data race");
}
#endif

#if defined(__SANITIZE_ADDRESS__)
TEST_F(EmulatorSelfTest, AWritePastSharedMemoryIsCaught) {
    EXPECT_DEATH(run(writes_past_shared_memory), "heap-buffer-overflow");
}
#endif

}  // namespace
