#pragma once
// One channel controller of the batched engine: the reference controller's clock
// (src/dram/controller.cpp, ChannelController::tick) over the fixed-size ChannelState, as
// __host__ __device__ functions. The host engine and the CUDA kernels run exactly this code;
// the decisions themselves are the shared rule functions of rules.hpp. The order of every step
// follows the reference, because results must be identical to the clock.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/engine/engine_state.hpp"
#include "dramsweep/engine/request_key.hpp"
#include "dramsweep/dram/rules.hpp"

namespace dramsweep::engine {

// Latencies are counted per clock, clamped (run_summary.hpp: kLatencyClamp = 4096).
inline constexpr std::uint32_t kLatencySlots = 4096;

namespace channel_detail {

// Index of the lowest set bit of a non-zero mask.
DRAMSWEEP_HD inline std::uint32_t lowest_bit(std::uint64_t mask) {
#if defined(__CUDA_ARCH__)
    return static_cast<std::uint32_t>(__ffsll(static_cast<long long>(mask)) - 1);
#else
    return static_cast<std::uint32_t>(__builtin_ctzll(mask));
#endif
}
DRAMSWEEP_HD inline std::uint64_t bit(std::uint32_t i) { return std::uint64_t{1} << i; }

DRAMSWEEP_HD inline std::uint64_t max_u64(std::uint64_t a, std::uint64_t b) { return a > b ? a : b; }

// Banks [first, end) as a mask (end <= 64).
DRAMSWEEP_HD inline std::uint64_t bank_range(std::uint32_t first, std::uint32_t end) {
    if (first >= end) return 0;
    const std::uint64_t below_end = end >= 64 ? ~std::uint64_t{0} : bit(end) - 1;
    return below_end & ~(bit(first) - 1);
}
// The key cache (ChannelState::key_cache): a bank's own state changed, or the hot bounds in
// `hot` (bit n: kHotCommands[n]) of the banks in `banks` were raised.
DRAMSWEEP_HD inline void mark_bank_stale(ChannelState& s, std::uint32_t bank) {
    s.key_stale[0] |= bit(bank);
    s.key_stale[1] |= bit(bank);
}
// The banks whose cached key of queue q reads one of the hot bounds in `hot` (bit n:
// kHotCommands[n]; ChannelState::hit_banks). Exact for the clean keys: a change of what a key
// reads makes it stale. Only open banks' keys are cached (fold_cached_keys), so no cached key
// reads the ACT bound (bit 0) or tFAW.
DRAMSWEEP_HD inline std::uint64_t key_readers(const ChannelState& s, int q, std::uint32_t hot) {
    std::uint64_t r = 0;
    if ((hot & 2u) != 0) r |= s.other_banks[q] & s.open_mask;
    if ((hot & (4u << q)) != 0) r |= s.hit_banks[q];
    return r;
}
DRAMSWEEP_HD inline void mark_bound_stale(ChannelState& s, std::uint32_t hot, std::uint64_t banks) {
    s.key_stale[0] |= key_readers(s, 0, hot) & banks;
    s.key_stale[1] |= key_readers(s, 1, hot) & banks;
}
DRAMSWEEP_HD inline void note_event(ChannelState& s, std::uint64_t when) {
    if (when < s.next_event) s.next_event = when;
}
DRAMSWEEP_HD inline std::uint32_t rank_of(const EngineParams& p, std::uint32_t bank) { return bank >> p.rank_shift; }

// The bound of command c at `bank` from the pair rules (tFAW aside): the maximum of its levels
// (the bank, its group, its rank; the rank level also holds what other ranks impose). The
// table is closed, so this equals the reference's per-bank bound (ChannelState).
DRAMSWEEP_HD inline std::uint64_t level_bound(const EngineParams& p, const ChannelState& s, dram::Command c,
                                              std::uint32_t bank) {
    const std::uint32_t rank = rank_of(p, bank);
    return max_u64(max_u64(s.bank_earliest[bank][c], s.group_earliest[bank >> p.group_shift][c]),
                   s.rank_earliest[rank][c]);
}

DRAMSWEEP_HD inline std::uint64_t earliest(const EngineParams& p, const ChannelState& s, dram::Command c,
                                           std::uint32_t bank) {
    const std::uint64_t e = level_bound(p, s, c, bank);
    return c == dram::kAct ? max_u64(e, s.ranks[rank_of(p, bank)].faw_bound) : e;
}

// The bound of a waiting bank's column command (RD for reads, WR for writes) and of the row
// command its other requests need (PRE when open, ACT when closed), for the scheduler's
// per-bank loops.
DRAMSWEEP_HD inline std::uint64_t column_ready(const EngineParams& p, const ChannelState& s, std::uint32_t bank, int q) {
    return level_bound(p, s, q != 0 ? dram::kWr : dram::kRd, bank);
}
DRAMSWEEP_HD inline std::uint64_t row_ready(const EngineParams& p, const ChannelState& s, std::uint32_t bank) {
    return s.banks[bank].open != 0 ? level_bound(p, s, dram::kPre, bank) : earliest(p, s, dram::kAct, bank);
}

DRAMSWEEP_HD inline bool is_hit(const ChannelState& s, const QueueEntry& q) {
    const BankState& b = s.banks[q.bank];
    return b.open != 0 && b.row == q.row;
}

DRAMSWEEP_HD inline dram::Command command_for(const ChannelState& s, const QueueEntry& q) {
    const BankState& b = s.banks[q.bank];
    return dram::rules::next_command(b.open != 0, b.row, q.row, q.is_write != 0);
}

DRAMSWEEP_HD inline bool bank_blocked_by_refresh(const EngineParams& p, const ChannelState& s, std::uint32_t bank) {
    if (s.refresh_pending_ranks == 0) return false;
    const std::uint32_t r = rank_of(p, bank);
    if (s.ranks[r].refresh_pending == 0) return false;
    if (p.refresh == EngineRefresh::kAllBank) return true;
    return bank == (r << p.rank_shift) + s.ranks[r].refresh_bank;
}

// Recounts one bank's requests in one queue as row hits or not, with the oldest of each.
DRAMSWEEP_HD inline void summarize_bank(ChannelState& s, int q, std::uint32_t bank) {
    BankSummary sum{0, 0, kNoSeq, kNoSeq, 0, 0};
    const BankState& b = s.banks[bank];
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
    // The masks follow the summary, and the open mask the row it was counted against (the
    // scheduler tells closed banks, which have no hits, from open ones by it).
    s.open_mask = b.open != 0 ? s.open_mask | bit(bank) : s.open_mask & ~bit(bank);
    s.hit_banks[q] = sum.hits > 0 ? s.hit_banks[q] | bit(bank) : s.hit_banks[q] & ~bit(bank);
    s.other_banks[q] = sum.others > 0 ? s.other_banks[q] | bit(bank) : s.other_banks[q] & ~bit(bank);
    mark_bank_stale(s, bank);
}

DRAMSWEEP_HD inline void set_open(const EngineParams& p, ChannelState& s, std::uint32_t bank, bool open,
                                  std::uint64_t now) {
    BankState& b = s.banks[bank];
    if ((b.open != 0) == open) return;
    RankState& rank = s.ranks[rank_of(p, bank)];
    const bool was_active = rank.open_banks > 0;
    b.open = open ? 1u : 0u;
    summarize_bank(s, 0, bank);  // and the open mask
    summarize_bank(s, 1, bank);
    rank.open_banks = open ? rank.open_banks + 1 : rank.open_banks - 1;
    if (was_active != (rank.open_banks > 0)) {
        (was_active ? s.counters.active_cycles : s.counters.precharged_cycles) += now - rank.state_since;
        rank.state_since = now;
    }
}

// Raises the bounds of `bounds` whose gap is a rule (bit n of `mask`) to now + gap.
DRAMSWEEP_HD inline void raise_bounds(std::uint64_t* bounds, const std::uint32_t* gaps, std::uint32_t mask,
                                      std::uint64_t now) {
    for (; mask != 0; mask &= mask - 1) {
        const std::uint32_t n = lowest_bit(mask);
        bounds[n] = max_u64(bounds[n], now + gaps[n]);
    }
}

// The key cache: command c raised, by the gaps of `scope`, the hot bounds of the banks in
// `banks` (hot_mask: bit n for kHotCommands[n]); the keys that read one of them are stale.
DRAMSWEEP_HD inline void mark_scope_stale(const EngineParams& p, ChannelState& s, dram::Command c, dram::Scope scope,
                                          std::uint64_t banks) {
    // Bit 0 (ACT) is read by no cached key (key_readers).
    const std::uint32_t hot = p.hot_mask[c][scope] & ~1u;
    if (hot == 0 || banks == 0) return;
    mark_bound_stale(s, hot, banks);
}

// The pair rules of timing.hpp after command c to `bank` at `now`. All nine commands' bounds
// are kept per level: the bank itself (SameBank), its group (SameBankGroup), its rank
// (SameRank, and OtherRank from commands of other ranks); a bank's bound is their maximum
// (level_bound), for
// the four commands requests need as for the rest.
// A rank-wide command is "same bank" to every bank of its rank (timing.hpp).
DRAMSWEEP_HD inline void apply_timing(const EngineParams& p, ChannelState& s, dram::Command c, std::uint32_t bank,
                                      std::uint64_t now) {
    const std::uint32_t rank = rank_of(p, bank), group = bank >> p.group_shift;
    const bool rank_wide = dram::is_rank_command(c);
    const auto raise_level = [&](std::uint64_t* bounds, dram::Scope scope) {
        raise_bounds(bounds, p.gap_rows[c][scope], p.gap_mask[c][scope], now);
    };
    if (rank_wide) {
        raise_level(s.rank_earliest[rank], dram::kSameBank);
    } else {
        raise_level(s.bank_earliest[bank], dram::kSameBank);
        raise_level(s.group_earliest[group], dram::kSameBankGroup);
        raise_level(s.rank_earliest[rank], dram::kSameRank);
    }
    for (std::uint32_t r = 0; r < p.ranks; ++r)
        if (r != rank) raise_level(s.rank_earliest[r], dram::kOtherRank);
    // The hot commands' bounds are the level bounds too (level_bound); the cached keys that
    // read a raised one are marked stale, scope by scope over its banks.
    const std::uint64_t rank_banks = bank_range(rank << p.rank_shift, (rank << p.rank_shift) + p.banks_per_rank);
    mark_scope_stale(p, s, c, dram::kOtherRank, bank_range(0, p.banks_per_channel) & ~rank_banks);
    if (rank_wide) {
        mark_scope_stale(p, s, c, dram::kSameBank, rank_banks);
        return;
    }
    const std::uint32_t group_first = group << p.group_shift;
    const std::uint64_t group_banks = bank_range(group_first, group_first + p.banks_per_group);
    mark_scope_stale(p, s, c, dram::kSameRank, rank_banks & ~group_banks);
    mark_scope_stale(p, s, c, dram::kSameBankGroup, group_banks & ~bit(bank));
    mark_scope_stale(p, s, c, dram::kSameBank, bit(bank));
}

struct Choice {
    dram::Command command;
    std::uint32_t bank;
    int request;  // index into the active queue, -1 for refresh / page-policy commands
};

DRAMSWEEP_HD inline bool choose_refresh(const EngineParams& p, ChannelState& s, std::uint64_t now, Choice& out) {
    for (std::uint32_t ri = 0; ri < p.ranks; ++ri) {
        const RankState& rank = s.ranks[ri];
        if (rank.refresh_pending == 0) continue;
        Choice c{dram::kRef, ri << p.rank_shift, -1};
        const bool all_bank = p.refresh == EngineRefresh::kAllBank;
        if (!all_bank) c.bank += rank.refresh_bank;
        c.command = dram::rules::refresh_command(all_bank, rank.open_banks, s.banks[c.bank].open != 0);
        const std::uint64_t e = earliest(p, s, c.command, c.bank);
        if (e <= now) {
            out = c;
            return true;
        }
        note_event(s, e);
    }
    return false;
}

// Rules R4/R5, part (a): what bank `b` of queue `q` contributes to the choice (request_key.hpp).
// Requests of one bank needing the same command share one earliest clock, so a bank offers at
// most two candidates, its oldest row hit and its oldest other request (the per-bank summaries).
// Reads the state only: the lanes of a warp evaluate banks side by side.
// The candidates and the clocks from which they are legal, independent of the clock asked about.
struct BankKeyParts {
    std::uint64_t hit_ready;    // bound of the column command; kNever without row hits
    std::uint64_t hit;          // the oldest row hit, packed (pack_candidate)
    std::uint64_t hit_first;    // `hit` while it keeps its priority (rule R5), else kNoCandidate
    std::uint64_t other_ready;  // bound of the row command; kNever without others or while R4 protects the row
    std::uint64_t other;        // the oldest other request, packed
};

DRAMSWEEP_HD inline BankKeyParts bank_key_parts(const EngineParams& p, const ChannelState& s, int q, std::uint32_t b) {
    BankKeyParts k{kNever, kNoCandidate, kNoCandidate, kNever, kNoCandidate};
    const BankSummary& sum = s.summary[q][b];
    const BankState& bank = s.banks[b];
    const bool cap_reached = dram::rules::row_hit_cap_reached(p.row_hit_cap, bank.hits_since_act);
    if (sum.hits > 0) {
        k.hit_ready = column_ready(p, s, b, q);
        k.hit = pack_candidate(sum.oldest_hit, b, sum.oldest_hit_slot);
        // Rule R5: once capped, a hit loses its priority to the waiting conflict.
        if (dram::rules::hit_has_priority(cap_reached, sum.others)) k.hit_first = k.hit;
    }
    if (sum.others > 0) {
        const bool frfcfs = p.scheduler == EngineScheduler::kFrFcfs;
        // Rule R4 (FR-FCFS): a row with waiting hits is not closed for a conflicting request
        // until the row-hit cap is reached.
        if (bank.open != 0 && !dram::rules::precharge_allowed(frfcfs, sum.hits, cap_reached)) return k;
        k.other_ready = row_ready(p, s, b);
        k.other = pack_candidate(sum.oldest_other, b, sum.oldest_other_slot);
    }
    return k;
}

// The key of those parts at `now`: the legal candidates, and the earliest bound of the others.
DRAMSWEEP_HD inline RequestKey key_at(const BankKeyParts& k, std::uint64_t now) {
    RequestKey key = kNoRequestKey;
    if (k.hit_ready <= now) {
        key.hit = k.hit_first;
        key.any = k.hit;
    } else {
        key.next = k.hit_ready;
    }
    if (k.other_ready <= now) key.any = min_u64(key.any, k.other);
    else key.next = min_u64(key.next, k.other_ready);
    return key;
}

// bank_request_key for a bank no pending refresh blocks.
DRAMSWEEP_HD inline RequestKey unblocked_bank_request_key(const EngineParams& p, const ChannelState& s, int q,
                                                          std::uint64_t now, std::uint32_t b) {
    return key_at(bank_key_parts(p, s, q, b), now);
}

DRAMSWEEP_HD inline RequestKey bank_request_key(const EngineParams& p, const ChannelState& s, int q, std::uint64_t now,
                                                std::uint32_t b) {
    if (bank_blocked_by_refresh(p, s, b)) return kNoRequestKey;
    return unblocked_bank_request_key(p, s, q, now, b);
}

// unblocked_bank_request_key through the key cache (ChannelState::key_cache): the scheduler
// recomputes a key when the bank is stale or the earliest bound it waits for has come;
// otherwise nothing it read has changed and the cached key is the same. Host scheduler only
// (it writes the cache).
DRAMSWEEP_HD inline RequestKey recompute_cached_key(const EngineParams& p, ChannelState& s, int q, std::uint64_t now,
                                                    std::uint32_t b) {
    // The bounds this key reads follow from the bank's summary and open row (key_readers).
    const BankKeyParts parts = bank_key_parts(p, s, q, b);
    const RequestKey k = key_at(parts, now);
    // What the key becomes once k.next comes, when every candidate not legal yet is legal then
    // (CachedKey::due_any); otherwise the key is evaluated again at that clock.
    std::uint64_t due_hit = kNoCandidate, due_any = kNoCandidate;
    bool due_known = true;
    if (parts.hit_ready > now && parts.hit_ready != kNever) {
        due_known = parts.hit_ready == k.next;
        due_hit = parts.hit_first;
        due_any = parts.hit;
    }
    if (parts.other_ready > now && parts.other_ready != kNever) {
        due_known = due_known && parts.other_ready == k.next;
        due_any = min_u64(due_any, parts.other);
    }
    if (!due_known) due_any = kNoCandidate;
    s.key_cache[q][b] = {k.hit, k.any, k.next, due_hit, due_any};
    return k;
}

// The key of a closed waiting bank, read from the bounds: it has no row hits (a hit needs the
// open row), so its one candidate is its oldest request, needing ACT (unblocked_bank_request_key
// reduced to that case). Closed banks are not cached: every ACT raises the ACT bounds of its
// rank and tFAW, which they all read (rand_read: two evaluations per bank and ACT, cached).
DRAMSWEEP_HD inline RequestKey closed_bank_key(const EngineParams& p, const ChannelState& s, int q, std::uint64_t now,
                                               std::uint32_t b) {
    const std::uint64_t e = earliest(p, s, dram::kAct, b);
    if (e > now) return {kNoCandidate, kNoCandidate, e};
    return {kNoCandidate, pack_candidate(s.summary[q][b].oldest_other, b, s.summary[q][b].oldest_other_slot), kNoCandidate};
}

DRAMSWEEP_HD inline RequestKey fresh_bank_key(const EngineParams& p, ChannelState& s, int q, std::uint64_t now,
                                              std::uint32_t b) {
    return (s.open_mask & bit(b)) != 0 ? recompute_cached_key(p, s, q, now, b) : closed_bank_key(p, s, q, now, b);
}

// The folded key of every waiting bank of queue q at `now`, for a clock at which no refresh
// is pending. Open banks go through the key cache: clean banks fold their cached key unless the
// bound it waits for has come; those and the stale banks are evaluated again (and cached).
// Closed banks are evaluated afresh (closed_bank_key). The last fold (ChannelState::fold_valid)
// saves work while it stays exact: before its `next` comes, only the stale banks are evaluated
// and folded into it; before the open banks' part of it (fold_open_*) is due, that part is
// reused and only the closed banks are evaluated again. Host only.
DRAMSWEEP_HD inline RequestKey fold_cached_keys(const EngineParams& p, ChannelState& s, int q, std::uint64_t now) {
    const std::uint64_t waiting = s.waiting_banks[q];
    const std::uint64_t open = waiting & s.open_mask;
    const std::uint64_t stale = s.key_stale[q] & waiting;
    s.key_stale[q] &= ~waiting;
    const bool kept = s.fold_valid != 0 && s.fold_queue == static_cast<std::uint32_t>(q);
    RequestKey open_key{s.fold_open_hit, s.fold_open_any, s.fold_open_next};
    if (kept && now < s.fold_next) {
        RequestKey key{s.fold_hit, s.fold_any, s.fold_next};
        for (std::uint64_t m = stale; m != 0; m &= m - 1) {
            const std::uint32_t b = lowest_bit(m);
            if ((open & bit(b)) != 0) {
                const RequestKey k = recompute_cached_key(p, s, q, now, b);
                open_key = combine(open_key, k);
                key = combine(key, k);
            } else {
                key = combine(key, closed_bank_key(p, s, q, now, b));
            }
        }
        s.fold_open_hit = open_key.hit;
        s.fold_open_any = open_key.any;
        s.fold_open_next = open_key.next;
        return key;
    }
    std::uint64_t redo = stale & open;
    if (!(kept && now < s.fold_open_next)) {
        // The three minima in locals: the cache writes below must not force them through memory.
        std::uint64_t hit = kNoCandidate, any = kNoCandidate, next = kNoCandidate;
        for (std::uint64_t m = open & ~redo; m != 0; m &= m - 1) {
            const std::uint32_t b = lowest_bit(m);
            CachedKey& c = s.key_cache[q][b];
            std::uint64_t c_hit = c.hit, c_any = c.any, c_next = c.next;
            if (c_next <= now) {
                if (c.due_any == kNoCandidate) {
                    redo |= bit(b);
                    continue;
                }
                // Nothing the key read has changed and every candidate it waited for is legal.
                c_hit = min_u64(c_hit, c.due_hit);
                c_any = min_u64(c_any, c.due_any);
                c_next = kNoCandidate;
                c = {c_hit, c_any, kNoCandidate, kNoCandidate, kNoCandidate};
            }
            hit = min_u64(hit, c_hit);
            any = min_u64(any, c_any);
            next = min_u64(next, c_next);
        }
        open_key = {hit, any, next};
    }
    for (std::uint64_t m = redo; m != 0; m &= m - 1)
        open_key = combine(open_key, recompute_cached_key(p, s, q, now, lowest_bit(m)));
    s.fold_open_hit = open_key.hit;
    s.fold_open_any = open_key.any;
    s.fold_open_next = open_key.next;
    // closed_bank_key for each closed bank, without a branch on the outcome (a coin toss
    // per bank on rand_read).
    std::uint64_t any = open_key.any, next = open_key.next;
    for (std::uint64_t m = waiting & ~open; m != 0; m &= m - 1) {
        const std::uint32_t b = lowest_bit(m);
        const std::uint64_t e = earliest(p, s, dram::kAct, b);
        const std::uint64_t candidate = pack_candidate(s.summary[q][b].oldest_other, b, s.summary[q][b].oldest_other_slot);
        const bool legal = e <= now;
        any = min_u64(any, legal ? candidate : kNoCandidate);
        next = min_u64(next, legal ? kNoCandidate : e);
    }
    return {open_key.hit, any, next};
}

DRAMSWEEP_HD inline void keep_fold(ChannelState& s, int q, const RequestKey& key) {
    s.fold_hit = key.hit;
    s.fold_any = key.any;
    s.fold_next = key.next;
    s.fold_valid = 1;
    s.fold_queue = static_cast<std::uint32_t>(q);
}

// Rules R4/R5, part (b) done: the folded key of every waiting bank of the active queue names the
// winner (pick_request: the oldest hit with priority under FR-FCFS, else the oldest request) and
// bounds the next event. Writes the state: one thread only.
DRAMSWEEP_HD inline bool take_request(const EngineParams& p, ChannelState& s, const RequestKey& key, Choice& out) {
    const int q = s.write_mode != 0 ? 1 : 0;
    note_event(s, key.next);
    const bool frfcfs = p.scheduler == EngineScheduler::kFrFcfs;
    const std::uint64_t chosen = dram::rules::pick_request(frfcfs, key.hit, key.any, kNoCandidate);
    if (chosen == kNoCandidate) return false;
    const std::uint32_t bank = candidate_bank(chosen), slot = candidate_slot(chosen);
    out = {command_for(s, s.queue[q][slot]), bank, static_cast<int>(slot)};
    return true;
}

// Rules R4/R5 on one thread: (a) for every waiting bank, folded with (b), exactly as
// ChannelController::choose_request. The CUDA kernel folds the same keys across a warp.
DRAMSWEEP_HD inline bool choose_request(const EngineParams& p, ChannelState& s, std::uint64_t now, Choice& out) {
    const int q = s.write_mode != 0 ? 1 : 0;
    if (s.used_slots[q] == 0) return false;
    RequestKey key = kNoRequestKey;
    if (s.refresh_pending_ranks == 0) {  // the common case: cached keys, no per-bank refresh test
        key = fold_cached_keys(p, s, q, now);
        keep_fold(s, q, key);
    } else {
        for (std::uint64_t m = s.waiting_banks[q]; m != 0; m &= m - 1)
            key = combine(key, bank_request_key(p, s, q, now, lowest_bit(m)));
    }
    return take_request(p, s, key, out);
}

// Rule R7: under the timeout policy an open row that no queued request wants closes once it has
// seen no column command for page_timeout clocks (lowest bank first).
DRAMSWEEP_HD inline bool choose_timeout_precharge(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                                  Choice& out) {
    if (p.page_policy != EnginePagePolicy::kTimeout) return false;
    for (std::uint32_t b = 0; b < p.banks_per_channel; ++b) {
        const BankState& bank = s.banks[b];
        // The summaries count, per queue and bank, the requests hitting the open row.
        const bool hit_waiting = s.summary[0][b].hits > 0 || s.summary[1][b].hits > 0;
        if (bank.open == 0 || hit_waiting || s.ranks[rank_of(p, b)].refresh_pending != 0) continue;
        const std::uint64_t deadline = bank.last_column + p.page_timeout;
        const std::uint64_t e = max_u64(deadline, earliest(p, s, dram::kPre, b));
        if (e > now) {
            note_event(s, e);
            continue;
        }
        out = {dram::kPre, b, -1};
        return true;
    }
    return false;
}

DRAMSWEEP_HD inline void erase_entry(ChannelState& s, int q, std::uint32_t slot) {
    const std::uint32_t bank = s.queue[q][slot].bank;
    s.used_slots[q] &= ~bit(slot);
    s.bank_slots[q][bank] &= ~bit(slot);
    if (s.bank_slots[q][bank] == 0) s.waiting_banks[q] &= ~bit(bank);
    --s.queue_size[q];
}

DRAMSWEEP_HD inline std::uint32_t issue(const EngineParams& p, ChannelState& s, const Choice& choice,
                                        std::uint64_t now) {
    std::uint32_t completed = 0;
    const int q = s.write_mode != 0 ? 1 : 0;
    dram::Command cmd = choice.command;
    QueueEntry* req = choice.request >= 0 ? &s.queue[q][choice.request] : nullptr;
    BankState& bank = s.banks[choice.bank];
    RankState& rank = s.ranks[rank_of(p, choice.bank)];

    if (dram::is_column(cmd) && p.page_policy == EnginePagePolicy::kClosed) {
        bool wanted = false;
        for (int qq = 0; qq < 2 && !wanted; ++qq)
            for (std::uint64_t m = s.bank_slots[qq][req->bank]; m != 0; m &= m - 1) {
                const std::uint32_t slot = lowest_bit(m);
                if ((qq != q || slot != static_cast<std::uint32_t>(choice.request)) && s.queue[qq][slot].row == req->row) {
                    wanted = true;
                    break;
                }
            }
        cmd = dram::rules::with_auto_precharge(cmd, true, wanted);
    }

    apply_timing(p, s, cmd, choice.bank, now);
    ++s.counters.commands[cmd];

    switch (cmd) {
        case dram::kAct:
            bank.row = req->row;
            set_open(p, s, choice.bank, true, now);
            bank.hits_since_act = 0;
            mark_bank_stale(s, choice.bank);
            bank.last_column = now;
            rank.act_history[rank.act_count % 4] = now;
            ++rank.act_count;
            rank.faw_bound = dram::rules::faw_bound(rank.act_history, rank.act_count, p.table.faw_clocks);
            req->needed_act = 1;
            break;
        case dram::kPre:
            set_open(p, s, choice.bank, false, now);
            if (req) req->needed_pre = 1;
            break;
        case dram::kPrea: {
            const std::uint32_t first = rank_of(p, choice.bank) << p.rank_shift;
            for (std::uint32_t b = first; b < first + p.banks_per_rank; ++b) set_open(p, s, b, false, now);
            break;
        }
        case dram::kRef:
            rank.refresh_pending = 0;
            --s.refresh_pending_ranks;
            rank.refresh_due += p.refresh_interval;
            break;
        case dram::kRefPb:
            rank.refresh_pending = 0;
            --s.refresh_pending_ranks;
            rank.refresh_due += p.refresh_interval;
            rank.refresh_bank = (rank.refresh_bank + 1) % p.banks_per_rank;
            break;
        case dram::kRd:
        case dram::kRda:
        case dram::kWr:
        case dram::kWra: {
            if (req->needed_pre) ++s.counters.row_conflicts;
            else if (req->needed_act) ++s.counters.row_misses;
            else ++s.counters.row_hits;
            ++bank.hits_since_act;
            mark_bank_stale(s, choice.bank);
            bank.last_column = now;
            if (req->is_write) {
                ++s.counters.writes;
                s.counters.write_latency_sum += now - req->arrival;
                ++completed;
            } else {
                ++s.counters.reads;
                const std::uint32_t tail = (s.return_head + s.return_count) % kMaxReturns;
                s.returns[tail] = {now + p.read_return_delay, req->arrival};
                ++s.return_count;
            }
            erase_entry(s, q, static_cast<std::uint32_t>(choice.request));
            summarize_bank(s, q, choice.bank);
            if (cmd == dram::kRda || cmd == dram::kWra) set_open(p, s, choice.bank, false, now);
            break;
        }
        default: break;
    }
    return completed;
}

// Rule R10 after a command at `now` (host): the next clock at which anything can happen. The
// reference bounds it with a pass over the waiting banks; the engine folds the cached keys of
// the active queue as of now + 1 (the keys it recomputes stay cached for that clock). The
// bounds noted earlier in this clock are replaced: the command may have raised them, and a
// stale low bound would cost an evaluated clock at which nothing issues (rand_read: 1.7 per
// request, before). Where that fold is not the whole story the engine evaluates now + 1, as
// before: a pending refresh (blocked banks, the refresh command's own bound), the timeout
// policy (R7's deadlines), or a change of write mode at the next clock (the other queue).
// Requests accepted after this note their own bound (channel_accept); read returns are the
// caller's (channel_next_return).
DRAMSWEEP_HD inline void bound_after_issue(const EngineParams& p, ChannelState& s, std::uint64_t now) {
    const bool draining = s.write_mode != 0;
    s.fold_valid = 0;  // the command changed what the keys read
    if (s.refresh_pending_ranks != 0 || p.page_policy == EnginePagePolicy::kTimeout ||
        dram::rules::write_mode_after(draining, s.queue_size[0], s.queue_size[1], p.write_high, p.write_low) !=
            draining) {
        note_event(s, now + 1);
        return;
    }
    // What channel_tick_start noted: the refresh due clocks (none is pending).
    s.next_event = kNever;
    if (p.refresh != EngineRefresh::kOff)
        for (std::uint32_t r = 0; r < p.ranks; ++r) note_event(s, s.ranks[r].refresh_due);
    const int q = draining ? 1 : 0;
    const RequestKey key = fold_cached_keys(p, s, q, now + 1);
    keep_fold(s, q, key);
    // A legal candidate at now + 1 issues then (pick_request picks one whenever `any` holds one).
    note_event(s, key.any != kNoCandidate ? now + 1 : key.next);
}

}  // namespace channel_detail

DRAMSWEEP_HD inline void channel_init(const EngineParams& p, ChannelState& s) {
    s = ChannelState{};  // every count, bound and flag zero
    s.key_stale[0] = s.key_stale[1] = ~std::uint64_t{0};
    for (std::uint32_t r = 0; r < p.ranks; ++r)
        s.ranks[r].refresh_due = dram::rules::first_refresh_due(p.refresh_interval, r, p.ranks);
}

DRAMSWEEP_HD inline bool channel_can_accept(const EngineParams& p, const ChannelState& s, bool is_write) {
    return is_write ? s.queue_size[1] < p.write_queue : s.queue_size[0] < p.read_queue;
}

// Enqueues a request decoded to this channel (rule R9); call only when channel_can_accept.
DRAMSWEEP_HD inline void channel_accept(const EngineParams& p, ChannelState& s, bool is_write, std::uint32_t bank,
                                        std::uint32_t row, std::uint64_t now) {
    using namespace channel_detail;
    const int q = is_write ? 1 : 0;
    // The last fold without this open bank's old key is unchanged unless that key held one of
    // the minima of its open banks' part (fold_open_*; candidates are unique, a tied `next`
    // counts as held); the new key is folded in
    // as the bank's is stale (fold_cached_keys). A closed waiting bank's key stays as it is: its
    // new request is neither a hit nor its oldest.
    if (s.fold_valid != 0 && s.fold_queue == static_cast<std::uint32_t>(q) &&
        (s.waiting_banks[q] & s.open_mask & bit(bank)) != 0) {
        const CachedKey& old = s.key_cache[q][bank];
        if ((old.hit != kNoCandidate && old.hit == s.fold_open_hit) ||
            (old.any != kNoCandidate && old.any == s.fold_open_any) ||
            (old.next != kNoCandidate && old.next == s.fold_open_next))
            s.fold_valid = 0;
    }
    const std::uint32_t slot = lowest_bit(~s.used_slots[q]);
    QueueEntry& e = s.queue[q][slot];
    e = QueueEntry{now, s.next_seq++, row, bank, 0, 0, static_cast<std::uint8_t>(is_write ? 1 : 0), 0};
    s.used_slots[q] |= bit(slot);
    s.bank_slots[q][bank] |= bit(slot);
    s.waiting_banks[q] |= bit(bank);
    ++s.queue_size[q];
    mark_bank_stale(s, bank);
    BankSummary& sum = s.summary[q][bank];
    // The newest request is the oldest of its kind only when it is the first.
    if (is_hit(s, e)) {
        if (sum.hits++ == 0) {
            sum.oldest_hit = e.seq;
            sum.oldest_hit_slot = slot;
        }
        s.hit_banks[q] |= bit(bank);
    } else {
        if (sum.others++ == 0) {
            sum.oldest_other = e.seq;
            sum.oldest_other_slot = slot;
        }
        s.other_banks[q] |= bit(bank);
    }
    // Rule R10: the new request may issue from the next clock on; a change of write mode at the
    // next tick may make the other queue's requests candidates, so that clock is evaluated.
    if (dram::rules::write_mode_after(s.write_mode != 0, s.queue_size[0], s.queue_size[1], p.write_high, p.write_low) !=
        (s.write_mode != 0))
        note_event(s, now + 1);
    else
        note_event(s, max_u64(now + 1, earliest(p, s, command_for(s, e), bank)));
}

// The first part of one clock of the channel, before any command is chosen: hands back finished
// reads (R8), marks refreshes due (R1) and sets the write-drain mode (R3). Returns the reads
// handed back. One thread only.
DRAMSWEEP_HD inline std::uint32_t channel_tick_start(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                                     std::uint32_t* latency_counts) {
    std::uint32_t completed = 0;
    s.next_event = kNever;
    while (s.return_count > 0 && s.returns[s.return_head].when <= now) {
        const ReadReturn& r = s.returns[s.return_head];
        const std::uint64_t latency = r.when - r.arrival;
        s.counters.read_latency_sum += latency;
        const auto lat32 = static_cast<std::uint32_t>(latency);
        if (lat32 > s.counters.read_latency_max) s.counters.read_latency_max = lat32;
        ++latency_counts[lat32 < kLatencySlots ? lat32 : kLatencySlots - 1];
        s.return_head = (s.return_head + 1) % kMaxReturns;
        --s.return_count;
        ++completed;
    }
    if (p.refresh != EngineRefresh::kOff) {
        for (std::uint32_t r = 0; r < p.ranks; ++r) {
            RankState& rank = s.ranks[r];
            if (rank.refresh_pending == 0 && now >= rank.refresh_due) {
                rank.refresh_pending = 1;
                ++s.refresh_pending_ranks;
            }
            if (rank.refresh_pending == 0) channel_detail::note_event(s, rank.refresh_due);
        }
    }
    s.write_mode = dram::rules::write_mode_after(s.write_mode != 0, s.queue_size[0], s.queue_size[1], p.write_high,
                                                 p.write_low)
                       ? 1u
                       : 0u;
    return completed;
}

// The last part of one clock: issues the chosen command (if `chosen`) and bounds the next clock.
// Returns the writes completed. One thread only.
DRAMSWEEP_HD inline std::uint32_t channel_tick_issue(const EngineParams& p, ChannelState& s, bool chosen,
                                                     const channel_detail::Choice& choice, std::uint64_t now) {
    if (!chosen) return 0;
    const std::uint32_t completed = channel_detail::issue(p, s, choice, now);
#if defined(__CUDA_ARCH__)
    // The kernel keeps no key cache: it evaluates the next clock, whose scheduling pass yields
    // the bound when nothing can issue then (evaluating a clock never changes results).
    channel_detail::note_event(s, now + 1);
#else
    channel_detail::bound_after_issue(p, s, now);
#endif
    return completed;
}

// What one clock of a channel completed: reads handed back and writes issued.
struct TickCounts {
    std::uint32_t reads_returned;
    std::uint32_t writes_issued;
};

// One clock of the channel on one thread: hands back finished reads, then issues at most one
// command (R2 refresh first, then R4/R5 a request, then R7 a timeout precharge). Afterwards
// s.next_event is the earliest clock at which a command could issue or a refresh fall due; the
// next read return is channel_next_return(), which the caller adds when it matters. The CUDA
// kernel runs the same parts with the request choice spread over a warp (cuda/engine_kernel.cu).
DRAMSWEEP_HD inline TickCounts channel_tick_counts(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                                   std::uint32_t* latency_counts) {
    using namespace channel_detail;
    const std::uint32_t returned = channel_tick_start(p, s, now, latency_counts);
    Choice choice{dram::kAct, 0, -1};
    const bool chosen = choose_refresh(p, s, now, choice) || choose_request(p, s, now, choice) ||
                        choose_timeout_precharge(p, s, now, choice);
    return {returned, channel_tick_issue(p, s, chosen, choice, now)};
}

// channel_tick_counts for the trace loop, which needs only the requests completed.
DRAMSWEEP_HD inline std::uint32_t channel_tick(const EngineParams& p, ChannelState& s, std::uint64_t now,
                                               std::uint32_t* latency_counts) {
    const TickCounts t = channel_tick_counts(p, s, now, latency_counts);
    return t.reads_returned + t.writes_issued;
}

DRAMSWEEP_HD inline std::uint64_t channel_next_return(const ChannelState& s) {
    return s.return_count > 0 ? s.returns[s.return_head].when : kNever;
}

// Closes the background-energy bookkeeping at `end` (the reference's finish()).
DRAMSWEEP_HD inline void channel_finish(const EngineParams& p, ChannelState& s, std::uint64_t end) {
    for (std::uint32_t r = 0; r < p.ranks; ++r) {
        RankState& rank = s.ranks[r];
        (rank.open_banks > 0 ? s.counters.active_cycles : s.counters.precharged_cycles) += end - rank.state_since;
        rank.state_since = end;
    }
}

// The channel's counters with the background-energy bookkeeping closed at `at` (a clock no
// earlier than its last state change), added to `sum`; the state is left as it is. Per-layer
// statistics of the closed loop (rule C5) are differences of such sums.
DRAMSWEEP_HD inline void add_counters_at(const EngineParams& p, const ChannelState& s, std::uint64_t at,
                                         ChannelCounters& sum) {
    const ChannelCounters& c = s.counters;
    for (int i = 0; i < dram::kNumCommands; ++i) sum.commands[i] += c.commands[i];
    sum.reads += c.reads;
    sum.writes += c.writes;
    sum.row_hits += c.row_hits;
    sum.row_misses += c.row_misses;
    sum.row_conflicts += c.row_conflicts;
    sum.read_latency_sum += c.read_latency_sum;
    sum.write_latency_sum += c.write_latency_sum;
    sum.active_cycles += c.active_cycles;
    sum.precharged_cycles += c.precharged_cycles;
    if (c.read_latency_max > sum.read_latency_max) sum.read_latency_max = c.read_latency_max;
    for (std::uint32_t r = 0; r < p.ranks; ++r) {
        const RankState& rank = s.ranks[r];
        (rank.open_banks > 0 ? sum.active_cycles : sum.precharged_cycles) += at - rank.state_since;
    }
}

}  // namespace dramsweep::engine
