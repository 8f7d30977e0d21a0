// `dramsweep serve` end to end.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::run_dramsweep;
using testing::ScratchDir;
using testing::source_dir;

TEST(ServeCli, AnswersEachLineInOrderAndErrorsPerLine) {
    ScratchDir dir;
    const std::string accel = (source_dir() / "configs/accel/edge_16x16_os.json").string();
    const std::string topo = (source_dir() / "configs/topologies/tiny_mixed.json").string();
    const std::string good = R"({"id": "x", "accel": ")" + accel + R"(", "dram": "ddr4-2400", "topology": ")" + topo + "\"}";
    const std::string input = dir.write("in.jsonl", good + "\n" + "{broken\n\n" +
                                                        R"({"id": 9, "accel": ")" + accel +
                                                        R"(", "dram": "ddr4-2400", "dram_set": {"org.channels": 3}, "topology": ")" +
                                                        topo + "\"}\n" + good + "\n");
    const auto r = run_dramsweep("serve < " + input);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::istringstream lines(r.output);
    std::vector<nlohmann::json> answers;
    for (std::string line; std::getline(lines, line);) answers.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(answers.size(), 4u);  // the blank line gets no answer
    EXPECT_EQ(answers[0]["id"], "x");
    EXPECT_TRUE(answers[0]["ok"].get<bool>());
    EXPECT_GT(answers[0]["objectives"]["latency_s"].get<double>(), 0);
    EXPECT_GT(answers[0]["objectives"]["energy_j"].get<double>(), 0);
    EXPECT_EQ(answers[1]["id"], 2);  // no id in a broken line: its line number
    EXPECT_FALSE(answers[1]["ok"].get<bool>());
    EXPECT_EQ(answers[2]["id"], 9);
    EXPECT_FALSE(answers[2]["ok"].get<bool>());  // 3 channels: not a power of two
    EXPECT_NE(answers[2]["error"].get<std::string>().find("channels"), std::string::npos);
    EXPECT_EQ(answers[3], answers[0]);  // deterministic
}

TEST(ServeCli, BatchesOnTheEngineWithAnswersEqualToTheReference) {
    // Lines that arrive together run as one batch per topology on the chosen backend; the host
    // engine must answer exactly as the reference model, line for line, in input order.
    ScratchDir dir;
    const std::string accel = (source_dir() / "configs/accel/edge_16x16_os.json").string();
    const std::string tiny = (source_dir() / "configs/topologies/tiny_mixed.json").string();
    const std::vector<std::string> drams = {"ddr4-2400", "lpddr4-3200", "hbm2", "ddr5-4800"};
    std::string input;
    for (int i = 0; i < 12; ++i) {
        const std::string topology = i % 3 == 2 ? R"({"name": "g", "layers": [{"name": "g", "type": "gemm", "m": 40, "n": 24, "k": 56}]})"
                                                : "\"" + tiny + "\"";
        input += R"({"id": )" + std::to_string(i) + R"(, "accel": ")" + accel + R"(", "accel_set": {"array_rows": )" +
                 std::to_string(8 << (i % 2)) + R"(}, "dram": ")" + drams[static_cast<std::size_t>(i) % 4] +
                 R"(", "topology": )" + topology + R"(, "layers": true})" + "\n";
    }
    const std::string path = dir.write("batch.jsonl", input);
    const auto host = run_dramsweep("serve --backend host < " + path);
    const auto reference = run_dramsweep("serve --backend reference < " + path);
    ASSERT_EQ(host.exit_code, 0) << host.output;
    ASSERT_EQ(reference.exit_code, 0) << reference.output;
    EXPECT_EQ(host.output, reference.output);
    std::istringstream lines(host.output);
    int expected_id = 0;
    for (std::string line; std::getline(lines, line); ++expected_id) {
        const nlohmann::json answer = nlohmann::json::parse(line);
        EXPECT_EQ(answer["id"], expected_id);
        EXPECT_TRUE(answer["ok"].get<bool>()) << line;
    }
    EXPECT_EQ(expected_id, 12);
}

TEST(ServeCli, UnderMpiTheWorkersAnswerAsOneProcessWould) {
#ifndef DRAMSWEEP_MPIEXEC
    GTEST_SKIP() << "built without MPI";
#else
    // Bad lines among good ones, more lines than workers and fewer: each batch is shared out in
    // contiguous parts and the answers come back in input order.
    ScratchDir dir;
    const std::string accel = (source_dir() / "configs/accel/edge_16x16_os.json").string();
    const std::string tiny = (source_dir() / "configs/topologies/tiny_mixed.json").string();
    std::string input;
    for (int i = 0; i < 7; ++i) {
        input += R"({"id": )" + std::to_string(i) + R"(, "accel": ")" + accel + R"(", "accel_set": {"array_rows": )" +
                 std::to_string(8 << (i % 2)) + R"(}, "dram": ")" + (i % 2 ? "hbm2" : "ddr4-2400") +
                 R"(", "topology": ")" + tiny + "\"}\n";
        if (i == 3) input += "{broken\n";
    }
    const std::string path = dir.write("in.jsonl", input);
    const auto one = run_dramsweep("serve --backend host --threads 1 < " + path);
    ASSERT_EQ(one.exit_code, 0) << one.output;
    for (const int ranks : {2, 4}) {
        const auto mpi = testing::run_shell(std::string(DRAMSWEEP_MPIEXEC) +
                                            " --oversubscribe --allow-run-as-root -n " + std::to_string(ranks) + " " +
                                            DRAMSWEEP_BINARY + " serve --backend host --threads 1 < " + path);
        ASSERT_EQ(mpi.exit_code, 0) << mpi.output;
        EXPECT_EQ(mpi.output, one.output) << ranks << " ranks";
    }
    std::istringstream lines(one.output);
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line);) ++count;
    EXPECT_EQ(count, 8u);
#endif
}

TEST(ServeCli, BatchKeySetsImagesPerLayerLikeRunBatch) {
    ScratchDir dir;
    const std::string accel = (source_dir() / "configs/accel/edge_16x16_os.json").string();
    const std::string topo = (source_dir() / "configs/topologies/tiny_mixed.json").string();
    const std::string head = R"({"accel": ")" + accel + R"(", "dram": "ddr4-2400", "topology": ")" + topo + R"(", )";
    const std::string path = dir.write("b.jsonl", head + R"("id": 1, "batch": 3})" + "\n" + head +
                                                      R"("id": 2, "batch": 0})" + "\n");
    const auto served = run_dramsweep("serve --backend host < " + path);
    ASSERT_EQ(served.exit_code, 0) << served.output;
    std::istringstream lines(served.output);
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    const auto run = run_dramsweep("run --accel " + accel + " --dram ddr4-2400 --topology " + topo + " --batch 3 --json");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(nlohmann::json::parse(first)["total"]["total_cycles"],
              nlohmann::json::parse(run.output)["total"]["total_cycles"]);
    EXPECT_FALSE(nlohmann::json::parse(second)["ok"].get<bool>());
    EXPECT_NE(second.find("batch"), std::string::npos) << second;
}

}  // namespace
}  // namespace dramsweep
