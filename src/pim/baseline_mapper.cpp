// The TETRIS-style baseline mapper. The loop-blocking search rests on two properties of the
// fetch rule (blocking.hpp), which tests/pim checks against the evaluator:
//   - at each level only the innermost loop whose factor is above 1 matters (a datum is
//     refetched for its unrelated loop unless that loop is the innermost one);
//   - each data category has exactly one loop it does not depend on (conv: FIL the batch, IFM
//     the output channels, OFM the input channels), so its cost depends only on that loop's
//     factors and on which loops are trivial.
// So for every "pattern" (which loops are non-trivial at levels 0 and 1, and which of them is
// innermost) the energy is a sum of one term per loop, and only the capacities couple the
// loops. A branch and bound over the per-loop options sorted by their term finds the optimum
// of nn_dataflow's whole space (every factorisation, every order); every improvement is
// confirmed by the evaluator, whose result is what is kept.

#include "dramsweep/pim/baseline_mapper.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {

bool better(Goal goal, double energy_a, std::int64_t time_a, double energy_b, std::int64_t time_b) {
    switch (goal) {
        case Goal::kEnergy:
            return energy_a < energy_b || (energy_a == energy_b && time_a < time_b);
        case Goal::kLatency:
            return time_a < time_b || (time_a == time_b && energy_a < energy_b);
        case Goal::kEdp: {
            const double a = energy_a * static_cast<double>(time_a),
                         b = energy_b * static_cast<double>(time_b);
            return a < b || (a == b && energy_a < energy_b);
        }
    }
    return false;
}

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

struct LoopOption {
    std::int64_t t0, t1, t2;
};

std::vector<std::int64_t> divisors(std::int64_t n) {
    std::vector<std::int64_t> small, large;
    for (std::int64_t f = 1; f * f <= n; ++f) {
        if (n % f) continue;
        small.push_back(f);
        if (f != n / f) large.push_back(n / f);
    }
    small.insert(small.end(), large.rbegin(), large.rend());
    return small;
}

// The data category whose unrelated loop is `loop` (conv).
constexpr int kDataOfLoop[kNumLoops] = {kOfm, kIfm, kFil};

struct Entry {
    double energy;  // this loop's data category's term
    std::int32_t option;
    bool stored;
};

struct Incumbent {
    double energy = kInf;
    std::int64_t time = kNever;
    Candidate cand;
    LayerEval eval;
    bool found = false;
};

// The search of one loop nest (one partition, one replication split).
class NestSearch {
public:
    NestSearch(const PimHardware& hw, const LayerContext& ctx, const Candidate& base,
               const LoopNestDesc& nest, const UnitHops& unit, Goal goal, MapperStats& stats, Incumbent& inc)
        : hw_(hw), ctx_(ctx), base_(base), nest_(nest), unit_(unit), goal_(goal), stats_(stats), inc_(inc) {
        for (int x = 0; x < kNumLoops; ++x) {
            for (std::int64_t t0 : divisors(nest.loopcnt[x]))
                for (std::int64_t t1 : divisors(nest.loopcnt[x] / t0))
                    options_[x].push_back({t0, t1, nest.loopcnt[x] / t0 / t1});
        }
        const std::int64_t n = base.part.nodes();
        const PimEnergy& e = hw.energy;
        for (int d = 0; d < kNumData; ++d) {
            const std::int64_t g =
                hw.options.access_forwarding ? sharing_group(ctx.layer.model, base.part, d) : 1;
            dram_stored_[d] = e.dram_pj_per_bit * static_cast<double>(nest.total[0][d] * (n / g));
            dram_bypass_[d] = e.dram_pj_per_bit * static_cast<double>(nest.total[1][d] * (n / g));
            noc_[d] = e.noc_pj_per_bit_hop * static_cast<double>(unit.hops[d]);
            gbuf_[d] = e.gbuf_pj_per_word * static_cast<double>(nest.total[1][d] * n);
            itcn_[d] = e.array_bus_pj_per_word * static_cast<double>(nest.total[2][d] * n);
            bits_[d] = d == kOfm ? hw.psum_bits : hw.word_bits;
        }
        const std::int64_t ops = ctx.layer.ops(ctx.batch);
        std::int64_t lcnt = 1;
        for (int x = 0; x < kNumLoops; ++x) lcnt *= nest.loopcnt[x];
        proc_time_ = nest.unit_time * lcnt;
        constant_ = e.mac_pj * static_cast<double>(ops) + e.regf_pj_per_word * static_cast<double>(ops * 4) +
                    e.static_pj_per_cycle * static_cast<double>(proc_time_);
        exact_bound_ = hw.dram_bandwidth_unlimited && hw.array_bus_words == 0;
    }

    void run() {
        if (!could_beat(constant_)) return;
        for (int nt0 = 0; nt0 < 8; ++nt0)
            for (int z0 : innermost_choices(nt0))
                for (int nt1 = 0; nt1 < 8; ++nt1)
                    for (int z1 : innermost_choices(nt1)) search_pattern(nt0, z0, nt1, z1);
    }

private:
    static std::vector<int> innermost_choices(int mask) {
        std::vector<int> out;
        for (int x = 0; x < kNumLoops; ++x)
            if (mask & (1 << x)) out.push_back(x);
        if (out.empty()) out.push_back(-1);
        return out;
    }

    bool could_beat(double energy_bound) const {
        return !inc_.found || better(goal_, energy_bound, proc_time_, inc_.energy, inc_.time);
    }

    // Fetch bits of `f` fetches of data `d` (an ofmap: f - 1 partial sums and a final value).
    double fetch_bits(int d, std::int64_t fetches) const {
        if (d != kOfm) return static_cast<double>(fetches * bits_[d]);
        return fetches > 0 ? static_cast<double>((fetches - 1) * hw_.psum_bits + hw_.word_bits) : 0.0;
    }

    // The sorted entries of `loop` within a pattern (memoised by its group and variant).
    const std::vector<Entry>& entries(int loop, int nt0, int z0, int nt1, int z1) {
        const bool in0 = nt0 & (1 << loop), in1 = nt1 & (1 << loop);
        const bool inner0 = z0 == loop, inner1 = z1 == loop;
        const bool alone1 = (nt1 & ~(1 << loop)) == 0;  // no other loop changes at level 1
        const bool pinned =
            ctx_.no_time_mux && loop == kLoopBat && (nt0 & ((1 << kLoopIfm) | (1 << kLoopOfm))) == 0;
        const int key = (in0 ? 1 : 0) | (in1 ? 2 : 0) | (inner0 ? 4 : 0) | (inner1 ? 8 : 0) |
                        (alone1 ? 16 : 0) | (pinned ? 32 : 0);
        std::vector<Entry>& list = cache_[loop][key];
        if (filled_[loop][key]) return list;
        filled_[loop][key] = true;
        const int d = kDataOfLoop[loop];
        for (std::size_t i = 0; i < options_[loop].size(); ++i) {
            const LoopOption& o = options_[loop][i];
            if ((o.t0 > 1) != in0 || (o.t1 > 1) != in1) continue;
            const std::int64_t f0 = in0 && !inner0 ? o.t0 : 1;
            const std::int64_t f1 = alone1 ? f0 : o.t0 * (in1 && !inner1 ? o.t1 : 1);
            const std::int64_t F0 = d == kOfm ? 2 * f0 - 1 : f0, F1 = d == kOfm ? 2 * f1 - 1 : f1;
            const bool stored = !hw_.options.gbuf_bypass[d] || f0 < f1;
            const std::int64_t dram_fetches = pinned ? 0 : F0;
            const double bits = fetch_bits(d, dram_fetches);
            const double energy = (stored ? dram_stored_[d] : dram_bypass_[d]) * bits + noc_[d] * bits +
                                  (stored ? gbuf_[d] : 0.0) * static_cast<double>(F1) +
                                  itcn_[d] * static_cast<double>(F1);
            list.push_back({energy, static_cast<std::int32_t>(i), stored});
        }
        std::sort(list.begin(), list.end(),
                  [](const Entry& a, const Entry& b) { return a.energy < b.energy; });
        return list;
    }

    void search_pattern(int nt0, int z0, int nt1, int z1) {
        const auto& li = entries(kLoopIfm, nt0, z0, nt1, z1);
        const auto& lo = entries(kLoopOfm, nt0, z0, nt1, z1);
        const auto& lb = entries(kLoopBat, nt0, z0, nt1, z1);
        if (li.empty() || lo.empty() || lb.empty()) return;
        if (!could_beat(constant_ + li[0].energy + lo[0].energy + lb[0].energy)) return;
        // Capacities in bits; unit sizes of the nest.
        const double gbuf_cap = static_cast<double>(hw_.gbuf_words * hw_.word_bits);
        const std::int64_t regf_cap = hw_.regf_words * hw_.word_bits;
        const std::int64_t* ug = nest_.usize_gbuf;
        const std::int64_t* ur = nest_.usize_regf;
        for (const Entry& a : li) {
            if (!could_beat(constant_ + a.energy + lo[0].energy + lb[0].energy)) break;
            const LoopOption& oi = options_[kLoopIfm][static_cast<std::size_t>(a.option)];
            for (const Entry& b : lo) {
                if (!could_beat(constant_ + a.energy + b.energy + lb[0].energy)) break;
                const LoopOption& oo = options_[kLoopOfm][static_cast<std::size_t>(b.option)];
                // FIL depends on (I, O); IFM on (I, B) and is stored per the O loop; OFM on (O, B)
                // and is stored per the I loop.
                const std::int64_t regf_fil = ur[kFil] * oi.t2 * oo.t2 * bits_[kFil];
                const std::int64_t regf_per_b =
                    ur[kIfm] * oi.t2 * bits_[kIfm] + ur[kOfm] * oo.t2 * bits_[kOfm];
                const double gbuf_fil =
                    static_cast<double>(ug[kFil] * oi.t1 * oi.t2 * oo.t1 * oo.t2 * bits_[kFil]);
                const double gbuf_per_b =
                    (b.stored ? static_cast<double>(ug[kIfm] * oi.t1 * oi.t2 * bits_[kIfm]) : 0.0) +
                    (a.stored ? static_cast<double>(ug[kOfm] * oo.t1 * oo.t2 * bits_[kOfm]) : 0.0);
                for (const Entry& c : lb) {
                    const double bound = constant_ + a.energy + b.energy + c.energy;
                    if (!could_beat(bound)) break;
                    ++stats_.blockings_bounded;
                    const LoopOption& ob = options_[kLoopBat][static_cast<std::size_t>(c.option)];
                    if (regf_fil + regf_per_b * ob.t2 > regf_cap) continue;
                    const double gbuf =
                        (c.stored ? gbuf_fil : 0.0) + gbuf_per_b * static_cast<double>(ob.t1 * ob.t2);
                    if (gbuf > gbuf_cap) continue;
                    leaf(oi, oo, ob, z0, z1, bound);
                    if (exact_bound_) break;  // later options of this loop cost more
                }
            }
        }
    }

    void leaf(const LoopOption& oi, const LoopOption& oo, const LoopOption& ob, int z0, int z1,
              double bound) {
        Candidate cand = base_;
        const LoopOption* o[kNumLoops] = {&oi, &oo, &ob};
        for (int x = 0; x < kNumLoops; ++x) {
            cand.blocking.t[0][x] = o[x]->t0;
            cand.blocking.t[1][x] = o[x]->t1;
            cand.blocking.t[2][x] = o[x]->t2;
        }
        const int z[2] = {z0, z1};
        for (int l = 0; l < 2; ++l) {
            std::uint8_t next = 1;
            for (int x = 0; x < kNumLoops; ++x)
                cand.blocking.order[l][x] = x == z[l] ? 0 : (z[l] < 0 && x == 0 ? 0 : next++);
        }
        ++stats_.evaluations;
        const LayerEval e = evaluate_with_hops(hw_, ctx_, cand, unit_);
        const double tolerance = 1e-9 * std::max(1.0, bound);
        if (!e.ok() || bound > e.energy_total_pj + tolerance ||
            (exact_bound_ && e.energy_total_pj > bound + tolerance))
            ++stats_.bound_mismatches;
        if (!e.ok()) return;
        if (!inc_.found || better(goal_, e.energy_total_pj, e.time, inc_.energy, inc_.time)) {
            inc_.found = true;
            inc_.energy = e.energy_total_pj;
            inc_.time = e.time;
            inc_.cand = cand;
            inc_.eval = e;
        }
    }

    const PimHardware& hw_;
    const LayerContext& ctx_;
    const Candidate& base_;
    const LoopNestDesc& nest_;
    const UnitHops& unit_;
    Goal goal_;
    MapperStats& stats_;
    Incumbent& inc_;
    std::vector<LoopOption> options_[kNumLoops];
    std::vector<Entry> cache_[kNumLoops][64];
    bool filled_[kNumLoops][64] = {};
    double dram_stored_[kNumData] = {}, dram_bypass_[kNumData] = {}, noc_[kNumData] = {},
           gbuf_[kNumData] = {}, itcn_[kNumData] = {};
    std::int64_t bits_[kNumData] = {};
    std::int64_t proc_time_ = 0;
    double constant_ = 0;
    bool exact_bound_ = false;
};

// A local-region layer's fetches are all 1 whatever its blocking, so its cost does not depend
// on it: the blocking with everything at the DRAM level fits whenever any does.
void search_local_region(const PimHardware& hw, const LayerContext& ctx, const Candidate& base,
                         const LoopNestDesc& nest, const UnitHops& unit, Goal goal, MapperStats& stats,
                         Incumbent& inc) {
    Candidate cand = base;
    for (int x = 0; x < kNumLoops; ++x) cand.blocking.t[0][x] = nest.loopcnt[x];
    ++stats.evaluations;
    const LayerEval e = evaluate_with_hops(hw, ctx, cand, unit);
    if (e.ok() && (!inc.found || better(goal, e.energy_total_pj, e.time, inc.energy, inc.time))) {
        inc.found = true;
        inc.energy = e.energy_total_pj;
        inc.time = e.time;
        inc.cand = cand;
        inc.eval = e;
    }
}

void search_layer(const PimHardware& hw, const LayerContext& ctx, int layer, const MapperOptions& options,
                  MapperStats& stats, Incumbent& inc) {
    const Goal goal = options.goal;
    for (const PartitionScheme& part :
         generate_partitions(ctx.layer, false, ctx.batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options)) {
        if (options.partition_filter && !options.partition_filter(layer, part)) continue;
        ++stats.partitions;
        const PartitionedLayer pl = partition_layer(ctx.layer, ctx.batch, part);
        const ArrayFit fit = fit_array(pl.shape, hw.pe_rows, hw.pe_cols);
        std::int32_t factors[64];
        const int splits = std::min(64, replication_splits(pl.shape, pl.batch, fit, factors, 64));
        Candidate projected;
        projected.part = part;
        const UnitHops unit = candidate_unit_hops(hw, ctx, projected);
        for (int s = 0; s < splits; ++s) {
            Candidate base;
            base.part = part;
            base.repl_ifm_factor = factors[s];
            const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, factors[s]);
            if (!nest.valid) continue;
            ++stats.loop_nests;
            if (ctx.layer.is_conv()) {
                NestSearch(hw, ctx, base, nest, unit, goal, stats, inc).run();
            } else {
                search_local_region(hw, ctx, base, nest, unit, goal, stats, inc);
            }
        }
    }
}

std::string context_key(const LayerContext& ctx) {
    std::string key;
    auto put = [&](std::int64_t v) {
        key += std::to_string(v);
        key += ',';
    };
    const LayerShape& l = ctx.layer;
    for (std::int64_t v :
         {std::int64_t{static_cast<int>(l.model)}, std::int64_t{l.C}, std::int64_t{l.K}, std::int64_t{l.E},
          std::int64_t{l.F}, std::int64_t{l.R}, std::int64_t{l.S}, std::int64_t{l.Uh}, std::int64_t{l.Uw},
          std::int64_t{l.nreg}, std::int64_t{l.ntrd}, ctx.batch, std::int64_t{ctx.no_time_mux}})
        put(v);
    for (int f = 0; f < ctx.ifmap.count; ++f) {
        const LayoutFragment& fr = ctx.ifmap.frag[f];
        for (int i = 0; i < 4; ++i) {
            put(fr.range.beg[i]);
            put(fr.range.end[i]);
        }
        for (const Dim2& d : {fr.region.dim, fr.region.origin, fr.region.dist}) {
            put(d.h);
            put(d.w);
        }
        for (int p = 0; p < kNumParts; ++p) {
            put(fr.part.order[p]);
            put(fr.part.pdims[p].h);
            put(fr.part.pdims[p].w);
        }
        key += '|';
    }
    return key;
}

bool reads_input(const NetworkLayer& l) {
    for (int p : l.prevs)
        if (p < 0) return true;
    return false;
}

}  // namespace

BlockingChoice best_blocking(const PimHardware& hw, const LayerContext& ctx, const PartitionScheme& part,
                             std::int32_t repl_ifm_factor, Goal goal, MapperStats* stats) {
    MapperStats local;
    MapperStats& st = stats ? *stats : local;
    BlockingChoice out;
    EvalError error = EvalError::kNone;
    if (!partition_fits(hw, ctx.layer, part, error)) return out;
    const PartitionedLayer pl = partition_layer(ctx.layer, ctx.batch, part);
    const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, repl_ifm_factor);
    if (!nest.valid) return out;
    Candidate base;
    base.part = part;
    base.repl_ifm_factor = repl_ifm_factor;
    const UnitHops unit = candidate_unit_hops(hw, ctx, base);
    Incumbent inc;
    if (ctx.layer.is_conv())
        NestSearch(hw, ctx, base, nest, unit, goal, st, inc).run();
    else
        search_local_region(hw, ctx, base, nest, unit, goal, st, inc);
    out.found = inc.found;
    out.candidate = inc.cand;
    out.eval = inc.eval;
    return out;
}

MapperResult map_baseline(const PimHardware& hw, const Network& net, std::int64_t batch,
                          const MapperOptions& options) {
    MapperResult result;
    NetworkMapping& mapping = result.mapping;
    mapping.layers.resize(net.layers.size());
    std::vector<DataLayout> ofmaps(net.layers.size());
    std::vector<LayerEval> evals(net.layers.size());
    std::map<std::string, std::pair<Candidate, LayerEval>> cache;
    bool input_chosen = false;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const NetworkLayer& l = net.layers[i];
        LayerContext ctx;
        ctx.layer = l.shape;
        ctx.batch = batch;
        ctx.no_time_mux = net.layers.size() == 1;
        Incumbent inc;
        if (reads_input(l) && !input_chosen) {
            // The input's layout is chosen with the first layer that reads it: every scheme of the
            // input over the DRAM region, as nn_dataflow starts from one state per input layout.
            LayerShape input_shape;
            input_shape.K = net.input_channels;
            input_shape.E = net.input_h;
            input_shape.F = net.input_w;
            PartitionScheme best_input;
            for (const PartitionScheme& in_part :
                 generate_partitions(input_shape, true, batch, data_region(hw).dim, hw.options)) {
                mapping.input_part = in_part;
                ctx.ifmap = layer_input_layout(hw, net, batch, static_cast<int>(i), mapping, ofmaps);
                const bool before = inc.found;
                const double energy = inc.energy;
                const std::int64_t time = inc.time;
                search_layer(hw, ctx, static_cast<int>(i), options, result.stats, inc);
                if (inc.found && (!before || better(options.goal, inc.energy, inc.time, energy, time)))
                    best_input = in_part;
            }
            mapping.input_part = best_input;
            ctx.ifmap = layer_input_layout(hw, net, batch, static_cast<int>(i), mapping, ofmaps);
            input_chosen = true;
        } else {
            ctx.ifmap = layer_input_layout(hw, net, batch, static_cast<int>(i), mapping, ofmaps);
            const std::string key = context_key(ctx);
            const auto hit = cache.find(key);
            if (hit != cache.end()) {
                ++result.stats.layer_cache_hits;
                inc.found = true;
                inc.cand = hit->second.first;
                inc.eval = hit->second.second;
            } else {
                search_layer(hw, ctx, static_cast<int>(i), options, result.stats, inc);
                if (inc.found) cache.emplace(key, std::make_pair(inc.cand, inc.eval));
            }
        }
        if (!inc.found)
            throw InputError(net.origin, 0, l.name,
                             "no mapping of this layer fits the node's register files and buffer");
        add_link_loads(hw, ctx, inc.cand, inc.eval);
        mapping.layers[i] = inc.cand;
        evals[i] = inc.eval;
        ofmaps[i] = candidate_ofmap_layout(hw, ctx, inc.cand);
    }
    result.eval.layers = evals;
    result.eval.ofmap_layouts = ofmaps;
    result.eval.total = network_totals(evals);
    return result;
}

}  // namespace dramsweep::pim
