#include "support/test_support.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sys/wait.h>

namespace dramsweep::testing {
namespace {

// The command inside single quotes: each ' becomes '\''.
std::string quote_for_shell(const std::string& command) {
    std::string out;
    for (const char c : command) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out;
}

}  // namespace

ScratchDir::ScratchDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("dramsweep-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::write(const std::string& name, const std::string& content) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
}

CommandResult run_dramsweep(const std::string& arguments) {
    return run_shell(std::string(DRAMSWEEP_BINARY) + " " + arguments);
}

CommandResult run_shell(const std::string& shell_command) {
    const std::string command = "bash -c '" + quote_for_shell(shell_command) + "' 2>&1";
    CommandResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

AccelConfig small_accel(Dataflow dataflow, std::int64_t rows, std::int64_t cols, std::int64_t kb) {
    AccelConfig a;
    a.dataflow = dataflow;
    a.array_rows = rows;
    a.array_cols = cols;
    a.ifmap_sram_kb = a.filter_sram_kb = a.ofmap_sram_kb = kb;
    return a;
}

Layer square_conv(const std::string& name, std::int64_t size, std::int64_t filter, std::int64_t channels,
                  std::int64_t filters, std::int64_t stride) {
    Layer l;
    l.name = name;
    l.ifmap_h = l.ifmap_w = size;
    l.filter_h = l.filter_w = filter;
    l.channels = channels;
    l.num_filters = filters;
    l.stride_h = l.stride_w = stride;
    return l;
}

std::filesystem::path source_dir() { return DRAMSWEEP_SOURCE_DIR; }
std::filesystem::path shared_dir() {
    if (const char* env = std::getenv("DRAMSWEEP_SHARED_DIR")) return env;
    return DRAMSWEEP_SHARED_DIR;
}

}  // namespace dramsweep::testing
