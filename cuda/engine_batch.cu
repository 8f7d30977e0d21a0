// The cuda backend (engine::run_batch_cuda): the host side of the batched engine on a GPU.
//
// The request stream is copied to the device once. The configurations in flight live in
// slots on the device, as many as fit in 80 % of the free device memory (cudaMemGetInfo; plain
// device allocations, no managed memory). Each launch advances every slot by a slice of
// evaluated clocks; between launches the host reads the slots' progress, takes the results of
// the finished ones (to the sink, on the calling thread) and loads the next configurations into
// their slots. Configurations beyond the engine's fixed sizes run on the host reference model.

#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "cuda_check.hpp"
#include "device_array.hpp"
#include "dramsweep/engine/engine_params.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "engine/backends.hpp"
#include "engine_kernel.hpp"

namespace dramsweep::engine::detail {
namespace {

using cuda_detail::DeviceArray;
using cuda_detail::SlotArrays;

// Evaluated clocks per slot and launch: a launch of a full device takes milliseconds, so that
// finished slots are refilled promptly and progress moves visibly.
constexpr std::uint64_t kTicksPerLaunch = std::uint64_t{1} << 14;
constexpr double kDeviceMemoryShare = 0.8;

std::size_t slot_bytes(std::uint32_t channels_per_slot) {
    return sizeof(EngineParams) + std::size_t{channels_per_slot} * sizeof(ChannelState) + sizeof(RunProgress) +
           kLatencySlots * sizeof(std::uint32_t) + 1;
}

bool shared_memory_fits(std::uint32_t channels_per_slot) {
    int device = 0, optin = 0;
    DRAMSWEEP_CUDA_CHECK(cudaGetDevice(&device));
    DRAMSWEEP_CUDA_CHECK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
    return cuda_detail::shared_bytes_per_slot(channels_per_slot) <= static_cast<std::size_t>(optin);
}

// Runs the engine configurations (indices into `configs`) on the device; false if the sink
// stopped the batch.
bool run_on_device(const std::vector<dram::DramConfig>& configs, const std::vector<std::size_t>& order,
                   const std::vector<dram::TraceRequest>& stream, const BatchOptions& options, const ResultSink& sink) {
    if (order.empty()) return true;
    const StreamArrays host_stream = make_stream_arrays(stream);
    const std::size_t n = host_stream.addr.size();
    DeviceArray<std::uint64_t> d_addr(n);
    DeviceArray<std::uint8_t> d_is_write(n);
    d_addr.upload(host_stream.addr.data(), n);
    d_is_write.upload(host_stream.is_write.data(), n);
    const StreamView device_stream{d_addr.get(), d_is_write.get(), n};

    std::uint32_t channels_per_slot = 1;
    for (const std::size_t i : order) channels_per_slot = std::max(channels_per_slot, configs[i].org.channels);
    std::size_t free_bytes = 0, total_bytes = 0;
    DRAMSWEEP_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    const auto budget = static_cast<std::size_t>(static_cast<double>(free_bytes) * kDeviceMemoryShare);
    const std::size_t fit = budget / slot_bytes(channels_per_slot);
    const auto slot_count = static_cast<std::uint32_t>(std::min<std::size_t>({order.size(), fit, 1u << 20}));
    if (slot_count == 0) throw std::runtime_error("cuda backend: not enough free device memory for one configuration");
    const bool in_shared = shared_memory_fits(channels_per_slot);

    DeviceArray<EngineParams> d_params(slot_count);
    DeviceArray<ChannelState> d_channels(std::size_t{slot_count} * channels_per_slot);
    DeviceArray<RunProgress> d_progress(slot_count);
    DeviceArray<std::uint32_t> d_latency(std::size_t{slot_count} * kLatencySlots);
    DeviceArray<std::uint8_t> d_active(slot_count);
    const SlotArrays slots{d_params.get(), d_channels.get(), d_progress.get(), d_latency.get(), d_active.get(),
                           channels_per_slot};

    std::vector<EngineParams> params(slot_count);
    std::vector<RunProgress> progress(slot_count);
    std::vector<std::uint8_t> active(slot_count, 0);
    std::vector<std::size_t> slot_config(slot_count);
    std::vector<ChannelState> channels(channels_per_slot);
    std::vector<std::uint32_t> latency(kLatencySlots);

    std::size_t next = 0, delivered = 0;
    std::uint64_t finished_clocks = 0;  // cycles of the delivered configurations (progress)
    while (delivered < order.size()) {
        for (std::uint32_t s = 0; s < slot_count; ++s) {
            if (active[s] || next == order.size()) continue;
            slot_config[s] = order[next++];
            params[s] = make_engine_params(configs[slot_config[s]]);
            config_init(params[s], channels.data(), progress[s], latency.data());
            d_params.upload(&params[s], 1, s);
            d_channels.upload(channels.data(), params[s].channels, std::size_t{s} * channels_per_slot);
            d_progress.upload(&progress[s], 1, s);
            d_latency.upload(latency.data(), kLatencySlots, std::size_t{s} * kLatencySlots);
            active[s] = 1;
        }
        d_active.upload(active.data(), slot_count);
        cuda_detail::launch_advance(slots, slot_count, device_stream, options.max_outstanding, kTicksPerLaunch,
                                    in_shared, nullptr);
        DRAMSWEEP_CUDA_CHECK(cudaDeviceSynchronize());
        d_progress.download(progress.data(), slot_count);
        for (std::uint32_t s = 0; s < slot_count; ++s) {
            if (!active[s] || progress[s].done == 0) continue;
            d_channels.download(channels.data(), params[s].channels, std::size_t{s} * channels_per_slot);
            d_latency.download(latency.data(), kLatencySlots, std::size_t{s} * kLatencySlots);
            const RunSummary summary = engine_summary(params[s], channels.data(), progress[s], latency.data(), n);
            active[s] = 0;
            ++delivered;
            finished_clocks += summary.cycles;
            if (!sink(slot_config[s], summary)) return false;
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

void run_batch_cuda(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                    const BatchOptions& options, const ResultSink& sink) {
    if (!gpu::device_available()) throw std::runtime_error("cuda backend: no CUDA device is available");
    std::vector<std::size_t> on_device;
    std::vector<dram::DramConfig> on_host;
    std::vector<std::size_t> host_index;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        if (engine_unsupported_reason(configs[i], stream.size()).empty()) {
            on_device.push_back(i);
        } else {
            on_host.push_back(configs[i]);
            host_index.push_back(i);
        }
    }
    if (!run_on_device(configs, on_device, stream, options, sink)) return;
    run_batch_reference(on_host, stream, options,
                        [&](std::size_t i, const RunSummary& summary) { return sink(host_index[i], summary); });
}

}  // namespace dramsweep::engine::detail
