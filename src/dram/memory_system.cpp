#include "dramsweep/dram/memory_system.hpp"

#include <algorithm>

namespace dramsweep::dram {

MemorySystem::MemorySystem(const DramConfig& config, CommandLog* log)
    : config_(config),
      mapping_(parse_mapping(config.mapping, config.org, config.xor_bank_hash, config.origin)),
      table_(derive_constraints(config)) {
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

TickCounts MemorySystem::tick(std::uint64_t now) {
    TickCounts all;
    for (ChannelController& ch : channels_) all += ch.tick(now);
    return all;
}

std::uint64_t MemorySystem::next_event() const {
    std::uint64_t e = kNever;
    for (const ChannelController& ch : channels_) e = std::min(e, ch.next_event());
    return e;
}

std::uint64_t MemorySystem::next_return() const {
    std::uint64_t e = kNever;
    for (const ChannelController& ch : channels_) e = std::min(e, ch.next_return());
    return e;
}

results::DramCounters MemorySystem::counters_at(std::uint64_t at) const {
    results::DramCounters total;
    for (const ChannelController& ch : channels_) total += ch.counters_at(at);
    return total;
}

void MemorySystem::finish(std::uint64_t end) {
    for (ChannelController& ch : channels_) ch.finish(end);
}

results::DramCounters MemorySystem::counters() const {
    results::DramCounters total;
    for (const ChannelController& ch : channels_) total += ch.counters();
    return total;
}

results::LatencyCounts MemorySystem::read_latencies() const {
    results::LatencyCounts all;
    for (const ChannelController& ch : channels_) all.merge(ch.read_latencies());
    return all;
}

}  // namespace dramsweep::dram
