// The near names an error message lists for a name that matches nothing.

#include <gtest/gtest.h>

#include "dramsweep/common/near_names.hpp"

namespace dramsweep {
namespace {

const std::vector<std::string> kPresets = {"ddr4-2400",   "ddr4-2400-x16", "ddr4-3200", "ddr4-3200-x16",
                                           "ddr5-4800",   "gddr6",         "hbm2",      "hbm3",
                                           "lpddr4-3200", "lpddr5-6400"};

using Names = std::vector<std::string>;

TEST(NearNames, TheSameNameWrittenDifferentlyIsTheOnlyAnswer) {
    EXPECT_EQ(near_names("ddr4_2400", kPresets), Names{"ddr4-2400"});
    EXPECT_EQ(near_names("DDR4 2400", kPresets), Names{"ddr4-2400"});
    EXPECT_EQ(near_names("HBM2", kPresets), Names{"hbm2"});
}

TEST(NearNames, NamesHoldingThePartTypedComeNext) {
    EXPECT_EQ(near_names("hbm", kPresets), (Names{"hbm2", "hbm3"}));
    EXPECT_EQ(near_names("ddr5", kPresets), (Names{"ddr5-4800", "lpddr5-6400"}));
    EXPECT_EQ(near_names("ddr4-2400-x8", kPresets), Names{"ddr4-2400"});
}

TEST(NearNames, OtherwiseTheFewestEditsAway) {
    EXPECT_EQ(near_names("ddr4-2666", kPresets), (Names{"ddr4-2400", "ddr4-3200"}));
    EXPECT_EQ(near_names("hbm4", kPresets), (Names{"hbm2", "hbm3"}));
    EXPECT_EQ(near_names("gddr7", kPresets), Names{"gddr6"});
    EXPECT_TRUE(near_names("foo", kPresets).empty());
    EXPECT_TRUE(near_names("", kPresets).empty());
}

TEST(NearNames, OrListReadsAsASentence) {
    EXPECT_EQ(or_list({}), "");
    EXPECT_EQ(or_list({"a"}), "a");
    EXPECT_EQ(or_list({"a", "b"}), "a or b");
    EXPECT_EQ(or_list({"a", "b", "c"}), "a, b or c");
}

}  // namespace
}  // namespace dramsweep
