// `dramsweep scalesim` end to end: the DRAM trace it writes, and exit code 2 with a message
// naming file, line and field for each kind of bad input.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::run_dramsweep;
using testing::ScratchDir;

const char* kCfg = R"([general]
run_name = t
[architecture_presets]
ArrayHeight:    8
ArrayWidth:     8
IfmapSramSzkB:   1
FilterSramSzkB:  1
OfmapSramSzkB:   1
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 4
Dataflow : os
MemoryBanks:   1
[run_presets]
InterfaceBandwidth: CALC
)";
const char* kTopo =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
    "T1, 12, 12, 3, 3, 4, 12, 1,\n"
    "T2, 12, 12, 3, 3, 5, 10, 2,\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST(ScalesimCli, WritesReportsAndTheDramTrace) {
    ScratchDir dir;
    const std::string cfg = dir.write("a.cfg", kCfg), topo = dir.write("t.csv", kTopo);
    const std::string out = (dir.path() / "out").string();
    const auto r = run_dramsweep("scalesim -c " + cfg + " -t " + topo + " -o " + out + " --dram-trace " + out +
                                 "/trace.txt --dram-trace-csv " + out + "/trace.csv");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto plain = lines_of(out + "/trace.txt");
    const auto rich = lines_of(out + "/trace.csv");
    ASSERT_FALSE(plain.empty());
    ASSERT_EQ(rich.size(), plain.size() + 1);  // header
    EXPECT_EQ(rich[0], "layer,fold,operand,op,address,issue_cycle,need_cycle");
    // The reports' DRAM word counts are the trace's requests times 64 words per burst.
    std::int64_t reads = 0, writes = 0;
    for (const auto& line : plain) (line.back() == 'W' ? writes : reads) += 1;
    const auto detailed = lines_of(out + "/DETAILED_ACCESS_REPORT.csv");
    ASSERT_EQ(detailed.size(), 3u);
    std::int64_t report_reads = 0, report_writes = 0;
    for (std::size_t row = 1; row < detailed.size(); ++row) {
        std::stringstream cells(detailed[row]);
        std::vector<std::string> c;
        for (std::string cell; std::getline(cells, cell, ',');) c.push_back(cell);
        report_reads += std::stoll(c[12]) + std::stoll(c[15]);
        report_writes += std::stoll(c[18]);
    }
    EXPECT_EQ(report_reads, reads * 64);
    EXPECT_EQ(report_writes, writes * 64);
}

std::size_t report_rows(const std::string& dir) {
    return lines_of(dir + "/COMPUTE_REPORT.csv").size() - 1;
}

// Cell `column` (0-based) of data row `row` of a report, as an integer.
std::int64_t report_cell(const std::string& file, std::size_t row, std::size_t column) {
    std::stringstream cells(lines_of(file).at(row + 1));
    std::string cell;
    for (std::size_t i = 0; i <= column; ++i) std::getline(cells, cell, ',');
    return static_cast<std::int64_t>(std::stod(cell));
}

// The layer names of a rich DRAM trace, in order of first appearance.
std::vector<std::string> trace_layers(const std::string& path) {
    std::vector<std::string> names;
    const auto lines = lines_of(path);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string name = lines[i].substr(0, lines[i].find(','));
        if (names.empty() || names.back() != name) names.push_back(name);
    }
    return names;
}

// SCALE-Sim runs a layer named "DP" as one layer per channel, and --parity does exactly that:
// its reports get a row per channel and its DRAM trace names the channel layers. The corrected
// model runs the same row as one depthwise layer.
TEST(ScalesimCli, ParityRunsADpLayerAsScalesimsChannelLayers) {
    ScratchDir dir;
    const std::string cfg = dir.write("a.cfg", kCfg);
    const std::string topo =
        dir.write("t.csv",
                  "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
                  "Num Filter, Strides,\n"
                  "C1, 10, 10, 3, 3, 2, 4, 1,\n"
                  "DW_DP, 9, 11, 3, 3, 3, 2, 2, 4,\n"
                  "P2, 4, 3, 1, 1, 6, 5, 1,\n");
    const std::string parity = (dir.path() / "parity").string(),
                      corrected = (dir.path() / "corrected").string();
    const auto p = run_dramsweep("scalesim --parity -c " + cfg + " -t " + topo + " -o " + parity +
                                 " --dram-trace-csv " + parity + "/trace.csv");
    ASSERT_EQ(p.exit_code, 0) << p.output;
    EXPECT_EQ(report_rows(parity), 5u);
    EXPECT_NE(p.output.find("DW_DPChannel_2"), std::string::npos) << p.output;
    EXPECT_EQ(trace_layers(parity + "/trace.csv"),
              (std::vector<std::string>{"C1", "DW_DPChannel_0", "DW_DPChannel_1", "DW_DPChannel_2", "P2"}));
    const auto c = run_dramsweep("scalesim -c " + cfg + " -t " + topo + " -o " + corrected +
                                 " --dram-trace-csv " + corrected + "/trace.csv");
    ASSERT_EQ(c.exit_code, 0) << c.output;
    EXPECT_EQ(report_rows(corrected), 3u);
    EXPECT_EQ(trace_layers(corrected + "/trace.csv"), (std::vector<std::string>{"C1", "DW_DP", "P2"}));

    // docs/validation.md's numbers for this row. Each channel layer: 12 pixels x 2 filters, K = 9
    // on 8x8 OS, 2 folds of 9 + 8 + 8 - 2 = 23 cycles (45: quirk 1), 12 * 9 ifmap SRAM reads; its
    // 9x11x1 ifmap at offset 0 is 99 bytes, 2 lines: 128 DRAM words, the same lines for every
    // channel. The depthwise layer: 3 x 2 x 23 = 138 cycles, 324 SRAM reads, and its 9x11x3 ifmap
    // of 297 bytes is 5 lines: 320 DRAM words.
    const std::string p_compute = parity + "/COMPUTE_REPORT.csv";
    const std::string p_detail = parity + "/DETAILED_ACCESS_REPORT.csv";
    for (std::size_t row = 1; row <= 3; ++row) {
        EXPECT_EQ(report_cell(p_compute, row, 1), 45);
        EXPECT_EQ(report_cell(p_detail, row, 3), 108);
        EXPECT_EQ(report_cell(p_detail, row, 12), 128);
    }
    EXPECT_EQ(report_cell(corrected + "/COMPUTE_REPORT.csv", 1, 1), 138);
    EXPECT_EQ(report_cell(corrected + "/DETAILED_ACCESS_REPORT.csv", 1, 3), 324);
    EXPECT_EQ(report_cell(corrected + "/DETAILED_ACCESS_REPORT.csv", 1, 12), 320);
}

TEST(ScalesimCli, ParityRefusesAGroupsColumnLayerAndNamesTheDpRule) {
    ScratchDir dir;
    const std::string cfg = dir.write("a.cfg", kCfg);
    const std::string topo = dir.write("t.csv",
                                       "Layer name, H, W, R, S, C, N, Strides, Stride Width, Groups,\n"
                                       "DW, 9, 9, 3, 3, 4, 4, 1, 1, 4,\n");
    const auto r =
        run_dramsweep("scalesim --parity -c " + cfg + " -t " + topo + " -o " + (dir.path() / "o").string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("'DW' is grouped"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("\"DP\""), std::string::npos) << r.output;
    EXPECT_EQ(
        run_dramsweep("scalesim -c " + cfg + " -t " + topo + " -o " + (dir.path() / "c").string()).exit_code,
        0);
}

struct BadInputCase {
    const char* name;
    std::string cfg;
    std::string topo;
    std::string expected;  // "file:line: field 'X'" fragment of the message
};

TEST(ScalesimCli, BadInputExitsWithTwoNamingFileLineAndField) {
    const std::string topo_ok = kTopo, cfg_ok = kCfg;
    const std::vector<BadInputCase> cases = {
        {"malformed CSV row", cfg_ok, replace(topo_ok, "T2, 12, 12,", "T2, 12, twelve,"),
         "t.csv:3: field 'IFMAP Width'"},
        {"short CSV row", cfg_ok, replace(topo_ok, "T2, 12, 12, 3, 3, 5, 10, 2,", "T2, 12, 12, 3"),
         "t.csv:3: field 'row'"},
        {"missing cfg key", replace(cfg_ok, "ArrayWidth:     8\n", ""), topo_ok,
         "a.cfg:3: field 'ArrayWidth'"},
        {"zero array dimension", replace(cfg_ok, "ArrayHeight:    8", "ArrayHeight:    0"), topo_ok,
         "a.cfg:4: field 'ArrayHeight'"},
        {"stride larger than the ifmap", cfg_ok, replace(topo_ok, "5, 10, 2,", "5, 10, 13,"),
         "t.csv:3: field 'Strides'"},
        {"unknown dataflow", replace(cfg_ok, "Dataflow : os", "Dataflow : rs"), topo_ok,
         "a.cfg:13: field 'Dataflow'"},
        {"column stride larger than the ifmap", cfg_ok, replace(topo_ok, "5, 10, 2,", "5, 10, 2, 13,"),
         "t.csv:3: field 'Stride Width'"},
        {"Groups as the 9th column", cfg_ok, replace(topo_ok, "Strides,", "Strides, Groups,"),
         "t.csv:1: field 'Groups'"},
    };
    for (const auto& c : cases) {
        ScratchDir dir;
        const std::string cfg = dir.write("a.cfg", c.cfg), topo = dir.write("t.csv", c.topo);
        const std::string out = (dir.path() / "out").string();
        const auto r = run_dramsweep("scalesim -c " + cfg + " -t " + topo + " -o " + out);
        EXPECT_EQ(r.exit_code, 2) << c.name << "\n" << r.output;
        EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.name << ": " << r.output;
        EXPECT_FALSE(std::filesystem::exists(out + "/COMPUTE_REPORT.csv")) << c.name;
    }
}

TEST(ScalesimCli, MissingFileAndUnknownOptionAreBadInput) {
    EXPECT_EQ(run_dramsweep("scalesim -c /nonexistent.cfg -t /nonexistent.csv -o /tmp/x").exit_code, 2);
    EXPECT_EQ(run_dramsweep("scalesim --no-such-option").exit_code, 2);
}

}  // namespace
}  // namespace dramsweep
