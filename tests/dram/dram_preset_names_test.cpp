// Preset names as users type them: any case finds the preset, and a name or file that finds
// nothing is an error listing the near ones.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/config.hpp"
#include "support/test_support.hpp"

namespace dramsweep::dram {
namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string error_of(const std::string& name_or_path) {
    try {
        resolve_preset_path(name_or_path);
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for " << name_or_path;
    return "";
}

TEST(DramPresetNames, EveryPresetIsFoundInAnyCase) {
    const std::vector<std::string> presets = known_presets();
    ASSERT_GE(presets.size(), 10u);
    for (const std::string& name : presets) {
        EXPECT_EQ(resolve_preset_path(upper(name)), resolve_preset_path(name)) << name;
    }
    EXPECT_EQ(load_dram_config("DDR4-2400").name, "ddr4-2400");
    EXPECT_EQ(load_dram_config("Hbm2").name, "hbm2");
}

TEST(DramPresetNames, CaseIsIgnoredInTheConfigDirectoryToo) {
    const testing::ScratchDir dir;
    std::filesystem::create_directories(dir.path() / "dram");
    std::ofstream(dir.path() / "dram" / "My-DDR4.json") << text::read_file(resolve_preset_path("ddr4-2400"));
    ::setenv("DRAMSWEEP_CONFIG_DIR", dir.path().c_str(), 1);
    EXPECT_EQ(resolve_preset_path("my-ddr4"), (dir.path() / "dram" / "My-DDR4.json").string());
    ::unsetenv("DRAMSWEEP_CONFIG_DIR");
}

TEST(DramPresetNames, AnUnknownNameListsTheNearOnes) {
    const std::string message = error_of("ddr4-2666");
    EXPECT_NE(message.find("unknown preset 'ddr4-2666' (did you mean ddr4-2400 or ddr4-3200? known: "),
              std::string::npos)
        << message;
    EXPECT_NE(error_of("hbm").find("did you mean hbm2 or hbm3?"), std::string::npos);
    const std::string nothing_near = error_of("foo");
    EXPECT_EQ(nothing_near.find("did you mean"), std::string::npos) << nothing_near;
    EXPECT_NE(nothing_near.find("known: ddr4-2400"), std::string::npos) << nothing_near;
}

TEST(DramPresetNames, AMissingFileListsTheNearFilesBesideIt) {
    const std::filesystem::path dram_dir =
        std::filesystem::path(resolve_preset_path("ddr4-2400")).parent_path();
    const std::string typed = (dram_dir / "DDR4-2400.json").string();
    const std::string message = error_of(typed);
    EXPECT_NE(message.find("no such file (did you mean " + (dram_dir / "ddr4-2400.json").string() + "?)"),
              std::string::npos)
        << message;
}

TEST(DramPresetNames, TheCommandLineTakesAnyCase) {
    const auto lower =
        testing::run_dramsweep("trace --dram ddr4-2400 --generate seq_read --limit 200 --json");
    const auto upper_case =
        testing::run_dramsweep("trace --dram DDR4-2400 --generate seq_read --limit 200 --json");
    ASSERT_EQ(upper_case.exit_code, 0) << upper_case.output;
    EXPECT_EQ(upper_case.output, lower.output);
    const auto unknown = testing::run_dramsweep("trace --dram DDR4-2666 --generate seq_read --limit 200");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.output.find("did you mean ddr4-2400 or ddr4-3200?"), std::string::npos)
        << unknown.output;
}

}  // namespace
}  // namespace dramsweep::dram
