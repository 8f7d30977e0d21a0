#pragma once
// One configuration's channels as the drivers' memory (dram/trace_loop.hpp,
// coupled/fold_loop.hpp), over a Block policy:
//   template <class T> using PerChannel;        T per channel this thread works on
//   using Lanes;  const Lanes& lanes() const;   the lanes of this thread's channel
//   void each_channel(std::uint32_t n, F f);     f(c) for the channels c < n this thread works on
//   void single(F f);                            f() on one thread of the block (the loop's steps)
//   void sync();                                 a block barrier
// SerialBlock (here) runs every channel on one host thread; DeviceBlock (cuda/device_block.cuh)
// runs one warp per channel.
//
// The loop's steps run on one thread; its offers only reserve queue room (the mailbox) and
// record which requests were accepted; ingest() then lets every channel take its own requests,
// in order, before the next clock is chosen. Nothing reads a channel between the two, so this
// is the reference's acceptance.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/device/channel.hpp"
#include "dramsweep/device/layout.hpp"
#include "dramsweep/device/lanes.hpp"

namespace dramsweep::device {

struct SerialBlock {
    template <typename T>
    struct PerChannel {
        T v[kMaxChannels];
        DRAMSWEEP_HD T& operator[](std::uint32_t c) { return v[c]; }
    };
    using Lanes = SerialLanes;
    DRAMSWEEP_HD const Lanes& lanes() const { return lanes_; }
    template <typename F>
    DRAMSWEEP_HD void each_channel(std::uint32_t n, F&& f) const {
        for (std::uint32_t c = 0; c < n; ++c) f(c);
    }
    template <typename F>
    DRAMSWEEP_HD void single(F&& f) const {
        f();
    }
    DRAMSWEEP_HD void sync() const {}

    Lanes lanes_;
};

template <typename Block>
class DeviceMemory {
public:
    using Lanes = typename Block::Lanes;
    using Banks = typename Lanes::template PerBank<BankLane>;
    template <typename T>
    using PerChannel = typename Block::template PerChannel<T>;

    // `rebase_at`: how far the relative clock may run before the base moves (kRebaseAt; tests
    // make it small so that a short run moves it often).
    DRAMSWEEP_HD DeviceMemory(Block& block, const ConfigLayout& layout, void* shared_base, PerChannel<ChannelUniform>& uniform,
                              PerChannel<Banks>& banks, const std::uint32_t* requests, std::uint32_t* latency_counts,
                              Clock32 rebase_at = kRebaseAt)
        : block_(block),
          layout_(layout),
          base_(shared_base),
          cs_(*layout.config(shared_base)),
          uniform_(uniform),
          banks_(banks),
          requests_(requests),
          latency_counts_(latency_counts),
          rebase_at_(rebase_at) {
        block_.each_channel(cs_.params.channels, [&](std::uint32_t c) { views_[c] = layout_.channel(base_, c); });
    }

    // A fresh configuration at absolute clock 0 (call on every thread; cs_.params loaded).
    DRAMSWEEP_HD void init() {
        block_.single([&] {
            cs_.base = 0;
            cs_.accepted.count = 0;
        });
        block_.sync();
        block_.each_channel(params().channels, [&](std::uint32_t c) {
            channel(c).init(0);
            publish(c);
        });
        block_.sync();
    }

    // Every channel at clock `now` (collective: every thread calls it).
    DRAMSWEEP_HD dram::TickCounts tick(std::uint64_t now_abs) {
        if (now_abs - cs_.base >= static_cast<std::uint64_t>(rebase_at_)) rebase(now_abs);
        const Clock32 now = relative(now_abs);
        block_.each_channel(params().channels, [&](std::uint32_t c) {
            DeviceChannel<Lanes> ch = channel(c);
            dram::TickCounts counts;
            // A channel with nothing due at `now` would change nothing: it is not ticked.
            const bool due = now >= ch.next_event() || now >= ch.next_return();
            if (due) counts = ch.tick(now, now_abs, latency_counts_);
            block_.lanes().leader([&] {
                if (due) ++views_[c].shared->ticks;
                Mailbox& m = cs_.mailbox[c];
                m.reads_returned = counts.reads_returned;
                m.writes_issued = counts.writes_issued;
                m.size[0] = uniform_[c].size[0];
                m.size[1] = uniform_[c].size[1];
            });
        });
        block_.sync();
        dram::TickCounts all;
        for (std::uint32_t c = 0; c < params().channels; ++c) {
            all.reads_returned += cs_.mailbox[c].reads_returned;
            all.writes_issued += cs_.mailbox[c].writes_issued;
        }
        return all;
    }

    // Rule R9 on the loop's thread: request i goes to its channel's queue if there is room.
    DRAMSWEEP_HD bool offer(std::uint64_t i, std::uint64_t) {
        const std::uint32_t r = requests_[i];
        const bool is_write = request_is_write(r);
        Mailbox& m = cs_.mailbox[request_channel(r)];
        const std::uint32_t cap = is_write ? params().write_queue : params().read_queue;
        if (m.size[is_write ? 1 : 0] >= cap) return false;
        ++m.size[is_write ? 1 : 0];
        AcceptedRanges& a = cs_.accepted;
        if (a.count > 0 && a.end[a.count - 1] == i) {
            ++a.end[a.count - 1];
        } else {
            a.begin[a.count] = i;
            a.end[a.count] = i + 1;
            ++a.count;
        }
        return true;
    }

    // Every channel takes the requests accepted at `now`, in order (collective).
    DRAMSWEEP_HD void ingest(std::uint64_t now_abs) {
        const Clock32 now = relative(now_abs);
        const AcceptedRanges& accepted = cs_.accepted;  // shared: cleared only after the sync below
        block_.each_channel(params().channels, [&](std::uint32_t c) {
            DeviceChannel<Lanes> ch = channel(c);
            for (std::uint32_t k = 0; k < accepted.count; ++k)
                block_.lanes().scan(
                    accepted.begin[k], accepted.end[k], [&](std::uint64_t i) { return requests_[i]; },
                    [&](std::uint32_t r) { return request_channel(r) == c; },
                    [&](std::uint32_t r, std::uint64_t) { ch.accept(r, now, now_abs); });
            publish(c);
        });
        block_.sync();
        block_.single([&] { cs_.accepted.count = 0; });
    }

    DRAMSWEEP_HD std::uint64_t next_event() const { return absolute_min(&Mailbox::next_event); }
    DRAMSWEEP_HD std::uint64_t next_return() const { return absolute_min(&Mailbox::next_return); }

    // On the loop's thread: every channel's counters with its standby closed at `at`.
    DRAMSWEEP_HD void add_counters_at(std::uint64_t at, results::DramCounters& into) const {
        for (std::uint32_t c = 0; c < params().channels; ++c) {
            const ChannelShared& s = *layout_.channel(base_, c).shared;
            results::add_in_place(into, s.counters);
            for (std::uint32_t r = 0; r < params().ranks; ++r) dram::add_standby_until(s.ranks[r], at, into);
        }
    }

    // On the loop's thread: the standby bookkeeping closed at the run's end.
    DRAMSWEEP_HD void finish(std::uint64_t end) {
        for (std::uint32_t c = 0; c < params().channels; ++c) {
            ChannelShared& s = *layout_.channel(base_, c).shared;
            for (std::uint32_t r = 0; r < params().ranks; ++r) dram::close_standby(s.ranks[r], end, s.counters);
        }
    }

    DRAMSWEEP_HD const DeviceParams& params() const { return cs_.params; }

private:
    DRAMSWEEP_HD DeviceChannel<Lanes> channel(std::uint32_t c) {
        return DeviceChannel<Lanes>(block_.lanes(), cs_.params, views_[c], uniform_[c], banks_[c]);
    }
    DRAMSWEEP_HD Clock32 relative(std::uint64_t now_abs) const { return static_cast<Clock32>(now_abs - cs_.base); }

    // The channel's next event and return, for the loop's next clock.
    DRAMSWEEP_HD void publish(std::uint32_t c) {
        DeviceChannel<Lanes> ch = channel(c);
        const Clock32 e = ch.next_event(), r = ch.next_return();
        block_.lanes().leader([&] {
            cs_.mailbox[c].next_event = e;
            cs_.mailbox[c].next_return = r;
        });
    }

    DRAMSWEEP_HD std::uint64_t absolute_min(Clock32 Mailbox::*field) const {
        Clock32 e = kNever32;
        for (std::uint32_t c = 0; c < params().channels; ++c)
            if (cs_.mailbox[c].*field < e) e = cs_.mailbox[c].*field;
        if (e == kNever32) return dram::kNever;
        // A clock before the base is "now or earlier" to the loop, whichever it is.
        const std::int64_t at = static_cast<std::int64_t>(cs_.base) + e;
        return at < 0 ? 0 : static_cast<std::uint64_t>(at);
    }

    // Moves the base to `now_abs` (collective).
    DRAMSWEEP_HD void rebase(std::uint64_t now_abs) {
        const auto delta = static_cast<std::int64_t>(now_abs - cs_.base);
        block_.sync();
        block_.each_channel(params().channels, [&](std::uint32_t c) {
            channel(c).rebase(delta);
            publish(c);
        });
        block_.sync();
        block_.single([&] { cs_.base = now_abs; });
        block_.sync();
    }

    Block& block_;
    const ConfigLayout& layout_;
    void* base_;
    ConfigShared& cs_;
    PerChannel<ChannelUniform>& uniform_;
    PerChannel<Banks>& banks_;
    PerChannel<ChannelView> views_;  // where each of this thread's channels lies in shared memory
    const std::uint32_t* requests_;
    std::uint32_t* latency_counts_;
    Clock32 rebase_at_;
};

}  // namespace dramsweep::device
