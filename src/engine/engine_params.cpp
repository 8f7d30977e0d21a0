// Host-side set-up of the host batched engine (engine_params.hpp).

#include "dramsweep/engine/engine_params.hpp"

#include <algorithm>

#include "dramsweep/dram/rules.hpp"

namespace dramsweep::engine {
std::string engine_unsupported_reason(const dram::DramConfig& c, std::uint64_t requests) {
    auto over = [](const char* what, std::uint64_t value, std::uint64_t limit) {
        return std::string(what) + " " + std::to_string(value) + " exceeds the batched engine's limit of " +
               std::to_string(limit);
    };
    if (c.org.channels > kMaxChannels) return over("org.channels", c.org.channels, kMaxChannels);
    if (c.org.ranks > kMaxRanks) return over("org.ranks", c.org.ranks, kMaxRanks);
    if (c.org.banks_per_channel() > kMaxBanksPerChannel)
        return over("banks per channel", c.org.banks_per_channel(), kMaxBanksPerChannel);
    if (c.controller.read_queue > kMaxQueue)
        return over("controller.read_queue", c.controller.read_queue, kMaxQueue);
    if (c.controller.write_queue > kMaxQueue)
        return over("controller.write_queue", c.controller.write_queue, kMaxQueue);
    // Rule R12: with an active buffer a queue also keeps its activated requests, one per bank.
    const std::uint32_t banks = c.org.banks_per_channel();
    const std::uint32_t slots =
        std::max(dram::rules::queue_slots(c.controller.active_buffer, c.controller.read_queue, banks),
                 dram::rules::queue_slots(c.controller.active_buffer, c.controller.write_queue, banks));
    if (slots > kMaxQueue)
        return over("a queue's entries with controller.active_buffer=per_bank (its depth plus one per bank)",
                    slots, kMaxQueue);
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
    static_cast<dram::ControllerParams&>(p) = dram::controller_params(c, table);
    p.mapping = dram::parse_mapping(c.mapping, c.org, c.xor_bank_hash, c.origin);
    return p;
}

}  // namespace dramsweep::engine
