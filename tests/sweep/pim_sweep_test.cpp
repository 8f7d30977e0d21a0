// PIM sweeps ({"pim_network": NET} workloads, pim.* axes): spec parsing and its errors, rows equal
// to `pim evaluate`'s mapping and totals, every backend giving the same rows, --validate against
// the reference evaluator, --resume, and PIM requests of `serve`.

#include "dramsweep/sweep/pim_sweep.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/serve/serve_request.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/spec.hpp"
#include "support/test_support.hpp"
#include "sweep/refused_spec.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;
using dramsweep::testing::run_dramsweep;
using dramsweep::testing::ScratchDir;

using RowsByConfig = std::map<std::string, std::map<std::string, std::string>>;

// Four designs: T-16 on 2x2 and 4x4 meshes, each with a 64 kB and a 256 kB buffer, on AlexNet.
std::string small_pim_spec() {
    return R"({"name": "pim",
  "workload": {"pim_network": "alexnet", "batch": 2},
  "base": {"preset": "t-16", "set": {"pim.mapping.goal": "energy"}},
  "axes": [{"key": "pim.mesh", "values": ["2x2", "4x4"]},
           {"key": "pim.buffer_kb", "values": [64, 256]}]})";
}

RowsByConfig rows_by_config(const std::string& path) {
    RowsByConfig rows;
    for (auto& row : read_result_file(path, format_for_path(path)).rows) rows[row.at("config")] = row;
    return rows;
}

int configurations_run(const std::string& output) {
    std::smatch m;
    if (!std::regex_search(output, m, std::regex(R"(: (\d+) configurations on )"))) return -1;
    return std::stoi(m[1]);
}

TEST(PimSweepRun, RowsAreThePimEvaluateTotalsOnEveryBackendAndValidate) {
    ScratchDir dir;
    const std::string spec_path = dir.write("pim.json", small_pim_spec());
    const std::string out = (dir.path() / "out.csv").string();
    const auto r =
        run_dramsweep("sweep " + spec_path + " --backend host --threads 2 --validate all --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(configurations_run(r.output), 4);
    EXPECT_NE(r.output.find("validate: 4 configurations agree"), std::string::npos) << r.output;

    const ResultTable table = read_result_file(out, Format::kCsv);
    EXPECT_EQ(table.columns, all_columns({"preset", "pim.mesh", "pim.buffer_kb"}, pim_statistic_columns()));
    const RowsByConfig rows = rows_by_config(out);
    ASSERT_EQ(rows.size(), 4u);

    // Configuration 1: 2x2 nodes with 256 kB of buffer, as `pim evaluate` maps and evaluates it.
    const pim::PimConfig config = pim::load_pim_config("t-16", {"pim.mesh=2x2", "pim.buffer_kb=256"});
    const pim::PimHardware hw = pim::make_hardware(config);
    const pim::Network net = pim::bundled_network("alexnet");
    const pim::MapperResult mapped = pim::map_baseline(hw, net, 2);
    const pim::NetworkTotals& want = mapped.eval.total;
    const auto& row = rows.at("1");
    EXPECT_EQ(row.at("pim.mesh"), "2x2");
    EXPECT_EQ(row.at("cycles"), std::to_string(want.time));
    EXPECT_EQ(row.at("ops"), std::to_string(want.ops));
    EXPECT_EQ(row.at("noc_hops"), std::to_string(want.hops));
    EXPECT_EQ(row.at("dram_accesses"), std::to_string(want.access[pim::kDram]));
    EXPECT_EQ(row.at("regf_accesses"), std::to_string(want.access[pim::kRegf]));
    EXPECT_DOUBLE_EQ(std::stod(row.at("energy_pj")), want.energy_total_pj);
    EXPECT_DOUBLE_EQ(std::stod(row.at("latency_s")), static_cast<double>(want.time) / 400e6);
    EXPECT_EQ(row.at("area_legal"), "true");
    // More nodes: fewer cycles.
    EXPECT_LT(std::stoll(rows.at("3").at("cycles")), std::stoll(rows.at("1").at("cycles")));

    // The reference evaluator writes the same rows.
    const std::string ref = (dir.path() / "ref.csv").string();
    ASSERT_EQ(run_dramsweep("sweep " + spec_path + " --backend reference --out " + ref).exit_code, 0);
    EXPECT_EQ(rows_by_config(ref), rows);
}

TEST(PimSweepRun, ResumesAfterStoppingAndValidatesTheRowsReadBack) {
    ScratchDir dir;
    const std::string spec_path = dir.write("pim.json", small_pim_spec());
    const std::string out = (dir.path() / "out.jsonl").string();
    const std::string base = "sweep " + spec_path + " --backend host --threads 2 --batch-size 2 --out " + out;
    const auto first = run_dramsweep(base + " --stop-after 3");
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_EQ(configurations_run(first.output), 3);
    EXPECT_TRUE(fs::exists(out + ".partial"));
    const auto resumed = run_dramsweep(base + " --resume --validate all");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
    EXPECT_EQ(configurations_run(resumed.output), 1);
    EXPECT_NE(resumed.output.find("validate: 4 configurations agree"), std::string::npos) << resumed.output;
    const std::string whole = (dir.path() / "whole.jsonl").string();
    ASSERT_EQ(run_dramsweep("sweep " + spec_path + " --backend reference --out " + whole).exit_code, 0);
    EXPECT_EQ(rows_by_config(out), rows_by_config(whole));
}

TEST(PimSweepRun, ValidateNamesTheConfigurationAndTheFirstDifferingField) {
    ScratchDir dir;
    const SweepSpec spec = parse_sweep_spec(dir.write("pim.json", small_pim_spec()));
    PimSweep sweep(spec);
    const std::vector<SweepPoint> points = expand_points(spec, spec_fingerprint(spec, sweep.workload_hash()));
    ASSERT_EQ(points.size(), 4u);
    std::optional<pim::NetworkEval> got;
    sweep.run({&points[2]}, backend::BackendKind::kHost, 1,
              [&](std::size_t, const PimPointResult& r) { got = r.eval; });
    ASSERT_TRUE(got);
    // Configuration 3 stands for a row read back (--resume): it is evaluated again.
    std::map<std::size_t, std::optional<pim::NetworkEval>> chosen = {{2, got}, {3, std::nullopt}};
    EXPECT_EQ(sweep.validate(points, chosen, backend::BackendKind::kHost, 1), std::vector<std::string>{});
    chosen[2]->layers[4].access[pim::kDram][pim::kIfm] += 1;
    const std::vector<std::string> failures = sweep.validate(points, chosen, backend::BackendKind::kHost, 1);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_NE(failures[0].find("configuration 2 (preset=t-16 pim.mesh=4x4 pim.buffer_kb=64)"),
              std::string::npos)
        << failures[0];
    const std::string layer = pim::bundled_network("alexnet").layers[4].name;
    EXPECT_NE(failures[0].find("layers[4] (" + layer + ").access[dram][ifm]"), std::string::npos)
        << failures[0];
}

using testing::expect_spec_refused;

TEST(PimSweepSpec, BadInputNamesTheSpecLineAndField) {
    const std::string head = R"({"workload": {"pim_network": "alexnet"}, "base": "t-16",
  "axes": [)";
    // An illegal mesh and a PE array of zero, at their line and JSON path.
    expect_spec_refused(head + R"({"key": "pim.mesh", "values": ["2x2",
                            "9x9"]}]})",
                   {"spec.json:3", "axes[0].values[1] (pim.mesh)", "mesh"});
    expect_spec_refused(head + R"({"key": "pim.pe_array", "values": ["0x14"]}]})",
                   {"spec.json:2", "axes[0].values[0] (pim.pe_array)", "PE"});
    expect_spec_refused(head + R"({"key": "pim.no_such_field", "values": [1]}]})",
                   {"spec.json:2", "no_such_field"});
    // Keys of other workloads, and PIM keys elsewhere.
    expect_spec_refused(head + R"({"key": "org.channels", "values": [1]}]})",
                   {"axes[0].key", "not a field of the PIM template"});
    expect_spec_refused(R"({"workload": {"generate": "seq_read", "requests": 10}, "base": "ddr4-2400",
  "axes": [{"key": "pim.mesh", "values": ["2x2"]}]})",
                   {"axes[0].key", "only a PIM workload"});
    // The workload itself.
    expect_spec_refused(R"({"workload": {"pim_network": "nosuch"}, "base": "t-16"})",
                   {"workload.pim_network", "nosuch"});
    expect_spec_refused(R"({"workload": {"pim_network": "alexnet", "mapper": "tangram"}, "base": "t-16"})",
                   {"workload.mapper", "unknown mapper"});
    expect_spec_refused(R"({"workload": {"pim_network": "alexnet", "batch": 0}, "base": "t-16"})",
                   {"workload.batch", "at least 1"});
    expect_spec_refused(R"({"workload": {"pim_network": "alexnet", "accel": "a.cfg"}, "base": "t-16"})",
                   {"workload.accel"});
    expect_spec_refused(R"({"workload": {"pim_network": "alexnet"}, "base": "no-such-design"})",
                   {"base", "unknown preset"});
    // A tensor larger than all DRAM of one configuration: the configuration is named.
    expect_spec_refused(R"({"workload": {"pim_network": "vgg16", "batch": 64}, "base": "t-16",
  "axes": [{"key": "pim.dram.capacity_mb", "values": [4096, 1]}]})",
                   {"configuration 1", "pim.dram.capacity_mb=1", "larger than all DRAM"});
}

TEST(PimServe, PimRequestsAnswerLikeTheSweepAndErrorsStayOnTheirLine) {
    std::vector<serve::RequestLine> lines = {
        {R"({"id": "a", "pim": "t-16", "pim_set": {"mesh": "2x2", "buffer_kb": 256}, "network": "alexnet", "batch": 2})",
         1},
        {R"({"id": "b", "pim": "t-16", "pim_set": {"pe_array": "0x14"}, "network": "alexnet"})", 2},
        {R"({"id": "c", "pim": "t-16", "network": "alexnet", "batch": 2, "layers": true, "dram": "ddr4-2400"})",
         3},
        {R"({"id": "d", "pim": "t-16", "network": "alexnet", "layers": true})", 4}};
    for (const backend::BackendKind kind : {backend::BackendKind::kHost, backend::BackendKind::kReference}) {
        const std::vector<std::string> answers = serve::answer_requests(lines, {kind, 2});
        ASSERT_EQ(answers.size(), 4u);
        const nlohmann::json a = nlohmann::json::parse(answers[0]);
        ASSERT_TRUE(a["ok"].get<bool>()) << answers[0];
        const pim::PimConfig config = pim::load_pim_config("t-16", {"pim.mesh=2x2", "pim.buffer_kb=256"});
        const pim::MapperResult want =
            pim::map_baseline(pim::make_hardware(config), pim::bundled_network("alexnet"), 2);
        EXPECT_EQ(a["total"]["cycles"], want.eval.total.time);
        EXPECT_EQ(a["total"]["energy_pj"], want.eval.total.energy_total_pj);
        EXPECT_EQ(a["objectives"]["latency_s"], static_cast<double>(want.eval.total.time) / 400e6);
        EXPECT_FALSE(a.contains("layers"));
        const nlohmann::json b = nlohmann::json::parse(answers[1]);
        EXPECT_FALSE(b["ok"].get<bool>());
        EXPECT_NE(b["error"].get<std::string>().find("<stdin>:2"), std::string::npos) << answers[1];
        EXPECT_NE(b["error"].get<std::string>().find("pim_set.pe_array"), std::string::npos) << answers[1];
        const nlohmann::json c = nlohmann::json::parse(answers[2]);
        EXPECT_FALSE(c["ok"].get<bool>());
        EXPECT_NE(c["error"].get<std::string>().find("dram"), std::string::npos) << answers[2];
        const nlohmann::json d = nlohmann::json::parse(answers[3]);
        ASSERT_TRUE(d["ok"].get<bool>()) << answers[3];
        EXPECT_EQ(d["layers"].size(), pim::bundled_network("alexnet").layers.size());
    }
}

}  // namespace
}  // namespace dramsweep::sweep
