#include "dramsweep/pim/network_eval.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {
namespace {

// Memo keys: numbers joined by separators (appended one by one; GCC 12 misreads chains of
// literal + string concatenations as overlapping copies).
void put(std::string& s, std::int64_t v, char sep) {
    s += std::to_string(v);
    s += sep;
}

void put_range(std::string& s, const FmapRange& r) {
    for (int i = 0; i < 4; ++i) {
        put(s, r.beg[i], ':');
        put(s, r.end[i], ',');
    }
}

void put_layout(std::string& s, const DataLayout& l) {
    for (int f = 0; f < l.count; ++f) {
        const LayoutFragment& fr = l.frag[f];
        put_range(s, fr.range);
        for (std::int64_t v : {fr.region.dim.h, fr.region.dim.w, fr.region.origin.h, fr.region.origin.w,
                               fr.region.dist.h, fr.region.dist.w})
            put(s, v, '@');
        for (int p = 0; p < kNumParts; ++p) {
            put(s, fr.part.order[p], '.');
            put(s, fr.part.pdims[p].h, 'x');
            put(s, fr.part.pdims[p].w, ';');
        }
        s += '|';
    }
}

// nn_dataflow's memo of unit hops: keyed by the data's context and a dictionary of range ->
// nodes whose equality compares only the set of ranges and the set of node lists.
class HopMemo {
public:
    UnitHops lookup(const PimHardware& hw, const LayerContext& ctx, const PartitionScheme& part) {
        Candidate projected;
        projected.part = part;
        UnitHops computed = candidate_unit_hops(hw, ctx, projected);
        const std::int32_t n = part.nodes();
        NodeData nd[kMaxNodes];
        Dim2 coord[kMaxNodes];
        for (std::int32_t i = 0; i < n; ++i) {
            const PartIndex p = part_index(part, i);
            nd[i] = node_data(ctx.layer, ctx.batch, part, p);
            coord[i] = part_coordinate(proc_region(hw), part, p);
        }
        const bool fwd = hw.options.access_forwarding;
        const DataLayout out = ofmap_layout(hw, ctx.layer, ctx.batch, part);
        std::string contexts[kNumData] = {"F", "I", "O"};
        put(contexts[kFil], static_cast<int>(ctx.layer.model), ',');
        for (std::int64_t v : {ctx.layer.C, ctx.layer.K, ctx.layer.E, ctx.layer.F, ctx.layer.R, ctx.layer.S,
                               ctx.layer.Uh, ctx.layer.Uw, ctx.layer.nreg, ctx.layer.ntrd})
            put(contexts[kFil], v, ',');
        put_layout(contexts[kIfm], ctx.ifmap);
        put_layout(contexts[kOfm], out);
        const HopData kinds[kNumData] = {HopData::kFilter, HopData::kIfmap, HopData::kOfmap};
        for (int d = 0; d < kNumData; ++d) {
            if (d == kFil && !ctx.layer.is_conv()) continue;
            RangeGroups g;
            group_nodes(nd, n, kinds[d], g);
            std::set<std::string> keys, values;
            for (std::int32_t lead = 0; lead < n; ++lead) {
                if (!g.active[lead] || g.leader[lead] != lead) continue;
                const NodeData& x = nd[lead];
                std::string k;
                if (d == kFil) {
                    for (std::int64_t v : {x.fil_c[0], x.fil_c[1], x.fil_k[0], x.fil_k[1]}) put(k, v, ':');
                } else {
                    put_range(k, d == kIfm ? x.ifm : x.ofm);
                }
                keys.insert(k);
                std::string nodes;
                for (std::int32_t i = 0; i < n; ++i) {
                    if (!g.active[i] || g.leader[i] != lead) continue;
                    put(nodes, coord[i].h, ',');
                    put(nodes, coord[i].w, ';');
                }
                values.insert(nodes);
            }
            std::string key = contexts[d];
            key += fwd ? "#fwd#" : "#";
            for (const auto& k : keys) {
                key += k;
                key += '&';
            }
            key += '#';
            for (const auto& v : values) {
                key += v;
                key += '&';
            }
            computed.hops[d] = memo_.emplace(key, computed.hops[d]).first->second;
        }
        return computed;
    }

private:
    std::map<std::string, std::int64_t> memo_;
};

}  // namespace

DataLayout layer_input_layout(const PimHardware& hw, const Network& net, std::int64_t batch, int layer,
                              const NetworkMapping& mapping, const std::vector<DataLayout>& ofmaps) {
    const NetworkLayer& l = net.layers[static_cast<std::size_t>(layer)];
    DataLayout in;
    std::int64_t offset = 0;
    for (int p : l.prevs) {
        DataLayout piece;
        if (p >= 0)
            piece = ofmaps[static_cast<std::size_t>(p)];
        else
            piece = input_layout(hw, batch, net.producer_channels(p, layer), net.producer_rows(p, layer),
                                 net.producer_cols(p, layer), mapping.input_part);
        for (int f = 0; f < piece.count; ++f) {
            if (in.count == kMaxFragments)
                throw InputError(net.origin, 0, l.name,
                                 "reads more than " + std::to_string(kMaxFragments) + " producer fragments");
            LayoutFragment fr = piece.frag[f];
            const std::int64_t channels = fr.range.end[1] - fr.range.beg[1];
            fr.range.beg[1] = offset;
            fr.range.end[1] = offset + channels;
            offset += channels;
            in.frag[in.count++] = fr;
        }
    }
    return in;
}

LayerContext layer_context(const PimHardware& hw, const Network& net, std::int64_t batch, int layer,
                           const NetworkMapping& mapping, const std::vector<DataLayout>& ofmaps) {
    LayerContext ctx;
    ctx.layer = net.layers[static_cast<std::size_t>(layer)].shape;
    ctx.batch = batch;
    ctx.ifmap = layer_input_layout(hw, net, batch, layer, mapping, ofmaps);
    ctx.no_time_mux = net.layers.size() == 1;
    return ctx;
}

NetworkContexts network_contexts(const PimHardware& hw, const Network& net, std::int64_t batch,
                                 const NetworkMapping& mapping) {
    if (mapping.layers.size() != net.layers.size())
        throw std::invalid_argument("network_contexts: one candidate per layer is needed");
    NetworkContexts out;
    out.contexts.resize(net.layers.size());
    out.ofmap_layouts.resize(net.layers.size());
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        out.contexts[i] = layer_context(hw, net, batch, static_cast<int>(i), mapping, out.ofmap_layouts);
        out.ofmap_layouts[i] = candidate_ofmap_layout(hw, out.contexts[i], mapping.layers[i]);
    }
    return out;
}

bool partition_has_blocking(const PimHardware& hw, const LayerShape& layer, std::int64_t batch,
                            const PartitionScheme& part) {
    const PartitionedLayer pl = partition_layer(layer, batch, part);
    const ArrayFit fit = fit_array(pl.shape, hw.pe_rows, hw.pe_cols);
    std::int32_t factors[64];
    const int count = replication_splits(pl.shape, pl.batch, fit, factors, 64);
    for (int i = 0; i < count && i < 64; ++i) {
        const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, factors[i]);
        // Everything blocked at the DRAM level needs the least buffer and register file.
        LoopBlocking b;
        for (int x = 0; x < kNumLoops; ++x) b.t[0][x] = nest.loopcnt[x];
        if (evaluate_blocking(layer.model, nest, b, hw, false).error == BlockingError::kNone) return true;
    }
    return false;
}

NetworkTotals network_totals(const std::vector<LayerEval>& layers) {
    NetworkTotals t;
    for (const LayerEval& e : layers) {
        t.ops += e.ops;
        t.time += e.time;
        for (int m = 0; m < kNumLevels; ++m)
            for (int d = 0; d < kNumData; ++d) t.access[m] += e.access[m][d];
        for (int d = 0; d < kNumData; ++d) t.hops += e.hops[d];
        for (int i = 0; i < kNumEnergyParts; ++i) t.energy_pj[i] += e.energy_pj[i];
        t.energy_total_pj += e.energy_total_pj;
        t.dram_words_per_node = std::max(t.dram_words_per_node, e.dram_words_per_node);
    }
    return t;
}

NetworkEval evaluate_network(const PimHardware& hw, const Network& net, std::int64_t batch,
                             const NetworkMapping& mapping, const NetworkEvalOptions& options) {
    if (mapping.layers.size() != net.layers.size())
        throw std::invalid_argument("evaluate_network: one candidate per layer is needed");
    NetworkEval out;
    out.layers.resize(net.layers.size());
    out.ofmap_layouts.resize(net.layers.size());
    std::vector<int> order = options.order;
    if (order.empty())
        for (std::size_t i = 0; i < net.layers.size(); ++i) order.push_back(static_cast<int>(i));
    HopMemo memo;
    std::vector<bool> done(net.layers.size(), false);
    for (int li : order) {
        const NetworkLayer& l = net.layers[static_cast<std::size_t>(li)];
        for (int p : l.prevs)
            if (p >= 0 && !done[static_cast<std::size_t>(p)])
                throw std::invalid_argument("evaluate_network: order visits " + l.name +
                                            " before its producers");
        const LayerContext ctx = layer_context(hw, net, batch, li, mapping, out.ofmap_layouts);
        const Candidate& cand = mapping.layers[static_cast<std::size_t>(li)];
        LayerEval e;
        if (!partition_fits(hw, l.shape, cand.part, e.error)) {
            out.layers[static_cast<std::size_t>(li)] = e;
        } else if (options.nn_dataflow_hop_memo) {
            UnitHops chosen;
            bool seen = false;
            for (const PartitionScheme& p :
                 generate_partitions(l.shape, false, batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options)) {
                if (options.partition_filter && !options.partition_filter(li, p)) continue;
                if (!partition_has_blocking(hw, l.shape, batch, p)) continue;
                const UnitHops h = memo.lookup(hw, ctx, p);
                if (p == cand.part && !seen) {
                    chosen = h;
                    seen = true;
                }
            }
            if (!seen) chosen = memo.lookup(hw, ctx, cand.part);
            out.layers[static_cast<std::size_t>(li)] = evaluate_with_hops(hw, ctx, cand, chosen);
            add_link_loads(hw, ctx, cand, out.layers[static_cast<std::size_t>(li)]);
        } else {
            out.layers[static_cast<std::size_t>(li)] = evaluate_candidate(hw, ctx, cand);
        }
        out.ofmap_layouts[static_cast<std::size_t>(li)] = candidate_ofmap_layout(hw, ctx, cand);
        done[static_cast<std::size_t>(li)] = true;
    }
    bool all_ok = true;
    for (const LayerEval& e : out.layers) all_ok = all_ok && e.ok();
    if (all_ok) out.total = network_totals(out.layers);
    return out;
}

}  // namespace dramsweep::pim
