#pragma once
// One configuration's loop on a block: the shared drivers (dram/trace_loop.hpp,
// coupled/fold_loop.hpp) over DeviceMemory, resumable (device/memory.hpp describes the two ways
// the channels meet the loop).
//
// A trace job runs its loop on every thread alike, its progress in each thread's registers:
//   all: every channel ticks; completions and occupancies exchanged   | sync (none: one channel)
//   all: the offers (R9), each taken by its channel at once; the end
//   all: the channels' next events exchanged; the next clock           | sync (none: one channel)
// A network job runs its loop's steps on one thread, its progress in shared memory:
//   single: before the tick (C5 statistics)     | sync
//   all:    every channel ticks                 | (tick ends with a sync)
//   single: after the tick (offers, the end)    | sync
//   all:    the channels take what was accepted | (ingest ends with a sync)
//   single: the next clock                      | sync

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/coupled/fold_loop.hpp"
#include "dramsweep/device/memory.hpp"
#include "dramsweep/dram/trace_loop.hpp"

namespace dramsweep::device {

// DeviceMemory as the trace loop's memory when every thread runs the loop.
template <typename Block, typename Rules>
struct DirectMemory {
    DeviceMemory<Block, Rules>& m;

    DRAMSWEEP_HD dram::TickCounts tick(std::uint64_t now) { return m.tick_direct(now); }
    DRAMSWEEP_HD bool offer(std::uint64_t i, std::uint64_t) { return m.offer_direct(i); }
    DRAMSWEEP_HD std::uint64_t next_event() const { return m.next_event_direct(); }
    DRAMSWEEP_HD std::uint64_t next_return() const { return m.next_return_direct(); }
    DRAMSWEEP_HD void finish(std::uint64_t end) { m.finish_direct(end); }
};

// DeviceMemory as the closed loop's memory when one thread runs the loop's steps.
template <typename Block, typename Rules>
struct ReservingMemory {
    DeviceMemory<Block, Rules>& m;

    DRAMSWEEP_HD bool offer(std::uint64_t i, std::uint64_t) { return m.reserve(i); }
    DRAMSWEEP_HD std::uint64_t next_event() const { return m.next_event(); }
    DRAMSWEEP_HD std::uint64_t next_return() const { return m.next_return(); }
    DRAMSWEEP_HD void finish(std::uint64_t end) { m.finish(end); }
    DRAMSWEEP_HD void add_counters_at(std::uint64_t at, results::DramCounters& into) const {
        m.add_counters_at(at, into);
    }
};

// The trace mode (rule R9) as the block's driver; its progress is kept in shared memory between
// launches.
struct TraceDriver {
    dram::TraceProgress* g;
    dram::TraceLimits limits;

    DRAMSWEEP_HD std::uint64_t now() const { return g->now; }
    DRAMSWEEP_HD bool done() const { return g->done != 0; }
    DRAMSWEEP_HD void start() const {
        *g = dram::TraceProgress{};
        if (limits.requests == 0) g->done = 1;
    }
};

// The closed loop (rules C1-C5) as the block's driver.
struct FoldDriver {
    coupled::FoldProgress* g;
    coupled::FoldView network;
    coupled::LayerRecord* layers;

    DRAMSWEEP_HD std::uint64_t now() const { return g->now; }
    DRAMSWEEP_HD bool done() const { return g->done != 0; }
    DRAMSWEEP_HD void start(const coupled::ClockDomains& clocks) const {
        coupled::fold_start(*g, clocks);
        for (std::uint32_t l = 0; l < network.layer_count; ++l) layers[l] = coupled::LayerRecord{};
        if (network.fold_count == 0) g->done = 1;
    }
};

// Runs up to `budget` evaluated clocks (every thread of the block calls it); true once done.
template <typename Block, typename Rules>
DRAMSWEEP_HD bool advance_config(Block& block, DeviceMemory<Block, Rules>& m, const TraceDriver& d,
                                 std::uint64_t budget) {
    dram::TraceProgress g = *d.g;  // every thread's own copy: the loop runs alike on all
    DirectMemory<Block, Rules> memory{m};
    for (std::uint64_t t = 0; t < budget && g.done == 0; ++t) {
        dram::trace_after_tick(memory, g, d.limits, memory.tick(g.now));
        m.exchange_events();
        dram::trace_next_clock(memory, g, d.limits);
    }
    block.sync();  // every thread has read d.g before it is written
    block.single([&] { *d.g = g; });
    block.sync();
    return g.done != 0;
}

template <typename Block, typename Rules>
DRAMSWEEP_HD bool advance_config(Block& block, DeviceMemory<Block, Rules>& m, const FoldDriver& d,
                                 std::uint64_t budget) {
    ReservingMemory<Block, Rules> memory{m};
    for (std::uint64_t t = 0; t < budget && !d.done(); ++t) {
        block.single([&] { coupled::fold_before_tick(memory, d.network, *d.g, d.layers); });
        block.sync();
        const dram::TickCounts counts = m.tick(d.now());
        block.single([&] { coupled::fold_after_tick(memory, d.network, *d.g, d.layers, counts); });
        block.sync();
        m.ingest(d.now());
        block.single([&] { coupled::fold_next_clock(memory, *d.g); });
        block.sync();
    }
    return d.done();
}

}  // namespace dramsweep::device
