#pragma once
// `dramsweep merge`: the files of a sweep's shards (shard.hpp) joined into the one result file
// a single process would have written, sorted by configuration, without the shard columns.

#include <cstddef>
#include <string>
#include <vector>

namespace dramsweep::sweep {

struct MergeReport {
    std::size_t shards = 0;   // files read
    std::size_t configs = 0;  // rows written
};

// Refuses (InputError, naming the file, line and field) unless every input is a finished shard
// of the same spec, in the output's format, and every configuration appears exactly once.
// The output appears only when complete (written to OUT.partial, then renamed).
MergeReport merge_shards(const std::vector<std::string>& inputs, const std::string& out);

}  // namespace dramsweep::sweep
