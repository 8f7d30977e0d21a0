#pragma once
// The timing mode (docs/pim.md, "Timing mode"), beyond nn_dataflow's model (unlimited DRAM
// bandwidth, no NoC contention): each layer's DRAM traffic runs through the project's
// cycle-level DRAM model and the NoC time is the most loaded link's traffic over its width.
//
// One node's DRAM request stream follows its loop nest: at every iteration of the DRAM-level
// loops, the blocks that change are read (an ofmap block also written back when it leaves, and
// its partial sums read back when it returns), addressed as the node's tensors lie in its DRAM
// (each tensor row-major over its two loops, so a block that spans a whole inner dimension is one
// run and a partial one is strided). The stream runs through the node's DRAM (the design's
// `dram.preset` with its pins and capacity) in a saturating closed loop; every node runs the same
// partitioned layer, so one node's stream stands for all (with corner memories, one channel
// serves the streams of its share of the nodes).

#include <functional>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network_eval.hpp"

namespace dramsweep::pim {

enum class Bound : std::uint8_t { kCompute, kArrayBus, kDram, kNoc };
const char* bound_name(Bound b);

struct TimingLayer {
    std::int64_t analytical_time = 0;  // the evaluator's
    std::int64_t proc_time = 0;
    std::int64_t bus_time = 0;
    std::int64_t dram_time = 0;  // logic cycles the DRAM model needs for the stream
    std::int64_t noc_time = 0;   // most loaded link's bits / link width + longest route x hop latency
    std::int64_t time = 0;       // the largest of the four
    Bound bound = Bound::kCompute;
    results::RunSummary dram_run;  // of one DRAM: its requests, row hits, misses and conflicts
    double dram_bandwidth_gbps = 0;
    std::int64_t max_link_bits = 0;
    double energy_pj = 0;        // the evaluator's energy with the static part over `time`
    std::uint8_t placement = 0;  // the DramPlacement its stream was laid out by
};

struct TimingResult {
    std::vector<TimingLayer> layers;
    std::int64_t analytical_time = 0;
    std::int64_t time = 0;
    double analytical_energy_pj = 0;
    double energy_pj = 0;
};

// The node's DRAM: the preset with the design's pins (bus width) and capacity (rows), then
// `dram_overrides` ("controller.page_policy=closed", ...). Fails naming dram.pins,
// dram.capacity_mb or dram.pin_mbps when the preset cannot be made to match.
dram::DramConfig node_dram_config(const PimConfig& config,
                                  const std::vector<std::string>& dram_overrides = {});

// How a node's tensors are placed in its DRAM's rows and banks: row-major over their two loops
// (a block that spans the inner dimension is one run, a partial one a strided set of runs), or
// tiled by the DRAM-level blocks of the loop nest (each block one run, in the nest's order).
enum class DramPlacement : std::uint8_t { kRowMajor, kBlockTiled };
const char* placement_name(DramPlacement p);

// One node's DRAM traffic for a layer as contiguous runs [begin, end) of bytes, in order.
struct DramRun {
    std::uint64_t begin = 0, end = 0;
    bool write = false;
};
void visit_node_dram_runs(const PimHardware& hw, const LayerContext& ctx, const Candidate& cand,
                          const LayerEval& eval, const std::function<void(const DramRun&)>& visit,
                          DramPlacement placement = DramPlacement::kRowMajor);
// The same runs as DRAM requests, one per burst of `burst_bytes` a run touches.
std::vector<dram::TraceRequest> node_dram_stream(const PimHardware& hw, const LayerContext& ctx,
                                                 const Candidate& cand, const LayerEval& eval,
                                                 std::uint32_t burst_bytes,
                                                 DramPlacement placement = DramPlacement::kRowMajor);

// A request stream through one DRAM (the reference model's saturating closed loop).
dram::TraceRunResult simulate_dram(const dram::DramConfig& config,
                                   const std::vector<dram::TraceRequest>& stream);

// `placements`: one per layer (empty: row-major everywhere, the baseline's).
TimingResult run_timing_mode(const PimConfig& config, const std::vector<std::string>& dram_overrides,
                             const Network& net, std::int64_t batch, const NetworkMapping& mapping,
                             const NetworkEval& eval, const std::vector<DramPlacement>& placements = {});

}  // namespace dramsweep::pim
