#include "network_job.hpp"

#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/coupled/network_summary.hpp"
#include "trace_job.hpp"

namespace dramsweep::engine::detail {
namespace {

StreamView view_of(const coupled::NetworkStream& s) { return {s.addresses.data(), s.is_write.data(), s.requests()}; }

}  // namespace

bool NetworkJob::engine_runs(std::size_t i) const {
    return engine_unsupported_reason(cases_[i].dram, stream_of(i).requests()).empty();
}

void NetworkJob::start(Slot& slot, std::size_t i) const {
    slot.case_index = i;
    slot.params = make_engine_params(cases_[i].dram);
    slot.channels.resize(slot.params.channels);
    for (ChannelState& c : slot.channels) channel_init(slot.params, c);
    slot.layers.assign(stream_of(i).layer_last_fold.size(), coupled::LayerRecord{});
    std::fill(slot.latency_counts.begin(), slot.latency_counts.end(), 0u);
    coupled::fold_start(slot.progress, cases_[i].clocks);
}

bool NetworkJob::advance(Slot& slot) const {
    const coupled::NetworkStream& stream = stream_of(slot.case_index);
    EngineMemory memory{slot.params, slot.channels.data(), slot.latency_counts.data(), view_of(stream)};
    return coupled::fold_advance(memory, stream.view(), slot.progress, slot.layers.data(), kTicksPerRound);
}

results::NetworkSummary NetworkJob::summary(const Slot& slot) const {
    const coupled::NetworkStream& stream = stream_of(slot.case_index);
    const results::RunSummary dram_run = engine_run_summary(slot.params, slot.channels.data(),
                                                            slot.latency_counts.data(), slot.progress.end_clock,
                                                            stream.requests());
    return coupled::network_summary(stream, slot.progress, slot.layers.data(), dram_run);
}

results::NetworkSummary NetworkJob::reference(std::size_t i) const {
    return coupled::run_network_summary(stream_of(i), cases_[i].dram, cases_[i].clocks);
}

}  // namespace dramsweep::engine::detail
