// The sweep specs that live outside configs/sweeps/ (the GPU benchmark's and the use-case
// study's) load and run their first configurations on the host, so that a GPU session or a
// rerun of the study never starts on a broken spec.

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::run_dramsweep;
using testing::ScratchDir;
using testing::source_dir;

TEST(BundledSpecs, GpuBenchmarkSpecsRunOnTheHost) {
    const std::string command =
        (source_dir() / "bench/gpu.sh").string() + " --check-specs " + std::string(DRAMSWEEP_BINARY) + " 2>&1";
    const int status = std::system(command.c_str());
    EXPECT_EQ(status, 0) << command;
}

TEST(BundledSpecs, UseCaseGridStudySpecsRun) {
    ScratchDir dir;
    for (const char* net : {"resnet18", "alexnet"}) {
        const std::string spec = (source_dir() / "docs/use-cases" / (std::string("grid_") + net + ".json")).string();
        const std::string out = (dir.path() / (std::string(net) + ".csv")).string();
        const auto r = run_dramsweep("sweep " + spec + " --backend host --stop-after 1 --quiet --out " + out);
        EXPECT_EQ(r.exit_code, 0) << r.output;
        EXPECT_NE(r.output.find("1536"), std::string::npos) << "the grid has 1,536 configurations: " << r.output;
    }
}

}  // namespace
}  // namespace dramsweep
