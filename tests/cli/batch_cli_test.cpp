// `--batch` on `dramsweep run` and `dramsweep scalesim`: B images of every layer, folded into
// the GEMM's M dimension (docs/model.md, "Batch"); bad values exit 2 naming the option.

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::run_dramsweep;
using testing::ScratchDir;

const char* kTopology =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
    "C1, 12, 12, 3, 3, 4, 16, 1,\n"
    "C2, 10, 10, 1, 1, 16, 8, 1,\n";

std::string accel_path() { return (testing::source_dir() / "configs/accel/edge_16x16_os.json").string(); }

nlohmann::json run_json(const std::string& topology, const std::string& extra) {
    const auto r = run_dramsweep("run --accel " + accel_path() + " --dram ddr4-2400 --topology " + topology +
                                 " --json " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    // The JSON object is the whole of stdout; stderr (empty on success) is interleaved with it.
    const auto start = r.output.find('{');
    return start == std::string::npos ? nlohmann::json{} : nlohmann::json::parse(r.output.substr(start));
}

TEST(BatchCli, RunWithBatchFourDoesFourTimesTheWork) {
    ScratchDir dir;
    const std::string topo = dir.write("t.csv", kTopology);
    const nlohmann::json one = run_json(topo, "");
    const nlohmann::json four = run_json(topo, "--batch 4");
    ASSERT_TRUE(one.contains("total") && four.contains("total"));
    EXPECT_EQ(four["total"]["macs"].get<std::int64_t>(), 4 * one["total"]["macs"].get<std::int64_t>());
    EXPECT_GE(four["total"]["total_cycles"].get<std::int64_t>(), one["total"]["total_cycles"].get<std::int64_t>());
    // --batch 1 is the default.
    EXPECT_EQ(run_json(topo, "--batch 1")["total"], one["total"]);
}

TEST(BatchCli, BadBatchExitsTwoNamingTheOption) {
    ScratchDir dir;
    const std::string topo = dir.write("t.csv", kTopology);
    for (const char* value : {"0", "-3", "two", "1e99"}) {
        const auto r = run_dramsweep("run --accel " + accel_path() + " --dram ddr4-2400 --topology " + topo +
                                     " --batch " + value);
        EXPECT_EQ(r.exit_code, 2) << value << ": " << r.output;
        EXPECT_NE(r.output.find("--batch"), std::string::npos) << r.output;
    }
    const auto huge = run_dramsweep("run --accel " + accel_path() + " --dram ddr4-2400 --topology " + topo +
                                    " --batch 1000000000000000");
    EXPECT_EQ(huge.exit_code, 2) << huge.output;
    EXPECT_NE(huge.output.find("--batch"), std::string::npos) << huge.output;
}

TEST(BatchCli, ScalesimTakesBatch) {
    ScratchDir dir;
    const std::string topo = dir.write("t.csv", kTopology);
    const std::string out = (dir.path() / "out").string();
    const auto r = run_dramsweep("scalesim -c " + accel_path() + " -t " + topo + " -o " + out + " --batch 3");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto bad = run_dramsweep("scalesim -c " + accel_path() + " -t " + topo + " -o " + out + " --batch 0");
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("--batch"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace dramsweep
