#pragma once
// NoC traffic of a partitioned layer (docs/pim.md, "Evaluator"): the word-hops to bring each
// data category once to the nodes that compute with it (nn_dataflow's unit_nhops_to_proc_region).
//
// Filters are read from the nearest DRAM node (they are read-only and can be kept wherever
// they are needed). Ifmap pieces are pulled from the DRAM of the nodes whose layout fragment
// holds them. Ofmaps go to the DRAM their layout names; with input-channel partitioning, the
// middle node of each group of nodes sharing an output range reads and writes it while the
// others send it their partial sums (half the word-hops: writes only). With access forwarding,
// a datum is fetched once by the nearest node of its group and forwarded along a minimum
// spanning tree of the group.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/pim/geometry.hpp"
#include "dramsweep/pim/layer_shape.hpp"

namespace dramsweep::pim {

struct UnitHops {
    std::int64_t hops[kNumData] = {0, 0, 0};
};

// What node `p` computes: its ofmap range, the ifmap range that needs (with the halo), and the
// filter block (input-channel range, output-channel range) it uses.
struct NodeData {
    FmapRange ofm;
    FmapRange ifm;
    std::int64_t fil_c[2] = {0, 0};
    std::int64_t fil_k[2] = {0, 0};
};

DRAMSWEEP_HD inline NodeData node_data(const LayerShape& l, std::int64_t batch, const PartitionScheme& part,
                                       const PartIndex& p) {
    NodeData d;
    FmapRange full;
    full.end[0] = batch;
    full.end[1] = l.K;
    full.end[2] = l.E;
    full.end[3] = l.F;
    d.ofm = part_fmap_range(part, full, p);
    d.ifm.beg[0] = d.ofm.beg[0];
    d.ifm.end[0] = d.ofm.end[0];
    if (l.is_conv()) {
        const Dim2 ip = part.pdims[kInpp];
        ith_range(0, l.C, p.idx[kInpp].h * ip.w + p.idx[kInpp].w, ip.size(), d.ifm.beg[1], d.ifm.end[1]);
    } else {
        const std::int64_t lo = d.ofm.beg[1] - l.nreg / 2, hi = d.ofm.end[1] + l.nreg - l.nreg / 2;
        d.ifm.beg[1] = lo > 0 ? lo : 0;
        d.ifm.end[1] = hi < l.C ? hi : l.C;
    }
    const std::int64_t r[2] = {l.R, l.S}, u[2] = {l.Uh, l.Uw};
    for (int i = 0; i < 2; ++i) {
        const std::int64_t b = d.ofm.beg[2 + i] * u[i], e = (d.ofm.end[2 + i] - 1) * u[i] + r[i];
        d.ifm.beg[2 + i] = b;
        d.ifm.end[2 + i] = e > b ? e : b;
    }
    if (l.is_conv()) {
        d.fil_c[0] = d.ifm.beg[1];
        d.fil_c[1] = d.ifm.end[1];
        d.fil_k[0] = d.ofm.beg[1];
        d.fil_k[1] = d.ofm.end[1];
    }
    return d;
}

// Word-hops to bring `range` from where `layout` keeps it to node `dest`.
DRAMSWEEP_HD inline std::int64_t layout_hops_to(const DataLayout& layout, const FmapRange& range, Dim2 dest) {
    std::int64_t hops = 0;
    for (int f = 0; f < layout.count; ++f) {
        const LayoutFragment& frag = layout.frag[f];
        if (overlap_size(range, frag.range) == 0) continue;
        const std::int32_t n = frag.part.nodes();
        for (std::int32_t i = 0; i < n; ++i) {
            const PartIndex p = part_index(frag.part, i);
            const std::int64_t size = overlap_size(range, part_fmap_range(frag.part, frag.range, p));
            if (size) hops += size * hop_distance(dest, part_coordinate(frag.region, frag.part, p));
        }
    }
    return hops;
}

// Total weight of a minimum spanning tree joining `members` (flagged in `in_group`) to the
// nodes already reached (`reached`, their distance to the tree in `dist`); Prim's algorithm,
// which is the greedy nearest-pair forwarding of nn_dataflow and has the same total.
DRAMSWEEP_HD inline std::int64_t forwarding_tree(const Dim2* coord, const bool* in_group, std::int32_t count,
                                                 std::int64_t* dist, bool* reached) {
    std::int64_t total = 0;
    for (;;) {
        std::int32_t best = -1;
        for (std::int32_t i = 0; i < count; ++i)
            if (in_group[i] && !reached[i] && (best < 0 || dist[i] < dist[best])) best = i;
        if (best < 0) return total;
        reached[best] = true;
        total += dist[best];
        for (std::int32_t i = 0; i < count; ++i) {
            if (!in_group[i] || reached[i]) continue;
            const std::int64_t d = hop_distance(coord[i], coord[best]);
            if (d < dist[i]) dist[i] = d;
        }
    }
}

enum class HopData : std::uint8_t { kFilter, kIfmap, kOfmap };

// The groups of nodes that need the same range (nn_dataflow's range-to-nodes dictionaries):
// leader[i] is the first node of i's group in index order, rank[i] i's position in it.
struct RangeGroups {
    std::int32_t count = 0;
    std::int32_t leader[kMaxNodes];
    std::int32_t rank[kMaxNodes];
    std::int32_t size_of_leader[kMaxNodes];
    bool active[kMaxNodes];  // nn_dataflow skips nodes with an empty ifmap or ofmap range
};

DRAMSWEEP_HD inline bool same_group(const NodeData& a, const NodeData& b, HopData what) {
    if (what == HopData::kIfmap) return a.ifm == b.ifm;
    if (what == HopData::kOfmap) return a.ofm == b.ofm;
    return a.fil_c[0] == b.fil_c[0] && a.fil_c[1] == b.fil_c[1] && a.fil_k[0] == b.fil_k[0] &&
           a.fil_k[1] == b.fil_k[1];
}

DRAMSWEEP_HD inline void group_nodes(const NodeData* nd, std::int32_t n, HopData what, RangeGroups& g) {
    g.count = n;
    for (std::int32_t i = 0; i < n; ++i) {
        g.active[i] = nd[i].ifm.size() > 0 && nd[i].ofm.size() > 0;
        if (what == HopData::kFilter)
            g.active[i] = g.active[i] && nd[i].fil_c[1] > nd[i].fil_c[0] && nd[i].fil_k[1] > nd[i].fil_k[0];
        g.leader[i] = i;
        g.rank[i] = 0;
        g.size_of_leader[i] = 0;
        if (!g.active[i]) continue;
        for (std::int32_t j = 0; j < i; ++j) {
            if (g.active[j] && g.leader[j] == j && same_group(nd[i], nd[j], what)) {
                g.leader[i] = j;
                break;
            }
        }
        g.rank[i] = g.size_of_leader[g.leader[i]]++;
    }
}

struct HopInputs {
    const LayerShape* layer;
    std::int64_t batch;
    const PartitionScheme* part;
    NodeRegion region;  // where the layer is computed
    const DramNodes* dram;
    const DataLayout* ifmap;
    const DataLayout* ofmap;
    bool forwarding;
};

DRAMSWEEP_HD inline UnitHops unit_hops(const HopInputs& in) {
    UnitHops out;
    const std::int32_t n = in.part->nodes();
    NodeData nd[kMaxNodes];
    Dim2 coord[kMaxNodes];
    for (std::int32_t i = 0; i < n; ++i) {
        const PartIndex p = part_index(*in.part, i);
        nd[i] = node_data(*in.layer, in.batch, *in.part, p);
        coord[i] = part_coordinate(in.region, *in.part, p);
    }
    RangeGroups g;
    bool in_group[kMaxNodes];
    std::int64_t dist[kMaxNodes];
    bool reached[kMaxNodes];

    // Filters.
    if (in.layer->is_conv()) {
        group_nodes(nd, n, HopData::kFilter, g);
        for (std::int32_t lead = 0; lead < n; ++lead) {
            if (!g.active[lead] || g.leader[lead] != lead) continue;
            const std::int64_t size = (nd[lead].fil_c[1] - nd[lead].fil_c[0]) *
                                      (nd[lead].fil_k[1] - nd[lead].fil_k[0]) * in.layer->R * in.layer->S;
            for (std::int32_t i = 0; i < n; ++i) {
                in_group[i] = g.active[i] && g.leader[i] == lead;
                reached[i] = false;
                std::int64_t best = -1;
                for (std::int32_t m = 0; m < in.dram->count; ++m) {
                    const std::int64_t d = hop_distance(coord[i], in.dram->node[m]);
                    if (best < 0 || d < best) best = d;
                }
                dist[i] = best;
            }
            if (in.forwarding) {
                out.hops[kFil] += size * forwarding_tree(coord, in_group, n, dist, reached);
            } else {
                for (std::int32_t i = 0; i < n; ++i)
                    if (in_group[i]) out.hops[kFil] += size * dist[i];
            }
        }
    }

    // Ifmaps.
    group_nodes(nd, n, HopData::kIfmap, g);
    const FmapRange complete_in = in.ifmap->complete_range();
    for (std::int32_t lead = 0; lead < n; ++lead) {
        if (!g.active[lead] || g.leader[lead] != lead) continue;
        std::int64_t best = -1;
        std::int32_t best_node = lead;
        for (std::int32_t i = 0; i < n; ++i) {
            in_group[i] = g.active[i] && g.leader[i] == lead;
            if (!in_group[i]) continue;
            const std::int64_t h = layout_hops_to(*in.ifmap, nd[i].ifm, coord[i]);
            if (!in.forwarding) out.hops[kIfm] += h;
            if (best < 0 || h < best) {
                best = h;
                best_node = i;
            }
        }
        if (in.forwarding) {
            for (std::int32_t i = 0; i < n; ++i) {
                reached[i] = i == best_node;
                dist[i] = hop_distance(coord[i], coord[best_node]);
            }
            out.hops[kIfm] += best + overlap_size(complete_in, nd[lead].ifm) *
                                         forwarding_tree(coord, in_group, n, dist, reached);
        }
    }

    // Ofmaps.
    group_nodes(nd, n, HopData::kOfmap, g);
    const FmapRange complete_out = in.ofmap->complete_range();
    for (std::int32_t lead = 0; lead < n; ++lead) {
        if (!g.active[lead] || g.leader[lead] != lead) continue;
        const std::int32_t members = g.size_of_leader[lead];
        const std::int64_t size = nd[lead].ofm.size();
        if (in.forwarding) {
            std::int64_t best = -1;
            std::int32_t best_node = lead;
            for (std::int32_t i = 0; i < n; ++i) {
                in_group[i] = g.active[i] && g.leader[i] == lead;
                if (!in_group[i]) continue;
                const std::int64_t h = layout_hops_to(*in.ofmap, nd[i].ofm, coord[i]);
                if (best < 0 || h < best) {
                    best = h;
                    best_node = i;
                }
            }
            for (std::int32_t i = 0; i < n; ++i) {
                reached[i] = i == best_node;
                dist[i] = hop_distance(coord[i], coord[best_node]);
            }
            const std::int64_t accumulate = best + overlap_size(complete_out, nd[lead].ofm) *
                                                       forwarding_tree(coord, in_group, n, dist, reached);
            out.hops[kOfm] += (best + accumulate + 1) / 2;
        } else {
            std::int32_t mid = lead;
            for (std::int32_t i = 0; i < n; ++i)
                if (g.active[i] && g.leader[i] == lead && g.rank[i] == members / 2) mid = i;
            for (std::int32_t i = 0; i < n; ++i) {
                if (!g.active[i] || g.leader[i] != lead) continue;
                if (i == mid)
                    out.hops[kOfm] += layout_hops_to(*in.ofmap, nd[i].ofm, coord[i]);
                else
                    out.hops[kOfm] += (size * hop_distance(coord[i], coord[mid]) + 1) / 2;
            }
        }
    }
    return out;
}

}  // namespace dramsweep::pim
