// The README's "Using it" section, run as written: every command, in order, from a copy of the
// repository's layout (build/apps/dramsweep, configs/, examples/), each reading what the ones
// before it wrote.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace dramsweep {
namespace {

namespace fs = std::filesystem;

// The command lines of the first ```sh block after "## Using it": comments and blank lines
// dropped, lines ending in a backslash joined with the next.
std::vector<std::string> readme_commands() {
    std::ifstream in(testing::source_dir() / "README.md");
    std::string line;
    while (std::getline(in, line) && line != "## Using it") {
    }
    while (std::getline(in, line) && line != "```sh") {
    }
    std::vector<std::string> commands;
    std::string pending;
    while (std::getline(in, line) && line != "```") {
        if (line.empty() || line[0] == '#') continue;
        const bool continued = !line.empty() && line.back() == '\\';
        pending += continued ? line.substr(0, line.size() - 1) : line;
        if (!continued) {
            commands.push_back(pending);
            pending.clear();
        }
    }
    return commands;
}

TEST(Readme, EveryCommandOfUsingItRunsAsWrittenInOrder) {
    const std::vector<std::string> commands = readme_commands();
    ASSERT_GE(commands.size(), 10u) << "the README's Using it section was not found";
    testing::ScratchDir dir;
    fs::create_directories(dir.path() / "build" / "apps");
    fs::create_symlink(DRAMSWEEP_BINARY, dir.path() / "build" / "apps" / "dramsweep");
    for (const char* tracked : {"configs", "examples"}) fs::create_symlink(testing::source_dir() / tracked, dir.path() / tracked);
    for (const std::string& command : commands) {
        EXPECT_EQ(command.find('['), std::string::npos) << "a placeholder in a command line: " << command;
        const testing::CommandResult r = testing::run_shell("cd '" + dir.path().string() + "' && " + command);
        ASSERT_EQ(r.exit_code, 0) << command << "\n" << r.output;
    }
    // The chain: each file the README names as written by one command exists for the next.
    for (const char* written : {"answers.jsonl", "results.csv", "grid.csv", "out/r18/trace.txt",
                                "out/r18/COMPUTE_REPORT.csv", "out/parity/COMPUTE_REPORT.csv"})
        EXPECT_TRUE(fs::exists(dir.path() / written)) << written;
}

}  // namespace
}  // namespace dramsweep
