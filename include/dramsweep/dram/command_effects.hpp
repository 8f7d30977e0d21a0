#pragma once
// What each DRAM command does to the bank and rank records (bank_state.hpp) and to the counters
// (results/dram_counters.hpp): the one definition every backend calls when a command issues,
// after raising the timing bounds of timing.hpp in its own layout. The rule numbers are those
// of docs/model.md, "DRAM".
//
//   ACT    opens the row for a request, which is activated until its column command (R11):
//          activate_bank on the bank, activate_rank on its rank (tFAW ring).
//   PRE    closes the bank (close_bank). PREA closes every bank of the rank.
//   RD/WR  count the request served (serve_request) and its column access (column_access; the
//          request the ACT was for ends its activation, end_activation for the rank), and keep
//          the rank's WCK running (keep_wck_running, R14); RDA/WRA close the bank afterwards.
//   REF    (and REFpb) end the pending refresh (refresh_done).
// Opening or closing a bank may switch its rank between active and precharged standby, which
// closes a span of background time (note_open_banks).
//
// The bank part and the rank part of a command are separate functions so that the CUDA kernel,
// where each lane holds one bank's record and a copy of its rank's, applies each part on the
// lanes that hold it.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/bank_state.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::dram {

// The rank's count of open banks changes by +1 (opened) or -1; when that switches the rank
// between "some bank open" and "all closed", the span since the last switch is counted as active
// or precharged standby.
template <typename Clock>
DRAMSWEEP_HD void note_open_banks(RankRecordT<Clock>& rank, bool opened, std::uint64_t now,
                                  results::DramCounters& counters) {
    const bool was_active = rank.open_banks > 0;
    rank.open_banks = opened ? rank.open_banks + 1 : rank.open_banks - 1;
    if (was_active != (rank.open_banks > 0)) {
        (was_active ? counters.active_cycles : counters.precharged_cycles) += now - rank.state_since;
        rank.state_since = now;
    }
}

// ACT, the bank's part: `row` is open for a request of queue `queue` (0 reads, 1 writes), which
// is activated (R11); no column command to it yet.
template <typename Clock>
DRAMSWEEP_HD void activate_bank(BankRecordT<Clock>& bank, std::uint32_t row, Clock now, std::uint32_t queue) {
    bank.row = row;
    bank.open = 1;
    bank.hits_since_act = 0;
    bank.last_column = now;
    bank.activated = 1 + queue;
}

// ACT, the rank's part: the tFAW ring and its bound, one more bank holding an activated request.
template <typename Clock>
DRAMSWEEP_HD void activate_rank(RankRecordT<Clock>& rank, Clock now, std::uint32_t faw_clocks) {
    rank.act_history[rank.act_count % 4] = now;
    ++rank.act_count;
    rank.faw_bound = rules::faw_bound(rank.act_history, rank.act_count, faw_clocks);
    ++rank.activated_banks;
}

// ACT, both parts and the standby accounting.
template <typename Clock>
DRAMSWEEP_HD void activate(BankRecordT<Clock>& bank, RankRecordT<Clock>& rank, std::uint32_t row, Clock now,
                           std::uint32_t queue, std::uint32_t faw_clocks, results::DramCounters& counters) {
    activate_bank(bank, row, now, queue);
    activate_rank(rank, now, faw_clocks);
    note_open_banks(rank, true, static_cast<std::uint64_t>(now), counters);
}

// R11, the rank's part of a column command that serves the request its bank was activated for.
template <typename Clock>
DRAMSWEEP_HD void end_activation(RankRecordT<Clock>& rank) {
    --rank.activated_banks;
}

// PRE (and each bank of a PREA, and the implied precharge of RDA/WRA), the bank's part: closes
// an open bank. False when it was closed already (nothing changes).
template <typename Clock>
DRAMSWEEP_HD bool deactivate_bank(BankRecordT<Clock>& bank) {
    if (bank.open == 0) return false;
    bank.open = 0;
    return true;
}

// The same with the rank's part (its count of open banks and the standby accounting).
template <typename Clock>
DRAMSWEEP_HD bool close_bank(BankRecordT<Clock>& bank, RankRecordT<Clock>& rank, std::uint64_t now,
                             results::DramCounters& counters) {
    if (!deactivate_bank(bank)) return false;
    note_open_banks(rank, false, now, counters);
    return true;
}

// RD/WR/RDA/WRA to the open row: one more hit for the row-hit cap, and the timeout restarts.
// `for_activation`: the request served is the one the row was activated for (it needed the ACT;
// R11: a bank's only such request while queued), whose activation ends here.
template <typename Clock>
DRAMSWEEP_HD void column_access(BankRecordT<Clock>& bank, Clock now, bool for_activation) {
    ++bank.hits_since_act;
    bank.last_column = now;
    if (for_activation) bank.activated = 0;
}

// R14: a RD or WR keeps its rank's WCK running until `until` (the first clock it stops).
template <typename Clock>
DRAMSWEEP_HD void keep_wck_running(RankRecordT<Clock>& rank, Clock until) {
    if (until > rank.wck_synced_until) rank.wck_synced_until = until;
}

// The request a column command serves: a row hit if no PRE or ACT was issued for it, a miss
// if an ACT (only) was, a conflict if a PRE was. A write completes here (its latency: to the
// WR); a read's latency is counted when its data is handed back (R8).
DRAMSWEEP_HD inline void serve_request(bool needed_pre, bool needed_act, bool is_write, std::uint64_t write_latency,
                                       results::DramCounters& counters) {
    if (needed_pre) ++counters.row_conflicts;
    else if (needed_act) ++counters.row_misses;
    else ++counters.row_hits;
    if (is_write) {
        ++counters.writes;
        counters.write_latency_sum += write_latency;
    } else {
        ++counters.reads;
    }
}

// A read's data handed back, `latency` clocks after it was accepted.
DRAMSWEEP_HD inline void read_returned(std::uint64_t latency, results::DramCounters& counters) {
    counters.read_latency_sum += latency;
}

// REF or REFpb: the pending refresh is done; the next one is due one interval after this one
// was (R1: a late refresh does not drift the schedule); per-bank refresh moves to the next bank.
template <typename Clock>
DRAMSWEEP_HD void refresh_done(RankRecordT<Clock>& rank, std::uint32_t interval, bool per_bank,
                               std::uint32_t banks_per_rank) {
    rank.refresh_pending = 0;
    rank.refresh_due += interval;
    if (per_bank) rank.refresh_bank = (rank.refresh_bank + 1) % banks_per_rank;
}

// R1: a refresh that is due becomes pending at the first clock at or after its due time.
// True when it became pending at `now`.
template <typename Clock>
DRAMSWEEP_HD bool note_refresh_due(RankRecordT<Clock>& rank, Clock now) {
    if (rank.refresh_pending != 0 || now < rank.refresh_due) return false;
    rank.refresh_pending = 1;
    return true;
}

// The rank's standby time from its last switch up to `at`, added to `counters` (the record is
// left as it is): statistics closed at a clock (rule C5, the end of a run).
template <typename Clock>
DRAMSWEEP_HD void add_standby_until(const RankRecordT<Clock>& rank, std::uint64_t at, results::DramCounters& counters) {
    (rank.open_banks > 0 ? counters.active_cycles : counters.precharged_cycles) += at - rank.state_since;
}

// The same, and the record's span restarts at `at`.
template <typename Clock>
DRAMSWEEP_HD void close_standby(RankRecordT<Clock>& rank, std::uint64_t at, results::DramCounters& counters) {
    add_standby_until(rank, at, counters);
    rank.state_since = at;
}

}  // namespace dramsweep::dram
