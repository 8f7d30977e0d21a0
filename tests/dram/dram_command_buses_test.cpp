// Rule R13 (docs/model.md): with controller.command_buses=row_column (HBM's row and column
// command buses) a clock may carry one row command and one column command; the protocol checker
// holds each bus to one command a clock, and the reference uses the second bus.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "dram_test_util.hpp"
#include "dramsweep/device/setup.hpp"
#include "dramsweep/dram/protocol_checker.hpp"

namespace dramsweep::dram {
namespace {

using testing::checker_violations;
using testing::command_record;

TEST(DramCommandBuses, TheCheckerTakesARowAndAColumnCommandInOneClockOnlyWithTwoBuses) {
    // A RD to pseudo-channel 0 and an ACT to pseudo-channel 1 at clock 100.
    const std::vector<CommandRecord> commands = {command_record(0, kAct, 0), command_record(100, kRd, 0),
                                                 command_record(100, kAct, 1)};
    EXPECT_TRUE(checker_violations(load_dram_config("hbm2"), commands).empty());
    const std::vector<std::string> one =
        checker_violations(load_dram_config("hbm2", {"controller.command_buses=one"}), commands);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_NE(one[0].find("one command per clock"), std::string::npos) << one[0];
}

TEST(DramCommandBuses, TheCheckerHoldsEachBusToOneCommandAClock) {
    const DramConfig c = load_dram_config("hbm2");
    const std::vector<std::string> rows =
        checker_violations(c, {command_record(0, kAct, 0), command_record(0, kAct, 1)});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_NE(rows[0].find("one row command per clock"), std::string::npos) << rows[0];
    const std::vector<std::string> columns =
        checker_violations(c, {command_record(0, kAct, 0), command_record(1, kAct, 1),
                               command_record(100, kRd, 0), command_record(100, kRd, 1)});
    ASSERT_EQ(columns.size(), 1u);
    EXPECT_NE(columns[0].find("one column command per clock"), std::string::npos) << columns[0];
}

// The clocks of a reference run's log that carry two commands, as (row commands, column commands).
std::map<std::pair<int, int>, std::size_t> clocks_with_two_commands(const DramConfig& config) {
    CommandLog log;
    TraceRunOptions options;
    options.log = &log;
    run_trace(config, generate_reference_trace("mix_2r1w", 20'000), options);
    EXPECT_TRUE(check_protocol(config, log).empty());
    std::map<std::pair<int, int>, std::size_t> pairs;
    for (std::size_t i = 1; i < log.size(); ++i) {
        if (log[i].cycle != log[i - 1].cycle) continue;
        const int columns = (is_column(log[i].command) ? 1 : 0) + (is_column(log[i - 1].command) ? 1 : 0);
        ++pairs[{2 - columns, columns}];
    }
    return pairs;
}

TEST(DramCommandBuses, TheReferenceIssuesARowAndAColumnCommandInOneClock) {
    for (const char* preset : {"hbm2", "hbm3"}) {
        SCOPED_TRACE(preset);
        const auto two = clocks_with_two_commands(load_dram_config(preset));
        ASSERT_EQ(two.size(), 1u) << "only pairs of one row and one column command";
        EXPECT_GT(two.begin()->second, 1000u);
        EXPECT_EQ(two.begin()->first, std::make_pair(1, 1));
        EXPECT_TRUE(
            clocks_with_two_commands(load_dram_config(preset, {"controller.command_buses=one"})).empty());
    }
}

TEST(DramCommandBuses, TheDeviceEngineTakesBothArrangements) {
    // Its results are held to the reference's in tests/differential (DeviceSerialDifferential).
    for (const char* buses : {"row_column", "one"})
        EXPECT_EQ(device::device_unsupported_reason(
                      load_dram_config("hbm2", {std::string("controller.command_buses=") + buses}), 1000),
                  "")
            << buses;
}

}  // namespace
}  // namespace dramsweep::dram
