#pragma once
// The closed loop of a network (rules C1-C5 of docs/model.md; the reference is
// src/coupled/closed_loop.cpp) over the engine's channel state, resumable like config_step.hpp:
// network_advance() runs at most `tick_budget` evaluated clocks and returns. The order of the
// steps inside one clock is the reference's, because results must be identical to the clock:
//   1. statistics of layers whose span ended before this clock (C5),
//   2. every channel ticks (reads handed back, at most one command each),
//   3. fold bookkeeping: releases due, folds that can start (C1-C3), then offers of the
//      released requests in order until one is refused,
//   4. the end (C4), or the next clock to evaluate (R10 plus the loop's own release clocks).

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/coupled/clock_domains.hpp"
#include "dramsweep/coupled/loop_rules.hpp"
#include "dramsweep/engine/channel_step.hpp"
#include "dramsweep/engine/config_step.hpp"

namespace dramsweep::engine {

// One fold of a coupled::NetworkStream as plain integers.
struct NetworkFold {
    std::uint64_t cycles;
    std::uint64_t read_begin, read_end;
    std::uint64_t write_begin, write_end;
    std::uint32_t layer;
    std::uint32_t last_of_layer;  // 1 for the last fold of its layer
};

// A network stream as the engine reads it (one copy, shared by every configuration over it).
struct NetworkView {
    const std::uint64_t* reads;
    const std::uint64_t* writes;
    const NetworkFold* folds;
    const std::uint64_t* layer_last_fold;  // index of each layer's last fold
    std::uint64_t fold_count;
    std::uint32_t layer_count;
    std::uint64_t ofmap_capacity_lines;
};

// Released requests not yet accepted: ranges of the read or write array, offered in release
// order. A release that continues the last range of its kind (consecutive folds' requests are
// adjacent in their array) extends it. Then at most three ranges are pending: only the next
// fold's reads can be pending (a fold starts when its reads returned, so everything released
// before them was accepted), with one run of writes before them and one after.
struct PendingRange {
    std::uint64_t next, end;
    std::uint32_t is_write;
    std::uint32_t pad;
};
inline constexpr std::uint32_t kMaxPendingRanges = 4;

// The statistics of one layer as the loop records them: cumulative counters at the layer's end.
struct LayerRecord {
    std::uint64_t end_cycle;  // accelerator cycle its last fold ends (the last layer: the run's end)
    std::uint64_t end_clock;  // DRAM clock the counters were closed at
    ChannelCounters counters; // all channels, cumulative from clock 0
};

// The loop's own state, one per configuration (the channels are in ChannelState).
struct NetworkProgress {
    coupled::ClockDomains clocks;
    std::uint64_t now;
    std::uint64_t ticks;           // clocks evaluated
    std::uint64_t end_clock;       // DRAM clocks of the run, once done
    std::uint64_t end_cycle;       // accelerator cycles of the run, once done
    std::uint64_t requests;        // requests offered and accepted so far
    std::uint64_t next_fold;       // the fold that starts next
    std::uint64_t last_fold_end;   // accelerator cycle the last started fold ends
    std::uint64_t read_release_at; // DRAM clock the next fold's reads are released
    std::uint64_t reads_unreturned;
    std::uint64_t reads_done_at;   // DRAM clock the last of them returned
    std::uint64_t write_release_at;  // DRAM clock the last started fold's writes are released
    std::uint64_t write_release_fold;
    std::uint64_t writes_unissued; // output lines reserved or released, WR not yet issued
    std::uint64_t room_since;      // first DRAM clock the next fold's outputs fit
    PendingRange pending[kMaxPendingRanges];
    std::uint32_t pending_head, pending_count;
    std::uint32_t snapshot_layer;  // the next layer to record
    std::uint32_t reads_released;
    std::uint32_t done;
    std::uint32_t pad;
};

namespace network_detail {

// Cumulative counters of every channel, background closed at `at`, into layers[g.snapshot_layer].
DRAMSWEEP_HD inline void record_layer(const EngineParams& p, const ChannelState* channels, NetworkProgress& g,
                                      LayerRecord* layers, std::uint64_t at) {
    LayerRecord& r = layers[g.snapshot_layer];
    r.end_clock = at;
    r.counters = ChannelCounters{};
    for (std::uint32_t c = 0; c < p.channels; ++c) add_counters_at(p, channels[c], at, r.counters);
    ++g.snapshot_layer;
}

DRAMSWEEP_HD inline void push_pending(NetworkProgress& g, std::uint64_t begin, std::uint64_t end, bool is_write) {
    if (begin == end) return;
    if (g.pending_count > 0) {
        PendingRange& tail = g.pending[(g.pending_head + g.pending_count - 1) % kMaxPendingRanges];
        if ((tail.is_write != 0) == is_write && tail.end == begin) {
            tail.end = end;
            return;
        }
    }
#ifndef __CUDA_ARCH__
    if (g.pending_count == kMaxPendingRanges) __builtin_trap();  // excluded above; never reached
#endif
    PendingRange& r = g.pending[(g.pending_head + g.pending_count) % kMaxPendingRanges];
    r = PendingRange{begin, end, is_write ? 1u : 0u, 0};
    ++g.pending_count;
}

// Rule C2-C3: starts the next fold if it can start; mirrors ClosedLoop::try_start_fold.
DRAMSWEEP_HD inline bool try_start_fold(const NetworkView& n, NetworkProgress& g, LayerRecord* layers) {
    if (g.next_fold >= n.fold_count) return false;
    const NetworkFold& fold = n.folds[g.next_fold];
    const std::uint64_t outputs = fold.write_end - fold.write_begin;
    if (!coupled::rules::ofmap_has_room(g.writes_unissued, outputs, n.ofmap_capacity_lines)) return false;
    if (g.room_since == kNever) g.room_since = g.now;
    if (g.reads_released == 0 || g.reads_done_at == kNever) return false;
    if (g.write_release_at != kNever) return false;
    const std::uint64_t start = coupled::rules::fold_start_cycle(g.clocks, g.last_fold_end, g.reads_done_at, g.room_since);
    const std::uint64_t end = start + fold.cycles;
    g.last_fold_end = end;
    g.writes_unissued += outputs;
    g.write_release_fold = g.next_fold;
    g.write_release_at = coupled::rules::release_clock(g.clocks, end);
    if (fold.last_of_layer != 0) layers[fold.layer].end_cycle = end;
    ++g.next_fold;
    g.reads_released = 0;
    g.reads_done_at = kNever;
    g.room_since = kNever;
    if (g.next_fold < n.fold_count) g.read_release_at = coupled::rules::release_clock(g.clocks, start);  // C1
    return true;
}

// Releases due requests and starts every fold that can start by g.now (rules C1-C3).
DRAMSWEEP_HD inline void advance_folds(const NetworkView& n, NetworkProgress& g, LayerRecord* layers) {
    bool progress = true;
    while (progress) {
        progress = false;
        if (g.write_release_at != kNever && g.write_release_at <= g.now) {
            const NetworkFold& f = n.folds[g.write_release_fold];
            push_pending(g, f.write_begin, f.write_end, true);
            g.write_release_at = kNever;
            progress = true;
        }
        if (g.read_release_at != kNever && g.read_release_at <= g.now && g.next_fold < n.fold_count) {
            const NetworkFold& f = n.folds[g.next_fold];
            push_pending(g, f.read_begin, f.read_end, false);
            g.reads_unreturned = f.read_end - f.read_begin;
            g.reads_released = 1;
            g.reads_done_at = g.reads_unreturned == 0 ? g.read_release_at : kNever;
            g.read_release_at = kNever;
            progress = true;
        }
        if (try_start_fold(n, g, layers)) progress = true;
    }
}

// Offers the released requests in order until one is refused (rule C1).
DRAMSWEEP_HD inline void offer_pending(const EngineParams& p, ChannelState* channels, const NetworkView& n,
                                       NetworkProgress& g) {
    while (g.pending_count > 0) {
        PendingRange& r = g.pending[g.pending_head];
        const std::uint64_t address = r.is_write != 0 ? n.writes[r.next] : n.reads[r.next];
        if (!offer_address(p, channels, address, r.is_write != 0, g.now)) return;
        ++g.requests;
        if (++r.next == r.end) {
            g.pending_head = (g.pending_head + 1) % kMaxPendingRanges;
            --g.pending_count;
        }
    }
}

}  // namespace network_detail

DRAMSWEEP_HD inline void network_init(const EngineParams& p, ChannelState* channels, NetworkProgress& g,
                                      std::uint32_t* latency_counts, const coupled::ClockDomains& clocks) {
    for (std::uint32_t c = 0; c < p.channels; ++c) channel_init(p, channels[c]);
    g = NetworkProgress{};
    g.clocks = clocks;
    g.read_release_at = 0;  // C1: fold 0's reads at clock 0
    g.reads_done_at = g.write_release_at = g.room_since = kNever;
    for (std::uint32_t i = 0; i < kLatencySlots; ++i) latency_counts[i] = 0;
}

// Step 1 of a clock (rule C5): records every layer but the last whose span ended at or before
// g.now, at the DRAM clock its last fold ends. Nothing happened in the clocks skipped since the
// previous evaluated one, so the counters are those of that clock. One thread only.
DRAMSWEEP_HD inline void network_before_tick(const EngineParams& p, const ChannelState* channels, const NetworkView& n,
                                             NetworkProgress& g, LayerRecord* layers) {
    while (g.snapshot_layer + 1 < n.layer_count && n.layer_last_fold[g.snapshot_layer] < g.next_fold) {
        const std::uint64_t end = coupled::rules::release_clock(g.clocks, layers[g.snapshot_layer].end_cycle);
        if (end > g.now) return;
        network_detail::record_layer(p, channels, g, layers, end);
    }
}

// Steps 3 and 4 of a clock, after every channel ticked (`returned` reads handed back, `issued`
// writes issued in all). One thread only.
DRAMSWEEP_HD inline void network_after_tick(const EngineParams& p, ChannelState* channels, const NetworkView& n,
                                            NetworkProgress& g, LayerRecord* layers, std::uint64_t returned,
                                            std::uint64_t issued) {

    using network_detail::advance_folds;
    using network_detail::offer_pending;
    using network_detail::record_layer;
    ++g.ticks;
    g.reads_unreturned -= returned;
    g.writes_unissued -= issued;
    if (g.reads_released != 0 && g.reads_unreturned == 0 && g.reads_done_at == kNever) g.reads_done_at = g.now;
    advance_folds(n, g, layers);
    offer_pending(p, channels, n, g);
    const bool finished = g.next_fold == n.fold_count && g.write_release_at == kNever && g.pending_count == 0 &&
                          g.reads_unreturned == 0 && g.writes_unissued == 0;
    if (finished) {  // C4
        g.end_clock = g.now + 1;
        g.end_cycle = coupled::rules::run_end_cycle(g.clocks, g.last_fold_end, g.end_clock);
        while (g.snapshot_layer < n.layer_count) record_layer(p, channels, g, layers, g.end_clock);
        layers[n.layer_count - 1].end_cycle = g.end_cycle;
        for (std::uint32_t c = 0; c < p.channels; ++c) channel_finish(p, channels[c], g.end_clock);
        g.done = 1;
        return;
    }
    // R10 bounded by the loop's own events. Read returns always count here: the clock the last
    // read of a fold returns can start the next fold.
    std::uint64_t e = kNever;
    for (std::uint32_t c = 0; c < p.channels; ++c) {
        if (channels[c].next_event < e) e = channels[c].next_event;
        if (channel_next_return(channels[c]) < e) e = channel_next_return(channels[c]);
    }
    std::uint64_t next = (e == kNever || e <= g.now) ? g.now + 1 : e;
    if (g.read_release_at != kNever && g.read_release_at > g.now) next = min_u64(next, g.read_release_at);
    if (g.write_release_at != kNever && g.write_release_at > g.now) next = min_u64(next, g.write_release_at);
    g.now = next;
}

// Runs up to `tick_budget` evaluated clocks on one thread; true once the network is done.
DRAMSWEEP_HD inline bool network_advance(const EngineParams& p, ChannelState* channels, const NetworkView& n,
                                         NetworkProgress& g, LayerRecord* layers, std::uint32_t* latency_counts,
                                         std::uint64_t tick_budget) {
    if (n.fold_count == 0) g.done = 1;
    for (std::uint64_t t = 0; t < tick_budget && g.done == 0; ++t) {
        network_before_tick(p, channels, n, g, layers);
        std::uint64_t returned = 0, issued = 0;
        for (std::uint32_t c = 0; c < p.channels; ++c) {
            const TickCounts counts = channel_tick_counts(p, channels[c], g.now, latency_counts);
            returned += counts.reads_returned;
            issued += counts.writes_issued;
        }
        network_after_tick(p, channels, n, g, layers, returned, issued);
    }
    return g.done != 0;
}

}  // namespace dramsweep::engine
