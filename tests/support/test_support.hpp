#pragma once
// Helpers shared by the test suites: scratch files and running the dramsweep binary.

#include <cstdint>
#include <filesystem>
#include <string>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::testing {

// A fresh directory under the system temp dir, removed when the object goes away.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Writes `content` to `name` inside the directory and returns its full path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr, interleaved
};

// Runs the dramsweep binary built with the tests with the given arguments (a shell fragment).
CommandResult run_dramsweep(const std::string& arguments);
// Runs a shell command line (bash), stdout and stderr together.
CommandResult run_shell(const std::string& command);

// A square array with equal SRAMs of `kb` kB each, other fields at their defaults.
AccelConfig small_accel(Dataflow dataflow, std::int64_t rows, std::int64_t cols, std::int64_t kb);
// A square convolution: H = W = `size`, R = S = `filter`.
Layer square_conv(const std::string& name, std::int64_t size, std::int64_t filter, std::int64_t channels,
                  std::int64_t filters, std::int64_t stride);

// Paths of the source tree and of the project's shared/ folder (reference outputs).
std::filesystem::path source_dir();
std::filesystem::path shared_dir();

}  // namespace dramsweep::testing
