#pragma once
// A whole network mapped onto a PIM design: each layer's candidate evaluated with its input
// where its producers left it (docs/pim.md, "Evaluator"), and the totals.

#include <functional>
#include <string>
#include <vector>

#include "dramsweep/pim/evaluator.hpp"
#include "dramsweep/pim/network.hpp"

namespace dramsweep::pim {

struct NetworkMapping {
    PartitionScheme input_part;     // how the network input (and layers' own inputs) lie in DRAM
    std::vector<Candidate> layers;  // one per network layer, in the network's order
};

struct NetworkEvalOptions {
    // nn_dataflow memoises the word-hops of a partition under a key that ignores which node
    // needs which range, so a partition can be charged the hops of an earlier one with the same
    // ranges and nodes (docs/validation.md, "PIM"). Reproduce that, for parity: the layers are
    // visited in `order` (network indices; empty: the network's order), every partition
    // nn_dataflow would have tried before filling the memo.
    bool nn_dataflow_hop_memo = false;
    std::vector<int> order;
    // With the memo: the partitions nn_dataflow's search tried for a layer (its driver's filters).
    std::function<bool(int layer, const PartitionScheme&)> partition_filter;
};

struct NetworkTotals {
    std::int64_t ops = 0;
    std::int64_t time = 0;  // layers one after the other
    std::int64_t access[kNumLevels] = {};
    std::int64_t hops = 0;
    double energy_pj[kNumEnergyParts] = {};
    double energy_total_pj = 0;
    std::int64_t dram_words_per_node = 0;  // the most any layer needs
};

struct NetworkEval {
    std::vector<LayerEval> layers;
    std::vector<DataLayout> ofmap_layouts;
    NetworkTotals total;
};

// The layout a layer reads: its producers' ofmaps concatenated along channels.
DataLayout layer_input_layout(const PimHardware& hw, const Network& net, std::int64_t batch, int layer,
                              const NetworkMapping& mapping, const std::vector<DataLayout>& ofmaps);

// The context `layer` is evaluated in under `mapping`: its shape, the batch and the layout of its
// input (`ofmaps`: the ofmap layouts of its producers, by layer index).
LayerContext layer_context(const PimHardware& hw, const Network& net, std::int64_t batch, int layer,
                           const NetworkMapping& mapping, const std::vector<DataLayout>& ofmaps);

// Every layer's context and ofmap layout under `mapping`, in the network's order: what
// evaluate_network evaluates each candidate in, for batched evaluation (batch.hpp).
struct NetworkContexts {
    std::vector<LayerContext> contexts;
    std::vector<DataLayout> ofmap_layouts;
};
NetworkContexts network_contexts(const PimHardware& hw, const Network& net, std::int64_t batch,
                                 const NetworkMapping& mapping);

// Evaluates every layer; a layer whose candidate is invalid keeps its error in `layers`.
NetworkEval evaluate_network(const PimHardware& hw, const Network& net, std::int64_t batch,
                             const NetworkMapping& mapping, const NetworkEvalOptions& options = {});

// Totals of the evaluated layers (all must be valid).
NetworkTotals network_totals(const std::vector<LayerEval>& layers);

// True when some loop blocking of some replication split fits the buffers (nn_dataflow only
// tries partitions that have one).
bool partition_has_blocking(const PimHardware& hw, const LayerShape& layer, std::int64_t batch,
                            const PartitionScheme& part);

}  // namespace dramsweep::pim
