#pragma once
// The decisions of the closed loop (docs/model.md, rules C1-C5) as functions, called by the
// loop (coupled/fold_loop.hpp) that every backend runs.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/coupled/clock_domains.hpp"

namespace dramsweep::coupled::rules {

// C2 (c): the ofmap SRAM has room for a fold's `outputs` lines when nothing waits to be
// written, or the lines not yet written plus the fold's fit.
DRAMSWEEP_HD inline bool ofmap_has_room(std::uint64_t lines_unwritten, std::uint64_t outputs,
                                        std::uint64_t capacity_lines) {
    return lines_unwritten == 0 || lines_unwritten + outputs <= capacity_lines;
}

// C2: the accelerator cycle a fold starts, given the end of the previous fold and the DRAM
// clocks its reads had all returned and its outputs first fitted.
DRAMSWEEP_HD inline std::uint64_t fold_start_cycle(const ClockDomains& clocks, std::uint64_t previous_end,
                                                   std::uint64_t reads_done_clock, std::uint64_t room_clock) {
    std::uint64_t start = previous_end;
    const std::uint64_t after_reads = clocks.accel_at_or_after_dram(reads_done_clock);
    const std::uint64_t after_room = clocks.accel_at_or_after_dram(room_clock);
    if (after_reads > start) start = after_reads;
    if (after_room > start) start = after_room;
    return start;
}

// C1 and C3: the DRAM clock requests released at accelerator cycle `cycle` (a fold's start for
// the next fold's reads, its end for its writes) join the queue. C5: a layer's statistics end at
// the release clock of its last fold's writes.
DRAMSWEEP_HD inline std::uint64_t release_clock(const ClockDomains& clocks, std::uint64_t cycle) {
    return clocks.dram_at_or_after_accel(cycle);
}

// C4: the accelerator cycles of a run whose last write issued at DRAM clock `end_clock` - 1.
DRAMSWEEP_HD inline std::uint64_t run_end_cycle(const ClockDomains& clocks, std::uint64_t last_fold_end,
                                                std::uint64_t end_clock) {
    const std::uint64_t drained = clocks.accel_at_or_after_dram(end_clock);
    return drained > last_fold_end ? drained : last_fold_end;
}

}  // namespace dramsweep::coupled::rules
