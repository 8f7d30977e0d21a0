#pragma once
// Choosing level indices for the axes of a sweep: the full grid, a random sample of distinct grid
// points, or a Latin hypercube. Randomness comes from std::mt19937_64 (its output is fixed by the
// C++ standard) through our own integer mapping, so a seed gives the same sample on every
// platform and standard library (std::uniform_int_distribution is implementation-defined).

#include <cstdint>
#include <random>
#include <vector>

namespace dramsweep::sweep {

using Rng = std::mt19937_64;
using LevelChoice = std::vector<std::uint32_t>;  // one level index per axis

// Uniform integer in [0, bound): rejection of the 2^64 mod bound lowest outputs, then modulo.
std::uint64_t uniform_below(Rng& rng, std::uint64_t bound);

// Fisher-Yates, from the last element down, with uniform_below.
void shuffle(std::vector<std::uint64_t>& values, Rng& rng);

// Number of grid points, saturating at UINT64_MAX.
std::uint64_t grid_size(const std::vector<std::uint32_t>& levels_per_axis);

// Every grid point, the last axis varying fastest (nested loops in the order the axes are written).
std::vector<LevelChoice> grid_points(const std::vector<std::uint32_t>& levels_per_axis);

// `samples` distinct grid points, each axis drawn uniformly in axis order, repeats redrawn.
// Requires samples <= grid_size.
std::vector<LevelChoice> random_points(const std::vector<std::uint32_t>& levels_per_axis, std::uint64_t samples,
                                       std::uint64_t seed);

// Latin hypercube of `samples` points: per axis (in order) a random permutation p of the samples
// strata; sample j takes level floor(p[j] * levels / samples), so every stratum is used exactly
// once and every level floor or ceil(samples / levels) times.
std::vector<LevelChoice> latin_hypercube_points(const std::vector<std::uint32_t>& levels_per_axis,
                                                std::uint64_t samples, std::uint64_t seed);

// `count` distinct indices of [0, total), ascending, chosen with seed (for --validate N).
std::vector<std::uint64_t> choose_indices(std::uint64_t total, std::uint64_t count, std::uint64_t seed);

}  // namespace dramsweep::sweep
