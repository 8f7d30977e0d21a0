#pragma once
// The reference memory controller of one channel: read and write queues, bank state, refresh,
// scheduling (FCFS / FR-FCFS), page policy. Cycle-stepped: tick(now) issues at most one
// command per command bus; the rules it follows are written in docs/model.md, section "DRAM".

#include <cstdint>
#include <deque>
#include <vector>

#include "dramsweep/dram/bank_state.hpp"
#include "dramsweep/dram/clock.hpp"
#include "dramsweep/dram/command_log.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/controller_params.hpp"
#include "dramsweep/dram/mapping.hpp"
#include "dramsweep/dram/rules.hpp"
#include "dramsweep/dram/timing.hpp"
#include "dramsweep/results/dram_counters.hpp"
#include "dramsweep/results/latency.hpp"

namespace dramsweep::dram {

struct Request {
    std::uint64_t id;       // position in the trace, for callers
    std::uint64_t arrival;  // cycle it was accepted
    DecodedAddress at;
    std::uint32_t bank;  // flat bank index within the channel
    bool is_write;
    std::uint64_t seq = 0;    // acceptance order within the channel (older = smaller)
    bool needed_pre = false;  // a PRE was issued for it (row conflict)
    bool needed_act = false;  // an ACT was issued for it (row miss, or conflict)
};

class ChannelController {
public:
    ChannelController(const DramConfig& config, const ConstraintTable& table, std::uint32_t channel,
                      CommandLog* log);

    bool can_accept(bool is_write) const;
    // Enqueues a request decoded to this channel; call only when can_accept() said yes.
    void accept(std::uint64_t id, bool is_write, const DecodedAddress& at, std::uint64_t now);

    // Hands back finished reads, then issues at most one command at clock `now`.
    TickCounts tick(std::uint64_t now);
    // After a tick: the earliest clock at which a tick could issue a command or a refresh fall
    // due, assuming no request is accepted in between (kNever: none). Ticks before it and before
    // next_return() are provably idle, so a driver may skip them (docs/model.md, R10).
    std::uint64_t next_event() const { return next_event_; }
    // The clock the oldest read in flight hands its data back (kNever: none).
    std::uint64_t next_return() const { return returns_.empty() ? kNever : returns_.front().when; }

    bool idle() const { return read_queue_.empty() && write_queue_.empty() && returns_.empty(); }
    std::uint32_t queued() const {
        return static_cast<std::uint32_t>(read_queue_.size() + write_queue_.size());
    }

    // The counters with the standby time closed at `at` (no earlier than the last command);
    // the state is left as it is.
    results::DramCounters counters_at(std::uint64_t at) const;
    // Closes the standby bookkeeping at the run's end `end`.
    void finish(std::uint64_t end);
    const results::DramCounters& counters() const { return counters_; }
    const results::LatencyCounts& read_latencies() const { return read_latencies_; }

private:
    struct Bank {
        BankRecord state;
        std::uint64_t earliest[kNumCommands]{};  // earliest legal clock per command (pair rules)
    };
    struct Return {
        std::uint64_t when;
        std::uint64_t arrival;
    };
    struct Choice {
        Command command;
        std::uint32_t bank;  // flat bank (rank-wide commands: first bank of the rank)
        int request;         // index into queue `queue`, -1 for refresh / page-policy commands
        int queue;           // 0 reads, 1 writes
    };

    class Issuing;  // the reference's view of a command being issued (controller.cpp)

    std::uint32_t rank_of(std::uint32_t flat_bank) const { return bank_rank_[flat_bank]; }
    std::uint64_t earliest(Command c, std::uint32_t flat_bank) const;
    Command command_for(const Request& r) const;
    bool bank_blocked_by_refresh(std::uint32_t flat_bank) const;
    // The clock's command on `bus` (R13) by the rules' priority; `from_queue`: it serves a request.
    bool choose(std::uint64_t now, rules::BusFilter bus, Choice& out, bool& from_queue);
    bool choose_refresh(std::uint64_t now, rules::BusFilter bus, Choice& out);
    bool choose_activated(std::uint64_t now, rules::BusFilter bus, Choice& out);
    bool choose_request(std::uint64_t now, rules::BusFilter bus, Choice& out);
    bool choose_oldest(std::uint64_t now, rules::BusFilter bus, Choice& out);
    bool choose_timeout_precharge(std::uint64_t now, rules::BusFilter bus, Choice& out);
    void update_write_mode();
    bool write_mode_after(std::size_t reads, std::size_t writes) const;
    void bound_after_issue(bool from_queue, std::uint64_t now);
    std::uint32_t issue(const Choice& choice, std::uint64_t now);
    void apply_timing(Command c, std::uint32_t flat_bank, std::uint64_t now);
    void bank_state_changed(std::uint32_t flat_bank);  // its open row changed: refresh the summaries
    void close(std::uint32_t flat_bank, std::uint64_t now);
    void log_command(Command cmd, std::uint32_t flat_bank, const Request* req, std::uint64_t now,
                     bool wck_sync);
    void note_event(std::uint64_t when) {
        if (when < next_event_) next_event_ = when;
    }

    const DramConfig& config_;
    const ConstraintTable& table_;
    std::uint32_t channel_;
    CommandLog* log_;
    ControllerParams params_;  // the sizes and rule constants every backend derives alike

    std::vector<Request> read_queue_, write_queue_;  // each in arrival order
    // Per queue (0 reads, 1 writes): its requests held against its capacity and the write-drain
    // thresholds (R12).
    std::uint32_t held_[2] = {0, 0};
    bool write_mode_ = false;
    // R14: the first clock the command bus is free again after a CAS and its column command.
    std::uint64_t bus_free_at_ = 0;
    std::vector<Bank> banks_;
    std::vector<RankRecord> ranks_;
    std::deque<Return> returns_;             // reads in flight, in return order
    std::vector<std::uint8_t> hit_waiting_;  // per bank, scratch of choose_timeout_precharge
    // Hot copies for the scheduler's loop: per bank the open row (kClosedRow when closed), per
    // queue entry its bank and row packed in one word, kept in the queue's order.
    static constexpr std::uint64_t kClosedRow = ~std::uint64_t{0};
    static std::uint64_t hot_key(const Request& r) { return (std::uint64_t{r.at.row} << 32) | r.bank; }
    static std::uint32_t key_bank(std::uint64_t key) { return static_cast<std::uint32_t>(key & 0xffffffffu); }
    static std::uint64_t key_row(std::uint64_t key) { return key >> 32; }
    std::vector<std::uint64_t> open_row_;
    std::vector<std::uint64_t> read_keys_, write_keys_;
    // Per queue (0 read, 1 write) and bank: how many requests hit the open row and how many do
    // not, with the oldest of each. Kept current on every accept, issue and bank state change.
    struct BankQueueSummary {
        std::uint32_t hits = 0, others = 0;
        std::uint64_t oldest_hit = 0, oldest_other = 0;
    };
    std::vector<BankQueueSummary> summaries_[2];
    std::uint64_t next_seq_ = 0;
    void summarize_bank(bool writes, std::uint32_t flat_bank);
    void summarize_bank_both_queues(std::uint32_t flat_bank);
    // Precomputed so that the per-clock paths do no division: rank of each flat bank, and the
    // scope between every pair of banks (row: the bank a command goes to).
    std::vector<std::uint32_t> bank_rank_;
    std::vector<Scope> bank_scope_;
    std::uint64_t next_event_ = 0;
    results::DramCounters counters_;
    results::LatencyCounts read_latencies_;
};

}  // namespace dramsweep::dram
