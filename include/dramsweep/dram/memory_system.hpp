#pragma once
// All channels of one DRAM configuration (the reference model): decodes addresses and routes
// requests to the controller of their channel; ticks the channels together. This is the
// reference's memory for the drivers (dram/trace_loop.hpp, coupled/fold_loop.hpp).

#include <cstdint>
#include <vector>

#include "dramsweep/dram/clock.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/controller.hpp"
#include "dramsweep/results/dram_counters.hpp"
#include "dramsweep/results/latency.hpp"

namespace dramsweep::dram {

class MemorySystem {
public:
    MemorySystem(const DramConfig& config, CommandLog* log = nullptr);
    MemorySystem(const MemorySystem&) = delete;
    MemorySystem& operator=(const MemorySystem&) = delete;

    // Accepts the request into its channel's queue when there is room (rule R9).
    bool offer(std::uint64_t byte_addr, bool is_write, std::uint64_t id, std::uint64_t now);
    TickCounts tick(std::uint64_t now);
    // After a tick, the earliest clock any channel could issue a command or see a refresh fall
    // due (kNever: none), and the earliest read return.
    std::uint64_t next_event() const;
    std::uint64_t next_return() const;

    // Every channel's counters, standby closed at `at` (the state is left as it is).
    results::DramCounters counters_at(std::uint64_t at) const;
    // Closes the standby bookkeeping at the run's end; then counters() is the run's total.
    void finish(std::uint64_t end);
    results::DramCounters counters() const;
    results::LatencyCounts read_latencies() const;

    const DramConfig& config() const { return config_; }
    const AddressMapping& mapping() const { return mapping_; }

private:
    const DramConfig& config_;
    AddressMapping mapping_;
    ConstraintTable table_;
    std::vector<ChannelController> channels_;
};

}  // namespace dramsweep::dram
