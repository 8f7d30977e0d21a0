// The cuda backend's closed loop (cuda/pool_kernel.cuh with the network job) against the reference closed loop on
// random networks: the check of tests/differential/network_differential_test.cpp on the device.
// Skipped (GTEST_SKIP) where no CUDA device is available.
//   DRAMSWEEP_DIFF_CONFIGS=1000 build/tests/test_gpu --gtest_filter='CudaNetwork*'

#include <gtest/gtest.h>

#include "differential/network_cases.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::engine {
namespace {

using testing::BackendKind;
using testing::BatchOptions;
using testing::BatchProgress;
using testing::first_difference;
using testing::run_trace_batch;
using testing::RunSummary;

TEST(CudaNetworkDifferential, RandomNetworksEqualReference) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    testing::expect_network_backend_equals_reference(BackendKind::kCuda, testing::configured_count(240), 24);
}

TEST(CudaNetworkDifferential, OversizedConfigurationsFallBackToTheReference) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    // A 128-entry read queue is beyond the engine's limits: that case runs the reference loop
    // on the host, the others on the device, and all are delivered.
    Topology topology;
    topology.layers = {Layer::gemm("g", 64, 48, 40)};
    AccelConfig accel;
    accel.array_rows = accel.array_cols = 8;
    accel.ifmap_sram_kb = accel.filter_sram_kb = accel.ofmap_sram_kb = 1;
    const std::vector<dram::DramConfig> drams = {dram::load_dram_config("ddr4-2400"),
                                                 dram::load_dram_config("ddr4-2400", {"controller.read_queue=128"}),
                                                 dram::load_dram_config("hbm2", {"org.channels=4"})};
    const coupled::NetworkPlan plan = coupled::plan_networks(topology, {accel, accel, accel}, drams);
    const auto want = testing::network_summaries(BackendKind::kReference, plan);
    const auto got = testing::network_summaries(BackendKind::kCuda, plan);
    for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << first_difference(got[i], want[i]);
}

}  // namespace
}  // namespace dramsweep::engine
