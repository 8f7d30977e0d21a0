#pragma once
// Nodes, partitions and data layouts on the PIM mesh (docs/pim.md, "Evaluator"), as plain
// fixed-size structs with DRAMSWEEP_HD functions: the evaluator runs on the host and, batched,
// in CUDA kernels.
//
// A partition scheme splits a layer over the nodes of a region along four axes (nn_dataflow's
// ParallelEnum): output channels (OUTP), output rows and columns (OFMP), batch (BATP) and input
// channels (INPP), each a 2D factor of the region, nested in `order` (first = top level). A
// data layout says which node's DRAM holds which range of a tensor: fragments, each a range
// split over a region by a partition scheme.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/pim/hardware.hpp"

namespace dramsweep::pim {

enum Part : int { kOutp = 0, kOfmp = 1, kBatp = 2, kInpp = 3, kNumParts = 4 };

// The most fragments a layout holds (a layer reading the concatenation of many producers).
inline constexpr int kMaxFragments = 16;

struct Dim2 {
    std::int32_t h = 1, w = 1;
    DRAMSWEEP_HD constexpr std::int32_t size() const { return h * w; }
    DRAMSWEEP_HD constexpr bool operator==(const Dim2& o) const { return h == o.h && w == o.w; }
};

DRAMSWEEP_HD inline std::int32_t hop_distance(Dim2 a, Dim2 b) {
    return (a.h > b.h ? a.h - b.h : b.h - a.h) + (a.w > b.w ? a.w - b.w : b.w - a.w);
}

struct NodeRegion {
    Dim2 dim{1, 1};
    Dim2 origin{0, 0};
    Dim2 dist{1, 1};  // spacing of the region's nodes on the mesh (the corner channels: H-1, W-1)
    DRAMSWEEP_HD constexpr Dim2 rel2abs(Dim2 rel) const {
        return {origin.h + rel.h * dist.h, origin.w + rel.w * dist.w};
    }
    DRAMSWEEP_HD constexpr bool operator==(const NodeRegion& o) const {
        return dim == o.dim && origin == o.origin && dist == o.dist;
    }
};

struct PartitionScheme {
    std::uint8_t order[kNumParts] = {0, 1, 2, 3};  // top level first
    Dim2 pdims[kNumParts];

    DRAMSWEEP_HD constexpr std::int32_t size(int p) const { return pdims[p].size(); }
    DRAMSWEEP_HD constexpr std::int32_t nodes() const {
        return size(kOutp) * size(kOfmp) * size(kBatp) * size(kInpp);
    }
    DRAMSWEEP_HD constexpr Dim2 dim() const {
        return {pdims[0].h * pdims[1].h * pdims[2].h * pdims[3].h,
                pdims[0].w * pdims[1].w * pdims[2].w * pdims[3].w};
    }
    DRAMSWEEP_HD constexpr bool operator==(const PartitionScheme& o) const {
        for (int p = 0; p < kNumParts; ++p)
            if (order[p] != o.order[p] || !(pdims[p] == o.pdims[p])) return false;
        return true;
    }
};

// Index of a node within a partition scheme: one 2D index per axis.
struct PartIndex {
    Dim2 idx[kNumParts];
};

// The i-th index in nn_dataflow's generation order (axes in enum order, h before w, the last
// axis fastest).
DRAMSWEEP_HD inline PartIndex part_index(const PartitionScheme& part, std::int32_t linear) {
    PartIndex p;
    for (int a = kNumParts - 1; a >= 0; --a) {
        const Dim2 d = part.pdims[a];
        p.idx[a].w = linear % d.w;
        linear /= d.w;
        p.idx[a].h = linear % d.h;
        linear /= d.h;
    }
    return p;
}

// The node of index `p`: mixed radix over the order, top level most significant.
DRAMSWEEP_HD inline Dim2 part_coordinate(const NodeRegion& region, const PartitionScheme& part,
                                         const PartIndex& p) {
    Dim2 c{0, 0};
    for (int i = 0; i < kNumParts; ++i) {
        const int a = part.order[i];
        c.h = c.h * part.pdims[a].h + p.idx[a].h;
        c.w = c.w * part.pdims[a].w + p.idx[a].w;
    }
    return region.rel2abs(c);
}

// A half-open range of a batched feature map: batch, channel, row, column.
struct FmapRange {
    std::int64_t beg[4] = {0, 0, 0, 0};
    std::int64_t end[4] = {0, 0, 0, 0};
    DRAMSWEEP_HD std::int64_t size() const {
        std::int64_t s = 1;
        for (int i = 0; i < 4; ++i) s *= end[i] > beg[i] ? end[i] - beg[i] : 0;
        return s;
    }
    DRAMSWEEP_HD bool operator==(const FmapRange& o) const {
        for (int i = 0; i < 4; ++i)
            if (beg[i] != o.beg[i] || end[i] != o.end[i]) return false;
        return true;
    }
};

DRAMSWEEP_HD inline std::int64_t overlap_size(const FmapRange& a, const FmapRange& b) {
    std::int64_t s = 1;
    for (int i = 0; i < 4; ++i) {
        const std::int64_t lo = a.beg[i] > b.beg[i] ? a.beg[i] : b.beg[i];
        const std::int64_t hi = a.end[i] < b.end[i] ? a.end[i] : b.end[i];
        if (hi <= lo) return 0;
        s *= hi - lo;
    }
    return s;
}

// nn_dataflow's get_ith_range: the i-th of n near-equal pieces of [beg, end).
DRAMSWEEP_HD inline void ith_range(std::int64_t beg, std::int64_t end, std::int64_t i, std::int64_t n,
                                   std::int64_t& out_beg, std::int64_t& out_end) {
    const std::int64_t len = end - beg;
    out_beg = beg + i * len / n;
    out_end = beg + (i + 1) * len / n;
}

// The piece of `range` that index `p` of `part` holds: batch split by BATP, channels by OUTP
// (both indexed h * W + w), rows by OFMP.h and columns by OFMP.w.
DRAMSWEEP_HD inline FmapRange part_fmap_range(const PartitionScheme& part, const FmapRange& range,
                                              const PartIndex& p) {
    FmapRange r;
    const Dim2 bd = part.pdims[kBatp], od = part.pdims[kOutp], fd = part.pdims[kOfmp];
    ith_range(range.beg[0], range.end[0], p.idx[kBatp].h * bd.w + p.idx[kBatp].w, bd.size(), r.beg[0],
              r.end[0]);
    ith_range(range.beg[1], range.end[1], p.idx[kOutp].h * od.w + p.idx[kOutp].w, od.size(), r.beg[1],
              r.end[1]);
    ith_range(range.beg[2], range.end[2], p.idx[kOfmp].h, fd.h, r.beg[2], r.end[2]);
    ith_range(range.beg[3], range.end[3], p.idx[kOfmp].w, fd.w, r.beg[3], r.end[3]);
    return r;
}

struct LayoutFragment {
    FmapRange range;
    NodeRegion region;
    PartitionScheme part;
};

struct DataLayout {
    std::int32_t count = 0;
    LayoutFragment frag[kMaxFragments];

    // The whole tensor: from the first fragment's start to the last one's end.
    DRAMSWEEP_HD FmapRange complete_range() const {
        FmapRange r = frag[0].range;
        for (int i = 0; i < 4; ++i) r.end[i] = frag[count - 1].range.end[i];
        return r;
    }
};

// `layout` with every fragment's region moved by `by` nodes.
DRAMSWEEP_HD inline DataLayout translate_layout(const DataLayout& layout, Dim2 by) {
    DataLayout out = layout;
    for (int f = 0; f < out.count; ++f) {
        out.frag[f].region.origin.h += by.h;
        out.frag[f].region.origin.w += by.w;
    }
    return out;
}

// nn_dataflow's PartitionScheme.projection(region, appl2frng=True): drop INPP, then stretch or
// shrink the scheme onto a region of `region_dim` nodes (stretching the top axis, BATP;
// shrinking the top levels first and keeping the bottom ones).
DRAMSWEEP_HD inline PartitionScheme project_partition(const PartitionScheme& part, Dim2 region_dim) {
    PartitionScheme out = part;
    out.pdims[kInpp] = Dim2{1, 1};
    const Dim2 pd = out.dim();
    for (int di = 0; di < 2; ++di) {
        const std::int32_t p = di == 0 ? pd.h : pd.w;
        std::int32_t r = di == 0 ? region_dim.h : region_dim.w;
        if (r > p) {
            std::int32_t& top = di == 0 ? out.pdims[kBatp].h : out.pdims[kBatp].w;
            top *= r / p;
        } else {
            for (int i = kNumParts - 1; i >= 0; --i) {
                std::int32_t& d = di == 0 ? out.pdims[out.order[i]].h : out.pdims[out.order[i]].w;
                if (r >= d) {
                    r /= d;
                } else {
                    d = r;
                    r = 1;
                }
            }
        }
    }
    return out;
}

// The nodes with DRAM: every node (stacked), or the distinct corner nodes (corners).
struct DramNodes {
    std::int32_t count = 0;
    Dim2 node[kMaxNodes];
};

DRAMSWEEP_HD inline NodeRegion proc_region(const PimHardware& hw) {
    return NodeRegion{Dim2{hw.mesh_h, hw.mesh_w}, Dim2{0, 0}, Dim2{1, 1}};
}

// Where ofmaps are written and filters read: the whole mesh (stacked) or the 2 x 2 corner
// channels spaced H-1, W-1 apart (nn_dataflow's --mem-type 2D).
DRAMSWEEP_HD inline NodeRegion data_region(const PimHardware& hw) {
    if (hw.memory == MemoryPlacement::kStacked) return proc_region(hw);
    const std::int32_t dh = hw.mesh_h > 1 ? hw.mesh_h - 1 : 1, dw = hw.mesh_w > 1 ? hw.mesh_w - 1 : 1;
    return NodeRegion{Dim2{hw.mesh_h > 1 ? 2 : 1, hw.mesh_w > 1 ? 2 : 1}, Dim2{0, 0}, Dim2{dh, dw}};
}

DRAMSWEEP_HD inline DramNodes dram_nodes(const PimHardware& hw) {
    DramNodes n;
    const NodeRegion r = data_region(hw);
    for (std::int32_t h = 0; h < r.dim.h; ++h)
        for (std::int32_t w = 0; w < r.dim.w; ++w) n.node[n.count++] = r.rel2abs(Dim2{h, w});
    return n;
}

}  // namespace dramsweep::pim
