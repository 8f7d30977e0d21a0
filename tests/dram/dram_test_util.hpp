#pragma once
// Helpers shared by the DRAM test files: loading presets, building addresses for the reference
// mapping, running request lists and finding commands in the log.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/protocol_checker.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram::testing {

inline const std::vector<std::string>& all_presets() {
    static const std::vector<std::string> names = {"ddr4-2400", "ddr4-2400-x16", "ddr4-3200", "ddr4-3200-x16",
                                                   "ddr5-4800", "lpddr4-3200", "lpddr5-6400", "hbm2",
                                                   "hbm3",      "gddr6"};
    return names;
}

// Byte address of (bank group, bank, row, burst column) under "RoBaRaCoCh" with one rank and channel.
inline std::uint64_t ro_ba_co_address(const DramConfig& c, std::uint32_t group, std::uint32_t bank, std::uint32_t row,
                                      std::uint32_t column) {
    const std::uint64_t bursts_per_row = c.org.columns / c.org.burst_length;
    std::uint64_t a = row;
    a = a * c.org.banks_per_group + bank;
    a = a * c.org.bank_groups + group;
    a = a * bursts_per_row + column;
    return a * c.org.burst_bytes();
}

// Uniformly random requests over a small footprint (so that hits, misses and conflicts all
// occur), a fraction of them writes. Deterministic for a seed.
inline std::vector<TraceRequest> random_requests(const DramConfig& c, std::size_t count, std::uint64_t seed,
                                                 double write_fraction, std::uint32_t rows = 4) {
    std::vector<TraceRequest> out;
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const std::uint64_t bursts_per_row = c.org.columns / c.org.burst_length;
    const std::uint64_t banks = c.org.banks_per_channel() * c.org.channels;
    const std::uint64_t footprint = banks * rows * bursts_per_row;
    for (std::size_t i = 0; i < count; ++i) {
        // Runs of a few consecutive bursts make row hits likely under the open policy.
        const std::uint64_t start = next() % footprint;
        const std::uint64_t run = 1 + next() % 4;
        const bool w = static_cast<double>(next() % 1000) < write_fraction * 1000;
        for (std::uint64_t k = 0; k < run && out.size() < count; ++k)
            out.push_back({((start + k) % footprint) * c.org.burst_bytes(), w});
        if (out.size() >= count) break;
    }
    return out;
}

inline std::vector<CommandRecord> commands_of(const CommandLog& log, Command c) {
    std::vector<CommandRecord> out;
    for (const auto& r : log)
        if (r.command == c) out.push_back(r);
    return out;
}

// A command of channel 0, bank group 0, for the protocol checker's tests.
inline CommandRecord command_record(std::uint64_t cycle, Command c, std::uint32_t rank = 0,
                                    std::uint32_t bank = 0) {
    CommandRecord r{};
    r.cycle = cycle;
    r.command = c;
    r.rank = rank;
    r.bank = bank;
    return r;
}

// The protocol checker's violations over `commands`, fed in order.
inline std::vector<std::string> checker_violations(const DramConfig& config,
                                                   const std::vector<CommandRecord>& commands) {
    ProtocolChecker checker(config);
    for (const CommandRecord& c : commands) checker.feed(c);
    return checker.violations();
}

}  // namespace dramsweep::dram::testing
