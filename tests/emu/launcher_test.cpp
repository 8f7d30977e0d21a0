// The cuda backend's launch loop on the emulated device, in the situations a real device of this
// size never shows: few slots (configurations claimed by blocks as others finish, over many
// launches), a block's state beyond the device's shared memory, a failing allocation, a sink that
// stops early, the host's share delivered alongside. The fake runtime is configured through the
// environment (tests/emu/shim/cuda_runtime.h).

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "differential/differential_check.hpp"
#include "differential/network_cases.hpp"
#include "dramsweep/device/setup.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "shim/cuda_runtime.h"

namespace dramsweep::engine {
namespace {

using testing::BackendKind;
using testing::RunSummary;

// Sets an environment variable for the scope of a test.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
    ~ScopedEnv() { unsetenv(name_); }

private:
    const char* name_;
};

std::vector<dram::DramConfig> mixed_configs() {
    return {dram::load_dram_config("ddr4-2400"),
            dram::load_dram_config("ddr4-2400", {"org.channels=2", "controller.page_policy=closed"}),
            dram::load_dram_config("hbm2", {"org.channels=4"}),
            dram::load_dram_config("ddr4-2400", {"controller.read_queue=128"}),  // beyond the engines: the host
            dram::load_dram_config("lpddr5-6400", {"controller.scheduler=fcfs"}),
            dram::load_dram_config("ddr4-3200", {"org.ranks=2"}),
            dram::load_dram_config("ddr5-4800", {"org.ranks=2"}),  // 64 banks: two per lane
            dram::load_dram_config("ddr4-2400", {"mapping=ChRaBaRoCo"})};
}

// Runs `configs` on the cuda backend and checks every result against the reference.
void expect_cuda_equals_reference(const std::vector<dram::DramConfig>& configs,
                                  const std::vector<dram::TraceRequest>& stream) {
    std::vector<int> seen(configs.size(), 0);
    testing::run_trace_batch(BackendKind::kCuda, configs, stream, {}, [&](std::size_t i, const RunSummary& got) {
        const RunSummary want = testing::reference_summary(configs[i], stream, 0);
        EXPECT_EQ(got, want) << "config " << i << ": " << testing::first_difference(got, want);
        ++seen[i];
        return true;
    });
    for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], 1) << "config " << i;
}

TEST(EmulatedLauncher, TwoSlotsPerPoolServeEveryConfigurationOverManyLaunches) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "2");
    std::vector<dram::DramConfig> configs = mixed_configs();
    for (int i = 0; i < 5; ++i) configs.push_back(dram::load_dram_config("ddr4-2400", {"controller.row_hit_cap=" + std::to_string(i)}));
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kMixed, 3000, 5));
}

TEST(EmulatedLauncher, StateBeyondTheSharedMemoryRunsOnTheHost) {
    const ScopedEnv optin("EMU_SMEM_OPTIN", "3000");  // a pool's block needs more than this
    expect_cuda_equals_reference(mixed_configs(), testing::make_stream(testing::StreamKind::kRandom, 1500, 2));
}

TEST(EmulatedLauncher, LittleDeviceMemoryMeansFewerSlotsNotWrongResults) {
    const ScopedEnv memory("EMU_DEVICE_MEMORY", std::to_string(6u << 20));
    expect_cuda_equals_reference(mixed_configs(), testing::make_stream(testing::StreamKind::kSequential, 2000, 3));
}

TEST(EmulatedLauncher, AFailedAllocationIsAnErrorThatSaysSo) {
    emu_fail_cuda_malloc_after(3);
    try {
        testing::run_trace_batch(BackendKind::kCuda, mixed_configs(), testing::make_stream(testing::StreamKind::kRandom, 500, 1),
                                 {}, [](std::size_t, const RunSummary&) { return true; });
        FAIL() << "the failed cudaMalloc was not reported";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cudaMalloc"), std::string::npos) << e.what();
    }
}

TEST(EmulatedLauncher, ASinkThatStopsEndsTheBatch) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "1");
    std::size_t delivered = 0;
    testing::run_trace_batch(BackendKind::kCuda, mixed_configs(), testing::make_stream(testing::StreamKind::kRandom, 800, 4),
                             {}, [&](std::size_t, const RunSummary&) {
                                 ++delivered;
                                 return false;
                             });
    EXPECT_EQ(delivered, 1u);
}

TEST(EmulatedLauncher, ProgressIsReportedOnTheCallingThreadUntilEverythingIsDone) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "1");
    const std::vector<dram::DramConfig> configs = mixed_configs();
    testing::BatchOptions options;
    std::vector<testing::BatchProgress> reports;
    const std::thread::id caller = std::this_thread::get_id();
    options.on_progress = [&](const testing::BatchProgress& p) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        reports.push_back(p);
    };
    std::size_t delivered = 0;
    testing::run_trace_batch(BackendKind::kCuda, configs, testing::make_stream(testing::StreamKind::kMixed, 6000, 6),
                             options, [&](std::size_t, const RunSummary&) { return ++delivered > 0; });
    ASSERT_GE(reports.size(), 2u);
    EXPECT_EQ(delivered, configs.size());
    for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_GE(reports[i].done, reports[i - 1].done);
}

// MPI workers spread over a node's GPUs by their place on the node (mpi_sweep.cpp); the runs
// that follow use the chosen device.
TEST(EmulatedLauncher, EachProcessOfANodeTakesTheDeviceOfItsPlace) {
    {
        const ScopedEnv devices("EMU_DEVICE_COUNT", "4");
        const gpu::DeviceChoice fifth = gpu::use_device_for(5);
        EXPECT_EQ(fifth.device, 1);
        EXPECT_EQ(fifth.count, 4);
        int current = -1;
        ASSERT_EQ(cudaGetDevice(&current), cudaSuccess);
        EXPECT_EQ(current, 1);
        expect_cuda_equals_reference({dram::load_dram_config("ddr4-2400")}, testing::make_stream(testing::StreamKind::kRandom, 300, 7));
        EXPECT_EQ(gpu::use_device_for(3).device, 3);
        EXPECT_EQ(gpu::use_device_for(0).device, 0);
    }
    const ScopedEnv none("EMU_NO_DEVICE", "1");
    const gpu::DeviceChoice no_device = gpu::use_device_for(2);
    EXPECT_EQ(no_device.device, -1);
    EXPECT_EQ(no_device.count, 0);
}

// Two channels a warp (device::lanes_per_channel): both halves of a warp take paths of their
// own (one issues while the other accepts or idles), over launches that save and restore the
// halves' registers, under every page policy and scheduler.
TEST(EmulatedLauncher, TwoChannelsOnTheHalvesOfAWarpEqualTheReference) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "2");
    const std::vector<dram::DramConfig> configs = {
        dram::load_dram_config("ddr4-2400", {"org.channels=2"}),
        dram::load_dram_config("ddr4-2400", {"org.channels=4", "controller.page_policy=closed"}),
        dram::load_dram_config(
            "ddr4-2400", {"org.channels=2", "controller.page_policy=timeout", "controller.page_timeout=40"}),
        dram::load_dram_config("ddr4-3200", {"org.channels=8", "controller.scheduler=fcfs"}),
        dram::load_dram_config("ddr4-2400", {"org.channels=2", "controller.scheduler=strict_fcfs"}),
        dram::load_dram_config("lpddr5-6400", {"org.channels=4", "controller.refresh=per_bank",
                                               "controller.wck_sync=always_on"}),
        dram::load_dram_config("lpddr5-6400", {"org.channels=2", "controller.wck_sync=always_on"}),
        dram::load_dram_config("ddr4-2400", {"org.channels=2", "controller.row_hit_cap=2"})};
    for (std::size_t i = 0; i < configs.size(); ++i)
        ASSERT_EQ(device::lanes_per_channel(device::make_device_params(configs[i])), device::kHalfWarp)
            << "config " << i;
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kMixed, 4000, 7));
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kRandom, 2000, 8));
}

// Rules R13 (HBM's row and column buses: a second plan and issue a clock, on the half's own
// lanes) and R14 (LPDDR5's CAS) on half warps, the AllRules kernels, beside BaseRules pools.
TEST(EmulatedLauncher, SecondCommandsAndCasOnHalfWarpsEqualTheReference) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "2");
    const std::vector<dram::DramConfig> configs = {
        dram::load_dram_config("hbm2", {"org.channels=2", "org.ranks=1", "controller.queues=per_channel"}),
        dram::load_dram_config("hbm3", {"org.channels=4", "org.ranks=1", "controller.queues=per_channel",
                                        "controller.page_policy=closed"}),
        dram::load_dram_config("hbm2", {"org.channels=2", "org.ranks=1", "controller.queues=per_channel",
                                        "controller.refresh=per_bank", "controller.scheduler=strict_fcfs"}),
        dram::load_dram_config("lpddr5-6400", {"org.channels=2", "controller.wck_sync=on_demand"}),
        dram::load_dram_config("lpddr5-6400",
                               {"org.channels=4", "controller.wck_sync=on_demand",
                                "controller.page_policy=timeout", "controller.page_timeout=40"}),
        dram::load_dram_config("ddr4-2400", {"org.channels=2"})};
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const device::DeviceParams p = device::make_device_params(configs[i]);
        ASSERT_EQ(device::lanes_per_channel(p), device::kHalfWarp) << "config " << i;
        ASSERT_EQ(device::needs_all_rules(p), i + 1 < configs.size()) << "config " << i;
    }
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kMixed, 4000, 11));
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kRandom, 2000, 12));
}

// The channels renumber their queued requests at every third acceptance (on a device, at 2^22):
// the leader rewrites the queues while the other lanes hold the banks' summaries, on whole and
// half warps, both rule sets, strict FCFS among them, traces and networks; and a wrong setting is
// refused.
TEST(EmulatedLauncher, RenumberingTheRequestsOftenEqualsTheReference) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "2");
    const ScopedEnv often("DRAMSWEEP_CUDA_RENUMBER_AT", "3");
    std::vector<dram::DramConfig> configs = mixed_configs();
    configs.push_back(
        dram::load_dram_config("ddr4-2400", {"org.channels=2", "controller.scheduler=strict_fcfs"}));
    configs.push_back(
        dram::load_dram_config("hbm2", {"org.channels=2", "org.ranks=1", "controller.queues=per_channel"}));
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kMixed, 1500, 13));
    // The closed loop's channels take their requests in ingest() (a scan over the accepted ones).
    const testing::NetworkCaseSet set = testing::random_network_cases(32, 6);
    const auto want = testing::network_summaries(BackendKind::kReference, set.plan);
    const auto got = testing::network_summaries(BackendKind::kCuda, set.plan);
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(got[i], want[i]) << set.drams[i].describe() << ": " << testing::first_difference(got[i], want[i]);
    const ScopedEnv wrong("DRAMSWEEP_CUDA_RENUMBER_AT", "0");
    EXPECT_THROW(testing::run_trace_batch(BackendKind::kCuda, configs,
                                          testing::make_stream(testing::StreamKind::kMixed, 10, 1), {},
                                          [](std::size_t, const RunSummary&) { return true; }),
                 std::runtime_error);
}

// The same configurations on a whole warp each (DRAMSWEEP_CUDA_HALF_WARPS=0), as on a device
// where the two are compared.
TEST(EmulatedLauncher, HalfWarpsCanBeTurnedOff) {
    const ScopedEnv off("DRAMSWEEP_CUDA_HALF_WARPS", "0");
    expect_cuda_equals_reference({dram::load_dram_config("ddr4-2400", {"org.channels=2"}),
                                  dram::load_dram_config("ddr4-2400", {"org.channels=4"})},
                                 testing::make_stream(testing::StreamKind::kMixed, 2000, 9));
}

// DRAMSWEEP_CUDA_HALF_WARPS=2: 32-bank channels on half warps too, two banks a lane (banks L and
// L + 16 of a half), with 16-bank ones beside them in other pools.
TEST(EmulatedLauncher, ThirtyTwoBankChannelsOnHalfWarpsEqualTheReference) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "2");
    const ScopedEnv two("DRAMSWEEP_CUDA_HALF_WARPS", "2");
    const std::vector<dram::DramConfig> configs = {
        dram::load_dram_config("ddr4-2400", {"org.channels=2", "org.ranks=2"}),
        dram::load_dram_config("ddr4-2400",
                               {"org.channels=4", "org.ranks=2", "controller.page_policy=closed"}),
        dram::load_dram_config("ddr4-3200",
                               {"org.channels=2", "org.ranks=2", "controller.scheduler=strict_fcfs"}),
        dram::load_dram_config("ddr5-4800", {"org.channels=2"}),
        dram::load_dram_config("ddr4-2400", {"org.channels=2", "org.ranks=2",
                                             "controller.page_policy=timeout", "controller.page_timeout=30"}),
        dram::load_dram_config("ddr4-2400", {"org.channels=2"})};
    for (std::size_t i = 0; i < configs.size(); ++i)
        ASSERT_EQ(device::lanes_per_channel(device::make_device_params(configs[i]),
                                            device::HalfWarps::kUpTo32Banks),
                  device::kHalfWarp)
            << "config " << i;
    expect_cuda_equals_reference(configs, testing::make_stream(testing::StreamKind::kMixed, 3000, 10));
}

TEST(EmulatedLauncher, AnUnknownHalfWarpsSettingIsAnErrorThatSaysSo) {
    const ScopedEnv bad("DRAMSWEEP_CUDA_HALF_WARPS", "yes");
    try {
        testing::run_trace_batch(BackendKind::kCuda,
                                 {dram::load_dram_config("ddr4-2400", {"org.channels=2"})},
                                 testing::make_stream(testing::StreamKind::kRandom, 100, 1), {},
                                 [](std::size_t, const RunSummary&) { return true; });
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("DRAMSWEEP_CUDA_HALF_WARPS: expected 0, 1 or 2, got 'yes'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(EmulatedLauncher, NetworksThroughTwoSlotsEqualTheReference) {
    const ScopedEnv slots("DRAMSWEEP_CUDA_SLOTS", "2");
    const testing::NetworkCaseSet set = testing::random_network_cases(31, 10);
    const auto want = testing::network_summaries(BackendKind::kReference, set.plan);
    const auto got = testing::network_summaries(BackendKind::kCuda, set.plan);
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(got[i], want[i]) << set.drams[i].describe() << ": " << testing::first_difference(got[i], want[i]);
}

}  // namespace
}  // namespace dramsweep::engine
