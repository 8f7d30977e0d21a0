// Bad input end to end: the `dramsweep trace` binary prints a message naming the file, line and
// field, and exits with code 2.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "dramsweep/common/text.hpp"

namespace {

namespace fs = std::filesystem;

struct Outcome {
    int exit_code;
    std::string output;
};

Outcome run_cli(const std::string& args) {
    const std::string command = std::string(DRAMSWEEP_BINARY) + " trace " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return {-1, "popen failed"};
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class DramBadInput : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("dramsweep_bad_input_" + std::to_string(::getpid()));
    void SetUp() override {
        fs::create_directories(dir);
        write("good.trace", "0x0 R\n0x40 W\n");
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
    std::string good_trace() { return (dir / "good.trace").string(); }
};

TEST_F(DramBadInput, GoodInputRuns) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --json");
    EXPECT_EQ(o.exit_code, 0) << o.output;
    EXPECT_NE(o.output.find("\"cycles\""), std::string::npos);
}

TEST_F(DramBadInput, UnknownPreset) {
    const Outcome o = run_cli("--dram ddr9-9999 --trace " + good_trace());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("unknown preset 'ddr9-9999'"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("ddr4-2400"), std::string::npos) << "lists the known presets: " << o.output;
}

TEST_F(DramBadInput, UnknownFieldOnTheCommandLine) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set timing.tRCDX=3");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("--set: field 'timing.tRCDX': unknown field"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, UnknownFieldInAPresetFileNamesFileAndLine) {
    const std::string preset =
        write("typo.json", "{\n  \"name\": \"x\",\n  \"timing\": {\n    \"tRCDD\": 16\n  }\n}\n");
    const Outcome o = run_cli("--dram " + preset + " --trace " + good_trace());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find(preset + ":4: field 'timing.tRCDD': unknown field"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, TimingThatCannotHold) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set timing.tRAS=60");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'timing.tRAS': tRAS (60) > tRC (55)"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, TimingThatCannotHoldInAFileNamesItsLine) {
    std::string preset = dramsweep::text::read_file(std::string(DRAMSWEEP_SOURCE_DIR) + "/configs/dram/ddr4-2400.json");
    const std::string from = "\"tRAS\": 39", to = "\"tRAS\": 70";
    ASSERT_NE(preset.find(from), std::string::npos);
    preset.replace(preset.find(from), from.size(), to);
    std::size_t line = 1;
    for (std::size_t i = 0; i < preset.find(to); ++i) line += preset[i] == '\n';
    const std::string path = write("bad_tras.json", preset);
    const Outcome o = run_cli("--dram " + path + " --trace " + good_trace());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find(path + ":" + std::to_string(line) + ": field 'timing.tRAS': tRAS (70) > tRC (55)"),
              std::string::npos)
        << o.output;
}

TEST_F(DramBadInput, ZeroBanks) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set org.banks_per_group=0");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'org.banks_per_group': must be at least 1"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, NonPowerOfTwoWhereTheMappingNeedsOne) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set org.rows=60000");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'org.rows': must be a power of two"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, BadValueTypes) {
    Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set timing.tRP=fast");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'timing.tRP'"), std::string::npos) << o.output;
    o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set controller.scheduler=lifo");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'controller.scheduler': expected fcfs, frfcfs or strict_fcfs"),
              std::string::npos)
        << o.output;
    o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set mapping=RoBaXxCoCh");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'mapping': unknown field 'Xx'"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, PerBankRefreshWhereTheStandardHasNone) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set controller.refresh=per_bank");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'controller.refresh'"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, AllBankPrechargeAndWriteToWriteTimesBelowTheirBaseTimes) {
    Outcome o = run_cli("--dram lpddr5-6400 --trace " + good_trace() + " --set timing.tRPab=10");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'timing.tRPab': tRPab (10) < tRP (15)"), std::string::npos) << o.output;
    o = run_cli("--dram ddr5-4800 --trace " + good_trace() + " --set timing.tCCD_L_WR=8");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'timing.tCCD_L_WR': tCCD_L_WR (8) < tCCD_L (12)"), std::string::npos)
        << o.output;
}

TEST_F(DramBadInput, UnknownActiveBufferChoice) {
    const Outcome o = run_cli("--dram hbm2 --trace " + good_trace() + " --set controller.active_buffer=yes");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'controller.active_buffer': expected off or per_bank"), std::string::npos)
        << o.output;
}

TEST_F(DramBadInput, RowAndColumnCommandBusesWhereTheStandardHasOneBus) {
    Outcome o =
        run_cli("--dram ddr4-2400 --trace " + good_trace() + " --set controller.command_buses=row_column");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'controller.command_buses': row_column command buses are HBM's"),
              std::string::npos)
        << o.output;
    o = run_cli("--dram hbm2 --trace " + good_trace() + " --set timing.act_clocks=2");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'timing.act_clocks': a two-part ACT holds the one command bus"),
              std::string::npos)
        << o.output;
    o = run_cli("--dram hbm2 --trace " + good_trace() + " --set controller.command_buses=two");
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("field 'controller.command_buses': expected one or row_column"),
              std::string::npos)
        << o.output;
}

TEST_F(DramBadInput, UnparsableTraceLine) {
    const std::string trace = write("bad.trace", "0x0 R\n0x40 W\n\n0x80 X\n");
    Outcome o = run_cli("--dram ddr4-2400 --trace " + trace);
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find(trace + ":4: field 'operation': expected R or W"), std::string::npos) << o.output;

    const std::string bad_addr = write("bad_addr.trace", "0x0 R\n0xZZ R\n");
    o = run_cli("--dram ddr4-2400 --trace " + bad_addr);
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find(bad_addr + ":2: field 'address': bad address '0xZZ'"), std::string::npos) << o.output;

    const std::string mixed = write("mixed.trace", "0x0 READ 0\n0x40 R\n");
    o = run_cli("--dram ddr4-2400 --trace " + mixed);
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find(mixed + ":2: field 'line'"), std::string::npos) << o.output;
}

TEST_F(DramBadInput, MissingTraceFile) {
    const Outcome o = run_cli("--dram ddr4-2400 --trace " + (dir / "absent.trace").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.output.find("absent.trace"), std::string::npos) << o.output;
}

}  // namespace
