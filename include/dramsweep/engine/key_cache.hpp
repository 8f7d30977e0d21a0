#pragma once
// The scheduler's key cache (ChannelState::cache, docs/engine.md "Key cache"): which cached
// keys a state change makes stale, the cached evaluation of a bank's key, and the fold of every
// waiting bank's key through the cache and the kept last fold.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/engine/bank_keys.hpp"

namespace dramsweep::engine::channel_detail {

// A bank's own state changed (summary, open row, hit count): both its keys are stale.
DRAMSWEEP_HD inline void mark_bank_stale(KeyCache& c, std::uint32_t bank) {
    c.stale[0] |= bit(bank);
    c.stale[1] |= bit(bank);
}

// The banks whose cached key of queue q reads one of the hot bounds in `hot` (bit n:
// kHotCommands[n]). Exact for the clean keys: a change of what a key reads makes it stale. Only
// open banks' keys are cached (fold_cached_keys), so no cached key reads the ACT bound (bit 0)
// or tFAW.
DRAMSWEEP_HD inline std::uint64_t key_readers(const KeyCache& c, int q, std::uint32_t hot) {
    std::uint64_t r = 0;
    if ((hot & 2u) != 0) r |= c.other_banks[q] & c.open_mask;
    if ((hot & (4u << q)) != 0) r |= c.hit_banks[q];
    return r;
}

// Command c raised, by the gaps of `scope`, the hot bounds of the banks in `banks`; the keys that
// read one of them are stale.
DRAMSWEEP_HD inline void mark_scope_stale(const EngineParams& p, KeyCache& c, dram::Command cmd, dram::Scope scope,
                                          std::uint64_t banks) {
    const std::uint32_t hot = p.hot_mask[cmd][scope] & ~1u;  // bit 0 (ACT) is read by no cached key
    if (hot == 0 || banks == 0) return;
    c.stale[0] |= key_readers(c, 0, hot) & banks;
    c.stale[1] |= key_readers(c, 1, hot) & banks;
}

// The stale marks of command c to `bank`, scope by scope over the banks each scope reaches.
DRAMSWEEP_HD inline void mark_command_stale(const EngineParams& p, KeyCache& c, dram::Command cmd, std::uint32_t bank) {
    const std::uint32_t rank = rank_of(p, bank), group = bank >> p.group_shift;
    const std::uint64_t rank_banks = bits::bit_range(rank << p.rank_shift, (rank << p.rank_shift) + p.banks_per_rank);
    mark_scope_stale(p, c, cmd, dram::kOtherRank, bits::bit_range(0, p.banks_per_channel) & ~rank_banks);
    if (dram::is_rank_command(cmd)) {
        mark_scope_stale(p, c, cmd, dram::kSameBank, rank_banks);
        return;
    }
    const std::uint32_t group_first = group << p.group_shift;
    const std::uint64_t group_banks = bits::bit_range(group_first, group_first + p.banks_per_group);
    mark_scope_stale(p, c, cmd, dram::kSameRank, rank_banks & ~group_banks);
    mark_scope_stale(p, c, cmd, dram::kSameBankGroup, group_banks & ~bit(bank));
    mark_scope_stale(p, c, cmd, dram::kSameBank, bit(bank));
}

// The cache's view of a bank's summary and open state, after the scheduler recounted it.
DRAMSWEEP_HD inline void note_summary(KeyCache& c, int q, std::uint32_t bank, const BankSummary& sum, bool open) {
    c.open_mask = open ? c.open_mask | bit(bank) : c.open_mask & ~bit(bank);
    c.hit_banks[q] = sum.hits > 0 ? c.hit_banks[q] | bit(bank) : c.hit_banks[q] & ~bit(bank);
    c.other_banks[q] = sum.others > 0 ? c.other_banks[q] | bit(bank) : c.other_banks[q] & ~bit(bank);
    mark_bank_stale(c, bank);
}

// bank_request_key for an open bank no refresh blocks, through the cache: recomputed when the
// bank is stale or the earliest bound it waits for has come; otherwise nothing it read has
// changed and the cached key is the same.
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
    s.cache.keys[q][b] = {k.hit, k.any, k.next, due_hit, due_any};
    return k;
}

// The folded key of every waiting bank of queue q at `now`, for a clock at which no refresh
// is pending. Open banks go through the cache: clean banks fold their cached key unless the
// bound it waits for has come; those and the stale banks are evaluated again (and cached).
// Closed banks are evaluated afresh (closed_bank_key): every ACT raises the ACT bounds of its
// rank and tFAW, which they all read, so caching them does not pay. The last fold
// (KeyCache::fold_valid) saves work while it stays exact: before its `next` comes, only the
// stale banks are evaluated and folded into it; before the open banks' part of it (fold_open_*)
// is due, that part is reused and only the closed banks are evaluated again.
DRAMSWEEP_HD inline RequestKey fold_cached_keys(const EngineParams& p, ChannelState& s, int q, std::uint64_t now) {
    KeyCache& c = s.cache;
    const std::uint64_t waiting = s.waiting_banks[q];
    const std::uint64_t open = waiting & c.open_mask;
    const std::uint64_t stale = c.stale[q] & waiting;
    c.stale[q] &= ~waiting;
    const bool kept = c.fold_valid != 0 && c.fold_queue == static_cast<std::uint32_t>(q);
    RequestKey open_key{c.fold_open_hit, c.fold_open_any, c.fold_open_next};
    if (kept && now < c.fold_next) {
        RequestKey key{c.fold_hit, c.fold_any, c.fold_next};
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
        c.fold_open_hit = open_key.hit;
        c.fold_open_any = open_key.any;
        c.fold_open_next = open_key.next;
        return key;
    }
    std::uint64_t redo = stale & open;
    if (!(kept && now < c.fold_open_next)) {
        // The three minima in locals: the cache writes below must not force them through memory.
        std::uint64_t hit = kNoCandidate, any = kNoCandidate, next = kNoCandidate;
        for (std::uint64_t m = open & ~redo; m != 0; m &= m - 1) {
            const std::uint32_t b = lowest_bit(m);
            CachedKey& k = c.keys[q][b];
            std::uint64_t k_hit = k.hit, k_any = k.any, k_next = k.next;
            if (k_next <= now) {
                if (k.due_any == kNoCandidate) {
                    redo |= bit(b);
                    continue;
                }
                // Nothing the key read has changed and every candidate it waited for is legal.
                k_hit = min_u64(k_hit, k.due_hit);
                k_any = min_u64(k_any, k.due_any);
                k_next = kNoCandidate;
                k = {k_hit, k_any, kNoCandidate, kNoCandidate, kNoCandidate};
            }
            hit = min_u64(hit, k_hit);
            any = min_u64(any, k_any);
            next = min_u64(next, k_next);
        }
        open_key = {hit, any, next};
    }
    for (std::uint64_t m = redo; m != 0; m &= m - 1)
        open_key = combine(open_key, recompute_cached_key(p, s, q, now, lowest_bit(m)));
    c.fold_open_hit = open_key.hit;
    c.fold_open_any = open_key.any;
    c.fold_open_next = open_key.next;
    // closed_bank_key for each closed bank, without a branch on the outcome (a coin toss per bank
    // on random traffic).
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

DRAMSWEEP_HD inline void keep_fold(KeyCache& c, int q, const RequestKey& key) {
    c.fold_hit = key.hit;
    c.fold_any = key.any;
    c.fold_next = key.next;
    c.fold_valid = 1;
    c.fold_queue = static_cast<std::uint32_t>(q);
}

// Whether a request arriving for `bank` of queue q leaves the kept fold exact: it does unless the
// bank is open and its old cached key held one of the open part's minima (candidates are unique,
// a tied `next` counts as held). A closed waiting bank's key stays as it is: its new request is
// neither a hit nor its oldest.
DRAMSWEEP_HD inline void note_arrival(KeyCache& c, std::uint64_t waiting, int q, std::uint32_t bank) {
    if (c.fold_valid == 0 || c.fold_queue != static_cast<std::uint32_t>(q) || (waiting & c.open_mask & bit(bank)) == 0)
        return;
    const CachedKey& old = c.keys[q][bank];
    if ((old.hit != kNoCandidate && old.hit == c.fold_open_hit) ||
        (old.any != kNoCandidate && old.any == c.fold_open_any) ||
        (old.next != kNoCandidate && old.next == c.fold_open_next))
        c.fold_valid = 0;
}

}  // namespace dramsweep::engine::channel_detail
