// The evaluator on its own: what any valid candidate must satisfy, the errors of invalid ones,
// and the batched entry point against one-by-one evaluation.

#include <gtest/gtest.h>

#include <random>

#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/batch.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/pim/partitions.hpp"
#include "support/pim_jobs.hpp"

namespace dramsweep::pim {
namespace {

using testing::random_candidate;

LayerContext first_layer_context(const PimHardware& hw, const Network& net, std::int64_t batch) {
    NetworkMapping m;
    m.layers.resize(net.layers.size());
    LayerContext ctx;
    ctx.layer = net.layers[0].shape;
    ctx.batch = batch;
    ctx.ifmap = layer_input_layout(hw, net, batch, 0, m, {});
    return ctx;
}

TEST(PimEvaluator, ValidCandidatesFetchEveryDatumAtLeastOnceAndAddUp) {
    std::mt19937_64 rng(7);
    for (const char* preset : {"t-16", "hb-4x4", "l-1"}) {
        const PimHardware hw = make_hardware(load_pim_config(preset));
        for (const char* name : {"alexnet", "vgg16"}) {
            const Network net = bundled_network(name);
            const LayerContext ctx = first_layer_context(hw, net, 4);
            int valid = 0;
            for (int i = 0; i < 300; ++i) {
                const LayerEval e = evaluate_candidate(hw, ctx, random_candidate(hw, ctx, rng));
                if (!e.ok()) {
                    EXPECT_EQ(e.error, EvalError::kBlocking);
                    continue;
                }
                ++valid;
                EXPECT_EQ(e.ops, ctx.layer.ops(ctx.batch));
                EXPECT_GE(e.access[kDram][kFil], ctx.layer.filter_words()) << preset;
                EXPECT_GE(e.access[kDram][kOfm], ctx.layer.ofmap_words(ctx.batch)) << preset;
                EXPECT_EQ(e.access[kRegf][kOfm], 2 * e.ops);
                EXPECT_GE(e.time, e.proc_time);
                EXPECT_GE(e.proc_time * e.nodes * hw.pes(), e.ops);  // at most one MAC per PE per cycle
                EXPECT_LE(e.utilization, 1.0);
                EXPECT_LE(e.gbuf_words, hw.gbuf_words);
                double sum = 0;
                for (double part : e.energy_pj) sum += part;
                EXPECT_DOUBLE_EQ(sum, e.energy_total_pj);
            }
            EXPECT_GT(valid, 10) << preset << " " << name;
        }
    }
}

TEST(PimEvaluator, InvalidCandidatesSayWhy) {
    const PimHardware hw = make_hardware(load_pim_config("t-16"));
    const Network net = bundled_network("alexnet");
    const LayerContext ctx = first_layer_context(hw, net, 1);
    Candidate c;
    c.part.pdims[kOfmp] = {2, 2};  // 4 nodes on a 4x4 mesh
    EXPECT_EQ(evaluate_candidate(hw, ctx, c).error, EvalError::kPartitionDoesNotFitMesh);
    c.part.pdims[kOfmp] = {4, 4};
    c.repl_ifm_factor = 3;  // conv1 replicates 14 / 11 = 1 in height
    EXPECT_EQ(evaluate_candidate(hw, ctx, c).error, EvalError::kBadReplicationFactor);
    c.repl_ifm_factor = 1;
    const LayerEval e = evaluate_candidate(hw, ctx, c);  // all factors 1: they do not multiply to the loops
    EXPECT_EQ(e.error, EvalError::kBlocking);
    EXPECT_EQ(e.blocking_error, BlockingError::kFactorsDoNotMatchLoops);
}

TEST(PimEvaluator, BatchOnThreadsEqualsOneByOne) {
    std::mt19937_64 rng(11);
    std::vector<PimHardware> hws = {
        make_hardware(load_pim_config("t-16")), make_hardware(load_pim_config("hb-4x4")),
        make_hardware(load_pim_config("hb-4x4", {"pim.mesh=2x4", "pim.buffer_kb=64"}))};
    const Network net = bundled_network("resnet50");
    std::vector<LayerContext> ctxs;
    std::vector<EvalJob> jobs;
    for (std::size_t h = 0; h < hws.size(); ++h) {
        ctxs.push_back(first_layer_context(hws[h], net, 2));
        for (int i = 0; i < 200; ++i)
            jobs.push_back({static_cast<std::int32_t>(h), static_cast<std::int32_t>(h),
                            random_candidate(hws[h], ctxs[h], rng)});
    }
    const auto four = evaluate_batch(hws, ctxs, jobs, 4);
    const auto one = evaluate_batch(hws, ctxs, jobs, 1);
    ASSERT_EQ(four.size(), jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const LayerEval single =
            evaluate_candidate(hws[static_cast<std::size_t>(jobs[i].hardware)],
                               ctxs[static_cast<std::size_t>(jobs[i].context)], jobs[i].candidate);
        for (const LayerEval* e : {&four[i], &one[i]}) {
            EXPECT_EQ(e->error, single.error);
            EXPECT_EQ(e->time, single.time);
            EXPECT_EQ(e->dram_bits, single.dram_bits);
            EXPECT_EQ(e->energy_total_pj, single.energy_total_pj);
        }
    }
    EXPECT_THROW((void)evaluate_batch(hws, ctxs, std::vector<EvalJob>{{5, 0, {}}}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace dramsweep::pim

namespace dramsweep::pim {
namespace {

TEST(PimEvaluator, PlacingTheOfmapElsewhereCostsItsHops) {
    const PimHardware hw = make_hardware(load_pim_config("t-16"));
    const Network net = bundled_network("alexnet");
    const MapperResult r = map_baseline(hw, net, 4);
    const std::size_t conv1 = 0;
    NetworkMapping m = r.mapping;
    Candidate same = m.layers[conv1];
    same.ofmap_placed = true;
    same.ofmap_part = same.part;
    LayerContext ctx;
    ctx.layer = net.layers[conv1].shape;
    ctx.batch = 4;
    ctx.ifmap = layer_input_layout(hw, net, 4, 0, m, {});
    const LayerEval base = evaluate_candidate(hw, ctx, m.layers[conv1]);
    EXPECT_EQ(evaluate_candidate(hw, ctx, same).energy_total_pj, base.energy_total_pj);
    // The ofmap written row-split the other way round: every node sends most of its output away.
    Candidate moved = same;
    moved.ofmap_part = PartitionScheme{};
    moved.ofmap_part.pdims[kOutp] = {4, 4};
    const LayerEval away = evaluate_candidate(hw, ctx, moved);
    ASSERT_TRUE(away.ok());
    EXPECT_EQ(base.unit_hops[kOfm], 0);
    EXPECT_GT(away.unit_hops[kOfm], 0);
    EXPECT_GT(away.energy_total_pj, base.energy_total_pj);
    // Its consumer reads it where it was put.
    m.layers[conv1] = moved;
    const NetworkEval ev = evaluate_network(hw, net, 4, m);
    EXPECT_EQ(ev.ofmap_layouts[conv1].frag[0].part.pdims[kOutp].h, 4);
}

}  // namespace
}  // namespace dramsweep::pim
