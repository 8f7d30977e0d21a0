// The progress bar: its text, silence in the first second, silence when not on a terminal.

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "dramsweep/sweep/progress.hpp"

namespace dramsweep::sweep {
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
    ProgressBar shown(on, true, 100, 0);
    ProgressBar hidden(off, false, 100, 0);
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

}  // namespace
}  // namespace dramsweep::sweep
