#pragma once
// Issuing one command: the procedure every controller follows when it has chosen a command (the
// reference, src/dram/controller.cpp; the host engine, engine/channel_step.hpp; the device,
// device/channel.hpp), written once over the backend's layout. The rule numbers are those of
// docs/model.md, "DRAM"; what each step does to the bank and rank records is command_effects.hpp.
//
// `Issuing` is the backend's view of the command being issued: its bank (`target()`) and, for a
// request's command, that request. It supplies
//   auto_precharge_inputs()  R6's inputs for the request a column command serves
//   apply_timing(c)          the pair rules of timing.hpp, in the backend's layout of the bounds
//   count(c)                 the command counted (and logged, where the backend logs)
//   activate()               ACT: the row opened for the request (activate in command_effects.hpp)
//   close(bank)              closes the bank if it is open (close_bank)
//   note_precharge()         a request's PRE: the request is a row conflict
//   rank_banks()             the first bank of the target's rank and the rank's bank count
//   refresh_done(per_bank)   REF / REFpb (refresh_done)
//   served_request()         what the request a column command serves needed (ServedRequest)
//   serve(r)                 the column command's effect on counters, bank and rank (R11)
//   send_read_data()         R8: the read's data handed back read_return_delay clocks later
//   keep_wck_running(write)  R14: the column command keeps the WCK running (keep_wck_running)
//   dequeue(r)               the served request leaves its queue
// and issue_command calls them in one order, the same in every backend. Before it, each backend
// takes rule R14's step (rules::command_clock): a column command that finds its rank's WCK stopped
// follows a CAS, which the backend counts and for whose next clock it holds the command bus, and
// the Issuing's clock is that next clock.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/dram/policies.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {

// Rule R6's inputs for the request a column command serves: whether another queued request
// (either queue) wants its row, whether its bank holds an activated request other than it, and
// the column commands of the activation with this one.
struct AutoPrechargeInputs {
    bool row_wanted;
    bool other_activated;
    std::uint32_t accesses;
};

// What the request a column command serves needed on its way: a PRE (a row conflict), an ACT (a
// miss, or a conflict; R11: it was its bank's activated request).
struct ServedRequest {
    bool needed_pre;
    bool needed_act;
    bool is_write;
};

struct RankBanks {
    std::uint32_t first;
    std::uint32_t count;
};

// Issues `command` at the Issuing's clock (as chosen; R6 may turn a column command into RDA/WRA).
// Returns the writes it completed (0 or 1).
template <typename Issuing>
DRAMSWEEP_HD DRAMSWEEP_ALWAYS_INLINE std::uint32_t issue_command(Issuing& at, Command command,
                                                                 PagePolicy policy,
                                                                 std::uint32_t close_after) {
    if (is_column(command) && rules::may_auto_precharge(policy)) {
        const AutoPrechargeInputs in = at.auto_precharge_inputs();
        command = rules::with_auto_precharge(command, policy, in.row_wanted, in.other_activated, in.accesses,
                                             close_after);
    }
    at.apply_timing(command);
    at.count(command);
    switch (command) {
        case kAct:
            at.activate();
            return 0;
        case kPre:
            at.close(at.target());
            at.note_precharge();
            return 0;
        case kPrea: {
            const RankBanks rank = at.rank_banks();
            for (std::uint32_t b = rank.first; b < rank.first + rank.count; ++b) at.close(b);
            return 0;
        }
        case kRef:
        case kRefPb:
            at.refresh_done(command == kRefPb);
            return 0;
        case kRd:
        case kRda:
        case kWr:
        case kWra: {
            const ServedRequest served = at.served_request();
            at.serve(served);
            if (!served.is_write) at.send_read_data();
            at.keep_wck_running(served.is_write);
            at.dequeue(served);
            if (command == kRda || command == kWra) at.close(at.target());
            return served.is_write ? 1u : 0u;
        }
        default:
            return 0;
    }
}

}  // namespace dramsweep::dram
