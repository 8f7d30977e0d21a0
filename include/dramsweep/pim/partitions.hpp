#pragma once
// The partition schemes of a layer over the mesh, in nn_dataflow's generation order
// (partition.gen_partition with its hybrid, batch and input-channel options), and small helpers
// around them.

#include <string>
#include <vector>

#include "dramsweep/pim/geometry.hpp"
#include "dramsweep/pim/layer_shape.hpp"

namespace dramsweep::pim {

// nn_dataflow's approx_dividable: `total` split into `parts` pads by at most 10 % or 1.
bool approx_dividable(std::int64_t total, std::int64_t parts);

// The schemes of `layer` (or, with `is_input`, of the network input as a K x E x F tensor) on
// `mesh` nodes; never empty (a pure OFMP or OUTP scheme when nothing else is allowed).
std::vector<PartitionScheme> generate_partitions(const LayerShape& layer, bool is_input, std::int64_t batch,
                                                 Dim2 mesh, const PimMappingOptions& options);

// "OUTP2x4+OFMP2x1" (top level first, trivial axes left out; "none" for one node).
std::string partition_text(const PartitionScheme& part);

}  // namespace dramsweep::pim
