#pragma once
// The trace loop (rule R9 of docs/model.md) with its idle skipping (R10), written once for every
// backend over a memory model. One evaluated clock is:
//   1. the memory ticks (every channel: reads handed back, at most one command each);
//   2. trace_after_tick: requests are offered in trace order until one is refused or
//      `max_outstanding` are in flight; the end is detected;
//   3. trace_next_clock: the next clock to evaluate.
// The host runs the three in a row (trace_advance); the CUDA kernel runs step 2 on one thread
// and lets the channels take the accepted requests before step 3 (device/trace_kernel.cuh).
//
// A Memory provides
//   dram::TickCounts tick(std::uint64_t now);
//   bool offer(std::uint64_t request, std::uint64_t now);  // request index into the stream; false: refused
//   std::uint64_t next_event() const;   // earliest command or refresh event of any channel (kNever: none)
//   std::uint64_t next_return() const;  // earliest read return of any channel (kNever: none)
//   void finish(std::uint64_t end);     // closes the standby bookkeeping at the end

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/clock.hpp"

namespace dramsweep::dram {

struct TraceProgress {
    std::uint64_t now = 0;
    std::uint64_t next_request = 0;  // index of the next request to offer
    std::uint64_t outstanding = 0;   // accepted and not finished (a read until its data returns)
    std::uint64_t end = 0;           // cycles, once done: the last clock + 1
    std::uint64_t ticks = 0;         // clocks evaluated
    std::uint32_t done = 0;
    std::uint32_t pad = 0;
};

// What the loop needs to know of its stream and limits.
struct TraceLimits {
    std::uint64_t requests = 0;
    std::uint64_t max_outstanding = 0;  // 0: only the queues limit
};

// Step 2 of clock g.now, after the memory ticked and completed `counts`.
template <typename Memory>
DRAMSWEEP_HD void trace_after_tick(Memory& m, TraceProgress& g, const TraceLimits& l, TickCounts counts) {
    ++g.ticks;
    g.outstanding -= counts.completed();
    while (g.next_request < l.requests && (l.max_outstanding == 0 || g.outstanding < l.max_outstanding)) {
        if (!m.offer(g.next_request, g.now)) break;
        ++g.next_request;
        ++g.outstanding;
    }
    if (g.next_request == l.requests && g.outstanding == 0) {
        g.end = g.now + 1;
        g.done = 1;
        m.finish(g.end);
    }
}

// Step 3 (rule R10): nothing can change before the memory's next event (accepting a request
// notes its own). A clock at which only reads return changes nothing but `outstanding`, which
// matters only under max_outstanding or once every request was offered (for the end clock);
// otherwise the returns are handed back at the next clock evaluated anyway, with their latency
// taken from their own return clock, and their clocks are skipped too.
template <typename Memory>
DRAMSWEEP_HD void trace_next_clock(const Memory& m, TraceProgress& g, const TraceLimits& l) {
    if (g.done != 0) return;
    std::uint64_t e = m.next_event();
    if (l.max_outstanding != 0 || g.next_request == l.requests) {
        const std::uint64_t r = m.next_return();
        if (r < e) e = r;
    }
    g.now = (e == kNever || e <= g.now) ? g.now + 1 : e;
}

// Runs up to `tick_budget` evaluated clocks on one thread; true once the stream is done.
template <typename Memory>
DRAMSWEEP_HD bool trace_advance(Memory& m, TraceProgress& g, const TraceLimits& l, std::uint64_t tick_budget) {
    if (l.requests == 0) g.done = 1;
    for (std::uint64_t t = 0; t < tick_budget && g.done == 0; ++t) {
        trace_after_tick(m, g, l, m.tick(g.now));
        trace_next_clock(m, g, l);
    }
    return g.done != 0;
}

}  // namespace dramsweep::dram
