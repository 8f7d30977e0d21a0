#pragma once
// The DRAM counters of a run or of a span of clocks: the one counter type every backend keeps
// (the reference controller, the host engine, the CUDA kernels) and every report reads. Each
// field is declared once, in for_each_counter; names, sums, differences and comparisons are
// generated from that list, so a new counter cannot be forgotten by one of them.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::results {

struct DramCounters {
    std::uint64_t reads = 0, writes = 0;                      // requests served
    std::uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
    std::uint64_t commands[dram::kNumCommands] = {};          // issued, per command
    std::uint64_t wck_syncs = 0;                              // CAS commands that started the WCK (R14)
    std::uint64_t read_latency_sum = 0;                       // acceptance to data handed back
    std::uint64_t write_latency_sum = 0;                      // acceptance to the WR command
    std::uint64_t active_cycles = 0;                          // rank-clocks with a bank open
    std::uint64_t precharged_cycles = 0;                      // rank-clocks with every bank closed
};

// Calls f(name, field_of_c...) for every counter, in report order, over one or more
// DramCounters at once (so that one list serves +=, -, == and the names).
template <typename F, typename... Counters>
DRAMSWEEP_HD void for_each_counter(F&& f, Counters&... c) {
    f("reads", c.reads...);
    f("writes", c.writes...);
    f("row_hits", c.row_hits...);
    f("row_misses", c.row_misses...);
    f("row_conflicts", c.row_conflicts...);
    for (int k = 0; k < dram::kNumCommands; ++k) f(dram::command_counter_name(static_cast<dram::Command>(k)), c.commands[k]...);
    f("commands.CAS", c.wck_syncs...);
    f("read_latency_sum", c.read_latency_sum...);
    f("write_latency_sum", c.write_latency_sum...);
    f("active_cycles", c.active_cycles...);
    f("precharged_cycles", c.precharged_cycles...);
}

DRAMSWEEP_HD inline DramCounters& operator+=(DramCounters& a, const DramCounters& b) {
    for_each_counter([](const char*, std::uint64_t& x, const std::uint64_t& y) { x += y; }, a, b);
    return a;
}

DRAMSWEEP_HD inline DramCounters operator-(const DramCounters& after, const DramCounters& before) {
    DramCounters d = after;
    for_each_counter([](const char*, std::uint64_t& x, const std::uint64_t& y) { x -= y; }, d, before);
    return d;
}

DRAMSWEEP_HD inline bool operator==(const DramCounters& a, const DramCounters& b) {
    bool equal = true;
    for_each_counter([&](const char*, const std::uint64_t& x, const std::uint64_t& y) { equal = equal && x == y; },
                     a, b);
    return equal;
}

// into += from, one 64-bit word at a time: for sums kept in memory (a kernel's result, a layer's
// record), so that the sum holds one counter in registers, not all of them.
DRAMSWEEP_HD inline void add_in_place(DramCounters& into, const DramCounters& from) {
    static_assert(sizeof(DramCounters) % sizeof(std::uint64_t) == 0, "the counters are 64-bit words");
    constexpr std::uint32_t kWords = sizeof(DramCounters) / sizeof(std::uint64_t);
    auto* to = reinterpret_cast<std::uint64_t*>(&into);
    const auto* add = reinterpret_cast<const std::uint64_t*>(&from);
    DRAMSWEEP_NO_UNROLL
    for (std::uint32_t w = 0; w < kWords; ++w) to[w] += add[w];
}

// The name of the first counter in which a and b differ, or nullptr when they are equal.
inline const char* first_difference(const DramCounters& a, const DramCounters& b) {
    const char* first = nullptr;
    for_each_counter(
        [&](const char* name, const std::uint64_t& x, const std::uint64_t& y) {
            if (first == nullptr && x != y) first = name;
        },
        a, b);
    return first;
}

}  // namespace dramsweep::results
