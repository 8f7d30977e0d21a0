#include "dramsweep/common/config_paths.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> search_dirs(const std::string& kind) {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("DRAMSWEEP_CONFIG_DIR"); env && *env) {
        dirs.emplace_back(fs::path(env) / kind);
        dirs.emplace_back(env);
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path dir = exe.parent_path();
        for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path())
            dirs.emplace_back(dir / "configs" / kind);
    }
    // This file is src/common/config_paths.cpp; the source root is three levels up.
    const fs::path self(__FILE__);
    if (self.is_absolute())
        dirs.emplace_back(self.parent_path().parent_path().parent_path() / "configs" / kind);
    return dirs;
}

}  // namespace

std::vector<std::string> known_configs(const std::string& kind) {
    std::vector<std::string> names;
    for (const fs::path& dir : search_dirs(kind)) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (entry.path().extension() != ".json") continue;
            const std::string stem = entry.path().stem().string();
            if (std::find(names.begin(), names.end(), stem) == names.end()) names.push_back(stem);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolve_config_path(const std::string& kind, const std::string& name_or_path,
                                const std::string& option) {
    const bool looks_like_path = name_or_path.find('/') != std::string::npos ||
                                 (name_or_path.size() > 5 && name_or_path.ends_with(".json"));
    if (looks_like_path) {
        if (!fs::exists(name_or_path)) throw InputError(name_or_path, 0, kind, "no such file");
        return name_or_path;
    }
    for (const fs::path& dir : search_dirs(kind)) {
        const fs::path candidate = dir / (name_or_path + ".json");
        if (fs::exists(candidate)) return candidate.string();
    }
    std::string known;
    for (const auto& n : known_configs(kind)) known += (known.empty() ? "" : ", ") + n;
    throw InputError(option, 0, kind, "unknown preset '" + name_or_path + "' (known: " + known + ")");
}

}  // namespace dramsweep
