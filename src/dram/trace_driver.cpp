// The saturating closed loop of `dramsweep trace` (rule R9 of docs/model.md).

#include <algorithm>

#include "dramsweep/dram/memory_system.hpp"
#include "dramsweep/dram/metrics.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {

TraceRunResult run_trace(const DramConfig& config, const std::vector<TraceRequest>& requests,
                         const TraceRunOptions& options) {
    MemorySystem memory(config, options.log);
    TraceRunResult result;
    result.requests = requests.size();
    const std::uint64_t n = requests.size();
    std::uint64_t now = 0, next = 0, outstanding = 0, end = 0;
    while (n > 0) {
        const TickResult tick = memory.tick(now);
        ++result.ticks;
        outstanding -= tick.completed;
        while (next < n && (options.max_outstanding == 0 || outstanding < options.max_outstanding)) {
            if (!memory.offer(requests[next].addr, requests[next].is_write, next, now)) break;
            ++next;
            ++outstanding;
        }
        if (next == n && outstanding == 0) {
            end = now + 1;
            break;
        }
        // Idle-cycle skipping (rule R10): nothing can change before the controllers' next event
        // (accepting a request notes its own); the clocks in between are idle, not evaluated.
        if (options.skip_idle_cycles) {
            const std::uint64_t e = memory.next_event();
            now = (e == ChannelController::kNever || e <= now) ? now + 1 : e;
        } else {
            ++now;
        }
    }
    result.cycles = end;
    result.stats = memory.finish(end);
    result.read_latency = summarize_latency(result.stats.read_latencies);
    result.energy = compute_energy(config, result.stats);
    const std::uint64_t served = result.stats.reads + result.stats.writes;
    result.bandwidth_gbps = served_bandwidth_gbps(config, served, end);
    result.row_hit_rate = row_hit_rate(result.stats.row_hits, served);
    result.avg_write_latency = mean(result.stats.write_latency_sum, result.stats.writes);
    return result;
}

}  // namespace dramsweep::dram
