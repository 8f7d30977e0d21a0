#pragma once
// Sweeps split across processes that do not talk to each other (job arrays): `--shard I/N` runs
// configurations I, I+N, I+2N, ... and its rows carry the identity of the whole spec, so that
// `dramsweep merge` (merge.hpp) can check that every shard ran the same spec.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {

struct Shard {
    std::size_t index = 0;  // 0 .. count-1
    std::size_t count = 1;

    // Round robin rather than contiguous blocks: neighbouring configurations of a grid differ in
    // one axis, so every shard gets a like share of the slow and the fast ones.
    bool holds(std::size_t config) const { return config % count == index; }
    std::string text() const;  // "I/N"
};

// "I/N" with 0 <= I < N; anything else throws InputError naming `field`.
Shard parse_shard(const std::string& text, const std::string& field = "--shard");

// The columns a shard appends to every row: the spec's hash and its number of configurations.
inline const std::string kSpecHashColumn = "spec_hash";
inline const std::string kSpecConfigsColumn = "spec_configs";
std::vector<std::string> shard_columns();

// The identity of a whole spec: every point's hash, in order (the points' hashes already cover
// the base, the workload and their settings).
std::uint64_t spec_hash(const std::vector<SweepPoint>& points);

// `row` with the shard columns appended.
Row with_shard_columns(const Row& row, std::uint64_t spec_hash, std::size_t spec_configs);

}  // namespace dramsweep::sweep
