// The reference closed loop (rules C1-C5): the shared fold loop (coupled/fold_loop.hpp) over the
// reference memory system.

#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/coupled/network_summary.hpp"
#include "dramsweep/dram/memory_system.hpp"

namespace dramsweep::coupled {
namespace {

// The reference memory system as the fold loop's memory.
class LoopMemory {
public:
    LoopMemory(dram::MemorySystem& memory, const NetworkStream& stream) : memory_(memory), stream_(stream) {}

    dram::TickCounts tick(std::uint64_t now) { return memory_.tick(now); }
    bool offer(std::uint64_t i, std::uint64_t now) {
        return memory_.offer(stream_.addresses[i], stream_.is_write[i] != 0, i, now);
    }
    std::uint64_t next_event() const { return memory_.next_event(); }
    std::uint64_t next_return() const { return memory_.next_return(); }
    void add_counters_at(std::uint64_t at, results::DramCounters& into) const {
        into += memory_.counters_at(at);
    }
    void finish(std::uint64_t end) { memory_.finish(end); }

private:
    dram::MemorySystem& memory_;
    const NetworkStream& stream_;
};

}  // namespace

results::NetworkSummary run_network_summary(const NetworkStream& stream, const dram::DramConfig& dram,
                                            const ClockDomains& clocks) {
    dram::MemorySystem memory(dram);
    LoopMemory adapter(memory, stream);
    FoldProgress progress;
    fold_start(progress, clocks);
    std::vector<LayerRecord> layers(stream.layer_last_fold.size(), LayerRecord{});
    fold_advance(adapter, stream.view(), progress, layers.data(), ~std::uint64_t{0});
    return network_summary(stream, progress, layers.data(),
                           results::make_run_summary(progress.end_clock, stream.requests(), memory.counters(),
                                                     memory.read_latencies()));
}

}  // namespace dramsweep::coupled
