// The cuda backend (backend/cuda_runners.hpp): configurations split into pools by channel count
// and bank-per-lane class, each pool's slots launched over and over on a stream of its own (a
// pool's results are collected while the others run), decoded streams shared by configurations
// with one address mapping, and the configurations the device cannot take run on the host engine
// meanwhile (host_fallback.hpp).

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "backend/cuda_runners.hpp"
#include "cuda_api.hpp"
#include "decode_kernel.hpp"
#include "dramsweep/coupled/network_summary.hpp"
#include "dramsweep/device/setup.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "host_fallback.hpp"
#include "pool.hpp"

namespace dramsweep::backend::detail {
namespace {

using device::ConfigResult;
using device::DeviceParams;
using device::HostFallback;

// Evaluated clocks per block and launch: a launch of a full device takes some tens of
// milliseconds, so that results arrive and progress moves while the device works.
constexpr std::uint64_t kTicksPerLaunch = std::uint64_t{1} << 14;

// Resident blocks per pool: as many as the device holds, or DRAMSWEEP_CUDA_SLOTS when set (to
// study the launch loop, or share a device).
std::uint32_t max_slots() {
    const char* v = std::getenv("DRAMSWEEP_CUDA_SLOTS");
    const unsigned long n = v && *v ? std::strtoul(v, nullptr, 10) : 0;
    return n > 0 && n < (1u << 20) ? static_cast<std::uint32_t>(n) : 1u << 20;
}

// The options of the host's share, which runs on a thread of its own: progress is reported by
// the calling thread's loop, for both shares.
BatchOptions host_share(const BatchOptions& options) {
    BatchOptions o = options;
    o.on_progress = nullptr;
    return o;
}

// Configurations that share a channel count and a bank-per-lane class share a pool.
using PoolKey = std::pair<std::uint32_t, std::uint32_t>;

// What a decoded stream depends on: the address mapping and how banks are numbered.
std::string mapping_key(const dram::AddressMapping& m, const DeviceParams& p) {
    std::string key(sizeof m + 2 * sizeof(std::uint32_t), '\0');
    std::memcpy(key.data(), &m, sizeof m);
    std::memcpy(key.data() + sizeof m, &p.rank_shift, sizeof p.rank_shift);
    std::memcpy(key.data() + sizeof m + sizeof(std::uint32_t), &p.banks_per_group, sizeof p.banks_per_group);
    return key;
}

// A request stream on the device and its decodings, one per distinct mapping.
class DeviceStreams {
public:
    void add_source(const std::uint64_t* addresses, const std::uint8_t* is_write, std::size_t count) {
        Source s{cuda_api::DeviceBuffer<std::uint64_t>(count), cuda_api::DeviceBuffer<std::uint8_t>(count),
                 count};
        s.addresses.upload(addresses, count);
        s.is_write.upload(is_write, count);
        sources_.push_back(std::move(s));
    }
    // The index of source `source` decoded for `config`.
    std::uint32_t decoded(std::size_t source, const dram::DramConfig& config, const DeviceParams& p) {
        const dram::AddressMapping m =
            dram::parse_mapping(config.mapping, config.org, config.xor_bank_hash, config.origin);
        const auto [it, inserted] =
            index_.try_emplace({source, mapping_key(m, p)}, static_cast<std::uint32_t>(decoded_.size()));
        if (inserted) {
            const Source& s = sources_[source];
            decoded_.emplace_back(s.count);
            device::launch_decode(m, p, s.addresses.get(), s.is_write.get(), decoded_.back().get(), s.count,
                                  nullptr);
        }
        return it->second;
    }
    // The device array of decoded stream pointers the kernels read (after every decoded()).
    const std::uint32_t* const* table() {
        std::vector<const std::uint32_t*> pointers;
        for (const auto& d : decoded_) pointers.push_back(d.get());
        table_ = cuda_api::DeviceBuffer<const std::uint32_t*>(pointers.size());
        table_.upload(pointers.data(), pointers.size());
        return table_.get();
    }

private:
    struct Source {
        cuda_api::DeviceBuffer<std::uint64_t> addresses;
        cuda_api::DeviceBuffer<std::uint8_t> is_write;
        std::size_t count;
    };
    std::vector<Source> sources_;
    std::map<std::pair<std::size_t, std::string>, std::uint32_t> index_;
    std::vector<cuda_api::DeviceBuffer<std::uint32_t>> decoded_;
    cuda_api::DeviceBuffer<const std::uint32_t*> table_;
};

// Configurations split into the host's share and the pools'.
struct Partition {
    std::vector<std::size_t> on_host;
    std::map<PoolKey, std::vector<std::size_t>> pools;
};

// A pool whose state does not fit a block's shared memory (the device's opt-in limit) runs on
// the host too.
template <typename Unsupported, typename ParamsOf>
Partition partition(std::size_t count, const Unsupported& unsupported, const ParamsOf& params_of) {
    Partition p;
    for (std::size_t i = 0; i < count; ++i) {
        if (!unsupported(i).empty()) {
            p.on_host.push_back(i);
            continue;
        }
        const DeviceParams params = params_of(i);
        p.pools[{params.channels, device::banks_per_lane(params.banks_per_channel)}].push_back(i);
    }
    const std::size_t shared_limit = cuda_api::shared_memory_optin();
    for (auto it = p.pools.begin(); it != p.pools.end();) {
        std::vector<DeviceParams> params;
        for (const std::size_t i : it->second) params.push_back(params_of(i));
        if (device::layout_for(params).bytes() <= shared_limit) {
            ++it;
            continue;
        }
        p.on_host.insert(p.on_host.end(), it->second.begin(), it->second.end());
        it = p.pools.erase(it);
    }
    std::sort(p.on_host.begin(), p.on_host.end());
    return p;
}

// The loop every job shares: launch every pool, then round-robin: collect a pool's finished
// configurations, hand them to the sink, launch it again; the host's results in between.
template <typename Summary, typename PoolEntry, typename Deliver>
void run_pools(std::vector<std::unique_ptr<PoolEntry>>& pools, HostFallback<Summary>* fallback,
               const std::vector<std::size_t>& host_index, const BatchOptions& options,
               const Deliver& deliver, const Sink<Summary>& sink) {
    BatchProgress progress;
    std::size_t in_flight = 0;
    for (const auto& entry : pools) {
        entry->pool.launch(kTicksPerLaunch);
        in_flight += entry->pool.size();
    }
    in_flight += host_index.size();
    const auto from_host = [&](std::size_t i, const Summary& s) {
        ++progress.done;
        return sink(host_index[i], s);
    };
    bool running = true;
    while (running) {
        running = false;
        for (const auto& entry : pools) {
            if (entry->pool.finished()) continue;
            for (const std::uint32_t local : entry->pool.collect()) {
                ++progress.done;
                if (!deliver(*entry, local)) {
                    if (fallback) fallback->stop();
                    return;
                }
            }
            if (!entry->pool.finished()) {
                entry->pool.launch(kTicksPerLaunch);
                running = true;
            }
        }
        if (fallback && !fallback->drain(from_host)) return;
        if (options.on_progress) {
            progress.in_flight = in_flight - progress.done;
            options.on_progress(progress);
        }
    }
    if (fallback) fallback->finish(from_host);
}

}  // namespace

void run_trace_batch_cuda(const std::vector<dram::DramConfig>& configs,
                          const std::vector<dram::TraceRequest>& stream, const BatchOptions& options,
                          const Sink<results::RunSummary>& sink) {
    if (!gpu::device_available()) throw std::runtime_error("cuda backend: no CUDA device is available");
    const Partition parts = partition(
        configs.size(),
        [&](std::size_t i) { return device::device_unsupported_reason(configs[i], stream.size()); },
        [&](std::size_t i) { return device::make_device_params(configs[i]); });

    std::vector<dram::DramConfig> host_configs;
    for (const std::size_t i : parts.on_host) host_configs.push_back(configs[i]);
    std::unique_ptr<HostFallback<results::RunSummary>> fallback;
    if (!host_configs.empty())
        fallback =
            std::make_unique<HostFallback<results::RunSummary>>([&](const Sink<results::RunSummary>& s) {
                run_trace_batch(BackendKind::kHost, host_configs, stream, host_share(options), s);
            });

    std::vector<std::uint64_t> addresses;
    std::vector<std::uint8_t> is_write;
    for (const dram::TraceRequest& r : stream) {
        addresses.push_back(r.addr);
        is_write.push_back(r.is_write ? 1 : 0);
    }
    DeviceStreams streams;
    streams.add_source(addresses.data(), is_write.data(), stream.size());

    struct Entry {
        std::vector<std::size_t> global;
        device::Pool<device::TraceJobInputs> pool;
    };
    std::vector<std::unique_ptr<Entry>> pools;
    std::vector<std::tuple<PoolKey, std::vector<DeviceParams>, std::vector<std::uint32_t>>> prepared;
    for (const auto& [key, indices] : parts.pools) {
        std::vector<DeviceParams> params;
        std::vector<std::uint32_t> stream_of;
        for (const std::size_t i : indices) {
            params.push_back(device::make_device_params(configs[i]));
            stream_of.push_back(streams.decoded(0, configs[i], params.back()));
        }
        prepared.emplace_back(key, std::move(params), std::move(stream_of));
    }
    const std::uint32_t* const* table = streams.table();
    std::size_t k = 0;
    for (const auto& [key, indices] : parts.pools) {
        auto& [pool_key, params, stream_of] = prepared[k++];
        const device::TraceJobInputs inputs{stream.size(), options.max_outstanding};
        pools.push_back(std::unique_ptr<Entry>(new Entry{
            indices, device::Pool<device::TraceJobInputs>(device::layout_for(params), pool_key.second, params,
                                                          stream_of, table, inputs, max_slots())}));
    }
    std::vector<std::uint32_t> latency;
    run_pools<results::RunSummary>(
        pools, fallback.get(), parts.on_host, options,
        [&](const Entry& e, std::uint32_t local) {
            ConfigResult r{};
            e.pool.result(local, r, latency);
            results::RunSummary s;
            s.cycles = r.cycles;
            s.requests = stream.size();
            s.counters = r.counters;
            s.read_latency = results::summarize_latency(latency.data(), r.read_latency_max);
            return sink(e.global[local], s);
        },
        sink);
}

void run_network_batch_cuda(const std::vector<coupled::NetworkStream>& streams,
                            const std::vector<coupled::NetworkCase>& cases, const BatchOptions& options,
                            const Sink<results::NetworkSummary>& sink) {
    if (!gpu::device_available()) throw std::runtime_error("cuda backend: no CUDA device is available");
    const Partition parts = partition(
        cases.size(),
        [&](std::size_t i) {
            return device::device_unsupported_reason(cases[i].dram, streams[cases[i].stream].requests());
        },
        [&](std::size_t i) { return device::make_device_params(cases[i].dram); });

    std::vector<coupled::NetworkCase> host_cases;
    for (const std::size_t i : parts.on_host) host_cases.push_back(cases[i]);
    std::unique_ptr<HostFallback<results::NetworkSummary>> fallback;
    if (!host_cases.empty())
        fallback = std::make_unique<HostFallback<results::NetworkSummary>>(
            [&](const Sink<results::NetworkSummary>& s) {
                run_network_batch(BackendKind::kHost, streams, host_cases, host_share(options), s);
            });

    // Every network on the device: its requests (decoded per mapping), its folds and layer ends.
    DeviceStreams requests;
    std::vector<cuda_api::DeviceBuffer<coupled::LoopFold>> folds;
    std::vector<cuda_api::DeviceBuffer<std::uint64_t>> last_folds;
    std::vector<coupled::FoldView> views;
    std::uint32_t max_layers = 1;
    for (const coupled::NetworkStream& s : streams) {
        requests.add_source(s.addresses.data(), s.is_write.data(), s.requests());
        folds.emplace_back(s.folds.size());
        folds.back().upload(s.folds.data(), s.folds.size());
        last_folds.emplace_back(s.layer_last_fold.size());
        last_folds.back().upload(s.layer_last_fold.data(), s.layer_last_fold.size());
        coupled::FoldView v = s.view();
        v.folds = folds.back().get();
        v.layer_last_fold = last_folds.back().get();
        views.push_back(v);
        max_layers = std::max(max_layers, v.layer_count);
    }
    cuda_api::DeviceBuffer<coupled::FoldView> device_views(views.size());
    device_views.upload(views.data(), views.size());

    struct Entry {
        std::vector<std::size_t> global;
        cuda_api::DeviceBuffer<std::uint32_t> network_of;
        cuda_api::DeviceBuffer<coupled::ClockDomains> clocks;
        cuda_api::DeviceBuffer<coupled::LayerRecord> layers;
        device::Pool<device::NetworkJobInputs> pool;
    };
    struct Prepared {
        PoolKey key;
        std::vector<DeviceParams> params;
        std::vector<std::uint32_t> stream_of, network_of;
        std::vector<coupled::ClockDomains> clocks;
    };
    std::vector<Prepared> prepared;
    for (const auto& [key, indices] : parts.pools) {
        Prepared p{key, {}, {}, {}, {}};
        for (const std::size_t i : indices) {
            p.params.push_back(device::make_device_params(cases[i].dram));
            p.stream_of.push_back(requests.decoded(cases[i].stream, cases[i].dram, p.params.back()));
            p.network_of.push_back(static_cast<std::uint32_t>(cases[i].stream));
            p.clocks.push_back(cases[i].clocks);
        }
        prepared.push_back(std::move(p));
    }
    const std::uint32_t* const* table = requests.table();
    std::vector<std::unique_ptr<Entry>> pools;
    std::size_t k = 0;
    for (const auto& [key, indices] : parts.pools) {
        Prepared& p = prepared[k++];
        cuda_api::DeviceBuffer<std::uint32_t> network_of(p.network_of.size());
        network_of.upload(p.network_of.data(), p.network_of.size());
        cuda_api::DeviceBuffer<coupled::ClockDomains> clocks(p.clocks.size());
        clocks.upload(p.clocks.data(), p.clocks.size());
        cuda_api::DeviceBuffer<coupled::LayerRecord> layers(indices.size() * max_layers);
        const device::NetworkJobInputs inputs{device_views.get(), network_of.get(), clocks.get(),
                                              layers.get(), max_layers};
        pools.push_back(std::unique_ptr<Entry>(new Entry{
            indices, std::move(network_of), std::move(clocks), std::move(layers),
            device::Pool<device::NetworkJobInputs>(device::layout_for(p.params), p.key.second, p.params,
                                                   p.stream_of, table, inputs, max_slots())}));
    }
    std::vector<std::uint32_t> latency;
    std::vector<coupled::LayerRecord> layers;
    run_pools<results::NetworkSummary>(
        pools, fallback.get(), parts.on_host, options,
        [&](const Entry& e, std::uint32_t local) {
            ConfigResult r{};
            e.pool.result(local, r, latency);
            const coupled::NetworkCase& c = cases[e.global[local]];
            const coupled::NetworkStream& stream = streams[c.stream];
            layers.resize(stream.layer_last_fold.size());
            e.layers.download(layers.data(), layers.size(), std::size_t{local} * max_layers, e.pool.stream());
            cudaStreamSynchronize(e.pool.stream());
            results::RunSummary dram_run;
            dram_run.cycles = r.cycles;
            dram_run.requests = stream.requests();
            dram_run.counters = r.counters;
            dram_run.read_latency = results::summarize_latency(latency.data(), r.read_latency_max);
            coupled::FoldProgress progress{};
            progress.end_cycle = r.end_cycle;
            progress.end_clock = r.cycles;
            return sink(e.global[local], coupled::network_summary(stream, progress, layers.data(), dram_run));
        },
        sink);
}

}  // namespace dramsweep::backend::detail
