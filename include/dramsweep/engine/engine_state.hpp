#pragma once
// The batched engine's data: what one configuration needs, as plain fixed-size structs that the
// host engine and the CUDA kernels share byte for byte (docs/engine.md, "State layout").
//
// EngineParams   read-only, one per configuration: the derived timing table, the address
//                mapping and the controller settings, all integers.
// ChannelState   the mutable state of one channel's controller (queues, banks, ranks, reads in
//                flight, statistics); a configuration owns `channels` of them, contiguous.
// RunProgress    the trace loop of rule R9 for one configuration (clock, next request, ...).
//
// The sizes are fixed maxima so that a state is one flat block of memory (one CUDA block's
// shared memory); configurations beyond them are run by the reference model instead
// (engine_params.hpp: engine_supports).

#include <cstdint>

#include "dramsweep/dram/mapping.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::engine {

inline constexpr std::uint32_t kMaxBanksPerChannel = 64;  // DDR5 2 ranks x 32 banks (one 64-bit mask)
inline constexpr std::uint32_t kMaxRanks = 4;
inline constexpr std::uint32_t kMaxQueue = 64;       // entries per read or write queue (one 64-bit mask)
inline constexpr std::uint32_t kMaxReturns = 128;    // reads in flight per channel (>= CL + BL + 1)
inline constexpr std::uint32_t kMaxChannels = 32;    // HBM3 pseudo-channels of a stack
inline constexpr std::uint64_t kNever = ~std::uint64_t{0};
inline constexpr std::uint32_t kNoSeq = ~std::uint32_t{0};

enum class EngineScheduler : std::uint8_t { kFcfs, kFrFcfs };
enum class EnginePagePolicy : std::uint8_t { kOpen, kClosed, kTimeout };
enum class EngineRefresh : std::uint8_t { kAllBank, kPerBank, kOff };

struct EngineParams {
    dram::ConstraintTable table;
    // The same table with the next command innermost (gap_rows[P][scope][N]), so that applying
    // a command's bounds to a bank reads one contiguous row; filled from `table`.
    std::uint32_t gap_rows[dram::kNumCommands][dram::kNumScopes][dram::kNumCommands];
    // The columns of gap_rows for the four commands requests need (kHotCommands order).
    std::uint32_t hot_gaps[dram::kNumCommands][dram::kNumScopes][4];
    // Which columns of gap_rows[P][scope] (bit N) and hot_gaps[P][scope] (bit h) are rules
    // (non-zero): applying a command raises only those bounds. Most are zero (a PRE binds only
    // its own bank's ACT; an ACT binds other banks' ACTs only), so this skips most of the work.
    std::uint32_t gap_mask[dram::kNumCommands][dram::kNumScopes];
    std::uint32_t hot_mask[dram::kNumCommands][dram::kNumScopes];
    dram::AddressMapping mapping;
    std::uint32_t channels;
    std::uint32_t ranks;
    std::uint32_t banks_per_rank;
    std::uint32_t banks_per_group;
    std::uint32_t banks_per_channel;
    std::uint32_t rank_shift;   // log2(banks_per_rank): flat bank -> rank
    std::uint32_t group_shift;  // log2(banks_per_group): flat bank -> bank group (rank included)
    std::uint32_t read_queue, write_queue, write_high, write_low;
    std::uint32_t row_hit_cap;
    std::uint32_t page_timeout;
    std::uint32_t refresh_interval;  // clocks between refresh commands of one rank (rule R1)
    std::uint32_t read_return_delay; // RD issue to data handed back (rule R8)
    EngineScheduler scheduler;
    EnginePagePolicy page_policy;
    EngineRefresh refresh;
};

struct QueueEntry {
    std::uint64_t arrival;  // clock it was accepted
    std::uint32_t seq;      // acceptance order within the channel
    std::uint32_t row;
    std::uint32_t bank;     // flat bank within the channel
    std::uint8_t needed_pre;
    std::uint8_t needed_act;
    std::uint8_t is_write;
    std::uint8_t pad;
};

// The commands a queued request can need (ACT, PRE, RD, WR): EngineParams::hot_mask bit n
// stands for kHotCommands[n].
inline constexpr dram::Command kHotCommands[4] = {dram::kAct, dram::kPre, dram::kRd, dram::kWr};
DRAMSWEEP_HD inline int hot_index(dram::Command c) {
    return c == dram::kAct ? 0 : c == dram::kPre ? 1 : c == dram::kRd ? 2 : c == dram::kWr ? 3 : -1;
}

// What the scheduler reads for a bank besides its bounds (kept per level, ChannelState), in
// 32 bytes.
struct BankState {
    std::uint64_t last_column;  // last column command or ACT (timeout policy)
    std::uint32_t row;
    std::uint32_t hits_since_act;
    std::uint32_t open;
    std::uint32_t pad[3];
};

// Per queue and bank: requests hitting the open row and the others, with the oldest of each.
struct BankSummary {
    std::uint32_t hits, others;
    std::uint32_t oldest_hit, oldest_other;            // sequence numbers
    std::uint32_t oldest_hit_slot, oldest_other_slot;  // their queue slots (for the packed candidates)
};

// A bank's last request key (request_key.hpp) for one queue, kept by the host scheduler: it
// stays exact while nothing it read has changed and no bound it waits for has passed. When
// every candidate not legal yet becomes legal at `next`, due_hit / due_any are what `hit` and
// `any` gain then, so that the key is not evaluated again at that clock; due_any is
// kNoCandidate otherwise (a due key always gains a candidate).
struct CachedKey {
    std::uint64_t hit, any, next;  // RequestKey's fields
    std::uint64_t due_hit, due_any;
};

struct RankState {
    std::uint64_t act_history[4];  // last four ACTs (ring), for tFAW
    std::uint64_t state_since;     // clock the open/closed state last changed (energy)
    std::uint64_t refresh_due;
    std::uint64_t faw_bound;       // earliest next ACT by tFAW (dram::rules::faw_bound after each ACT)
    std::uint32_t act_count;
    std::uint32_t open_banks;
    std::uint32_t refresh_pending;
    std::uint32_t refresh_bank;  // per-bank refresh: the bank (within the rank) next in turn
};

struct ReadReturn {
    std::uint64_t when;
    std::uint64_t arrival;
};

struct ChannelCounters {
    std::uint64_t commands[dram::kNumCommands];
    std::uint64_t reads, writes;
    std::uint64_t row_hits, row_misses, row_conflicts;
    std::uint64_t read_latency_sum, write_latency_sum;
    std::uint64_t active_cycles, precharged_cycles;
    std::uint32_t read_latency_max;
    std::uint32_t pad;
};

struct ChannelState {
    // The queues (0 reads, 1 writes) as slots: a request keeps its slot until it issues, age is
    // its sequence number. Bit masks say which slots are used, which slots belong to each bank
    // and which banks have requests, so that a bank's requests are found without a scan.
    QueueEntry queue[2][kMaxQueue];
    std::uint64_t used_slots[2];
    std::uint64_t bank_slots[2][kMaxBanksPerChannel];
    std::uint64_t waiting_banks[2];
    BankState banks[kMaxBanksPerChannel];
    std::uint64_t bank_earliest[kMaxBanksPerChannel][dram::kNumCommands];  // bounds from commands to the bank itself
    // The pair rules' bounds, kept per level instead of per bank (docs/engine.md): a bank's
    // earliest clock for command N is the maximum of its own bound, its bank group's and its
    // rank's (which holds both the rank's own commands' bounds and those other ranks impose on
    // it). The table is closed (a narrower scope's gap is never below a wider one's), so this
    // equals the reference's per-bank bound.
    std::uint64_t group_earliest[kMaxBanksPerChannel][dram::kNumCommands];  // by bank >> group_shift
    std::uint64_t rank_earliest[kMaxRanks][dram::kNumCommands];
    BankSummary summary[2][kMaxBanksPerChannel];
    RankState ranks[kMaxRanks];
    // The host scheduler's key cache (channel_step.hpp, fold_cached_keys), for open banks only
    // (a closed bank's key is read afresh: every ACT raises what it reads). A cached key of
    // queue q reads the bound of its column command if the bank has row hits in q (hit_banks[q])
    // and that of PRE if it has other requests (other_banks[q]). Raising such a bound, or
    // changing a bank's summary, open row or hit count, makes the bank's key stale. The CUDA
    // kernel evaluates every bank afresh and ignores the cache.
    CachedKey key_cache[2][kMaxBanksPerChannel];
    std::uint64_t hit_banks[2], other_banks[2];  // banks with summary[q][b].hits / .others > 0
    std::uint64_t open_mask;                      // banks with an open row
    std::uint64_t key_stale[2];
    // The host scheduler's last fold of the active queue (choose_request, bound_after_issue):
    // the combined key of the waiting banks and, apart, that of the open banks' cached keys.
    // Valid (fold_valid, for queue fold_queue) until a command issues or a request arrives for
    // an open bank whose cached key holds one of the open part's minima (channel_accept). Until
    // fold_next comes, the next clock folds it with the stale banks' keys only instead of every
    // waiting bank's; until fold_open_next comes, it reuses the open banks' part and evaluates
    // only the closed banks again (fold_cached_keys).
    std::uint64_t fold_hit, fold_any, fold_next;  // RequestKey's fields
    std::uint64_t fold_open_hit, fold_open_any, fold_open_next;  // the same over the open banks only
    std::uint32_t fold_valid, fold_queue;
    ReadReturn returns[kMaxReturns];  // ring, in return order
    ChannelCounters counters;
    std::uint64_t next_event;
    std::uint32_t queue_size[2];
    std::uint32_t return_head, return_count;
    std::uint32_t write_mode;
    std::uint32_t next_seq;
    std::uint32_t refresh_pending_ranks;  // ranks with refresh_pending set (fast path of R2)
    std::uint32_t pad;
};

struct RunProgress {
    std::uint64_t now;
    std::uint64_t next_request;  // index of the next request to offer
    std::uint64_t outstanding;   // accepted and not finished (rule R9)
    std::uint64_t end;           // cycles once done
    std::uint64_t ticks;         // clocks evaluated
    std::uint32_t done;
    std::uint32_t pad;
};

}  // namespace dramsweep::engine
