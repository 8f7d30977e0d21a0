// Where DRAM presets are found. `--dram ddr4-2400` looks for ddr4-2400.json in, in order:
//   1. $DRAMSWEEP_CONFIG_DIR/dram/ and $DRAMSWEEP_CONFIG_DIR/
//   2. configs/dram/ next to the binary, or one and two levels above it (build trees, installs)
//   3. configs/dram/ of the source tree this file was compiled from (found from __FILE__, so that
//      a build works in place without installing anything).
// Anything containing '/' or ending in ".json" is taken as a path.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> search_dirs() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("DRAMSWEEP_CONFIG_DIR"); env && *env) {
        dirs.emplace_back(fs::path(env) / "dram");
        dirs.emplace_back(env);
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path dir = exe.parent_path();
        for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path())
            dirs.emplace_back(dir / "configs" / "dram");
    }
    // This file is src/dram/preset_paths.cpp; the source root is three levels up.
    const fs::path self(__FILE__);
    if (self.is_absolute()) dirs.emplace_back(self.parent_path().parent_path().parent_path() / "configs" / "dram");
    return dirs;
}

}  // namespace

std::vector<std::string> known_presets() {
    std::vector<std::string> names;
    for (const fs::path& dir : search_dirs()) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (entry.path().extension() != ".json") continue;
            const std::string stem = entry.path().stem().string();
            bool seen = false;
            for (const auto& n : names) seen = seen || n == stem;
            if (!seen) names.push_back(stem);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolve_preset_path(const std::string& name_or_path) {
    const bool looks_like_path = name_or_path.find('/') != std::string::npos ||
                                 (name_or_path.size() > 5 && name_or_path.ends_with(".json"));
    if (looks_like_path) {
        if (!fs::exists(name_or_path)) throw InputError(name_or_path, 0, "dram", "no such file");
        return name_or_path;
    }
    for (const fs::path& dir : search_dirs()) {
        const fs::path candidate = dir / (name_or_path + ".json");
        if (fs::exists(candidate)) return candidate.string();
    }
    std::string known;
    for (const auto& n : known_presets()) known += (known.empty() ? "" : ", ") + n;
    throw InputError("--dram", 0, "dram", "unknown preset '" + name_or_path + "' (known: " + known + ")");
}

}  // namespace dramsweep::dram
