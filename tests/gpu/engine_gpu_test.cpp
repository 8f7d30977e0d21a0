// The cuda backend against the reference model: the differential check of tests/differential
// on the device. Skipped (GTEST_SKIP) where no CUDA device is available; the kernel's step is
// the host engine's config_advance, which the differential suite checks everywhere.
//   DRAMSWEEP_DIFF_CONFIGS=1000 build/tests/test_gpu --gtest_filter='CudaEngine*'

#include <gtest/gtest.h>

#include "differential/differential_check.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::engine {
namespace {

using testing::BackendKind;
using testing::BatchOptions;
using testing::BatchProgress;
using testing::first_difference;
using testing::run_trace_batch;
using testing::RunSummary;

TEST(CudaEngineDifferential, RandomConfigurationsEqualReference) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    testing::expect_backend_equals_reference(BackendKind::kCuda, testing::configured_count(600),
                                             testing::configured_stream(1500));
}

TEST(CudaEngineDifferential, MixedChannelCountsAndFallbackInOneBatch) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    // Slots sized for 4 channels hold 1-channel configurations too; the 128-entry queue is
    // beyond the engine's limits and runs on the host reference model.
    const std::vector<dram::DramConfig> configs = {
        dram::load_dram_config("hbm2", {"org.channels=4"}), dram::load_dram_config("ddr4-2400"),
        dram::load_dram_config("ddr4-2400", {"controller.read_queue=128"}), dram::load_dram_config("lpddr5-6400")};
    const std::vector<dram::TraceRequest> stream = testing::make_stream(testing::StreamKind::kMixed, 5000, 11);
    std::vector<int> seen(configs.size(), 0);
    run_trace_batch(BackendKind::kCuda, configs, stream, {}, [&](std::size_t i, const RunSummary& got) {
        const RunSummary want = testing::reference_summary(configs[i], stream, 0);
        EXPECT_EQ(got, want) << "config " << i << ": " << first_difference(got, want);
        ++seen[i];
        return true;
    });
    for (const int n : seen) EXPECT_EQ(n, 1);
}

TEST(CudaEngineDifferential, SixtyFourBanksUseBothBanksOfEveryLane) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    // DDR5 with two ranks has 64 banks per channel: lane L evaluates banks L and L + 32.
    const std::vector<dram::DramConfig> configs = {
        dram::load_dram_config("ddr5-4800", {"org.ranks=2", "controller.read_queue=64", "controller.write_queue=64"}),
        dram::load_dram_config("ddr5-4800", {"org.ranks=2", "controller.scheduler=fcfs"})};
    const std::vector<dram::TraceRequest> stream = testing::make_stream(testing::StreamKind::kMixed, 20000, 5);
    BatchOptions options;
    std::size_t progress_calls = 0;
    options.on_progress = [&](const BatchProgress&) { ++progress_calls; };
    std::size_t delivered = 0;
    run_trace_batch(BackendKind::kCuda, configs, stream, options, [&](std::size_t i, const RunSummary& got) {
        const RunSummary want = testing::reference_summary(configs[i], stream, 0);
        EXPECT_EQ(got, want) << "config " << i << ": " << first_difference(got, want);
        ++delivered;
        return true;
    });
    EXPECT_EQ(delivered, configs.size());
    EXPECT_GE(progress_calls, 1u);
}

}  // namespace
}  // namespace dramsweep::engine
