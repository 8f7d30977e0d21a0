#pragma once
// One pool of the device engine on the host side: configurations that share a channel count, a
// bank-per-lane class, a width (lanes per channel) and a rule set, their device arrays, and one
// step of their launch loop (launch, then collect the configurations that finished). The loop
// itself is device_runner.cu's.

#include <cstdint>
#include <vector>

#include "cuda_api.hpp"
#include "dramsweep/device/layout.hpp"
#include "pool_kernel.cuh"

namespace dramsweep::device {

// The limits of the resident state one pool's slots may take from the device's free memory.
inline constexpr double kDeviceMemoryShare = 0.5;

template <typename Inputs>
class Pool {
public:
    // `configs` pool-local configurations; `streams` a device array of decoded stream pointers;
    // `width`: the lanes a channel takes (lanes_per_channel); `all_rules`: some configuration of
    // the pool needs AllRules (needs_all_rules).
    Pool(ConfigLayout layout, std::uint32_t per_lane, std::uint32_t width, bool all_rules,
         const std::vector<DeviceParams>& params, const std::vector<std::uint32_t>& stream_of,
         const std::uint32_t* const* streams, Inputs inputs, std::uint32_t max_slots, Renewal renewal = {})
        : layout_(layout),
          per_lane_(per_lane),
          width_(width),
          all_rules_(all_rules),
          count_(static_cast<std::uint32_t>(params.size())),
          params_(params.size()),
          stream_of_(stream_of.size()),
          next_config_(1),
          done_count_(1),
          done_list_(params.size()),
          results_(params.size()),
          latency_counts_(params.size() * results::kLatencyClamp),
          streams_(streams),
          inputs_(inputs),
          renewal_(renewal) {
        params_.upload(params.data(), params.size());
        stream_of_.upload(stream_of.data(), stream_of.size());
        next_config_.zero();
        done_count_.zero();
        latency_counts_.zero();
        const int threads = static_cast<int>(width_ * layout_.channels);
        const std::size_t shared = layout_.bytes();
        const int per_sm = with_kernel(
            [&](auto kernel) { return cuda_api::resident_blocks_per_sm(kernel, threads, shared); });
        if (per_sm == 0) throw std::runtime_error("cuda backend: a block of the device engine does not fit an SM");
        image_words_ = static_cast<std::uint32_t>((shared + 7) / 8);
        const std::size_t slot_bytes = image_words_ * 8 + layout_.channels * (sizeof(ChannelUniform) +
                                                                              32 * per_lane_ * sizeof(BankLane));
        const std::size_t by_memory = static_cast<std::size_t>(static_cast<double>(cuda_api::free_memory()) *
                                                               kDeviceMemoryShare) / slot_bytes;
        slots_ = static_cast<std::uint32_t>(std::min<std::size_t>(
            {std::size_t{count_}, std::size_t(per_sm) * cuda_api::multiprocessors(), by_memory, max_slots}));
        if (slots_ == 0) throw std::runtime_error("cuda backend: not enough free device memory for one configuration");
        slot_config_ = cuda_api::DeviceBuffer<std::uint32_t>(slots_);
        slot_config_.fill_bytes(0xff);  // kNoConfig: every slot claims its first configuration
        uniform_ = cuda_api::DeviceBuffer<ChannelUniform>(std::size_t{slots_} * layout_.channels);
        banks_ = cuda_api::DeviceBuffer<BankLane>(std::size_t{slots_} * layout_.channels * 32 * per_lane_);
        images_ = cuda_api::DeviceBuffer<std::uint64_t>(std::size_t{slots_} * image_words_);
    }

    std::uint32_t slots() const { return slots_; }
    std::uint32_t size() const { return count_; }
    bool finished() const { return delivered_ == count_; }
    cudaStream_t stream() const { return stream_.get(); }

    void launch(std::uint64_t tick_budget) {
        PoolLaunch<Inputs> L{};
        L.layout = layout_;
        L.config_count = count_;
        L.params = params_.get();
        L.stream_of = stream_of_.get();
        L.streams = streams_;
        L.next_config = next_config_.get();
        L.done_count = done_count_.get();
        L.done_list = done_list_.get();
        L.results = results_.get();
        L.latency_counts = latency_counts_.get();
        L.slot_config = slot_config_.get();
        L.uniform = uniform_.get();
        L.banks = banks_.get();
        L.images = images_.get();
        L.image_words = image_words_;
        L.tick_budget = tick_budget;
        L.renewal = renewal_;
        L.job = inputs_;
        const unsigned threads = width_ * layout_.channels;
        with_kernel([&](auto kernel) {
            DRAMSWEEP_LAUNCH(kernel, slots_, threads, layout_.bytes(), stream(), L);
            return 0;
        });
        cuda_api::check_launch();
    }

    // Waits for the last launch; the pool-local configurations finished since the previous call.
    std::vector<std::uint32_t> collect() {
        stream_.synchronize();
        std::uint32_t done = 0;
        done_count_.download(&done, 1, 0, stream());
        stream_.synchronize();
        std::vector<std::uint32_t> fresh(done - delivered_);
        done_list_.download(fresh.data(), fresh.size(), delivered_, stream());
        stream_.synchronize();
        delivered_ = done;
        return fresh;
    }

    // A finished configuration's result and read-latency counts (synchronous).
    void result(std::uint32_t i, ConfigResult& out, std::vector<std::uint32_t>& latency_counts) const {
        latency_counts.resize(results::kLatencyClamp);
        results_.download(&out, 1, i, stream());
        latency_counts_.download(latency_counts.data(), results::kLatencyClamp, std::size_t{i} * results::kLatencyClamp,
                                 stream());
        stream_.synchronize();
    }

private:
    // f(the kernel for this pool's banks per lane, width and rules), f's result.
    template <typename F>
    int with_kernel(F&& f) const {
        if (width_ == kHalfWarp) {
            if (per_lane_ == 1)
                return all_rules_ ? f(advance_pool<Inputs, 1, kHalfWarp, AllRules>)
                                  : f(advance_pool<Inputs, 1, kHalfWarp, BaseRules>);
            return all_rules_ ? f(advance_pool<Inputs, 2, kHalfWarp, AllRules>)
                              : f(advance_pool<Inputs, 2, kHalfWarp, BaseRules>);
        }
        if (per_lane_ == 1)
            return all_rules_ ? f(advance_pool<Inputs, 1, 32, AllRules>)
                              : f(advance_pool<Inputs, 1, 32, BaseRules>);
        return all_rules_ ? f(advance_pool<Inputs, 2, 32, AllRules>)
                          : f(advance_pool<Inputs, 2, 32, BaseRules>);
    }

    ConfigLayout layout_;
    std::uint32_t per_lane_;
    std::uint32_t width_;
    bool all_rules_;
    std::uint32_t count_;
    cuda_api::Stream stream_;
    cuda_api::DeviceBuffer<DeviceParams> params_;
    cuda_api::DeviceBuffer<std::uint32_t> stream_of_, next_config_, done_count_, done_list_;
    cuda_api::DeviceBuffer<ConfigResult> results_;
    cuda_api::DeviceBuffer<std::uint32_t> latency_counts_;
    cuda_api::DeviceBuffer<std::uint32_t> slot_config_;
    cuda_api::DeviceBuffer<ChannelUniform> uniform_;
    cuda_api::DeviceBuffer<BankLane> banks_;
    cuda_api::DeviceBuffer<std::uint64_t> images_;
    const std::uint32_t* const* streams_;
    Inputs inputs_;
    Renewal renewal_;
    std::uint32_t slots_ = 0, image_words_ = 0, delivered_ = 0;
};

}  // namespace dramsweep::device
