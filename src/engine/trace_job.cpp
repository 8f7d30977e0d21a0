#include "trace_job.hpp"

namespace dramsweep::engine::detail {

StreamArrays::StreamArrays(const std::vector<dram::TraceRequest>& stream) {
    addr.reserve(stream.size());
    is_write.reserve(stream.size());
    for (const dram::TraceRequest& r : stream) {
        addr.push_back(r.addr);
        is_write.push_back(r.is_write ? 1 : 0);
    }
}

TraceJob::TraceJob(const std::vector<dram::DramConfig>& configs,
                   const std::vector<dram::TraceRequest>& stream, std::uint64_t max_outstanding)
    : configs_(configs), stream_(stream), arrays_(stream), limits_{stream.size(), max_outstanding} {}

void TraceJob::start(Slot& slot, std::size_t i) const {
    slot.params = make_engine_params(configs_[i]);
    slot.channels.resize(slot.params.channels);
    for (ChannelState& c : slot.channels) channel_init(slot.params, c);
    std::fill(slot.latency_counts.begin(), slot.latency_counts.end(), 0u);
    slot.progress = dram::TraceProgress{};
}

bool TraceJob::advance(Slot& slot) const {
    EngineMemory memory{slot.params, slot.channels.data(), slot.latency_counts.data(), arrays_.view()};
    return dram::trace_advance(memory, slot.progress, limits_, kTicksPerRound);
}

results::RunSummary TraceJob::summary(const Slot& slot) const {
    return engine_run_summary(slot.params, slot.channels.data(), slot.latency_counts.data(),
                              slot.progress.end, stream_.size());
}

results::RunSummary TraceJob::reference(std::size_t i) const {
    dram::TraceRunOptions options;
    options.max_outstanding = limits_.max_outstanding;
    return dram::run_trace(configs_[i], stream_, options).summary;
}

results::RunSummary engine_run_summary(const EngineParams& params, const ChannelState* channels,
                                       const std::uint32_t* latency_counts, std::uint64_t cycles,
                                       std::uint64_t requests) {
    results::DramCounters counters;
    std::uint32_t max_latency = 0;
    for (std::uint32_t c = 0; c < params.channels; ++c) {
        counters += channels[c].counters;
        if (channels[c].read_latency_max > max_latency) max_latency = channels[c].read_latency_max;
    }
    return results::make_run_summary(cycles, requests, counters, latency_counts, max_latency);
}

}  // namespace dramsweep::engine::detail
