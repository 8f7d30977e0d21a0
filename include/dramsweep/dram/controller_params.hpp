#pragma once
// A channel controller's sizes and policies as plain numbers: what every backend (the reference
// controller, the host engine, the device) derives from a DramConfig before it runs, derived in
// one place (controller_params.cpp) so that no backend computes a rule's constant its own way.

#include <cstdint>

#include "dramsweep/dram/policies.hpp"

namespace dramsweep::dram {

struct DramConfig;
struct ConstraintTable;

struct ControllerParams {
    std::uint32_t faw_clocks;  // tFAW (the constraint table's)
    std::uint32_t channels, ranks, banks_per_rank, banks_per_group, banks_per_channel;
    std::uint32_t rank_shift;   // log2(banks_per_rank): flat bank -> rank
    std::uint32_t group_shift;  // log2(banks_per_group): flat bank -> bank group (rank included)
    std::uint32_t read_queue, write_queue, write_high, write_low;
    std::uint32_t read_slots, write_slots;  // requests each queue may hold, activated ones included (R12)
    std::uint32_t row_hit_cap;
    std::uint32_t page_timeout;
    std::uint32_t refresh_interval;   // clocks between refresh commands of one rank (rule R1)
    std::uint32_t read_return_delay;  // RD issue to data handed back (rule R8)
    std::uint32_t close_after;        // close_after page policy: column commands per activation (R6)
    std::uint32_t wck_read_run, wck_write_run;  // R14: clocks a RD / WR keeps the WCK running
    Scheduler scheduler;
    PagePolicy page_policy;
    RefreshMode refresh;
    RefreshRanks refresh_ranks;
    ActiveBuffer active_buffer;
    CommandBuses command_buses;
    WckSync wck_sync;
};

// `table` is derive_constraints(config).
ControllerParams controller_params(const DramConfig& config, const ConstraintTable& table);

}  // namespace dramsweep::dram
