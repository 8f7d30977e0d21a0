// DRAM placement in the timing mode: tiling a node's tensors by the loop nest's DRAM-level
// blocks moves the same bytes as the row-major placement, turns the strided runs of blocks that
// split the inner dimension into one run each (row hits instead of conflicts), and the NicePIM
// mapper's timing mode takes, per layer, the placement with the lower DRAM time.

#include <gtest/gtest.h>

#include <cstdio>

#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/nicepim_timing.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {
namespace {

TEST(PimPlacement, TiledPlacementMovesTheSameBytesAsRowMajor) {
    for (const char* name : {"alexnet", "resnet50", "transformer"}) {
        const PimHardware hw = make_hardware(load_pim_config("hb-4x4"));
        const Network net = bundled_network(name);
        const MapperResult r = map_baseline(hw, net, 2);
        for (std::size_t i = 0; i < net.layers.size(); ++i) {
            LayerContext ctx;
            ctx.layer = net.layers[i].shape;
            ctx.batch = 2;
            ctx.ifmap = layer_input_layout(hw, net, 2, static_cast<int>(i), r.mapping, r.eval.ofmap_layouts);
            std::int64_t bytes[2] = {0, 0}, runs[2] = {0, 0};
            for (int p = 0; p < 2; ++p)
                visit_node_dram_runs(
                    hw, ctx, r.mapping.layers[i], r.eval.layers[i],
                    [&](const DramRun& run) {
                        bytes[p] += static_cast<std::int64_t>(run.end - run.begin);
                        ++runs[p];
                    },
                    p == 0 ? DramPlacement::kRowMajor : DramPlacement::kBlockTiled);
            EXPECT_EQ(bytes[0], bytes[1]) << name << " " << net.layers[i].name;
            EXPECT_LE(runs[1], runs[0]) << name << " " << net.layers[i].name;
        }
    }
}

TEST(PimPlacement, TilingBlocksThatSplitTheInnerDimensionTurnsConflictsIntoHits) {
    const PimConfig cfg = load_pim_config("hb-4x4", {"pim.mesh=1x1"});
    const PimHardware hw = make_hardware(cfg);
    const dram::DramConfig d = node_dram_config(cfg);
    LayerContext ctx;
    ctx.layer = {LayerModel::kConv, 64, 16, 14, 14, 1, 1, 1, 1, 1, 1};
    ctx.batch = 8;
    const Network net = build_network("one", "test", 64, 14, 14,
                                      {LayerSpec{"L", LayerType::kConv, ctx.layer, {"input"}, "", 0, false}});
    NetworkMapping m;
    m.layers.resize(1);
    ctx.ifmap = layer_input_layout(hw, net, 8, 0, m, {});
    Candidate c;
    c.part = generate_partitions(ctx.layer, false, 8, Dim2{1, 1}, hw.options).at(0);
    const LoopNestDesc nest =
        describe_loop_nest(partition_layer(ctx.layer, 8, c.part), hw.pe_rows, hw.pe_cols, 1);
    // Every input channel its own DRAM-level block: row-major, a block is one run per sample.
    for (int l = 0; l < 3; ++l)
        for (int x = 0; x < kNumLoops; ++x) c.blocking.t[l][x] = 1;
    c.blocking.t[0][kLoopIfm] = nest.loopcnt[kLoopIfm];
    c.blocking.t[1][kLoopBat] = nest.loopcnt[kLoopBat];
    c.blocking.t[0][kLoopOfm] = nest.loopcnt[kLoopOfm];
    const LayerEval e = evaluate_candidate(hw, ctx, c);
    ASSERT_TRUE(e.ok());
    results::RunSummary s[2];
    for (int p = 0; p < 2; ++p)
        s[p] =
            simulate_dram(d, node_dram_stream(hw, ctx, c, e, d.org.burst_bytes(),
                                              p == 0 ? DramPlacement::kRowMajor : DramPlacement::kBlockTiled))
                .summary;
    // Strided runs that start inside a burst touch more bursts: fewer requests when tiled.
    EXPECT_LE(s[1].requests, s[0].requests);
    const double rate[2] = {static_cast<double>(s[0].counters.row_hits) / static_cast<double>(s[0].requests),
                            static_cast<double>(s[1].counters.row_hits) / static_cast<double>(s[1].requests)};
    std::printf("row hits: row-major %.3f of %llu requests, tiled %.3f of %llu; cycles %llu, %llu\n", rate[0],
                static_cast<unsigned long long>(s[0].requests), rate[1],
                static_cast<unsigned long long>(s[1].requests), static_cast<unsigned long long>(s[0].cycles),
                static_cast<unsigned long long>(s[1].cycles));
    EXPECT_GT(rate[1], rate[0]);
    EXPECT_LT(s[1].cycles, s[0].cycles);
}

TEST(PimPlacement, NicePimTimingTakesThePlacementWithTheLowerDramTimePerLayer) {
    const PimConfig cfg = load_pim_config("hb-4x4", {"pim.dram.pins=128"});
    const PimHardware hw = make_hardware(cfg);
    const Network net = bundled_network("alexnet");
    NicePimOptions o;
    o.beam_width = 1;
    o.scheduler = SchedulerKind::kGreedy;
    const NicePimResult mapped = map_nicepim(hw, net, 4, o);
    const NicePimTiming t = run_nicepim_timing(cfg, {}, net, 4, mapped);
    ASSERT_EQ(t.placements.size(), net.layers.size());
    EXPECT_LE(t.timing.time, t.row_major_time);
    EXPECT_GE(t.timing.time, t.timing.analytical_time / 2);
    for (std::size_t i = 0; i < net.layers.size(); ++i)
        EXPECT_EQ(t.timing.layers[i].placement, static_cast<std::uint8_t>(t.placements[i]));
}

}  // namespace
}  // namespace dramsweep::pim
