#pragma once
// One configuration's channels as the drivers' memory (dram/trace_loop.hpp,
// coupled/fold_loop.hpp), over a Block policy:
//   template <class T> using PerChannel;        T per channel this thread works on
//   using Lanes;  const Lanes& lanes() const;   the lanes of this thread's channel
//   void each_channel(std::uint32_t n, F f);     f(c) for the channels c < n this thread works on
//   void single(F f);                            f() on one thread of the block (the loop's steps)
//   void sync();                                 a block barrier
//   template <class T> struct ChannelWords;      one word per channel, known to every thread:
//   ChannelWords<T> words(std::uint32_t n, F f);   channel c's word is f(c) (every thread may call
//                                                f(c) for any c < n: it must read shared state)
//   T word(const ChannelWords<T>&, c);  void add(ChannelWords<T>&, c, T);
//   T sum(const ChannelWords<T>&);  T min(const ChannelWords<T>&);
// SerialBlock (here) runs every channel on one host thread; DeviceBlock (cuda/warp_lanes.cuh)
// runs a warp, or half a warp, per channel, lane c of every warp holding channel c's word.
//
// The channels meet the loop in one of two ways (device/config_loop.hpp):
//   direct      every thread runs the loop alike (trace jobs): after the tick the channels'
//               completions and queue occupancies are exchanged (tick_direct), each offer is
//               decided on every thread and taken by its channel at once (offer_direct), and
//               the next events are exchanged (exchange_events). Two barriers per clock, none
//               for a single channel.
//   reserving   the loop's steps run on one thread (networks): its offers only reserve queue
//               room (the mailbox) and record which requests were accepted (reserve); ingest()
//               then lets every channel take its own requests, in order, before the next clock
//               is chosen.
// Either way nothing reads a channel between the offers and the acceptances, so this is the
// reference's acceptance.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/device/channel.hpp"
#include "dramsweep/device/lanes.hpp"
#include "dramsweep/device/layout.hpp"

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

    template <typename T>
    struct ChannelWords {
        T v[kMaxChannels];
        std::uint32_t n;
    };
    template <typename T, typename F>
    DRAMSWEEP_HD ChannelWords<T> words(std::uint32_t n, F&& f) const {
        ChannelWords<T> w{};
        w.n = n;
        for (std::uint32_t c = 0; c < n; ++c) w.v[c] = f(c);
        return w;
    }
    template <typename T>
    DRAMSWEEP_HD T word(const ChannelWords<T>& w, std::uint32_t c) const {
        return w.v[c];
    }
    template <typename T>
    DRAMSWEEP_HD void add(ChannelWords<T>& w, std::uint32_t c, T delta) const {
        w.v[c] += delta;
    }
    template <typename T>
    DRAMSWEEP_HD T sum(const ChannelWords<T>& w) const {
        T s = 0;
        for (std::uint32_t c = 0; c < w.n; ++c) s += w.v[c];
        return s;
    }
    template <typename T>
    DRAMSWEEP_HD T min(const ChannelWords<T>& w) const {
        T m = w.v[0];
        for (std::uint32_t c = 1; c < w.n; ++c)
            if (w.v[c] < m) m = w.v[c];
        return m;
    }

    Lanes lanes_;
};

// `Rules`: the rules its channels compile in (DeviceChannel).
template <typename Block, typename Rules = AllRules>
class DeviceMemory {
public:
    using Lanes = typename Block::Lanes;
    using Banks = typename Lanes::template PerBank<BankLane>;
    template <typename T>
    using PerChannel = typename Block::template PerChannel<T>;

    // `renewal`: when the relative clock and the sequence numbers move back (Renewal).
    DRAMSWEEP_HD DeviceMemory(Block& block, const ConfigLayout& layout, void* shared_base,
                              PerChannel<ChannelUniform>& uniform, PerChannel<Banks>& banks,
                              const std::uint32_t* requests, std::uint32_t* latency_counts,
                              Renewal renewal = {})
        : block_(block),
          layout_(layout),
          base_(shared_base),
          cs_(*layout.config(shared_base)),
          uniform_(uniform),
          banks_(banks),
          requests_(requests),
          latency_counts_(latency_counts),
          renewal_(renewal) {
        block_.each_channel(cs_.params.channels,
                            [&](std::uint32_t c) { views_[c] = layout_.channel(base_, c); });
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

    // --- direct: every thread runs the loop ---

    // Every channel at clock `now_abs`, then their completions and queue occupancies exchanged
    // (collective). Returns every channel's completions.
    DRAMSWEEP_HD dram::TickCounts tick_direct(std::uint64_t now_abs) {
        if (now_abs - cs_.base >= static_cast<std::uint64_t>(renewal_.rebase_at)) rebase(now_abs);
        now_abs_ = now_abs;
        now_ = relative(now_abs);
        const std::uint32_t n = params().channels;
        std::uint32_t own = 0;  // completions packed: reads returned | writes issued << 16
        block_.each_channel(n, [&](std::uint32_t c) {
            const dram::TickCounts counts = tick_channel(c);
            own = counts.reads_returned | counts.writes_issued << 16;
            if (n > 1) {
                block_.lanes().leader([&] {
                    Mailbox& m = cs_.mailbox[c];
                    m.completed = own;
                    m.sizes = packed_sizes(uniform_[c]);
                });
            }
        });
        std::uint32_t completed = own;
        if (n == 1) {
            sizes_ = block_.template words<std::uint32_t>(
                1, [&](std::uint32_t) { return packed_sizes(uniform_[0]); });
        } else {
            block_.sync();
            completed = block_.sum(block_.template words<std::uint32_t>(
                n, [&](std::uint32_t c) { return cs_.mailbox[c].completed; }));
            sizes_ = block_.template words<std::uint32_t>(
                n, [&](std::uint32_t c) { return cs_.mailbox[c].sizes; });
        }
        dram::TickCounts all;
        all.reads_returned = completed & 0xffffu;
        all.writes_issued = completed >> 16;
        return all;
    }

    // Rule R9, decided alike on every thread: request i goes to its channel's queue if there is
    // room, and the channel takes it at once.
    DRAMSWEEP_HD bool offer_direct(std::uint64_t i) {
        const std::uint32_t r = requests_[i];
        const bool is_write = request_is_write(r);
        const std::uint32_t c = request_channel(r);
        const std::uint32_t sizes = block_.word(sizes_, c);
        const std::uint32_t size = is_write ? sizes >> 16 : sizes & 0xffffu;
        if (size >= (is_write ? params().write_queue : params().read_queue)) return false;
        block_.add(sizes_, c, is_write ? 1u << 16 : 1u);
        block_.each_channel(params().channels, [&](std::uint32_t own) {
            if (own == c) channel(own).accept(r, now_, now_abs_);
        });
        return true;
    }

    // After the offers: every channel settles its next event (DeviceChannel::settle), and the
    // channels' next events and returns are exchanged for next_event_direct() and
    // next_return_direct() (collective).
    DRAMSWEEP_HD void exchange_events() {
        const std::uint32_t n = params().channels;
        block_.each_channel(n, [&](std::uint32_t c) { channel(c).settle(now_); });
        if (n == 1) {
            next_event_ = uniform_[0].next_event;
            next_return_ = uniform_[0].next_return;
            return;
        }
        block_.each_channel(n, [&](std::uint32_t c) {
            block_.lanes().leader([&] {
                cs_.mailbox[c].next_event = uniform_[c].next_event;
                cs_.mailbox[c].next_return = uniform_[c].next_return;
            });
        });
        block_.sync();
        next_event_ = block_.min(
            block_.template words<Clock32>(n, [&](std::uint32_t c) { return cs_.mailbox[c].next_event; }));
        next_return_ = block_.min(
            block_.template words<Clock32>(n, [&](std::uint32_t c) { return cs_.mailbox[c].next_return; }));
    }
    DRAMSWEEP_HD std::uint64_t next_event_direct() const { return absolute(next_event_); }
    DRAMSWEEP_HD std::uint64_t next_return_direct() const { return absolute(next_return_); }

    // The standby bookkeeping closed at the run's end (collective).
    DRAMSWEEP_HD void finish_direct(std::uint64_t end) {
        block_.each_channel(params().channels, [&](std::uint32_t c) {
            block_.lanes().leader([&] {
                ChannelShared& s = *views_[c].shared;
                for (std::uint32_t r = 0; r < params().ranks; ++r)
                    dram::close_standby(s.ranks[r], end, s.counters);
            });
        });
    }

    // --- reserving: the loop's steps on one thread ---

    // Every channel at clock `now` (collective: every thread calls it).
    DRAMSWEEP_HD dram::TickCounts tick(std::uint64_t now_abs) {
        if (now_abs - cs_.base >= static_cast<std::uint64_t>(renewal_.rebase_at)) rebase(now_abs);
        now_abs_ = now_abs;
        now_ = relative(now_abs);
        block_.each_channel(params().channels, [&](std::uint32_t c) {
            const dram::TickCounts counts = tick_channel(c);
            block_.lanes().leader([&] {
                Mailbox& m = cs_.mailbox[c];
                m.completed = counts.reads_returned | counts.writes_issued << 16;
                m.sizes = packed_sizes(uniform_[c]);
            });
        });
        block_.sync();
        dram::TickCounts all;
        for (std::uint32_t c = 0; c < params().channels; ++c) {
            all.reads_returned += cs_.mailbox[c].completed & 0xffffu;
            all.writes_issued += cs_.mailbox[c].completed >> 16;
        }
        return all;
    }

    // Rule R9 on the loop's thread: request i goes to its channel's queue if there is room.
    DRAMSWEEP_HD bool reserve(std::uint64_t i) {
        const std::uint32_t r = requests_[i];
        const bool is_write = request_is_write(r);
        Mailbox& m = cs_.mailbox[request_channel(r)];
        const std::uint32_t size = is_write ? m.sizes >> 16 : m.sizes & 0xffffu;
        if (size >= (is_write ? params().write_queue : params().read_queue)) return false;
        m.sizes += is_write ? 1u << 16 : 1u;
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
            DeviceChannel<Lanes, Rules> ch = channel(c);
            for (std::uint32_t k = 0; k < accepted.count; ++k)
                block_.lanes().scan(
                    accepted.begin[k], accepted.end[k], [&](std::uint64_t i) { return requests_[i]; },
                    [&](std::uint32_t r) { return request_channel(r) == c; },
                    [&](std::uint32_t r, std::uint64_t) { ch.accept(r, now, now_abs); });
            ch.settle(now);
            publish(c);
        });
        block_.sync();
        block_.single([&] { cs_.accepted.count = 0; });
    }

    DRAMSWEEP_HD std::uint64_t next_event() const { return mailbox_min(&Mailbox::next_event); }
    DRAMSWEEP_HD std::uint64_t next_return() const { return mailbox_min(&Mailbox::next_return); }

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
            for (std::uint32_t r = 0; r < params().ranks; ++r)
                dram::close_standby(s.ranks[r], end, s.counters);
        }
    }

    DRAMSWEEP_HD const DeviceParams& params() const { return cs_.params; }

private:
    DRAMSWEEP_HD DeviceChannel<Lanes, Rules> channel(std::uint32_t c) {
        return DeviceChannel<Lanes, Rules>(block_.lanes(), cs_.params, views_[c], uniform_[c], banks_[c],
                                           renewal_.renumber_at);
    }
    DRAMSWEEP_HD Clock32 relative(std::uint64_t now_abs) const {
        return static_cast<Clock32>(now_abs - cs_.base);
    }
    // A relative clock as the loop's absolute one; a clock before the base is "now or earlier"
    // to the loop, whichever it is.
    DRAMSWEEP_HD std::uint64_t absolute(Clock32 t) const {
        if (t == kNever32) return dram::kNever;
        const std::int64_t at = static_cast<std::int64_t>(cs_.base) + t;
        return at < 0 ? 0 : static_cast<std::uint64_t>(at);
    }
    // The requests each queue holds against its capacity (R12), reads | writes << 16.
    static DRAMSWEEP_HD std::uint32_t packed_sizes(const ChannelUniform& u) {
        return u.held[0] | u.held[1] << 16;
    }

    // Channel c at the current clock; a channel with nothing due would change nothing: it is
    // not ticked.
    DRAMSWEEP_HD dram::TickCounts tick_channel(std::uint32_t c) {
        DeviceChannel<Lanes, Rules> ch = channel(c);
        dram::TickCounts counts;
        if (now_ < ch.next_event() && now_ < ch.next_return()) return counts;
        counts = ch.tick(now_, now_abs_, latency_counts_);
        block_.lanes().leader([&] { ++views_[c].shared->ticks; });
        return counts;
    }

    // The channel's next event and return, for the loop's next clock.
    DRAMSWEEP_HD void publish(std::uint32_t c) {
        DeviceChannel<Lanes, Rules> ch = channel(c);
        const Clock32 e = ch.next_event(), r = ch.next_return();
        block_.lanes().leader([&] {
            cs_.mailbox[c].next_event = e;
            cs_.mailbox[c].next_return = r;
        });
    }

    DRAMSWEEP_HD std::uint64_t mailbox_min(Clock32 Mailbox::*field) const {
        Clock32 e = kNever32;
        for (std::uint32_t c = 0; c < params().channels; ++c)
            if (cs_.mailbox[c].*field < e) e = cs_.mailbox[c].*field;
        return absolute(e);
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
    Renewal renewal_;
    std::uint64_t now_abs_ = 0;  // the clock being evaluated
    Clock32 now_ = 0;            // the same, relative
    // direct: every channel's queue occupancies (reads | writes << 16) as this clock's offers
    // leave them, and the channels' next events after them.
    typename Block::template ChannelWords<std::uint32_t> sizes_{};
    Clock32 next_event_ = kNever32, next_return_ = kNever32;
};

}  // namespace dramsweep::device
