// dramsweep sweep end to end: rows, CSV/JSON Lines round trip, resume after an interruption,
// refusal of a changed spec, and --validate catching a result that differs.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/sweep/results.hpp"
#include "support/test_support.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;
using dramsweep::testing::run_dramsweep;
using dramsweep::testing::ScratchDir;

using RowsByConfig = std::map<std::string, std::map<std::string, std::string>>;

std::string small_spec(const std::string& generator = "rand_read") {
    return R"({"name": "small",
  "workload": {"generate": ")" + generator + R"(", "requests": 2000},
  "base": "ddr4-3200",
  "axes": [{"key": "org.channels", "values": [1, 2]},
           {"key": "controller.page_policy", "values": ["open", "closed"]},
           {"key": "controller.scheduler", "values": ["fcfs", "frfcfs"]}]})";
}

RowsByConfig rows_by_config(const std::string& path) {
    RowsByConfig rows;
    for (auto& row : read_result_file(path, format_for_path(path)).rows) rows[row.at("config")] = row;
    return rows;
}

// "sweep NAME: N configurations on BACKEND": how many this run computed.
int configurations_run(const std::string& output) {
    std::smatch m;
    if (!std::regex_search(output, m, std::regex(R"(: (\d+) configurations on )"))) return -1;
    return std::stoi(m[1]);
}

std::string sweep_command(const ScratchDir& dir, const std::string& spec, const std::string& out,
                          const std::string& extra = "") {
    return "sweep " + spec + " --backend reference --threads 2 --out " + (dir.path() / out).string() + " " + extra;
}

TEST(SweepRun, WritesOneRowPerConfigurationWithEveryStatistic) {
    ScratchDir dir;
    const std::string spec = dir.write("small.json", small_spec());
    const auto r = run_dramsweep(sweep_command(dir, spec, "out.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(configurations_run(r.output), 8);
    EXPECT_FALSE(fs::exists(dir.path() / "out.csv.partial"));
    const ResultTable table = read_result_file((dir.path() / "out.csv").string(), Format::kCsv);
    EXPECT_EQ(table.columns, all_columns({"preset", "org.channels", "controller.page_policy", "controller.scheduler"}));
    ASSERT_EQ(table.rows.size(), 8u);
    std::set<std::string> configs;
    for (const auto& row : table.rows) {
        configs.insert(row.at("config"));
        EXPECT_EQ(row.at("requests"), "2000");
        EXPECT_EQ(row.at("preset"), "ddr4-3200");
        EXPECT_GT(std::stod(row.at("cycles")), 0);
        EXPECT_GT(std::stod(row.at("energy_nj")), 0);
    }
    EXPECT_EQ(configs.size(), 8u);
    // Grid order: config 5 is channels 2, open, frfcfs.
    const auto rows = rows_by_config((dir.path() / "out.csv").string());
    EXPECT_EQ(rows.at("5").at("org.channels"), "2");
    EXPECT_EQ(rows.at("5").at("controller.page_policy"), "open");
    EXPECT_EQ(rows.at("5").at("controller.scheduler"), "frfcfs");
    // Closed page never hits a row; open page with FR-FCFS does on this trace.
    EXPECT_EQ(rows.at("6").at("row_hits"), "0");
}

TEST(SweepRun, CsvAndJsonLinesHoldTheSameRows) {
    ScratchDir dir;
    const std::string spec = dir.write("small.json", small_spec("mix_2r1w"));
    ASSERT_EQ(run_dramsweep(sweep_command(dir, spec, "out.csv")).exit_code, 0);
    ASSERT_EQ(run_dramsweep(sweep_command(dir, spec, "out.jsonl")).exit_code, 0);
    const RowsByConfig csv = rows_by_config((dir.path() / "out.csv").string());
    const RowsByConfig jsonl = rows_by_config((dir.path() / "out.jsonl").string());
    ASSERT_EQ(csv.size(), 8u);
    EXPECT_EQ(csv, jsonl);
    // JSON Lines keep types: numbers are numbers, parameters as the spec wrote them.
    std::ifstream in(dir.path() / "out.jsonl");
    std::string first;
    std::getline(in, first);
    const auto j = nlohmann::json::parse(first);
    EXPECT_TRUE(j.at("cycles").is_number_integer());
    EXPECT_TRUE(j.at("bandwidth_gbps").is_number_float());
    EXPECT_TRUE(j.at("org.channels").is_number_integer());
    EXPECT_TRUE(j.at("controller.scheduler").is_string());
}

// An interrupted run: the output cut off in the middle of a row. --resume must keep the complete
// rows (not redo them), drop the cut row and redo it and the missing ones.
void expect_resume_after_cut(const std::string& out_name) {
    ScratchDir dir;
    const std::string spec = dir.write("small.json", small_spec());
    ASSERT_EQ(run_dramsweep(sweep_command(dir, spec, out_name)).exit_code, 0);
    const fs::path out = dir.path() / out_name;
    const RowsByConfig complete = rows_by_config(out.string());
    const std::string content = text::read_file(out.string());
    // Keep the first three complete lines and half of the next one.
    std::size_t cut = 0;
    for (int line = 0; line < 3; ++line) cut = content.find('\n', cut) + 1;
    cut += (content.find('\n', cut) - cut) / 2;
    const int kept_rows = out_name.ends_with(".csv") ? 2 : 3;  // the CSV's first line is its header
    fs::remove(out);
    std::ofstream(dir.path() / (out_name + ".partial"), std::ios::binary) << content.substr(0, cut);

    const auto again = run_dramsweep(sweep_command(dir, spec, out_name));
    EXPECT_EQ(again.exit_code, 2) << "a leftover partial file needs --resume: " << again.output;
    EXPECT_NE(again.output.find("--resume"), std::string::npos) << again.output;

    const auto resumed = run_dramsweep(sweep_command(dir, spec, out_name, "--resume"));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
    EXPECT_EQ(configurations_run(resumed.output), 8 - kept_rows) << resumed.output;
    EXPECT_FALSE(fs::exists(dir.path() / (out_name + ".partial")));
    const std::string resumed_text = text::read_file(out.string());
    EXPECT_EQ(rows_by_config(out.string()), complete);
    // The kept rows are still first, byte for byte: they were not rewritten.
    std::size_t kept_end = 0;
    for (int line = 0; line < 3; ++line) kept_end = content.find('\n', kept_end) + 1;
    EXPECT_EQ(resumed_text.substr(0, kept_end), content.substr(0, kept_end));
}

TEST(SweepRun, ResumeAfterACutCsv) { expect_resume_after_cut("out.csv"); }
TEST(SweepRun, ResumeAfterACutJsonLines) { expect_resume_after_cut("out.jsonl"); }

TEST(SweepRun, StopAfterThenResumeFinishes) {
    ScratchDir dir;
    const std::string spec = dir.write("small.json", small_spec());
    const auto first = run_dramsweep(sweep_command(dir, spec, "out.csv", "--stop-after 3 --batch-size 2"));
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_EQ(configurations_run(first.output), 3);
    EXPECT_FALSE(fs::exists(dir.path() / "out.csv"));
    EXPECT_EQ(read_result_file((dir.path() / "out.csv.partial").string(), Format::kCsv).rows.size(), 3u);
    const auto second = run_dramsweep(sweep_command(dir, spec, "out.csv", "--resume"));
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_EQ(configurations_run(second.output), 5);
    EXPECT_EQ(rows_by_config((dir.path() / "out.csv").string()).size(), 8u);
    // Resuming a finished sweep runs nothing.
    const auto third = run_dramsweep(sweep_command(dir, spec, "out.csv", "--resume"));
    ASSERT_EQ(third.exit_code, 0) << third.output;
    EXPECT_EQ(configurations_run(third.output), 0);
    EXPECT_EQ(rows_by_config((dir.path() / "out.csv").string()).size(), 8u);
}

TEST(SweepRun, ResumeRefusesTheOutputOfAnotherSpec) {
    ScratchDir dir;
    const std::string spec = dir.write("small.json", small_spec());
    ASSERT_EQ(run_dramsweep(sweep_command(dir, spec, "out.csv", "--stop-after 4")).exit_code, 0);
    // Same axes and columns, another workload: the rows' keys no longer match.
    const std::string changed = dir.write("small.json", small_spec("seq_read"));
    const auto r = run_dramsweep(sweep_command(dir, changed, "out.csv", "--resume"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("written by a different spec"), std::string::npos) << r.output;

    // A finished output of another spec is refused and left where it was.
    fs::remove(dir.path() / "out.csv.partial");
    ASSERT_EQ(run_dramsweep(sweep_command(dir, spec, "done.csv")).exit_code, 0);
    std::string more_axes = small_spec();
    more_axes.replace(more_axes.find("]}]}"), 4, R"(]}, {"key": "org.ranks", "values": [1, 2]}]})");
    const auto refused = run_dramsweep(sweep_command(dir, dir.write("more.json", more_axes), "done.csv", "--resume"));
    EXPECT_EQ(refused.exit_code, 2) << refused.output;
    EXPECT_NE(refused.output.find("its columns differ"), std::string::npos) << refused.output;
    EXPECT_TRUE(fs::exists(dir.path() / "done.csv"));
    EXPECT_FALSE(fs::exists(dir.path() / "done.csv.partial"));
}

TEST(SweepRun, TraceFileWorkloadIsRelativeToTheSpecAndKeyedByItsRequests) {
    ScratchDir dir;
    fs::create_directories(dir.path() / "specs" / "traces");
    dir.write("specs/traces/rand.trace", dram::format_trace(dram::generate_reference_trace("rand_read", 2000)));
    std::string trace_spec = small_spec();
    trace_spec.replace(trace_spec.find(R"({"generate": "rand_read", "requests": 2000})"),
                       std::string(R"({"generate": "rand_read", "requests": 2000})").size(),
                       R"({"trace": "traces/rand.trace"})");
    const std::string from_trace = dir.write("specs/trace.json", trace_spec);
    const std::string generated = dir.write("generated.json", small_spec());
    ASSERT_EQ(run_dramsweep(sweep_command(dir, from_trace, "trace.csv")).exit_code, 0);
    ASSERT_EQ(run_dramsweep(sweep_command(dir, generated, "generated.csv")).exit_code, 0);
    // The same requests give the same rows, keys included, wherever they come from.
    EXPECT_EQ(rows_by_config((dir.path() / "trace.csv").string()),
              rows_by_config((dir.path() / "generated.csv").string()));
    const auto missing = run_dramsweep(sweep_command(dir, dir.write("specs/missing.json",
        R"({"workload": {"trace": "nope.trace"}, "base": "ddr4-3200"})"), "missing.csv"));
    EXPECT_EQ(missing.exit_code, 2) << missing.output;
    EXPECT_NE(missing.output.find("specs/nope.trace"), std::string::npos) << missing.output;
}

TEST(SweepRun, ValidateAgreesOnTheReferenceAndCatchesADifference) {
    ScratchDir dir;
    const std::string spec = dir.write("small.json", small_spec());
    const auto ok = run_dramsweep(sweep_command(dir, spec, "out.csv", "--validate all"));
    ASSERT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_NE(ok.output.find("8 configurations agree"), std::string::npos) << ok.output;

    // Tamper with configuration 3's cycles, as a faulty backend would have written them.
    const fs::path out = dir.path() / "out.csv";
    std::string content = text::read_file(out.string());
    const std::size_t line = content.find("\n3,");
    ASSERT_NE(line, std::string::npos);
    const std::string prefix = content.substr(0, line + 1);
    std::vector<std::string> cells = text::split(content.substr(line + 1, content.find('\n', line + 1) - line - 1), ',');
    const std::string original_cycles = cells[6];
    cells[6] = std::to_string(std::stoull(cells[6]) + 1);
    std::string row;
    for (std::size_t i = 0; i < cells.size(); ++i) row += (i ? "," : "") + cells[i];
    content = prefix + row + content.substr(content.find('\n', line + 1));
    std::ofstream(out, std::ios::binary) << content;

    const auto bad = run_dramsweep(sweep_command(dir, spec, "out.csv", "--resume --validate all"));
    EXPECT_EQ(bad.exit_code, 1) << bad.output;
    EXPECT_NE(bad.output.find("configuration 3 (preset=ddr4-3200 org.channels=1 controller.page_policy=closed "
                              "controller.scheduler=frfcfs): first differing statistic cycles: the sweep (reference backend) "
                              "gives " + cells[6] + ", the reference model " + original_cycles),
              std::string::npos)
        << bad.output;
}

}  // namespace
}  // namespace dramsweep::sweep
