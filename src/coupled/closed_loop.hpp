#pragma once
// Private to the closed loop: the accelerator's fold sequence driving the DRAM reference model.
// The rules (docs/model.md, "Closed loop"):
//   C1 Reads of fold k are released when fold k-1 starts (fold 0's at cycle 0); released
//      requests are offered to the DRAM model in order, every DRAM clock, until one is rejected.
//   C2 Fold k starts at the first accelerator cycle at which fold k-1 has finished computing,
//      every read of fold k has returned, and the ofmap SRAM has room for fold k's output lines
//      (lines not yet written back + fold k's lines <= ofmap SRAM lines, or nothing is pending).
//   C3 A fold computes for its fold length; its output lines are reserved in the ofmap SRAM at
//      its start and released as write requests when it finishes; a line leaves the SRAM when
//      its WR command issues.
//   C4 The run ends when the last fold has finished and every write has issued.
//   C5 A layer's DRAM statistics are those of the clocks before the DRAM clock its last fold
//      ends (the last layer: before the run's end), less the previous layers'.

#include <cstdint>
#include <deque>
#include <vector>

#include "dramsweep/coupled/clock_domains.hpp"
#include "dramsweep/coupled/loop_rules.hpp"
#include "dramsweep/dram/memory_system.hpp"
#include "dramsweep/engine/network_summary.hpp"
#include "dramsweep/coupled/network_stream.hpp"

namespace dramsweep::coupled::detail {

struct LoopTimeline {
    std::vector<std::uint64_t> fold_start, fold_end;  // accelerator cycles
    std::uint64_t end_accel = 0;                      // the run, write drain included
    std::uint64_t end_dram = 0;
    // Cumulative DRAM counters at each layer's end (C5), and the clock each was closed at. Counters
    // only: a copy of every read's latency per layer would cost memory for nothing.
    std::vector<engine::DramCounters> layer_snapshots;
    std::vector<std::uint64_t> layer_end_clock;
    dram::DramStats final_stats;                      // the whole run, closed at end_dram
};

LoopTimeline run_closed_loop(const NetworkStream& stream, const dram::DramConfig& config,
                             const ClockDomains& clocks);

}  // namespace dramsweep::coupled::detail
