// Network sweeps ({"network": TOPOLOGY, "accel": ACCEL} workloads): spec parsing and its errors,
// rows equal to the reference closed loop of `dramsweep run`, streams shared by configurations
// with one accelerator, --validate on the host backend, and --resume.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/sweep/network_sweep.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/spec.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"
#include "sweep/refused_spec.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;
using dramsweep::testing::run_dramsweep;
using dramsweep::testing::ScratchDir;
using dramsweep::testing::source_dir;

using RowsByConfig = std::map<std::string, std::map<std::string, std::string>>;

std::string config_path(const std::string& relative) { return (source_dir() / "configs" / relative).string(); }

// Four points: two accelerators (8x8 os, 16x16 ws) x two DRAM channel counts, on tiny_mixed.
std::string small_network_spec() {
    return R"({"name": "net",
  "workload": {"network": ")" + config_path("topologies/tiny_mixed.json") + R"(",
               "accel": ")" + config_path("accel/scalesim_32x32_os.cfg") + R"("},
  "base": {"preset": "ddr4-3200", "set": {"accel.ofmap_sram_kb": 8}},
  "axes": [{"keys": ["accel.array_rows", "accel.array_cols", "accel.dataflow"],
            "values": [[8, 8, "os"], [16, 16, "ws"]]},
           {"key": "org.channels", "values": [1, 2]}]})";
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

using testing::expect_spec_refused;

TEST(NetworkSweepSpec, ParsesNetworkWorkloadWithAccelAxes) {
    ScratchDir dir;
    const SweepSpec spec = parse_sweep_spec(dir.write("spec.json", R"({
  "workload": {"network": "net.json", "accel": "a.cfg", "gemm": false},
  "base": {"preset": "ddr4-3200", "set": {"accel.freq_mhz": 500}},
  "axes": [{"key": "accel.array_rows", "values": [8, 16]}, {"key": "org.channels", "values": [1, 2]}]})"));
    EXPECT_TRUE(spec.workload.is_network());
    EXPECT_EQ(spec.workload.topology_path, (dir.path() / "net.json").lexically_normal().string());
    EXPECT_EQ(spec.workload.accel_path, (dir.path() / "a.cfg").lexically_normal().string());
    EXPECT_FALSE(spec.workload.gemm);
    ASSERT_EQ(spec.base_set.size(), 1u);
    EXPECT_TRUE(is_accel_key(spec.base_set[0].key));
    EXPECT_EQ(accel_field(spec.axes[0].keys[0]), "array_rows");
    EXPECT_EQ(parameter_columns(spec), (std::vector<std::string>{"preset", "accel.array_rows", "org.channels"}));
}

TEST(NetworkSweepSpec, RefusesBadNetworkWorkloadsAndAccelKeys) {
    const std::string topo = config_path("topologies/tiny_mixed.json");
    const std::string accel = config_path("accel/scalesim_32x32_os.cfg");
    // No accelerator.
    expect_spec_refused(R"({"workload": {"network": ")" + topo + R"("},
  "base": "ddr4-3200"})", {"spec.json:1: field 'workload'", "needs \"accel\""});
    // A trace-only key on a network.
    expect_spec_refused(R"({"workload": {"network": ")" + topo + R"(", "accel": ")" + accel + R"(",
  "requests": 10}, "base": "ddr4-3200"})", {"spec.json:2: field 'workload.requests'"});
    // An accelerator key in a request-stream sweep: named at the axis's key.
    expect_spec_refused(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "org.channels", "values": [1, 2]},
           {"key": "accel.array_rows", "values": [8]}]})",
                   {"spec.json:4: field 'axes[1].key'", "only a network workload"});
    expect_spec_refused(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "configs": [{"accel.dataflow": "ws"}]})", {"spec.json:3: field 'configs[0][\"accel.dataflow\"]'"});
    // An unknown accelerator field, even on a level sampling would not pick.
    expect_spec_refused(R"({"workload": {"network": ")" + topo + R"(", "accel": ")" + accel + R"("},
  "base": "ddr4-3200",
  "axes": [{"key": "accel.array_height",
            "values": [8]}]})", {"spec.json:4:", "accel.array_height", "names no accelerator field"});
    // Bad values, named at their line.
    expect_spec_refused(R"({"workload": {"network": ")" + topo + R"(", "accel": ")" + accel + R"("},
  "base": "ddr4-3200",
  "axes": [{"key": "accel.array_rows",
            "values": [8,
                       0]}]})", {"spec.json:5: field 'axes[0].values[1] (accel.array_rows)'", "must be at least 1"});
    expect_spec_refused(R"({"workload": {"network": ")" + topo + R"(", "accel": ")" + accel + R"("},
  "base": {"preset": "ddr4-3200",
           "set": {"accel.dataflow": "diagonal"}}})", {"spec.json:3:", "accel.dataflow", "expected os, ws or is"});
}

TEST(NetworkSweepRun, HostRowsMatchTheReferenceClosedLoopAndValidate) {
    ScratchDir dir;
    const std::string spec_path = dir.write("net.json", small_network_spec());
    const std::string out = (dir.path() / "out.csv").string();
    const auto r = run_dramsweep("sweep " + spec_path + " --backend host --threads 2 --validate all --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(configurations_run(r.output), 4);
    EXPECT_NE(r.output.find("validate: 4 configurations agree"), std::string::npos) << r.output;

    const ResultTable table = read_result_file(out, Format::kCsv);
    const std::vector<std::string> params = {"preset", "accel.array_rows", "accel.array_cols", "accel.dataflow",
                                             "org.channels"};
    EXPECT_EQ(table.columns, all_columns(params, network_statistic_columns()));
    const RowsByConfig rows = rows_by_config(out);
    ASSERT_EQ(rows.size(), 4u);

    // Configuration 3: 16x16 ws with 2 channels, as `dramsweep run` computes it.
    const Topology topology = read_topology(config_path("topologies/tiny_mixed.json"));
    const AccelConfig accel = apply_accel_overrides(read_accel_config(config_path("accel/scalesim_32x32_os.cfg")),
                                                    {"ofmap_sram_kb=8", "array_rows=16", "array_cols=16", "dataflow=ws"},
                                                    "test");
    const dram::DramConfig dram = dram::load_dram_config("ddr4-3200", {"org.channels=2"});
    const coupled::NetworkRunResult want = coupled::run_network(topology, accel, dram);
    const auto& row = rows.at("3");
    EXPECT_EQ(row.at("accel.dataflow"), "ws");
    EXPECT_EQ(row.at("org.channels"), "2");
    EXPECT_EQ(row.at("total_cycles"), std::to_string(want.total.total_cycles));
    EXPECT_EQ(row.at("stall_cycles"), std::to_string(want.total.stall_cycles));
    EXPECT_EQ(row.at("dram_reads"), std::to_string(want.total.dram_reads));
    EXPECT_EQ(row.at("bound"), want.total.memory_bound ? "memory" : "compute");
    EXPECT_DOUBLE_EQ(std::stod(row.at("energy_nj")), want.total.energy_nj());
    EXPECT_DOUBLE_EQ(std::stod(row.at("latency_s")), want.total.time_us * 1e-6);
    for (const auto& [config, cells] : rows) EXPECT_GT(std::stoll(cells.at("total_cycles")), 0) << config;
}

TEST(NetworkSweepRun, ConfigurationsSharingAnAcceleratorShareOneStream) {
    ScratchDir dir;
    const SweepSpec spec = parse_sweep_spec(dir.write("net.json", small_network_spec()));
    const NetworkWorkload workload = load_network_workload(spec);
    const std::vector<SweepPoint> points = expand_points(spec, 0);
    ASSERT_EQ(points.size(), 4u);
    ConfigBuilder drams(spec);
    NetworkSweep net(spec, workload, drams);
    std::vector<const SweepPoint*> all;
    for (const SweepPoint& p : points) all.push_back(&p);
    const coupled::NetworkPlan plan = net.plan(all);
    EXPECT_EQ(plan.cases.size(), 4u);
    EXPECT_EQ(plan.streams.size(), 2u);  // two accelerators, each with two channel counts
    EXPECT_EQ(plan.cases[0].stream, plan.cases[1].stream);
    EXPECT_NE(plan.cases[0].stream, plan.cases[2].stream);

    // Grouping keeps the points of one accelerator together, in their order.
    std::vector<std::size_t> pending = {0, 2, 1, 3};
    NetworkSweep::group_by_accelerator(pending, points);
    EXPECT_EQ(pending, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(NetworkSweepRun, ResumesAfterStopping) {
    ScratchDir dir;
    const std::string spec_path = dir.write("net.json", small_network_spec());
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
    const RowsByConfig after_resume = rows_by_config(out);

    const std::string whole = (dir.path() / "whole.jsonl").string();
    ASSERT_EQ(run_dramsweep("sweep " + spec_path + " --backend reference --threads 2 --out " + whole).exit_code, 0);
    EXPECT_EQ(after_resume, rows_by_config(whole));
}

// The bundled network specs: every configuration builds and pairs (as the sweep checks before
// running), and the ResNet-18 benchmark grid has exactly 1,024 configurations.
TEST(NetworkSweepSpec, BundledNetworkExamplesAreValid) {
    const std::map<std::string, std::size_t> expected = {{"resnet18_memory_grid.json", 1024},
                                                         {"network_accel_small.json", 14}};
    for (const auto& [file, count] : expected) {
        SCOPED_TRACE(file);
        const SweepSpec spec = parse_sweep_spec(config_path("sweeps/" + file));
        ASSERT_TRUE(spec.workload.is_network());
        const NetworkWorkload workload = load_network_workload(spec);
        const std::vector<SweepPoint> points = expand_points(spec, 0);
        EXPECT_EQ(points.size(), count);
        ConfigBuilder drams(spec);
        drams.check_every_setting();
        NetworkSweep net(spec, workload, drams);
        net.check_every_setting();
        for (const SweepPoint& p : points) ASSERT_NO_THROW(net.check(p)) << describe(spec, p);
    }
}

}  // namespace
}  // namespace dramsweep::sweep

namespace dramsweep::sweep {
namespace {

// The small spec with "batch": `batch` in its workload.
std::string batched_spec(const std::string& batch) {
    return R"({"name": "net",
  "workload": {"network": ")" + config_path("topologies/tiny_mixed.json") + R"(",
               "accel": ")" + config_path("accel/scalesim_32x32_os.cfg") + R"(", "batch": )" + batch + R"(},
  "base": {"preset": "ddr4-3200", "set": {"accel.ofmap_sram_kb": 8}},
  "axes": [{"keys": ["accel.array_rows", "accel.array_cols", "accel.dataflow"],
            "values": [[8, 8, "os"], [16, 16, "ws"]]},
           {"key": "org.channels", "values": [1, 2]}]})";
}

TEST(NetworkSweepRun, WorkloadBatchRunsEveryLayerOnThatManyImages) {
    ScratchDir dir;
    const std::string spec_path = dir.write("net.json", batched_spec("3"));
    const std::string out = (dir.path() / "out.csv").string();
    const auto r = run_dramsweep("sweep " + spec_path + " --backend host --validate 2 --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Topology topology = with_batch(read_topology(config_path("topologies/tiny_mixed.json")), 3);
    const AccelConfig accel = apply_accel_overrides(read_accel_config(config_path("accel/scalesim_32x32_os.cfg")),
                                                    {"ofmap_sram_kb=8", "array_rows=8", "array_cols=8", "dataflow=os"},
                                                    "test");
    const coupled::NetworkRunResult want =
        coupled::run_network(topology, accel, dram::load_dram_config("ddr4-3200", {"org.channels=1"}));
    EXPECT_EQ(rows_by_config(out).at("0").at("total_cycles"), std::to_string(want.total.total_cycles));
    EXPECT_EQ(rows_by_config(out).at("0").at("macs"), std::to_string(want.total.macs));

    expect_spec_refused(batched_spec("0"), {"workload.batch", "at least 1"});
}

}  // namespace
}  // namespace dramsweep::sweep
