#pragma once
// The data a partitioned layer shares between nodes, as a Data-Scheduler problem (docs/pim.md,
// "Data-Scheduler"), and the schedule's effect on the layer's evaluation.
//
// Ifmaps: each piece of the input layout (held by one node) is cut into the boxes that the
// nodes' ifmap ranges (with their halos) delimit; boxes needed by the same set of nodes form one
// block, moved once per DRAM-level ifmap fetch. Filters: with replicated weights every node
// reads its filter block from its own DRAM; with partitioned weights a block needed by a group
// of nodes is split over the group, one piece per member, and every member needs the others'
// pieces. The ofmap traffic (writes, partial sums) is the evaluator's, fixed.

#include "dramsweep/pim/data_scheduler.hpp"
#include "dramsweep/pim/region_eval.hpp"

namespace dramsweep::pim {

// How a layer's weights are held in DRAM: each node holds its whole filter block (copies where
// nodes share a block), or each shared block is split over the nodes that share it.
enum class WeightAlloc : std::uint8_t { kReplicated, kPartitioned };
const char* weight_alloc_name(WeightAlloc w);

ScheduleProblem sharing_problem(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                const Candidate& cand, const DataLayout& ofmap, const LayerEval& eval,
                                WeightAlloc weights);

// Every requester served by a holder (its first): the evaluator's pull, without forwarding.
Schedule pull_schedule(const ScheduleProblem& p);

// `eval` with its filter and ifmap NoC traffic replaced by `s`: word-hops, bit-hops, NoC
// energy, the busiest link and the NoC time.
void apply_schedule(const PimHardware& hw, const Schedule& s, LayerEval& eval);

// The most DRAM words one node holds of this layer's weights (per node of the mesh).
void add_weight_words(const Rect& rect, const LayerContext& ctx, const Candidate& cand, WeightAlloc weights,
                      std::int32_t mesh_w, std::vector<std::int64_t>& words);

}  // namespace dramsweep::pim
