// Parity of the PIM evaluator with nn_dataflow: on every reference case of
// ../shared/reference/pim/nn_dataflow/, the schedule nn_dataflow chose, evaluated with the
// T-16 / L-1 presets, gives nn_dataflow's numbers layer by layer: every access count, the fetch
// counts, the unit and total NoC hops, the time and the operations exactly, the cost within
// 1e-9 relative; and the network totals.

#include <gtest/gtest.h>

#include <cmath>

#include "dramsweep/pim/nn_dataflow_case.hpp"
#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

constexpr double kRelativeTolerance = 1e-9;

std::filesystem::path reference_root() {
    return testing::shared_dir() / "reference/pim/nn_dataflow";
}

void expect_parity(const NnDataflowCase& c) {
    const PimHardware hw = make_hardware(c.config);
    const NetworkEval ev = evaluate_network(hw, c.network, c.batch, c.schedule, c.options);
    const char* levels[kNumLevels] = {"DRAM", "GBUF", "ITCN", "REGF"};
    const char* data[kNumData] = {"FIL", "IFM", "OFM"};
    double cost = 0;
    std::int64_t time = 0;
    for (std::size_t i = 0; i < c.order.size(); ++i) {
        const NnDataflowLayer& ref = c.layers[i];
        const LayerEval& e = ev.layers[static_cast<std::size_t>(c.order[i])];
        const std::string where = c.name + " " + ref.name;
        ASSERT_TRUE(e.ok()) << where << ": error " << static_cast<int>(e.error) << "/"
                            << static_cast<int>(e.blocking_error);
        for (int m = 0; m < kNumLevels; ++m)
            for (int d = 0; d < kNumData; ++d)
                EXPECT_EQ(e.access[m][d], ref.access[m][d])
                    << where << " access " << levels[m] << " " << data[d];
        for (int l = 0; l < 2; ++l)
            for (int d = 0; d < kNumData; ++d)
                EXPECT_EQ(e.fetch[l][d], ref.fetch[l][d]) << where << " fetch " << l << data[d];
        for (int d = 0; d < kNumData; ++d) {
            EXPECT_EQ(e.unit_hops[d], ref.unit_hops[d]) << where << " unit hops " << data[d];
            EXPECT_EQ(e.hops[d], ref.hops[d]) << where << " hops " << data[d];
        }
        EXPECT_EQ(e.time, ref.time) << where;
        EXPECT_EQ(e.ops, ref.ops) << where;
        EXPECT_LE(std::fabs(e.energy_total_pj - ref.cost), kRelativeTolerance * ref.cost)
            << where << ": nn_dataflow " << ref.cost << ", ours " << e.energy_total_pj;
        cost += e.energy_total_pj;
        time += e.time;
    }
    EXPECT_LE(std::fabs(ev.total.energy_total_pj - c.total_cost), kRelativeTolerance * c.total_cost)
        << c.name;
    EXPECT_LE(std::fabs(cost - c.total_cost), kRelativeTolerance * c.total_cost) << c.name;
    EXPECT_EQ(time, c.total_time) << c.name;
    EXPECT_EQ(ev.total.time, c.total_time) << c.name;
}

TEST(PimParity, EveryReferenceCaseMatchesNnDataflowLayerByLayer) {
    const auto folders = nn_dataflow_case_folders(reference_root());
    ASSERT_GE(folders.size(), 18u);
    std::size_t cases = 0;
    for (const auto& folder : folders) {
        for (const NnDataflowCase& c : load_nn_dataflow_cases(folder)) {
            SCOPED_TRACE(c.name);
            expect_parity(c);
            ++cases;
        }
    }
    EXPECT_GE(cases, 35u);  // 16 single runs, 13 + 6 enumerated schemes
}

// The memo quirk matters: without it, two AlexNet layers on the 2D-memory T-16 are charged
// their true (lower) ifmap hops, not nn_dataflow's.
TEST(PimParity, NnDataflowsHopMemoIsWhatSeparatesTwoLayersOf2DMemory) {
    const auto cases = load_nn_dataflow_cases(reference_root() / "alexnet_b16_T16_mem2D");
    NnDataflowCase c = cases.at(0);
    c.options.nn_dataflow_hop_memo = false;
    const NetworkEval ev =
        evaluate_network(make_hardware(c.config), c.network, c.batch, c.schedule, c.options);
    int differ = 0;
    for (std::size_t i = 0; i < c.order.size(); ++i) {
        const LayerEval& e = ev.layers[static_cast<std::size_t>(c.order[i])];
        if (e.unit_hops[kIfm] != c.layers[i].unit_hops[kIfm]) {
            ++differ;
            EXPECT_LT(e.unit_hops[kIfm], c.layers[i].unit_hops[kIfm]) << c.layers[i].name;
        }
    }
    EXPECT_EQ(differ, 2);
}

}  // namespace
}  // namespace dramsweep::pim
