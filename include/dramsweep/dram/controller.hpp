#pragma once
// The reference memory controller of one channel: read and write queues, bank state, refresh,
// scheduling (FCFS / FR-FCFS), page policy. Cycle-stepped: tick(now) issues at most one
// command; the rules it follows are written in docs/model.md, section "DRAM".

#include <cstdint>
#include <deque>
#include <vector>

#include "dramsweep/dram/command_log.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/stats.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {

struct Request {
    std::uint64_t id;       // position in the trace, for callers
    std::uint64_t arrival;  // cycle it was accepted
    DecodedAddress at;
    std::uint32_t bank;     // flat bank index within the channel
    bool is_write;
    bool needed_pre = false;  // a PRE was issued for it (row conflict)
    bool needed_act = false;  // an ACT was issued for it (row miss, or conflict)
};

struct TickResult {
    bool issued = false;
    std::uint32_t completed = 0;  // reads handed back plus writes issued in this tick
};

class ChannelController {
public:
    static constexpr std::uint64_t kNever = ~std::uint64_t{0};

    ChannelController(const DramConfig& config, const ConstraintTable& table, std::uint32_t channel,
                      CommandLog* log);

    bool can_accept(bool is_write) const;
    // Enqueues a request decoded to this channel; call only when can_accept() said yes.
    void accept(std::uint64_t id, bool is_write, const DecodedAddress& at, std::uint64_t now);

    // Hands back finished reads, then issues at most one command at clock `now`.
    TickResult tick(std::uint64_t now);
    // After a tick that issued nothing: the earliest clock at which a tick could do anything
    // (a command becoming legal, a read returning, a refresh falling due). Ticks in between are
    // provably idle, so a driver may skip them (see docs/model.md).
    std::uint64_t next_event() const { return next_event_; }

    bool idle() const { return read_queue_.empty() && write_queue_.empty() && returns_.empty(); }
    std::uint32_t queued() const { return static_cast<std::uint32_t>(read_queue_.size() + write_queue_.size()); }

    // Closes the background-energy bookkeeping at `end` and returns the statistics.
    const DramStats& finish(std::uint64_t end);
    const DramStats& stats() const { return stats_; }

private:
    struct Bank {
        bool open = false;
        std::uint32_t row = 0;
        std::uint32_t hits_since_act = 0;      // column commands to the open row since its ACT
        std::uint64_t last_column = 0;          // for the timeout page policy
        std::uint64_t earliest[kNumCommands]{}; // earliest legal clock per command (pair rules)
    };
    struct Rank {
        std::uint64_t act_history[4]{};  // last four ACTs (ring), for tFAW
        std::uint32_t act_count = 0;     // ACTs so far (for the ring position)
        std::uint32_t open_banks = 0;
        std::uint64_t state_since = 0;   // clock the open/closed state last changed (energy)
        std::uint64_t refresh_due = 0;   // next REF (all-bank) or REFpb falls due
        bool refresh_pending = false;
        std::uint32_t refresh_bank = 0;  // per-bank refresh: the bank (within the rank) next in turn
    };
    struct Return {
        std::uint64_t when;
        std::uint64_t arrival;
    };
    struct Choice {
        Command command;
        std::uint32_t bank;   // flat bank (rank-wide commands: first bank of the rank)
        int request;          // index into the active queue, -1 for refresh / page-policy commands
    };

    std::uint32_t rank_of(std::uint32_t flat_bank) const { return flat_bank / banks_per_rank_; }
    std::uint64_t earliest(Command c, std::uint32_t flat_bank) const;
    Command command_for(const Request& r) const;
    bool refresh_blocks(const Request& r) const;
    bool choose_refresh(std::uint64_t now, Choice& out);
    bool choose_request(std::uint64_t now, Choice& out);
    bool choose_timeout_precharge(std::uint64_t now, Choice& out);
    void update_write_mode();
    void issue(const Choice& choice, std::uint64_t now, TickResult& result);
    void apply_timing(Command c, std::uint32_t flat_bank, std::uint64_t now);
    void set_open(std::uint32_t flat_bank, bool open, std::uint64_t now);
    void note_event(std::uint64_t when) {
        if (when < next_event_) next_event_ = when;
    }

    const DramConfig& config_;
    const ConstraintTable& table_;
    std::uint32_t channel_;
    CommandLog* log_;
    std::uint32_t banks_per_rank_;
    std::uint32_t refresh_interval_;  // clocks between refresh commands of one rank

    std::vector<Request> read_queue_, write_queue_;  // each in arrival order
    bool write_mode_ = false;
    std::vector<Bank> banks_;
    std::vector<Rank> ranks_;
    std::deque<Return> returns_;  // reads in flight, in return order
    std::vector<std::uint8_t> hit_waiting_, conflict_waiting_;  // per bank, scratch of choose_request
    std::uint64_t next_event_ = 0;
    DramStats stats_;
};

}  // namespace dramsweep::dram
