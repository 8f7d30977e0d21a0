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
        {"short CSV row", cfg_ok, replace(topo_ok, "T2, 12, 12, 3, 3, 5, 10, 2,", "T2, 12, 12, 3"), "t.csv:3: field 'row'"},
        {"missing cfg key", replace(cfg_ok, "ArrayWidth:     8\n", ""), topo_ok, "a.cfg:3: field 'ArrayWidth'"},
        {"zero array dimension", replace(cfg_ok, "ArrayHeight:    8", "ArrayHeight:    0"), topo_ok,
         "a.cfg:4: field 'ArrayHeight'"},
        {"stride larger than the ifmap", cfg_ok, replace(topo_ok, "5, 10, 2,", "5, 10, 13,"), "t.csv:3: field 'Strides'"},
        {"unknown dataflow", replace(cfg_ok, "Dataflow : os", "Dataflow : rs"), topo_ok, "a.cfg:13: field 'Dataflow'"},
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
