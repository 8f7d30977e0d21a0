#pragma once
// What a launch of the device engine is given (cuda/pool_kernel.cuh runs it): one pool of
// configurations that share a channel count and a bank-per-lane class, the slots (resident
// blocks) that run them, and the job's own inputs and results. Plain device pointers and
// integers; the host side is cuda/device_runner.cu.

#include <cstdint>

#include "dramsweep/coupled/fold_loop.hpp"
#include "dramsweep/device/device_state.hpp"
#include "dramsweep/device/layout.hpp"
#include "dramsweep/results/dram_counters.hpp"

namespace dramsweep::device {

// The end of one configuration, written by its block.
struct ConfigResult {
    std::uint64_t cycles;      // trace: the run's end clock; network: the loop's end clock
    std::uint64_t end_cycle;   // network: accelerator cycles of the run
    std::uint64_t ticks;       // clocks evaluated
    results::DramCounters counters;
    std::uint32_t read_latency_max;
    std::uint32_t pad;
};

struct TraceJobInputs {
    std::uint64_t requests;
    std::uint64_t max_outstanding;
};

struct NetworkJobInputs {
    const coupled::FoldView* views;         // [networks], pointing at device copies
    const std::uint32_t* network_of;        // [configs]: which view
    const coupled::ClockDomains* clocks;    // [configs]
    coupled::LayerRecord* layers;           // [configs * max_layers]
    std::uint32_t max_layers;
};

template <typename Inputs>
struct PoolLaunch {
    ConfigLayout layout;
    std::uint32_t config_count;
    const DeviceParams* params;             // [configs]
    const std::uint32_t* stream_of;         // [configs]: which decoded stream
    const std::uint32_t* const* streams;    // [decoded streams] (device_state.hpp: pack_request)
    std::uint32_t* next_config;             // claim counter
    std::uint32_t* done_count;              // completion queue: how many, and which
    std::uint32_t* done_list;
    ConfigResult* results;                  // [configs]
    std::uint32_t* latency_counts;          // [configs * kLatencyClamp], zeroed before the first launch
    // The slots: the state a block keeps between launches.
    std::uint32_t* slot_config;             // [slots]: kNoConfig before a block claims one
    ChannelUniform* uniform;                // [slots * channels]
    BankLane* banks;                        // [slots * channels * 32 * kPerLane]
    std::uint64_t* images;                  // [slots * image_words]: the block's shared memory
    std::uint32_t image_words;
    std::uint64_t tick_budget;              // evaluated clocks per block and launch
    Renewal renewal;                        // when clocks and sequence numbers move back
    Inputs job;
};

}  // namespace dramsweep::device
