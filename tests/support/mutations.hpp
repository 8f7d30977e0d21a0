#pragma once
// Mutated copies of a valid input for the fuzz-style tests: random bytes, truncations, bit flips,
// and numbers swapped for extreme ones (1e400, -1, 2^64, 0). Deterministic for a given seed, so
// that a failure names an input that can be made again.

#include <cstdint>
#include <random>
#include <string>

namespace dramsweep::testing {

class Mutator {
public:
    explicit Mutator(std::uint64_t seed) : rng_(seed) {}

    // The kind of mutation cycles with `i`, so that every kind is tried equally often.
    std::string mutate(const std::string& valid, std::size_t i);

    static constexpr std::size_t kKinds = 5;

private:
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

    std::mt19937_64 rng_;
};

// How many mutants of each input the tests try: DRAMSWEEP_FUZZ_INPUTS when set (longer runs), else
// `default_count`.
std::size_t fuzz_count(std::size_t default_count);

}  // namespace dramsweep::testing
