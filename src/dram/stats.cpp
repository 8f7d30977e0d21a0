#include "dramsweep/dram/stats.hpp"

#include <algorithm>

#include "dramsweep/dram/command_log.hpp"

namespace dramsweep::dram {

const char* command_name(Command c) {
    switch (c) {
        case kAct: return "ACT";
        case kPre: return "PRE";
        case kPrea: return "PREA";
        case kRd: return "RD";
        case kWr: return "WR";
        case kRda: return "RDA";
        case kWra: return "WRA";
        case kRef: return "REF";
        case kRefPb: return "REFpb";
        default: return "?";
    }
}

void DramStats::merge(const DramStats& o) {
    reads += o.reads;
    writes += o.writes;
    row_hits += o.row_hits;
    row_misses += o.row_misses;
    row_conflicts += o.row_conflicts;
    for (std::size_t i = 0; i < commands.size(); ++i) commands[i] += o.commands[i];
    read_latencies.insert(read_latencies.end(), o.read_latencies.begin(), o.read_latencies.end());
    write_latency_sum += o.write_latency_sum;
    active_cycles += o.active_cycles;
    precharged_cycles += o.precharged_cycles;
}

LatencySummary summarize_latency(const std::vector<std::uint32_t>& latencies) {
    LatencySummary s;
    if (latencies.empty()) return s;
    std::vector<std::uint32_t> sorted = latencies;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (std::uint32_t v : sorted) sum += v;
    s.mean = sum / static_cast<double>(sorted.size());
    // Nearest rank: the smallest value with at least p % of the reads at or below it.
    auto rank = [&](std::size_t percent) {
        const std::size_t n = sorted.size();
        const std::size_t k = (percent * n + 99) / 100;
        return sorted[k == 0 ? 0 : k - 1];
    };
    s.p50 = rank(50);
    s.p99 = rank(99);
    s.max = sorted.back();
    const std::size_t bins = std::min<std::size_t>(s.max / LatencySummary::kBinClocks + 1, 256);
    s.histogram.assign(bins, 0);
    for (std::uint32_t v : sorted) ++s.histogram[std::min<std::size_t>(v / LatencySummary::kBinClocks, bins - 1)];
    return s;
}

}  // namespace dramsweep::dram
