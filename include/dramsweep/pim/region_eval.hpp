#pragma once
// A layer mapped onto a rectangular sub-mesh (docs/pim.md, "PIM-Mapper"): the evaluator of
// evaluator.hpp run on a design whose mesh is the rectangle, with the layer's input and output
// layouts translated into the rectangle's coordinates, so that word-hops to data outside it are
// counted from where the data really lies; the link loads are placed on the whole mesh.
//
// The rectangle uses its own nodes' DRAM stacks (stacked memory): its DRAM time is its traffic
// over its own interfaces, its static energy its share of the nodes.

#include <cstdint>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/evaluator.hpp"

namespace dramsweep::pim {

struct Rect {
    Dim2 origin{0, 0};
    Dim2 dim{1, 1};
    std::int32_t nodes() const { return dim.size(); }
    bool operator==(const Rect& o) const { return origin == o.origin && dim == o.dim; }
};

inline Rect whole_mesh(const PimHardware& hw) {
    return Rect{Dim2{0, 0}, Dim2{hw.mesh_h, hw.mesh_w}};
}

// The design restricted to `rect`: its mesh, its share of the static energy.
PimHardware sub_hardware(const PimHardware& hw, const Rect& rect);

// `ctx` (ifmap in absolute coordinates) as a layer on `rect` sees it: the ifmap in the rectangle's
// coordinates and, on a smaller rectangle, the placement that puts its link loads on the whole
// mesh. With sub_hardware(hw, rect), evaluate_candidate on it is evaluate_on_region for a
// partition's own ofmap (stacked memory). Throws std::invalid_argument for a context already on a
// rectangle.
LayerContext rect_context(const PimHardware& hw, const Rect& rect, const LayerContext& ctx);

// The tensor of `layer` split by `part` over `rect` (absolute coordinates); on the whole mesh,
// over the design's DRAM region (ofmap_layout).
DataLayout region_layout(const PimHardware& hw, const Rect& rect, const LayerShape& layer, std::int64_t batch,
                         const PartitionScheme& part);

// The full evaluation of `cand` (a partition of rect's nodes) on `rect`: `ctx.ifmap` and
// `ofmap` in absolute coordinates. Link loads (max_link_bits, noc_time) are on the whole mesh.
LayerEval evaluate_on_region(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                             const Candidate& cand, const DataLayout& ofmap);

// The link loads of the same evaluation (whole mesh, absolute routes), with the DRAM-level fetch
// counts `fetch0` (pass zeros to leave a data category out).
LinkLoads region_link_loads(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                            const Candidate& cand, const DataLayout& ofmap, const std::int64_t* fetch0);

// A layer's time with the NoC: the evaluator's time or the busiest link's, the larger.
inline std::int64_t noc_aware_time(const LayerEval& e) {
    return e.time > e.noc_time ? e.time : e.noc_time;
}
// Its energy with the static part over that time (`hw`: the design the layer ran on).
inline double noc_aware_energy(const PimHardware& hw, const LayerEval& e) {
    return e.energy_total_pj - e.energy_pj[kEnergyStatic] +
           hw.energy.static_pj_per_cycle * static_cast<double>(noc_aware_time(e));
}

// How the mapper's candidates get their full evaluation: one by one (kReference:
// evaluate_candidate, or evaluate_on_region on a smaller rectangle, per candidate) or as one batch
// per layer, rectangle and input layout on the batched evaluator of batch.hpp (kHost: `threads`
// host threads; kCuda: the CUDA kernel). The results are the same in every field.
struct CandidateEvaluator {
    backend::BackendKind backend = backend::BackendKind::kHost;
    unsigned threads = 1;  // kHost; 1 by default, so that the mapper's speed is one core's
};

// The full evaluations of `cands` (partitions of rect's nodes, each writing its ofmap where its
// nodes computed it, as region_layout places it) on `rect`, in order, on `evaluator`. A smaller
// rectangle needs stacked memory and candidates without ofmap_placed (std::invalid_argument).
std::vector<LayerEval> evaluate_candidates(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                           const std::vector<Candidate>& cands,
                                           const CandidateEvaluator& evaluator);

struct RegionChoice {
    Candidate cand;
    DataLayout ofmap;  // the partition projected onto the rectangle
    LayerEval eval;
};

// The best candidate of each partition of the layer on `rect` (loop blocking and replication
// split searched as the baseline does, ofmap where the nodes computed it), ranked by `goal` with
// the NoC-aware time; at most `keep` of them, best first. Empty when nothing fits. The full
// evaluations run on `evaluator`.
std::vector<RegionChoice> search_on_region(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                           Goal goal, int keep, MapperStats* stats = nullptr,
                                           const CandidateEvaluator& evaluator = {});

}  // namespace dramsweep::pim
