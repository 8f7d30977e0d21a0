#include "closed_loop.hpp"

#include <algorithm>
#include <limits>

namespace dramsweep::coupled::detail {
namespace {

constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();

class ClosedLoop {
public:
    ClosedLoop(const NetworkStream& stream, const dram::DramConfig& config, const ClockDomains& clocks)
        : stream_(stream), clocks_(clocks), memory_(config) {
        timeline_.fold_start.assign(stream.folds.size(), 0);
        timeline_.fold_end.assign(stream.folds.size(), 0);
        read_release_at_ = 0;  // C1: fold 0's reads at cycle 0
    }

    LoopTimeline run() {
        std::uint64_t now = 0;
        while (true) {
            take_layer_snapshots(now);
            const dram::TickResult tick = memory_.tick(now);
            reads_unreturned_ -= tick.reads_returned;
            writes_unissued_ -= tick.completed - tick.reads_returned;
            if (reads_released_ && reads_unreturned_ == 0 && reads_done_at_ == kNone) reads_done_at_ = now;
            advance_folds(now);
            offer_pending(now);
            if (finished()) break;
            now = next_clock(now);
        }
        timeline_.end_dram = now + 1;
        timeline_.end_accel = rules::run_end_cycle(clocks_, last_fold_end_, timeline_.end_dram);
        timeline_.final_stats = memory_.finish(timeline_.end_dram);
        while (timeline_.layer_snapshots.size() < stream_.layer_last_fold.size()) {
            timeline_.layer_snapshots.push_back(engine::counters_of(timeline_.final_stats));
            timeline_.layer_end_clock.push_back(timeline_.end_dram);
        }
        return timeline_;
    }

private:
    // Releases due requests and starts every fold that can start by `now` (rules C1-C3).
    void advance_folds(std::uint64_t now) {
        bool progress = true;
        while (progress) {
            progress = false;
            if (write_release_at_ != kNone && write_release_at_ <= now) {
                const FoldPlan& f = stream_.folds[write_release_fold_];
                for (std::uint64_t i = f.write_begin; i < f.write_end; ++i) pending_.push_back({stream_.writes[i], true});
                write_release_at_ = kNone;
                progress = true;
            }
            if (read_release_at_ != kNone && read_release_at_ <= now && next_fold_ < stream_.folds.size()) {
                const FoldPlan& f = stream_.folds[next_fold_];
                for (std::uint64_t i = f.read_begin; i < f.read_end; ++i) pending_.push_back({stream_.reads[i], false});
                reads_unreturned_ = f.read_end - f.read_begin;
                reads_released_ = true;
                reads_done_at_ = reads_unreturned_ == 0 ? read_release_at_ : kNone;
                read_release_at_ = kNone;
                progress = true;
            }
            if (try_start_fold(now)) progress = true;
        }
    }

    bool try_start_fold(std::uint64_t now) {
        if (next_fold_ >= stream_.folds.size()) return false;
        // C2's room condition. Once true it stays true until the next fold starts (lines only
        // leave the SRAM in between), so the first clock it holds is when it became true.
        const FoldPlan& fold = stream_.folds[next_fold_];
        const std::uint64_t outputs = fold.write_end - fold.write_begin;
        if (!rules::ofmap_has_room(writes_unissued_, outputs, stream_.ofmap_capacity_lines)) return false;
        if (room_since_ == kNone) room_since_ = now;
        if (!reads_released_ || reads_done_at_ == kNone) return false;
        // The previous fold's end is already known; its writes are released at that clock, and
        // deciding the next start only then keeps the order of releases simple.
        if (write_release_at_ != kNone) return false;
        const std::uint64_t start = rules::fold_start_cycle(clocks_, last_fold_end_, reads_done_at_, room_since_);
        const std::uint64_t end = start + fold.cycles;
        timeline_.fold_start[next_fold_] = start;
        timeline_.fold_end[next_fold_] = end;
        last_fold_end_ = end;
        writes_unissued_ += outputs;  // C3: reserved at the start
        write_release_fold_ = next_fold_;
        write_release_at_ = rules::release_clock(clocks_, end);
        ++next_fold_;
        reads_released_ = false;
        reads_done_at_ = kNone;
        room_since_ = kNone;
        if (next_fold_ < stream_.folds.size()) read_release_at_ = rules::release_clock(clocks_, start);  // C1
        return true;
    }

    void offer_pending(std::uint64_t now) {
        while (!pending_.empty()) {
            const Pending& p = pending_.front();
            if (!memory_.offer(p.address, p.is_write, offered_, now)) break;
            ++offered_;
            pending_.pop_front();
        }
    }

    // Rule C5, before the tick of `now`: the statistics of every layer but the last end at the
    // DRAM clock its last fold ends. Nothing happens in the clocks skipped since the previous
    // evaluated one, so the counters now are those of that clock, whichever clocks were evaluated.
    void take_layer_snapshots(std::uint64_t now) {
        while (timeline_.layer_snapshots.size() + 1 < stream_.layer_last_fold.size()) {
            const std::size_t last = stream_.layer_last_fold[timeline_.layer_snapshots.size()];
            if (last >= next_fold_) return;
            const std::uint64_t end = rules::release_clock(clocks_, timeline_.fold_end[last]);
            if (end > now) return;
            snapshot(end);
        }
    }

    void snapshot(std::uint64_t end) {
        timeline_.layer_snapshots.push_back(engine::counters_of(memory_.finish(end)));
        timeline_.layer_end_clock.push_back(end);
    }

    bool finished() const {
        return next_fold_ == stream_.folds.size() && write_release_at_ == kNone && pending_.empty() &&
               reads_unreturned_ == 0 && writes_unissued_ == 0;
    }

    std::uint64_t next_clock(std::uint64_t now) const {
        // Idle skipping as in the trace driver (rule R10), bounded by the loop's own events.
        const std::uint64_t e = memory_.next_event();
        std::uint64_t next = (e == dram::ChannelController::kNever || e <= now) ? now + 1 : e;
        for (const std::uint64_t t : {read_release_at_, write_release_at_}) {
            if (t != kNone && t > now) next = std::min(next, t);
        }
        return next;
    }

    struct Pending {
        std::uint64_t address;
        bool is_write;
    };

    const NetworkStream& stream_;
    ClockDomains clocks_;
    dram::MemorySystem memory_;
    LoopTimeline timeline_;
    std::deque<Pending> pending_;
    std::uint64_t offered_ = 0;

    std::size_t next_fold_ = 0;        // the fold that starts next
    std::uint64_t last_fold_end_ = 0;  // accelerator cycle the last started fold ends
    std::uint64_t read_release_at_ = kNone;   // DRAM clock the next fold's reads are released
    bool reads_released_ = false;
    std::uint64_t reads_unreturned_ = 0;      // released reads of the next fold not yet returned
    std::uint64_t reads_done_at_ = kNone;     // DRAM clock the last of them returned
    std::uint64_t write_release_at_ = kNone;  // DRAM clock the last started fold's writes are released
    std::size_t write_release_fold_ = 0;
    std::uint64_t writes_unissued_ = 0;       // output lines reserved or released, WR not yet issued
    std::uint64_t room_since_ = kNone;        // first DRAM clock the next fold's outputs fit
};

}  // namespace

LoopTimeline run_closed_loop(const NetworkStream& stream, const dram::DramConfig& config, const ClockDomains& clocks) {
    return ClosedLoop(stream, config, clocks).run();
}

}  // namespace dramsweep::coupled::detail
