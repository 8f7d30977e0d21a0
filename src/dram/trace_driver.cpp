// The saturating closed loop of `dramsweep trace` on the reference model (rule R9 of
// docs/model.md): the shared trace loop over the reference memory system.

#include "dramsweep/dram/memory_system.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/dram/trace_loop.hpp"

namespace dramsweep::dram {
namespace {

// The reference memory system as the trace loop's memory.
class TraceMemory {
public:
    TraceMemory(MemorySystem& memory, const std::vector<TraceRequest>& requests, bool skip_idle)
        : memory_(memory), requests_(requests), skip_idle_(skip_idle) {}

    TickCounts tick(std::uint64_t now) { return memory_.tick(now); }
    bool offer(std::uint64_t i, std::uint64_t now) {
        return memory_.offer(requests_[i].addr, requests_[i].is_write, i, now);
    }
    // Without idle skipping every clock is evaluated: the next event is "now" (trace_next_clock
    // then moves to the next clock).
    std::uint64_t next_event() const { return skip_idle_ ? memory_.next_event() : 0; }
    std::uint64_t next_return() const { return skip_idle_ ? memory_.next_return() : 0; }
    void finish(std::uint64_t end) { memory_.finish(end); }

private:
    MemorySystem& memory_;
    const std::vector<TraceRequest>& requests_;
    bool skip_idle_;
};

}  // namespace

TraceRunResult run_trace(const DramConfig& config, const std::vector<TraceRequest>& requests,
                         const TraceRunOptions& options) {
    MemorySystem memory(config, options.log);
    TraceMemory adapter(memory, requests, options.skip_idle_cycles);
    TraceProgress progress;
    const TraceLimits limits{requests.size(), options.max_outstanding};
    trace_advance(adapter, progress, limits, ~std::uint64_t{0});
    TraceRunResult result;
    result.ticks = progress.ticks;
    result.summary.cycles = progress.end;
    result.summary.requests = requests.size();
    result.summary.counters = memory.counters();
    result.summary.read_latency = results::summarize_latency(memory.read_latencies());
    result.metrics = results::derive_metrics(config, result.summary);
    return result;
}

}  // namespace dramsweep::dram
