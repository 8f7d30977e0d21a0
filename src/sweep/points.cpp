// Expansion of a sweep spec into numbered points with stable keys (points.hpp).

#include "dramsweep/sweep/points.hpp"

#include <cstdio>
#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/memory_budget.hpp"
#include "dramsweep/sweep/sampling.hpp"

namespace dramsweep::sweep {
namespace {

// A grid this large would take hours even on a GPU, and its point list gigabytes: refuse early.
constexpr std::uint64_t kMaxPoints = 10'000'000;

[[noreturn]] void fail_sampling(const SweepSpec& spec, const std::string& message) {
    throw InputError(spec.file, 0, "sampling", message);
}

}  // namespace

std::uint64_t fnv1a(const std::string& text, std::uint64_t hash) {
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string hash_hex(std::uint64_t hash) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

std::uint64_t spec_fingerprint(const SweepSpec& spec, std::uint64_t workload_hash) {
    std::string text = "base=" + setting_text(spec.base_preset.value);
    for (const Setting& s : spec.base_set) text += ";" + s.key + "=" + setting_text(s.value);
    text += "|workload=" + hash_hex(workload_hash) + ";max_outstanding=" + std::to_string(spec.workload.max_outstanding);
    return fnv1a(text);
}

std::vector<SweepPoint> expand_points(const SweepSpec& spec, std::uint64_t fingerprint) {
    std::vector<std::uint32_t> levels;
    for (const Axis& axis : spec.axes) levels.push_back(static_cast<std::uint32_t>(axis.levels.size()));
    std::vector<LevelChoice> choices;
    if (!spec.axes.empty()) {
        const std::uint64_t grid = grid_size(levels);
        switch (spec.sampling.method) {
            case Method::kGrid:
                if (grid > kMaxPoints)
                    fail_sampling(spec, "the grid has " + (grid == UINT64_MAX ? std::string("more than 2^64")
                                                                              : std::to_string(grid)) +
                                            " points; at most " + std::to_string(kMaxPoints) +
                                            " (sample it with random or lhs)");
                choices = grid_points(levels);
                break;
            case Method::kRandom:
                if (spec.sampling.samples > grid)
                    fail_sampling(spec, std::to_string(spec.sampling.samples) + " random samples of a grid of " +
                                            std::to_string(grid) + " points (samples are distinct)");
                if (spec.sampling.samples > kMaxPoints) fail_sampling(spec, "too many samples");
                choices = random_points(levels, spec.sampling.samples, spec.sampling.seed);
                break;
            case Method::kLatinHypercube:
                if (spec.sampling.samples > kMaxPoints) fail_sampling(spec, "too many samples");
                choices = latin_hypercube_points(levels, spec.sampling.samples, spec.sampling.seed);
                break;
        }
    }
    // Each point holds its settings: a sample too large for memory is refused here, not by
    // running out of it (the sampling itself is bounded by kMaxPoints).
    check_fits_memory(static_cast<double>(choices.size() + spec.configs.size()) *
                          static_cast<double>(sizeof(SweepPoint) + 16 + spec.axes.size() * sizeof(const Setting*)),
                      std::to_string(choices.size() + spec.configs.size()) + " configurations", spec.file, 0, "sampling");
    std::vector<SweepPoint> points;
    points.reserve(choices.size() + spec.configs.size() + 1);
    auto add = [&](std::vector<const Setting*> settings) {
        SweepPoint p;
        p.index = points.size();
        p.settings = std::move(settings);
        std::string text = hash_hex(fingerprint);
        for (const Setting* s : p.settings) text += ";" + s->key + "=" + setting_text(s->value);
        p.hash = fnv1a(text);
        points.push_back(std::move(p));
    };
    for (const LevelChoice& choice : choices) {
        std::vector<const Setting*> settings;
        // The preset goes first wherever its axis is: it picks what the other settings override.
        for (std::size_t a = 0; a < spec.axes.size(); ++a)
            for (const Setting& s : spec.axes[a].levels[choice[a]])
                if (s.key == "preset") settings.insert(settings.begin(), &s);
                else settings.push_back(&s);
        add(std::move(settings));
    }
    for (const auto& config : spec.configs) {
        std::vector<const Setting*> settings;
        for (const Setting& s : config) settings.push_back(&s);
        add(std::move(settings));
    }
    if (spec.axes.empty() && spec.configs.empty()) add({});  // just the base configuration
    return points;
}

std::vector<std::string> parameter_columns(const SweepSpec& spec) {
    std::vector<std::string> columns{"preset"};
    auto add = [&](const std::string& key) {
        for (const std::string& c : columns)
            if (c == key) return;
        columns.push_back(key);
    };
    for (const Axis& axis : spec.axes)
        for (const std::string& key : axis.keys) add(key);
    for (const auto& config : spec.configs)
        for (const Setting& s : config) add(s.key);
    return columns;
}

std::string describe(const SweepSpec& spec, const SweepPoint& point) {
    std::string text;
    bool has_preset = false;
    for (const Setting* s : point.settings) has_preset = has_preset || s->key == "preset";
    if (!has_preset) text = "preset=" + setting_text(spec.base_preset.value);
    for (const Setting* s : point.settings) text += (text.empty() ? "" : " ") + s->key + "=" + setting_text(s->value);
    return text;
}

}  // namespace dramsweep::sweep
