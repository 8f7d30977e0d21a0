#pragma once
// Branch parallelism (docs/pim.md, "PIM-Mapper"): the parallel branches of a network's DAG and
// the ways to run them at the same time on disjoint rectangular sub-meshes.
//
// A branch is a chain of layers, each the only consumer of the one before and with no other
// producer. A segment is a set of at least two branches whose first layers read exactly the same
// producers (an inception module's four paths, a residual block's projection shortcut beside its
// main path). Its splits are the guillotine cuts of the mesh into one rectangle per branch, every
// cut position and every assignment of branches to the two sides, enumerated exhaustively.

#include <vector>

#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/region_eval.hpp"

namespace dramsweep::pim {

struct BranchSegment {
    std::vector<std::vector<int>> chains;  // layer indices, producers first
};

// The layers that read each layer (its prevs and weights_from), per layer.
std::vector<std::vector<int>> layer_consumers(const Network& net);

// Segments of 2 to `max_branches` branches, in the order of their first layer.
std::vector<BranchSegment> find_branch_segments(const Network& net, int max_branches);

// Every guillotine split of `rect` into `count` rectangles, one per branch (index = branch).
std::vector<std::vector<Rect>> enumerate_splits(const Rect& rect, int count);

}  // namespace dramsweep::pim
