#pragma once
// The trace mode as a job of the host engine's slot runner (slot_runner.hpp): many DRAM
// configurations over one request stream, each through the shared trace loop
// (dram/trace_loop.hpp) on the engine's channels.

#include <vector>

#include "dramsweep/dram/trace.hpp"
#include "dramsweep/dram/trace_loop.hpp"
#include "dramsweep/engine/engine_memory.hpp"
#include "dramsweep/engine/engine_params.hpp"
#include "dramsweep/results/run_summary.hpp"

namespace dramsweep::engine::detail {

// The stream as the engine reads it: one copy, shared by every configuration.
struct StreamArrays {
    std::vector<std::uint64_t> addr;
    std::vector<std::uint8_t> is_write;
    explicit StreamArrays(const std::vector<dram::TraceRequest>& stream);
    StreamView view() const { return {addr.data(), is_write.data(), addr.size()}; }
};

class TraceJob {
public:
    using Summary = results::RunSummary;
    struct Slot {
        EngineParams params{};
        std::vector<ChannelState> channels;
        std::vector<std::uint32_t> latency_counts = std::vector<std::uint32_t>(results::kLatencyClamp);
        dram::TraceProgress progress{};
    };
    // Evaluated clocks per slot and round: long enough that a round's thread start-up and the
    // sink are noise, short enough that finished slots are refilled promptly (about 10 ms).
    static constexpr std::uint64_t kTicksPerRound = std::uint64_t{1} << 15;

    TraceJob(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
             std::uint64_t max_outstanding);

    std::size_t size() const { return configs_.size(); }
    bool engine_runs(std::size_t i) const { return engine_unsupported_reason(configs_[i], stream_.size()).empty(); }
    void start(Slot& slot, std::size_t i) const;
    bool advance(Slot& slot) const;
    Summary summary(const Slot& slot) const;
    Summary reference(std::size_t i) const;
    std::uint64_t clocks(const Slot& slot) const { return slot.progress.now; }
    std::uint64_t clocks(const Summary& s) const { return s.cycles; }

private:
    const std::vector<dram::DramConfig>& configs_;
    const std::vector<dram::TraceRequest>& stream_;
    StreamArrays arrays_;
    dram::TraceLimits limits_;
};

// The summary of an engine configuration: its channels' counters and latency counts.
results::RunSummary engine_run_summary(const EngineParams& params, const ChannelState* channels,
                                       const std::uint32_t* latency_counts, std::uint64_t cycles,
                                       std::uint64_t requests);

}  // namespace dramsweep::engine::detail
