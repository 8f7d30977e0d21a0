#pragma once
// The device engine's one kernel entry, for every job: a block runs one configuration at a time
// (a warp, or half of one, per channel: device/memory.hpp and device/config_loop.hpp over
// DeviceBlock), claims the next one of its pool when one finishes, and stops after `tick_budget`
// evaluated clocks, saving its state for the next launch. Between launches the host delivers the
// configurations the completion queue names.

#include "device_compat.hpp"
#include "dramsweep/device/config_loop.hpp"
#include "pool_kernel.hpp"
#include "warp_lanes.cuh"

namespace dramsweep::device {

// What a job adds to the shared loop: its driver, how it starts, what its result holds.
__device__ inline TraceDriver make_driver(const PoolLaunch<TraceJobInputs>& L, ConfigShared& cs,
                                          std::uint32_t) {
    return TraceDriver{reinterpret_cast<dram::TraceProgress*>(cs.progress),
                       {L.job.requests, L.job.max_outstanding}};
}
__device__ inline void start_driver(const TraceDriver& d, const PoolLaunch<TraceJobInputs>&, std::uint32_t) {
    d.start();
}
__device__ inline void fill_result(const TraceDriver& d, ConfigResult& r) {
    r.cycles = d.g->end;
    r.ticks = d.g->ticks;
}

__device__ inline FoldDriver make_driver(const PoolLaunch<NetworkJobInputs>& L, ConfigShared& cs,
                                         std::uint32_t cfg) {
    return FoldDriver{reinterpret_cast<coupled::FoldProgress*>(cs.progress),
                      L.job.views[L.job.network_of[cfg]],
                      L.job.layers + static_cast<std::size_t>(cfg) * L.job.max_layers};
}
__device__ inline void start_driver(const FoldDriver& d, const PoolLaunch<NetworkJobInputs>& L,
                                    std::uint32_t cfg) {
    d.start(L.job.clocks[cfg]);
}
__device__ inline void fill_result(const FoldDriver& d, ConfigResult& r) {
    r.cycles = d.g->end_clock;
    r.end_cycle = d.g->end_cycle;
    r.ticks = d.g->ticks;
}

template <typename Inputs, std::uint32_t kPerLane, std::uint32_t kWidth, typename Rules>
struct PoolBlock {
    using Block = DeviceBlock<kPerLane, kWidth>;
    using Banks = typename WarpLanes<kPerLane, kWidth>::template PerBank<BankLane>;

    const PoolLaunch<Inputs>& L;
    std::uint64_t* smem;
    Block block;
    typename Block::template PerChannel<ChannelUniform> uniform;
    typename Block::template PerChannel<Banks> banks;

    __device__ ConfigShared& cs() const { return *L.layout.config(smem); }
    __device__ DeviceMemory<Block, Rules> memory(std::uint32_t cfg) {
        return DeviceMemory<Block, Rules>(
            block, L.layout, smem, uniform, banks, L.streams[L.stream_of[cfg]],
            L.latency_counts + static_cast<std::size_t>(cfg) * results::kLatencyClamp, L.renewal);
    }

    // The next configuration of the pool, set up (collective); false when none is left.
    __device__ bool claim() {
        block.single([&] {
            const std::uint32_t c = atomicAdd(L.next_config, 1u);
            cs().config = c < L.config_count ? c : kNoConfig;
        });
        block.sync();
        const std::uint32_t cfg = cs().config;
        if (cfg == kNoConfig) return false;
        const auto* from = reinterpret_cast<const std::uint32_t*>(L.params + cfg);
        auto* to = reinterpret_cast<std::uint32_t*>(&cs().params);
        for (std::uint32_t i = threadIdx.x; i < sizeof(DeviceParams) / 4; i += blockDim.x) to[i] = from[i];
        block.sync();
        memory(cfg).init();
        block.single([&] { start_driver(make_driver(L, cs(), cfg), L, cfg); });
        block.sync();
        return true;
    }

    // The finished configuration's result and its place in the completion queue (one thread).
    // The result is summed in place in global memory: the counters of every channel, field by
    // field, so that the sum takes no registers beside the channels' state.
    __device__ void finish(std::uint32_t cfg) {
        block.single([&] {
            ConfigResult& r = L.results[cfg];
            r = ConfigResult{};
            fill_result(make_driver(L, cs(), cfg), r);
            for (std::uint32_t c = 0; c < L.layout.channels; ++c) {
                const ChannelShared& s = *L.layout.channel(smem, c).shared;
                results::add_in_place(r.counters, s.counters);
                if (s.read_latency_max > r.read_latency_max) r.read_latency_max = s.read_latency_max;
            }
            __threadfence();
            L.done_list[atomicAdd(L.done_count, 1u)] = cfg;
        });
        block.sync();
    }

    __device__ std::size_t lane_index(std::uint32_t e) const {
        const std::size_t channel = static_cast<std::size_t>(blockIdx.x) * L.layout.channels + block.channel_;
        return (channel * 32 + block.lanes_.lane) * kPerLane + e;
    }
    __device__ void load() {
        const std::uint64_t* image = L.images + static_cast<std::size_t>(blockIdx.x) * L.image_words;
        for (std::uint32_t i = threadIdx.x; i < L.image_words; i += blockDim.x) smem[i] = image[i];
        if (block.channel_ < L.layout.channels) {
            uniform.v = L.uniform[static_cast<std::size_t>(blockIdx.x) * L.layout.channels + block.channel_];
            DRAMSWEEP_UNROLL
            for (std::uint32_t e = 0; e < kPerLane; ++e) banks.v[e] = L.banks[lane_index(e)];
        }
        block.sync();
    }
    __device__ void save() {
        std::uint64_t* image = L.images + static_cast<std::size_t>(blockIdx.x) * L.image_words;
        for (std::uint32_t i = threadIdx.x; i < L.image_words; i += blockDim.x) image[i] = smem[i];
        if (block.channel_ < L.layout.channels) {
            // The same value in every lane: one store (many lanes storing to one address race).
            block.lanes_.leader([&] {
                L.uniform[static_cast<std::size_t>(blockIdx.x) * L.layout.channels + block.channel_] = uniform.v;
            });
            DRAMSWEEP_UNROLL
            for (std::uint32_t e = 0; e < kPerLane; ++e) L.banks[lane_index(e)] = banks.v[e];
        }
    }

    __device__ void run() {
        const std::uint32_t resumed = L.slot_config[blockIdx.x];
        bool active = false;
        if (resumed != kNoConfig) {
            load();
            active = true;
        } else {
            active = claim();
        }
        std::uint64_t budget = L.tick_budget;
        while (active && budget > 0) {
            const std::uint32_t cfg = cs().config;
            DeviceMemory<Block, Rules> m = memory(cfg);
            const auto driver = make_driver(L, cs(), cfg);
            const std::uint64_t ticks_before = driver.g->ticks;
            block.sync();  // every thread has read the clock count before the loop moves it
            const bool done = advance_config(block, m, driver, budget);
            const std::uint64_t used = driver.g->ticks - ticks_before;
            budget = used < budget ? budget - used : 0;
            if (!done) break;
            finish(cfg);
            active = claim();
        }
        block.single([&] { L.slot_config[blockIdx.x] = active ? cs().config : kNoConfig; });
        if (active) save();
    }
};

// `kWidth`: the lanes a channel takes (lanes_per_channel); `Rules`: AllRules or BaseRules, the
// rules the kernel compiles in (pool.hpp picks both per pool). The register bound is the same
// for both widths: a block of half-warp channels has at most half the threads.
template <typename Inputs, std::uint32_t kPerLane, std::uint32_t kWidth, typename Rules>
__global__ void __launch_bounds__(32 * kMaxChannels / kPerLane, 1)
    advance_pool(const __grid_constant__ PoolLaunch<Inputs> L) {
    DRAMSWEEP_DYNAMIC_SHARED(std::uint64_t, smem);
    PoolBlock<Inputs, kPerLane, kWidth, Rules> b{
        L,
        smem,
        DeviceBlock<kPerLane, kWidth>{WarpLanes<kPerLane, kWidth>{threadIdx.x % 32u}, threadIdx.x / kWidth},
        {},
        {}};
    b.run();
}

}  // namespace dramsweep::device
