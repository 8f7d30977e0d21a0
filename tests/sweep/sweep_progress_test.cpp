// The progress display: its text, silence in the first second, a bar on a terminal and plain
// lines elsewhere, nothing when off.

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "dramsweep/common/progress.hpp"

namespace dramsweep {
namespace {

TEST(SweepProgress, LineShowsDoneRateAndTimeLeft) {
    const std::string line = format_progress(250, 1000, 10.0);
    EXPECT_NE(line.find("250/1000 configs"), std::string::npos) << line;
    EXPECT_NE(line.find("25.0/s"), std::string::npos) << line;
    EXPECT_NE(line.find("0:30 left"), std::string::npos) << line;  // 750 at 25/s
    EXPECT_EQ(line.substr(0, 9), "[=======>");                      // a quarter of 30 columns
    EXPECT_NE(format_progress(0, 10, 0).find("--:-- left"), std::string::npos);
    EXPECT_NE(format_progress(1, 100000, 1.0).find("27:46:39 left"), std::string::npos);
}

TEST(SweepProgress, DrawsOnlyAfterASecondAndOnlyWhenEnabled) {
    std::ostringstream on, off;
    ProgressBar shown(on, ProgressStyle::kBar, 100, 0);
    ProgressBar hidden(off, ProgressStyle::kOff, 100, 0);
    shown.update(1);
    hidden.update(1);
    EXPECT_EQ(on.str(), "") << "nothing in the first second";
    std::this_thread::sleep_for(std::chrono::milliseconds(1050));
    shown.update(2);
    hidden.update(2);
    shown.finish();
    hidden.finish();
    EXPECT_NE(on.str().find("2/100 configs"), std::string::npos) << on.str();
    EXPECT_EQ(on.str().back(), '\n');
    EXPECT_EQ(off.str(), "");
}

TEST(SweepProgress, PlainLinesWhenNotATerminalAtMostEveryFewSeconds) {
    std::ostringstream log;
    ProgressBar lines(log, ProgressStyle::kLines, 0, 0, "requests", "trace");
    std::this_thread::sleep_for(std::chrono::milliseconds(1050));
    lines.update(7);
    lines.update(8);  // too soon for another line
    lines.finish();
    const std::string text = log.str();
    EXPECT_EQ(text.find('\r'), std::string::npos) << "no carriage returns in a log";
    EXPECT_EQ(text.substr(0, 17), "trace: 7 requests") << text;
    EXPECT_NE(text.find("elapsed"), std::string::npos) << "an unknown total shows the time spent";
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

}  // namespace
}  // namespace dramsweep
