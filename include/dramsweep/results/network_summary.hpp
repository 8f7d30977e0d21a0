#pragma once
// The integer results of one network in the closed loop (docs/model.md, rules C1-C5): what every
// backend (reference, host batched engine, CUDA) must produce identically, as RunSummary is for
// a trace. Everything `dramsweep run`, sweeps and `serve` report about a network is derived from
// these integers by one function (coupled::network_result).

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/results/dram_counters.hpp"
#include "dramsweep/results/run_summary.hpp"

namespace dramsweep::results {

struct LayerSummary {
    std::uint64_t reads = 0, writes = 0;  // the layer's own requests (its folds' prefetches and outputs)
    std::uint64_t end_cycle = 0;  // accelerator cycle the layer ends (the last layer: the run, drain included)
    std::uint64_t end_clock = 0;  // DRAM clock its statistics end (rule C5)
    DramCounters dram;            // the layer's own clocks [previous end_clock, end_clock)

    bool operator==(const LayerSummary&) const = default;
};

struct NetworkSummary {
    std::uint64_t cycles = 0;  // accelerator cycles of the whole run, drain included
    std::vector<LayerSummary> layers;
    RunSummary dram;  // the whole run as one DRAM run (dram.cycles: DRAM clocks)

    bool operator==(const NetworkSummary&) const = default;
};

// "" when equal, else the first differing field ("layers[3].dram.row_hits", "dram.cycles").
std::string first_difference(const NetworkSummary& a, const NetworkSummary& b);

}  // namespace dramsweep::results
