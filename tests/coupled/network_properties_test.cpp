// The closed loop's sanity properties on random configurations (the fixed-case versions are in
// network_run_test.cpp): bytes moved equal requests times the burst, an operand that fits is
// read once, and more channels never add stalls on a streaming layer.

#include <gtest/gtest.h>

#include <random>

#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/systolic/sram_traffic.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

class Random {
public:
    explicit Random(std::uint64_t seed) : rng_(seed) {}
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    const char* preset() {
        static const char* const names[] = {"ddr4-2400", "ddr4-3200", "lpddr4-3200", "ddr5-4800", "hbm2", "gddr6"};
        return names[between(0, 5)];
    }

private:
    std::mt19937_64 rng_;
};

std::int64_t lines(std::int64_t bytes, std::int64_t burst) { return (bytes + burst - 1) / burst; }

TEST(NetworkProperties, BytesMovedAreRequestsTimesBurst) {
    Random rng(11);
    for (int i = 0; i < 20; ++i) {
        const std::int64_t r = rng.between(1, 3);
        Topology t{"random", {testing::square_conv("a", rng.between(r + 2, 14), r, rng.between(1, 16),
                                                   rng.between(1, 24), rng.between(1, 2)),
                              Layer::gemm("b", rng.between(1, 40), rng.between(1, 40), rng.between(1, 40))}};
        AccelConfig a = testing::small_accel(static_cast<Dataflow>(rng.between(0, 2)), rng.between(2, 16),
                                             rng.between(2, 16), rng.between(1, 8));
        a.freq_mhz = rng.between(200, 2000);
        const dram::DramConfig d = dram::load_dram_config(rng.preset());
        const coupled::NetworkRunResult run = coupled::run_network(t, a, d);
        AccelConfig with_burst = a;
        with_burst.burst_bytes = d.org.burst_bytes();
        for (std::size_t l = 0; l < t.layers.size(); ++l) {
            const LayerTraffic traffic = layer_traffic(t.layers[l], with_burst);
            EXPECT_EQ(run.layers[l].dram_reads, static_cast<std::uint64_t>(traffic.reads()));
            EXPECT_EQ(run.layers[l].dram_writes, static_cast<std::uint64_t>(traffic.writes()));
            EXPECT_EQ(run.layers[l].dram_bytes,
                      (run.layers[l].dram_reads + run.layers[l].dram_writes) * d.org.burst_bytes());
        }
        EXPECT_EQ(run.total.dram_bytes, (run.total.dram_reads + run.total.dram_writes) * d.org.burst_bytes());
    }
}

TEST(NetworkProperties, OperandsThatFitAreReadOnce) {
    // Stride 1 reads every ifmap word; SRAMs of 512 kB hold both operands of these layers.
    Random rng(12);
    for (int i = 0; i < 20; ++i) {
        const std::int64_t size = rng.between(4, 20), r = rng.between(1, 3), c = rng.between(1, 24),
                           n = rng.between(1, 32);
        Topology t{"one", {testing::square_conv("c", size, r, c, n, 1)}};
        const AccelConfig a = testing::small_accel(static_cast<Dataflow>(rng.between(0, 2)), rng.between(2, 16),
                                                   rng.between(2, 16), 512);
        const dram::DramConfig d = dram::load_dram_config(rng.preset());
        const coupled::NetworkRunResult run = coupled::run_network(t, a, d);
        const std::int64_t burst = d.org.burst_bytes();
        const std::int64_t compulsory = lines(size * size * c, burst) + lines(r * r * c * n, burst);
        EXPECT_EQ(run.total.dram_reads, static_cast<std::uint64_t>(compulsory))
            << size << "x" << size << "x" << c << " * " << r << "x" << r << "x" << n << " on " << d.name;
    }
}

// The closed loop issues the stream of layers read as SCALE-Sim reads them: separate row and
// column strides (the 9th column) and a "DP" layer, which outside --parity is one depthwise layer.
TEST(NetworkProperties, ClosedLoopRunsSeparateStridesAndDpLayersAsTheStreamHasThem) {
    const Topology t = parse_topology_csv(
        "Layer name, H, W, R, S, C, N, Stride Height, Stride Width,\n"
        "rows2, 13, 12, 3, 3, 8, 16, 2, 1,\n"
        "cols2, 13, 12, 3, 3, 8, 16, 1, 2,\n"
        "dw_DP, 12, 12, 3, 3, 16, 1, 1,\n",
        "t.csv", TopologyFormat::Auto);
    ASSERT_EQ(t.layers.size(), 3u);
    EXPECT_EQ(t.layers[2].groups, 16);
    for (Dataflow df : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
        const AccelConfig a = testing::small_accel(df, 8, 8, 2);
        const dram::DramConfig d = dram::load_dram_config("ddr4-2400");
        const coupled::NetworkRunResult run = coupled::run_network(t, a, d);
        ASSERT_EQ(run.layers.size(), 3u);
        AccelConfig with_burst = a;
        with_burst.burst_bytes = d.org.burst_bytes();
        for (std::size_t l = 0; l < t.layers.size(); ++l) {
            const LayerTraffic traffic = layer_traffic(t.layers[l], with_burst);
            EXPECT_EQ(run.layers[l].dram_reads, static_cast<std::uint64_t>(traffic.reads()))
                << to_string(df) << l;
            EXPECT_EQ(run.layers[l].dram_writes, static_cast<std::uint64_t>(traffic.writes()))
                << to_string(df) << l;
            EXPECT_EQ(run.layers[l].macs, t.layers[l].macs());
        }
        // 6 x 10 outputs against 11 x 6: the strides are not interchangeable.
        EXPECT_EQ(run.layers[0].macs, 6 * 10 * 16 * 72);
        EXPECT_EQ(run.layers[1].macs, 11 * 6 * 16 * 72);
        EXPECT_EQ(run.layers[2].macs, 10 * 10 * 16 * 9);  // depthwise: one 3x3 filter per channel
    }
}

TEST(NetworkProperties, MoreChannelsNeverAddStallsOnAStreamingLayer) {
    // GEMMs whose weights stream through a small SRAM, one pass: memory-bound. With the channel
    // bits lowest in the address, more channels only add parallelism.
    Random rng(13);
    for (int i = 0; i < 8; ++i) {
        Topology t{"fc", {Layer::gemm("fc", rng.between(8, 64), rng.between(512, 2048), rng.between(256, 1024))}};
        const AccelConfig a = testing::small_accel(Dataflow::OutputStationary, 32, 32, rng.between(4, 16));
        const char* preset = rng.preset();
        std::int64_t previous = -1;
        for (const char* channels : {"org.channels=1", "org.channels=2", "org.channels=4", "org.channels=8"}) {
            const dram::DramConfig d = dram::load_dram_config(preset, {channels, "mapping=RoRaBaCoCh"});
            const coupled::NetworkRunResult run = coupled::run_network(t, a, d);
            if (previous >= 0) {
                EXPECT_LE(run.total.stall_cycles, previous) << preset << " " << channels;
            }
            previous = run.total.stall_cycles;
        }
    }
}

}  // namespace
}  // namespace dramsweep
