// Host-side set-up of the batched engine (engine_params.hpp).

#include "dramsweep/engine/engine_params.hpp"

#include <bit>

namespace dramsweep::engine {
namespace {

static_assert(kLatencySlots == kLatencyClamp, "the engine counts latencies the way RunSummary clamps them");

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
    const std::uint64_t return_delay = std::uint64_t{c.timing.nCL} + c.timing.nBL + 1;
    if (return_delay > kMaxReturns) return over("tCL + tBL + 1", return_delay, kMaxReturns);
    // Sequence numbers within a channel are 32-bit.
    if (requests >= kNoSeq) return over("requests", requests, kNoSeq - 1);
    return {};
}

EngineParams make_engine_params(const dram::DramConfig& c) {
    EngineParams p{};
    p.table = dram::derive_constraints(c.timing);
    for (int a = 0; a < dram::kNumCommands; ++a)
        for (int sc = 0; sc < dram::kNumScopes; ++sc)
            for (int b = 0; b < dram::kNumCommands; ++b) p.gap_rows[a][sc][b] = p.table.min_gap[a][b][sc];
    for (int a = 0; a < dram::kNumCommands; ++a)
        for (int sc = 0; sc < dram::kNumScopes; ++sc)
            for (int h = 0; h < 4; ++h) p.hot_gaps[a][sc][h] = p.table.min_gap[a][kHotCommands[h]][sc];
    for (int a = 0; a < dram::kNumCommands; ++a)
        for (int sc = 0; sc < dram::kNumScopes; ++sc) {
            for (int b = 0; b < dram::kNumCommands; ++b)
                if (p.gap_rows[a][sc][b] != 0) p.gap_mask[a][sc] |= 1u << b;
            for (int h = 0; h < 4; ++h)
                if (p.hot_gaps[a][sc][h] != 0) p.hot_mask[a][sc] |= 1u << h;
        }
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
    p.refresh_interval = dram::rules::refresh_interval(c.controller.refresh == dram::RefreshMode::kPerBank, c.timing.nREFI,
                                                 p.banks_per_rank);
    p.read_return_delay = static_cast<std::uint32_t>(dram::rules::read_return_clock(0, c.timing.nCL, c.timing.nBL));
    p.scheduler = c.controller.scheduler == dram::Scheduler::kFrFcfs ? EngineScheduler::kFrFcfs : EngineScheduler::kFcfs;
    switch (c.controller.page_policy) {
        case dram::PagePolicy::kOpen: p.page_policy = EnginePagePolicy::kOpen; break;
        case dram::PagePolicy::kClosed: p.page_policy = EnginePagePolicy::kClosed; break;
        case dram::PagePolicy::kTimeout: p.page_policy = EnginePagePolicy::kTimeout; break;
    }
    switch (c.controller.refresh) {
        case dram::RefreshMode::kAllBank: p.refresh = EngineRefresh::kAllBank; break;
        case dram::RefreshMode::kPerBank: p.refresh = EngineRefresh::kPerBank; break;
        case dram::RefreshMode::kOff: p.refresh = EngineRefresh::kOff; break;
    }
    return p;
}

StreamArrays make_stream_arrays(const std::vector<dram::TraceRequest>& stream) {
    StreamArrays s;
    s.addr.reserve(stream.size());
    s.is_write.reserve(stream.size());
    for (const dram::TraceRequest& r : stream) {
        s.addr.push_back(r.addr);
        s.is_write.push_back(r.is_write ? 1 : 0);
    }
    return s;
}

RunSummary engine_summary(const EngineParams& p, const ChannelState* channels, const RunProgress& progress,
                          const std::uint32_t* latency_counts, std::uint64_t requests) {
    RunSummary s;
    s.cycles = progress.end;
    s.requests = requests;
    std::uint32_t max_latency = 0;
    for (std::uint32_t c = 0; c < p.channels; ++c) {
        const ChannelCounters& k = channels[c].counters;
        s.reads += k.reads;
        s.writes += k.writes;
        s.row_hits += k.row_hits;
        s.row_misses += k.row_misses;
        s.row_conflicts += k.row_conflicts;
        for (int i = 0; i < dram::kNumCommands; ++i) s.commands[static_cast<std::size_t>(i)] += k.commands[i];
        s.read_latency_sum += k.read_latency_sum;
        s.write_latency_sum += k.write_latency_sum;
        s.active_cycles += k.active_cycles;
        s.precharged_cycles += k.precharged_cycles;
        if (k.read_latency_max > max_latency) max_latency = k.read_latency_max;
    }
    std::vector<std::uint64_t> per_clock(latency_counts, latency_counts + kLatencySlots);
    fill_latency_summary(per_clock.data(), max_latency, s);
    return s;
}

}  // namespace dramsweep::engine
