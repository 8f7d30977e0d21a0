#pragma once
// A sweep spec that `dramsweep sweep` must refuse as bad input: exit code 2, every expected part
// of the message, and no output left behind.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace dramsweep::sweep::testing {

inline void expect_spec_refused(const std::string& spec_text, const std::vector<std::string>& parts) {
    dramsweep::testing::ScratchDir dir;
    const std::string spec = dir.write("spec.json", spec_text);
    const auto r = dramsweep::testing::run_dramsweep("sweep " + spec + " --backend host --out " +
                                                     (dir.path() / "o.csv").string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    for (const std::string& part : parts)
        EXPECT_NE(r.output.find(part), std::string::npos) << part << "\n" << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "o.csv.partial")) << "bad input must leave no output";
}

}  // namespace dramsweep::sweep::testing
