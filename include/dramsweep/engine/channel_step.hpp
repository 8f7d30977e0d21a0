#pragma once
// One channel controller of the host batched engine: the reference controller's clock
// (src/dram/controller.cpp, ChannelController::tick) over the fixed-size ChannelState. The
// decisions are the shared rule functions of dram/rules.hpp and the state changes the shared
// effects of dram/command_effects.hpp; what differs from the reference is the search for the
// next command (keys per bank, folded through a cache: bank_keys.hpp, key_cache.hpp) and the
// layout of the timing bounds (per level). The order of every step follows the reference,
// because results must be identical to the clock.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/clock.hpp"
#include "dramsweep/dram/command_effects.hpp"
#include "dramsweep/dram/issue_command.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/engine/bank_keys.hpp"
#include "dramsweep/engine/engine_state.hpp"
#include "dramsweep/engine/key_cache.hpp"
#include "dramsweep/engine/request_key.hpp"
#include "dramsweep/results/latency.hpp"

namespace dramsweep::engine {

using dram::TickCounts;

namespace channel_detail {

DRAMSWEEP_HD inline void note_event(ChannelState& s, std::uint64_t when) {
    if (when < s.next_event) s.next_event = when;
}

// Rule R3 over the requests the queues hold (R12), from the mode `draining`.
DRAMSWEEP_HD inline bool write_mode_after(const EngineParams& p, const ChannelState& s, bool draining) {
    return dram::rules::write_mode_after(draining, s.held[0], s.held[1], p.write_high, p.write_low);
}

// Recounts one bank's requests in one queue as row hits or not, with the oldest of each.
DRAMSWEEP_HD inline void summarize_bank(ChannelState& s, int q, std::uint32_t bank) {
    BankSummary sum{0, 0, kNoSeq, kNoSeq, 0, 0};
    const dram::BankRecord& b = s.banks[bank];
    for (std::uint64_t m = s.bank_slots[q][bank]; m != 0; m &= m - 1) {
        const std::uint32_t slot = lowest_bit(m);
        const QueueEntry& e = s.queue[q][slot];
        if (b.open != 0 && e.row == b.row) {
            ++sum.hits;
            if (e.seq < sum.oldest_hit) {
                sum.oldest_hit = e.seq;
                sum.oldest_hit_slot = slot;
            }
        } else {
            ++sum.others;
            if (e.seq < sum.oldest_other) {
                sum.oldest_other = e.seq;
                sum.oldest_other_slot = slot;
            }
        }
    }
    s.summary[q][bank] = sum;
    note_summary(s.cache, q, bank, sum, b.open != 0);
}

// The bank's open row changed: both queues' summaries are recounted.
DRAMSWEEP_HD inline void bank_state_changed(ChannelState& s, std::uint32_t bank) {
    summarize_bank(s, 0, bank);
    summarize_bank(s, 1, bank);
}

DRAMSWEEP_HD inline void close(const EngineParams& p, ChannelState& s, std::uint32_t bank,
                               std::uint64_t now) {
    if (dram::close_bank(s.banks[bank], s.ranks[rank_of(p, bank)], now, s.counters))
        bank_state_changed(s, bank);
}

// Raises the bounds of `bounds` whose gap is a rule (bit n of `mask`) to now + gap.
DRAMSWEEP_HD inline void raise_bounds(std::uint64_t* bounds, const std::uint32_t* gaps, std::uint32_t mask,
                                      std::uint64_t now) {
    for (; mask != 0; mask &= mask - 1) {
        const std::uint32_t n = lowest_bit(static_cast<std::uint64_t>(mask));
        bounds[n] = max_u64(bounds[n], now + gaps[n]);
    }
}

// The pair rules of timing.hpp after command c to `bank` at `now`, kept per level: the bank
// itself (SameBank), its group (SameBankGroup), its rank (SameRank, and OtherRank from commands
// of other ranks); a bank's bound is their maximum (level_bound). A rank-wide command is "same
// bank" to every bank of its rank (timing.hpp). Forced inline, as Issuing's apply_timing and
// activate: with issue() at two call sites (R13) GCC calls them out of line, +4 % instructions
// per clock (bench/RESULTS.md).
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE void apply_timing(const EngineParams& p, ChannelState& s,
                                                       dram::Command c, std::uint32_t bank,
                                                       std::uint64_t now) {
    const std::uint32_t rank = rank_of(p, bank), group = bank >> p.group_shift;
    const auto raise_level = [&](std::uint64_t* bounds, dram::Scope scope) {
        raise_bounds(bounds, p.gap_rows[c][scope], p.gap_mask[c][scope], now);
    };
    if (dram::is_rank_command(c)) {
        raise_level(s.rank_earliest[rank], dram::kSameBank);
    } else {
        raise_level(s.bank_earliest[bank], dram::kSameBank);
        raise_level(s.group_earliest[group], dram::kSameBankGroup);
        raise_level(s.rank_earliest[rank], dram::kSameRank);
    }
    for (std::uint32_t r = 0; r < p.ranks; ++r)
        if (r != rank) raise_level(s.rank_earliest[r], dram::kOtherRank);
    mark_command_stale(p, s.cache, c, bank);
}

// Rule R14: a CAS issued, and no command before `free_at` (the clock after the CAS carries its
// column command): every rank's bound of every command is raised to it, the reference's check of
// the bus at the start of a tick written as bounds, so that a clock pays nothing for it. Every
// cached key may have read a raised bound.
DRAMSWEEP_HD inline void hold_command_bus(const EngineParams& p, ChannelState& s, std::uint64_t free_at) {
    ++s.counters.wck_syncs;
    for (std::uint32_t r = 0; r < p.ranks; ++r)
        for (std::uint64_t& bound : s.rank_earliest[r]) bound = max_u64(bound, free_at);
    s.cache.stale[0] = s.cache.stale[1] = ~std::uint64_t{0};
}

struct Choice {
    dram::Command command;
    std::uint32_t bank;
    int request;  // queue slot in queue `queue`, -1 for refresh / page-policy commands
    int queue;    // 0 reads, 1 writes
};

// The column command's bound of the activated request `bank` holds, with its packed candidate.
DRAMSWEEP_HD inline std::uint64_t activated_ready(const EngineParams& p, const ChannelState& s,
                                                  std::uint32_t bank) {
    return column_ready(p, s, bank, static_cast<int>(s.banks[bank].activated - 1));
}
DRAMSWEEP_HD inline std::uint64_t activated_candidate(const ChannelState& s, std::uint32_t bank) {
    const BankSummary& sum = s.summary[s.banks[bank].activated - 1][bank];
    return pack_candidate(sum.oldest_hit, bank, sum.oldest_hit_slot);
}

using dram::rules::BusFilter;

// Rule R11: the oldest activated request whose column command is legal, from either queue and
// whatever refresh is pending. An activated request is the oldest row hit of its queue.
template <BusFilter Bus>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool choose_activated(const EngineParams& p, ChannelState& s,
                                                           std::uint64_t now, Choice& out) {
    if constexpr (!dram::rules::carries_column_commands(Bus)) return false;
    if (s.activated_due > now) {
        note_event(s, s.activated_due);
        return false;
    }
    std::uint64_t best = kNoCandidate;
    for (std::uint64_t m = s.activated_banks; m != 0; m &= m - 1) {
        const std::uint32_t b = lowest_bit(m);
        const std::uint64_t e = activated_ready(p, s, b);
        if (e > now)
            note_event(s, e);
        else
            best = min_u64(best, activated_candidate(s, b));
    }
    if (best == kNoCandidate) return false;
    const std::uint32_t bank = candidate_bank(best), slot = candidate_slot(best);
    const int q = static_cast<int>(s.banks[bank].activated - 1);
    out = {command_for(s, s.queue[q][slot]), bank, static_cast<int>(slot), q};
    return true;
}

// Rule R2: a pending refresh comes first; its rank (or bank) is closed with PREA (PRE), then
// refreshed, once the activated requests there are served (R11).
template <BusFilter Bus>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool choose_refresh(const EngineParams& p, ChannelState& s,
                                                         std::uint64_t now, Choice& out) {
    if constexpr (!dram::rules::carries_row_commands(Bus)) return false;
    const bool all_bank = p.refresh == dram::RefreshMode::kAllBank;
    for (std::uint32_t ri = 0; ri < p.ranks; ++ri) {
        const dram::RankRecord& rank = s.ranks[ri];
        if (rank.refresh_pending == 0) continue;
        const std::uint32_t bank =
            dram::rules::refresh_target(all_bank, ri << p.rank_shift, rank.refresh_bank);
        const dram::BankRecord& target = s.banks[bank];
        const dram::rules::RefreshStep step = dram::rules::refresh_step(
            all_bank, rank.open_banks, rank.activated_banks, target.open != 0, target.activated != 0);
        if (!step.may_issue) continue;
        const std::uint64_t e = earliest(p, s, step.command, bank);
        if (e <= now) {
            out = {step.command, bank, -1, 0};
            return true;
        }
        note_event(s, e);
    }
    return false;
}

// Rules R4/R5, part (b): the folded key of every waiting bank of the active queue names the
// winner (pick_request: the oldest hit with priority under FR-FCFS, else the oldest request) and
// bounds the next event.
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool take_request(const EngineParams& p, ChannelState& s,
                                                       const RequestKey& key, Choice& out) {
    const int q = s.write_mode != 0 ? 1 : 0;
    note_event(s, key.next);
    const bool frfcfs = p.scheduler == dram::Scheduler::kFrFcfs;
    const std::uint64_t chosen = dram::rules::pick_request(frfcfs, key.hit, key.any, kNoCandidate);
    if (chosen == kNoCandidate) return false;
    const std::uint32_t bank = candidate_bank(chosen), slot = candidate_slot(chosen);
    out = {command_for(s, s.queue[q][slot]), bank, static_cast<int>(slot), q};
    return true;
}

// Rule R13: a clock's second command, on `Bus`: the keys restricted to that bus, folded without
// the cache (which holds the keys of all candidates), over the banks with a candidate on that bus
// (the cache's exact masks: banks with row hits for the column bus, with other requests for the
// row bus; every other bank's restricted key is empty).
template <BusFilter Bus>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool choose_request_on_bus(const EngineParams& p, ChannelState& s,
                                                                std::uint64_t now, Choice& out) {
    const int q = s.write_mode != 0 ? 1 : 0;
    RequestKey key = kNoRequestKey;
    if (p.scheduler == dram::Scheduler::kStrictFcfs) {
        key = oldest_request_key(p, s, q, now);
        if (key.any != kNoCandidate &&
            !dram::rules::on_bus(command_for(s, s.queue[q][candidate_slot(key.any)]), Bus))
            key = kNoRequestKey;
    } else {
        const std::uint64_t on_bus =
            Bus == BusFilter::kColumnBus ? s.cache.hit_banks[q] : s.cache.other_banks[q];
        for (std::uint64_t m = s.waiting_banks[q] & on_bus; m != 0; m &= m - 1)
            key = combine(key, bank_request_key_on_bus<Bus>(p, s, q, now, lowest_bit(m)));
    }
    return take_request(p, s, key, out);
}

// Rules R4/R5: every waiting bank's key (a), folded (b), exactly as
// ChannelController::choose_request decides.
template <BusFilter Bus>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool choose_request(const EngineParams& p, ChannelState& s,
                                                         std::uint64_t now, Choice& out) {
    const int q = s.write_mode != 0 ? 1 : 0;
    if (s.used_slots[q] == 0) return false;
    if constexpr (Bus != BusFilter::kAnyBus) return choose_request_on_bus<Bus>(p, s, now, out);
    if (p.scheduler == dram::Scheduler::kStrictFcfs)
        return take_request(p, s, oldest_request_key(p, s, q, now), out);
    RequestKey key = kNoRequestKey;
    if (s.refresh_pending_ranks == 0) {  // the common case: cached keys, no per-bank refresh test
        key = fold_cached_keys(p, s, q, now);
        keep_fold(s.cache, q, key);
    } else {
        for (std::uint64_t m = s.waiting_banks[q]; m != 0; m &= m - 1)
            key = combine(key, bank_request_key(p, s, q, now, lowest_bit(m)));
    }
    return take_request(p, s, key, out);
}

// Rule R7: under the timeout policy an open row that no queued request wants closes once it has
// seen no column command for page_timeout clocks (lowest bank first).
template <BusFilter Bus>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool choose_timeout_precharge(const EngineParams& p, ChannelState& s,
                                                                   std::uint64_t now, Choice& out) {
    if constexpr (!dram::rules::carries_row_commands(Bus)) return false;
    if (p.page_policy != dram::PagePolicy::kTimeout) return false;
    for (std::uint32_t b = 0; b < p.banks_per_channel; ++b) {
        const dram::BankRecord& bank = s.banks[b];
        // The summaries count, per queue and bank, the requests hitting the open row.
        const bool hit_waiting = s.summary[0][b].hits > 0 || s.summary[1][b].hits > 0;
        const std::uint64_t e = dram::rules::timeout_close_at(
            bank.open != 0, hit_waiting, s.ranks[rank_of(p, b)].refresh_pending != 0, bank.last_column,
            p.page_timeout, earliest(p, s, dram::kPre, b), kNever);
        if (e == kNever) continue;
        if (e > now) {
            note_event(s, e);
            continue;
        }
        out = {dram::kPre, b, -1, 0};
        return true;
    }
    return false;
}

DRAMSWEEP_HD inline void erase_entry(ChannelState& s, int q, std::uint32_t slot) {
    const std::uint32_t bank = s.queue[q][slot].bank;
    s.used_slots[q] &= ~bit(slot);
    s.bank_slots[q][bank] &= ~bit(slot);
    if (s.bank_slots[q][bank] == 0) s.waiting_banks[q] &= ~bit(bank);
}

// Rule R6: whether another queued request (either queue) wants the row of the one served.
DRAMSWEEP_HD inline bool row_wanted_by_another(const ChannelState& s, int q, std::uint32_t slot) {
    const QueueEntry& req = s.queue[q][slot];
    for (int qq = 0; qq < 2; ++qq)
        for (std::uint64_t m = s.bank_slots[qq][req.bank]; m != 0; m &= m - 1) {
            const std::uint32_t other = lowest_bit(m);
            if ((qq != q || other != slot) && s.queue[qq][other].row == req.row) return true;
        }
    return false;
}

// The host engine's layout for dram::issue_command (issue_command.hpp): the chosen command's
// bank, and the request it serves in the channel's queue slots.
class Issuing {
public:
    DRAMSWEEP_HD Issuing(const EngineParams& p, ChannelState& s, const Choice& choice, std::uint64_t now)
        : p_(p),
          s_(s),
          choice_(choice),
          now_(now),
          q_(choice.queue),
          slot_(static_cast<std::uint32_t>(choice.request)),
          req_(choice.request >= 0 ? &s.queue[choice.queue][choice.request] : nullptr),
          bank_(s.banks[choice.bank]),
          rank_(s.ranks[rank_of(p, choice.bank)]) {}

    DRAMSWEEP_HD std::uint32_t target() const { return choice_.bank; }
    DRAMSWEEP_HD dram::AutoPrechargeInputs auto_precharge_inputs() const {
        const bool wanted =
            p_.page_policy == dram::PagePolicy::kClosed && row_wanted_by_another(s_, q_, slot_);
        return {wanted, bank_.activated != 0 && req_->needed_act == 0, bank_.hits_since_act + 1};
    }
    DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE void apply_timing(dram::Command c) {
        channel_detail::apply_timing(p_, s_, c, choice_.bank, now_);
    }
    DRAMSWEEP_HD void count(dram::Command c) { ++s_.counters.commands[c]; }
    DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE void activate() {
        dram::activate(bank_, rank_, req_->row, now_, static_cast<std::uint32_t>(q_), p_.faw_clocks,
                       s_.counters);
        s_.activated_banks |= bit(choice_.bank);
        s_.held[q_] -= dram::rules::leaves_queue_at_act(p_.active_buffer) ? 1u : 0u;
        req_->needed_act = 1;
        bank_state_changed(s_, choice_.bank);
    }
    DRAMSWEEP_HD void close(std::uint32_t bank) { channel_detail::close(p_, s_, bank, now_); }
    DRAMSWEEP_HD void note_precharge() {
        if (req_ != nullptr) req_->needed_pre = 1;
    }
    DRAMSWEEP_HD dram::RankBanks rank_banks() const {
        return {rank_of(p_, choice_.bank) << p_.rank_shift, p_.banks_per_rank};
    }
    DRAMSWEEP_HD void refresh_done(bool per_bank) {
        dram::refresh_done(rank_, p_.refresh_interval, per_bank, p_.banks_per_rank);
        --s_.refresh_pending_ranks;
    }
    DRAMSWEEP_HD dram::ServedRequest served_request() const {
        return {req_->needed_pre != 0, req_->needed_act != 0, req_->is_write != 0};
    }
    DRAMSWEEP_HD void serve(const dram::ServedRequest& r) {
        dram::serve_request(r.needed_pre, r.needed_act, r.is_write, now_ - req_->arrival, s_.counters);
        dram::column_access(bank_, now_, r.needed_act);
        if (r.needed_act) {
            dram::end_activation(rank_);
            s_.activated_banks &= ~bit(choice_.bank);
        }
        mark_bank_stale(s_.cache, choice_.bank);
    }
    DRAMSWEEP_HD void send_read_data() {
        const std::uint32_t tail = (s_.return_head + s_.return_count) % kMaxReturns;
        s_.returns[tail] = {now_ + p_.read_return_delay, req_->arrival};
        ++s_.return_count;
    }
    DRAMSWEEP_HD void keep_wck_running(bool is_write) {
        dram::keep_wck_running(rank_, now_ + (is_write ? p_.wck_write_run : p_.wck_read_run));
    }
    // Rule R14: whether `command` would find its rank's WCK stopped at this clock.
    DRAMSWEEP_HD bool wck_stopped(dram::Command command) const {
        return dram::rules::command_clock(command, now_, rank_.wck_synced_until) != now_;
    }
    DRAMSWEEP_HD void dequeue(const dram::ServedRequest& r) {
        erase_entry(s_, q_, slot_);
        if (dram::rules::leaves_queue_at_column(p_.active_buffer, r.needed_act)) --s_.held[q_];
        summarize_bank(s_, q_, choice_.bank);
    }

private:
    const EngineParams& p_;
    ChannelState& s_;
    const Choice& choice_;
    std::uint64_t now_;
    int q_;
    std::uint32_t slot_;
    QueueEntry* req_;
    dram::BankRecord& bank_;
    dram::RankRecord& rank_;
};

// The clock's command on `Bus` (R13), by the rules' priority: R11, R2, R4/R5, R7.
template <BusFilter Bus>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE bool choose_command(const EngineParams& p, ChannelState& s,
                                                         std::uint64_t now, Choice& out) {
    return choose_activated<Bus>(p, s, now, out) || choose_refresh<Bus>(p, s, now, out) ||
           choose_request<Bus>(p, s, now, out) || choose_timeout_precharge<Bus>(p, s, now, out);
}

// Rule R14: the column command at `at_clock`, after its CAS the clock before, with an Issuing of its
// own: out of line, so that the common path's Issuing keeps the tick's clock.
DRAMSWEEP_HD DRAMSWEEP_NOINLINE inline std::uint32_t issue_after_cas(const EngineParams& p, ChannelState& s,
                                                                     const Choice& choice,
                                                                     std::uint64_t at_clock) {
    hold_command_bus(p, s, at_clock + 1);
    Issuing at(p, s, choice, at_clock);
    return dram::issue_command(at, choice.command, p.page_policy, p.close_after);
}

// Issues the chosen command (dram/issue_command.hpp). Returns the writes completed. `WckOnDemand`:
// rule R14 applies (controller.wck_sync=on_demand); without it the step is not compiled in.
template <bool WckOnDemand>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE std::uint32_t issue(const EngineParams& p, ChannelState& s,
                                                         const Choice& choice, std::uint64_t now) {
    Issuing at(p, s, choice, now);
    // Rule R14: a CAS first when the WCK has stopped; the bus carries the command the clock after.
    if constexpr (WckOnDemand)
        if (at.wck_stopped(choice.command)) return issue_after_cas(p, s, choice, now + 1);
    return dram::issue_command(at, choice.command, p.page_policy, p.close_after);
}

// Rule R13: the clock's second command, on the bus the first (`first`) left free; returns the
// writes it completed. Out of line: a one-bus configuration never calls it.
DRAMSWEEP_HD DRAMSWEEP_NOINLINE inline std::uint32_t issue_second_command(const EngineParams& p,
                                                                          ChannelState& s,
                                                                          dram::Command first,
                                                                          std::uint64_t now) {
    Choice second{dram::kAct, 0, -1, 0};
    const bool found = dram::is_column(first) ? choose_command<BusFilter::kRowBus>(p, s, now, second)
                                              : choose_command<BusFilter::kColumnBus>(p, s, now, second);
    return found ? issue<false>(p, s, second, now) : 0u;  // R13 is HBM's, R14 LPDDR5's
}

// Rule R10 after a command at `now`: the next clock at which anything can happen. The reference
// bounds it with a pass over the waiting banks; the engine folds the cached keys of the active
// queue as of now + 1 (the keys it recomputes stay cached for that clock). The bounds noted
// earlier in this clock are replaced: the command may have raised them, and a stale low bound
// would cost an evaluated clock at which nothing issues. Where that fold is not the whole story
// the engine evaluates now + 1: a pending refresh (blocked banks, the refresh command's own
// bound), the timeout policy (R7's deadlines), or a change of write mode at the next clock (the
// other queue). Requests accepted after this note their own bound (channel_accept); read
// returns are the caller's (channel_next_return).
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE void bound_after_issue(const EngineParams& p, ChannelState& s,
                                                            std::uint64_t now) {
    const bool draining = s.write_mode != 0;
    s.cache.fold_valid = 0;  // the command changed what the keys read
    // Rule R11: the activated requests of either queue.
    s.activated_due = kNever;
    for (std::uint64_t m = s.activated_banks; m != 0; m &= m - 1)
        s.activated_due = min_u64(s.activated_due, activated_ready(p, s, lowest_bit(m)));
    if (s.refresh_pending_ranks != 0 || p.page_policy == dram::PagePolicy::kTimeout ||
        write_mode_after(p, s, draining) != draining) {
        note_event(s, now + 1);
        return;
    }
    // What channel_tick_start noted: the refresh due clocks (none is pending).
    s.next_event = kNever;
    if (p.refresh != dram::RefreshMode::kOff)
        for (std::uint32_t r = 0; r < p.ranks; ++r) note_event(s, s.ranks[r].refresh_due);
    const int q = draining ? 1 : 0;
    RequestKey key = kNoRequestKey;
    if (p.scheduler == dram::Scheduler::kStrictFcfs) {
        key = oldest_request_key(p, s, q, now + 1);
    } else {
        key = fold_cached_keys(p, s, q, now + 1);
        keep_fold(s.cache, q, key);
    }
    // A legal candidate at now + 1 issues then (pick_request picks one whenever `any` holds one).
    note_event(s, key.any != kNoCandidate ? now + 1 : key.next);
    note_event(s, max_u64(now + 1, s.activated_due));
}

}  // namespace channel_detail

DRAMSWEEP_HD inline void channel_init(const EngineParams& p, ChannelState& s) {
    s = ChannelState{};  // every count, bound and flag zero
    s.next_event = 0;
    s.activated_due = kNever;
    s.cache.stale[0] = s.cache.stale[1] = ~std::uint64_t{0};
    for (std::uint32_t r = 0; r < p.ranks; ++r) {
        s.ranks[r].refresh_due =
            dram::rules::first_refresh_due(p.refresh_interval, r, p.ranks, p.refresh_ranks);
        s.ranks[r].wck_synced_until = dram::rules::wck_first_stop(p.wck_sync, kNever);
    }
}

DRAMSWEEP_HD inline bool channel_can_accept(const EngineParams& p, const ChannelState& s, bool is_write) {
    return is_write ? s.held[1] < p.write_queue : s.held[0] < p.read_queue;
}

// Enqueues a request decoded to this channel (rule R9); call only when channel_can_accept.
DRAMSWEEP_HD inline void channel_accept(const EngineParams& p, ChannelState& s, bool is_write,
                                        std::uint32_t bank, std::uint32_t row, std::uint64_t now) {
    using namespace channel_detail;
    const int q = is_write ? 1 : 0;
    note_arrival(s.cache, s.waiting_banks[q], q, bank);
    const std::uint32_t slot = lowest_bit(~s.used_slots[q]);
    QueueEntry& e = s.queue[q][slot];
    e = QueueEntry{now, s.next_seq++, row, bank, 0, 0, static_cast<std::uint8_t>(is_write ? 1 : 0), 0};
    s.used_slots[q] |= bit(slot);
    s.bank_slots[q][bank] |= bit(slot);
    s.waiting_banks[q] |= bit(bank);
    ++s.held[q];
    mark_bank_stale(s.cache, bank);
    BankSummary& sum = s.summary[q][bank];
    // The newest request is the oldest of its kind only when it is the first.
    if (is_hit(s, e)) {
        if (sum.hits++ == 0) {
            sum.oldest_hit = e.seq;
            sum.oldest_hit_slot = slot;
        }
        s.cache.hit_banks[q] |= bit(bank);
    } else {
        if (sum.others++ == 0) {
            sum.oldest_other = e.seq;
            sum.oldest_other_slot = slot;
        }
        s.cache.other_banks[q] |= bit(bank);
    }
    // Rule R10: the new request may issue from the next clock on; a change of write mode at the
    // next tick may make the other queue's requests candidates, so that clock is evaluated.
    if (write_mode_after(p, s, s.write_mode != 0) != (s.write_mode != 0))
        note_event(s, now + 1);
    else
        note_event(s, max_u64(now + 1, earliest(p, s, command_for(s, e), bank)));
}

// The first part of one clock of the channel, before any command is chosen: hands back finished
// reads (R8), marks refreshes due (R1) and sets the write-drain mode (R3). Returns the reads
// handed back.
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE std::uint32_t channel_tick_start(const EngineParams& p, ChannelState& s,
                                                                      std::uint64_t now,
                                                                      std::uint32_t* latency_counts) {
    std::uint32_t completed = 0;
    s.next_event = kNever;
    while (s.return_count > 0 && s.returns[s.return_head].when <= now) {
        const ReadReturn& r = s.returns[s.return_head];
        const std::uint64_t latency = r.when - r.arrival;
        dram::read_returned(latency, s.counters);
        const auto lat32 = static_cast<std::uint32_t>(latency);
        if (lat32 > s.read_latency_max) s.read_latency_max = lat32;
        ++latency_counts[results::latency_slot(latency)];
        s.return_head = (s.return_head + 1) % kMaxReturns;
        --s.return_count;
        ++completed;
    }
    if (p.refresh != dram::RefreshMode::kOff) {
        for (std::uint32_t r = 0; r < p.ranks; ++r) {
            dram::RankRecord& rank = s.ranks[r];
            if (dram::note_refresh_due(rank, now)) ++s.refresh_pending_ranks;
            if (rank.refresh_pending == 0) channel_detail::note_event(s, rank.refresh_due);
        }
    }
    s.write_mode = channel_detail::write_mode_after(p, s, s.write_mode != 0) ? 1u : 0u;
    return completed;
}

namespace channel_detail {
// channel_tick, with rule R14's step (WckOnDemand) or without it.
template <bool WckOnDemand>
DRAMSWEEP_HD DRAMSWEEP_NOINLINE TickCounts channel_tick_with(const EngineParams& p, ChannelState& s,
                                                             std::uint64_t now,
                                                             std::uint32_t* latency_counts) {
    TickCounts counts;
    counts.reads_returned = channel_tick_start(p, s, now, latency_counts);
    Choice choice{dram::kAct, 0, -1, 0};
    if (choose_command<BusFilter::kAnyBus>(p, s, now, choice)) {
        counts.writes_issued = issue<WckOnDemand>(p, s, choice, now);
        if (dram::rules::second_command_possible(p.command_buses))
            counts.writes_issued += issue_second_command(p, s, choice.command, now);
        bound_after_issue(p, s, now);
    }
    return counts;
}
}  // namespace channel_detail

// One clock of the channel: hands back finished reads, then issues at most one command per
// command bus (R11 an activated request first, R2 refresh, R4/R5 a request, R7 a timeout
// precharge; R13 a second command on the bus the first left free; R14: none the clock after a
// CAS, whose bounds hold_command_bus raised). Afterwards s.next_event is the earliest clock at
// which a command could issue or a refresh fall due; the next read return is
// channel_next_return(). Compiled with rule R14's step only for the configurations it applies to
// (as a branch the step cost the others 1.3 to 2.9 % instructions a clock: bench/RESULTS.md).
DRAMSWEEP_HD inline TickCounts channel_tick(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                            std::uint32_t* latency_counts) {
    return p.wck_sync == dram::WckSync::kOnDemand
               ? channel_detail::channel_tick_with<true>(p, s, now, latency_counts)
               : channel_detail::channel_tick_with<false>(p, s, now, latency_counts);
}

DRAMSWEEP_HD inline std::uint64_t channel_next_return(const ChannelState& s) {
    return s.return_count > 0 ? s.returns[s.return_head].when : kNever;
}

// Closes the standby bookkeeping at `end` (the reference's finish()).
DRAMSWEEP_HD inline void channel_finish(const EngineParams& p, ChannelState& s, std::uint64_t end) {
    for (std::uint32_t r = 0; r < p.ranks; ++r) dram::close_standby(s.ranks[r], end, s.counters);
}

// The channel's counters with the standby time closed at `at`, added to `sum`; the state is left
// as it is. Per-layer statistics of the closed loop (rule C5) are differences of such sums.
DRAMSWEEP_HD inline void add_counters_at(const EngineParams& p, const ChannelState& s, std::uint64_t at,
                                         results::DramCounters& sum) {
    sum += s.counters;
    for (std::uint32_t r = 0; r < p.ranks; ++r) dram::add_standby_until(s.ranks[r], at, sum);
}

}  // namespace dramsweep::engine
