#pragma once
// Rules R4, R5 and R11 as one 32-bit minimum: the key a bank's legal candidate gives the device
// channel's plan (channel.hpp, replan_in), so that one warp reduction names the winner and says
// where it is and which command it needs, with no search of the banks after it.
//
// From the top bit down: the candidate's class, its sequence number, its command, its queue slot.
// The reference takes an activated request first (R11), then under FR-FCFS the oldest row hit
// with priority, then the oldest request (R4/R5: dram::rules::pick_request); the classes are that
// order, and within a class the oldest (smallest sequence number) wins. Sequence numbers are
// unique within a channel, so the bits below them never decide, and the minimum is the
// reference's choice whatever the order of the fold (tests/unit/device_plan_key_test.cpp holds it
// to pick_request). A channel renumbers its queued requests before a sequence number would need
// more than kPlanSeqBits (DeviceChannel::renumber).

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::device {

inline constexpr std::uint32_t kPlanSeqBits = 22;
inline constexpr std::uint32_t kPlanSeqLimit = 1u << kPlanSeqBits;
inline constexpr std::uint32_t kNoPlanKey = ~std::uint32_t{0};  // class 3: no candidate

enum PlanClass : std::uint32_t { kPlanActivated = 0, kPlanHitWithPriority = 1, kPlanAny = 2 };
// The commands a queued request can need, as two bits.
enum PlanCommand : std::uint32_t { kPlanRd = 0, kPlanWr = 1, kPlanPre = 2, kPlanAct = 3 };

// `seq` below kPlanSeqLimit, `slot` below 64.
DRAMSWEEP_HD inline std::uint32_t plan_key(PlanClass c, std::uint32_t seq, PlanCommand command,
                                           std::uint32_t slot) {
    return static_cast<std::uint32_t>(c) << 30 | seq << 8 | static_cast<std::uint32_t>(command) << 6 | slot;
}
// A row hit's class: it keeps FR-FCFS priority (R5) or competes by age alone.
DRAMSWEEP_HD inline PlanClass hit_class(bool frfcfs, bool hit_priority) {
    return frfcfs && hit_priority ? kPlanHitWithPriority : kPlanAny;
}

DRAMSWEEP_HD inline bool plan_key_activated(std::uint32_t key) {
    return key >> 30 == kPlanActivated;
}
DRAMSWEEP_HD inline std::uint32_t plan_key_seq(std::uint32_t key) {
    return (key >> 8) & (kPlanSeqLimit - 1);
}
DRAMSWEEP_HD inline std::uint32_t plan_key_slot(std::uint32_t key) {
    return key & 0x3fu;
}
// The command, looked up among the four commands' codes packed four bits each.
DRAMSWEEP_HD inline dram::Command plan_key_command(std::uint32_t key) {
    static_assert(dram::kNumCommands <= 16, "a command code takes four bits");
    constexpr std::uint32_t kCodes = static_cast<std::uint32_t>(dram::kRd) << (4 * kPlanRd) |
                                     static_cast<std::uint32_t>(dram::kWr) << (4 * kPlanWr) |
                                     static_cast<std::uint32_t>(dram::kPre) << (4 * kPlanPre) |
                                     static_cast<std::uint32_t>(dram::kAct) << (4 * kPlanAct);
    return static_cast<dram::Command>((kCodes >> (4 * ((key >> 6) & 3u))) & 0xfu);
}
// The queue the winner is in: a column command's own (reads or writes), else the plan's queue.
DRAMSWEEP_HD inline std::uint32_t plan_key_queue(std::uint32_t key, std::uint32_t planned_queue) {
    static_assert(kPlanRd == 0 && kPlanWr == 1, "a column command's code is its queue");
    const std::uint32_t command = (key >> 6) & 3u;
    return command <= kPlanWr ? command : planned_queue;
}

}  // namespace dramsweep::device
