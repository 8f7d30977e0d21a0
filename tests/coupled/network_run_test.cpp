// Sanity properties of the closed loop between the accelerator and the DRAM model.

#include <random>

#include <gtest/gtest.h>

#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/systolic/sram_traffic.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::small_accel;

Layer conv(const char* name, std::int64_t h, std::int64_t r, std::int64_t c, std::int64_t n, std::int64_t s) {
    return testing::square_conv(name, h, r, c, n, s);
}

TEST(NetworkRun, TotalCyclesNeverBelowComputeOnRandomConfigurations) {
    std::mt19937_64 rng(3);
    auto pick = [&](std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(rng() % (hi - lo + 1)); };
    const char* presets[] = {"ddr4-2400", "lpddr4-3200", "hbm2", "ddr5-4800"};
    for (int i = 0; i < 12; ++i) {
        Topology t;
        t.name = "random";
        const int layers = static_cast<int>(pick(1, 3));
        for (int l = 0; l < layers; ++l) {
            const std::int64_t r = pick(1, 3);
            t.layers.push_back(conv("c", pick(r + 2, 14), r, pick(1, 16), pick(1, 24), pick(1, 2)));
        }
        AccelConfig a = small_accel(static_cast<Dataflow>(pick(0, 2)), pick(2, 16), pick(2, 16), pick(1, 8));
        a.freq_mhz = pick(200, 2000);
        const dram::DramConfig d = dram::load_dram_config(presets[pick(0, 3)]);
        const coupled::NetworkRunResult r = coupled::run_network(t, a, d);
        std::int64_t sum = 0;
        for (const auto& layer : r.layers) {
            EXPECT_GE(layer.stall_cycles, 0);
            EXPECT_EQ(layer.total_cycles, layer.compute_cycles + layer.stall_cycles);
            sum += layer.total_cycles;
        }
        EXPECT_EQ(sum, r.total.total_cycles);
        EXPECT_GE(r.total.total_cycles, r.total.compute_cycles);
    }
}

TEST(NetworkRun, DramBytesAreRequestsTimesBurst) {
    Topology t{"one", {conv("c", 20, 3, 16, 32, 1)}};
    const AccelConfig a = small_accel(Dataflow::WeightStationary, 8, 8, 2);
    const dram::DramConfig d = dram::load_dram_config("ddr4-2400");
    const coupled::NetworkRunResult r = coupled::run_network(t, a, d);
    AccelConfig with_burst = a;
    with_burst.burst_bytes = d.org.burst_bytes();
    const LayerTraffic traffic = layer_traffic(t.layers[0], with_burst);
    EXPECT_EQ(r.total.dram_reads, static_cast<std::uint64_t>(traffic.reads()));
    EXPECT_EQ(r.total.dram_writes, static_cast<std::uint64_t>(traffic.writes()));
    EXPECT_EQ(r.total.dram_bytes, (r.total.dram_reads + r.total.dram_writes) * d.org.burst_bytes());
}

TEST(NetworkRun, OperandThatFitsIsReadOnce) {
    // Filters: 3*3*8*16 = 1,152 bytes; ifmap 16*16*8 = 2,048 bytes; SRAMs of 64 kB hold both.
    Topology t{"one", {conv("c", 16, 3, 8, 16, 1)}};
    const AccelConfig a = small_accel(Dataflow::OutputStationary, 4, 4, 64);
    const dram::DramConfig d = dram::load_dram_config("ddr4-2400");
    const coupled::NetworkRunResult r = coupled::run_network(t, a, d);
    EXPECT_EQ(r.total.dram_reads, (1152 + 2048) / 64u);
}

TEST(NetworkRun, MoreChannelsNeverAddStallsOnAStreamingLayer) {
    // A GEMM whose filter streams through a small SRAM: memory-bound, one pass over the weights.
    Topology t{"fc", {Layer::gemm("fc", 64, 2048, 1024)}};
    const AccelConfig a = small_accel(Dataflow::OutputStationary, 32, 32, 16);
    std::int64_t previous = -1;
    for (const char* channels : {"org.channels=1", "org.channels=2", "org.channels=4", "org.channels=8"}) {
        const dram::DramConfig d = dram::load_dram_config("ddr4-2400", {channels, "mapping=RoRaBaBgCoCh"});
        const coupled::NetworkRunResult r = coupled::run_network(t, a, d);
        if (previous >= 0) {
            EXPECT_LE(r.total.stall_cycles, previous) << channels;
        }
        previous = r.total.stall_cycles;
    }
    EXPECT_GT(previous, -1);
}

TEST(NetworkRun, ComputeBoundLayerHasFewStalls) {
    // Everything fits and the layer computes for long: only the first fold waits for data.
    Topology t{"c", {conv("c", 30, 3, 4, 8, 1)}};
    const AccelConfig a = small_accel(Dataflow::OutputStationary, 4, 4, 64);
    const coupled::NetworkRunResult r = coupled::run_network(t, a, dram::load_dram_config("ddr4-2400"));
    EXPECT_FALSE(r.total.memory_bound);
    EXPECT_LT(r.total.stall_cycles * 20, r.total.compute_cycles);
}

}  // namespace
}  // namespace dramsweep
