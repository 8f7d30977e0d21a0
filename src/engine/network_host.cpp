// The host backend of run_network_batch: the engine's network mode (network_step.hpp) on all
// host cores, organised like the trace host backend (backend_host.cpp): slots of configurations
// in flight advance in rounds of evaluated clocks, finished ones are delivered and refilled
// between rounds. Configurations beyond the engine's fixed sizes run the reference closed loop
// in their slot.

#include <memory>

#include "backends.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/engine/engine_params.hpp"
#include "network_arrays.hpp"
#include "network_backends.hpp"
#include "parallel_map.hpp"

namespace dramsweep::engine::detail {
namespace {

constexpr std::uint64_t kTicksPerRound = std::uint64_t{1} << 16;
constexpr unsigned kSlotsPerThread = 4;

struct NetworkSlot {
    std::size_t case_index = 0;
    bool busy = false;
    bool by_reference = false;
    bool done = false;
    EngineParams params{};
    std::vector<ChannelState> channels;
    std::vector<LayerRecord> layers;
    std::vector<std::uint32_t> latency_counts = std::vector<std::uint32_t>(kLatencySlots);
    NetworkProgress progress{};
    NetworkSummary reference_summary;
};

}  // namespace

void run_network_batch_host(const std::vector<coupled::NetworkStream>& streams, const std::vector<NetworkCase>& cases,
                            const BatchOptions& options, const NetworkSink& sink) {
    if (cases.empty()) return;
    std::vector<NetworkArrays> arrays;
    for (const coupled::NetworkStream& s : streams) arrays.push_back(make_network_arrays(s));
    const unsigned threads = std::min<unsigned>(host_threads(options), static_cast<unsigned>(cases.size()));
    std::vector<NetworkSlot> slots(std::min<std::size_t>(std::size_t{threads} * kSlotsPerThread, cases.size()));
    std::size_t next_case = 0, delivered = 0;
    std::uint64_t finished_clocks = 0;

    while (delivered < cases.size()) {
        for (NetworkSlot& slot : slots) {
            if (slot.busy || next_case == cases.size()) continue;
            const NetworkCase& c = cases[next_case];
            const NetworkArrays& stream = arrays[c.stream];
            slot.case_index = next_case++;
            slot.busy = true;
            slot.done = false;
            slot.by_reference = !engine_unsupported_reason(c.dram, stream.requests()).empty();
            if (slot.by_reference) continue;
            slot.params = make_engine_params(c.dram);
            slot.channels.resize(slot.params.channels);
            slot.layers.assign(stream.layer_last_fold.size(), LayerRecord{});
            network_init(slot.params, slot.channels.data(), slot.progress, slot.latency_counts.data(), c.clocks);
        }
        parallel_for(slots.size(), threads, [&](std::size_t i) {
            NetworkSlot& slot = slots[i];
            if (!slot.busy) return;
            const NetworkCase& c = cases[slot.case_index];
            if (slot.by_reference) {
                slot.reference_summary = coupled::run_network_summary(streams[c.stream], c.dram, c.clocks);
                slot.done = true;
                return;
            }
            slot.done = network_advance(slot.params, slot.channels.data(), arrays[c.stream].view(), slot.progress,
                                        slot.layers.data(), slot.latency_counts.data(), kTicksPerRound);
        });
        for (NetworkSlot& slot : slots) {
            if (!slot.busy || !slot.done) continue;
            const NetworkSummary summary =
                slot.by_reference ? slot.reference_summary
                                  : network_summary(slot.params, slot.channels.data(), slot.progress,
                                                    slot.layers.data(), slot.latency_counts.data(),
                                                    arrays[cases[slot.case_index].stream]);
            slot.busy = false;
            ++delivered;
            finished_clocks += summary.dram.cycles;
            if (!sink(slot.case_index, summary)) return;
        }
        if (options.on_progress) {
            BatchProgress progress{delivered, 0, finished_clocks};
            for (const NetworkSlot& slot : slots) {
                if (!slot.busy) continue;
                ++progress.in_flight;
                if (!slot.by_reference) progress.clocks += slot.progress.now;
            }
            options.on_progress(progress);
        }
    }
}

}  // namespace dramsweep::engine::detail
