// `dramsweep pim evaluate`: the table for people, the JSON for programs, the timing mode, and
// bad input with exit code 2 naming what is wrong.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

TEST(PimCli, EvaluatePrintsOneRowPerLayerAndTheTotals) {
    const auto r = testing::run_dramsweep("pim evaluate --pim t-16 --network alexnet --batch 16");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* s :
         {"conv1_a", "pool3_b", "fc3", "OFMP4x4", "total: 4956560 cycles", "accesses (words)"})
        EXPECT_NE(r.output.find(s), std::string::npos) << s << "\n" << r.output;
}

TEST(PimCli, EvaluateJsonHasTotalsAndTheSameFieldsPerLayer) {
    const auto r = testing::run_dramsweep("pim evaluate --pim t-16 --network alexnet --batch 16 --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["mode"], "analytical");
    EXPECT_EQ(j["total"]["cycles"], 4956560);
    EXPECT_NEAR(j["total"]["energy_pj"].get<double>(), 70717676723.2, 1e-3);
    for (const char* level : {"dram", "gbuf", "itcn", "regf"})
        EXPECT_TRUE(j["total"]["accesses"].contains(level));
    EXPECT_TRUE(j["total"].contains("noc_hops"));
    ASSERT_EQ(j["layers"].size(), 19u);
    std::int64_t cycles = 0, hops = 0;
    for (const auto& l : j["layers"]) {
        for (const char* k : {"name", "partition", "cycles", "energy_pj", "accesses", "noc_hops", "bound",
                              "energy_breakdown_pj", "utilization", "blocking"})
            EXPECT_TRUE(l.contains(k)) << k;
        cycles += l["cycles"].get<std::int64_t>();
        hops += l["noc_hops"].get<std::int64_t>();
    }
    EXPECT_EQ(cycles, j["total"]["cycles"].get<std::int64_t>());
    EXPECT_EQ(hops, j["total"]["noc_hops"].get<std::int64_t>());
}

TEST(PimCli, TimingModeReportsBothModes) {
    const auto r = testing::run_dramsweep(
        "pim evaluate --pim hb-4x4 --network alexnet --timing --json --set pim.dram.pins=128 --set "
        "controller.page_policy=closed");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["mode"], "timing");
    EXPECT_GE(j["total"]["cycles"].get<std::int64_t>(), j["total"]["analytical_cycles"].get<std::int64_t>());
    for (const auto& l : j["layers"]) {
        EXPECT_TRUE(l.contains("row_hits"));
        EXPECT_TRUE(l.contains("noc_cycles"));
    }
}

TEST(PimCli, NetworksFromFilesLoad) {
    testing::ScratchDir dir;
    const std::string path =
        dir.write("net.json",
                  R"({"name": "tiny", "input": {"channels": 3, "height": 18, "width": 18}, "layers": [
            {"name": "c1", "type": "conv", "prevs": ["input"], "out_channels": 16, "out_size": 16, "filter": 3},
            {"name": "p1", "type": "pool", "prevs": ["c1"], "channels": 16, "out_size": 8, "window": 2},
            {"name": "fc", "type": "fc", "prevs": ["p1"], "out_channels": 10, "in_size": 8}]})");
    const auto r = testing::run_dramsweep("pim evaluate --pim hb-4x4 --network " + path + " --batch 2");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto csv =
        testing::run_dramsweep("pim evaluate --pim hb-4x4 --network " +
                               (testing::source_dir() / "configs/topologies/mobilenet.csv").string());
    EXPECT_EQ(csv.exit_code, 0) << csv.output;
}

TEST(PimCli, BadInputExitsTwoNamingTheProblem) {
    testing::ScratchDir dir;
    const std::string cycle = dir.write("cycle.json",
                                        R"({"input": {"channels": 3, "height": 8, "width": 8}, "layers": [
            {"name": "a", "type": "conv", "prevs": ["b"], "out_channels": 3, "out_size": 8, "filter": 1},
            {"name": "b", "type": "conv", "prevs": ["a"], "out_channels": 3, "out_size": 8, "filter": 1}]})");
    const struct {
        std::string args, expect;
    } cases[] = {
        {"--pim hb-4x4 --network nosuch", "unknown network"},
        {"--pim nosuch --network alexnet", "unknown preset"},
        {"--pim hb-4x4 --network alexnet --set pim.mesh=9x9", "mesh"},
        {"--pim hb-4x4 --network alexnet --set pim.pe_array=0x4", "pe_array"},
        {"--pim hb-4x4 --network alexnet --mapper tangram", "unknown mapper"},
        {"--pim hb-4x4 --network alexnet --batch 0", "batch"},
        {"--pim hb-4x4 --network vgg16 --batch 100000", "larger than all DRAM"},
        {"--pim hb-4x4 --network alexnet --set pim.regf_bytes=8", "no mapping of this layer fits"},
        {"--pim hb-4x4 --network " + cycle, "cycle"},
        {"--pim hb-4x4 --network alexnet --set timing.tRCD=4", "only pim.* keys"},
    };
    for (const auto& c : cases) {
        const auto r = testing::run_dramsweep("pim evaluate " + c.args);
        EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.expect), std::string::npos) << c.args << "\n" << r.output;
    }
}

}  // namespace
}  // namespace dramsweep::pim
