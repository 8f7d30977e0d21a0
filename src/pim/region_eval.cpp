#include "dramsweep/pim/region_eval.hpp"

#include <algorithm>
#include <stdexcept>

#include "dramsweep/pim/batch.hpp"
#include "dramsweep/pim/batch_cuda.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {

PimHardware sub_hardware(const PimHardware& hw, const Rect& rect) {
    PimHardware sub = hw;
    sub.mesh_h = rect.dim.h;
    sub.mesh_w = rect.dim.w;
    sub.energy.static_pj_per_cycle =
        hw.energy.static_pj_per_cycle * static_cast<double>(rect.nodes()) / static_cast<double>(hw.nodes());
    return sub;
}

DataLayout translate_layout(const DataLayout& layout, Dim2 by) {
    DataLayout out = layout;
    for (int f = 0; f < out.count; ++f) {
        out.frag[f].region.origin.h += by.h;
        out.frag[f].region.origin.w += by.w;
    }
    return out;
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

LayerContext relative_context(const LayerContext& ctx, const Rect& rect) {
    LayerContext rel = ctx;
    rel.ifmap = translate_layout(ctx.ifmap, negate(rect.origin));
    return rel;
}

UnitHops region_unit_hops(const PimHardware& sub, const LayerContext& rel, const Candidate& cand,
                          const DataLayout& ofmap_rel) {
    const DramNodes dram = dram_nodes(sub);
    const HopInputs in{&rel.layer, rel.batch,  &cand.part, proc_region(sub),
                       &dram,      &rel.ifmap, &ofmap_rel, sub.options.access_forwarding};
    return unit_hops(in);
}

// The busiest link and the NoC time of `links` (on the whole mesh), as add_link_loads records them.
void set_link_loads(const PimHardware& hw, const LinkLoads& links, LayerEval& e) {
    e.max_link_bits = links.max_bits();
    e.noc_time = e.max_link_bits > 0 ? ceil_div(e.max_link_bits, hw.link_bits) +
                                           std::int64_t{links.longest_route} * hw.hop_cycles
                                     : 0;
}

}  // namespace

LinkLoads region_link_loads(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                            const Candidate& cand, const DataLayout& ofmap, const std::int64_t* fetch0) {
    const PimHardware sub = sub_hardware(hw, rect);
    DramNodes dram = dram_nodes(sub);
    for (std::int32_t i = 0; i < dram.count; ++i) {
        dram.node[i].h += rect.origin.h;
        dram.node[i].w += rect.origin.w;
    }
    const HopInputs in{&ctx.layer, ctx.batch,  &cand.part, NodeRegion{rect.dim, rect.origin, Dim2{1, 1}},
                       &dram,      &ctx.ifmap, &ofmap,     hw.options.access_forwarding};
    return link_loads(in, fetch0, hw.word_bits, hw.psum_bits, hw.mesh_h, hw.mesh_w);
}

LayerEval evaluate_on_region(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                             const Candidate& cand, const DataLayout& ofmap) {
    const PimHardware sub = sub_hardware(hw, rect);
    const LayerContext rel = relative_context(ctx, rect);
    const DataLayout ofmap_rel = translate_layout(ofmap, negate(rect.origin));
    LayerEval e = evaluate_with_hops(sub, rel, cand, region_unit_hops(sub, rel, cand, ofmap_rel));
    if (!e.ok()) return e;
    set_link_loads(hw, region_link_loads(hw, rect, ctx, cand, ofmap, e.fetch[0]), e);
    return e;
}

std::vector<LayerEval> evaluate_candidates(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                           const std::vector<Candidate>& cands,
                                           const CandidateEvaluator& evaluator) {
    std::vector<LayerEval> evals;
    // A rectangle's candidates one by one: their input lies outside the rectangle, and the batch's
    // job places its link loads on its own design's mesh (here the rectangle's), which those routes
    // leave; evaluate_on_region places them on the whole mesh.
    if (!(rect == whole_mesh(hw))) {
        evals.reserve(cands.size());
        for (const Candidate& c : cands)
            evals.push_back(
                evaluate_on_region(hw, rect, ctx, c, region_layout(hw, rect, ctx.layer, ctx.batch, c.part)));
        return evals;
    }
    if (evaluator.backend == backend::BackendKind::kReference) {
        evals.reserve(cands.size());
        for (const Candidate& c : cands) evals.push_back(evaluate_candidate(hw, ctx, c));
        return evals;
    }
    if (evaluator.backend != backend::BackendKind::kHost && evaluator.backend != backend::BackendKind::kCuda)
        throw std::invalid_argument("evaluate_candidates: the backend must be resolved");
    std::vector<EvalJob> jobs(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) jobs[i].candidate = cands[i];
    return evaluator.backend == backend::BackendKind::kCuda
               ? evaluate_batch_cuda({&hw, 1}, {&ctx, 1}, jobs)
               : evaluate_batch({&hw, 1}, {&ctx, 1}, jobs, evaluator.threads);
}

std::vector<RegionChoice> search_on_region(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                           Goal goal, int keep, MapperStats* stats,
                                           const CandidateEvaluator& evaluator) {
    const PimHardware sub = sub_hardware(hw, rect);
    const LayerContext rel = relative_context(ctx, rect);
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
