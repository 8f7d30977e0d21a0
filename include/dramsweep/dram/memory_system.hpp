#pragma once
// All channels of one DRAM configuration: decodes addresses and routes requests to the
// controller of their channel; ticks the channels together.

#include <cstdint>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/controller.hpp"

namespace dramsweep::dram {

class MemorySystem {
public:
    MemorySystem(const DramConfig& config, CommandLog* log = nullptr);
    MemorySystem(const MemorySystem&) = delete;
    MemorySystem& operator=(const MemorySystem&) = delete;

    // Accepts the request into its channel's queue when there is room (rule R9).
    bool offer(std::uint64_t byte_addr, bool is_write, std::uint64_t id, std::uint64_t now);
    TickResult tick(std::uint64_t now);
    // Earliest clock any channel could act again, after a tick in which none issued.
    std::uint64_t next_event() const;

    DramStats finish(std::uint64_t end);
    const DramConfig& config() const { return config_; }
    const AddressMapping& mapping() const { return mapping_; }

private:
    const DramConfig& config_;
    AddressMapping mapping_;
    ConstraintTable table_;
    std::vector<ChannelController> channels_;
};

}  // namespace dramsweep::dram
