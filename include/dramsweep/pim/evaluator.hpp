#pragma once
// The PIM evaluator: one truth for every PIM mapper (docs/pim.md, "Evaluator").
//
// A candidate mapping of one layer (the partition over the nodes, the replication split, the
// loop blocking) is evaluated on one hardware configuration, given where the layer's input
// lies (its ifmap layout): cycles, accesses per memory level, NoC word-hops, energy by
// component, utilisation and DRAM use. Counts are exact integers; energies are their weighted
// sums. Everything here is plain data and DRAMSWEEP_HD, so that a CUDA kernel calls the same
// functions; evaluate_batch (batch.hpp) runs many (hardware, candidate) pairs on host threads.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/pim/blocking.hpp"
#include "dramsweep/pim/noc_links.hpp"

namespace dramsweep::pim {

// Where the evaluated design's mesh lies (docs/pim.md, "PIM-Mapper"). A layer on a rectangle of
// the mesh is evaluated on a design whose mesh is the rectangle (sub_hardware in region_eval.hpp),
// its ifmap in the rectangle's coordinates; but its traffic shares the whole mesh's links, and its
// routes to data outside the rectangle leave it, so its link loads go on `parent` with every node
// moved by `origin`. Without `on_rect` the design's mesh is the whole mesh.
struct MeshPlacement {
    bool on_rect = false;
    Dim2 origin{0, 0};  // the rectangle's first node on the whole mesh
    Dim2 parent{0, 0};  // the whole mesh
};

struct LayerContext {
    LayerShape layer;
    std::int64_t batch = 1;
    DataLayout ifmap;          // where the layer's input lies (its producers' ofmaps, concatenated)
    bool no_time_mux = false;  // the whole network is resident (a one-layer network): filters may be pinned
    MeshPlacement placement;
};

struct Candidate {
    PartitionScheme part;
    std::int32_t repl_ifm_factor = 1;  // the factor of the array-height replication given to input channels
    LoopBlocking blocking;
    // Where the ofmap is written: by default the partition projected onto the DRAM region (each
    // node keeps what it computed, nn_dataflow's rule); a mapper may place it by another scheme.
    bool ofmap_placed = false;
    PartitionScheme ofmap_part;  // with ofmap_placed: projected onto the DRAM region
};

enum class EvalError : std::uint8_t {
    kNone,
    kPartitionDoesNotFitMesh,  // the scheme's nodes are not the mesh
    kInputPartitionOfPooling,  // INPP of a local-region layer
    kBadReplicationFactor,     // not a factor of the array-height replication
    kBlocking,                 // see blocking_error
};

enum EnergyPart : int {
    kEnergyMac,
    kEnergyRegf,
    kEnergyGbuf,
    kEnergyArrayBus,
    kEnergyDram,
    kEnergyNoc,
    kEnergyStatic,
    kNumEnergyParts
};

struct LayerEval {
    EvalError error = EvalError::kNone;
    BlockingError blocking_error = BlockingError::kNone;
    std::int32_t nodes = 0;
    std::int64_t ops = 0;        // MACs (or merge operations) of the layer
    std::int64_t time = 0;       // cycles: max of the three below
    std::int64_t proc_time = 0;  // the PE arrays
    std::int64_t bus_time = 0;   // the buffer-to-array buses
    std::int64_t dram_time = 0;  // the DRAM interfaces
    std::int64_t access[kNumLevels][kNumData] =
        {};  // words, all nodes: [DRAM, GBUF, ITCN, REGF][FIL, IFM, OFM]
    std::int64_t fetch[2][kNumData] = {};
    bool stored[kNumData] = {};
    bool filter_pinned = false;
    std::int64_t unit_hops[kNumData] = {};  // word-hops to bring each data category once
    std::int64_t hops[kNumData] = {};       // word-hops of the layer (unit hops x DRAM fetches)
    std::int64_t dram_bits = 0;             // bits to and from DRAM, partial sums at their width
    std::int64_t noc_bit_hops = 0;
    std::int64_t noc_time = 0;       // the busiest link's bits / link width + longest route x hop latency
                                     // (add_link_loads; not part of `time`, which is nn_dataflow's)
    std::int64_t max_link_bits = 0;  // the most loaded NoC link's bits (XY routes; add_link_loads)
    double energy_pj[kNumEnergyParts] = {};
    double energy_total_pj = 0;
    double utilization = 0;                // MACs per PE per cycle
    std::int64_t gbuf_words = 0;           // buffer words used by one node
    std::int64_t regf_words = 0;           // register-file words used by one PE
    std::int64_t dram_words_per_node = 0;  // this layer's ofmap share and filter slice of the busiest node
    LoopNestDesc nest;                     // the node's loop nest (trip counts, replication)

    DRAMSWEEP_HD bool ok() const { return error == EvalError::kNone; }
};

// Where a layer's ofmap is written: one fragment over the data region, the layer's partition
// projected onto it (nn_dataflow's ofmap layout).
DRAMSWEEP_HD inline DataLayout ofmap_layout(const PimHardware& hw, const LayerShape& layer,
                                            std::int64_t batch, const PartitionScheme& part) {
    DataLayout l;
    l.count = 1;
    l.frag[0].range.end[0] = batch;
    l.frag[0].range.end[1] = layer.K;
    l.frag[0].range.end[2] = layer.E;
    l.frag[0].range.end[3] = layer.F;
    l.frag[0].region = data_region(hw);
    l.frag[0].part = project_partition(part, l.frag[0].region.dim);
    return l;
}

// Where this candidate writes the layer's ofmap.
DRAMSWEEP_HD inline DataLayout candidate_ofmap_layout(const PimHardware& hw, const LayerContext& ctx,
                                                      const Candidate& cand) {
    DataLayout l = ofmap_layout(hw, ctx.layer, ctx.batch, cand.ofmap_placed ? cand.ofmap_part : cand.part);
    return l;
}

// The network input (or a layer's own input): `channels` x `rows` x `cols` per sample, spread
// over the data region by `part` projected onto it.
DRAMSWEEP_HD inline DataLayout input_layout(const PimHardware& hw, std::int64_t batch, std::int64_t channels,
                                            std::int64_t rows, std::int64_t cols,
                                            const PartitionScheme& part) {
    DataLayout l;
    l.count = 1;
    l.frag[0].range.end[0] = batch;
    l.frag[0].range.end[1] = channels;
    l.frag[0].range.end[2] = rows;
    l.frag[0].range.end[3] = cols;
    l.frag[0].region = data_region(hw);
    l.frag[0].part = project_partition(part, l.frag[0].region.dim);
    return l;
}

DRAMSWEEP_HD inline bool partition_fits(const PimHardware& hw, const LayerShape& layer,
                                        const PartitionScheme& part, EvalError& error) {
    bool seen[kNumParts] = {false, false, false, false};
    for (int i = 0; i < kNumParts; ++i) {
        if (part.order[i] >= kNumParts || seen[part.order[i]] || part.pdims[i].h < 1 || part.pdims[i].w < 1) {
            error = EvalError::kPartitionDoesNotFitMesh;
            return false;
        }
        seen[part.order[i]] = true;
    }
    const Dim2 d = part.dim();
    if (d.h != hw.mesh_h || d.w != hw.mesh_w) {
        error = EvalError::kPartitionDoesNotFitMesh;
        return false;
    }
    if (!layer.is_conv() && part.size(kInpp) > 1) {
        error = EvalError::kInputPartitionOfPooling;
        return false;
    }
    return true;
}

// Evaluates `cand` with the given unit hops (the NoC part of the candidate, see unit_hops). The
// searches call this one; it leaves max_link_bits 0 (see add_link_loads).
DRAMSWEEP_HD inline LayerEval evaluate_with_hops(const PimHardware& hw, const LayerContext& ctx,
                                                 const Candidate& cand, const UnitHops& unit) {
    LayerEval r;
    if (!partition_fits(hw, ctx.layer, cand.part, r.error)) return r;
    const PartitionedLayer pl = partition_layer(ctx.layer, ctx.batch, cand.part);
    r.nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, cand.repl_ifm_factor);
    if (!r.nest.valid) {
        r.error = EvalError::kBadReplicationFactor;
        return r;
    }
    const BlockingStats b = evaluate_blocking(ctx.layer.model, r.nest, cand.blocking, hw, ctx.no_time_mux);
    if (b.error != BlockingError::kNone) {
        r.error = EvalError::kBlocking;
        r.blocking_error = b.error;
        return r;
    }
    const std::int64_t n = cand.part.nodes();
    r.nodes = static_cast<std::int32_t>(n);
    r.ops = ctx.layer.ops(ctx.batch);
    for (int l = 0; l < 2; ++l)
        for (int d = 0; d < kNumData; ++d) r.fetch[l][d] = b.fetch[l][d];
    r.filter_pinned = b.filter_pinned;
    const std::int64_t word = hw.word_bits, psum = hw.psum_bits;
    for (int d = 0; d < kNumData; ++d) {
        r.stored[d] = b.stored[d];
        const std::int64_t regf_factor = d == kOfm ? 2 : (d == kFil && !ctx.layer.is_conv() ? 0 : 1);
        r.access[kRegf][d] = r.ops * regf_factor;
        r.access[kItcn][d] = r.nest.total[2][d] * b.fetch[1][d] * n;
        r.access[kGbuf][d] = b.stored[d] ? r.nest.total[1][d] * b.fetch[1][d] * n : 0;
        const std::int64_t group =
            hw.options.access_forwarding ? sharing_group(ctx.layer.model, cand.part, d) : 1;
        const std::int64_t once = (b.stored[d] ? r.nest.total[0][d] : r.nest.total[1][d]) * (n / group);
        r.access[kDram][d] = once * b.fetch[0][d];
        r.unit_hops[d] = unit.hops[d];
        r.hops[d] = unit.hops[d] * b.fetch[0][d];
        // An ofmap fetched f times moves f - 1 partial sums and one final value per element.
        const std::int64_t f = b.fetch[0][d];
        const std::int64_t bits = d == kOfm ? (f > 0 ? (f - 1) * psum + word : 0) : f * word;
        r.dram_bits += once * bits;
        r.noc_bit_hops += unit.hops[d] * bits;
        r.gbuf_words += b.gbuf_words[d];
        r.regf_words += b.regf_words[d];
    }
    r.proc_time = r.nest.unit_time * b.lcnt;
    if (hw.array_bus_words > 0) {
        std::int64_t most = 0;
        for (int d = 0; d < kNumData; ++d) most = r.access[kGbuf][d] > most ? r.access[kGbuf][d] : most;
        r.bus_time = ceil_div(ceil_div(most, n), hw.array_bus_words);
    }
    if (!hw.dram_bandwidth_unlimited) {
        const std::int64_t stacks = dram_nodes(hw).count;
        // bits x (cycles per us) / (bits per us of all interfaces)
        r.dram_time = ceil_div(r.dram_bits * hw.clock_mhz, stacks * hw.dram_pins * hw.dram_pin_mbps);
    }
    r.time = r.proc_time;
    if (r.bus_time > r.time) r.time = r.bus_time;
    if (r.dram_time > r.time) r.time = r.dram_time;

    const PimEnergy& e = hw.energy;
    std::int64_t level_sum[kNumLevels] = {};
    for (int m = 0; m < kNumLevels; ++m)
        for (int d = 0; d < kNumData; ++d) level_sum[m] += r.access[m][d];
    r.energy_pj[kEnergyMac] = e.mac_pj * static_cast<double>(r.ops);
    r.energy_pj[kEnergyRegf] = e.regf_pj_per_word * static_cast<double>(level_sum[kRegf]);
    r.energy_pj[kEnergyGbuf] = e.gbuf_pj_per_word * static_cast<double>(level_sum[kGbuf]);
    r.energy_pj[kEnergyArrayBus] = e.array_bus_pj_per_word * static_cast<double>(level_sum[kItcn]);
    r.energy_pj[kEnergyDram] = e.dram_pj_per_bit * static_cast<double>(r.dram_bits);
    r.energy_pj[kEnergyNoc] = e.noc_pj_per_bit_hop * static_cast<double>(r.noc_bit_hops);
    r.energy_pj[kEnergyStatic] = e.static_pj_per_cycle * static_cast<double>(r.time);
    for (int i = 0; i < kNumEnergyParts; ++i) r.energy_total_pj += r.energy_pj[i];
    r.utilization = r.time > 0
                        ? static_cast<double>(r.ops) / (static_cast<double>(r.time) * static_cast<double>(n) *
                                                        static_cast<double>(hw.pes()))
                        : 0;

    // DRAM held by the busiest node: its piece of the ofmap and the filter block it reads.
    const DataLayout out = candidate_ofmap_layout(hw, ctx, cand);
    std::int64_t ofm_share = 0;
    for (std::int32_t i = 0; i < out.frag[0].part.nodes(); ++i) {
        const std::int64_t s =
            part_fmap_range(out.frag[0].part, out.frag[0].range, part_index(out.frag[0].part, i)).size();
        if (s > ofm_share) ofm_share = s;
    }
    const std::int64_t filter_slice = ceil_div(ctx.layer.C, cand.part.size(kInpp)) *
                                      ceil_div(ctx.layer.K, cand.part.size(kOutp)) * ctx.layer.R *
                                      ctx.layer.S;
    r.dram_words_per_node = ofm_share + (ctx.layer.is_conv() ? filter_slice : 0);
    return r;
}

// The word-hops of the candidate's partition, its input where `ctx` says and its ofmap where the
// candidate writes it.
DRAMSWEEP_HD inline UnitHops candidate_unit_hops(const PimHardware& hw, const LayerContext& ctx,
                                                 const Candidate& cand) {
    const DramNodes dram = dram_nodes(hw);
    const DataLayout out = candidate_ofmap_layout(hw, ctx, cand);
    HopInputs in{&ctx.layer, ctx.batch,  &cand.part, proc_region(hw),
                 &dram,      &ctx.ifmap, &out,       hw.options.access_forwarding};
    return unit_hops(in);
}

// The link loads of the layer's NoC traffic (noc_links.hpp) on a `mesh` in which the design's
// nodes start at `origin`; `ifmap` and `ofmap` in the mesh's coordinates.
DRAMSWEEP_HD inline LinkLoads link_loads_on(const PimHardware& hw, const LayerContext& ctx,
                                            const Candidate& cand, const DataLayout& ifmap,
                                            const DataLayout& ofmap, const std::int64_t* fetch0, Dim2 origin,
                                            Dim2 mesh) {
    DramNodes dram = dram_nodes(hw);
    for (std::int32_t i = 0; i < dram.count; ++i) {
        dram.node[i].h += origin.h;
        dram.node[i].w += origin.w;
    }
    NodeRegion region = proc_region(hw);
    region.origin.h += origin.h;
    region.origin.w += origin.w;
    const HopInputs in{&ctx.layer, ctx.batch, &cand.part, region,
                       &dram,      &ifmap,    &ofmap,     hw.options.access_forwarding};
    return link_loads(in, fetch0, hw.word_bits, hw.psum_bits, mesh.h, mesh.w);
}

// The same with the layer's ofmap written as `ofmap` says (the design's coordinates), on the mesh
// `ctx.placement` names.
DRAMSWEEP_HD inline LinkLoads placed_link_loads(const PimHardware& hw, const LayerContext& ctx,
                                                const Candidate& cand, const DataLayout& ofmap,
                                                const std::int64_t* fetch0) {
    const MeshPlacement& at = ctx.placement;
    if (!at.on_rect)
        return link_loads_on(hw, ctx, cand, ctx.ifmap, ofmap, fetch0, Dim2{0, 0}, Dim2{hw.mesh_h, hw.mesh_w});
    return link_loads_on(hw, ctx, cand, translate_layout(ctx.ifmap, at.origin),
                         translate_layout(ofmap, at.origin), fetch0, at.origin, at.parent);
}

// Records the busiest link of `links` and the NoC time it takes.
DRAMSWEEP_HD inline void record_link_loads(const PimHardware& hw, const LinkLoads& links, LayerEval& r) {
    r.max_link_bits = links.max_bits();
    r.noc_time = r.max_link_bits > 0 ? ceil_div(r.max_link_bits, hw.link_bits) +
                                           std::int64_t{links.longest_route} * hw.hop_cycles
                                     : 0;
}

// Places the layer's NoC traffic on the mesh links and records the busiest.
DRAMSWEEP_HD inline void add_link_loads(const PimHardware& hw, const LayerContext& ctx, const Candidate& cand,
                                        LayerEval& r) {
    if (!r.ok()) return;
    record_link_loads(hw, placed_link_loads(hw, ctx, cand, candidate_ofmap_layout(hw, ctx, cand), r.fetch[0]),
                      r);
}

// The whole evaluation: unit hops, the candidate, and the link loads.
DRAMSWEEP_HD inline LayerEval evaluate_candidate(const PimHardware& hw, const LayerContext& ctx,
                                                 const Candidate& cand) {
    LayerEval r;
    if (!partition_fits(hw, ctx.layer, cand.part, r.error)) return r;
    r = evaluate_with_hops(hw, ctx, cand, candidate_unit_hops(hw, ctx, cand));
    add_link_loads(hw, ctx, cand, r);
    return r;
}

}  // namespace dramsweep::pim
