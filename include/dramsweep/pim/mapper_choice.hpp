#pragma once
// Which mapper maps a network onto a PIM design, and the NicePIM mapper's options, as
// `pim evaluate`, sweep specs (workload.mapper, workload.beam, ...) and serve requests (mapper,
// beam, ...) choose them (docs/pim.md, "Sweeps and serve"). One reader and one check for all three.
// The goal is the design's own (pim.mapping.goal), for both mappers.

#include <string>

#include "dramsweep/common/json_source.hpp"
#include "dramsweep/pim/nicepim_mapper.hpp"

namespace dramsweep::pim {

struct MapperChoice {
    std::string mapper = "baseline";  // baseline | nicepim
    int beam = 4;
    std::string scheduler = "ilp";  // ilp | greedy | pull
    double ilp_limit_s = 0.01;      // CPU seconds per layer
    bool branch_parallelism = true;
    bool layout_search = true;
    bool capacity_allocation = true;

    bool nicepim() const { return mapper == "nicepim"; }
};

// Throws InputError(file "", line 0) naming the field: "mapper", "beam", "scheduler" or "ilp_limit".
void check_mapper_choice(const MapperChoice& choice);

// The NicePIM mapper's options for a checked choice, minimising `goal`.
NicePimOptions nicepim_options(const MapperChoice& choice, Goal goal);

// Reads the optional keys "mapper", "beam", "scheduler", "ilp_limit", "branch_parallelism",
// "layout_search" and "capacity_allocation" of the object at `at`; a bad value fails at its JSON
// path. The NicePIM options without "mapper": "nicepim" are an error (they would be ignored).
MapperChoice read_mapper_choice(const JsonSource& source, const JsonPointer& at);

}  // namespace dramsweep::pim
