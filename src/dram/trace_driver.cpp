// The saturating closed loop of `dramsweep trace` on the reference model (rule R9 of
// docs/model.md): the shared trace loop over the reference memory system.

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/memory_system.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/dram/trace_loop.hpp"
#include "dramsweep/dram/trace_stream.hpp"

namespace dramsweep::dram {
namespace {

// The trace's requests by index, read from a stream as the loop asks for them: it offers
// request i until it is taken, then i + 1, so one request is held at a time.
class StreamCursor {
public:
    explicit StreamCursor(TraceSource& source) : source_(source) {}
    const TraceRequest& operator[](std::uint64_t i) {
        while (!held_ || index_ != i) {
            if (!source_.next(current_))
                throw InputError("trace", 0, "", "the trace ended early (did the file change?)");
            index_ = held_ ? index_ + 1 : 0;
            held_ = true;
        }
        return current_;
    }

private:
    TraceSource& source_;
    TraceRequest current_{};
    std::uint64_t index_ = 0;
    bool held_ = false;
};

// The reference memory system as the trace loop's memory; `Requests` gives request i by [i].
template <typename Requests>
class TraceMemory {
public:
    TraceMemory(MemorySystem& memory, Requests& requests, bool skip_idle)
        : memory_(memory), requests_(requests), skip_idle_(skip_idle) {}

    TickCounts tick(std::uint64_t now) { return memory_.tick(now); }
    bool offer(std::uint64_t i, std::uint64_t now) {
        const TraceRequest& r = requests_[i];
        return memory_.offer(r.addr, r.is_write, i, now);
    }
    // Without idle skipping every clock is evaluated: the next event is "now" (trace_next_clock
    // then moves to the next clock).
    std::uint64_t next_event() const { return skip_idle_ ? memory_.next_event() : 0; }
    std::uint64_t next_return() const { return skip_idle_ ? memory_.next_return() : 0; }
    void finish(std::uint64_t end) { memory_.finish(end); }

private:
    MemorySystem& memory_;
    Requests& requests_;
    bool skip_idle_;
};

template <typename Requests>
TraceRunResult run_trace_over(const DramConfig& config, Requests& requests, std::uint64_t count,
                              const TraceRunOptions& options) {
    MemorySystem memory(config, options.log);
    TraceMemory<Requests> adapter(memory, requests, options.skip_idle_cycles);
    TraceProgress progress;
    const TraceLimits limits{count, options.max_outstanding};
    trace_advance(adapter, progress, limits, ~std::uint64_t{0});
    TraceRunResult result;
    result.ticks = progress.ticks;
    result.summary =
        results::make_run_summary(progress.end, count, memory.counters(), memory.read_latencies());
    result.metrics = results::derive_metrics(config, result.summary);
    return result;
}

}  // namespace

TraceRunResult run_trace(const DramConfig& config, const std::vector<TraceRequest>& requests,
                         const TraceRunOptions& options) {
    return run_trace_over(config, requests, requests.size(), options);
}

TraceRunResult run_trace(const DramConfig& config, TraceSource& source, std::uint64_t requests,
                         const TraceRunOptions& options) {
    StreamCursor cursor(source);
    return run_trace_over(config, cursor, requests, options);
}

}  // namespace dramsweep::dram
