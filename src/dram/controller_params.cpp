#include "dramsweep/dram/controller_params.hpp"

#include <bit>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {

ControllerParams controller_params(const DramConfig& c, const ConstraintTable& table) {
    ControllerParams p{};
    p.faw_clocks = table.faw_clocks;
    p.channels = c.org.channels;
    p.ranks = c.org.ranks;
    p.banks_per_rank = c.org.banks_per_rank();
    p.banks_per_group = c.org.banks_per_group;
    p.banks_per_channel = c.org.banks_per_channel();
    // Organisation sizes are powers of two (validate() insists), so ranks and groups are shifts.
    p.rank_shift = static_cast<std::uint32_t>(std::countr_zero(p.banks_per_rank));
    p.group_shift = static_cast<std::uint32_t>(std::countr_zero(p.banks_per_group));
    p.read_queue = c.controller.read_queue;
    p.write_queue = c.controller.write_queue;
    p.read_slots = rules::queue_slots(c.controller.active_buffer, p.read_queue, p.banks_per_channel);
    p.write_slots = rules::queue_slots(c.controller.active_buffer, p.write_queue, p.banks_per_channel);
    p.write_high = c.controller.write_high;
    p.write_low = c.controller.write_low;
    p.row_hit_cap = c.controller.row_hit_cap;
    p.page_timeout = c.controller.page_timeout;
    p.refresh_interval = rules::refresh_interval(c.controller.refresh == RefreshMode::kPerBank,
                                                 c.timing.nREFI, p.banks_per_rank);
    p.read_return_delay = rules::read_return_delay(c.controller.read_return, c.timing.nCL, c.timing.nBL);
    p.close_after = c.controller.close_after;
    p.scheduler = c.controller.scheduler;
    p.page_policy = c.controller.page_policy;
    p.refresh = c.controller.refresh;
    p.refresh_ranks = c.controller.refresh_ranks;
    p.active_buffer = c.controller.active_buffer;
    p.command_buses = c.controller.command_buses;
    p.wck_sync = c.controller.wck_sync;
    p.wck_read_run = rules::wck_run_clocks(c.timing.nCL, c.timing.nBL);
    p.wck_write_run = rules::wck_run_clocks(c.timing.nCWL, c.timing.nBL);
    return p;
}

}  // namespace dramsweep::dram
