// The cuda backend of run_network_batch: the host side of the network kernel.
//
// Every distinct stream is copied to the device once; the slots (configurations in flight) get
// as much of the remaining free memory as 80 % of it allows. Between launches the host reads
// the slots' progress, delivers the finished ones and loads the next cases, as the trace backend
// does (engine_batch.cu). Cases beyond the engine's fixed sizes run the reference closed loop on
// the host afterwards.

#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "cuda_check.hpp"
#include "device_array.hpp"
#include "dramsweep/engine/engine_params.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "engine/network_arrays.hpp"
#include "engine/network_backends.hpp"
#include "engine_kernel.hpp"
#include "network_kernel.hpp"

namespace dramsweep::engine::detail {
namespace {

using cuda_detail::DeviceArray;
using cuda_detail::NetworkSlotArrays;

constexpr std::uint64_t kTicksPerLaunch = std::uint64_t{1} << 14;
constexpr double kDeviceMemoryShare = 0.8;

// One stream's arrays on the device.
struct DeviceStream {
    DeviceArray<std::uint64_t> reads, writes, layer_last_fold;
    DeviceArray<NetworkFold> folds;
    explicit DeviceStream(const NetworkArrays& a)
        : reads(a.reads.size()), writes(a.writes.size()), layer_last_fold(a.layer_last_fold.size()),
          folds(a.folds.size()) {
        reads.upload(a.reads.data(), a.reads.size());
        writes.upload(a.writes.data(), a.writes.size());
        layer_last_fold.upload(a.layer_last_fold.data(), a.layer_last_fold.size());
        folds.upload(a.folds.data(), a.folds.size());
    }
};

std::size_t slot_bytes(std::uint32_t channels, std::uint32_t layers) {
    return sizeof(EngineParams) + std::size_t{channels} * sizeof(ChannelState) + sizeof(NetworkProgress) +
           std::size_t{layers} * sizeof(LayerRecord) + kLatencySlots * sizeof(std::uint32_t) +
           sizeof(std::uint32_t) + 1;
}

bool shared_memory_fits(std::uint32_t channels_per_slot) {
    int device = 0, optin = 0;
    DRAMSWEEP_CUDA_CHECK(cudaGetDevice(&device));
    DRAMSWEEP_CUDA_CHECK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
    return cuda_detail::shared_bytes_per_slot(channels_per_slot) <= static_cast<std::size_t>(optin);
}

// Runs the cases in `order` on the device; false if the sink stopped the batch.
bool run_on_device(const std::vector<NetworkArrays>& arrays, const std::vector<NetworkCase>& cases,
                   const std::vector<std::size_t>& order, const BatchOptions& options, const NetworkSink& sink) {
    if (order.empty()) return true;
    std::vector<DeviceStream> device_streams;
    device_streams.reserve(arrays.size());
    std::vector<NetworkView> views;
    std::uint32_t layers_per_slot = 1, channels_per_slot = 1;
    for (const NetworkArrays& a : arrays) {
        device_streams.emplace_back(a);
        const DeviceStream& d = device_streams.back();
        views.push_back(a.view_of(d.reads.get(), d.writes.get(), d.folds.get(), d.layer_last_fold.get()));
        layers_per_slot = std::max(layers_per_slot, static_cast<std::uint32_t>(a.layer_last_fold.size()));
    }
    for (const std::size_t i : order) channels_per_slot = std::max(channels_per_slot, cases[i].dram.org.channels);
    DeviceArray<NetworkView> d_views(views.size());
    d_views.upload(views.data(), views.size());

    std::size_t free_bytes = 0, total_bytes = 0;
    DRAMSWEEP_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    const auto budget = static_cast<std::size_t>(static_cast<double>(free_bytes) * kDeviceMemoryShare);
    const std::size_t fit = budget / slot_bytes(channels_per_slot, layers_per_slot);
    const auto slot_count = static_cast<std::uint32_t>(std::min<std::size_t>({order.size(), fit, 1u << 20}));
    if (slot_count == 0) throw std::runtime_error("cuda backend: not enough free device memory for one configuration");
    const bool in_shared = shared_memory_fits(channels_per_slot);

    DeviceArray<EngineParams> d_params(slot_count);
    DeviceArray<ChannelState> d_channels(std::size_t{slot_count} * channels_per_slot);
    DeviceArray<NetworkProgress> d_progress(slot_count);
    DeviceArray<LayerRecord> d_layers(std::size_t{slot_count} * layers_per_slot);
    DeviceArray<std::uint32_t> d_latency(std::size_t{slot_count} * kLatencySlots);
    DeviceArray<std::uint32_t> d_stream(slot_count);
    DeviceArray<std::uint8_t> d_active(slot_count);
    const NetworkSlotArrays slots{d_params.get(),  d_channels.get(), d_progress.get(), d_layers.get(),
                                  d_latency.get(), d_stream.get(),   d_active.get(),   d_views.get(),
                                  channels_per_slot, layers_per_slot};

    std::vector<EngineParams> params(slot_count);
    std::vector<NetworkProgress> progress(slot_count);
    std::vector<std::uint8_t> active(slot_count, 0);
    std::vector<std::uint32_t> stream_of_slot(slot_count, 0);
    std::vector<std::size_t> slot_case(slot_count);
    std::vector<ChannelState> channels(channels_per_slot);
    std::vector<LayerRecord> layers(layers_per_slot);
    std::vector<std::uint32_t> latency(kLatencySlots);

    std::size_t next = 0, delivered = 0;
    std::uint64_t finished_clocks = 0;
    while (delivered < order.size()) {
        for (std::uint32_t s = 0; s < slot_count; ++s) {
            if (active[s] || next == order.size()) continue;
            slot_case[s] = order[next++];
            const NetworkCase& c = cases[slot_case[s]];
            params[s] = make_engine_params(c.dram);
            network_init(params[s], channels.data(), progress[s], latency.data(), c.clocks);
            std::fill(layers.begin(), layers.end(), LayerRecord{});
            stream_of_slot[s] = static_cast<std::uint32_t>(c.stream);
            d_params.upload(&params[s], 1, s);
            d_channels.upload(channels.data(), params[s].channels, std::size_t{s} * channels_per_slot);
            d_progress.upload(&progress[s], 1, s);
            d_layers.upload(layers.data(), layers_per_slot, std::size_t{s} * layers_per_slot);
            d_latency.upload(latency.data(), kLatencySlots, std::size_t{s} * kLatencySlots);
            active[s] = 1;
        }
        d_stream.upload(stream_of_slot.data(), slot_count);
        d_active.upload(active.data(), slot_count);
        cuda_detail::launch_network_advance(slots, slot_count, kTicksPerLaunch, in_shared, nullptr);
        DRAMSWEEP_CUDA_CHECK(cudaDeviceSynchronize());
        d_progress.download(progress.data(), slot_count);
        for (std::uint32_t s = 0; s < slot_count; ++s) {
            if (!active[s] || progress[s].done == 0) continue;
            const NetworkCase& c = cases[slot_case[s]];
            d_channels.download(channels.data(), params[s].channels, std::size_t{s} * channels_per_slot);
            d_layers.download(layers.data(), layers_per_slot, std::size_t{s} * layers_per_slot);
            d_latency.download(latency.data(), kLatencySlots, std::size_t{s} * kLatencySlots);
            const NetworkSummary summary = network_summary(params[s], channels.data(), progress[s], layers.data(),
                                                           latency.data(), arrays[c.stream]);
            active[s] = 0;
            ++delivered;
            finished_clocks += summary.dram.cycles;
            if (!sink(slot_case[s], summary)) return false;
        }
        if (options.on_progress) {
            BatchProgress report{delivered, 0, finished_clocks};
            for (std::uint32_t s = 0; s < slot_count; ++s)
                if (active[s]) {
                    ++report.in_flight;
                    report.clocks += progress[s].now;
                }
            options.on_progress(report);
        }
    }
    return true;
}

}  // namespace

void run_network_batch_cuda(const std::vector<coupled::NetworkStream>& streams, const std::vector<NetworkCase>& cases,
                            const BatchOptions& options, const NetworkSink& sink) {
    if (!gpu::device_available()) throw std::runtime_error("cuda backend: no CUDA device is available");
    std::vector<NetworkArrays> arrays;
    for (const coupled::NetworkStream& s : streams) arrays.push_back(make_network_arrays(s));
    std::vector<std::size_t> on_device;
    std::vector<NetworkCase> on_host;
    std::vector<std::size_t> host_index;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (engine_unsupported_reason(cases[i].dram, arrays[cases[i].stream].requests()).empty()) {
            on_device.push_back(i);
        } else {
            on_host.push_back(cases[i]);
            host_index.push_back(i);
        }
    }
    if (!run_on_device(arrays, cases, on_device, options, sink)) return;
    run_network_batch_reference(streams, on_host, options,
                                [&](std::size_t i, const NetworkSummary& summary) { return sink(host_index[i], summary); });
}

}  // namespace dramsweep::engine::detail
