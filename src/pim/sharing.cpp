#include "dramsweep/pim/sharing.hpp"

#include <algorithm>
#include <map>

namespace dramsweep::pim {

const char* weight_alloc_name(WeightAlloc w) {
    return w == WeightAlloc::kReplicated ? "replicated" : "partitioned";
}

namespace {

struct NodeSet {
    std::int32_t count = 0;
    NodeData data[kMaxNodes];
    std::int32_t index[kMaxNodes];  // h * W + w on the whole mesh
    bool active[kMaxNodes];
};

NodeSet nodes_of(const Rect& rect, const LayerContext& ctx, const Candidate& cand, std::int32_t mesh_w) {
    NodeSet s;
    s.count = cand.part.nodes();
    const NodeRegion region{rect.dim, rect.origin, Dim2{1, 1}};
    for (std::int32_t i = 0; i < s.count; ++i) {
        const PartIndex p = part_index(cand.part, i);
        s.data[i] = node_data(ctx.layer, ctx.batch, cand.part, p);
        const Dim2 c = part_coordinate(region, cand.part, p);
        s.index[i] = c.h * mesh_w + c.w;
        s.active[i] = s.data[i].ifm.size() > 0 && s.data[i].ofm.size() > 0;
    }
    return s;
}

// The boxes of `piece` that the ranges of `nodes` delimit, summed per set of nodes needing them.
void cut_piece(const FmapRange& piece, const NodeSet& nodes, std::map<std::uint64_t, std::int64_t>& words) {
    std::vector<std::int32_t> touching;
    for (std::int32_t i = 0; i < nodes.count; ++i)
        if (nodes.active[i] && overlap_size(piece, nodes.data[i].ifm) > 0) touching.push_back(i);
    if (touching.empty()) return;
    std::vector<std::int64_t> cuts[4];
    for (int d = 0; d < 4; ++d) {
        cuts[d] = {piece.beg[d], piece.end[d]};
        for (std::int32_t i : touching)
            for (std::int64_t v : {nodes.data[i].ifm.beg[d], nodes.data[i].ifm.end[d]})
                if (v > piece.beg[d] && v < piece.end[d]) cuts[d].push_back(v);
        std::sort(cuts[d].begin(), cuts[d].end());
        cuts[d].erase(std::unique(cuts[d].begin(), cuts[d].end()), cuts[d].end());
    }
    std::size_t at[4] = {0, 0, 0, 0};
    for (;;) {
        FmapRange box;
        for (int d = 0; d < 4; ++d) {
            box.beg[d] = cuts[d][at[d]];
            box.end[d] = cuts[d][at[d] + 1];
        }
        std::uint64_t mask = 0;
        for (std::int32_t i : touching)
            if (overlap_size(box, nodes.data[i].ifm) == box.size())
                mask |= std::uint64_t{1} << nodes.index[i];
        if (mask) words[mask] += box.size();
        int d = 3;
        while (d >= 0 && ++at[d] + 1 == cuts[d].size()) at[d--] = 0;
        if (d < 0) return;
    }
}

void add_block(ScheduleProblem& p, std::int32_t data, std::int64_t bits, std::int32_t holder,
               std::uint64_t mask) {
    if (bits <= 0) return;
    if (mask & (std::uint64_t{1} << holder)) {
        p.fixed_port[static_cast<std::size_t>(holder)] += bits;  // read where it lies
        mask &= ~(std::uint64_t{1} << holder);
    }
    if (!mask) return;
    SharedBlock b;
    b.bits = bits;
    b.data = data;
    b.holders = {holder};
    for (std::int32_t n = 0; n < kMaxNodes; ++n)
        if (mask & (std::uint64_t{1} << n)) b.requesters.push_back(n);
    p.blocks.push_back(std::move(b));
}

}  // namespace

ScheduleProblem sharing_problem(const PimHardware& hw, const Rect& rect, const LayerContext& ctx,
                                const Candidate& cand, const DataLayout& ofmap, const LayerEval& eval,
                                WeightAlloc weights) {
    ScheduleProblem p;
    p.mesh_h = hw.mesh_h;
    p.mesh_w = hw.mesh_w;
    p.link_bits_per_cycle = static_cast<double>(hw.link_bits);
    p.port_bits_per_cycle =
        hw.dram_bandwidth_unlimited
            ? 0.0
            : static_cast<double>(hw.dram_pins * hw.dram_pin_mbps) / static_cast<double>(hw.clock_mhz);
    p.fixed_port.assign(static_cast<std::size_t>(hw.nodes()), 0);
    const std::int64_t ofm_only[kNumData] = {0, 0, eval.fetch[0][kOfm]};
    p.fixed_links = region_link_loads(hw, rect, ctx, cand, ofmap, ofm_only);
    const NodeSet nodes = nodes_of(rect, ctx, cand, hw.mesh_w);

    // Ifmaps: per holder, per set of requesters.
    const std::int64_t ifm_bits = hw.word_bits * eval.fetch[0][kIfm];
    std::map<std::pair<std::int32_t, std::uint64_t>, std::int64_t> ifm_blocks;
    for (int f = 0; f < ctx.ifmap.count; ++f) {
        const LayoutFragment& frag = ctx.ifmap.frag[f];
        for (std::int32_t i = 0; i < frag.part.nodes(); ++i) {
            const PartIndex pi = part_index(frag.part, i);
            const FmapRange piece = part_fmap_range(frag.part, frag.range, pi);
            if (piece.size() == 0) continue;
            const Dim2 c = part_coordinate(frag.region, frag.part, pi);
            const std::int32_t holder = c.h * hw.mesh_w + c.w;
            std::map<std::uint64_t, std::int64_t> words;
            cut_piece(piece, nodes, words);
            for (const auto& [mask, w] : words) ifm_blocks[{holder, mask}] += w;
        }
    }
    for (const auto& [key, w] : ifm_blocks) add_block(p, kIfm, w * ifm_bits, key.first, key.second);

    // Filters.
    if (ctx.layer.is_conv() && eval.fetch[0][kFil] > 0) {
        RangeGroups g;
        group_nodes(nodes.data, nodes.count, HopData::kFilter, g);
        const std::int64_t fil_bits = hw.word_bits * eval.fetch[0][kFil];
        for (std::int32_t lead = 0; lead < nodes.count; ++lead) {
            if (!g.active[lead] || g.leader[lead] != lead) continue;
            const NodeData& d = nodes.data[lead];
            const std::int64_t size =
                (d.fil_c[1] - d.fil_c[0]) * (d.fil_k[1] - d.fil_k[0]) * ctx.layer.R * ctx.layer.S;
            std::vector<std::int32_t> members;
            for (std::int32_t i = 0; i < nodes.count; ++i)
                if (g.active[i] && g.leader[i] == lead) members.push_back(nodes.index[i]);
            std::uint64_t mask = 0;
            for (std::int32_t m : members) mask |= std::uint64_t{1} << m;
            if (weights == WeightAlloc::kReplicated) {
                for (std::int32_t m : members) p.fixed_port[static_cast<std::size_t>(m)] += size * fil_bits;
                continue;
            }
            const std::int64_t n = static_cast<std::int64_t>(members.size());
            for (std::int64_t j = 0; j < n; ++j) {
                const std::int64_t piece = size * (j + 1) / n - size * j / n;
                add_block(p, kFil, piece * fil_bits, members[static_cast<std::size_t>(j)], mask);
            }
        }
    }
    sort_forwarding_order(p);
    return p;
}

Schedule pull_schedule(const ScheduleProblem& p) {
    std::vector<std::vector<std::int32_t>> source(p.blocks.size());
    for (std::size_t b = 0; b < p.blocks.size(); ++b)
        source[b].assign(p.blocks[b].requesters.size(), p.blocks[b].holders.front());
    return evaluate_sources(p, std::move(source));
}

void apply_schedule(const PimHardware& hw, const Schedule& s, LayerEval& e) {
    const std::int64_t f = e.fetch[0][kOfm];
    const std::int64_t ofm_bits = f > 0 ? (f - 1) * hw.psum_bits + hw.word_bits : 0;
    e.hops[kFil] = s.bit_hops_of[kFil] / hw.word_bits;
    e.hops[kIfm] = s.bit_hops_of[kIfm] / hw.word_bits;
    e.noc_bit_hops = e.unit_hops[kOfm] * ofm_bits + s.bit_hops;
    const double noc = hw.energy.noc_pj_per_bit_hop * static_cast<double>(e.noc_bit_hops);
    e.energy_total_pj += noc - e.energy_pj[kEnergyNoc];
    e.energy_pj[kEnergyNoc] = noc;
    e.max_link_bits = s.links.max_bits();
    e.noc_time = e.max_link_bits > 0 ? ceil_div(e.max_link_bits, hw.link_bits) +
                                           std::int64_t{s.links.longest_route} * hw.hop_cycles
                                     : 0;
}

void add_weight_words(const Rect& rect, const LayerContext& ctx, const Candidate& cand, WeightAlloc weights,
                      std::int32_t mesh_w, std::vector<std::int64_t>& words) {
    if (!ctx.layer.is_conv()) return;
    const NodeSet nodes = nodes_of(rect, ctx, cand, mesh_w);
    RangeGroups g;
    group_nodes(nodes.data, nodes.count, HopData::kFilter, g);
    for (std::int32_t lead = 0; lead < nodes.count; ++lead) {
        if (!g.active[lead] || g.leader[lead] != lead) continue;
        const NodeData& d = nodes.data[lead];
        const std::int64_t size =
            (d.fil_c[1] - d.fil_c[0]) * (d.fil_k[1] - d.fil_k[0]) * ctx.layer.R * ctx.layer.S;
        const std::int64_t n = g.size_of_leader[lead];
        std::int64_t j = 0;
        for (std::int32_t i = 0; i < nodes.count; ++i) {
            if (!g.active[i] || g.leader[i] != lead) continue;
            words[static_cast<std::size_t>(nodes.index[i])] +=
                weights == WeightAlloc::kReplicated ? size : size * (j + 1) / n - size * j / n;
            ++j;
        }
    }
}

}  // namespace dramsweep::pim
