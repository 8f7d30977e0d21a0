#pragma once
// The host batched engine's data: what one configuration needs, as plain fixed-size structs
// (docs/engine.md, "State layout").
//
// EngineParams   read-only, one per configuration: the derived timing table rearranged for the
//                engine, the address mapping and the controller settings, all integers.
// ChannelState   the mutable state of one channel's controller (queues, banks, ranks, reads in
//                flight, counters, the scheduler's key cache); a configuration owns `channels`
//                of them, contiguous.
//
// The bank and rank records are the reference controller's (dram/bank_state.hpp) and change
// through the same effects (dram/command_effects.hpp). The sizes are fixed maxima so that a
// state is one flat block of memory; configurations beyond them run on the reference model
// instead (engine_params.hpp: engine_unsupported_reason).

#include <cstdint>

#include "dramsweep/dram/bank_state.hpp"
#include "dramsweep/dram/clock.hpp"
#include "dramsweep/dram/controller_params.hpp"
#include "dramsweep/dram/mapping.hpp"
#include "dramsweep/dram/policies.hpp"
#include "dramsweep/dram/timing.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::engine {

using dram::kNever;

inline constexpr std::uint32_t kMaxBanksPerChannel = 64;  // DDR5 2 ranks x 32 banks (one 64-bit mask)
inline constexpr std::uint32_t kMaxRanks = 4;
inline constexpr std::uint32_t kMaxQueue = 64;     // entries per read or write queue (one 64-bit mask)
inline constexpr std::uint32_t kMaxReturns = 128;  // reads in flight per channel (>= CL + BL + 1)
inline constexpr std::uint32_t kMaxChannels = 32;  // HBM3 pseudo-channels of a stack
inline constexpr std::uint32_t kNoSeq = ~std::uint32_t{0};

// The commands a queued request can need (ACT, PRE, RD, WR): EngineParams::hot_mask bit n
// stands for kHotCommands[n].
inline constexpr dram::Command kHotCommands[4] = {dram::kAct, dram::kPre, dram::kRd, dram::kWr};

struct EngineParams : dram::ControllerParams {
    // The constraint table with the next command innermost (gap_rows[P][scope][N]), so that
    // applying a command's bounds to a level reads one contiguous row.
    std::uint32_t gap_rows[dram::kNumCommands][dram::kNumScopes][dram::kNumCommands];
    // Which columns of gap_rows[P][scope] are rules (bit N: non-zero); applying a command raises
    // only those bounds (a PRE binds only its own bank's ACT; an ACT binds other banks' ACTs only).
    std::uint32_t gap_mask[dram::kNumCommands][dram::kNumScopes];
    // The same for the hot commands (bit n: kHotCommands[n]), for the key cache's stale marks.
    std::uint32_t hot_mask[dram::kNumCommands][dram::kNumScopes];
    dram::AddressMapping mapping;
};

struct QueueEntry {
    std::uint64_t arrival;  // clock it was accepted
    std::uint32_t seq;      // acceptance order within the channel
    std::uint32_t row;
    std::uint32_t bank;  // flat bank within the channel
    std::uint8_t needed_pre;
    std::uint8_t needed_act;
    std::uint8_t is_write;
    std::uint8_t pad;
};

// Per queue and bank: requests hitting the open row and the others, with the oldest of each.
struct BankSummary {
    std::uint32_t hits, others;
    std::uint32_t oldest_hit, oldest_other;            // sequence numbers
    std::uint32_t oldest_hit_slot, oldest_other_slot;  // their queue slots (for the packed candidates)
};

// A bank's last request key (request_key.hpp) for one queue, kept by the scheduler: it stays
// exact while nothing it read has changed and no bound it waits for has passed. When every
// candidate not legal yet becomes legal at `next`, due_hit / due_any are what `hit` and `any`
// gain then, so that the key is not evaluated again at that clock; due_any is kNoCandidate
// otherwise (a due key always gains a candidate).
struct CachedKey {
    std::uint64_t hit, any, next;  // RequestKey's fields
    std::uint64_t due_hit, due_any;
};

// The scheduler's caches (key_cache.hpp), for open banks only (a closed bank's key is read
// afresh: every ACT raises what it reads). A cached key of queue q reads the bound of its column
// command if the bank has row hits in q (hit_banks[q]) and that of PRE if it has other requests
// (other_banks[q]). Raising such a bound, or changing a bank's summary, open row or hit count,
// makes the bank's key stale.
struct KeyCache {
    CachedKey keys[2][kMaxBanksPerChannel];
    std::uint64_t hit_banks[2], other_banks[2];  // banks with summary[q][b].hits / .others > 0
    std::uint64_t open_mask;                     // banks with an open row
    std::uint64_t stale[2];
    // The last fold of the active queue (choose_request, bound_after_issue): the combined key of
    // the waiting banks and, apart, that of the open banks' cached keys. Valid (fold_valid, for
    // queue fold_queue) until a command issues or a request arrives for an open bank whose cached
    // key holds one of the open part's minima (channel_accept). Until fold_next comes, the next
    // clock folds it with the stale banks' keys only instead of every waiting bank's; until
    // fold_open_next comes, it reuses the open banks' part and evaluates only the closed banks
    // again (fold_cached_keys).
    std::uint64_t fold_hit, fold_any, fold_next;                 // RequestKey's fields
    std::uint64_t fold_open_hit, fold_open_any, fold_open_next;  // the same over the open banks only
    std::uint32_t fold_valid, fold_queue;
};

struct ReadReturn {
    std::uint64_t when;
    std::uint64_t arrival;
};

struct ChannelState {
    // The queues (0 reads, 1 writes) as slots: a request keeps its slot until it issues, age is
    // its sequence number. Bit masks say which slots are used, which slots belong to each bank
    // and which banks have requests, so that a bank's requests are found without a scan.
    QueueEntry queue[2][kMaxQueue];
    std::uint64_t used_slots[2];
    std::uint64_t bank_slots[2][kMaxBanksPerChannel];
    std::uint64_t waiting_banks[2];
    dram::BankRecord banks[kMaxBanksPerChannel];
    dram::RankRecord ranks[kMaxRanks];
    std::uint64_t bank_earliest[kMaxBanksPerChannel]
                               [dram::kNumCommands];  // bounds from commands to the bank itself
    // The pair rules' bounds, kept per level instead of per bank (docs/engine.md): a bank's
    // earliest clock for command N is the maximum of its own bound, its bank group's and its
    // rank's (which holds both the rank's own commands' bounds and those other ranks impose on
    // it). The table is closed (a narrower scope's gap is never below a wider one's), so this
    // equals the reference's per-bank bound.
    std::uint64_t group_earliest[kMaxBanksPerChannel][dram::kNumCommands];  // by bank >> group_shift
    std::uint64_t rank_earliest[kMaxRanks][dram::kNumCommands];
    BankSummary summary[2][kMaxBanksPerChannel];
    KeyCache cache;
    ReadReturn returns[kMaxReturns];  // ring, in return order
    results::DramCounters counters;
    std::uint64_t next_event;
    std::uint32_t read_latency_max;
    std::uint32_t held[2];  // per queue: its requests held against capacity and drain thresholds (R12)
    std::uint32_t return_head, return_count;
    std::uint32_t write_mode;
    std::uint32_t next_seq;
    std::uint32_t refresh_pending_ranks;  // ranks with refresh_pending set (fast path of R2)
    std::uint32_t pad;
    std::uint64_t activated_banks;  // banks whose record holds an activated request (R11)
    // The earliest clock an activated request's column command is legal (kNever: none), kept
    // after every command (only commands change bounds and activations).
    std::uint64_t activated_due;
};

}  // namespace dramsweep::engine
