// The cuda backend (backend/cuda_runners.hpp): configurations split into pools by channel count
// and bank-per-lane class, each pool's slots launched over and over on a stream of its own (a
// pool's results are collected while the others run), decoded streams shared by configurations
// with one address mapping, and the configurations the device cannot take run on the host engine
// meanwhile (host_fallback.hpp).

#include <algorithm>
#include <compare>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
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

// When a channel renumbers its queued requests: DRAMSWEEP_CUDA_RENUMBER_AT (a test's knob, so
// that a short run renumbers often on the emulated device), device::kPlanSeqLimit when unset.
device::Renewal renewal() {
    device::Renewal r;
    const char* v = std::getenv("DRAMSWEEP_CUDA_RENUMBER_AT");
    if (!v || !*v) return r;
    char* end = nullptr;
    const unsigned long n = std::strtoul(v, &end, 10);
    if (*end != '\0' || n == 0 || n > device::kPlanSeqLimit)
        throw std::runtime_error("DRAMSWEEP_CUDA_RENUMBER_AT: expected 1 to " +
                                 std::to_string(device::kPlanSeqLimit) + ", got '" + v + "'");
    r.renumber_at = static_cast<std::uint32_t>(n);
    return r;
}

// Which channels take half a warp: DRAMSWEEP_CUDA_HALF_WARPS = 0, 1 or 2 (device::HalfWarps; to
// compare them on a device), 1 when unset.
device::HalfWarps half_warps() {
    const char* v = std::getenv("DRAMSWEEP_CUDA_HALF_WARPS");
    const std::string s = v ? v : "";
    if (s.empty() || s == "1") return device::HalfWarps::kUpTo16Banks;
    if (s == "0") return device::HalfWarps::kOff;
    if (s == "2") return device::HalfWarps::kUpTo32Banks;
    throw std::runtime_error("DRAMSWEEP_CUDA_HALF_WARPS: expected 0, 1 or 2, got '" + s + "'");
}

// The options of the host's share, which runs on a thread of its own: progress is reported by
// the calling thread's loop, for both shares.
BatchOptions host_share(const BatchOptions& options) {
    BatchOptions o = options;
    o.on_progress = nullptr;
    return o;
}

// Configurations that share a channel count, a bank-per-lane class, a width (lanes per channel)
// and a rule set (AllRules or BaseRules, device_state.hpp) share a pool.
struct PoolKey {
    std::uint32_t channels, per_lane, width;
    bool all_rules;
    auto operator<=>(const PoolKey&) const = default;
};

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
    const device::HalfWarps half = half_warps();
    for (std::size_t i = 0; i < count; ++i) {
        if (!unsupported(i).empty()) {
            p.on_host.push_back(i);
            continue;
        }
        const DeviceParams params = params_of(i);
        const std::uint32_t width = device::lanes_per_channel(params, half);
        p.pools[{params.channels, device::banks_per_lane(params.banks_per_channel, width), width,
                 device::needs_all_rules(params)}]
            .push_back(i);
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

// The trace mode and the closed loop as the device runner sees them (run_on_device): the
// configurations, what each runs on the host when the device cannot take it, what goes to the
// device once per batch and once per pool, and a finished configuration's summary.
//
//   using Summary; using Inputs (the kernel's job inputs); struct PoolData (device arrays of a pool);
//   size(), dram(i), requests(i), source(i) (its request stream among those upload() added);
//   run_on_host(indices, options, sink); upload(streams); inputs(indices, data) -> Inputs;
//   summary(i, local, data, pool_stream, result, latency_counts) -> Summary.

// A finished configuration's DRAM run, from the device's integers.
results::RunSummary run_summary(const ConfigResult& r, std::uint64_t requests,
                                const std::vector<std::uint32_t>& latency) {
    return results::make_run_summary(r.cycles, requests, r.counters, latency.data(), r.read_latency_max);
}

class TraceDeviceJob {
public:
    using Summary = results::RunSummary;
    using Inputs = device::TraceJobInputs;
    struct PoolData {};

    TraceDeviceJob(const std::vector<dram::DramConfig>& configs,
                   const std::vector<dram::TraceRequest>& stream, std::uint64_t max_outstanding)
        : configs_(configs), stream_(stream), max_outstanding_(max_outstanding) {}

    std::size_t size() const { return configs_.size(); }
    const dram::DramConfig& dram(std::size_t i) const { return configs_[i]; }
    std::uint64_t requests(std::size_t) const { return stream_.size(); }
    std::size_t source(std::size_t) const { return 0; }

    void run_on_host(const std::vector<std::size_t>& indices, const BatchOptions& options,
                     const Sink<Summary>& sink) const {
        std::vector<dram::DramConfig> subset;
        for (const std::size_t i : indices) subset.push_back(configs_[i]);
        run_trace_batch(BackendKind::kHost, subset, stream_, options, sink);
    }
    void upload(DeviceStreams& streams) const {
        std::vector<std::uint64_t> addresses;
        std::vector<std::uint8_t> is_write;
        for (const dram::TraceRequest& r : stream_) {
            addresses.push_back(r.addr);
            is_write.push_back(r.is_write ? 1 : 0);
        }
        streams.add_source(addresses.data(), is_write.data(), stream_.size());
    }
    Inputs inputs(const std::vector<std::size_t>&, PoolData&) const {
        return Inputs{stream_.size(), max_outstanding_};
    }
    Summary summary(std::size_t, std::uint32_t, const PoolData&, cudaStream_t, const ConfigResult& r,
                    const std::vector<std::uint32_t>& latency) const {
        return run_summary(r, stream_.size(), latency);
    }

private:
    const std::vector<dram::DramConfig>& configs_;
    const std::vector<dram::TraceRequest>& stream_;
    std::uint64_t max_outstanding_;
};

class NetworkDeviceJob {
public:
    using Summary = results::NetworkSummary;
    using Inputs = device::NetworkJobInputs;
    struct PoolData {
        cuda_api::DeviceBuffer<std::uint32_t> network_of;
        cuda_api::DeviceBuffer<coupled::ClockDomains> clocks;
        cuda_api::DeviceBuffer<coupled::LayerRecord> layers;
    };

    NetworkDeviceJob(const std::vector<coupled::NetworkStream>& streams,
                     const std::vector<coupled::NetworkCase>& cases)
        : streams_(streams), cases_(cases) {}

    std::size_t size() const { return cases_.size(); }
    const dram::DramConfig& dram(std::size_t i) const { return cases_[i].dram; }
    std::uint64_t requests(std::size_t i) const { return streams_[cases_[i].stream].requests(); }
    std::size_t source(std::size_t i) const { return cases_[i].stream; }

    void run_on_host(const std::vector<std::size_t>& indices, const BatchOptions& options,
                     const Sink<Summary>& sink) const {
        std::vector<coupled::NetworkCase> subset;
        for (const std::size_t i : indices) subset.push_back(cases_[i]);
        run_network_batch(BackendKind::kHost, streams_, subset, options, sink);
    }
    // Every network on the device: its requests (decoded per mapping), its folds and layer ends.
    void upload(DeviceStreams& requests) {
        std::vector<coupled::FoldView> views;
        for (const coupled::NetworkStream& s : streams_) {
            requests.add_source(s.addresses.data(), s.is_write.data(), s.requests());
            folds_.emplace_back(s.folds.size());
            folds_.back().upload(s.folds.data(), s.folds.size());
            last_folds_.emplace_back(s.layer_last_fold.size());
            last_folds_.back().upload(s.layer_last_fold.data(), s.layer_last_fold.size());
            coupled::FoldView v = s.view();
            v.folds = folds_.back().get();
            v.layer_last_fold = last_folds_.back().get();
            views.push_back(v);
            max_layers_ = std::max(max_layers_, v.layer_count);
        }
        views_ = cuda_api::DeviceBuffer<coupled::FoldView>(views.size());
        views_.upload(views.data(), views.size());
    }
    Inputs inputs(const std::vector<std::size_t>& indices, PoolData& data) const {
        std::vector<std::uint32_t> network_of;
        std::vector<coupled::ClockDomains> clocks;
        for (const std::size_t i : indices) {
            network_of.push_back(static_cast<std::uint32_t>(cases_[i].stream));
            clocks.push_back(cases_[i].clocks);
        }
        data.network_of = cuda_api::DeviceBuffer<std::uint32_t>(network_of.size());
        data.network_of.upload(network_of.data(), network_of.size());
        data.clocks = cuda_api::DeviceBuffer<coupled::ClockDomains>(clocks.size());
        data.clocks.upload(clocks.data(), clocks.size());
        data.layers = cuda_api::DeviceBuffer<coupled::LayerRecord>(indices.size() * max_layers_);
        return Inputs{views_.get(), data.network_of.get(), data.clocks.get(), data.layers.get(), max_layers_};
    }
    Summary summary(std::size_t i, std::uint32_t local, const PoolData& data, cudaStream_t stream,
                    const ConfigResult& r, const std::vector<std::uint32_t>& latency) {
        const coupled::NetworkStream& s = streams_[cases_[i].stream];
        layers_.resize(s.layer_last_fold.size());
        data.layers.download(layers_.data(), layers_.size(), std::size_t{local} * max_layers_, stream);
        cudaStreamSynchronize(stream);
        coupled::FoldProgress progress{};
        progress.end_cycle = r.end_cycle;
        progress.end_clock = r.cycles;
        return coupled::network_summary(s, progress, layers_.data(), run_summary(r, s.requests(), latency));
    }

private:
    const std::vector<coupled::NetworkStream>& streams_;
    const std::vector<coupled::NetworkCase>& cases_;
    std::vector<cuda_api::DeviceBuffer<coupled::LoopFold>> folds_;
    std::vector<cuda_api::DeviceBuffer<std::uint64_t>> last_folds_;
    cuda_api::DeviceBuffer<coupled::FoldView> views_;
    std::uint32_t max_layers_ = 1;
    std::vector<coupled::LayerRecord> layers_;
};

// One batch of a job on the device: the configurations it cannot take on the host backend (a
// thread of their own), the others in pools by channel count and banks per lane, every request
// stream decoded once per mapping, the pools' launch loop (run_pools).
template <typename Job>
void run_on_device(Job& job, const BatchOptions& options, const Sink<typename Job::Summary>& sink) {
    using Summary = typename Job::Summary;
    using Inputs = typename Job::Inputs;
    if (!gpu::device_available()) throw std::runtime_error("cuda backend: no CUDA device is available");
    const Partition parts = partition(
        job.size(),
        [&](std::size_t i) { return device::device_unsupported_reason(job.dram(i), job.requests(i)); },
        [&](std::size_t i) { return device::make_device_params(job.dram(i)); });

    std::unique_ptr<HostFallback<Summary>> fallback;
    if (!parts.on_host.empty())
        fallback = std::make_unique<HostFallback<Summary>>(
            [&](const Sink<Summary>& s) { job.run_on_host(parts.on_host, host_share(options), s); });

    DeviceStreams streams;
    job.upload(streams);
    struct Prepared {
        PoolKey key;
        std::vector<DeviceParams> params;
        std::vector<std::uint32_t> stream_of;
    };
    std::vector<Prepared> prepared;
    for (const auto& [key, indices] : parts.pools) {
        Prepared p{key, {}, {}};
        for (const std::size_t i : indices) {
            p.params.push_back(device::make_device_params(job.dram(i)));
            p.stream_of.push_back(streams.decoded(job.source(i), job.dram(i), p.params.back()));
        }
        prepared.push_back(std::move(p));
    }
    const std::uint32_t* const* table = streams.table();  // after every decoding

    struct Entry {
        std::vector<std::size_t> global;
        typename Job::PoolData data;
        device::Pool<Inputs> pool;
    };
    std::vector<std::unique_ptr<Entry>> pools;
    std::size_t k = 0;
    for (const auto& [key, indices] : parts.pools) {
        Prepared& p = prepared[k++];
        typename Job::PoolData data;
        const Inputs inputs = job.inputs(indices, data);
        pools.push_back(std::unique_ptr<Entry>(new Entry{
            indices, std::move(data),
            device::Pool<Inputs>(device::layout_for(p.params), p.key.per_lane, p.key.width, p.key.all_rules,
                                 p.params, p.stream_of, table, inputs, max_slots(), renewal())}));
    }
    std::vector<std::uint32_t> latency;
    run_pools<Summary>(
        pools, fallback.get(), parts.on_host, options,
        [&](const Entry& e, std::uint32_t local) {
            ConfigResult r{};
            e.pool.result(local, r, latency);
            const std::size_t i = e.global[local];
            return sink(i, job.summary(i, local, e.data, e.pool.stream(), r, latency));
        },
        sink);
}

}  // namespace

void run_trace_batch_cuda(const std::vector<dram::DramConfig>& configs,
                          const std::vector<dram::TraceRequest>& stream, const BatchOptions& options,
                          const Sink<results::RunSummary>& sink) {
    TraceDeviceJob job(configs, stream, options.max_outstanding);
    run_on_device(job, options, sink);
}

void run_network_batch_cuda(const std::vector<coupled::NetworkStream>& streams,
                            const std::vector<coupled::NetworkCase>& cases, const BatchOptions& options,
                            const Sink<results::NetworkSummary>& sink) {
    NetworkDeviceJob job(streams, cases);
    run_on_device(job, options, sink);
}

}  // namespace dramsweep::backend::detail
