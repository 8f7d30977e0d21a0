#pragma once
// One channel controller of the device engine, over a Lanes policy (lanes.hpp): the reference
// controller's clock (src/dram/controller.cpp) with each bank's state in the thread that holds it.
// The decisions are the shared rule functions (dram/rules.hpp), the state changes the shared
// effects (dram/command_effects.hpp), the order of every step the reference's; what differs is
// the layout and the search: every bank evaluates its own request key and the keys are folded
// with one minimum (plan_key.hpp explains why it gives the reference's choice).
//
// The request a channel issues next is planned (replan): the first clock at or after a given one
// at which a request of the active queue is legal, and which request it is then, as the
// reference would choose it (R3-R5) if nothing changed in between. The plan is made once per
// change (a command, an accepted request) at the end of the clock, for the next clock on; a tick
// at the planned clock issues it without searching again, and the planned clock is the channel's
// next event (R10). While a refresh is pending or under the timeout policy, where every clock
// the reference evaluates must be evaluated, the plan is made at each tick for that clock.
//
// A tick is three phases with a sync between them, so that whatever one thread writes to shared
// memory is read by the others only after a sync:
//   1. choose (read only): hand back reads (R8), mark refreshes due (R1), the write mode (R3),
//      then the command: refresh (R2), the planned request (R4/R5), a timeout precharge (R7);
//   2. issue: the timing bounds in every bank, the command's effect on its bank (its thread) and
//      rank (the leader);
//   3. after the clock's acceptances (settle): the plan for the next clock on.

#include <cstdint>

#include "dramsweep/common/bits.hpp"
#include "dramsweep/common/hd.hpp"
#include "dramsweep/device/device_state.hpp"
#include "dramsweep/device/plan_key.hpp"
#include "dramsweep/dram/clock.hpp"
#include "dramsweep/dram/command_effects.hpp"
#include "dramsweep/dram/issue_command.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/results/latency.hpp"

namespace dramsweep::device {

// What one bank holds for the plan: the clock its oldest row hit becomes legal and the clock its
// oldest other request does (kNever32: none, or not a candidate), and the clock its activated
// request's column command becomes legal (R11), each with its plan key (plan_key.hpp).
struct BankCandidates {
    Clock32 hit_ready = kNever32, other_ready = kNever32, act_ready = kNever32;
    std::uint32_t hit_key = kNoPlanKey, other_key = kNoPlanKey, act_key = kNoPlanKey;
};

// `Rules`: AllRules or BaseRules (device_state.hpp), the rules compiled in.
template <typename Lanes, typename Rules = AllRules>
class DeviceChannel {
public:
    using Banks = typename Lanes::template PerBank<BankLane>;

    // `renumber_at`: the sequence number at which the queued requests are renumbered (at most
    // kPlanSeqLimit; tests make it small so that a short run renumbers often).
    DRAMSWEEP_HD DeviceChannel(const Lanes& lanes, const DeviceParams& p, const ChannelView& view,
                               ChannelUniform& u, Banks& banks, std::uint32_t renumber_at = kPlanSeqLimit)
        : lanes_(lanes), p_(p), v_(view), u_(u), banks_(banks), renumber_at_(renumber_at) {}

    // A fresh channel at relative clock 0 = absolute clock `base`.
    DRAMSWEEP_HD void init(std::uint64_t base) {
        u_ = ChannelUniform{};
        u_.next_event = 0;
        u_.next_return = kNever32;
        u_.plan_at = kNever32;
        u_.plan_stale = 1;
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t) {
            BankLane& b = banks_[e];
            b = BankLane{};
            for (std::uint32_t n = 0; n < kBoundCommands; ++n) b.bound[n] = kFarPast;
            b.rec.last_column = kFarPast;
            b.sum[0] = b.sum[1] = LaneSummary{kNoSeq, kNoSeq, 0, 0, 0, 0};
        });
        lanes_.leader([&] {
            ChannelShared& s = *v_.shared;
            s.counters = results::DramCounters{};
            s.ticks = 0;
            s.read_latency_max = 0;
            for (std::uint32_t r = 0; r < kMaxRanks; ++r) {
                s.ranks[r] = dram::RankRecordT<Clock32>{};
                for (Clock32& t : s.ranks[r].act_history) t = kFarPast;
                s.ranks[r].faw_bound = kFarPast;
                s.ranks[r].wck_synced_until = dram::rules::wck_first_stop(p_.wck_sync, kNever32);
                s.ranks[r].state_since = base;
                s.ranks[r].refresh_due = r < p_.ranks
                                             ? static_cast<Clock32>(dram::rules::first_refresh_due(
                                                   p_.refresh_interval, r, p_.ranks, p_.refresh_ranks))
                                             : kNever32;
            }
        });
        lanes_.sync();
        find_next_refresh();
    }

    DRAMSWEEP_HD bool can_accept(bool is_write) const {
        return is_write ? u_.held[1] < p_.write_queue : u_.held[0] < p_.read_queue;
    }

    // Rule R9: enqueues a decoded request accepted at `now` (`now_abs` its absolute clock).
    DRAMSWEEP_HD void accept(std::uint32_t request, Clock32 now, std::uint64_t now_abs) {
        with_queue(request_is_write(request) ? 1 : 0,
                   [&](auto queue) { accept_into<decltype(queue)::value>(request, now, now_abs); });
    }

    // One clock at `now` (`now_abs` absolute): reads handed back, at most one command. Its
    // next event is final after settle().
    DRAMSWEEP_HD dram::TickCounts tick(Clock32 now, std::uint64_t now_abs, std::uint32_t* latency_counts) {
        dram::TickCounts counts;
        u_.next_event = kNever32;
        counts.reads_returned = hand_back_reads(now, now_abs, latency_counts);
        mark_refresh_due(now);
        u_.write_mode = next_write_mode();
        // The plan stands unless a change, a refresh pending or the timeout policy needs it made
        // for this clock; an activated request it names comes before refresh (R11).
        if (u_.plan_stale != 0 || every_clock() || u_.plan_at < now) replan(now, u_.write_mode);
        Choice choice;
        const bool chosen = choose_planned(now, true, choice) || choose_refresh(now, choice) ||
                            choose_planned(now, false, choice) || choose_timeout_precharge(now, choice);
        if (!chosen) return counts;
        lanes_.sync();  // phase 2 writes what phase 1 read
        counts.writes_issued = issue(choice, now, now_abs);
        lanes_.sync();
        // Rule R13: with row and column buses, a second command on the bus the first left free.
        if constexpr (Rules::kSecondCommand)
            if (dram::rules::second_command_possible(p_.command_buses))
                counts.writes_issued += issue_second(now, now_abs, choice.command);
        u_.plan_stale = 1;
        if (every_clock()) note_event(now + 1);
        return counts;
    }

    // Rule R10 at the end of clock `now`, after its acceptances: the plan for the next clock on
    // and with it the next event.
    DRAMSWEEP_HD void settle(Clock32 now) {
        if (every_clock()) return;  // the tick's and the acceptances' notes stand
        const std::uint32_t next_mode = next_write_mode();
        if (u_.plan_stale != 0) replan(now + 1, next_mode);
        u_.next_event = u_.plan_at < u_.next_refresh ? u_.plan_at : u_.next_refresh;
        // Rule R3 changes the write mode at the next tick, whether or not a command is due then:
        // that clock is evaluated, or a later acceptance would be judged in the old mode.
        if (next_mode != u_.write_mode) u_.next_event = now + 1;
    }

    DRAMSWEEP_HD Clock32 next_event() const { return u_.next_event; }
    DRAMSWEEP_HD Clock32 next_return() const { return u_.next_return; }

    // The relative clocks move back by `delta` (the base moved forward by it). Call between syncs.
    DRAMSWEEP_HD void rebase(std::int64_t delta) {
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t) {
            BankLane& b = banks_[e];
            b.rec.last_column = rebased(b.rec.last_column, delta);
            for (Clock32& t : b.bound) t = rebased(t, delta);
        });
        u_.next_event = rebased(u_.next_event, delta);
        u_.next_return = rebased(u_.next_return, delta);
        u_.next_refresh = rebased(u_.next_refresh, delta);
        u_.plan_at = rebased(u_.plan_at, delta);
        lanes_.leader([&] {
            for (dram::RankRecordT<Clock32>& r : v_.shared->ranks) {
                for (Clock32& t : r.act_history) t = rebased(t, delta);
                r.faw_bound = rebased(r.faw_bound, delta);
                r.refresh_due = rebased(r.refresh_due, delta);
                r.wck_synced_until = rebased(r.wck_synced_until, delta);
            }
            for (std::uint32_t i = 0; i < u_.return_count; ++i) {
                DeviceReturn& ret = v_.returns[(u_.return_head + i) & v_.return_mask];
                ret.when = rebased(ret.when, delta);
            }
        });
        lanes_.sync();
    }

private:
    struct Choice {
        dram::Command command = dram::kAct;
        std::uint32_t bank = 0;
        std::uint32_t slot = 0;
        bool from_queue = false;  // a request's command (else refresh or page policy)
        std::uint32_t queue = 0;  // its queue (0 reads, 1 writes)
    };

    static DRAMSWEEP_HD std::uint64_t bit64(std::uint32_t i) { return bits::bit(i); }
    static DRAMSWEEP_HD std::uint32_t lowest_set(std::uint64_t m) { return bits::lowest_bit(m); }
    static DRAMSWEEP_HD std::uint32_t lowest_zero(std::uint64_t m) { return bits::lowest_bit(~m); }

    DRAMSWEEP_HD void note_event(Clock32 t) {
        if (t < u_.next_event) u_.next_event = t;
    }
    // While a refresh is pending, and under the timeout policy, every clock after a change is
    // evaluated (the plan covers neither refresh nor timeouts).
    DRAMSWEEP_HD bool every_clock() const {
        return u_.pending_ranks != 0 || p_.page_policy == dram::PagePolicy::kTimeout;
    }
    DRAMSWEEP_HD bool wck_on_demand() const { return p_.wck_sync == dram::WckSync::kOnDemand; }
    // Rule R3 as the next tick computes it from the queues as they are.
    DRAMSWEEP_HD std::uint32_t next_write_mode() const {
        return write_mode_after(u_.write_mode != 0) ? 1u : 0u;
    }
    DRAMSWEEP_HD bool write_mode_after(bool draining) const {
        return dram::rules::write_mode_after(draining, u_.held[0], u_.held[1], p_.write_high, p_.write_low);
    }
    DRAMSWEEP_HD std::uint32_t rank_of(std::uint32_t bank) const { return bank >> p_.rank_shift; }
    // Queue q's entries (a choice of pointer: the view's array held in registers takes no index
    // known only at run time).
    DRAMSWEEP_HD DeviceEntry* queue_of(std::uint32_t q) const { return q != 0 ? v_.queue[1] : v_.queue[0]; }
    DRAMSWEEP_HD const dram::RankRecordT<Clock32>& rank(std::uint32_t r) const { return v_.shared->ranks[r]; }

    // The bound of command c at bank `bank` (held in `b`): its pair-rule bound, and tFAW for ACT.
    DRAMSWEEP_HD Clock32 earliest(const BankLane& b, dram::Command c, std::uint32_t bank) const {
        const Clock32 e = bound_of(b, c);
        if (c != dram::kAct) return e;
        const Clock32 faw = rank(rank_of(bank)).faw_bound;
        return faw > e ? faw : e;
    }

    DRAMSWEEP_HD bool blocked_by_refresh(std::uint32_t bank) const {
        const std::uint32_t r = rank_of(bank);
        const bool all_bank = p_.refresh == dram::RefreshMode::kAllBank;
        return dram::rules::blocked_by_refresh(
            ((u_.pending_ranks >> r) & 1u) != 0, all_bank, bank,
            dram::rules::refresh_target(all_bank, r << p_.rank_shift, rank(r).refresh_bank));
    }

    template <int Q>
    DRAMSWEEP_HD void accept_into(std::uint32_t request, Clock32 now, std::uint64_t now_abs) {
        const bool is_write = Q != 0;
        if (u_.next_seq >= renumber_at_) renumber();
        const std::uint32_t bank = request_bank(request), row = request_row(request);
        const std::uint32_t slot = lowest_zero(u_.used[Q]);
        const std::uint32_t seq = u_.next_seq++;
        lanes_.leader([&] {
            v_.queue[Q][slot] = DeviceEntry{static_cast<std::uint32_t>(now_abs), seq, row,
                                            static_cast<std::uint8_t>(bank),     0,   0,
                                            static_cast<std::uint8_t>(Q)};
        });
        u_.used[Q] |= bit64(slot);
        ++u_.held[Q];
        lanes_.at_bank(bank, [&](std::uint32_t e) {
            BankLane& b = banks_[e];
            b.slots[Q] |= bit64(slot);
            LaneSummary& s = b.sum[Q];
            // The newest request is the oldest of its kind only when it is the first.
            if (b.rec.open != 0 && b.rec.row == row) {
                if (s.hits++ == 0) {
                    s.oldest_hit = seq;
                    s.hit_slot = static_cast<std::uint8_t>(slot);
                }
            } else if (s.others++ == 0) {
                s.oldest_other = seq;
                s.other_slot = static_cast<std::uint8_t>(slot);
            }
        });
        u_.plan_stale = 1;
        if (!every_clock()) return;  // settle() plans
        // Rule R10: the new request may issue from the next clock on; a change of write mode at
        // the next tick may make the other queue's requests candidates, so that clock is evaluated.
        const bool draining = u_.write_mode != 0;
        if (write_mode_after(draining) != draining) {
            note_event(now + 1);
        } else {
            const Clock32 e = lanes_.from_bank(bank, [&](std::uint32_t el) {
                const BankLane& b = banks_[el];
                const dram::Command c = dram::rules::next_command(b.rec.open != 0, b.rec.row, row, is_write);
                return earliest(b, c, bank);
            });
            note_event(e > now + 1 ? e : now + 1);
        }
    }

    // Rule R8: reads whose data is back by `now`.
    DRAMSWEEP_HD std::uint32_t hand_back_reads(Clock32 now, std::uint64_t now_abs,
                                               std::uint32_t* latency_counts) {
        std::uint32_t returned = 0;
        while (u_.next_return <= now) {
            const DeviceReturn r = v_.returns[u_.return_head & v_.return_mask];
            // The return clock, absolute modulo 2^32, less the arrival: the exact latency.
            const auto when = static_cast<std::uint32_t>(now_abs - static_cast<std::uint64_t>(now - r.when));
            const std::uint32_t latency = when - r.arrival;
            lanes_.leader([&] {
                ChannelShared& s = *v_.shared;
                dram::read_returned(latency, s.counters);
                if (latency > s.read_latency_max) s.read_latency_max = latency;
                lanes_.count(&latency_counts[results::latency_slot(latency)]);
            });
            ++u_.return_head;
            --u_.return_count;
            ++returned;
            u_.next_return =
                u_.return_count > 0 ? v_.returns[u_.return_head & v_.return_mask].when : kNever32;
        }
        return returned;
    }

    // The earliest due clock of the ranks with no refresh pending (rule R1 falls due there).
    DRAMSWEEP_HD void find_next_refresh() {
        u_.next_refresh = kNever32;
        if (p_.refresh == dram::RefreshMode::kOff) return;
        for (std::uint32_t r = 0; r < p_.ranks; ++r)
            if (((u_.pending_ranks >> r) & 1u) == 0 && rank(r).refresh_due < u_.next_refresh)
                u_.next_refresh = rank(r).refresh_due;
    }

    // Rule R1. The ranks' pending refreshes are the uniform mask; the due clocks are shared.
    DRAMSWEEP_HD void mark_refresh_due(Clock32 now) {
        if (now < u_.next_refresh) {
            note_event(u_.next_refresh);
            return;
        }
        for (std::uint32_t r = 0; r < p_.ranks; ++r)
            if (((u_.pending_ranks >> r) & 1u) == 0 && now >= rank(r).refresh_due)
                u_.pending_ranks |= 1u << r;
        find_next_refresh();
        note_event(u_.next_refresh);
    }

    // Rule R2: a pending refresh comes first, ranks in order; its row closes once the activated
    // requests there are served (R11).
    DRAMSWEEP_HD bool choose_refresh(Clock32 now, Choice& out) {
        if (u_.pending_ranks == 0) return false;
        const bool all_bank = p_.refresh == dram::RefreshMode::kAllBank;
        for (std::uint32_t r = 0; r < p_.ranks; ++r) {
            if (((u_.pending_ranks >> r) & 1u) == 0) continue;
            const std::uint32_t bank =
                dram::rules::refresh_target(all_bank, r << p_.rank_shift, rank(r).refresh_bank);
            // The target bank's open and activated flags, as bits 0 and 1.
            const std::uint32_t flags = lanes_.from_bank(bank, [&](std::uint32_t e) {
                const dram::BankRecordT<Clock32>& b = banks_[e].rec;
                return (b.open != 0 ? 1u : 0u) | (b.activated != 0 ? 2u : 0u);
            });
            const dram::rules::RefreshStep step = dram::rules::refresh_step(
                all_bank, rank(r).open_banks, rank(r).activated_banks, (flags & 1u) != 0, (flags & 2u) != 0);
            if (!step.may_issue) continue;
            const Clock32 e =
                lanes_.from_bank(bank, [&](std::uint32_t el) { return bound_of(banks_[el], step.command); });
            if (e <= now) {
                out = Choice{step.command, bank, 0, false};
                return true;
            }
            note_event(e);
        }
        return false;
    }

    // Rules R4/R5, part (a): the candidates one bank of queue Q holds, and when each is legal;
    // under strict FCFS only the queue's oldest request, `oldest`, is one. R11: the bank's
    // activated request (an oldest row hit, of either queue) whatever refresh is pending.
    template <int Q>
    DRAMSWEEP_HD BankCandidates candidates(const BankLane& b, std::uint32_t bank,
                                           std::uint32_t oldest) const {
        BankCandidates k;
        if (b.rec.activated != 0) {
            const bool write = b.rec.activated == 2;
            k.act_ready = write ? b.bound[kBoundWr] : b.bound[kBoundRd];
            k.act_key = write ? plan_key(kPlanActivated, b.sum[1].oldest_hit, kPlanWr, b.sum[1].hit_slot)
                              : plan_key(kPlanActivated, b.sum[0].oldest_hit, kPlanRd, b.sum[0].hit_slot);
        }
        const LaneSummary& s = b.sum[Q];
        if (s.hits + s.others == 0 || blocked_by_refresh(bank)) return k;
        const bool cap_reached = dram::rules::row_hit_cap_reached(p_.row_hit_cap, b.rec.hits_since_act);
        const bool frfcfs = p_.scheduler == dram::Scheduler::kFrFcfs;
        const bool strict = p_.scheduler == dram::Scheduler::kStrictFcfs;
        if (s.hits > 0 && (!strict || s.oldest_hit == oldest)) {
            k.hit_ready = b.bound[Q != 0 ? kBoundWr : kBoundRd];
            // Rule R5: once capped, a hit loses its priority to the waiting conflict.
            k.hit_key = plan_key(hit_class(frfcfs, dram::rules::hit_has_priority(cap_reached, s.others)),
                                 s.oldest_hit, Q != 0 ? kPlanWr : kPlanRd, s.hit_slot);
        }
        // Rule R4 (FR-FCFS): a row with waiting hits is not closed for a conflicting request
        // until the row-hit cap is reached.
        if (s.others > 0 && (!strict || s.oldest_other == oldest) &&
            (b.rec.open == 0 ||
             dram::rules::precharge_allowed(frfcfs, s.hits, cap_reached, b.rec.activated != 0))) {
            k.other_ready = b.rec.open != 0 ? b.bound[kBoundPre] : earliest(b, dram::kAct, bank);
            k.other_key =
                plan_key(kPlanAny, s.oldest_other, b.rec.open != 0 ? kPlanPre : kPlanAct, s.other_slot);
        }
        return k;
    }

    // Part (b), the plan: the first clock at or after `from` with a legal request in the queue
    // that write mode `mode` serves (the next tick's, next_write_mode(); a tick's own once it
    // has set it: R3 gives the same mode again for the same queues, as write_low < write_high),
    // and the reference's choice among the requests legal then.
    DRAMSWEEP_HD void replan(Clock32 from, std::uint32_t mode) {
        lanes_.sync();  // the plan reads the winner's queue entry, which the leader may just have written
        u_.plan_stale = 0;
        u_.plan_at = kNever32;
        with_queue(mode, [&](auto queue) { replan_in<decltype(queue)::value>(from); });
    }

    // Rule R13: the clock's second command, on the bus the first (`first`) left free, chosen by
    // the same rules in the same order among that bus's commands, against the state after the
    // first, in the clock's write mode: a plan for `now` over the candidates on that bus (an
    // activated request's or a row hit's column command, or another request's row command),
    // refresh (R2) and timeout precharges (R7) on the row bus. The plan it leaves is stale.
    DRAMSWEEP_HD std::uint32_t issue_second(Clock32 now, std::uint64_t now_abs, dram::Command first) {
        using dram::rules::BusFilter;
        Choice second;
        bool chosen = false;
        u_.plan_at = kNever32;
        if (dram::rules::bus_left_free(first) == BusFilter::kColumnBus) {
            with_queue(u_.write_mode,
                       [&](auto queue) { replan_in<decltype(queue)::value, BusFilter::kColumnBus>(now); });
            chosen = choose_planned(now, false, second);
        } else {
            chosen = choose_refresh(now, second);
            if (!chosen) {
                with_queue(u_.write_mode,
                           [&](auto queue) { replan_in<decltype(queue)::value, BusFilter::kRowBus>(now); });
                chosen = choose_planned(now, false, second) || choose_timeout_precharge(now, second);
            }
        }
        if (!chosen) return 0;
        lanes_.sync();  // the issue writes what the choice read
        const std::uint32_t writes = issue(second, now, now_abs);
        lanes_.sync();
        return writes;
    }

    // `Bus`: only the candidates whose command rides that bus (rule R13's second command).
    template <int Q, dram::rules::BusFilter Bus = dram::rules::BusFilter::kAnyBus>
    DRAMSWEEP_HD void replan_in(Clock32 from) {
        if (u_.used[Q] == 0 && u_.activated == 0) return;
        std::uint32_t oldest = kNoSeq;
        if (p_.scheduler == dram::Scheduler::kStrictFcfs) {
            lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t) {
                const LaneSummary& s = banks_[e].sum[Q];
                if (s.oldest_hit < oldest) oldest = s.oldest_hit;
                if (s.oldest_other < oldest) oldest = s.oldest_other;
            });
            oldest = lanes_.min(oldest);
        }
        BankCandidates mine[Lanes::kPerThread];
        Clock32 first = kNever32;
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t bank) {
            mine[e] = candidates<Q>(banks_[e], bank, oldest);
            if constexpr (!dram::rules::carries_column_commands(Bus))
                mine[e].hit_ready = mine[e].act_ready = kNever32;
            if constexpr (!dram::rules::carries_row_commands(Bus)) mine[e].other_ready = kNever32;
            Clock32 ready = mine[e].hit_ready < mine[e].other_ready ? mine[e].hit_ready : mine[e].other_ready;
            if (mine[e].act_ready < ready) ready = mine[e].act_ready;
            if (ready < first) first = ready;
        });
        first = lanes_.min(first);
        if (first == kNever32) return;
        // Rule R13's second command is for clock `from` only: a later one is no plan, and the
        // channel's next event needs none (settle plans again, or every clock is evaluated).
        if constexpr (Bus != dram::rules::BusFilter::kAnyBus)
            if (first > from) return;
        const Clock32 at = first > from ? first : from;
        // The reference's choice among the requests legal at `at` (R11, then R4/R5): the least
        // plan key, which also says where the winner is and the command it needs.
        std::uint32_t best = kNoPlanKey;
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t) {
            const BankCandidates& k = mine[e];
            if (k.act_ready <= at && k.act_key < best) best = k.act_key;
            if (k.hit_ready <= at && k.hit_key < best) best = k.hit_key;
            if (k.other_ready <= at && k.other_key < best) best = k.other_key;
        });
        best = lanes_.min(best);
        const std::uint32_t slot = plan_key_slot(best), queue = plan_key_queue(best, Q);
        const std::uint32_t bank = queue_of(queue)[slot].bank;
        u_.plan_at = at;
        u_.plan = bank | slot << 8 | static_cast<std::uint32_t>(plan_key_command(best)) << 16 | queue << 24 |
                  (plan_key_activated(best) ? 1u << 25 : 0u);
    }

    // Rules R4/R5 (and R11 when `activated`: only an activated request) at a tick: the planned
    // request if its clock has come.
    DRAMSWEEP_HD bool choose_planned(Clock32 now, bool activated, Choice& out) {
        if (u_.plan_at != now) {
            if (!activated) note_event(u_.plan_at);
            return false;
        }
        if (activated && (u_.plan >> 25) == 0) return false;
        out = Choice{static_cast<dram::Command>((u_.plan >> 16) & 0xffu), u_.plan & 0xffu,
                     (u_.plan >> 8) & 0xffu, true, (u_.plan >> 24) & 1u};
        return true;
    }

    // Rule R7: under the timeout policy an open row that no queued request wants closes once it
    // has seen no column command for page_timeout clocks (lowest bank first).
    DRAMSWEEP_HD bool choose_timeout_precharge(Clock32 now, Choice& out) {
        if (p_.page_policy != dram::PagePolicy::kTimeout) return false;
        const auto close_at = [&](const BankLane& b, std::uint32_t bank) {
            return dram::rules::timeout_close_at(b.rec.open != 0, b.sum[0].hits + b.sum[1].hits > 0,
                                                 ((u_.pending_ranks >> rank_of(bank)) & 1u) != 0,
                                                 b.rec.last_column, p_.page_timeout, b.bound[kBoundPre],
                                                 kNever32);
        };
        const std::uint64_t legal = lanes_.bank_mask(
            p_.banks_per_channel,
            [&](std::uint32_t e, std::uint32_t bank) { return close_at(banks_[e], bank) <= now; });
        if (legal != 0) {
            out = Choice{dram::kPre, lowest_set(legal), 0, false};
            return true;
        }
        Clock32 next = kNever32;
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t bank) {
            const Clock32 t = close_at(banks_[e], bank);
            if (t < next) next = t;
        });
        note_event(lanes_.min(next));
        return false;
    }

    // The queued requests' sequence numbers as 0, 1, ... in their order, so that a plan key's
    // kPlanSeqBits hold them (the order is all the rules use). Rare: once per renumber_at_
    // acceptances, on the leader, with no storage beside the queues: the oldest request not yet
    // renumbered takes the next number, tagged in bit 31 (live numbers are below kPlanSeqLimit).
    DRAMSWEEP_HD void renumber() {
        constexpr std::uint32_t kTag = 1u << 31;
        lanes_.sync();  // every thread has read the queues before the leader rewrites them
        lanes_.leader([&] {
            // f(entry) for every queued request of both queues.
            const auto each_entry = [&](auto&& f) {
                for (std::uint64_t m = u_.used[0]; m != 0; m &= m - 1) f(v_.queue[0][lowest_set(m)]);
                for (std::uint64_t m = u_.used[1]; m != 0; m &= m - 1) f(v_.queue[1][lowest_set(m)]);
            };
            for (std::uint32_t next = 0;; ++next) {
                DeviceEntry* oldest = nullptr;
                each_entry([&](DeviceEntry& entry) {
                    if ((entry.seq & kTag) == 0 && (oldest == nullptr || entry.seq < oldest->seq))
                        oldest = &entry;
                });
                if (oldest == nullptr) break;
                oldest->seq = kTag | next;
            }
            each_entry([&](DeviceEntry& entry) { entry.seq &= ~kTag; });
        });
        u_.next_seq = bits::count(u_.used[0]) + bits::count(u_.used[1]);
        lanes_.sync();
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t) {
            summarize<0>(banks_[e]);
            summarize<1>(banks_[e]);
        });
    }

    // Recounts a bank's requests in queue Q as row hits or not, with the oldest of each.
    template <int Q>
    DRAMSWEEP_HD void summarize(BankLane& b) const {
        LaneSummary s{kNoSeq, kNoSeq, 0, 0, 0, 0};
        for (std::uint64_t m = b.slots[Q]; m != 0; m &= m - 1) {
            const std::uint32_t slot = lowest_set(m);
            const DeviceEntry& entry = v_.queue[Q][slot];
            if (b.rec.open != 0 && entry.row == b.rec.row) {
                ++s.hits;
                if (entry.seq < s.oldest_hit) {
                    s.oldest_hit = entry.seq;
                    s.hit_slot = static_cast<std::uint8_t>(slot);
                }
            } else {
                ++s.others;
                if (entry.seq < s.oldest_other) {
                    s.oldest_other = entry.seq;
                    s.other_slot = static_cast<std::uint8_t>(slot);
                }
            }
        }
        b.sum[Q] = s;
    }

    // Closes `bank` if open (its thread), and accounts its rank's standby (the leader).
    DRAMSWEEP_HD void close(std::uint32_t bank, std::uint64_t now_abs) {
        const bool was_open =
            lanes_.from_bank(bank, [&](std::uint32_t e) { return banks_[e].rec.open != 0; });
        if (!was_open) return;
        lanes_.at_bank(bank, [&](std::uint32_t e) {
            dram::deactivate_bank(banks_[e].rec);
            summarize<0>(banks_[e]);
            summarize<1>(banks_[e]);
        });
        lanes_.leader([&] {
            dram::note_open_banks(v_.shared->ranks[rank_of(bank)], false, now_abs, v_.shared->counters);
        });
    }

    // The pair rules of timing.hpp after command c to `target`, in every bank at once. A
    // rank-wide command is "same bank" to every bank of its rank.
    DRAMSWEEP_HD void apply_timing(dram::Command c, std::uint32_t target, Clock32 now) {
        const std::uint32_t t_rank = rank_of(target), t_group = target >> p_.group_shift;
        const bool rank_wide = dram::is_rank_command(c);
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t bank) {
            const std::uint32_t r = rank_of(bank);
            const dram::Scope scope = r != t_rank                           ? dram::kOtherRank
                                      : rank_wide                           ? dram::kSameBank
                                      : (bank >> p_.group_shift) != t_group ? dram::kSameRank
                                      : bank == target                      ? dram::kSameBank
                                                                            : dram::kSameBankGroup;
            const GapRow row = p_.gap[c][scope];
            BankLane& b = banks_[e];
            // A gap of 0 raises a bound to `now` at most, which changes nothing: every later
            // question is about a clock after now.
            for (std::uint32_t n = 0; n < kBoundCommands; ++n) {
                const Clock32 t = now + row.gap[n];
                if (t > b.bound[n]) b.bound[n] = t;
            }
        });
    }

    // Rule R14: a CAS issued, and no command before `free_at`: every bank's bounds are raised to
    // it (the reference's check of the bus at the start of a tick, written as bounds).
    DRAMSWEEP_HD void hold_command_bus(Clock32 free_at) {
        lanes_.each_bank(p_.banks_per_channel, [&](std::uint32_t e, std::uint32_t) {
            for (Clock32& t : banks_[e].bound)
                if (t < free_at) t = free_at;
        });
        lanes_.leader([&] { ++v_.shared->counters.wck_syncs; });
    }

    // The device's layout for dram::issue_command (issue_command.hpp): the bank's part of each
    // effect on the thread that holds the bank, the rank's and the channel's on the leader.
    template <int Q>
    class Issuing {
    public:
        DRAMSWEEP_HD Issuing(DeviceChannel& ch, const Choice& choice, Clock32 now, std::uint64_t now_abs)
            : ch_(ch),
              choice_(choice),
              now_(now),
              now_abs_(now_abs),
              rank_(ch.rank_of(choice.bank)),
              req_(choice.from_queue ? &ch.v_.queue[Q][choice.slot] : nullptr) {}

        DRAMSWEEP_HD std::uint32_t target() const { return choice_.bank; }
        // A column command is to the open row, so the bank's row hits in both queues are the
        // requests wanting it: the one served and any other.
        DRAMSWEEP_HD dram::AutoPrechargeInputs auto_precharge_inputs() const {
            const bool for_activation = req_->needed_act != 0;
            // Bit 0: the row is wanted; bit 1: another request is activated; above: the accesses.
            const std::uint32_t packed = ch_.lanes_.from_bank(choice_.bank, [&](std::uint32_t e) {
                const BankLane& b = ch_.banks_[e];
                return (b.sum[0].hits + b.sum[1].hits > 1 ? 1u : 0u) |
                       (b.rec.activated != 0 && !for_activation ? 2u : 0u) | (b.rec.hits_since_act + 1) << 2;
            });
            return {(packed & 1u) != 0, (packed & 2u) != 0, packed >> 2};
        }
        // Rule R14: the rank's WCK state is shared; the leader writes it.
        DRAMSWEEP_HD void keep_wck_running(bool is_write) {
            if constexpr (!Rules::kWckSync) return;
            if (!ch_.wck_on_demand()) return;
            const Clock32 until =
                now_ + static_cast<Clock32>(is_write ? ch_.p_.wck_write_run : ch_.p_.wck_read_run);
            ch_.lanes_.sync();  // every thread has read the rank's WCK state (issue) before it changes
            ch_.lanes_.leader([&] { dram::keep_wck_running(ch_.v_.shared->ranks[rank_], until); });
        }
        DRAMSWEEP_HD void apply_timing(dram::Command c) { ch_.apply_timing(c, choice_.bank, now_); }
        DRAMSWEEP_HD void count(dram::Command c) {
            ch_.lanes_.leader([&] { ++ch_.v_.shared->counters.commands[c]; });
        }
        DRAMSWEEP_HD void activate() {
            const std::uint32_t row = req_->row;
            ch_.lanes_.at_bank(choice_.bank, [&](std::uint32_t e) {
                dram::activate_bank(ch_.banks_[e].rec, row, now_, static_cast<std::uint32_t>(Q));
                ch_.v_.queue[Q][choice_.slot].needed_act = 1;
                ch_.template summarize<0>(ch_.banks_[e]);
                ch_.template summarize<1>(ch_.banks_[e]);
            });
            ch_.lanes_.leader([&] {
                dram::RankRecordT<Clock32>& rk = ch_.v_.shared->ranks[rank_];
                dram::activate_rank(rk, now_, ch_.p_.faw_clocks);
                dram::note_open_banks(rk, true, now_abs_, ch_.v_.shared->counters);
            });
            ++ch_.u_.activated;
            ch_.u_.held[Q] -= dram::rules::leaves_queue_at_act(ch_.p_.active_buffer) ? 1u : 0u;
        }
        DRAMSWEEP_HD void close(std::uint32_t bank) { ch_.close(bank, now_abs_); }
        DRAMSWEEP_HD void note_precharge() {
            if (req_ == nullptr) return;
            ch_.lanes_.at_bank(choice_.bank,
                               [&](std::uint32_t) { ch_.v_.queue[Q][choice_.slot].needed_pre = 1; });
        }
        DRAMSWEEP_HD dram::RankBanks rank_banks() const {
            return {rank_ << ch_.p_.rank_shift, ch_.p_.banks_per_rank};
        }
        DRAMSWEEP_HD void refresh_done(bool per_bank) {
            ch_.lanes_.leader([&] {
                dram::refresh_done(ch_.v_.shared->ranks[rank_], ch_.p_.refresh_interval, per_bank,
                                   ch_.p_.banks_per_rank);
            });
            ch_.u_.pending_ranks &= ~(1u << rank_);
            ch_.lanes_.sync();  // the leader wrote the rank's next due clock
            ch_.find_next_refresh();
        }
        DRAMSWEEP_HD dram::ServedRequest served_request() const {
            return {req_->needed_pre != 0, req_->needed_act != 0, req_->is_write != 0};
        }
        DRAMSWEEP_HD void serve(const dram::ServedRequest& r) {
            const std::uint32_t latency = static_cast<std::uint32_t>(now_abs_) - req_->arrival;
            ch_.lanes_.leader([&] {
                dram::serve_request(r.needed_pre, r.needed_act, r.is_write, latency, ch_.v_.shared->counters);
                if (r.needed_act) dram::end_activation(ch_.v_.shared->ranks[rank_]);
            });
            if (r.needed_act) --ch_.u_.activated;
            ch_.lanes_.at_bank(choice_.bank, [&](std::uint32_t e) {
                dram::column_access(ch_.banks_[e].rec, now_, r.needed_act);
            });
        }
        DRAMSWEEP_HD void send_read_data() {
            ChannelUniform& u = ch_.u_;
            const std::uint32_t tail = u.return_head + u.return_count;
            const Clock32 when = now_ + static_cast<Clock32>(ch_.p_.read_return_delay);
            const std::uint32_t arrival = req_->arrival;
            ch_.lanes_.leader([&] {
                ch_.v_.returns[tail & ch_.v_.return_mask] = DeviceReturn{when, arrival};
            });
            if (u.return_count++ == 0) u.next_return = when;
        }
        DRAMSWEEP_HD void dequeue(const dram::ServedRequest& r) {
            ch_.u_.used[Q] &= ~bit64(choice_.slot);
            if (dram::rules::leaves_queue_at_column(ch_.p_.active_buffer, r.needed_act)) --ch_.u_.held[Q];
            ch_.lanes_.at_bank(choice_.bank, [&](std::uint32_t e) {
                ch_.banks_[e].slots[Q] &= ~bit64(choice_.slot);
                ch_.template summarize<Q>(ch_.banks_[e]);
            });
        }

    private:
        DeviceChannel& ch_;
        const Choice& choice_;
        Clock32 now_;
        std::uint64_t now_abs_;
        std::uint32_t rank_;
        const DeviceEntry* req_;
    };

    // Issues the chosen command (dram/issue_command.hpp). Returns the writes completed.
    DRAMSWEEP_HD std::uint32_t issue(const Choice& choice, Clock32 now, std::uint64_t now_abs) {
        // Rule R14: a CAS first when the WCK has stopped; the bus carries the command the clock after.
        Clock32 at_clock = now;
        if constexpr (Rules::kWckSync) {
            if (wck_on_demand())
                at_clock = dram::rules::command_clock(choice.command, now,
                                                      rank(rank_of(choice.bank)).wck_synced_until);
            if (at_clock != now) hold_command_bus(at_clock + 1);
        }
        const std::uint64_t at_abs = now_abs + static_cast<std::uint64_t>(at_clock - now);
        return with_queue(static_cast<int>(choice.queue), [&](auto queue) {
            Issuing<decltype(queue)::value> at(*this, choice, at_clock, at_abs);
            return dram::issue_command(at, choice.command, p_.page_policy, p_.close_after);
        });
    }

    const Lanes& lanes_;
    const DeviceParams& p_;
    const ChannelView& v_;
    ChannelUniform& u_;
    Banks& banks_;
    std::uint32_t renumber_at_;
};

}  // namespace dramsweep::device
