// The reference channel controller. Every decision below is one of the numbered rules of
// docs/model.md ("DRAM"); the comments name them.

#include "dramsweep/dram/controller.hpp"

#include <algorithm>

#include "dramsweep/dram/command_effects.hpp"
#include "dramsweep/dram/issue_command.hpp"
#include "dramsweep/dram/rules.hpp"

namespace dramsweep::dram {

ChannelController::ChannelController(const DramConfig& config, const ConstraintTable& table,
                                     std::uint32_t channel, CommandLog* log)
    : config_(config),
      table_(table),
      channel_(channel),
      log_(log),
      params_(controller_params(config, table)),
      banks_(config.org.banks_per_channel()),
      ranks_(config.org.ranks),
      hit_waiting_(config.org.banks_per_channel()),
      open_row_(config.org.banks_per_channel(), kClosedRow) {
    summaries_[0].resize(config.org.banks_per_channel());
    summaries_[1].resize(config.org.banks_per_channel());
    const std::uint32_t n = config.org.banks_per_channel(), bpg = config.org.banks_per_group;
    bank_rank_.resize(n);
    bank_scope_.resize(static_cast<std::size_t>(n) * n);
    for (std::uint32_t a = 0; a < n; ++a) {
        bank_rank_[a] = a / params_.banks_per_rank;
        const std::uint32_t la = a % params_.banks_per_rank;
        for (std::uint32_t b = 0; b < n; ++b) {
            const std::uint32_t lb = b % params_.banks_per_rank;
            bank_scope_[static_cast<std::size_t>(a) * n + b] =
                scope_of(a / params_.banks_per_rank, la / bpg, la % bpg, b / params_.banks_per_rank, lb / bpg,
                         lb % bpg, false);
        }
    }
    read_queue_.reserve(params_.read_slots);
    write_queue_.reserve(params_.write_slots);
    // Rule R1 (controller_params): all-bank refresh every tREFI per rank, per-bank refresh every
    // tREFI / banks with the banks of a rank in turn; ranks staggered or together.
    for (std::uint32_t r = 0; r < ranks_.size(); ++r) {
        ranks_[r].refresh_due = rules::first_refresh_due(
            params_.refresh_interval, r, static_cast<std::uint32_t>(ranks_.size()), params_.refresh_ranks);
        ranks_[r].wck_synced_until = rules::wck_first_stop(params_.wck_sync, kNever);  // R14
    }
}

bool ChannelController::can_accept(bool is_write) const {
    return is_write ? held_[1] < params_.write_queue : held_[0] < params_.read_queue;
}

void ChannelController::accept(std::uint64_t id, bool is_write, const DecodedAddress& at, std::uint64_t now) {
    Request r{};
    r.id = id;
    r.arrival = now;
    r.at = at;
    r.bank = at.rank * params_.banks_per_rank + at.bank_group * config_.org.banks_per_group + at.bank;
    r.is_write = is_write;
    r.seq = next_seq_++;
    (is_write ? write_queue_ : read_queue_).push_back(r);
    ++held_[is_write ? 1 : 0];
    (is_write ? write_keys_ : read_keys_).push_back(hot_key(r));
    BankQueueSummary& sum = summaries_[is_write ? 1 : 0][r.bank];
    if (open_row_[r.bank] == r.at.row) {
        if (sum.hits++ == 0) sum.oldest_hit = r.seq;
    } else if (sum.others++ == 0) {
        sum.oldest_other = r.seq;
    }
    // Rule R10: the new request may issue from the next clock on; a change of write mode at the
    // next tick may make the other queue's requests candidates, so that clock is evaluated.
    if (write_mode_after(held_[0], held_[1]) != write_mode_)
        note_event(now + 1);
    else
        note_event(std::max(now + 1, earliest(command_for(r), r.bank)));
}

std::uint64_t ChannelController::earliest(Command c, std::uint32_t flat_bank) const {
    std::uint64_t e = banks_[flat_bank].earliest[c];
    if (c == kAct) {
        e = std::max(e, ranks_[rank_of(flat_bank)].faw_bound);
    }
    return e;
}

Command ChannelController::command_for(const Request& r) const {
    const BankRecord& b = banks_[r.bank].state;
    return rules::next_command(b.open != 0, b.row, r.at.row,
                               r.is_write);  // R6 may add auto-precharge at issue
}

bool ChannelController::bank_blocked_by_refresh(std::uint32_t flat_bank) const {
    const std::uint32_t rank_index = rank_of(flat_bank);
    const RankRecord& rank = ranks_[rank_index];
    if (rank.refresh_pending == 0) return false;  // the common case, before the rule's arguments
    const bool all_bank = config_.controller.refresh == RefreshMode::kAllBank;
    return rules::blocked_by_refresh(
        rank.refresh_pending != 0, all_bank, flat_bank,
        rules::refresh_target(all_bank, rank_index * params_.banks_per_rank, rank.refresh_bank));
}

void ChannelController::update_write_mode() {
    // Rule R3: write drain with hysteresis, over the requests the queues hold (R12).
    write_mode_ = write_mode_after(held_[0], held_[1]);
}

bool ChannelController::choose_refresh(std::uint64_t now, rules::BusFilter bus, Choice& out) {
    // Rule R2: a pending refresh comes first; its rank (or bank) is closed with PREA (PRE), then
    // refreshed, once the activated requests there are served (R11).
    if (!rules::carries_row_commands(bus)) return false;
    const bool all_bank = config_.controller.refresh == RefreshMode::kAllBank;
    for (std::uint32_t ri = 0; ri < ranks_.size(); ++ri) {
        const RankRecord& rank = ranks_[ri];
        if (rank.refresh_pending == 0) continue;
        const std::uint32_t bank =
            rules::refresh_target(all_bank, ri * params_.banks_per_rank, rank.refresh_bank);
        const BankRecord& target = banks_[bank].state;
        const rules::RefreshStep step = rules::refresh_step(all_bank, rank.open_banks, rank.activated_banks,
                                                            target.open != 0, target.activated != 0);
        if (!step.may_issue) continue;
        const std::uint64_t e = earliest(step.command, bank);
        if (e <= now) {
            out = {step.command, bank, -1, 0};
            return true;
        }
        note_event(e);
    }
    return false;
}

void ChannelController::summarize_bank(bool writes, std::uint32_t flat_bank) {
    // Recounts one bank's requests in one queue as row hits or not, with the oldest of each.
    BankQueueSummary& sum = summaries_[writes ? 1 : 0][flat_bank];
    sum = BankQueueSummary{};
    const std::vector<Request>& queue = writes ? write_queue_ : read_queue_;
    const std::vector<std::uint64_t>& keys = writes ? write_keys_ : read_keys_;
    const std::uint64_t open_row = open_row_[flat_bank];
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (key_bank(keys[i]) != flat_bank) continue;
        if (key_row(keys[i]) == open_row) {
            if (sum.hits++ == 0) sum.oldest_hit = queue[i].seq;
        } else if (sum.others++ == 0) {
            sum.oldest_other = queue[i].seq;
        }
    }
}

void ChannelController::summarize_bank_both_queues(std::uint32_t flat_bank) {
    summarize_bank(false, flat_bank);
    summarize_bank(true, flat_bank);
}

bool ChannelController::choose_activated(std::uint64_t now, rules::BusFilter bus, Choice& out) {
    // Rule R11: the oldest activated request whose column command is legal, from either queue and
    // whatever refresh is pending. An activated request is the oldest row hit of its queue.
    if (!rules::carries_column_commands(bus)) return false;
    std::uint64_t best = kNever;
    for (std::uint32_t b = 0; b < banks_.size(); ++b) {
        const std::uint32_t activated = banks_[b].state.activated;
        if (activated == 0) continue;
        const int q = static_cast<int>(activated - 1);
        const std::uint64_t e = banks_[b].earliest[q != 0 ? kWr : kRd];
        if (e > now)
            note_event(e);
        else
            best = std::min(best, summaries_[q][b].oldest_hit);
    }
    if (best == kNever) return false;
    for (int q = 0; q < 2; ++q) {
        const std::vector<Request>& queue = q != 0 ? write_queue_ : read_queue_;
        for (std::size_t i = 0; i < queue.size(); ++i)
            if (queue[i].seq == best) {
                out = {command_for(queue[i]), queue[i].bank, static_cast<int>(i), q};
                return true;
            }
    }
    return false;
}

bool ChannelController::choose_oldest(std::uint64_t now, rules::BusFilter bus, Choice& out) {
    // Strict FCFS: the oldest request of the active queue, or nothing.
    const int q = write_mode_ ? 1 : 0;
    const std::vector<Request>& queue = q != 0 ? write_queue_ : read_queue_;
    if (queue.empty() || bank_blocked_by_refresh(queue.front().bank)) return false;
    const Request& r = queue.front();
    const Command cmd = command_for(r);
    // Rule R11: its bank's activated request is served first (choose_activated).
    if (cmd == kPre && banks_[r.bank].state.activated != 0) return false;
    if (!rules::on_bus(cmd, bus)) return false;
    const std::uint64_t e = earliest(cmd, r.bank);
    if (e > now) {
        note_event(e);
        return false;
    }
    out = {cmd, r.bank, 0, q};
    return true;
}

bool ChannelController::choose_request(std::uint64_t now, rules::BusFilter bus, Choice& out) {
    // Requests of one bank that need the same command share its earliest legal clock, so the
    // choice is made per bank from the summaries (oldest hit, oldest other request): the result
    // is the same as scanning the queue oldest first, at a fraction of the cost.
    if (config_.controller.scheduler == Scheduler::kStrictFcfs) return choose_oldest(now, bus, out);
    const std::vector<Request>& queue = write_mode_ ? write_queue_ : read_queue_;
    if (queue.empty()) return false;
    const bool frfcfs = config_.controller.scheduler == Scheduler::kFrFcfs;
    const std::uint32_t cap = config_.controller.row_hit_cap;
    const Command column = write_mode_ ? kWr : kRd;  // rule R6 may add auto-precharge at issue
    const BankQueueSummary* sums = summaries_[write_mode_ ? 1 : 0].data();
    // Rule R13: row hits need the column bus, the other requests the row bus.
    const bool columns = rules::carries_column_commands(bus), rows = rules::carries_row_commands(bus);

    std::uint64_t best_hit = kNever, best_any = kNever;  // sequence numbers
    for (std::uint32_t b = 0; b < banks_.size(); ++b) {
        const BankQueueSummary& sum = sums[b];
        if ((sum.hits | sum.others) == 0 || bank_blocked_by_refresh(b)) continue;
        const Bank& bank = banks_[b];
        const bool cap_reached = rules::row_hit_cap_reached(cap, bank.state.hits_since_act);
        if (sum.hits > 0 && columns) {
            const std::uint64_t e = bank.earliest[column];
            if (e > now) {
                note_event(e);
            } else {
                // Rule R5: once capped, a hit loses its priority to the waiting conflict.
                if (rules::hit_has_priority(cap_reached, sum.others))
                    best_hit = std::min(best_hit, sum.oldest_hit);
                best_any = std::min(best_any, sum.oldest_hit);
            }
        }
        if (sum.others > 0 && rows) {
            const Command cmd = bank.state.open != 0 ? kPre : kAct;
            // Rule R4 (FR-FCFS): a row with waiting hits is not closed for a conflicting request
            // until the row-hit cap is reached; R11: nor while it holds an activated request.
            if (cmd == kPre &&
                !rules::precharge_allowed(frfcfs, sum.hits, cap_reached, bank.state.activated != 0))
                continue;
            const std::uint64_t e = earliest(cmd, b);
            if (e > now)
                note_event(e);
            else
                best_any = std::min(best_any, sum.oldest_other);
        }
    }
    const std::uint64_t chosen = rules::pick_request(frfcfs, best_hit, best_any, kNever);
    if (chosen == kNever) return false;
    std::size_t index = 0;
    while (queue[index].seq != chosen) ++index;
    out = {command_for(queue[index]), queue[index].bank, static_cast<int>(index), write_mode_ ? 1 : 0};
    return true;
}

bool ChannelController::choose_timeout_precharge(std::uint64_t now, rules::BusFilter bus, Choice& out) {
    // Rule R7: under the timeout policy an open row that no queued request wants closes once it
    // has seen no column command for page_timeout clocks.
    if (config_.controller.page_policy != PagePolicy::kTimeout || !rules::carries_row_commands(bus))
        return false;
    std::fill(hit_waiting_.begin(), hit_waiting_.end(), 0);
    for (const auto* queue : {&read_queue_, &write_queue_})
        for (const Request& r : *queue)
            if (banks_[r.bank].state.open != 0 && banks_[r.bank].state.row == r.at.row)
                hit_waiting_[r.bank] = 1;
    for (std::uint32_t b = 0; b < banks_.size(); ++b) {
        const BankRecord& bank = banks_[b].state;
        const std::uint64_t e = rules::timeout_close_at(
            bank.open != 0, hit_waiting_[b] != 0, ranks_[rank_of(b)].refresh_pending != 0, bank.last_column,
            config_.controller.page_timeout, earliest(kPre, b), kNever);
        if (e == kNever) continue;
        if (e > now) {
            note_event(e);
            continue;
        }
        out = {kPre, b, -1, 0};
        return true;
    }
    return false;
}

void ChannelController::apply_timing(Command c, std::uint32_t flat_bank, std::uint64_t now) {
    const std::uint32_t rank = rank_of(flat_bank);
    const bool rank_wide = is_rank_command(c);
    const Scope* scopes = &bank_scope_[static_cast<std::size_t>(flat_bank) * banks_.size()];
    for (std::uint32_t x = 0; x < banks_.size(); ++x) {
        // A rank-wide command is "same bank" to every bank of its rank (timing.hpp).
        const Scope s = rank_wide ? (rank_of(x) == rank ? kSameBank : kOtherRank) : scopes[x];
        std::uint64_t* e = banks_[x].earliest;
        const std::uint32_t* gaps = &table_.min_gap[c][0][0];
        for (int n = 0; n < kNumCommands; ++n) {
            const std::uint32_t g = gaps[n * kNumScopes + s];
            if (g != 0 && now + g > e[n]) e[n] = now + g;
        }
    }
}

void ChannelController::bank_state_changed(std::uint32_t flat_bank) {
    const BankRecord& b = banks_[flat_bank].state;
    open_row_[flat_bank] = b.open != 0 ? b.row : kClosedRow;
    summarize_bank_both_queues(flat_bank);
}

void ChannelController::close(std::uint32_t flat_bank, std::uint64_t now) {
    if (close_bank(banks_[flat_bank].state, ranks_[rank_of(flat_bank)], now, counters_))
        bank_state_changed(flat_bank);
}

// The reference's layout for dram::issue_command (issue_command.hpp): the chosen command's bank,
// and the request it serves in the reference's queues.
class ChannelController::Issuing {
public:
    Issuing(ChannelController& c, const Choice& choice, std::uint64_t now, bool wck_sync)
        : c_(c),
          choice_(choice),
          now_(now),
          wck_sync_(wck_sync),
          queue_(choice.queue != 0 ? c.write_queue_ : c.read_queue_),
          req_(choice.request >= 0 ? &queue_[static_cast<std::size_t>(choice.request)] : nullptr),
          bank_(c.banks_[choice.bank].state),
          rank_(c.ranks_[c.rank_of(choice.bank)]) {}

    std::uint32_t target() const { return choice_.bank; }
    AutoPrechargeInputs auto_precharge_inputs() const {
        bool wanted = false;
        for (const auto* q : {&c_.read_queue_, &c_.write_queue_})
            for (const Request& other : *q)
                wanted =
                    wanted || (&other != req_ && other.bank == req_->bank && other.at.row == req_->at.row);
        return {wanted, bank_.activated != 0 && !req_->needed_act, bank_.hits_since_act + 1};
    }
    void apply_timing(Command cmd) { c_.apply_timing(cmd, choice_.bank, now_); }
    void count(Command cmd) {
        ++c_.counters_.commands[cmd];
        if (c_.log_) c_.log_command(cmd, choice_.bank, req_, now_, wck_sync_);
    }
    void activate() {
        dram::activate(bank_, rank_, req_->at.row, now_, req_->is_write ? 1u : 0u, c_.table_.faw_clocks,
                       c_.counters_);
        req_->needed_act = true;
        if (rules::leaves_queue_at_act(c_.params_.active_buffer)) --c_.held_[req_->is_write ? 1 : 0];
        c_.bank_state_changed(choice_.bank);
    }
    void close(std::uint32_t bank) { c_.close(bank, now_); }
    void note_precharge() {
        if (req_) req_->needed_pre = true;
    }
    RankBanks rank_banks() const {
        return {c_.rank_of(choice_.bank) * c_.params_.banks_per_rank, c_.params_.banks_per_rank};
    }
    void refresh_done(bool per_bank) {
        dram::refresh_done(rank_, c_.params_.refresh_interval, per_bank, c_.params_.banks_per_rank);
    }
    ServedRequest served_request() const { return {req_->needed_pre, req_->needed_act, req_->is_write}; }
    void serve(const ServedRequest& r) {
        serve_request(r.needed_pre, r.needed_act, r.is_write, now_ - req_->arrival, c_.counters_);
        column_access(bank_, now_, r.needed_act);
        if (r.needed_act) end_activation(rank_);
    }
    void send_read_data() { c_.returns_.push_back({now_ + c_.params_.read_return_delay, req_->arrival}); }
    void keep_wck_running(bool is_write) {
        dram::keep_wck_running(rank_, now_ + (is_write ? c_.params_.wck_write_run : c_.params_.wck_read_run));
    }
    void dequeue(const ServedRequest& r) {
        if (rules::leaves_queue_at_column(c_.params_.active_buffer, r.needed_act)) --c_.held_[r.is_write ? 1 : 0];
        const auto index = static_cast<std::ptrdiff_t>(choice_.request);
        queue_.erase(queue_.begin() + index);
        std::vector<std::uint64_t>& keys = r.is_write ? c_.write_keys_ : c_.read_keys_;
        keys.erase(keys.begin() + index);
        req_ = nullptr;
        c_.summarize_bank(r.is_write, choice_.bank);
    }

private:
    ChannelController& c_;
    const Choice& choice_;
    std::uint64_t now_;  // the command's clock: one after the CAS when it needed one (R14)
    bool wck_sync_;
    std::vector<Request>& queue_;
    Request* req_;
    BankRecord& bank_;
    RankRecord& rank_;
};

std::uint32_t ChannelController::issue(const Choice& choice, std::uint64_t now) {
    // Rule R14: a CAS first when the WCK has stopped; the bus carries the command the clock after.
    const std::uint64_t at_clock =
        rules::command_clock(choice.command, now, ranks_[rank_of(choice.bank)].wck_synced_until);
    if (at_clock != now) {
        ++counters_.wck_syncs;
        bus_free_at_ = at_clock + 1;
    }
    Issuing at(*this, choice, at_clock, at_clock != now);
    return issue_command(at, choice.command, config_.controller.page_policy, config_.controller.close_after);
}

void ChannelController::log_command(Command cmd, std::uint32_t flat_bank, const Request* req,
                                    std::uint64_t now, bool wck_sync) {
    const std::uint32_t local = flat_bank % params_.banks_per_rank;
    const bool rank_wide = is_rank_command(cmd);
    CommandRecord rec{};
    rec.cycle = now;
    rec.command = cmd;
    rec.channel = channel_;
    rec.rank = rank_of(flat_bank);
    rec.bank_group = rank_wide ? 0 : local / config_.org.banks_per_group;
    rec.bank = rank_wide ? 0 : local % config_.org.banks_per_group;
    rec.row = req ? req->at.row : banks_[flat_bank].state.row;
    rec.column = req ? req->at.column : 0;
    rec.queued = queued();
    rec.refresh_pending = ranks_[rank_of(flat_bank)].refresh_pending != 0;
    rec.request_arrival = req ? req->arrival : kNever;
    rec.wck_sync = wck_sync;
    log_->push_back(rec);
}

TickCounts ChannelController::tick(std::uint64_t now) {
    TickCounts counts;
    next_event_ = kNever;
    while (!returns_.empty() && returns_.front().when <= now) {
        const std::uint64_t latency = returns_.front().when - returns_.front().arrival;
        read_returned(latency, counters_);
        read_latencies_.add(latency);
        returns_.pop_front();
        ++counts.reads_returned;
    }
    if (config_.controller.refresh != RefreshMode::kOff) {
        for (RankRecord& rank : ranks_) {
            note_refresh_due(rank, now);
            if (rank.refresh_pending == 0) note_event(rank.refresh_due);
        }
    }
    update_write_mode();
    // Rule R14: the clock after a CAS carries the column command it preceded, and nothing else.
    if (now < bus_free_at_) {
        note_event(bus_free_at_);
        return counts;
    }
    Choice choice{};
    bool from_queue = false;
    if (choose(now, rules::BusFilter::kAnyBus, choice, from_queue)) {
        counts.writes_issued = issue(choice, now);
        bool all_from_queue = from_queue;
        // Rule R13: with row and column buses, a second command on the bus the first left free.
        Choice second{};
        if (rules::second_command_possible(params_.command_buses) &&
            choose(now, rules::bus_left_free(choice.command), second, from_queue)) {
            counts.writes_issued += issue(second, now);
            all_from_queue = all_from_queue && from_queue;
        }
        bound_after_issue(all_from_queue, now);
    }
    return counts;
}

bool ChannelController::choose(std::uint64_t now, rules::BusFilter bus, Choice& out, bool& from_queue) {
    // R11 (activated requests), R2 (refresh), R4/R5 (requests), R7 (timeout precharge).
    from_queue = true;
    if (choose_activated(now, bus, out)) return true;
    from_queue = false;
    if (choose_refresh(now, bus, out)) return true;
    from_queue = true;
    if (choose_request(now, bus, out)) return true;
    from_queue = false;
    return choose_timeout_precharge(now, bus, out);
}

void ChannelController::bound_after_issue(bool from_queue, std::uint64_t now) {
    // Rule R10 (idle skipping). After a command, the next clock at which anything can issue is
    // the earliest legal clock of some request's next command in either queue (either may be
    // active at the next tick), computed with the state after this command; bounds only grow
    // until the next command, so no clock before it can issue anything. Refresh commands and
    // the timeout policy are not bounded this way: the next clock is evaluated.
    // A pending refresh may wait for an activated request just served (R11): evaluated too.
    bool refresh_pending = false;
    for (const RankRecord& rank : ranks_) refresh_pending = refresh_pending || rank.refresh_pending != 0;
    if (!from_queue || refresh_pending || config_.controller.page_policy == PagePolicy::kTimeout) {
        note_event(now + 1);
        return;
    }
    for (int q = 0; q < 2; ++q) {
        for (std::uint32_t b = 0; b < banks_.size(); ++b) {
            const BankQueueSummary& sum = summaries_[q][b];
            if (sum.hits > 0) note_event(std::max(now + 1, banks_[b].earliest[q ? kWr : kRd]));
            if (sum.others > 0)
                note_event(std::max(now + 1, earliest(banks_[b].state.open != 0 ? kPre : kAct, b)));
        }
    }
}

bool ChannelController::write_mode_after(std::size_t reads, std::size_t writes) const {
    return rules::write_mode_after(write_mode_, reads, writes, config_.controller.write_high,
                                   config_.controller.write_low);
}

results::DramCounters ChannelController::counters_at(std::uint64_t at) const {
    results::DramCounters c = counters_;
    for (const RankRecord& rank : ranks_) add_standby_until(rank, at, c);
    return c;
}

void ChannelController::finish(std::uint64_t end) {
    for (RankRecord& rank : ranks_) close_standby(rank, end, counters_);
}

}  // namespace dramsweep::dram
