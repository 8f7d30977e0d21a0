#pragma once
// The controller's decisions as small functions over plain data (docs/model.md, "DRAM"; the
// rule numbers are the ones there). The reference controller (src/dram/controller.cpp) and the
// batched engines (host and CUDA, include/dramsweep/engine/) call these same functions, so each
// rule is written once.

#include <concepts>
#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/policies.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram::rules {

// R4: the next command a queued request needs, given its bank's state. Under the closed policy
// R6 may still turn a column command into RDA/WRA when it issues (auto_precharge below).
DRAMSWEEP_HD inline Command next_command(bool bank_open, std::uint32_t open_row, std::uint32_t request_row,
                                         bool is_write) {
    if (!bank_open) return kAct;
    if (open_row != request_row) return kPre;
    return is_write ? kWr : kRd;
}

// R3: write drain with hysteresis. `draining` is the current mode; the result is the mode for
// queues holding `reads` and `writes` requests, counted in the caller's type (32 bits in the
// engines: the device compares them in one instruction each).
template <std::unsigned_integral Count>
DRAMSWEEP_HD inline bool write_mode_after(bool draining, Count reads, Count writes, std::uint32_t write_high,
                                          std::uint32_t write_low) {
    if (!draining) return writes >= write_high || (reads == 0 && writes > 0);
    return !(writes == 0 || (writes <= write_low && reads > 0));
}

// R5: after `cap` column commands to one activation (cap > 0), hits to the bank lose priority.
DRAMSWEEP_HD inline bool row_hit_cap_reached(std::uint32_t cap, std::uint32_t hits_since_act) {
    return cap > 0 && hits_since_act >= cap;
}

// R5: a row hit keeps its FR-FCFS priority unless the cap is reached while a conflict waits.
DRAMSWEEP_HD inline bool hit_has_priority(bool cap_reached, std::uint32_t others_waiting) {
    return !(cap_reached && others_waiting > 0);
}

// R4: under FR-FCFS a row with waiting hits is not closed for a conflicting request until the
// row-hit cap is reached; under every scheduler a row is not closed while its bank holds an
// activated request (R11).
DRAMSWEEP_HD inline bool precharge_allowed(bool frfcfs, std::uint32_t hits_waiting, bool cap_reached,
                                           bool holds_activated) {
    return !holds_activated && !(frfcfs && hits_waiting > 0 && !cap_reached);
}

// R11: a refresh closes its rank (PREA) or bank (PRE) only once no activated request waits there.
DRAMSWEEP_HD inline bool refresh_may_issue(Command refresh_command, bool activated_waiting) {
    return !(activated_waiting && (refresh_command == kPrea || refresh_command == kPre));
}

// R4/R5: the winner among the legal candidates, given the oldest legal row hit with priority and
// the oldest legal request of any kind (sequence numbers, `none` when there is none).
template <typename Seq>
DRAMSWEEP_HD inline Seq pick_request(bool frfcfs, Seq best_hit, Seq best_any, Seq none) {
    return frfcfs && best_hit != none ? best_hit : best_any;
}

// R6: under the closed policy a column command auto-precharges unless another queued request
// (either queue) wants the same row; under close_after the `close_after`-th column command of an
// activation (`accesses` counts this one) auto-precharges unless the bank holds an activated
// request other than the one served (R11).
DRAMSWEEP_HD inline Command with_auto_precharge(Command column, PagePolicy policy, bool row_wanted,
                                                bool other_activated, std::uint32_t accesses,
                                                std::uint32_t close_after) {
    bool closes = false;
    if (policy == PagePolicy::kClosed)
        closes = !row_wanted;
    else if (policy == PagePolicy::kCloseAfter)
        closes = accesses >= close_after && !other_activated;
    if (!closes || !is_column(column)) return column;
    return is_write(column) ? kWra : kRda;
}

// R2: the command a pending refresh needs: all-bank PREA while any bank of the rank is open,
// else REF; per-bank PRE while the bank is open, else REFpb.
DRAMSWEEP_HD inline Command refresh_command(bool all_bank, std::uint32_t rank_open_banks, bool bank_open) {
    if (all_bank) return rank_open_banks > 0 ? kPrea : kRef;
    return bank_open ? kPre : kRefPb;
}

// R6: the page policies under which a column command may auto-precharge.
DRAMSWEEP_HD inline bool may_auto_precharge(PagePolicy policy) {
    return policy == PagePolicy::kClosed || policy == PagePolicy::kCloseAfter;
}

// R2: the bank a pending refresh of a rank is for: the rank's first bank under all-bank refresh
// (a rank-wide command), the bank whose turn it is under per-bank refresh.
DRAMSWEEP_HD inline std::uint32_t refresh_target(bool all_bank, std::uint32_t rank_first_bank,
                                                 std::uint32_t refresh_bank) {
    return all_bank ? rank_first_bank : rank_first_bank + refresh_bank;
}

// R2: while its rank's refresh is pending a bank takes no request command (R11's activated
// requests aside): every bank of the rank under all-bank refresh, the refresh's bank under per-bank.
DRAMSWEEP_HD inline bool blocked_by_refresh(bool rank_pending, bool all_bank, std::uint32_t bank,
                                            std::uint32_t target) {
    return rank_pending && (all_bank || bank == target);
}

// R2 with R11: the command a rank's pending refresh needs now, and whether it may issue once
// legal (a row closes only after the activated requests it holds are served).
struct RefreshStep {
    Command command;
    bool may_issue;
};
DRAMSWEEP_HD inline RefreshStep refresh_step(bool all_bank, std::uint32_t rank_open_banks,
                                             std::uint32_t rank_activated_banks, bool target_open,
                                             bool target_activated) {
    const Command c = refresh_command(all_bank, rank_open_banks, target_open);
    const bool activated = all_bank ? rank_activated_banks > 0 : target_activated;
    return {c, refresh_may_issue(c, activated)};
}

// R7: under the timeout policy, the clock from which a bank's open row closes: page_timeout
// clocks after its last column command, and no earlier than PRE is legal (`pre_bound`); `never`
// while the bank is closed, a queued request hits its row or its rank's refresh is pending.
template <typename Clock>
DRAMSWEEP_HD Clock timeout_close_at(bool open, bool hit_waiting, bool refresh_pending, Clock last_column,
                                    std::uint32_t page_timeout, Clock pre_bound, Clock never) {
    if (!open || hit_waiting || refresh_pending) return never;
    const Clock deadline = last_column + static_cast<Clock>(page_timeout);
    return deadline > pre_bound ? deadline : pre_bound;
}

// R12: each backend counts, per queue, the requests held against its capacity (R9) and the
// write-drain thresholds (R3): a request counts from its acceptance until it leaves the queue, at
// its column command, or with an active buffer at its ACT (it then waits in its bank's entry of
// the buffer). Whether the ACT takes it out:
DRAMSWEEP_HD inline bool leaves_queue_at_act(ActiveBuffer buffer) {
    return buffer == ActiveBuffer::kPerBank;
}
// ... and whether its column command does (it had not left at an ACT).
DRAMSWEEP_HD inline bool leaves_queue_at_column(ActiveBuffer buffer, bool needed_act) {
    return !(needed_act && leaves_queue_at_act(buffer));
}

// R12: the requests a queue of `capacity` entries may hold at once, activated ones included: with
// an active buffer up to one more per bank of the channel.
DRAMSWEEP_HD inline std::uint32_t queue_slots(ActiveBuffer buffer, std::uint32_t capacity,
                                              std::uint32_t banks_per_channel) {
    return buffer == ActiveBuffer::kPerBank ? capacity + banks_per_channel : capacity;
}

// R13: the command buses. A clock's first command is chosen among all candidates by the rules
// above; with row and column buses a second one may follow in the same clock, on the bus the
// first left free, chosen by the same rules among that bus's candidates and the state after the
// first (the write mode stays the clock's). kAnyBus: no restriction (the first choice).
enum class BusFilter : std::uint8_t { kAnyBus, kRowBus, kColumnBus };
DRAMSWEEP_HD constexpr bool carries_row_commands(BusFilter bus) {
    return bus != BusFilter::kColumnBus;
}
DRAMSWEEP_HD constexpr bool carries_column_commands(BusFilter bus) {
    return bus != BusFilter::kRowBus;
}
DRAMSWEEP_HD inline bool on_bus(Command c, BusFilter bus) {
    return is_column(c) ? carries_column_commands(bus) : carries_row_commands(bus);
}
// Whether a clock may issue a second command, and the bus its first command `first` left free.
DRAMSWEEP_HD inline bool second_command_possible(CommandBuses buses) {
    return buses == CommandBuses::kRowColumn;
}
DRAMSWEEP_HD inline BusFilter bus_left_free(Command first) {
    return is_column(first) ? BusFilter::kRowBus : BusFilter::kColumnBus;
}

// R14: whether a column command chosen at `now` finds its rank's WCK stopped (`synced_until`: the
// first clock it no longer runs); such a command is a CAS at `now` and the RD or WR at now + 1.
// On demand a rank's WCK is stopped from the start, and a RD or WR at clock t keeps it running
// through its last data beat, t + latency (CL, CWL) + BL/2 (wck_run_clocks less one), so that a
// column command up to that clock needs no CAS (Ramulator 2's LPDDR5). Always on, it never stops:
// the rank's first stop is `never`, the end of the backend's clock, and no column command needs
// a CAS, with no test of the mode on the way. (Clock: the backend's; the device's is signed.)
template <typename Clock>
DRAMSWEEP_HD Clock wck_first_stop(WckSync mode, Clock never) {
    return mode == WckSync::kOnDemand ? Clock{0} : never;
}
template <typename Clock>
DRAMSWEEP_HD bool wck_stopped(Clock now, Clock synced_until) {
    return now >= synced_until;
}
// The clock at which `command`, chosen at `now`, issues: the next one when a CAS precedes it.
template <typename Clock>
DRAMSWEEP_HD Clock command_clock(Command command, Clock now, Clock synced_until) {
    return is_column(command) && wck_stopped(now, synced_until) ? static_cast<Clock>(now + 1) : now;
}
DRAMSWEEP_HD inline std::uint32_t wck_run_clocks(std::uint32_t latency, std::uint32_t nBL) {
    return latency + nBL + 1;
}

// R1: clocks between refresh commands of one rank, and the first due time of rank r of R
// (ranks staggered evenly over one interval).
DRAMSWEEP_HD inline std::uint32_t refresh_interval(bool per_bank, std::uint32_t nREFI,
                                                   std::uint32_t banks_per_rank) {
    return per_bank ? nREFI / banks_per_rank : nREFI;
}
// With RefreshRanks::kSimultaneous every rank is first due at one interval.
DRAMSWEEP_HD inline std::uint64_t first_refresh_due(std::uint32_t interval, std::uint32_t rank,
                                                    std::uint32_t ranks, RefreshRanks when) {
    if (when == RefreshRanks::kSimultaneous) return interval;
    return std::uint64_t{interval * (rank + 1) / ranks};
}

// R8: clocks from a RD (RDA) to its data handed back: the last beat ends CL + BL/2 clocks after
// the command; the data is handed back then (kLastBeat) or one clock later (kAfterLastBeat).
DRAMSWEEP_HD inline std::uint32_t read_return_delay(ReadReturn when, std::uint32_t nCL, std::uint32_t nBL) {
    return nCL + nBL + (when == ReadReturn::kAfterLastBeat ? 1u : 0u);
}

// tFAW: the earliest clock of a rank's next ACT, given the ring of its last four ACTs.
template <typename Clock>
DRAMSWEEP_HD Clock faw_bound(const Clock (&act_history)[4], std::uint32_t act_count,
                             std::uint32_t faw_clocks) {
    // The slot about to be overwritten holds the fourth most recent ACT.
    return act_count >= 4 ? static_cast<Clock>(act_history[act_count % 4] + faw_clocks) : Clock{0};
}

}  // namespace dramsweep::dram::rules
