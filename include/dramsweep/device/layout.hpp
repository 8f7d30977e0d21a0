#pragma once
// Where one configuration's state lies in its block's shared memory (on the host, in a buffer
// laid out the same way): the parameters, the loop's progress, the mailbox through which the
// channels and the loop exchange counts, then per channel its ranks and counters, its queues and
// its ring of reads in flight, sized for the configurations of a launch.

#include <cstddef>
#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/device/device_state.hpp"

namespace dramsweep::device {

// What a channel tells the loop after each phase (written by the channel's leader thread).
struct Mailbox {
    std::uint32_t
        sizes;  // queue occupancy after its tick, reads | writes << 16 (the offers count on from it)
    std::uint32_t completed;  // in its last tick: reads returned | writes issued << 16
    Clock32 next_event, next_return;
};

// The requests the loop accepted at one clock: ranges of the stream, in acceptance order.
inline constexpr std::uint32_t kMaxAcceptedRanges = 4;
struct AcceptedRanges {
    std::uint64_t begin[kMaxAcceptedRanges], end[kMaxAcceptedRanges];
    std::uint32_t count;
};

// Big enough for either loop's progress (dram::TraceProgress, coupled::FoldProgress).
inline constexpr std::size_t kProgressBytes = 320;

inline constexpr std::uint32_t kNoConfig = ~std::uint32_t{0};

struct ConfigShared {
    DeviceParams params;
    std::uint32_t config;  // which configuration of its launch the block runs (kNoConfig: none)
    std::uint32_t pad;
    std::uint64_t base;  // the absolute clock at relative clock 0
    AcceptedRanges accepted;
    alignas(8) unsigned char progress[kProgressBytes];
    Mailbox mailbox[kMaxChannels];
};

struct ConfigLayout {
    std::uint32_t channels = 1;
    std::uint32_t queue_depth[2] = {kMaxQueue, kMaxQueue};
    std::uint32_t return_capacity = 64;  // a power of two, at least the reads one channel keeps in flight

    DRAMSWEEP_HD static std::size_t align8(std::size_t n) { return (n + 7) & ~std::size_t{7}; }
    DRAMSWEEP_HD std::size_t channel_bytes() const {
        return align8(sizeof(ChannelShared)) +
               align8((queue_depth[0] + queue_depth[1]) * sizeof(DeviceEntry)) +
               align8(return_capacity * sizeof(DeviceReturn));
    }
    DRAMSWEEP_HD std::size_t bytes() const {
        return align8(sizeof(ConfigShared)) + channels * channel_bytes();
    }

    DRAMSWEEP_HD ConfigShared* config(void* base) const { return static_cast<ConfigShared*>(base); }
    DRAMSWEEP_HD ChannelView channel(void* base, std::uint32_t c) const {
        unsigned char* at =
            static_cast<unsigned char*>(base) + align8(sizeof(ConfigShared)) + c * channel_bytes();
        ChannelView v{};
        v.shared = reinterpret_cast<ChannelShared*>(at);
        at += align8(sizeof(ChannelShared));
        v.queue[0] = reinterpret_cast<DeviceEntry*>(at);
        v.queue[1] = v.queue[0] + queue_depth[0];
        at += align8((queue_depth[0] + queue_depth[1]) * sizeof(DeviceEntry));
        v.returns = reinterpret_cast<DeviceReturn*>(at);
        v.return_mask = return_capacity - 1;
        return v;
    }
};

}  // namespace dramsweep::device
