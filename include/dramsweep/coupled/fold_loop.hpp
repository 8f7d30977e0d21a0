#pragma once
// The closed loop of a network (rules C1-C5 of docs/model.md), written once for every backend
// over a memory model, resumable: fold_advance() runs at most `tick_budget` evaluated clocks.
// One evaluated clock is, in this order (results must be identical to the clock):
//   1. fold_before_tick: the statistics of layers whose span ended at or before this clock (C5);
//   2. the memory ticks (every channel: reads handed back, at most one command each);
//   3. fold_after_tick: releases due, folds that can start (C1-C3), then offers of the
//      released requests in order until one is refused (C1); the end (C4);
//   4. fold_next_clock: the next clock to evaluate (R10 plus the loop's own release clocks).
// The host runs them in a row; the CUDA kernel runs 1 and 3 on one thread and lets the channels
// act on them (take the accepted requests, close statistics) before 4.
//
// The network's requests are one stream: its reads, then its writes (a fold's write range is
// offset by the number of reads), so that a memory offers "request i" in either mode.
//
// A Memory provides what the trace loop's does (dram/trace_loop.hpp: tick, offer, next_event,
// next_return, finish) and
//   void add_counters_at(std::uint64_t at, results::DramCounters& into);
//       // every channel's counters with the standby time closed at `at` (no earlier than the
//       // last command), added to `into`; the state is left as it is.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/coupled/clock_domains.hpp"
#include "dramsweep/coupled/loop_rules.hpp"
#include "dramsweep/dram/clock.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::coupled {

using dram::kNever;

// One fold of the network as the loop reads it.
struct LoopFold {
    std::uint64_t cycles;                  // accelerator cycles it computes
    std::uint64_t read_begin, read_end;    // its prefetch: requests [read_begin, read_end)
    std::uint64_t write_begin, write_end;  // its outputs: requests [write_begin, write_end)
    std::uint32_t layer;
    std::uint32_t last_of_layer;  // 1 for the last fold of its layer
};

// The network as the loop reads it (one copy, shared by every configuration run over it).
struct FoldView {
    const LoopFold* folds;
    const std::uint64_t* layer_last_fold;  // index of each layer's last fold
    std::uint64_t fold_count;
    std::uint32_t layer_count;
    std::uint64_t ofmap_capacity_lines;
};

// The statistics of one layer as the loop records them: cumulative counters at the layer's end.
struct LayerRecord {
    std::uint64_t end_cycle;  // accelerator cycle its last fold ends (the last layer: the run's end)
    std::uint64_t end_clock;  // DRAM clock the counters were closed at
    results::DramCounters counters;  // all channels, cumulative from clock 0
};

// Released requests not yet accepted: ranges of the stream, offered in release order. A release
// that continues the last range (consecutive folds' requests are adjacent) extends it. At most
// three ranges are ever pending: only the next fold's reads can be (a fold starts when its reads
// returned, so everything released before them was accepted), with one run of writes before them
// and one after.
struct PendingRange {
    std::uint64_t next, end;
};
inline constexpr std::uint32_t kMaxPendingRanges = 4;

struct FoldProgress {
    ClockDomains clocks;
    std::uint64_t now;
    std::uint64_t ticks;             // clocks evaluated
    std::uint64_t end_clock;         // DRAM clocks of the run, once done
    std::uint64_t end_cycle;         // accelerator cycles of the run, once done
    std::uint64_t next_fold;         // the fold that starts next
    std::uint64_t last_fold_end;     // accelerator cycle the last started fold ends
    std::uint64_t read_release_at;   // DRAM clock the next fold's reads are released
    std::uint64_t reads_unreturned;  // released reads of the next fold not yet returned
    std::uint64_t reads_done_at;     // DRAM clock the last of them returned
    std::uint64_t write_release_at;  // DRAM clock the last started fold's writes are released
    std::uint64_t write_release_fold;
    std::uint64_t writes_unissued;   // output lines reserved or released, WR not yet issued
    std::uint64_t room_since;        // first DRAM clock the next fold's outputs fit
    PendingRange pending[kMaxPendingRanges];
    std::uint32_t pending_head, pending_count;
    std::uint32_t snapshot_layer;    // the next layer to record
    std::uint32_t reads_released;
    std::uint32_t done;
    std::uint32_t pad;
};

DRAMSWEEP_HD inline void fold_start(FoldProgress& g, const ClockDomains& clocks) {
    g = FoldProgress{};
    g.clocks = clocks;
    g.read_release_at = 0;  // C1: fold 0's reads at clock 0
    g.reads_done_at = g.write_release_at = g.room_since = kNever;
}

namespace fold_detail {

template <typename Memory>
DRAMSWEEP_HD void record_layer(Memory& m, FoldProgress& g, LayerRecord* layers, std::uint64_t at) {
    LayerRecord& r = layers[g.snapshot_layer];
    r.end_clock = at;
    r.counters = results::DramCounters{};
    m.add_counters_at(at, r.counters);
    ++g.snapshot_layer;
}

DRAMSWEEP_HD inline void push_pending(FoldProgress& g, std::uint64_t begin, std::uint64_t end) {
    if (begin == end) return;
    if (g.pending_count > 0) {
        PendingRange& tail = g.pending[(g.pending_head + g.pending_count - 1) % kMaxPendingRanges];
        if (tail.end == begin) {
            tail.end = end;
            return;
        }
    }
    // pending_count < kMaxPendingRanges here (PendingRange's comment says why).
    g.pending[(g.pending_head + g.pending_count) % kMaxPendingRanges] = PendingRange{begin, end};
    ++g.pending_count;
}

// C2-C3: starts the next fold if it can start by g.now.
DRAMSWEEP_HD inline bool try_start_fold(const FoldView& n, FoldProgress& g, LayerRecord* layers) {
    if (g.next_fold >= n.fold_count) return false;
    const LoopFold& fold = n.folds[g.next_fold];
    // C2's room condition. Once true it stays true until the next fold starts (lines only leave
    // the SRAM in between), so the first clock it holds is when it became true.
    const std::uint64_t outputs = fold.write_end - fold.write_begin;
    if (!rules::ofmap_has_room(g.writes_unissued, outputs, n.ofmap_capacity_lines)) return false;
    if (g.room_since == kNever) g.room_since = g.now;
    if (g.reads_released == 0 || g.reads_done_at == kNever) return false;
    // The previous fold's end is already known; its writes are released at that clock, and
    // deciding the next start only then keeps the order of releases simple.
    if (g.write_release_at != kNever) return false;
    const std::uint64_t start = rules::fold_start_cycle(g.clocks, g.last_fold_end, g.reads_done_at, g.room_since);
    const std::uint64_t end = start + fold.cycles;
    g.last_fold_end = end;
    g.writes_unissued += outputs;  // C3: reserved at the start
    g.write_release_fold = g.next_fold;
    g.write_release_at = rules::release_clock(g.clocks, end);
    if (fold.last_of_layer != 0) layers[fold.layer].end_cycle = end;
    ++g.next_fold;
    g.reads_released = 0;
    g.reads_done_at = kNever;
    g.room_since = kNever;
    if (g.next_fold < n.fold_count) g.read_release_at = rules::release_clock(g.clocks, start);  // C1
    return true;
}

// Releases due requests and starts every fold that can start by g.now (C1-C3).
DRAMSWEEP_HD inline void advance_folds(const FoldView& n, FoldProgress& g, LayerRecord* layers) {
    bool progress = true;
    while (progress) {
        progress = false;
        if (g.write_release_at != kNever && g.write_release_at <= g.now) {
            const LoopFold& f = n.folds[g.write_release_fold];
            push_pending(g, f.write_begin, f.write_end);
            g.write_release_at = kNever;
            progress = true;
        }
        if (g.read_release_at != kNever && g.read_release_at <= g.now && g.next_fold < n.fold_count) {
            const LoopFold& f = n.folds[g.next_fold];
            push_pending(g, f.read_begin, f.read_end);
            g.reads_unreturned = f.read_end - f.read_begin;
            g.reads_released = 1;
            g.reads_done_at = g.reads_unreturned == 0 ? g.read_release_at : kNever;
            g.read_release_at = kNever;
            progress = true;
        }
        if (try_start_fold(n, g, layers)) progress = true;
    }
}

// C1: the released requests are offered in order until one is refused.
template <typename Memory>
DRAMSWEEP_HD void offer_pending(Memory& m, FoldProgress& g) {
    while (g.pending_count > 0) {
        PendingRange& r = g.pending[g.pending_head];
        if (!m.offer(r.next, g.now)) return;
        if (++r.next == r.end) {
            g.pending_head = (g.pending_head + 1) % kMaxPendingRanges;
            --g.pending_count;
        }
    }
}

}  // namespace fold_detail

// Step 1 (C5): records every layer but the last whose span ended at or before g.now, at the DRAM
// clock its last fold ends. Nothing happened in the clocks skipped since the previous evaluated
// one, so the counters now are those of that clock, whichever clocks a backend evaluates.
template <typename Memory>
DRAMSWEEP_HD void fold_before_tick(Memory& m, const FoldView& n, FoldProgress& g, LayerRecord* layers) {
    while (g.snapshot_layer + 1 < n.layer_count && n.layer_last_fold[g.snapshot_layer] < g.next_fold) {
        const std::uint64_t end = rules::release_clock(g.clocks, layers[g.snapshot_layer].end_cycle);
        if (end > g.now) return;
        fold_detail::record_layer(m, g, layers, end);
    }
}

// Step 3, after the memory ticked and completed `counts`.
template <typename Memory>
DRAMSWEEP_HD void fold_after_tick(Memory& m, const FoldView& n, FoldProgress& g, LayerRecord* layers,
                                  dram::TickCounts counts) {
    ++g.ticks;
    g.reads_unreturned -= counts.reads_returned;
    g.writes_unissued -= counts.writes_issued;
    if (g.reads_released != 0 && g.reads_unreturned == 0 && g.reads_done_at == kNever) g.reads_done_at = g.now;
    fold_detail::advance_folds(n, g, layers);
    fold_detail::offer_pending(m, g);
    const bool finished = g.next_fold == n.fold_count && g.write_release_at == kNever && g.pending_count == 0 &&
                          g.reads_unreturned == 0 && g.writes_unissued == 0;
    if (!finished) return;
    // C4
    g.end_clock = g.now + 1;
    g.end_cycle = rules::run_end_cycle(g.clocks, g.last_fold_end, g.end_clock);
    while (g.snapshot_layer < n.layer_count) fold_detail::record_layer(m, g, layers, g.end_clock);
    layers[n.layer_count - 1].end_cycle = g.end_cycle;
    m.finish(g.end_clock);
    g.done = 1;
}

// Step 4 (R10), bounded by the loop's own release clocks. Read returns always count here: the
// clock the last read of a fold returns can start the next fold.
template <typename Memory>
DRAMSWEEP_HD void fold_next_clock(const Memory& m, FoldProgress& g) {
    if (g.done != 0) return;
    std::uint64_t e = m.next_event();
    const std::uint64_t r = m.next_return();
    if (r < e) e = r;
    std::uint64_t next = (e == kNever || e <= g.now) ? g.now + 1 : e;
    if (g.read_release_at != kNever && g.read_release_at > g.now && g.read_release_at < next) next = g.read_release_at;
    if (g.write_release_at != kNever && g.write_release_at > g.now && g.write_release_at < next)
        next = g.write_release_at;
    g.now = next;
}

// Runs up to `tick_budget` evaluated clocks on one thread; true once the network is done.
template <typename Memory>
DRAMSWEEP_HD bool fold_advance(Memory& m, const FoldView& n, FoldProgress& g, LayerRecord* layers,
                               std::uint64_t tick_budget) {
    if (n.fold_count == 0) g.done = 1;
    for (std::uint64_t t = 0; t < tick_budget && g.done == 0; ++t) {
        fold_before_tick(m, n, g, layers);
        fold_after_tick(m, n, g, layers, m.tick(g.now));
        fold_next_clock(m, g);
    }
    return g.done != 0;
}

}  // namespace dramsweep::coupled
