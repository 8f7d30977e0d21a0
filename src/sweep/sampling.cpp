// Grid, random and Latin-hypercube choices of axis levels (sampling.hpp), reproducible across
// platforms: only mt19937_64's raw output and integer arithmetic decide a sample.

#include "dramsweep/sweep/sampling.hpp"

#include <limits>
#include <set>
#include <stdexcept>

namespace dramsweep::sweep {

std::uint64_t uniform_below(Rng& rng, std::uint64_t bound) {
    if (bound == 0) throw std::invalid_argument("uniform_below: empty range");
    // 2^64 mod bound, computed in 64 bits: the outputs below it would bias the modulo.
    const std::uint64_t reject_below = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t r = rng();
        if (r >= reject_below) return r % bound;
    }
}

void shuffle(std::vector<std::uint64_t>& values, Rng& rng) {
    for (std::size_t i = values.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(uniform_below(rng, i));
        std::swap(values[i - 1], values[j]);
    }
}

std::uint64_t grid_size(const std::vector<std::uint32_t>& levels_per_axis) {
    std::uint64_t n = 1;
    for (const std::uint32_t levels : levels_per_axis) {
        if (levels == 0) return 0;
        if (n > std::numeric_limits<std::uint64_t>::max() / levels) return std::numeric_limits<std::uint64_t>::max();
        n *= levels;
    }
    return n;
}

std::vector<LevelChoice> grid_points(const std::vector<std::uint32_t>& levels_per_axis) {
    const std::uint64_t n = grid_size(levels_per_axis);
    std::vector<LevelChoice> points;
    points.reserve(static_cast<std::size_t>(n));
    LevelChoice current(levels_per_axis.size(), 0);
    for (std::uint64_t p = 0; p < n; ++p) {
        points.push_back(current);
        // Odometer step: the last axis turns fastest.
        for (std::size_t a = current.size(); a-- > 0;) {
            if (++current[a] < levels_per_axis[a]) break;
            current[a] = 0;
        }
    }
    return points;
}

std::vector<LevelChoice> random_points(const std::vector<std::uint32_t>& levels_per_axis, std::uint64_t samples,
                                       std::uint64_t seed) {
    if (samples > grid_size(levels_per_axis)) throw std::invalid_argument("more samples than grid points");
    Rng rng(seed);
    std::set<LevelChoice> seen;
    std::vector<LevelChoice> points;
    points.reserve(static_cast<std::size_t>(samples));
    while (points.size() < samples) {
        LevelChoice choice(levels_per_axis.size());
        for (std::size_t a = 0; a < choice.size(); ++a)
            choice[a] = static_cast<std::uint32_t>(uniform_below(rng, levels_per_axis[a]));
        if (seen.insert(choice).second) points.push_back(std::move(choice));
    }
    return points;
}

std::vector<LevelChoice> latin_hypercube_points(const std::vector<std::uint32_t>& levels_per_axis,
                                                std::uint64_t samples, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<LevelChoice> points(static_cast<std::size_t>(samples), LevelChoice(levels_per_axis.size()));
    std::vector<std::uint64_t> strata(static_cast<std::size_t>(samples));
    for (std::size_t a = 0; a < levels_per_axis.size(); ++a) {
        for (std::size_t s = 0; s < strata.size(); ++s) strata[s] = s;
        shuffle(strata, rng);
        for (std::size_t j = 0; j < points.size(); ++j)
            points[j][a] = static_cast<std::uint32_t>(strata[j] * levels_per_axis[a] / samples);
    }
    return points;
}

std::vector<std::uint64_t> choose_indices(std::uint64_t total, std::uint64_t count, std::uint64_t seed) {
    if (count >= total) {
        std::vector<std::uint64_t> all(static_cast<std::size_t>(total));
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
        return all;
    }
    // Floyd's algorithm: `count` distinct values with `count` draws, no array of size `total`.
    Rng rng(seed);
    std::set<std::uint64_t> chosen;
    for (std::uint64_t j = total - count; j < total; ++j) {
        const std::uint64_t t = uniform_below(rng, j + 1);
        if (!chosen.insert(t).second) chosen.insert(j);
    }
    return {chosen.begin(), chosen.end()};
}

}  // namespace dramsweep::sweep
