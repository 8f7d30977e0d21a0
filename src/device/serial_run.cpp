#include "dramsweep/device/serial_run.hpp"

#include <memory>
#include <vector>

#include "dramsweep/coupled/network_summary.hpp"
#include "dramsweep/device/config_loop.hpp"
#include "dramsweep/device/setup.hpp"

namespace dramsweep::device {
namespace {

// One configuration's state on the host, laid out as on the device.
struct SerialConfig {
    ConfigLayout layout;
    std::vector<std::uint64_t> shared;  // the block's shared memory, 8-byte words
    std::unique_ptr<SerialBlock::PerChannel<ChannelUniform>> uniform =
        std::make_unique<SerialBlock::PerChannel<ChannelUniform>>();
    std::unique_ptr<SerialBlock::PerChannel<SerialLanes::PerBank<BankLane>>> banks =
        std::make_unique<SerialBlock::PerChannel<SerialLanes::PerBank<BankLane>>>();
    std::vector<std::uint32_t> latency_counts = std::vector<std::uint32_t>(results::kLatencyClamp, 0);
    std::vector<std::uint32_t> requests;
    SerialBlock block;

    SerialConfig(const dram::DramConfig& config, const std::uint64_t* addresses, const std::uint8_t* is_write,
                 std::size_t count) {
        const DeviceParams params = make_device_params(config);
        layout = layout_for({params});
        shared.assign((layout.bytes() + 7) / 8, 0);
        layout.config(shared.data())->params = params;
        requests = decode_stream(config, addresses, is_write, count);
    }
    DeviceMemory<SerialBlock> memory(Renewal renewal) {
        return DeviceMemory<SerialBlock>(block, layout, shared.data(), *uniform, *banks, requests.data(),
                                         latency_counts.data(), renewal);
    }
    unsigned char* progress() { return layout.config(shared.data())->progress; }

    results::RunSummary summary(std::uint64_t cycles) {
        results::DramCounters counters;
        std::uint32_t max_latency = 0;
        for (std::uint32_t c = 0; c < layout.channels; ++c) {
            const ChannelShared& ch = *layout.channel(shared.data(), c).shared;
            counters += ch.counters;
            if (ch.read_latency_max > max_latency) max_latency = ch.read_latency_max;
        }
        return results::make_run_summary(cycles, requests.size(), counters, latency_counts.data(),
                                         max_latency);
    }
};

}  // namespace

results::RunSummary run_trace_serial(const dram::DramConfig& config,
                                     const std::vector<dram::TraceRequest>& stream,
                                     std::uint64_t max_outstanding, Renewal renewal, DeviceRunStats* stats) {
    std::vector<std::uint64_t> addresses;
    std::vector<std::uint8_t> is_write;
    for (const dram::TraceRequest& r : stream) {
        addresses.push_back(r.addr);
        is_write.push_back(r.is_write ? 1 : 0);
    }
    SerialConfig run(config, addresses.data(), is_write.data(), stream.size());
    DeviceMemory<SerialBlock> memory = run.memory(renewal);
    memory.init();
    static_assert(sizeof(dram::TraceProgress) <= kProgressBytes, "the trace loop's progress fits its place");
    const TraceDriver driver{reinterpret_cast<dram::TraceProgress*>(run.progress()),
                             {stream.size(), max_outstanding}};
    driver.start();
    if (!stats) {
        while (!advance_config(run.block, memory, driver, ~std::uint64_t{0})) {
        }
        return run.summary(driver.g->end);
    }
    // A clock at a time, to see which channels each one ticked.
    const auto ticks = [&](std::uint32_t c) { return run.layout.channel(run.shared.data(), c).shared->ticks; };
    std::vector<std::uint64_t> seen(run.layout.channels, 0);
    for (bool done = false; !done;) {
        done = advance_config(run.block, memory, driver, 1);
        for (std::uint32_t c = 0; c + 1 < run.layout.channels; c += 2)
            if (ticks(c) != seen[c] || ticks(c + 1) != seen[c + 1]) ++stats->pair_ticks;
        for (std::uint32_t c = 0; c < run.layout.channels; ++c) seen[c] = ticks(c);
    }
    stats->clocks = driver.g->ticks;
    for (std::uint32_t c = 0; c < run.layout.channels; ++c) stats->channel_ticks += ticks(c);
    return run.summary(driver.g->end);
}

results::NetworkSummary run_network_serial(const coupled::NetworkStream& stream,
                                           const coupled::NetworkCase& c, Renewal renewal) {
    SerialConfig run(c.dram, stream.addresses.data(), stream.is_write.data(), stream.requests());
    DeviceMemory<SerialBlock> memory = run.memory(renewal);
    memory.init();
    static_assert(sizeof(coupled::FoldProgress) <= kProgressBytes,
                  "the closed loop's progress fits its place");
    std::vector<coupled::LayerRecord> layers(stream.layer_last_fold.size());
    const FoldDriver driver{reinterpret_cast<coupled::FoldProgress*>(run.progress()), stream.view(),
                            layers.data()};
    driver.start(c.clocks);
    while (!advance_config(run.block, memory, driver, ~std::uint64_t{0})) {
    }
    return coupled::network_summary(stream, *driver.g, layers.data(), run.summary(driver.g->end_clock));
}

}  // namespace dramsweep::device
