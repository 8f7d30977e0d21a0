#include "dramsweep/dram/memory_system.hpp"

#include <algorithm>

namespace dramsweep::dram {

MemorySystem::MemorySystem(const DramConfig& config, CommandLog* log)
    : config_(config),
      mapping_(parse_mapping(config.mapping, config.org, config.xor_bank_hash, config.origin)),
      table_(derive_constraints(config.timing)) {
    channels_.reserve(config.org.channels);
    for (std::uint32_t c = 0; c < config.org.channels; ++c) channels_.emplace_back(config_, table_, c, log);
}

bool MemorySystem::offer(std::uint64_t byte_addr, bool is_write, std::uint64_t id, std::uint64_t now) {
    const DecodedAddress at = decode_address(mapping_, byte_addr);
    ChannelController& ch = channels_[at.channel];
    if (!ch.can_accept(is_write)) return false;
    ch.accept(id, is_write, at, now);
    return true;
}

TickResult MemorySystem::tick(std::uint64_t now) {
    TickResult all;
    for (ChannelController& ch : channels_) {
        const TickResult r = ch.tick(now);
        all.issued = all.issued || r.issued;
        all.completed += r.completed;
        all.reads_returned += r.reads_returned;
    }
    return all;
}

std::uint64_t MemorySystem::next_event() const {
    std::uint64_t e = ChannelController::kNever;
    for (const ChannelController& ch : channels_) e = std::min(e, ch.next_event());
    return e;
}

DramStats MemorySystem::finish(std::uint64_t end) {
    DramStats total;
    for (ChannelController& ch : channels_) total.merge(ch.finish(end));
    return total;
}

}  // namespace dramsweep::dram
