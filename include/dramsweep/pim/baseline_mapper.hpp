#pragma once
// The TETRIS-style baseline mapper (docs/pim.md, "Baseline mapper"): layer by layer, every
// layer on all nodes; per layer the partitions of nn_dataflow's hybrid space, the replication
// splits and the loop blockings are searched, and the best by the goal is kept. Outputs stay in
// the producing nodes' DRAM, weights are read where they lie, ifmap pieces are pulled from
// their owners (no forwarding unless the hardware forwards). The network input's layout is
// chosen with the first layer that reads it.
//
// The loop-blocking search is exact over nn_dataflow's space (every factorisation of every
// loop over the three levels, every order): a branch and bound on the closed form of the fetch
// counts, each improvement confirmed by the evaluator.

#include <cstdint>
#include <functional>

#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"

namespace dramsweep::pim {

struct MapperOptions {
    Goal goal = Goal::kEnergy;
    // Restricts the partitions a layer may use (nn_dataflow's driver filters); empty: all.
    std::function<bool(int layer, const PartitionScheme&)> partition_filter;
};

struct MapperStats {
    std::int64_t partitions = 0;         // (input layout, partition) pairs searched
    std::int64_t loop_nests = 0;         // replication splits searched
    std::int64_t blockings_bounded = 0;  // blockings whose bound was computed
    std::int64_t evaluations = 0;        // evaluator calls
    std::int64_t layer_cache_hits = 0;   // layers identical to an earlier one (shape and input layout)
    // Leaves where the search's closed form disagrees with the evaluator (a bound above the
    // evaluator's energy, not equal to it where it should be exact, or a blocking the evaluator
    // rejects): always 0, checked by the tests.
    std::int64_t bound_mismatches = 0;
};

struct MapperResult {
    NetworkMapping mapping;
    NetworkEval eval;
    MapperStats stats;
};

// Throws InputError when a layer has no mapping that fits the buffers (naming the layer).
MapperResult map_baseline(const PimHardware& hw, const Network& net, std::int64_t batch,
                          const MapperOptions& options = {});

// The best loop blocking of one partition and replication split (the search map_baseline runs
// for each); `found` is false when no blocking fits.
struct BlockingChoice {
    bool found = false;
    Candidate candidate;
    LayerEval eval;
};
BlockingChoice best_blocking(const PimHardware& hw, const LayerContext& ctx, const PartitionScheme& part,
                             std::int32_t repl_ifm_factor, Goal goal, MapperStats* stats = nullptr);

// The better of two evaluations under `goal` (energy then time; time then energy; their product).
bool better(Goal goal, double energy_a, std::int64_t time_a, double energy_b, std::int64_t time_b);

}  // namespace dramsweep::pim
