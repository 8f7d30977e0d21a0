#pragma once
// The host engine's channels of one configuration as the drivers' memory (dram/trace_loop.hpp,
// coupled/fold_loop.hpp): requests routed to their channel, every channel ticked at each clock.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/clock.hpp"
#include "dramsweep/dram/mapping.hpp"
#include "dramsweep/engine/channel_step.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::engine {

// A request stream as two plain arrays (one copy per distinct stream, shared by every slot).
struct StreamView {
    const std::uint64_t* addr;
    const std::uint8_t* is_write;
    std::uint64_t size;
};

struct EngineMemory {
    const EngineParams& p;
    ChannelState* channels;
    std::uint32_t* latency_counts;  // kLatencyClamp per-clock counts of the configuration
    StreamView stream;

    DRAMSWEEP_HD dram::TickCounts tick(std::uint64_t now) {
        dram::TickCounts counts;
        for (std::uint32_t c = 0; c < p.channels; ++c) counts += channel_tick(p, channels[c], now, latency_counts);
        return counts;
    }

    // Rule R9: the request goes to its channel's queue for its kind, if there is room.
    DRAMSWEEP_HD bool offer(std::uint64_t request, std::uint64_t now) {
        const bool is_write = stream.is_write[request] != 0;
        // One channel: a full queue refuses without decoding (the trace loop offers the next
        // request at every evaluated clock while the queue is full).
        if (p.channels == 1 && !channel_can_accept(p, channels[0], is_write)) return false;
        const dram::DecodedAddress at = dram::decode_address(p.mapping, stream.addr[request]);
        ChannelState& ch = channels[at.channel];
        if (!channel_can_accept(p, ch, is_write)) return false;
        const std::uint32_t bank = (at.rank << p.rank_shift) + at.bank_group * p.banks_per_group + at.bank;
        channel_accept(p, ch, is_write, bank, at.row, now);
        return true;
    }

    DRAMSWEEP_HD std::uint64_t next_event() const {
        std::uint64_t e = dram::kNever;
        for (std::uint32_t c = 0; c < p.channels; ++c)
            if (channels[c].next_event < e) e = channels[c].next_event;
        return e;
    }
    DRAMSWEEP_HD std::uint64_t next_return() const {
        std::uint64_t e = dram::kNever;
        for (std::uint32_t c = 0; c < p.channels; ++c) {
            const std::uint64_t r = channel_next_return(channels[c]);
            if (r < e) e = r;
        }
        return e;
    }
    DRAMSWEEP_HD void add_counters_at(std::uint64_t at, results::DramCounters& into) const {
        for (std::uint32_t c = 0; c < p.channels; ++c) engine::add_counters_at(p, channels[c], at, into);
    }
    DRAMSWEEP_HD void finish(std::uint64_t end) {
        for (std::uint32_t c = 0; c < p.channels; ++c) channel_finish(p, channels[c], end);
    }
};

}  // namespace dramsweep::engine
