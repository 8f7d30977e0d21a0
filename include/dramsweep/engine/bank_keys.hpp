#pragma once
// What one bank contributes to the choice of the next request command (rules R4/R5), read from
// the host engine's state without changing it: the per-level timing bounds, the candidates of a
// bank and its request key (request_key.hpp). The scheduler folds these keys (key_cache.hpp,
// channel_step.hpp).

#include <cstdint>

#include "dramsweep/common/bits.hpp"
#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/engine/engine_state.hpp"
#include "dramsweep/engine/request_key.hpp"

namespace dramsweep::engine::channel_detail {

using bits::bit;
using bits::lowest_bit;
using bits::max_u64;
using bits::min_u64;

DRAMSWEEP_HD inline std::uint32_t rank_of(const EngineParams& p, std::uint32_t bank) {
    return bank >> p.rank_shift;
}

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
// command its other requests need (PRE when open, ACT when closed).
DRAMSWEEP_HD inline std::uint64_t column_ready(const EngineParams& p, const ChannelState& s,
                                               std::uint32_t bank, int q) {
    return level_bound(p, s, q != 0 ? dram::kWr : dram::kRd, bank);
}
DRAMSWEEP_HD inline std::uint64_t row_ready(const EngineParams& p, const ChannelState& s,
                                            std::uint32_t bank) {
    return s.banks[bank].open != 0 ? level_bound(p, s, dram::kPre, bank) : earliest(p, s, dram::kAct, bank);
}

DRAMSWEEP_HD inline bool is_hit(const ChannelState& s, const QueueEntry& q) {
    const dram::BankRecord& b = s.banks[q.bank];
    return b.open != 0 && b.row == q.row;
}

DRAMSWEEP_HD inline dram::Command command_for(const ChannelState& s, const QueueEntry& q) {
    const dram::BankRecord& b = s.banks[q.bank];
    return dram::rules::next_command(b.open != 0, b.row, q.row, q.is_write != 0);
}

DRAMSWEEP_HD inline bool bank_blocked_by_refresh(const EngineParams& p, const ChannelState& s,
                                                 std::uint32_t bank) {
    if (s.refresh_pending_ranks == 0) return false;  // the common case, without the rank's record
    const std::uint32_t r = rank_of(p, bank);
    const bool all_bank = p.refresh == dram::RefreshMode::kAllBank;
    return dram::rules::blocked_by_refresh(
        s.ranks[r].refresh_pending != 0, all_bank, bank,
        dram::rules::refresh_target(all_bank, r << p.rank_shift, s.ranks[r].refresh_bank));
}

// Rules R4/R5, part (a): what bank `b` of queue `q` contributes to the choice (request_key.hpp).
// Requests of one bank needing the same command share one earliest clock, so a bank offers at
// most two candidates, its oldest row hit and its oldest other request (the per-bank summaries):
// the candidates and the clocks from which they are legal, independent of the clock asked about.
struct BankKeyParts {
    std::uint64_t hit_ready;  // bound of the column command; kNever without row hits
    std::uint64_t hit;        // the oldest row hit, packed (pack_candidate)
    std::uint64_t hit_first;  // `hit` while it keeps its priority (rule R5), else kNoCandidate
    std::uint64_t
        other_ready;      // bound of the row command; kNever without others or while R4 protects the row
    std::uint64_t other;  // the oldest other request, packed
};

DRAMSWEEP_HD inline BankKeyParts bank_key_parts(const EngineParams& p, const ChannelState& s, int q,
                                                std::uint32_t b) {
    BankKeyParts k{kNever, kNoCandidate, kNoCandidate, kNever, kNoCandidate};
    const BankSummary& sum = s.summary[q][b];
    const dram::BankRecord& bank = s.banks[b];
    const bool cap_reached = dram::rules::row_hit_cap_reached(p.row_hit_cap, bank.hits_since_act);
    if (sum.hits > 0) {
        k.hit_ready = column_ready(p, s, b, q);
        k.hit = pack_candidate(sum.oldest_hit, b, sum.oldest_hit_slot);
        // Rule R5: once capped, a hit loses its priority to the waiting conflict.
        if (dram::rules::hit_has_priority(cap_reached, sum.others)) k.hit_first = k.hit;
    }
    if (sum.others > 0) {
        const bool frfcfs = p.scheduler == dram::Scheduler::kFrFcfs;
        // Rule R4 (FR-FCFS): a row with waiting hits is not closed for a conflicting request
        // until the row-hit cap is reached; R11: nor while it holds an activated request.
        if (bank.open != 0 &&
            !dram::rules::precharge_allowed(frfcfs, sum.hits, cap_reached, bank.activated != 0))
            return k;
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
    if (k.other_ready <= now)
        key.any = min_u64(key.any, k.other);
    else
        key.next = min_u64(key.next, k.other_ready);
    return key;
}

DRAMSWEEP_HD inline RequestKey bank_request_key(const EngineParams& p, const ChannelState& s, int q,
                                                std::uint64_t now, std::uint32_t b) {
    if (bank_blocked_by_refresh(p, s, b)) return kNoRequestKey;
    return key_at(bank_key_parts(p, s, q, b), now);
}

// Rule R13: the key of bank b with only the candidates whose command rides `Bus` (row hits need
// the column bus, the other requests the row bus).
template <dram::rules::BusFilter Bus>
DRAMSWEEP_HD inline RequestKey bank_request_key_on_bus(const EngineParams& p, const ChannelState& s, int q,
                                                       std::uint64_t now, std::uint32_t b) {
    if (bank_blocked_by_refresh(p, s, b)) return kNoRequestKey;
    BankKeyParts k = bank_key_parts(p, s, q, b);
    if constexpr (!dram::rules::carries_column_commands(Bus)) {
        k.hit_ready = kNever;
        k.hit = k.hit_first = kNoCandidate;
    }
    if constexpr (!dram::rules::carries_row_commands(Bus)) {
        k.other_ready = kNever;
        k.other = kNoCandidate;
    }
    return key_at(k, now);
}

// Strict FCFS: the key of the oldest request of queue q alone (the oldest of the waiting banks'
// oldest requests), from its bank's parts.
DRAMSWEEP_HD inline RequestKey oldest_request_key(const EngineParams& p, const ChannelState& s, int q,
                                                  std::uint64_t now) {
    std::uint32_t oldest = kNoSeq, bank = 0;
    for (std::uint64_t m = s.waiting_banks[q]; m != 0; m &= m - 1) {
        const std::uint32_t b = lowest_bit(m);
        const BankSummary& sum = s.summary[q][b];
        // A summary's oldest request of a kind is meaningful only while it counts one.
        const std::uint32_t hit = sum.hits > 0 ? sum.oldest_hit : kNoSeq;
        const std::uint32_t other = sum.others > 0 ? sum.oldest_other : kNoSeq;
        const std::uint32_t first = hit < other ? hit : other;
        if (first < oldest) {
            oldest = first;
            bank = b;
        }
    }
    if (oldest == kNoSeq || bank_blocked_by_refresh(p, s, bank)) return kNoRequestKey;
    const BankKeyParts k = bank_key_parts(p, s, q, bank);
    const bool is_hit = s.summary[q][bank].hits > 0 && s.summary[q][bank].oldest_hit == oldest;
    const std::uint64_t ready = is_hit ? k.hit_ready : k.other_ready;
    if (ready > now) return {kNoCandidate, kNoCandidate, ready};
    return {kNoCandidate, is_hit ? k.hit : k.other, kNoCandidate};
}

// The key of a closed waiting bank, read from the bounds: it has no row hits (a hit needs the
// open row), so its one candidate is its oldest request, needing ACT (bank_request_key reduced
// to that case).
DRAMSWEEP_HD inline RequestKey closed_bank_key(const EngineParams& p, const ChannelState& s, int q,
                                               std::uint64_t now, std::uint32_t b) {
    const std::uint64_t e = earliest(p, s, dram::kAct, b);
    if (e > now) return {kNoCandidate, kNoCandidate, e};
    return {kNoCandidate, pack_candidate(s.summary[q][b].oldest_other, b, s.summary[q][b].oldest_other_slot),
            kNoCandidate};
}

}  // namespace dramsweep::engine::channel_detail
