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

inline constexpr std::uint32_t kMaxBanksPerChannel = 64;  // DDR5 2 ranks x 32 banks
inline constexpr std::uint32_t kMaxRanks = 4;
inline constexpr std::uint32_t kMaxQueue = 64;       // entries per read or write queue
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

struct BankState {
    std::uint64_t earliest[dram::kNumCommands];  // earliest legal clock per command (pair rules)
    std::uint64_t last_column;                   // last column command or ACT (timeout policy)
    std::uint32_t row;
    std::uint32_t hits_since_act;
    std::uint32_t open;
    std::uint32_t pad;
};

// Per queue and bank: requests hitting the open row and the others, with the oldest of each.
struct BankSummary {
    std::uint32_t hits, others;
    std::uint32_t oldest_hit, oldest_other;  // sequence numbers
};

struct RankState {
    std::uint64_t act_history[4];  // last four ACTs (ring), for tFAW
    std::uint64_t state_since;     // clock the open/closed state last changed (energy)
    std::uint64_t refresh_due;
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
    QueueEntry queue[2][kMaxQueue];  // 0 reads, 1 writes; each in arrival order
    BankState banks[kMaxBanksPerChannel];
    BankSummary summary[2][kMaxBanksPerChannel];
    RankState ranks[kMaxRanks];
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
