#include "network_arrays.hpp"

#include "dramsweep/engine/engine_params.hpp"

namespace dramsweep::engine::detail {

NetworkArrays make_network_arrays(const coupled::NetworkStream& s) {
    NetworkArrays a;
    a.reads = s.reads;
    a.writes = s.writes;
    a.ofmap_capacity_lines = s.ofmap_capacity_lines;
    for (const coupled::FoldPlan& f : s.folds) {
        a.folds.push_back({f.cycles, f.read_begin, f.read_end, f.write_begin, f.write_end,
                           static_cast<std::uint32_t>(f.layer), 0});
    }
    for (const std::size_t last : s.layer_last_fold) {
        a.layer_last_fold.push_back(last);
        a.folds[last].last_of_layer = 1;
    }
    return a;
}

namespace {

DramCounters counters_of(const ChannelCounters& k) {
    DramCounters c;
    c.reads = k.reads;
    c.writes = k.writes;
    c.row_hits = k.row_hits;
    c.row_misses = k.row_misses;
    c.row_conflicts = k.row_conflicts;
    for (int i = 0; i < dram::kNumCommands; ++i) c.commands[static_cast<std::size_t>(i)] = k.commands[i];
    c.read_latency_sum = k.read_latency_sum;
    c.write_latency_sum = k.write_latency_sum;
    c.active_cycles = k.active_cycles;
    c.precharged_cycles = k.precharged_cycles;
    return c;
}

}  // namespace

NetworkSummary network_summary(const EngineParams& params, const ChannelState* channels, const NetworkProgress& g,
                               const LayerRecord* layers, const std::uint32_t* latency_counts,
                               const NetworkArrays& stream) {
    NetworkSummary s;
    s.cycles = g.end_cycle;
    DramCounters before;
    std::uint64_t first_fold = 0;
    for (std::size_t l = 0; l < stream.layer_last_fold.size(); ++l) {
        LayerSummary layer;
        const NetworkFold& first = stream.folds[first_fold];
        const NetworkFold& last = stream.folds[stream.layer_last_fold[l]];
        layer.reads = last.read_end - first.read_begin;
        layer.writes = last.write_end - first.write_begin;
        layer.end_cycle = layers[l].end_cycle;
        layer.end_clock = layers[l].end_clock;
        const DramCounters after = counters_of(layers[l].counters);
        layer.dram = after - before;
        before = after;
        s.layers.push_back(layer);
        first_fold = stream.layer_last_fold[l] + 1;
    }
    RunProgress as_run{};
    as_run.end = g.end_clock;
    s.dram = engine_summary(params, channels, as_run, latency_counts, stream.requests());
    return s;
}

}  // namespace dramsweep::engine::detail
