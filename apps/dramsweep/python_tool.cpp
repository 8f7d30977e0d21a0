#include "python_tool.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

extern char** environ;

namespace dramsweep::cli {
namespace {

namespace fs = std::filesystem;

std::string interpreter() {
    if (const char* env = std::getenv("DRAMSWEEP_PYTHON"); env && *env) return env;
#ifdef DRAMSWEEP_PYTHON_EXECUTABLE
    if (fs::exists(DRAMSWEEP_PYTHON_EXECUTABLE)) return DRAMSWEEP_PYTHON_EXECUTABLE;
#endif
    return "python3";
}

fs::path find_script(const std::string& script) {
    std::vector<fs::path> dirs;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back(exe.parent_path().parent_path() / "python" / "dramsweep");
    // This file is apps/dramsweep/python_tool.cpp; the source root is three levels up.
    const fs::path self(__FILE__);
    if (self.is_absolute())
        dirs.push_back(self.parent_path().parent_path().parent_path() / "python" / "dramsweep");
    for (const fs::path& dir : dirs)
        if (fs::exists(dir / script)) return dir / script;
    throw std::runtime_error("the bundled tool " + script + " is missing (looked in " +
                             dirs.front().string() + ")");
}

}  // namespace

int run_python_tool(const std::string& command, const std::string& script,
                    const std::vector<std::string>& args) {
    const std::string python = interpreter();
    const std::string path = find_script(script).string();
    std::vector<std::string> words = {python, path};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, python.c_str(), nullptr, nullptr, argv.data(), environ);
    if (spawned != 0) {
        std::cerr << "dramsweep " << command << ": cannot run the Python interpreter '" << python
                  << "': " << std::strerror(spawned)
                  << " (install python3, or name one with DRAMSWEEP_PYTHON=/path/to/python3)\n";
        return 1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw std::runtime_error(std::string("waiting for the Python tool: ") + std::strerror(errno));
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace dramsweep::cli
