#pragma once
// The record of every command a controller issued, for the protocol checker and for tests.

#include <cstdint>
#include <vector>

#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {

struct CommandRecord {
    std::uint64_t cycle;
    Command command;
    std::uint32_t channel, rank, bank_group, bank;  // rank-wide commands: bank_group = bank = 0
    std::uint32_t row, column;                       // row of ACT / column commands
    // Context for the tightness tests: requests waiting in the channel's queues when it issued,
    // whether a refresh of its rank was pending, and the arrival cycle of the request it served
    // (UINT64_MAX for refresh and page-policy commands).
    std::uint32_t queued;
    bool refresh_pending;
    std::uint64_t request_arrival;
    // R14: a CAS (WCK2CK synchronisation) took the command bus the clock before this RD or WR.
    bool wck_sync = false;
};

using CommandLog = std::vector<CommandRecord>;

}  // namespace dramsweep::dram
