// Sweep specs: what parses, what the points are, and bad input named by file, line and field.

#include <gtest/gtest.h>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/sweep/pim_sweep.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/spec.hpp"
#include "support/test_support.hpp"

namespace dramsweep::sweep {
namespace {

using dramsweep::testing::ScratchDir;

// Expects parse + expansion + building every configuration to fail at `line`, naming `field`.
void expect_bad_spec(const std::string& spec_text, std::size_t line, const std::string& field,
                     const std::string& message_part) {
    ScratchDir dir;
    const std::string path = dir.write("spec.json", spec_text);
    try {
        const SweepSpec spec = parse_sweep_spec(path);
        ConfigBuilder builder(spec);
        builder.check_every_setting();
        for (const SweepPoint& p : expand_points(spec, 0)) (void)builder.build(p);
        FAIL() << "accepted:\n" << spec_text;
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), path) << e.what();
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_NE(e.field().find(field), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
    }
}

const char* const kGood = R"({
  "name": "t",
  "workload": {"generate": "rand_read", "requests": 100},
  "base": {"preset": "ddr4-3200", "set": {"controller.row_hit_cap": 4}},
  "axes": [
    {"key": "org.channels", "values": [1, 2]},
    {"key": "timing.tRCD", "range": {"from": 20, "to": 24, "step": 2}},
    {"keys": ["controller.read_queue", "controller.write_queue", "controller.write_high", "controller.write_low"],
     "values": [[16, 16, 13, 3], [32, 32, 26, 6]]},
    {"key": "preset", "values": ["ddr4-2400", "ddr4-3200"]}
  ],
  "configs": [{"preset": "hbm2", "org.channels": 8}]
})";

TEST(SweepSpec, ParsesAxesRangesTiedKeysAndConfigs) {
    ScratchDir dir;
    const SweepSpec spec = parse_sweep_spec(dir.write("spec.json", kGood));
    EXPECT_EQ(spec.name, "t");
    EXPECT_EQ(spec.workload.generator, "rand_read");
    EXPECT_EQ(spec.workload.requests, 100u);
    ASSERT_EQ(spec.axes.size(), 4u);
    EXPECT_EQ(spec.axes[1].levels.size(), 3u);  // 20, 22, 24
    EXPECT_EQ(setting_text(spec.axes[1].levels[2][0].value), "24");
    EXPECT_EQ(spec.axes[2].keys.size(), 4u);
    EXPECT_EQ(spec.axes[0].levels[1][0].line, 6u);
    const auto points = expand_points(spec, 0);
    ASSERT_EQ(points.size(), 2u * 3 * 2 * 2 + 1);
    // The preset goes first whatever its axis position; the grid turns the last axis fastest.
    EXPECT_EQ(points[0].settings[0]->key, "preset");
    EXPECT_EQ(describe(spec, points[1]),
              "preset=ddr4-3200 org.channels=1 timing.tRCD=20 controller.read_queue=16 controller.write_queue=16 "
              "controller.write_high=13 controller.write_low=3");
    EXPECT_EQ(describe(spec, points.back()), "preset=hbm2 org.channels=8");
    EXPECT_EQ(parameter_columns(spec),
              (std::vector<std::string>{"preset", "org.channels", "timing.tRCD", "controller.read_queue",
                                        "controller.write_queue", "controller.write_high", "controller.write_low"}));
    ConfigBuilder builder(spec);
    const dram::DramConfig c = builder.build(points[1]);
    EXPECT_EQ(c.name, "ddr4-3200");
    EXPECT_EQ(c.timing.nRCD_RD, 20u);
    EXPECT_EQ(c.controller.row_hit_cap, 4u);
    EXPECT_EQ(builder.build(points.back()).org.channels, 8u);
}

TEST(SweepSpec, KeysAreStableAndDependOnEverySetting) {
    ScratchDir dir;
    const SweepSpec spec = parse_sweep_spec(dir.write("spec.json", kGood));
    const auto a = expand_points(spec, 1);
    const auto b = expand_points(spec, 1);
    const auto other_workload = expand_points(spec, 2);
    std::set<std::uint64_t> hashes;
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].hash, b[i].hash);
        EXPECT_NE(a[i].hash, other_workload[i].hash);
        hashes.insert(a[i].hash);
    }
    EXPECT_EQ(hashes.size(), a.size());
    EXPECT_EQ(hash_hex(fnv1a("")), "cbf29ce484222325");
    EXPECT_EQ(hash_hex(fnv1a("a")), "af63dc4c8601ec8c");  // FNV-1a 64 test vector
}

TEST(SweepSpec, NoAxesMeansTheBaseAlone) {
    ScratchDir dir;
    const SweepSpec spec = parse_sweep_spec(
        dir.write("spec.json", R"({"workload": {"generate": "seq_read", "requests": 10}, "base": "hbm2"})"));
    const auto points = expand_points(spec, 0);
    ASSERT_EQ(points.size(), 1u);
    EXPECT_EQ(describe(spec, points[0]), "preset=hbm2");
}

TEST(SweepSpec, BadInputNamesFileLineAndField) {
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axs": []})", 3, "axs", "unknown");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [
    {"key": "org.channels", "values": [1,
       3, 4]}]})", 5, "axes[0].values[1]", "power of two");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "timing.tXYZ", "values": [1, 2]}]})", 3, "axes[0].values[0]", "unknown field");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "controller.scheduler",
            "values": ["fcfs", "lifo"]}]})", 4, "axes[0].values[1]", "expected fcfs, frfcfs or strict_fcfs");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": {"preset": "ddr4-3200",
           "set": {"controller.write_high": 40}}})", 3, "write_high", "above controller.write_queue");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "preset", "values": ["ddr4-3200",
     "ddr9"]}]})", 4, "axes[0].values[1]", "ddr9");
    expect_bad_spec(R"({"workload": {"generate": "rand_read"},
  "base": "ddr4-3200"})", 1, "workload", "requests");
    expect_bad_spec(R"({"workload": {"network": "resnet18.csv"},
  "base": "ddr4-3200"})", 1, "workload", "needs \"accel\"");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "org.ranks", "values": [1, 2]},
           {"key": "org.ranks", "values": [4]}]})", 4, "axes[1].key", "already swept");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "org.ranks", "values": [1, 2]}],
  "sampling": {"method": "random",
               "samples": 0}})", 5, "sampling.samples", "at least 1");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "org.ranks", "values": [1, 2]}],
  "sampling": {"method": "random", "samples": 3}})", 0, "sampling", "3 random samples of a grid of 2");
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"keys": ["org.ranks", "org.channels"],
            "values": [[1, 2], [2]]}]})", 4, "axes[0].values[1]", "2 values");
}

TEST(SweepSpec, AnInvalidCombinationNamesTheConfiguration) {
    // Each value is fine alone; write_high 26 of the preset is above a write queue of 16. The
    // message blames the value the spec sets, at its line, not the preset's write_high.
    expect_bad_spec(R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "controller.write_queue",
            "values": [32, 16]}]})", 4, "axes[0].values[1] (controller.write_queue)",
                    "configuration 1 (preset=ddr4-3200 controller.write_queue=16): controller.write_high (26) above "
                    "controller.write_queue (16)");
}

TEST(SweepSpec, CommandLineBadSpecExitsWithTwo) {
    ScratchDir dir;
    const std::string path = dir.write("bad.json", R"({"workload": {"generate": "rand_read", "requests": 10},
  "base": "ddr4-3200",
  "axes": [{"key": "org.channels", "values": [1, 3]}]})");
    const auto r = dramsweep::testing::run_dramsweep("sweep " + path + " --backend reference --out " +
                                                     (dir.path() / "out.csv").string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(path + ":3: field 'axes[0].values[1] (org.channels)'"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.csv"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.csv.partial"));
}

TEST(SweepSpec, CommandLineBadOptionsExitWithTwo) {
    ScratchDir dir;
    const std::string spec =
        dir.write("ok.json", R"({"workload": {"generate": "rand_read", "requests": 10}, "base": "ddr4-3200"})");
    std::filesystem::create_directory(dir.path() / "folder.csv");
    const std::pair<std::string, std::string> cases[] = {
        {"--out " + (dir.path() / "out.json").string(), "must end in .csv or .jsonl"},
        {"--backend gpu --out " + (dir.path() / "out.csv").string(), "unknown backend 'gpu'"},
        {"--validate some --out " + (dir.path() / "out.csv").string(), "--validate"},
        {"--out " + (dir.path() / "no" / "such" / "dir.csv").string(), "does not exist"},
        {"--out " + (dir.path() / "folder.csv").string(), "is a directory"},
    };
    for (const auto& [arguments, message] : cases) {
        const auto r = dramsweep::testing::run_dramsweep("sweep " + spec + " " + arguments);
        EXPECT_EQ(r.exit_code, 2) << arguments << "\n" << r.output;
        EXPECT_NE(r.output.find(message), std::string::npos) << arguments << "\n" << r.output;
    }
}

}  // namespace
}  // namespace dramsweep::sweep

namespace dramsweep::sweep {
namespace {

// Every bundled example parses, and every one of its configurations builds and validates.
TEST(SweepSpec, BundledExamplesAreValid) {
    std::size_t largest = 0;
    int examples = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dramsweep::testing::source_dir() / "configs" / "sweeps")) {
        if (entry.path().extension() != ".json") continue;
        ++examples;
        SCOPED_TRACE(entry.path().string());
        const SweepSpec spec = parse_sweep_spec(entry.path().string());
        const auto points = expand_points(spec, 0);
        largest = std::max(largest, points.size());
        if (spec.workload.is_pim()) {  // PIM designs, not DRAM configurations
            PimSweep pim(spec);
            pim.check_every_setting();
            for (const SweepPoint& p : points) ASSERT_NO_THROW(pim.check(p)) << describe(spec, p);
            continue;
        }
        ConfigBuilder builder(spec);
        builder.check_every_setting();
        for (const SweepPoint& p : points) ASSERT_NO_THROW((void)builder.build(p)) << describe(spec, p);
    }
    EXPECT_GE(examples, 3);
    EXPECT_GE(largest, 4096u);
}

}  // namespace
}  // namespace dramsweep::sweep
