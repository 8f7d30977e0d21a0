// Host-side set-up of the host batched engine (engine_params.hpp).

#include "dramsweep/engine/engine_params.hpp"

#include <bit>

#include "dramsweep/dram/rules.hpp"

namespace dramsweep::engine {
namespace {

std::uint32_t log2_exact(std::uint32_t v) { return static_cast<std::uint32_t>(std::countr_zero(v)); }

}  // namespace

std::string engine_unsupported_reason(const dram::DramConfig& c, std::uint64_t requests) {
    auto over = [](const char* what, std::uint64_t value, std::uint64_t limit) {
        return std::string(what) + " " + std::to_string(value) + " exceeds the batched engine's limit of " +
               std::to_string(limit);
    };
    if (c.org.channels > kMaxChannels) return over("org.channels", c.org.channels, kMaxChannels);
    if (c.org.ranks > kMaxRanks) return over("org.ranks", c.org.ranks, kMaxRanks);
    if (c.org.banks_per_channel() > kMaxBanksPerChannel)
        return over("banks per channel", c.org.banks_per_channel(), kMaxBanksPerChannel);
    if (c.controller.read_queue > kMaxQueue) return over("controller.read_queue", c.controller.read_queue, kMaxQueue);
    if (c.controller.write_queue > kMaxQueue) return over("controller.write_queue", c.controller.write_queue, kMaxQueue);
    // Reads in flight per channel: at most one RD per clock, each in flight CL + BL + 1 clocks.
    const std::uint64_t return_delay =
        dram::rules::read_return_delay(c.controller.read_return, c.timing.nCL, c.timing.nBL);
    if (return_delay > kMaxReturns) return over("tCL + tBL + 1", return_delay, kMaxReturns);
    // Sequence numbers within a channel are 32-bit.
    if (requests >= kNoSeq) return over("requests", requests, kNoSeq - 1);
    return {};
}

EngineParams make_engine_params(const dram::DramConfig& c) {
    EngineParams p{};
    const dram::ConstraintTable table = dram::derive_constraints(c);
    for (int a = 0; a < dram::kNumCommands; ++a)
        for (int sc = 0; sc < dram::kNumScopes; ++sc) {
            for (int b = 0; b < dram::kNumCommands; ++b) {
                p.gap_rows[a][sc][b] = table.min_gap[a][b][sc];
                if (p.gap_rows[a][sc][b] != 0) p.gap_mask[a][sc] |= 1u << b;
            }
            for (int h = 0; h < 4; ++h)
                if (table.min_gap[a][kHotCommands[h]][sc] != 0) p.hot_mask[a][sc] |= 1u << h;
        }
    p.faw_clocks = table.faw_clocks;
    p.mapping = dram::parse_mapping(c.mapping, c.org, c.xor_bank_hash, c.origin);
    p.channels = c.org.channels;
    p.ranks = c.org.ranks;
    p.banks_per_rank = c.org.banks_per_rank();
    p.banks_per_group = c.org.banks_per_group;
    p.banks_per_channel = c.org.banks_per_channel();
    // Organisation sizes are powers of two (validate() insists), so ranks and groups are shifts.
    p.rank_shift = log2_exact(p.banks_per_rank);
    p.group_shift = log2_exact(p.banks_per_group);
    p.read_queue = c.controller.read_queue;
    p.write_queue = c.controller.write_queue;
    p.write_high = c.controller.write_high;
    p.write_low = c.controller.write_low;
    p.row_hit_cap = c.controller.row_hit_cap;
    p.page_timeout = c.controller.page_timeout;
    p.refresh_interval = dram::rules::refresh_interval(c.controller.refresh == dram::RefreshMode::kPerBank,
                                                       c.timing.nREFI, p.banks_per_rank);
    p.read_return_delay =
        dram::rules::read_return_delay(c.controller.read_return, c.timing.nCL, c.timing.nBL);
    p.close_after = c.controller.close_after;
    p.refresh_ranks = c.controller.refresh_ranks;
    p.scheduler = c.controller.scheduler;
    p.page_policy = c.controller.page_policy;
    p.refresh = c.controller.refresh;
    return p;
}

}  // namespace dramsweep::engine
