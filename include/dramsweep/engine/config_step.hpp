#pragma once
// The trace loop of one configuration (rule R9, src/dram/trace_driver.cpp) over the engine's
// state, resumable: advance() runs at most `tick_budget` evaluated clocks and returns, so that
// the host can run lockstep slices, report progress and refill finished slots between them.
// Idle clocks are skipped exactly as the reference does (rule R10): the next clock evaluated is
// the earliest next event of any channel.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/mapping.hpp"
#include "dramsweep/engine/channel_step.hpp"

namespace dramsweep::engine {

// A request stream as two plain arrays (one copy per distinct stream, shared by every slot).
struct StreamView {
    const std::uint64_t* addr;
    const std::uint8_t* is_write;
    std::uint64_t size;
};

DRAMSWEEP_HD inline void config_init(const EngineParams& p, ChannelState* channels, RunProgress& progress,
                                     std::uint32_t* latency_counts) {
    for (std::uint32_t c = 0; c < p.channels; ++c) channel_init(p, channels[c]);
    progress = RunProgress{0, 0, 0, 0, 0, 0, 0};
    for (std::uint32_t i = 0; i < kLatencySlots; ++i) latency_counts[i] = 0;
}

// Offers the request for `byte_address` to its channel at `now`; false when that channel's queue
// for its kind is full (the request is then offered again later, rules R9 and C1).
DRAMSWEEP_HD inline bool offer_address(const EngineParams& p, ChannelState* channels, std::uint64_t byte_address,
                                       bool is_write, std::uint64_t now) {
    // One channel: a full queue refuses without decoding (the trace loop offers the next
    // request at every evaluated clock while the queue is full).
    if (p.channels == 1 && !channel_can_accept(p, channels[0], is_write)) return false;
    const dram::DecodedAddress at = dram::decode_address(p.mapping, byte_address);
    ChannelState& ch = channels[at.channel];
    if (!channel_can_accept(p, ch, is_write)) return false;
    const std::uint32_t bank = (at.rank << p.rank_shift) + at.bank_group * p.banks_per_group + at.bank;
    channel_accept(p, ch, is_write, bank, at.row, now);
    return true;
}

// Offers request `index` of the stream (rule R9).
DRAMSWEEP_HD inline bool config_offer(const EngineParams& p, ChannelState* channels, const StreamView& stream,
                                      std::uint64_t index, std::uint64_t now) {
    return offer_address(p, channels, stream.addr[index], stream.is_write[index] != 0, now);
}

// The rest of one evaluated clock `g.now` after every channel ticked (`completed` requests
// finished): offers requests (R9), detects the end, and moves g.now to the next clock to
// evaluate (R10). One thread only.
DRAMSWEEP_HD inline void config_after_tick(const EngineParams& p, ChannelState* channels, RunProgress& g,
                                           const StreamView& stream, std::uint64_t max_outstanding,
                                           std::uint64_t completed) {
    const std::uint64_t n = stream.size;
    const std::uint64_t now = g.now;
    ++g.ticks;
    g.outstanding -= completed;
    while (g.next_request < n && (max_outstanding == 0 || g.outstanding < max_outstanding)) {
        if (!config_offer(p, channels, stream, g.next_request, now)) break;
        ++g.next_request;
        ++g.outstanding;
    }
    if (g.next_request == n && g.outstanding == 0) {
        g.end = now + 1;
        g.done = 1;
        for (std::uint32_t c = 0; c < p.channels; ++c) channel_finish(p, channels[c], g.end);
        return;
    }
    // Rule R10, one step further than the reference: a clock at which only reads return
    // changes nothing but `outstanding`, which matters only under max_outstanding or at the
    // end of the stream; otherwise the returns are handed back (latency = return clock -
    // arrival, as ever) at the next clock evaluated anyway, and their clocks are skipped.
    const bool returns_matter = max_outstanding != 0 || g.next_request == n;
    std::uint64_t e = kNever;
    for (std::uint32_t c = 0; c < p.channels; ++c) {
        if (channels[c].next_event < e) e = channels[c].next_event;
        if (returns_matter && channel_next_return(channels[c]) < e) e = channel_next_return(channels[c]);
    }
    g.now = (e == kNever || e <= now) ? now + 1 : e;
}

// Runs up to `tick_budget` evaluated clocks; returns true once the configuration is done.
DRAMSWEEP_HD inline bool config_advance(const EngineParams& p, ChannelState* channels, RunProgress& g,
                                        std::uint32_t* latency_counts, const StreamView& stream,
                                        std::uint64_t max_outstanding, std::uint64_t tick_budget) {
    if (stream.size == 0) g.done = 1;
    for (std::uint64_t t = 0; t < tick_budget && g.done == 0; ++t) {
        std::uint64_t completed = 0;
        for (std::uint32_t c = 0; c < p.channels; ++c) completed += channel_tick(p, channels[c], g.now, latency_counts);
        config_after_tick(p, channels, g, stream, max_outstanding, completed);
    }
    return g.done != 0;
}

}  // namespace dramsweep::engine
