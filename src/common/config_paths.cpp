#include "dramsweep/common/config_paths.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/near_names.hpp"
#include "dramsweep/common/text.hpp"

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

// The configurations of `dir` whose name is `name` in another case.
std::vector<fs::path> case_insensitive_matches(const fs::path& dir, const std::string& name) {
    std::vector<fs::path> matches;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".json" &&
            text::to_lower(entry.path().stem().string()) == text::to_lower(name))
            matches.push_back(entry.path());
    }
    std::sort(matches.begin(), matches.end());
    return matches;
}

// The paths of the .json files beside `path` (which does not exist) whose names are near its name.
std::vector<std::string> near_json_files(const fs::path& path) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry :
         fs::directory_iterator(path.parent_path().empty() ? "." : path.parent_path(), ec)) {
        if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> near;
    for (const std::string& name : near_names(path.filename().string(), names))
        near.push_back((path.parent_path() / name).string());
    return near;
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
        if (fs::exists(name_or_path)) return name_or_path;
        const std::string near = or_list(near_json_files(name_or_path));
        throw InputError(name_or_path, 0, kind,
                         near.empty() ? "no such file" : "no such file (did you mean " + near + "?)");
    }
    for (const fs::path& dir : search_dirs(kind)) {
        const fs::path candidate = dir / (name_or_path + ".json");
        if (fs::exists(candidate)) return candidate.string();
    }
    for (const fs::path& dir : search_dirs(kind)) {
        const std::vector<fs::path> matches = case_insensitive_matches(dir, name_or_path);
        if (matches.size() == 1) return matches.front().string();
        if (matches.size() > 1) {
            std::vector<std::string> names;
            for (const fs::path& m : matches) names.push_back(m.stem().string());
            throw InputError(option, 0, kind,
                             "preset '" + name_or_path + "' is ambiguous in " + dir.string() + ": " +
                                 or_list(names) + " differ only in case");
        }
    }
    const std::vector<std::string> known = known_configs(kind);
    const std::string near = or_list(near_names(name_or_path, known));
    std::string all;
    for (const auto& n : known) all += (all.empty() ? "" : ", ") + n;
    throw InputError(option, 0, kind,
                     "unknown preset '" + name_or_path + "' (" +
                         (near.empty() ? "" : "did you mean " + near + "? ") + "known: " + all + ")");
}

}  // namespace dramsweep
