// The NicePIM mapper in PIM sweeps and `serve` (workload.mapper = "nicepim", "mapper" in a
// request): rows and answers equal to `pim evaluate --mapper nicepim --json` on every design,
// --validate against the mapper run with the reference evaluator, and bad options refused with
// the field named.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "dramsweep/serve/serve_request.hpp"
#include "dramsweep/sweep/results.hpp"
#include "support/test_support.hpp"
#include "sweep/refused_spec.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;
using dramsweep::testing::run_dramsweep;
using dramsweep::testing::ScratchDir;

// The greedy scheduler: the ILP's result can depend on when its CPU-time limit hits, so equal
// numbers across runs are asked of the greedy only.
std::string nicepim_spec() {
    return R"({"name": "nicepim",
  "workload": {"pim_network": "alexnet", "batch": 1, "mapper": "nicepim", "beam": 2, "scheduler": "greedy"},
  "base": {"preset": "t-16", "set": {"pim.mapping.goal": "edp"}},
  "axes": [{"key": "preset", "values": ["t-16", "hb-4x4"]},
           {"key": "pim.mesh", "values": ["2x2", "4x4"]}]})";
}

nlohmann::json pim_evaluate_json(const std::string& preset, const std::string& mesh) {
    const auto r =
        run_dramsweep("pim evaluate --pim " + preset + " --network alexnet --mapper nicepim --beam 2 " +
                      "--scheduler greedy --set pim.mapping.goal=edp --set pim.mesh=" + mesh + " --json");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return nlohmann::json::parse(r.output);
}

TEST(NicePimSweep, RowsArePimEvaluateNicePimOnEveryDesignAndValidate) {
    ScratchDir dir;
    const std::string spec = dir.write("nicepim.json", nicepim_spec());
    const std::string out = (dir.path() / "out.csv").string();
    const auto r = run_dramsweep("sweep " + spec + " --backend host --threads 2 --validate all --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("validate: 4 configurations agree"), std::string::npos) << r.output;
    const ResultTable table = read_result_file(out, Format::kCsv);
    ASSERT_EQ(table.rows.size(), 4u);
    int parallel = 0;
    for (const auto& row : table.rows) {
        const nlohmann::json want = pim_evaluate_json(row.at("preset"), row.at("pim.mesh"));
        const nlohmann::json& t = want["total"];
        SCOPED_TRACE(row.at("preset") + " " + row.at("pim.mesh"));
        EXPECT_EQ(row.at("cycles"), std::to_string(t["cycles"].get<std::int64_t>()));
        EXPECT_DOUBLE_EQ(std::stod(row.at("energy_pj")), t["energy_pj"].get<double>());
        EXPECT_EQ(row.at("noc_hops"), std::to_string(t["noc_hops"].get<std::int64_t>()));
        EXPECT_DOUBLE_EQ(std::stod(row.at("noc_energy_pj")), t["energy_breakdown_pj"]["noc"].get<double>());
        for (const char* key : {"steps", "parallel_steps", "weights_partitioned", "layouts_moved",
                                "shared_blocks", "layers_optimal"})
            EXPECT_EQ(row.at(key), std::to_string(t[key].get<std::int64_t>())) << key;
        for (const char* key : {"shared_bit_hops", "pull_bit_hops"})
            EXPECT_DOUBLE_EQ(std::stod(row.at(key)), t[key].get<double>()) << key;
        EXPECT_EQ(row.at("dram_worst_node_bytes"),
                  std::to_string(t["dram_capacity"]["bytes"].get<std::int64_t>()));
        parallel += std::stoi(row.at("parallel_steps"));
    }
    EXPECT_GT(parallel, 0) << "AlexNet's two groups run side by side on some design";

    // The reference evaluator (the mapper's candidates one by one) writes the same rows.
    const std::string ref = (dir.path() / "ref.csv").string();
    ASSERT_EQ(run_dramsweep("sweep " + spec + " --backend reference --out " + ref).exit_code, 0);
    const ResultTable ref_table = read_result_file(ref, Format::kCsv);
    std::map<std::string, std::map<std::string, std::string>> by_config, ref_by_config;
    for (const auto& row : table.rows) by_config[row.at("config")] = row;
    for (const auto& row : ref_table.rows) ref_by_config[row.at("config")] = row;
    EXPECT_EQ(by_config, ref_by_config);
}

TEST(NicePimSweep, ServeRequestsWithTheNicePimMapperAnswerLikePimEvaluate) {
    const std::vector<serve::RequestLine> lines = {
        {R"({"id": "a", "pim": "hb-4x4", "pim_set": {"mesh": "2x2", "mapping.goal": "edp"}, "network": "alexnet",
            "mapper": "nicepim", "beam": 2, "scheduler": "greedy"})",
         1},
        {R"({"id": "b", "pim": "t-16", "network": "alexnet", "mapper": "nicepim", "beam": 0})", 2},
        {R"({"id": "c", "pim": "t-16", "network": "alexnet", "scheduler": "greedy"})", 3},
        {R"({"id": "d", "pim": "t-16", "network": "alexnet", "mapper": "nicepim", "ilp_limit": 0})", 4}};
    const nlohmann::json want = pim_evaluate_json("hb-4x4", "2x2");
    for (const backend::BackendKind kind : {backend::BackendKind::kHost, backend::BackendKind::kReference}) {
        const std::vector<std::string> answers = serve::answer_requests(lines, {kind, 2});
        ASSERT_EQ(answers.size(), 4u);
        nlohmann::json a = nlohmann::json::parse(answers[0]);
        ASSERT_TRUE(a["ok"].get<bool>()) << answers[0];
        nlohmann::json got = a["total"], expected = want["total"];
        for (const char* timing : {"search_cpu_seconds", "scheduler_seconds"}) {
            got.erase(timing);
            expected.erase(timing);
        }
        EXPECT_EQ(got, expected);
        const std::pair<int, const char*> refused[] = {{1, "beam"}, {2, "scheduler"}, {3, "ilp_limit"}};
        for (const auto& [k, field] : refused) {
            const nlohmann::json b = nlohmann::json::parse(answers[static_cast<std::size_t>(k)]);
            EXPECT_FALSE(b["ok"].get<bool>()) << answers[static_cast<std::size_t>(k)];
            const std::string error = b["error"].get<std::string>();
            EXPECT_NE(error.find("<stdin>:" + std::to_string(k + 1)), std::string::npos) << error;
            EXPECT_NE(error.find(std::string("field '") + field + "'"), std::string::npos) << error;
        }
    }
}

void expect_refused(const std::string& workload, const std::vector<std::string>& parts) {
    testing::expect_spec_refused(R"({"workload": )" + workload + R"(,
  "base": "t-16"})",
                                 parts);
}

TEST(NicePimSweep, BadMapperOptionsAreRefusedWithTheFieldNamed) {
    expect_refused(R"({"pim_network": "alexnet", "mapper": "nicepim", "beam": 0})",
                   {"spec.json:1", "workload.beam", "1 to 1024"});
    expect_refused(R"({"pim_network": "alexnet", "mapper": "nicepim", "scheduler": "fastest"})",
                   {"workload.scheduler", "unknown scheduler 'fastest'"});
    expect_refused(R"({"pim_network": "alexnet", "mapper": "nicepim", "ilp_limit": -1})",
                   {"workload.ilp_limit", "above 0"});
    expect_refused(R"({"pim_network": "alexnet", "mapper": "nicepim", "beam": "wide"})", {"workload.beam"});
    expect_refused(R"({"pim_network": "alexnet", "mapper": "nicepim", "layout_search": 3})",
                   {"workload.layout_search"});
    expect_refused(R"({"pim_network": "alexnet", "beam": 8})", {"workload.beam", "only the nicepim mapper"});
    expect_refused(R"({"pim_network": "alexnet", "mapper": "tangram"})", {"workload.mapper", "nicepim"});
    expect_refused(R"({"generate": "seq_read", "requests": 10, "scheduler": "ilp"})",
                   {"workload.scheduler", "only a PIM workload"});
    // The command line names its option.
    const auto r = run_dramsweep("pim evaluate --pim t-16 --network alexnet --mapper nicepim --beam 0");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.output.find("--beam"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace dramsweep::sweep
