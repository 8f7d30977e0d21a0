#pragma once
// The closed loop of networks as a job of the host engine's slot runner (slot_runner.hpp): many
// (network stream, DRAM configuration) pairs, each through the shared fold loop
// (coupled/fold_loop.hpp) on the engine's channels.

#include <vector>

#include "dramsweep/coupled/fold_loop.hpp"
#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/engine/engine_memory.hpp"
#include "dramsweep/engine/engine_params.hpp"
#include "dramsweep/results/network_summary.hpp"

namespace dramsweep::engine::detail {

class NetworkJob {
public:
    using Summary = results::NetworkSummary;
    struct Slot {
        std::size_t case_index = 0;
        EngineParams params{};
        std::vector<ChannelState> channels;
        std::vector<coupled::LayerRecord> layers;
        std::vector<std::uint32_t> latency_counts = std::vector<std::uint32_t>(results::kLatencyClamp);
        coupled::FoldProgress progress{};
    };
    static constexpr std::uint64_t kTicksPerRound = std::uint64_t{1} << 16;

    NetworkJob(const std::vector<coupled::NetworkStream>& streams, const std::vector<coupled::NetworkCase>& cases)
        : streams_(streams), cases_(cases) {}

    std::size_t size() const { return cases_.size(); }
    bool engine_runs(std::size_t i) const;
    void start(Slot& slot, std::size_t i) const;
    bool advance(Slot& slot) const;
    Summary summary(const Slot& slot) const;
    Summary reference(std::size_t i) const;
    std::uint64_t clocks(const Slot& slot) const { return slot.progress.now; }
    std::uint64_t clocks(const Summary& s) const { return s.dram.cycles; }

private:
    const coupled::NetworkStream& stream_of(std::size_t i) const { return streams_[cases_[i].stream]; }
    const std::vector<coupled::NetworkStream>& streams_;
    const std::vector<coupled::NetworkCase>& cases_;
};

}  // namespace dramsweep::engine::detail
