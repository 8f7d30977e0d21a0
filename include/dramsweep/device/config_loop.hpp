#pragma once
// One configuration's loop on a block: the shared drivers (dram/trace_loop.hpp,
// coupled/fold_loop.hpp) over DeviceMemory, resumable. A clock is the drivers' steps on one
// thread and the memory's collective phases in between:
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

// The trace mode (rule R9) as the block's driver.
struct TraceDriver {
    dram::TraceProgress* g;
    dram::TraceLimits limits;

    template <typename Memory>
    DRAMSWEEP_HD void before_tick(Memory&) const {}
    template <typename Memory>
    DRAMSWEEP_HD void after_tick(Memory& m, dram::TickCounts counts) const {
        dram::trace_after_tick(m, *g, limits, counts);
    }
    template <typename Memory>
    DRAMSWEEP_HD void next_clock(Memory& m) const {
        dram::trace_next_clock(m, *g, limits);
    }
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

    template <typename Memory>
    DRAMSWEEP_HD void before_tick(Memory& m) const {
        coupled::fold_before_tick(m, network, *g, layers);
    }
    template <typename Memory>
    DRAMSWEEP_HD void after_tick(Memory& m, dram::TickCounts counts) const {
        coupled::fold_after_tick(m, network, *g, layers, counts);
    }
    template <typename Memory>
    DRAMSWEEP_HD void next_clock(Memory& m) const {
        coupled::fold_next_clock(m, *g);
    }
    DRAMSWEEP_HD std::uint64_t now() const { return g->now; }
    DRAMSWEEP_HD bool done() const { return g->done != 0; }
    DRAMSWEEP_HD void start(const coupled::ClockDomains& clocks) const {
        coupled::fold_start(*g, clocks);
        for (std::uint32_t l = 0; l < network.layer_count; ++l) layers[l] = coupled::LayerRecord{};
        if (network.fold_count == 0) g->done = 1;
    }
};

// Runs up to `budget` evaluated clocks (every thread of the block calls it); true once done.
template <typename Block, typename Driver>
DRAMSWEEP_HD bool advance_config(Block& block, DeviceMemory<Block>& m, const Driver& d, std::uint64_t budget) {
    for (std::uint64_t t = 0; t < budget && !d.done(); ++t) {
        block.single([&] { d.before_tick(m); });
        block.sync();
        const dram::TickCounts counts = m.tick(d.now());
        block.single([&] { d.after_tick(m, counts); });
        block.sync();
        m.ingest(d.now());
        block.single([&] { d.next_clock(m); });
        block.sync();
    }
    return d.done();
}

}  // namespace dramsweep::device
