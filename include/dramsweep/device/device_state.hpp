#pragma once
// The device engine's data (docs/engine.md, "The device engine"): compact, and split by who
// holds it, so that a configuration's channel fits a warp and many warps fit an SM.
//
//   DeviceParams    one configuration, read-only (shared memory of its block): the timing rules
//                   as 16-bit gaps for the commands a bank keeps bounds for, the organisation as
//                   shifts, the controller settings.
//   BankLane        one bank, in the registers of the thread holding it: its record
//                   (dram/bank_state.hpp), its timing bounds, its requests in each queue.
//   ChannelUniform  one channel's queue and ring counts, in registers, identical in every
//                   thread of the channel (each computes them).
//   ChannelShared   one channel's ranks and counters, in shared memory, written by one thread.
//   DeviceEntry / DeviceReturn   queue entries and reads in flight, in shared memory.
//
// Clocks are 32-bit and relative to a base that moves with the simulation (rebase()); what
// must stay exact over any span (arrival times for latencies, a rank's standby start) is kept
// absolute.

#include <cstdint>
#include <type_traits>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/device/plan_key.hpp"
#include "dramsweep/dram/bank_state.hpp"
#include "dramsweep/dram/controller_params.hpp"
#include "dramsweep/dram/policies.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/dram/timing.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::device {

using Clock32 = std::int32_t;
inline constexpr Clock32 kNever32 = 0x7fffffff;
// A relative clock is at least kFarPast: anything older is equivalent for every use (a bound in
// the past, a tFAW window long closed, a timeout long expired), given gaps and the page timeout
// below 2^29 clocks (device_unsupported_reason).
inline constexpr Clock32 kFarPast = -(1 << 30);
// The base moves when the relative clock passes this, so that relative clocks stay far from
// overflowing whatever a clock skips.
inline constexpr Clock32 kRebaseAt = 1 << 29;

// How far relative clocks and sequence numbers run before they are moved back (tests make both
// small, so that a short run moves them often).
struct Renewal {
    Clock32 rebase_at = kRebaseAt;              // the base moves when the relative clock passes it
    std::uint32_t renumber_at = kPlanSeqLimit;  // a channel renumbers its queued requests here
};

inline constexpr std::uint32_t kMaxRanks = 4;
inline constexpr std::uint32_t kMaxQueue = 64;
// A block is one warp per channel (or half a warp: lanes_per_channel), and a lane holds one
// bank, or two where a channel has more than 32. The kernels are compiled for the largest block
// they may run (__launch_bounds__): 16 warps at one bank a lane, which holds them to 128
// registers a thread (16 warps of 128 fill an SM's 65,536), and 8 warps at two (up to 255).
inline constexpr std::uint32_t kMaxChannels = 16;
// On `width` lanes a channel (lanes_per_channel).
DRAMSWEEP_HD constexpr std::uint32_t banks_per_lane(std::uint32_t banks_per_channel,
                                                    std::uint32_t width = 32) {
    return banks_per_channel > width ? 2 : 1;
}
DRAMSWEEP_HD constexpr std::uint32_t max_block_threads(std::uint32_t per_lane) {
    return 32 * kMaxChannels / per_lane;
}
inline constexpr std::uint32_t kNoSeq = ~std::uint32_t{0};

// The commands whose bounds a bank keeps: those a request needs (ACT, PRE, RD, WR; RDA/WRA are
// legal when RD/WR are) and those refresh needs (PREA, REF, REFpb).
inline constexpr std::uint32_t kBoundCommands = 7;
enum BoundIndex : std::uint32_t {
    kBoundAct,
    kBoundPre,
    kBoundPrea,
    kBoundRd,
    kBoundWr,
    kBoundRef,
    kBoundRefPb
};

// The gaps command P imposes on the bounds of one scope: min_gap[P][N][scope] for the bound
// commands N, in one 32-byte row that a thread reads in two loads. They are 32-bit (below 2^16:
// device_unsupported_reason) so that raising a bound is one add-and-maximum, with no unpacking.
struct alignas(16) GapRow {
    Clock32 gap[8];
};
static_assert(kBoundCommands <= 8, "a row holds every bound command's gap");

struct DeviceParams : dram::ControllerParams {
    GapRow gap[dram::kNumCommands][dram::kNumScopes];
};

// The rules a kernel compiles in, as a policy type: AllRules takes every configuration;
// BaseRules leaves out rule R13's second command a clock and rule R14's CAS, for the
// configurations that use neither (one command bus, the WCK always on), which would otherwise pay
// for the code of both (bench/RESULTS.md). Pools are split by it.
struct AllRules {
    static constexpr bool kSecondCommand = true;
    static constexpr bool kWckSync = true;
};
struct BaseRules {
    static constexpr bool kSecondCommand = false;
    static constexpr bool kWckSync = false;
};
// Whether a configuration needs AllRules.
inline bool needs_all_rules(const dram::ControllerParams& p) {
    return dram::rules::second_command_possible(p.command_buses) || p.wck_sync == dram::WckSync::kOnDemand;
}

// The lanes a channel takes on the device: half a warp (two channels a warp) or a whole one. A
// 16-bank channel on a whole warp leaves half its lanes idle, and the channel's uniform work (its
// plan, its write mode, the loop's exchange) is paid per warp: on half warps two channels share
// it where their paths agree (bench/RESULTS.md). Which channels take half a warp
// (DRAMSWEEP_CUDA_HALF_WARPS = 0, 1, 2): none; those of at most 16 banks, a bank a lane (the
// default); or those of at most 32 too, two banks a lane (the model's best case gains, its worst
// loses a little, and the kernel holds fewer warps an SM: for a device to decide). Either way
// only configurations whose channels come in pairs.
inline constexpr std::uint32_t kHalfWarp = 16;
enum class HalfWarps : std::uint32_t { kOff = 0, kUpTo16Banks = 1, kUpTo32Banks = 2 };
inline std::uint32_t lanes_per_channel(const DeviceParams& p, HalfWarps half = HalfWarps::kUpTo16Banks) {
    const std::uint32_t most = half == HalfWarps::kOff ? 0 : half == HalfWarps::kUpTo16Banks ? 16 : 32;
    const bool pairs = p.channels % 2 == 0 && p.banks_per_channel <= most;
    return pairs ? kHalfWarp : 32;
}

// A request decoded for the device (once per distinct address mapping): row, flat bank within
// the channel, channel, kind, in one word.
inline constexpr std::uint32_t kRowBits = 20, kBankBits = 6, kChannelBits = 5;
DRAMSWEEP_HD inline std::uint32_t pack_request(std::uint32_t row, std::uint32_t bank, std::uint32_t channel,
                                               bool is_write) {
    return row | (bank << kRowBits) | (channel << (kRowBits + kBankBits)) | (is_write ? 1u << 31 : 0u);
}
DRAMSWEEP_HD inline std::uint32_t request_row(std::uint32_t r) {
    return r & ((1u << kRowBits) - 1);
}
DRAMSWEEP_HD inline std::uint32_t request_bank(std::uint32_t r) {
    return (r >> kRowBits) & ((1u << kBankBits) - 1);
}
DRAMSWEEP_HD inline std::uint32_t request_channel(std::uint32_t r) {
    return (r >> (kRowBits + kBankBits)) & ((1u << kChannelBits) - 1);
}
DRAMSWEEP_HD inline bool request_is_write(std::uint32_t r) {
    return (r >> 31) != 0;
}

struct DeviceEntry {
    std::uint32_t arrival;  // clock it was accepted, absolute modulo 2^32 (latencies are differences)
    std::uint32_t seq;      // acceptance order within the channel
    std::uint32_t row;
    std::uint8_t bank;
    std::uint8_t needed_pre, needed_act;
    std::uint8_t is_write;
};

struct DeviceReturn {
    Clock32 when;
    std::uint32_t arrival;  // absolute modulo 2^32
};

// A bank's requests in one queue: how many hit the open row and how many do not, the oldest of
// each (sequence number and queue slot). Counts and slots are below 256 (kMaxQueue): one byte
// each, so that a summary takes three registers.
struct LaneSummary {
    std::uint32_t oldest_hit, oldest_other;
    std::uint8_t hits, others;
    std::uint8_t hit_slot, other_slot;
};

struct BankLane {
    dram::BankRecordT<Clock32> rec;
    Clock32 bound[kBoundCommands];  // earliest legal clock per command (pair rules of timing.hpp)
    LaneSummary sum[2];
    std::uint64_t slots[2];  // its requests' queue slots
};

// On the device these records live in registers, which an index only known at run time cannot
// address: the two queues and the bound of a command are chosen by constants (with_queue,
// bound_of), so that every index is one at compile time.
template <int Q>
using QueueIndex = std::integral_constant<int, Q>;
template <typename F>
DRAMSWEEP_HD auto with_queue(int q, F&& f) {
    return q != 0 ? f(QueueIndex<1>{}) : f(QueueIndex<0>{});
}
DRAMSWEEP_HD inline Clock32 bound_of(const BankLane& b, dram::Command c) {
    switch (c) {
        case dram::kAct:
            return b.bound[kBoundAct];
        case dram::kPre:
            return b.bound[kBoundPre];
        case dram::kPrea:
            return b.bound[kBoundPrea];
        case dram::kRd:
        case dram::kRda:
            return b.bound[kBoundRd];
        case dram::kWr:
        case dram::kWra:
            return b.bound[kBoundWr];
        case dram::kRef:
            return b.bound[kBoundRef];
        default:
            return b.bound[kBoundRefPb];
    }
}

struct ChannelUniform {
    std::uint64_t used[2];  // queue slots in use
    std::uint32_t held[2];  // requests held against capacity and drain thresholds (R12)
    std::uint32_t next_seq;
    std::uint32_t write_mode;
    std::uint32_t return_head, return_count;
    std::uint32_t pending_ranks;  // bit r: rank r has a refresh pending
    std::uint32_t activated;      // banks holding an activated request (R11)
    Clock32 next_event;           // after a tick: the earliest clock a command or refresh can happen
    Clock32 next_return;          // the oldest read in flight returns (kNever32: none)
    Clock32 next_refresh;         // the earliest due clock of a rank with no refresh pending (kNever32: none)
    Clock32 plan_at;              // the clock the planned request is legal (kNever32: none)
    std::uint32_t plan;           // the planned request: bank | slot << 8 | command << 16 | queue << 24
                                  // | 1 << 25 for an activated request (R11)
    std::uint32_t plan_stale;     // 1: the queues or banks changed since the plan was made
};

struct ChannelShared {
    dram::RankRecordT<Clock32> ranks[kMaxRanks];
    results::DramCounters counters;
    std::uint64_t ticks;  // clocks this channel evaluated (the rest it skipped as idle)
    std::uint32_t read_latency_max;
    std::uint32_t pad;
};

// Where a channel's queues and read ring lie in its block's shared memory (their sizes follow the
// configurations of a launch: device/layout.hpp).
struct ChannelView {
    DeviceEntry* queue[2];
    DeviceReturn* returns;
    std::uint32_t return_mask;  // ring capacity - 1 (a power of two)
    ChannelShared* shared;
};

// Moves a relative clock back by `delta` clocks (the base moved forward), no further than kFarPast.
DRAMSWEEP_HD inline Clock32 rebased(Clock32 t, std::int64_t delta) {
    if (t == kNever32) return t;
    const std::int64_t v = static_cast<std::int64_t>(t) - delta;
    return v < kFarPast ? kFarPast : static_cast<Clock32>(v);
}

}  // namespace dramsweep::device
