// Close names for error messages (include/dramsweep/common/near_names.hpp).

#include "dramsweep/common/near_names.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <utility>

namespace dramsweep {
namespace {

std::string comparable(const std::string& name) {
    std::string out;
    for (const char c : name) {
        if (c == '-' || c == '_' || c == '.' || c == ' ') continue;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

// Levenshtein distance (insertions, deletions and substitutions of one character each).
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::vector<std::string> near_names(const std::string& typed, const std::vector<std::string>& known) {
    const std::string wanted = comparable(typed);
    struct Candidate {
        std::size_t distance;
        bool contains;
        std::size_t index;
    };
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < known.size(); ++i) {
        const std::string name = comparable(known[i]);
        const bool contains =
            !wanted.empty() && !name.empty() &&
            (name.find(wanted) != std::string::npos || wanted.find(name) != std::string::npos);
        candidates.push_back({edit_distance(wanted, name), contains, i});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
    // The first tier that has any: the same name written differently; names holding the typed one
    // or held by it; the closest names by edits, and those one edit further.
    std::vector<std::string> names;
    auto take = [&](auto&& keep) {
        for (const Candidate& c : candidates) {
            if (keep(c)) names.push_back(known[c.index]);
        }
        return !names.empty();
    };
    if (take([](const Candidate& c) { return c.distance == 0; })) return names;
    if (take([](const Candidate& c) { return c.contains; })) return names;
    if (candidates.empty()) return names;
    const std::size_t best = candidates.front().distance;
    take([&](const Candidate& c) { return c.distance <= best + 1 && 2 * c.distance <= wanted.size(); });
    return names;
}

std::string or_list(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
        text += names[i];
    }
    return text;
}

}  // namespace dramsweep
