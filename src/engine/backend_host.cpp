// The host backend: the batched engine (config_step.hpp) on all host cores.
//
// A fixed set of slots holds the configurations in flight. Each round, every thread takes slots
// (an atomic counter hands them out) and advances each by a slice of evaluated clocks; then the
// calling thread delivers the configurations that finished to the sink and refills their slots
// with the next ones. Configurations beyond the engine's fixed sizes run through the reference
// model in their slot instead (engine_unsupported_reason), so every configuration gets a result.

#include <memory>

#include "backends.hpp"
#include "parallel_map.hpp"
#include "dramsweep/engine/engine_params.hpp"

namespace dramsweep::engine::detail {
namespace {

// Evaluated clocks per slot and round: long enough that a round's thread start-up and the
// sink are noise, short enough that finished slots are refilled promptly. (Halved when the
// engine stopped evaluating the clock after every command: a round covers as much simulated
// time as before, about 10 ms of work.)
constexpr std::uint64_t kTicksPerRound = std::uint64_t{1} << 15;
// Slots per thread: a thread whose configurations finish early still has work in the round.
constexpr unsigned kSlotsPerThread = 4;

struct Slot {
    std::size_t config = 0;
    bool busy = false;
    bool by_reference = false;  // beyond the engine's limits: the reference model runs it
    bool done = false;
    EngineParams params{};
    std::vector<ChannelState> channels;
    std::vector<std::uint32_t> latency_counts = std::vector<std::uint32_t>(kLatencySlots);
    RunProgress progress{};
    RunSummary reference_summary;
};

void start_slot(Slot& slot, std::size_t index, const dram::DramConfig& config, std::uint64_t requests) {
    slot.config = index;
    slot.busy = true;
    slot.done = false;
    slot.by_reference = !engine_unsupported_reason(config, requests).empty();
    if (slot.by_reference) return;
    slot.params = make_engine_params(config);
    slot.channels.resize(slot.params.channels);
    config_init(slot.params, slot.channels.data(), slot.progress, slot.latency_counts.data());
}

void advance_slot(Slot& slot, const dram::DramConfig& config, const std::vector<dram::TraceRequest>& stream,
                  const StreamView& view, const BatchOptions& options) {
    if (slot.by_reference) {
        dram::TraceRunOptions run_options;
        run_options.max_outstanding = options.max_outstanding;
        slot.reference_summary = summarize(dram::run_trace(config, stream, run_options));
        slot.done = true;
        return;
    }
    slot.done = config_advance(slot.params, slot.channels.data(), slot.progress, slot.latency_counts.data(), view,
                               options.max_outstanding, kTicksPerRound);
}

}  // namespace

void run_batch_host(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                    const BatchOptions& options, const ResultSink& sink) {
    if (configs.empty()) return;
    const StreamArrays arrays = make_stream_arrays(stream);
    const StreamView view = arrays.view();
    const unsigned threads = std::min<unsigned>(host_threads(options), static_cast<unsigned>(configs.size()));
    const std::size_t n_slots = std::min<std::size_t>(std::size_t{threads} * kSlotsPerThread, configs.size());
    std::vector<Slot> slots(n_slots);
    std::size_t next_config = 0, delivered = 0;
    std::uint64_t finished_clocks = 0;  // cycles of the delivered configurations (progress)

    while (delivered < configs.size()) {
        for (Slot& slot : slots)
            if (!slot.busy && next_config < configs.size()) {
                start_slot(slot, next_config, configs[next_config], stream.size());
                ++next_config;
            }

        // One round: every busy slot advances by one slice, slots handed out to the threads.
        parallel_for(slots.size(), threads, [&](std::size_t i) {
            if (slots[i].busy) advance_slot(slots[i], configs[slots[i].config], stream, view, options);
        });

        for (Slot& slot : slots) {
            if (!slot.busy || !slot.done) continue;
            const RunSummary summary =
                slot.by_reference ? slot.reference_summary
                                  : engine_summary(slot.params, slot.channels.data(), slot.progress,
                                                   slot.latency_counts.data(), stream.size());
            slot.busy = false;
            ++delivered;
            finished_clocks += summary.cycles;
            if (!sink(slot.config, summary)) return;
        }
        if (options.on_progress) {
            BatchProgress progress{delivered, 0, finished_clocks};
            for (const Slot& slot : slots) {
                if (!slot.busy) continue;
                ++progress.in_flight;
                if (!slot.by_reference) progress.clocks += slot.progress.now;
            }
            options.on_progress(progress);
        }
    }
}

}  // namespace dramsweep::engine::detail
