#pragma once
// DRAM capacity per node of a mapped network (docs/pim.md, "PIM-Mapper"): the weights each node
// holds (replicated or partitioned, per layer), the feature maps alive at the busiest step (each
// tensor from the step that writes it to the last step that reads it, laid out as its layout
// says; the network input until its last reader) and staging space for the ifmap data a node
// receives from others (the largest such share over the layers).

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/sharing.hpp"

namespace dramsweep::pim {

struct MappedLayer {
    Rect rect;
    LayerContext ctx;
    Candidate cand;
    DataLayout ofmap;
    WeightAlloc weights = WeightAlloc::kReplicated;
    int step = 0;  // the layers of one step run together; steps one after another
};

struct CapacityReport {
    std::int64_t capacity_bytes = 0;                                                 // per node
    std::vector<std::int64_t> weight_bytes, fmap_bytes, staging_bytes, total_bytes;  // per node
    std::int32_t worst_node = 0;                                                     // h * W + w
    bool fits = true;
    std::int64_t overflow_bytes = 0;  // of the worst node, when it does not fit
};

// `input` is the network input's layout.
CapacityReport dram_capacity(const PimHardware& hw, const Network& net, std::int64_t batch,
                             const std::vector<MappedLayer>& layers, const DataLayout& input);

// "node (1,2) needs 300.5 MB of DRAM, 44.5 MB more than its 256 MB (weights 250.0, feature maps 40.0,
// staging 10.5)"
std::string capacity_text(const PimHardware& hw, const CapacityReport& r);

}  // namespace dramsweep::pim
