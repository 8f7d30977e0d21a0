// The host engine's closed loop (coupled/fold_loop.hpp over engine/engine_memory.hpp) against the reference closed loop on random
// networks, accelerators and DRAM configurations: every field of NetworkSummary must be equal.
// CI runs 240 cases; the long run is one command:
//   DRAMSWEEP_DIFF_CONFIGS=3000 build/tests/test_differential --gtest_filter='NetworkDifferential.*'

#include <gtest/gtest.h>

#include "differential/network_cases.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep::engine {
namespace {

using testing::BackendKind;
using testing::BatchOptions;
using testing::BatchProgress;
using testing::first_difference;
using testing::NetworkSummary;
using testing::run_trace_batch;
using testing::RunSummary;

using testing::configured_count;
using testing::random_network_cases;

constexpr std::size_t kCasesPerSet = 12;

TEST(NetworkDifferential, RandomNetworksEqualReference) {
    testing::expect_network_backend_equals_reference(BackendKind::kHost, configured_count(240), kCasesPerSet);
}

TEST(NetworkDifferential, CasesSharingAnAcceleratorShareAStream) {
    const testing::NetworkCaseSet set = random_network_cases(7, 24);
    EXPECT_LE(set.plan.streams.size(), 3u * 4u);  // 3 accelerators, at most 4 burst sizes among the presets
    EXPECT_LT(set.plan.streams.size(), set.plan.cases.size());
}

}  // namespace
}  // namespace dramsweep::engine

namespace dramsweep::engine {
namespace {

TEST(NetworkDifferential, ResNet18OnDdr4EqualsReference) {
    // The configuration of the speed goal of `dramsweep run`, whole network, plus a narrow
    // memory system on which the same network stalls most of the time.
    const Topology topology = read_topology((dramsweep::testing::source_dir() / "configs/topologies/resnet18.csv").string());
    const AccelConfig accel = read_accel_config((dramsweep::testing::source_dir() / "configs/accel/scalesim_32x32_os.cfg").string());
    const std::vector<dram::DramConfig> drams = {
        dram::load_dram_config("ddr4-2400", {}),
        dram::load_dram_config("lpddr4-3200", {"controller.read_queue=4", "controller.write_queue=4",
                                               "controller.write_high=3", "controller.write_low=1"})};
    const coupled::NetworkPlan plan = coupled::plan_networks(topology, {accel, accel}, drams);
    const std::vector<NetworkSummary> want = testing::network_summaries(BackendKind::kReference, plan);
    const std::vector<NetworkSummary> got = testing::network_summaries(BackendKind::kHost, plan);
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i], want[i]) << "case " << i << ": " << first_difference(got[i], want[i]);
        EXPECT_EQ(want[i].layers.size(), topology.layers.size());
        EXPECT_GT(want[i].dram.requests, 100000u);
    }
    EXPECT_GT(want[1].cycles, want[0].cycles) << "the narrow memory system stalls more";
}

}  // namespace
}  // namespace dramsweep::engine
