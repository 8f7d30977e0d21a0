// NicePIM's PIM-Mapper: beam search over the steps of the network (a layer, or a segment of
// parallel branches), then capacity allocation and the Data-Scheduler (docs/pim.md).

#include "dramsweep/pim/nicepim_mapper.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/branch_split.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {

const char* scheduler_name(SchedulerKind s) {
    switch (s) {
        case SchedulerKind::kPull:
            return "pull";
        case SchedulerKind::kGreedy:
            return "greedy";
        case SchedulerKind::kIlp:
            return "ilp";
    }
    return "?";
}

const char* layout_name(LayoutKind l) {
    switch (l) {
        case LayoutKind::kProducer:
            return "producer";
        case LayoutKind::kMatched:
            return "matched";
        case LayoutKind::kChannel:
            return "channel";
        case LayoutKind::kSpatial:
            return "spatial";
    }
    return "?";
}

namespace {

struct Slot {
    MappedLayer m;
    LayoutKind layout = LayoutKind::kProducer;
    LayerEval eval;  // the evaluator's on its rectangle (ifmaps pulled from their owners)
};

struct State {
    std::vector<std::shared_ptr<const Slot>> slots;
    PartitionScheme input_part;
    double energy = 0;      // dynamic energy of the steps so far plus static over their time
    std::int64_t time = 0;  // the steps one after another
    int steps = 0;
};

double dynamic_energy(const LayerEval& e) {
    return e.energy_total_pj - e.energy_pj[kEnergyStatic];
}

bool state_better(Goal goal, const State& a, const State& b) {
    return better(goal, a.energy, a.time, b.energy, b.time);
}

void put(std::string& s, std::int64_t v) {
    s += std::to_string(v);
    s += ',';
}

std::string layout_key(const DataLayout& l) {
    std::string s;
    for (int f = 0; f < l.count; ++f) {
        const LayoutFragment& fr = l.frag[f];
        for (int i = 0; i < 4; ++i) {
            put(s, fr.range.beg[i]);
            put(s, fr.range.end[i]);
        }
        for (const Dim2& d : {fr.region.dim, fr.region.origin, fr.region.dist}) {
            put(s, d.h);
            put(s, d.w);
        }
        for (int p = 0; p < kNumParts; ++p) {
            put(s, fr.part.order[p]);
            put(s, fr.part.pdims[p].h);
            put(s, fr.part.pdims[p].w);
        }
        s += '|';
    }
    return s;
}

bool reads_network_input(const NetworkLayer& l) {
    return std::any_of(l.prevs.begin(), l.prevs.end(), [](int p) { return p < 0; });
}

class Search {
public:
    Search(const PimHardware& hw, const Network& net, std::int64_t batch, const NicePimOptions& o)
        : hw_(hw),
          net_(net),
          batch_(batch),
          o_(o),
          whole_(whole_mesh(hw)),
          consumers_(layer_consumers(net)),
          scratch_(net.layers.size()),
          static_per_cycle_(hw.energy.static_pj_per_cycle) {}

    State run() {
        // Steps: single layers, or the segments of parallel branches at their first layer.
        std::vector<int> segment_of(net_.layers.size(), -1);
        if (o_.branch_parallelism && hw_.memory == MemoryPlacement::kStacked && hw_.nodes() > 1) {
            segments_ = find_branch_segments(net_, o_.max_branches);
            for (std::size_t s = 0; s < segments_.size(); ++s)
                for (const auto& chain : segments_[s].chains)
                    for (int l : chain) segment_of[static_cast<std::size_t>(l)] = static_cast<int>(s);
        }
        std::vector<State> beam(1);
        beam[0].slots.resize(net_.layers.size());
        std::vector<bool> done(net_.layers.size(), false);
        for (std::size_t i = 0; i < net_.layers.size(); ++i) {
            if (done[i]) continue;
            std::vector<State> next;
            if (segment_of[i] >= 0) {
                const BranchSegment& seg = segments_[static_cast<std::size_t>(segment_of[i])];
                for (const State& s : beam) expand_segment(s, seg, next);
                for (const auto& chain : seg.chains)
                    for (int l : chain) done[static_cast<std::size_t>(l)] = true;
            } else {
                for (const State& s : beam) expand_layer(s, static_cast<int>(i), next);
                done[i] = true;
            }
            if (next.empty())
                throw InputError(net_.origin, 0, net_.layers[i].name,
                                 "no mapping of this layer fits the node's register files and buffer");
            std::stable_sort(next.begin(), next.end(),
                             [&](const State& a, const State& b) { return state_better(o_.goal, a, b); });
            if (static_cast<int>(next.size()) > o_.beam_width)
                next.resize(static_cast<std::size_t>(o_.beam_width));
            beam = std::move(next);
        }
        return beam.front();
    }

    MapperStats stats;
    std::int64_t segments_parallel = 0;
    std::int64_t splits_pruned = 0;

private:
    LayerContext context_of(const State& s, int layer) {
        const NetworkLayer& l = net_.layers[static_cast<std::size_t>(layer)];
        LayerContext ctx;
        ctx.layer = l.shape;
        ctx.batch = batch_;
        ctx.no_time_mux = net_.layers.size() == 1;
        for (int p : l.prevs)
            if (p >= 0) scratch_[static_cast<std::size_t>(p)] = s.slots[static_cast<std::size_t>(p)]->m.ofmap;
        NetworkMapping m;
        m.input_part = s.input_part;
        ctx.ifmap = layer_input_layout(hw_, net_, batch_, layer, m, scratch_);
        return ctx;
    }

    // The layer's best candidates on `rect` for this context, memoised.
    const std::vector<RegionChoice>& choices(int layer, const Rect& rect, const LayerContext& ctx, int keep) {
        std::string key = std::to_string(layer);
        key += '@';
        for (std::int32_t v : {rect.origin.h, rect.origin.w, rect.dim.h, rect.dim.w, keep}) put(key, v);
        key += layout_key(ctx.ifmap);
        auto it = memo_.find(key);
        if (it == memo_.end()) {
            it = memo_.emplace(key, search_on_region(hw_, rect, ctx, o_.goal, keep, &stats, o_.evaluator))
                     .first;
        } else {
            ++stats.layer_cache_hits;
        }
        return it->second;
    }

    static std::shared_ptr<Slot> make_slot(const Rect& rect, const LayerContext& ctx, const RegionChoice& c,
                                           int step) {
        auto slot = std::make_shared<Slot>();
        slot->m.rect = rect;
        slot->m.ctx = ctx;
        slot->m.cand = c.cand;
        slot->m.ofmap = c.ofmap;
        slot->m.step = step;
        slot->eval = c.eval;
        return slot;
    }

    // Adds a one-layer step to `s`.
    static void add_step(State& s, const PimHardware& hw, const LayerEval& e) {
        const std::int64_t t = noc_aware_time(e);
        s.time += t;
        s.energy += dynamic_energy(e) + hw.energy.static_pj_per_cycle * static_cast<double>(t);
        ++s.steps;
    }

    // The layout a producer's ofmap gets to suit `consumer_part` (a partition of the whole mesh).
    std::vector<std::pair<LayoutKind, PartitionScheme>> layouts_for(const PartitionScheme& consumer_part,
                                                                    const LayerShape& producer) const {
        std::vector<std::pair<LayoutKind, PartitionScheme>> out;
        PartitionScheme matched = consumer_part;
        matched.pdims[kOutp] = Dim2{consumer_part.pdims[kOutp].h * consumer_part.pdims[kInpp].h,
                                    consumer_part.pdims[kOutp].w * consumer_part.pdims[kInpp].w};
        matched.pdims[kInpp] = Dim2{1, 1};
        out.emplace_back(LayoutKind::kMatched, matched);
        PartitionScheme channel;
        channel.pdims[kOutp] = Dim2{hw_.mesh_h, hw_.mesh_w};
        if (producer.K >= hw_.nodes()) out.emplace_back(LayoutKind::kChannel, channel);
        PartitionScheme spatial;
        spatial.pdims[kOfmp] = Dim2{hw_.mesh_h, hw_.mesh_w};
        if (producer.E >= hw_.mesh_h && producer.F >= hw_.mesh_w)
            out.emplace_back(LayoutKind::kSpatial, spatial);
        return out;
    }

    void expand_layer(const State& s, int layer, std::vector<State>& next) {
        const NetworkLayer& l = net_.layers[static_cast<std::size_t>(layer)];
        const bool choose_input = reads_network_input(l) && !input_chosen(s);
        std::vector<PartitionScheme> inputs{s.input_part};
        if (choose_input) {
            LayerShape input_shape;
            input_shape.K = net_.input_channels;
            input_shape.E = net_.input_h;
            input_shape.F = net_.input_w;
            inputs = generate_partitions(input_shape, true, batch_, data_region(hw_).dim, hw_.options);
        }
        for (const PartitionScheme& in_part : inputs) {
            State base = s;
            base.input_part = in_part;
            const LayerContext ctx = context_of(base, layer);
            const std::vector<RegionChoice>& cs = choices(layer, whole_, ctx, o_.beam_width);
            for (std::size_t c = 0; c < cs.size(); ++c) {
                State n = base;
                n.slots[static_cast<std::size_t>(layer)] = make_slot(whole_, ctx, cs[c], base.steps);
                add_step(n, hw_, cs[c].eval);
                next.push_back(std::move(n));
                if (o_.layout_search && c < 2) expand_layouts(base, layer, cs[c], next);
            }
        }
    }

    // The producers of `layer` re-laid out to suit its candidate `c`: producers that are whole-mesh
    // layers read by this layer only.
    void expand_layouts(const State& base, int layer, const RegionChoice& c, std::vector<State>& next) {
        const NetworkLayer& l = net_.layers[static_cast<std::size_t>(layer)];
        std::vector<int> movable;
        for (int p : l.prevs) {
            if (p < 0) return;  // the network input's layout is searched with its first reader
            const Slot& ps = *base.slots[static_cast<std::size_t>(p)];
            if (consumers_[static_cast<std::size_t>(p)].size() != 1 || !(ps.m.rect == whole_)) return;
            movable.push_back(p);
        }
        if (movable.empty()) return;
        for (const auto& [kind, scheme] :
             layouts_for(c.cand.part, net_.layers[static_cast<std::size_t>(movable[0])].shape)) {
            State n = base;
            bool ok = true;
            for (int p : movable) {
                const Slot& old = *base.slots[static_cast<std::size_t>(p)];
                auto slot = std::make_shared<Slot>(old);
                slot->layout = kind;
                slot->m.ofmap = region_layout(hw_, whole_, net_.layers[static_cast<std::size_t>(p)].shape,
                                              batch_, scheme);
                slot->eval = evaluate_on_region(hw_, whole_, old.m.ctx, old.m.cand, slot->m.ofmap);
                ++stats.evaluations;
                if (!slot->eval.ok()) {
                    ok = false;
                    break;
                }
                // Replace the producer's contribution (its own step).
                n.time += noc_aware_time(slot->eval) - noc_aware_time(old.eval);
                n.energy += dynamic_energy(slot->eval) - dynamic_energy(old.eval) +
                            static_per_cycle_ *
                                static_cast<double>(noc_aware_time(slot->eval) - noc_aware_time(old.eval));
                n.slots[static_cast<std::size_t>(p)] = slot;
            }
            if (!ok) continue;
            const LayerContext moved = context_of(n, layer);
            RegionChoice rc = c;
            rc.eval = evaluate_on_region(hw_, whole_, moved, c.cand, c.ofmap);
            ++stats.evaluations;
            if (!rc.eval.ok()) continue;
            n.slots[static_cast<std::size_t>(layer)] = make_slot(whole_, moved, rc, base.steps);
            add_step(n, hw_, rc.eval);
            next.push_back(std::move(n));
        }
    }

    struct ChainMap {
        bool ok = false;
        std::vector<std::shared_ptr<Slot>> slots;
        std::int64_t time = 0;
        double dynamic = 0;
    };

    const ChainMap& chain_on(const State& s, const BranchSegment& seg, std::size_t chain, const Rect& rect,
                             const std::string& input_key) {
        std::string key = input_key;
        key += '#';
        put(key, seg.chains[chain].front());
        for (std::int32_t v : {rect.origin.h, rect.origin.w, rect.dim.h, rect.dim.w}) put(key, v);
        auto it = chains_.find(key);
        if (it != chains_.end()) return it->second;
        ChainMap cm;
        cm.ok = true;
        State local = s;  // the chain's own layers become visible to their successors
        for (int layer : seg.chains[chain]) {
            const LayerContext ctx = context_of(local, layer);
            const std::vector<RegionChoice>& cs = choices(layer, rect, ctx, 1);
            if (cs.empty()) {
                cm.ok = false;
                break;
            }
            auto slot = make_slot(rect, ctx, cs[0], 0);
            local.slots[static_cast<std::size_t>(layer)] = slot;
            cm.slots.push_back(slot);
            cm.time += noc_aware_time(cs[0].eval);
            cm.dynamic += dynamic_energy(cs[0].eval);
        }
        return chains_.emplace(key, std::move(cm)).first->second;
    }

    // A lower bound on the time of chain `c` on `rect`: every layer at least its operations over
    // all of the rectangle's PEs (the evaluator's utilisation is at most 1).
    std::int64_t chain_time_floor(const BranchSegment& seg, std::size_t c, const Rect& rect) const {
        const std::int64_t pes = std::int64_t{rect.nodes()} * hw_.pes();
        std::int64_t t = 0;
        for (int layer : seg.chains[c])
            t += ceil_div(net_.layers[static_cast<std::size_t>(layer)].shape.ops(batch_), pes);
        return t;
    }

    // True when `beam_width` states of `next` and `found` are better than (time, energy): a state
    // no better than that bound cannot enter the beam.
    bool beaten(const std::vector<State>& next, const std::vector<std::pair<std::size_t, State>>& found,
                std::int64_t time, double energy) const {
        int better_count = 0;
        for (const State& n : next) better_count += better(o_.goal, n.energy, n.time, energy, time);
        for (const auto& f : found)
            better_count += better(o_.goal, f.second.energy, f.second.time, energy, time);
        return better_count >= o_.beam_width;
    }

    void expand_segment(const State& s, const BranchSegment& seg, std::vector<State>& next) {
        const std::size_t k = seg.chains.size();
        const LayerContext head = context_of(s, seg.chains[0].front());
        const std::string input_key = layout_key(head.ifmap);
        // The branches one after another on the whole mesh, or at the same time on a split.
        std::vector<std::vector<Rect>> options{std::vector<Rect>(k, whole_)};
        for (auto& split : enumerate_splits(whole_, static_cast<int>(k))) options.push_back(std::move(split));
        // The MAC and register-file energy of a chain is the same on every rectangle (the
        // evaluator's counts are the operations'): its floor, from the chains on the whole mesh.
        std::vector<double> chain_energy_floor(k, 0);
        for (std::size_t c = 0; c < k; ++c)
            for (const auto& slot : chain_on(s, seg, c, whole_, input_key).slots)
                chain_energy_floor[c] += slot->eval.energy_pj[kEnergyMac] + slot->eval.energy_pj[kEnergyRegf];
        // Splits in the order of their time floor, so that good ones come first and the bound
        // prunes the rest; the states found are then put back in the options' order (ties).
        std::vector<std::int64_t> floor_time(options.size(), 0);
        for (std::size_t o = 1; o < options.size(); ++o)
            for (std::size_t c = 0; c < k; ++c)
                floor_time[o] = std::max(floor_time[o], chain_time_floor(seg, c, options[o][c]));
        std::vector<std::size_t> order(options.size());
        for (std::size_t o = 0; o < order.size(); ++o) order[o] = o;
        std::stable_sort(order.begin() + 1, order.end(),
                         [&](std::size_t a, std::size_t b) { return floor_time[a] < floor_time[b]; });
        double energy_floor = 0;
        for (double e : chain_energy_floor) energy_floor += e;
        std::vector<std::pair<std::size_t, State>> found;
        for (const std::size_t o : order) {
            const bool parallel = o > 0;
            if (parallel && o_.prune_splits) {
                // Slightly below the floor, so that rounding never prunes a state that ties.
                const std::int64_t t = s.time + floor_time[o];
                const double e =
                    (s.energy + energy_floor + static_per_cycle_ * static_cast<double>(floor_time[o])) *
                    (1 - 1e-9);
                if (beaten(next, found, t, e)) {
                    ++splits_pruned;
                    continue;
                }
            }
            State n = s;
            std::int64_t step_time = 0;
            double dynamic = 0;
            bool ok = true;
            for (std::size_t c = 0; c < k && ok; ++c) {
                const ChainMap& cm = chain_on(s, seg, c, options[o][c], input_key);
                if (!cm.ok) {
                    ok = false;
                    break;
                }
                step_time = parallel ? std::max(step_time, cm.time) : step_time + cm.time;
                dynamic += cm.dynamic;
            }
            if (!ok) continue;
            n.time += step_time;
            n.energy += dynamic + static_per_cycle_ * static_cast<double>(step_time);
            // Slots: one step for a parallel segment, one per layer otherwise.
            int step = n.steps;
            for (std::size_t c = 0; c < k; ++c) {
                const ChainMap& cm = chain_on(s, seg, c, options[o][c], input_key);
                for (std::size_t pos = 0; pos < cm.slots.size(); ++pos) {
                    auto own = std::make_shared<Slot>(*cm.slots[pos]);
                    own->m.step = parallel ? n.steps : step++;
                    n.slots[static_cast<std::size_t>(seg.chains[c][pos])] = own;
                }
            }
            n.steps = parallel ? n.steps + 1 : step;
            found.emplace_back(o, std::move(n));
        }
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::stable_sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
            return state_better(o_.goal, a.second, b.second);
        });
        if (static_cast<int>(found.size()) > o_.beam_width)
            found.resize(static_cast<std::size_t>(o_.beam_width));
        for (auto& f : found) next.push_back(std::move(f.second));
    }

    bool input_chosen(const State& s) const {
        for (std::size_t i = 0; i < net_.layers.size(); ++i)
            if (s.slots[i] && reads_network_input(net_.layers[i])) return true;
        return false;
    }

    const PimHardware& hw_;
    const Network& net_;
    std::int64_t batch_;
    const NicePimOptions& o_;
    Rect whole_;
    std::vector<std::vector<int>> consumers_;
    std::vector<DataLayout> scratch_;
    std::vector<BranchSegment> segments_;
    std::map<std::string, std::vector<RegionChoice>> memo_;
    std::map<std::string, ChainMap> chains_;
    double static_per_cycle_ = 0;
};

}  // namespace

namespace {

// Each layer's shared data scheduled; the evaluation updated.
void schedule_layer(const PimHardware& hw, const NicePimOptions& o, NicePimLayer& l, double& seconds) {
    if (hw.memory != MemoryPlacement::kStacked) return;  // filters come from the corners: the evaluator's
    const ScheduleProblem p = sharing_problem(hw, l.rect, l.ctx, l.cand, l.ofmap, l.eval, l.weights);
    LayerSchedule& ls = l.schedule;
    ls.blocks = static_cast<std::int64_t>(p.blocks.size());
    const Schedule pull = pull_schedule(p);
    const std::clock_t t0 = std::clock();
    const Schedule greedy = greedy_schedule(p);
    const double greedy_s = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
    ls.pull_makespan = pull.makespan;
    ls.pull_bit_hops = pull.bit_hops;
    ls.greedy_makespan = greedy.makespan;
    ls.greedy_bit_hops = greedy.bit_hops;
    Schedule chosen = o.scheduler == SchedulerKind::kPull ? pull : greedy;
    ls.seconds = o.scheduler == SchedulerKind::kPull ? 0.0 : greedy_s;
    if (o.scheduler == SchedulerKind::kIlp) {
        chosen = solve_ilp(p, {o.ilp_time_limit_s});
        ls.ilp_makespan = chosen.makespan;
        ls.ilp_bit_hops = chosen.bit_hops;
        ls.optimal = chosen.optimal;
        ls.makespan_gap = chosen.makespan_gap;
        ls.bit_hop_gap = chosen.bit_hop_gap;
        ls.seconds = chosen.seconds;
    }
    seconds += ls.seconds;
    apply_schedule(hw, chosen, l.eval);
}

// The network's weights re-allocated until every node's DRAM holds its share, largest savings on
// the fullest node first.
CapacityReport allocate_capacity(const PimHardware& hw, const Network& net, std::int64_t batch,
                                 std::vector<MappedLayer>& layers, const DataLayout& input, bool allocate,
                                 std::int32_t& partitioned) {
    CapacityReport r = dram_capacity(hw, net, batch, layers, input);
    while (!r.fits && allocate) {
        std::int64_t best_saving = 0;
        std::size_t best = layers.size();
        for (std::size_t i = 0; i < layers.size(); ++i) {
            if (layers[i].weights == WeightAlloc::kPartitioned || !layers[i].ctx.layer.is_conv()) continue;
            std::vector<std::int64_t> rep(static_cast<std::size_t>(hw.nodes()), 0), part = rep;
            add_weight_words(layers[i].rect, layers[i].ctx, layers[i].cand, WeightAlloc::kReplicated,
                             hw.mesh_w, rep);
            add_weight_words(layers[i].rect, layers[i].ctx, layers[i].cand, WeightAlloc::kPartitioned,
                             hw.mesh_w, part);
            const std::size_t n = static_cast<std::size_t>(r.worst_node);
            if (rep[n] - part[n] > best_saving) {
                best_saving = rep[n] - part[n];
                best = i;
            }
        }
        if (best == layers.size()) break;
        layers[best].weights = WeightAlloc::kPartitioned;
        ++partitioned;
        r = dram_capacity(hw, net, batch, layers, input);
    }
    return r;
}

}  // namespace

std::vector<std::pair<Rect, std::int64_t>> branch_times(const std::vector<NicePimLayer>& layers,
                                                        const NicePimStep& step,
                                                        const std::vector<std::int64_t>& layer_times) {
    std::vector<std::pair<Rect, std::int64_t>> per_rect;
    for (int li : step.layers) {
        const Rect& r = layers[static_cast<std::size_t>(li)].rect;
        const std::int64_t t = layer_times[static_cast<std::size_t>(li)];
        auto it = std::find_if(per_rect.begin(), per_rect.end(), [&](const auto& p) { return p.first == r; });
        if (it == per_rect.end())
            per_rect.emplace_back(r, t);
        else
            it->second += t;
    }
    return per_rect;
}

double step_energy(const PimHardware& hw, const std::vector<NicePimLayer>& layers, const NicePimStep& step,
                   std::int64_t time) {
    double dynamic = 0;
    for (int li : step.layers) {
        const LayerEval& e = layers[static_cast<std::size_t>(li)].eval;
        dynamic += e.energy_total_pj - e.energy_pj[kEnergyStatic];
    }
    return dynamic + hw.energy.static_pj_per_cycle * static_cast<double>(time);
}

NicePimResult map_nicepim(const PimHardware& hw, const Network& net, std::int64_t batch,
                          const NicePimOptions& options) {
    Search search(hw, net, batch, options);
    const State best = search.run();
    NicePimResult out;
    out.stats = search.stats;
    out.splits_pruned = search.splits_pruned;
    out.mapping.input_part = best.input_part;
    std::vector<MappedLayer> mapped;
    for (const auto& slot : best.slots) mapped.push_back(slot->m);
    const DataLayout input =
        input_layout(hw, batch, net.input_channels, net.input_h, net.input_w, best.input_part);
    out.capacity = allocate_capacity(hw, net, batch, mapped, input, options.capacity_allocation,
                                     out.weights_partitioned);
    if (!out.capacity.fits)
        throw InputError("--pim", 0, "dram.capacity_mb",
                         "the mapping of " + net.name +
                             " does not fit the nodes' DRAM: " + capacity_text(hw, out.capacity));
    for (std::size_t i = 0; i < best.slots.size(); ++i) {
        NicePimLayer l;
        static_cast<MappedLayer&>(l) = mapped[i];
        l.layout = best.slots[i]->layout;
        l.eval = best.slots[i]->eval;
        schedule_layer(hw, options, l, out.scheduler_seconds);
        // The NoC-aware time, with the rectangle's static energy over it.
        const double rect_static = sub_hardware(hw, l.rect).energy.static_pj_per_cycle;
        l.eval.time = noc_aware_time(l.eval);
        l.eval.energy_total_pj +=
            rect_static * static_cast<double>(l.eval.time) - l.eval.energy_pj[kEnergyStatic];
        l.eval.energy_pj[kEnergyStatic] = rect_static * static_cast<double>(l.eval.time);
        out.layers.push_back(std::move(l));
    }
    // Steps: the branches of a parallel step run side by side, each its layers in order.
    out.steps.resize(static_cast<std::size_t>(best.steps));
    for (std::size_t i = 0; i < out.layers.size(); ++i)
        out.steps[static_cast<std::size_t>(out.layers[i].step)].layers.push_back(static_cast<int>(i));
    std::vector<std::int64_t> times;
    for (const NicePimLayer& l : out.layers) times.push_back(l.eval.time);
    for (NicePimStep& st : out.steps) {
        const auto per_rect = branch_times(out.layers, st, times);
        st.parallel = per_rect.size() > 1;
        for (const auto& [rect, time] : per_rect) {
            st.time = std::max(st.time, time);
            if (st.parallel) st.branch_rects.push_back(rect);
        }
        st.energy_pj = step_energy(hw, out.layers, st, st.time);
        out.segments_parallel += st.parallel;
    }
    for (const NicePimLayer& l : out.layers) {
        out.mapping.layers.push_back(l.cand);
        out.eval.layers.push_back(l.eval);
        out.eval.ofmap_layouts.push_back(l.ofmap);
    }
    out.eval.total = network_totals(out.eval.layers);
    out.eval.total.time = 0;
    out.eval.total.energy_total_pj = 0;
    for (const NicePimStep& st : out.steps) {
        out.eval.total.time += st.time;
        out.eval.total.energy_total_pj += st.energy_pj;
    }
    out.eval.total.energy_pj[kEnergyStatic] =
        hw.energy.static_pj_per_cycle * static_cast<double>(out.eval.total.time);
    return out;
}

}  // namespace dramsweep::pim
