#include "dramsweep/pim/region_eval.hpp"

#include <algorithm>
#include <stdexcept>

#include "dramsweep/pim/batch.hpp"
#include "dramsweep/pim/batch_cuda.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {

PimHardware sub_hardware(const PimHardware& hw, const Rect& rect) {
    // The whole mesh is the design itself (its static power not rescaled by n / n, which may round).
    if (rect == whole_mesh(hw)) return hw;
    PimHardware sub = hw;
    sub.mesh_h = rect.dim.h;
    sub.mesh_w = rect.dim.w;
    sub.energy.static_pj_per_cycle =
        hw.energy.static_pj_per_cycle * static_cast<double>(rect.nodes()) / static_cast<double>(hw.nodes());
    return sub;
}

DataLayout region_layout(const PimHardware& hw, const Rect& rect, const LayerShape& layer, std::int64_t batch,
                         const PartitionScheme& part) {
    // The whole mesh writes to the design's DRAM region (the corner channels with `corners`).
    if (rect == whole_mesh(hw)) return ofmap_layout(hw, layer, batch, part);
    // nn_dataflow's ofmap layout on a stacked design of the rectangle's size, moved to its place.
    PimHardware mesh;
    mesh.mesh_h = rect.dim.h;
    mesh.mesh_w = rect.dim.w;
    mesh.memory = MemoryPlacement::kStacked;
    return translate_layout(ofmap_layout(mesh, layer, batch, part), rect.origin);
}

namespace {

Dim2 negate(Dim2 d) {
    return Dim2{-d.h, -d.w};
}

UnitHops region_unit_hops(const PimHardware& sub, const LayerContext& rel, const Candidate& cand,
                          const DataLayout& ofmap_rel) {
    const DramNodes dram = dram_nodes(sub);
    const HopInputs in{&rel.layer, rel.batch,  &cand.part, proc_region(sub),
                       &dram,      &rel.ifmap, &ofmap_rel, sub.options.access_forwarding};
    return unit_hops(in);
}

}  // namespace

LayerContext rect_context(const PimHardware& hw, const Rect& rect, const LayerContext& ctx) {
    if (ctx.placement.on_rect)
        throw std::invalid_argument("rect_context: the layer context already lies on a rectangle");
    LayerContext rel = ctx;
    rel.ifmap = translate_layout(ctx.ifmap, negate(rect.origin));
    if (!(rect == whole_mesh(hw)))
        rel.placement = MeshPlacement{true, rect.origin, Dim2{hw.mesh_h, hw.mesh_w}};
    return rel;
}

LinkLoads region_link_loads(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                            const Candidate& cand, const DataLayout& ofmap, const std::int64_t* fetch0) {
    return placed_link_loads(sub_hardware(hw, rect), rect_context(hw, rect, ctx), cand,
                             translate_layout(ofmap, negate(rect.origin)), fetch0);
}

LayerEval evaluate_on_region(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                             const Candidate& cand, const DataLayout& ofmap) {
    const PimHardware sub = sub_hardware(hw, rect);
    const LayerContext rel = rect_context(hw, rect, ctx);
    const DataLayout ofmap_rel = translate_layout(ofmap, negate(rect.origin));
    LayerEval e = evaluate_with_hops(sub, rel, cand, region_unit_hops(sub, rel, cand, ofmap_rel));
    if (!e.ok()) return e;
    record_link_loads(sub, placed_link_loads(sub, rel, cand, ofmap_rel, e.fetch[0]), e);
    return e;
}

std::vector<LayerEval> evaluate_candidates(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                           const std::vector<Candidate>& cands,
                                           const CandidateEvaluator& evaluator) {
    const bool whole = rect == whole_mesh(hw);
    // A batch job writes the ofmap where candidate_ofmap_layout puts it on the rectangle's design;
    // that is region_layout's place for a partition's own ofmap on stacked memory, which is what
    // the branch splits run on.
    if (!whole) {
        if (hw.memory != MemoryPlacement::kStacked)
            throw std::invalid_argument("evaluate_candidates: a rectangle of the mesh needs stacked memory");
        for (const Candidate& c : cands)
            if (c.ofmap_placed)
                throw std::invalid_argument(
                    "evaluate_candidates: a candidate on a rectangle writes its ofmap where its nodes "
                    "computed it");
    }
    std::vector<LayerEval> evals;
    if (evaluator.backend == backend::BackendKind::kReference) {
        evals.reserve(cands.size());
        for (const Candidate& c : cands)
            evals.push_back(whole
                                ? evaluate_candidate(hw, ctx, c)
                                : evaluate_on_region(hw, rect, ctx, c,
                                                     region_layout(hw, rect, ctx.layer, ctx.batch, c.part)));
        return evals;
    }
    if (evaluator.backend != backend::BackendKind::kHost && evaluator.backend != backend::BackendKind::kCuda)
        throw std::invalid_argument("evaluate_candidates: the backend must be resolved");
    // The rectangle's own design and its context (ifmap in its coordinates, link loads on the whole
    // mesh): the job evaluates what evaluate_on_region does.
    const PimHardware sub = sub_hardware(hw, rect);
    const LayerContext rel = rect_context(hw, rect, ctx);
    std::vector<EvalJob> jobs(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) jobs[i].candidate = cands[i];
    return evaluator.backend == backend::BackendKind::kCuda
               ? evaluate_batch_cuda({&sub, 1}, {&rel, 1}, jobs)
               : evaluate_batch({&sub, 1}, {&rel, 1}, jobs, evaluator.threads);
}

std::vector<RegionChoice> search_on_region(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                           Goal goal, int keep, MapperStats* stats,
                                           const CandidateEvaluator& evaluator) {
    const PimHardware sub = sub_hardware(hw, rect);
    const LayerContext rel = rect_context(hw, rect, ctx);
    std::vector<RegionChoice> out;
    for (const PartitionScheme& part :
         generate_partitions(ctx.layer, false, ctx.batch, rect.dim, hw.options)) {
        if (stats) ++stats->partitions;
        const PartitionedLayer pl = partition_layer(ctx.layer, ctx.batch, part);
        const ArrayFit fit = fit_array(pl.shape, hw.pe_rows, hw.pe_cols);
        std::int32_t factors[64];
        const int splits = std::min(64, replication_splits(pl.shape, pl.batch, fit, factors, 64));
        BlockingChoice best;
        for (int s = 0; s < splits; ++s) {
            // The search's ofmap is where the nodes computed it, as region_layout places it.
            const BlockingChoice c = best_blocking(sub, rel, part, factors[s], goal, stats);
            if (c.found && (!best.found || better(goal, c.eval.energy_total_pj, c.eval.time,
                                                  best.eval.energy_total_pj, best.eval.time)))
                best = c;
        }
        if (!best.found) continue;
        RegionChoice rc;
        rc.cand = best.candidate;
        rc.ofmap = region_layout(hw, rect, ctx.layer, ctx.batch, part);
        out.push_back(rc);
    }
    std::vector<Candidate> cands(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) cands[i] = out[i].cand;
    const std::vector<LayerEval> evals = evaluate_candidates(hw, rect, ctx, cands, evaluator);
    for (std::size_t i = 0; i < out.size(); ++i) out[i].eval = evals[i];
    out.erase(std::remove_if(out.begin(), out.end(), [](const RegionChoice& rc) { return !rc.eval.ok(); }),
              out.end());
    std::stable_sort(out.begin(), out.end(), [&](const RegionChoice& a, const RegionChoice& b) {
        return better(goal, noc_aware_energy(sub, a.eval), noc_aware_time(a.eval),
                      noc_aware_energy(sub, b.eval), noc_aware_time(b.eval));
    });
    if (static_cast<int>(out.size()) > keep) out.resize(static_cast<std::size_t>(keep));
    return out;
}

}  // namespace dramsweep::pim
