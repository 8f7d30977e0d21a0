#include "dramsweep/coupled/network_summary.hpp"

namespace dramsweep::coupled {

results::NetworkSummary network_summary(const NetworkStream& stream, const FoldProgress& progress,
                                        const LayerRecord* layers, const results::RunSummary& dram_run) {
    results::NetworkSummary s;
    s.cycles = progress.end_cycle;
    results::DramCounters before;
    std::uint64_t first_fold = 0;
    for (std::size_t l = 0; l < stream.layer_last_fold.size(); ++l) {
        results::LayerSummary layer;
        const LoopFold& first = stream.folds[first_fold];
        const LoopFold& last = stream.folds[stream.layer_last_fold[l]];
        layer.reads = last.read_end - first.read_begin;
        layer.writes = last.write_end - first.write_begin;
        layer.end_cycle = layers[l].end_cycle;
        layer.end_clock = layers[l].end_clock;
        layer.dram = layers[l].counters - before;
        before = layers[l].counters;
        s.layers.push_back(layer);
        first_fold = stream.layer_last_fold[l] + 1;
    }
    s.dram = dram_run;
    return s;
}

}  // namespace dramsweep::coupled
