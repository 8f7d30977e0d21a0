#pragma once
// The state of a bank and of a rank, as plain records that every controller holds: the
// reference controller (src/dram/controller.cpp), the host batched engine (engine/) and the
// CUDA kernels (device/). What the commands do to them is command_effects.hpp; the timing
// bounds each backend keeps in its own layout (timing.hpp defines the rules).
//
// Clock is the type of a DRAM clock: 64-bit absolute on the host, 32-bit relative to a base on
// the device (device/device_state.hpp rebases them). The start of a rank's standby span is
// always absolute: spans are summed exactly, however long.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::dram {

template <typename Clock>
struct BankRecordT {
    std::uint32_t open = 0;            // 1 while a row is open
    std::uint32_t row = 0;             // the open row (or the last one)
    std::uint32_t hits_since_act = 0;  // column commands to the open row since its ACT (row-hit cap, R5)
    // R11: 1 + the queue (0 reads, 1 writes) of the request the open row was activated for, until
    // that request's column command; 0: none. That request is the oldest row hit of its queue.
    std::uint32_t activated = 0;
    Clock last_column = 0;             // last column command or ACT (timeout policy, R7)
};

template <typename Clock>
struct RankRecordT {
    Clock act_history[4] = {};       // the last four ACTs (ring), for tFAW
    Clock faw_bound = 0;             // earliest next ACT by tFAW (rules::faw_bound, kept after each ACT)
    Clock refresh_due = 0;           // the next refresh falls due (R1)
    Clock wck_synced_until = 0;      // R14: the first clock the WCK no longer runs (rules::wck_first_stop)
    std::uint64_t state_since = 0;   // clock the open/closed state of the rank last changed (energy)
    std::uint32_t act_count = 0;     // ACTs so far (the ring's position)
    std::uint32_t open_banks = 0;
    std::uint32_t activated_banks = 0;  // banks holding an activated request (R11)
    std::uint32_t refresh_pending = 0;
    std::uint32_t refresh_bank = 0;  // per-bank refresh: the bank (within the rank) next in turn
};

using BankRecord = BankRecordT<std::uint64_t>;
using RankRecord = RankRecordT<std::uint64_t>;

}  // namespace dramsweep::dram
