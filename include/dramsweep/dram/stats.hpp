#pragma once
// What a run of the DRAM model reports, per channel and summed.

#include <array>
#include <cstdint>
#include <vector>

#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {

struct DramStats {
    std::uint64_t reads = 0, writes = 0;
    std::uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
    std::array<std::uint64_t, kNumCommands> commands{};
    std::vector<std::uint32_t> read_latencies;   // clocks from acceptance to data handed back
    std::uint64_t write_latency_sum = 0;         // clocks from acceptance to the WR command
    std::uint64_t active_cycles = 0;             // rank-clocks with at least one bank open
    std::uint64_t precharged_cycles = 0;         // rank-clocks with every bank closed

    void merge(const DramStats& other);
};

// Energy of one run, DRAMPower-style, in nanojoules.
struct EnergyBreakdown {
    double act_pre = 0, read = 0, write = 0, refresh = 0, background = 0;
    double total() const { return act_pre + read + write + refresh + background; }
};

// Latency summary in clocks; percentiles are nearest-rank over all reads.
struct LatencySummary {
    double mean = 0;
    std::uint32_t p50 = 0, p99 = 0, max = 0;
    static constexpr std::uint32_t kBinClocks = 16;
    std::vector<std::uint64_t> histogram;  // bin i counts latencies in [16 i, 16 i + 16); last bin open-ended
};

LatencySummary summarize_latency(const std::vector<std::uint32_t>& latencies);

}  // namespace dramsweep::dram
