#pragma once
// NicePIM's PIM-Mapper with the Data-Scheduler (docs/pim.md, "PIM-Mapper"): a layer-wise beam
// search over partitions, data layouts and, for parallel branches, splits of the mesh into
// disjoint rectangles; then DRAM capacity allocation (weights partitioned where replicated ones
// do not fit) and, per layer, the Data-Scheduler's schedule of the shared data.
//
// Every layer is evaluated by the evaluator of evaluator.hpp (region_eval.hpp for sub-meshes).
// Unlike the baseline, the time of a layer counts the NoC: the larger of the evaluator's time
// and the busiest link's (noc_aware_time), for the search and for the totals.

#include <cstdint>
#include <utility>
#include <vector>

#include "dramsweep/pim/capacity.hpp"
#include "dramsweep/pim/region_eval.hpp"

namespace dramsweep::pim {

enum class SchedulerKind : std::uint8_t { kPull, kGreedy, kIlp };
const char* scheduler_name(SchedulerKind s);

// Where a layer's ofmap is written: as its nodes computed it, laid out to match its consumer's
// partition, or interleaved over the consumer's nodes by channel or by spatial tile.
enum class LayoutKind : std::uint8_t { kProducer, kMatched, kChannel, kSpatial };
const char* layout_name(LayoutKind l);

struct NicePimOptions {
    Goal goal = Goal::kEnergy;
    int beam_width = 4;
    bool branch_parallelism = true;
    bool layout_search = true;
    bool capacity_allocation = true;  // partition weights where the replicated ones overflow a node
    SchedulerKind scheduler = SchedulerKind::kIlp;
    double ilp_time_limit_s = 0.01;  // per layer (CPU seconds)
    int max_branches = 4;
    // Skip a split of the mesh whose lower bound (each branch's operations over its rectangle's
    // PEs; the MAC and register-file energy) cannot enter the beam. The result is the same.
    bool prune_splits = true;
    CandidateEvaluator evaluator;  // the candidates' full evaluations: one by one, host threads or CUDA
};

struct LayerSchedule {
    std::int64_t blocks = 0;                                          // shared blocks with a choice
    double pull_makespan = 0, greedy_makespan = 0, ilp_makespan = 0;  // cycles (scheduled data and ofmaps)
    std::int64_t pull_bit_hops = 0, greedy_bit_hops = 0, ilp_bit_hops = 0;
    bool optimal = true;
    double makespan_gap = 0, bit_hop_gap = 0;
    double seconds = 0;  // the chosen scheduler's
};

struct NicePimLayer : MappedLayer {
    LayoutKind layout = LayoutKind::kProducer;
    LayerEval eval;  // with the schedule applied; `time` the NoC-aware time
    LayerSchedule schedule;
};

struct NicePimStep {
    std::vector<int> layers;
    bool parallel = false;
    std::vector<Rect> branch_rects;  // parallel: one per branch
    std::int64_t time = 0;
    double energy_pj = 0;
};

struct NicePimResult {
    std::vector<NicePimLayer> layers;
    std::vector<NicePimStep> steps;
    NetworkMapping mapping;  // candidates (partitions of their rectangles) and the input layout
    NetworkEval eval;        // per layer as `layers`; totals over the steps
    CapacityReport capacity;
    std::int32_t weights_partitioned = 0;  // layers whose weights capacity allocation partitioned
    MapperStats stats;
    double scheduler_seconds = 0;
    std::int64_t segments_parallel = 0;  // branch segments run on split meshes
    std::int64_t splits_pruned = 0;      // splits whose lower bound could not enter the beam
};

// A step's branches (rectangles) with the time of each, its layers one after another, given
// each layer's time; the step takes the slowest.
std::vector<std::pair<Rect, std::int64_t>> branch_times(const std::vector<NicePimLayer>& layers,
                                                        const NicePimStep& step,
                                                        const std::vector<std::int64_t>& layer_times);
// The step's dynamic energy plus the whole chip's static energy over `time`.
double step_energy(const PimHardware& hw, const std::vector<NicePimLayer>& layers, const NicePimStep& step,
                   std::int64_t time);

// Throws InputError when a layer has no mapping that fits its buffers, or when the mapping does
// not fit the nodes' DRAM even with every weight partitioned (naming the node and the overflow).
NicePimResult map_nicepim(const PimHardware& hw, const Network& net, std::int64_t batch,
                          const NicePimOptions& options = {});

}  // namespace dramsweep::pim
