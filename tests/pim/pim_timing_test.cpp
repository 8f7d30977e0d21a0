// The timing mode: a node's DRAM request stream carries exactly the words the evaluator counts,
// the DRAM model can only be slower than the interface's peak, the NoC link loads are the
// word-hops placed on XY routes, and the address layout shows up as row hits.

#include <gtest/gtest.h>

#include <cstdio>

#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/noc_links.hpp"
#include "dramsweep/pim/partitions.hpp"
#include "dramsweep/pim/timing_mode.hpp"

namespace dramsweep::pim {
namespace {

LayerContext context_of(const PimHardware& hw, const Network& net, std::int64_t batch, const MapperResult& r,
                        std::size_t i) {
    LayerContext ctx;
    ctx.layer = net.layers[i].shape;
    ctx.batch = batch;
    ctx.ifmap = layer_input_layout(hw, net, batch, static_cast<int>(i), r.mapping, r.eval.ofmap_layouts);
    ctx.no_time_mux = net.layers.size() == 1;
    return ctx;
}

TEST(PimTiming, NodeStreamCarriesTheEvaluatorsDramWords) {
    struct Case {
        const char* preset;
        std::vector<std::string> overrides;
        const char* net;
    };
    for (const Case& c : std::vector<Case>{{"hb-4x4", {}, "alexnet"},
                                           {"t-16", {}, "googlenet"},
                                           {"hb-4x4", {"pim.mapping.bypass=ifm"}, "resnet50"},
                                           {"l-1", {}, "alexnet"},
                                           {"t-16", {"pim.memory=corners"}, "alexnet"}}) {
        const PimConfig cfg = load_pim_config(c.preset, c.overrides);
        const PimHardware hw = make_hardware(cfg);
        const Network net = bundled_network(c.net);
        const MapperResult r = map_baseline(hw, net, 2);
        for (std::size_t i = 0; i < net.layers.size(); ++i) {
            std::int64_t bytes = 0;
            visit_node_dram_runs(
                hw, context_of(hw, net, 2, r, i), r.mapping.layers[i], r.eval.layers[i],
                [&](const DramRun& run) { bytes += static_cast<std::int64_t>(run.end - run.begin); });
            EXPECT_EQ(bytes * 8 * hw.nodes(), r.eval.layers[i].dram_bits)
                << c.preset << " " << c.net << " " << net.layers[i].name;
        }
    }
}

TEST(PimTiming, DramModelIsNeverFasterThanThePinsAndNocTimeFollowsTheBusiestLink) {
    const PimConfig cfg = load_pim_config("hb-4x4", {"pim.dram.pins=128"});
    const PimHardware hw = make_hardware(cfg);
    const Network net = bundled_network("alexnet");
    const MapperResult r = map_baseline(hw, net, 4);
    const TimingResult t = run_timing_mode(cfg, {}, net, 4, r.mapping, r.eval);
    ASSERT_EQ(t.layers.size(), net.layers.size());
    int dram_bound = 0;
    for (std::size_t i = 0; i < t.layers.size(); ++i) {
        const TimingLayer& l = t.layers[i];
        const LayerEval& e = r.eval.layers[i];
        EXPECT_GE(l.dram_time, e.dram_time) << net.layers[i].name;  // bursts and row misses only add
        EXPECT_GE(l.time, l.proc_time);
        EXPECT_GE(l.time, l.dram_time);
        EXPECT_GE(l.time, l.noc_time);
        EXPECT_EQ(l.noc_time > 0, l.max_link_bits > 0);
        const results::DramCounters& c = l.dram_run.counters;
        EXPECT_GT(l.dram_run.requests, 0u) << net.layers[i].name;
        EXPECT_EQ(c.row_hits + c.row_misses + c.row_conflicts > 0, true);
        dram_bound += l.bound == Bound::kDram ? 1 : 0;
    }
    EXPECT_GT(dram_bound, 0);  // the pooling and FC layers of a 128-pin design
    EXPECT_GE(t.time, t.analytical_time);
}

TEST(PimTiming, LinkLoadsAreTheWordHopsOnXyRoutes) {
    const PimHardware hw = make_hardware(load_pim_config("t-16", {"pim.memory=corners"}));
    const Network net = bundled_network("alexnet");
    const MapperResult r = map_baseline(hw, net, 16);
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const LayerContext ctx = context_of(hw, net, 16, r, i);
        const Candidate& cand = r.mapping.layers[i];
        const DramNodes dram = dram_nodes(hw);
        const DataLayout ofm = candidate_ofmap_layout(hw, ctx, cand);
        const HopInputs in{&ctx.layer, 16, &cand.part, proc_region(hw), &dram, &ctx.ifmap, &ofm, false};
        // Filters and ifmaps only: the ofmap's partial-sum halves are counted differently by nn_dataflow.
        const std::int64_t fetch[kNumData] = {r.eval.layers[i].fetch[0][kFil],
                                              r.eval.layers[i].fetch[0][kIfm], 0};
        const LinkLoads l = link_loads(in, fetch, 1, 1, hw.mesh_h, hw.mesh_w);
        std::int64_t sum = 0;
        for (int d = 0; d < kNumDirs; ++d)
            for (int n = 0; n < hw.nodes(); ++n) sum += l.bits[d][n];
        EXPECT_EQ(sum, r.eval.layers[i].hops[kFil] + r.eval.layers[i].hops[kIfm]) << net.layers[i].name;
    }
}

TEST(PimTiming, AStridedLayoutHitsRowsLessThanAContiguousOne) {
    const PimConfig cfg = load_pim_config("hb-4x4", {"pim.mesh=1x1"});
    const PimHardware hw = make_hardware(cfg);
    const dram::DramConfig d = node_dram_config(cfg);
    // A 1x1 conv over many channels: its ifmap is [batch][channel][rows][cols] in DRAM.
    LayerContext ctx;
    ctx.layer = {LayerModel::kConv, 64, 16, 14, 14, 1, 1, 1, 1, 1, 1};
    ctx.batch = 8;
    NetworkMapping m;
    const Network net = build_network("one", "test", 64, 14, 14,
                                      {LayerSpec{"L", LayerType::kConv, ctx.layer, {"input"}, "", 0, false}});
    m.layers.resize(1);
    ctx.ifmap = layer_input_layout(hw, net, 8, 0, m, {});
    Candidate c;
    c.part = generate_partitions(ctx.layer, false, 8, Dim2{1, 1}, hw.options).at(0);
    const PartitionedLayer pl = partition_layer(ctx.layer, 8, c.part);
    const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, 1);
    // Blocks that split the channels (the inner dimension): strided; blocks of whole samples: runs.
    auto hit_rate = [&](std::int64_t ti0, std::int64_t tb0) {
        for (int l = 0; l < 3; ++l)
            for (int x = 0; x < kNumLoops; ++x) c.blocking.t[l][x] = 1;
        c.blocking.t[0][kLoopIfm] = ti0;
        c.blocking.t[1][kLoopIfm] = nest.loopcnt[kLoopIfm] / ti0;
        c.blocking.t[0][kLoopBat] = tb0;
        c.blocking.t[1][kLoopBat] = nest.loopcnt[kLoopBat] / tb0;
        c.blocking.t[0][kLoopOfm] = nest.loopcnt[kLoopOfm];
        const LayerEval e = evaluate_candidate(hw, ctx, c);
        EXPECT_TRUE(e.ok());
        const auto stream = node_dram_stream(hw, ctx, c, e, d.org.burst_bytes());
        const results::RunSummary res = simulate_dram(d, stream).summary;
        return static_cast<double>(res.counters.row_hits) / static_cast<double>(res.requests);
    };
    const double strided = hit_rate(nest.loopcnt[kLoopIfm], 1);
    const double contiguous = hit_rate(1, nest.loopcnt[kLoopBat]);
    EXPECT_LT(strided, contiguous) << strided << " vs " << contiguous;
    std::printf("row hit rate: strided %.3f, contiguous %.3f\n", strided, contiguous);
}

}  // namespace
}  // namespace dramsweep::pim
