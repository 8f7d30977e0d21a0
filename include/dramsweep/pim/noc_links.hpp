#pragma once
// NoC link loads along XY routes (docs/pim.md, "Timing mode"): the traffic of one layer placed
// on the mesh links, for the NoC time of the timing mode (the most loaded link's bits over its
// width). The flows are those whose word-hops noc.hpp counts: filters from the nearest DRAM node,
// ifmap pieces from their owners, ofmaps between the elected node and the DRAM holding them
// (writes out, partial-sum reads back), partial sums from the other nodes of an INPP group, and
// with forwarding the edges of the forwarding trees. Each flow carries its words times its
// DRAM-level fetch count, partial sums at their width.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/pim/noc.hpp"

namespace dramsweep::pim {

enum LinkDir : int { kEast = 0, kWest = 1, kSouth = 2, kNorth = 3, kNumDirs = 4 };

struct LinkLoads {
    std::int32_t mesh_h = 1, mesh_w = 1;
    std::int64_t bits[kNumDirs][kMaxNodes] = {};  // leaving node (h * W + w) in that direction
    std::int32_t longest_route = 0;               // hops of the longest flow

    DRAMSWEEP_HD std::int64_t max_bits() const {
        std::int64_t m = 0;
        for (int d = 0; d < kNumDirs; ++d)
            for (std::int32_t i = 0; i < mesh_h * mesh_w; ++i) m = bits[d][i] > m ? bits[d][i] : m;
        return m;
    }
};

// Adds `bits` on every link of the XY route from `from` to `to`: along the row (w) first, then
// the column (h).
DRAMSWEEP_HD inline void route_xy(LinkLoads& l, Dim2 from, Dim2 to, std::int64_t bits) {
    if (bits <= 0) return;
    const std::int32_t hops = hop_distance(from, to);
    if (hops > l.longest_route) l.longest_route = hops;
    Dim2 at = from;
    while (at.w != to.w) {
        const int dir = to.w > at.w ? kEast : kWest;
        l.bits[dir][at.h * l.mesh_w + at.w] += bits;
        at.w += to.w > at.w ? 1 : -1;
    }
    while (at.h != to.h) {
        const int dir = to.h > at.h ? kSouth : kNorth;
        l.bits[dir][at.h * l.mesh_w + at.w] += bits;
        at.h += to.h > at.h ? 1 : -1;
    }
}

// The flows of bringing `range` from `layout` to `dest`, `bits_per_word` each, `times` over.
DRAMSWEEP_HD inline void route_layout(LinkLoads& l, const DataLayout& layout, const FmapRange& range,
                                      Dim2 dest, std::int64_t bits_per_word, bool towards_dest) {
    for (int f = 0; f < layout.count; ++f) {
        const LayoutFragment& frag = layout.frag[f];
        if (overlap_size(range, frag.range) == 0) continue;
        for (std::int32_t i = 0; i < frag.part.nodes(); ++i) {
            const PartIndex p = part_index(frag.part, i);
            const std::int64_t size = overlap_size(range, part_fmap_range(frag.part, frag.range, p));
            const Dim2 src = part_coordinate(frag.region, frag.part, p);
            if (towards_dest)
                route_xy(l, src, dest, size * bits_per_word);
            else
                route_xy(l, dest, src, size * bits_per_word);
        }
    }
}

// Parent of each node in the forwarding tree of the group flagged in `in_group`, grown by Prim's
// algorithm from the reached nodes (`reached`, `dist` their distance; `parent` -1 for roots,
// or the index of the DRAM node in `roots` as -2 - index).
DRAMSWEEP_HD inline void forwarding_parents(const Dim2* coord, const bool* in_group, std::int32_t count,
                                            std::int64_t* dist, bool* reached, std::int32_t* parent) {
    for (;;) {
        std::int32_t best = -1;
        for (std::int32_t i = 0; i < count; ++i)
            if (in_group[i] && !reached[i] && (best < 0 || dist[i] < dist[best])) best = i;
        if (best < 0) return;
        reached[best] = true;
        for (std::int32_t i = 0; i < count; ++i) {
            if (!in_group[i] || reached[i]) continue;
            const std::int64_t d = hop_distance(coord[i], coord[best]);
            if (d < dist[i]) {
                dist[i] = d;
                parent[i] = best;
            }
        }
    }
}

// `fetch0[d]`: the DRAM-level fetch counts of the layer (fetch[0] of its evaluation).
DRAMSWEEP_HD inline LinkLoads link_loads(const HopInputs& in, const std::int64_t* fetch0,
                                         std::int64_t word_bits, std::int64_t psum_bits, std::int32_t mesh_h,
                                         std::int32_t mesh_w) {
    LinkLoads l;
    l.mesh_h = mesh_h;
    l.mesh_w = mesh_w;
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
    bool reached[kMaxNodes];
    std::int64_t dist[kMaxNodes];
    std::int32_t parent[kMaxNodes];

    if (in.layer->is_conv() && fetch0[kFil] > 0) {
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
                    if (best < 0 || d < best) {
                        best = d;
                        parent[i] = -2 - m;
                    }
                }
                dist[i] = best;
            }
            if (in.forwarding) forwarding_parents(coord, in_group, n, dist, reached, parent);
            for (std::int32_t i = 0; i < n; ++i) {
                if (!in_group[i]) continue;
                const Dim2 src = parent[i] <= -2 ? in.dram->node[-2 - parent[i]] : coord[parent[i]];
                route_xy(l, src, coord[i], size * word_bits * fetch0[kFil]);
            }
        }
    }

    group_nodes(nd, n, HopData::kIfmap, g);
    const FmapRange complete_in = in.ifmap->complete_range();
    for (std::int32_t lead = 0; lead < n; ++lead) {
        if (!g.active[lead] || g.leader[lead] != lead) continue;
        std::int64_t best = -1;
        std::int32_t best_node = lead;
        for (std::int32_t i = 0; i < n; ++i) {
            in_group[i] = g.active[i] && g.leader[i] == lead;
            if (!in_group[i]) continue;
            if (!in.forwarding) {
                route_layout(l, *in.ifmap, nd[i].ifm, coord[i], word_bits * fetch0[kIfm], true);
                continue;
            }
            const std::int64_t h = layout_hops_to(*in.ifmap, nd[i].ifm, coord[i]);
            if (best < 0 || h < best) {
                best = h;
                best_node = i;
            }
        }
        if (!in.forwarding) continue;
        route_layout(l, *in.ifmap, nd[best_node].ifm, coord[best_node], word_bits * fetch0[kIfm], true);
        for (std::int32_t i = 0; i < n; ++i) {
            reached[i] = i == best_node;
            dist[i] = hop_distance(coord[i], coord[best_node]);
            parent[i] = best_node;
        }
        forwarding_parents(coord, in_group, n, dist, reached, parent);
        const std::int64_t size = overlap_size(complete_in, nd[lead].ifm);
        for (std::int32_t i = 0; i < n; ++i)
            if (in_group[i] && i != best_node)
                route_xy(l, coord[parent[i]], coord[i], size * word_bits * fetch0[kIfm]);
    }

    // Ofmaps: f writes out and f - 1 partial-sum reads back per element (fetch0 = 2f - 1).
    group_nodes(nd, n, HopData::kOfmap, g);
    const std::int64_t writes = (fetch0[kOfm] + 1) / 2, reads = fetch0[kOfm] - writes;
    const std::int64_t write_bits =
        (writes - 1) * psum_bits + word_bits;  // all but the last are partial sums
    for (std::int32_t lead = 0; lead < n && writes > 0; ++lead) {
        if (!g.active[lead] || g.leader[lead] != lead) continue;
        const std::int32_t members = g.size_of_leader[lead];
        std::int32_t mid = lead;
        for (std::int32_t i = 0; i < n; ++i)
            if (g.active[i] && g.leader[i] == lead && g.rank[i] == members / 2) mid = i;
        route_layout(l, *in.ofmap, nd[mid].ofm, coord[mid], write_bits, false);
        route_layout(l, *in.ofmap, nd[mid].ofm, coord[mid], reads * psum_bits, true);
        for (std::int32_t i = 0; i < n; ++i)
            if (g.active[i] && g.leader[i] == lead && i != mid)
                route_xy(l, coord[i], coord[mid], nd[i].ofm.size() * writes * psum_bits);
    }
    return l;
}

}  // namespace dramsweep::pim
