// The NicePIM mapper: the shared-data problem it schedules is the evaluator's traffic, its
// branch segments and mesh splits, capacity allocation, and the mapper against the baseline.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/branch_split.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/eval_compare.hpp"
#include "dramsweep/pim/nicepim_mapper.hpp"
#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

TEST(NicePimSharing, PullingEveryBlockFromItsHolderIsTheEvaluatorsTraffic) {
    for (const char* design : {"t-16", "hb-4x4"}) {
        const PimHardware hw = make_hardware(load_pim_config(design));
        for (const char* name : {"alexnet", "resnet50", "googlenet"}) {
            const Network net = bundled_network(name);
            const MapperResult base = map_baseline(hw, net, 2);
            for (std::size_t i = 0; i < net.layers.size(); ++i) {
                LayerContext ctx;
                ctx.layer = net.layers[i].shape;
                ctx.batch = 2;
                ctx.ifmap = layer_input_layout(hw, net, 2, static_cast<int>(i), base.mapping,
                                               base.eval.ofmap_layouts);
                const Candidate& cand = base.mapping.layers[i];
                const LayerEval& e = base.eval.layers[i];
                const ScheduleProblem p = sharing_problem(
                    hw, whole_mesh(hw), ctx, cand, base.eval.ofmap_layouts[i], e, WeightAlloc::kReplicated);
                const Schedule pull = pull_schedule(p);
                EXPECT_EQ(pull.bit_hops_of[kIfm], e.unit_hops[kIfm] * e.fetch[0][kIfm] * hw.word_bits)
                    << design << " " << net.layers[i].name;
                EXPECT_EQ(pull.bit_hops_of[kFil], 0);
                const LinkLoads all =
                    region_link_loads(hw, whole_mesh(hw), ctx, cand, base.eval.ofmap_layouts[i], e.fetch[0]);
                for (int d = 0; d < kNumDirs; ++d)
                    for (std::int32_t n = 0; n < hw.nodes(); ++n)
                        ASSERT_EQ(pull.links.bits[d][n], all.bits[d][n])
                            << design << " " << net.layers[i].name;
                LayerEval applied = e;
                apply_schedule(hw, pull, applied);
                EXPECT_EQ(applied.noc_bit_hops, e.noc_bit_hops) << net.layers[i].name;
                EXPECT_EQ(applied.max_link_bits, e.max_link_bits) << net.layers[i].name;
                EXPECT_EQ(applied.noc_time, e.noc_time) << net.layers[i].name;
                EXPECT_NEAR(applied.energy_total_pj, e.energy_total_pj, 1e-9 * e.energy_total_pj);
            }
        }
    }
}

TEST(NicePimSharing, PartitionedWeightsAreSharedWithinTheirGroupAndHeldOnce) {
    const PimHardware hw = make_hardware(load_pim_config("t-16"));
    const Network net = bundled_network("vgg16");
    const MapperResult base = map_baseline(hw, net, 1);
    int checked = 0;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        if (!net.layers[i].shape.is_conv() || base.eval.layers[i].fetch[0][kFil] == 0) continue;
        const LayerContext ctx =
            layer_context(hw, net, 1, static_cast<int>(i), base.mapping, base.eval.ofmap_layouts);
        const Candidate& cand = base.mapping.layers[i];
        std::vector<std::int64_t> rep(16, 0), part(16, 0);
        add_weight_words(whole_mesh(hw), ctx, cand, WeightAlloc::kReplicated, 4, rep);
        add_weight_words(whole_mesh(hw), ctx, cand, WeightAlloc::kPartitioned, 4, part);
        std::int64_t total = 0;
        for (std::int64_t w : part) total += w;
        EXPECT_EQ(total, ctx.layer.filter_words()) << net.layers[i].name;  // each weight once
        const ScheduleProblem p = sharing_problem(hw, whole_mesh(hw), ctx, cand, base.eval.ofmap_layouts[i],
                                                  base.eval.layers[i], WeightAlloc::kPartitioned);
        std::int64_t moved = 0;
        for (const SharedBlock& b : p.blocks)
            if (b.data == kFil) moved += b.bits * static_cast<std::int64_t>(b.requesters.size());
        std::int64_t copies = 0;
        for (std::size_t n = 0; n < 16; ++n) copies += rep[n] - part[n];
        // Every copy a replicated allocation holds is moved once per DRAM-level filter fetch.
        EXPECT_EQ(moved, copies * hw.word_bits * base.eval.layers[i].fetch[0][kFil]) << net.layers[i].name;
        ++checked;
    }
    EXPECT_GT(checked, 5);
}

TEST(NicePimSharing, WholeMeshCandidatesFromTheBatchedEvaluatorEqualTheRegionEvaluation) {
    const PimHardware hw = make_hardware(load_pim_config("hb-4x4"));
    const Network net = bundled_network("googlenet");
    const MapperResult base = map_baseline(hw, net, 1);
    int compared = 0;
    for (std::size_t i = 0; i < 12; ++i) {
        const LayerContext ctx =
            layer_context(hw, net, 1, static_cast<int>(i), base.mapping, base.eval.ofmap_layouts);
        for (const RegionChoice& c : search_on_region(hw, whole_mesh(hw), ctx, Goal::kEnergy, 1000)) {
            const LayerEval e = evaluate_on_region(hw, whole_mesh(hw), ctx, c.cand, c.ofmap);
            EXPECT_EQ(e.time, c.eval.time);
            EXPECT_EQ(e.noc_time, c.eval.noc_time);
            EXPECT_EQ(e.max_link_bits, c.eval.max_link_bits);
            EXPECT_EQ(e.noc_bit_hops, c.eval.noc_bit_hops);
            EXPECT_DOUBLE_EQ(e.energy_total_pj, c.eval.energy_total_pj);
            ++compared;
        }
    }
    EXPECT_GT(compared, 50);
}

// The mapper's candidates evaluated in batches (host threads) equal their evaluation one by one in
// every field, on the whole mesh and on rectangles of it (whose routes to data outside them leave
// the rectangle); on every rectangle no layer beats its operations over the rectangle's PEs (the
// split pruning's bound).
TEST(NicePimSharing, CandidatesEvaluatedInBatchesEqualTheirEvaluationOneByOne) {
    const PimHardware hw = make_hardware(load_pim_config("hb-4x4"));
    const Network net = bundled_network("googlenet");
    const MapperResult base = map_baseline(hw, net, 2);
    const Rect rects[] = {whole_mesh(hw), Rect{{0, 0}, {2, 2}}, Rect{{2, 0}, {2, 4}}, Rect{{0, 3}, {4, 1}},
                          Rect{{1, 1}, {3, 2}}};
    const CandidateEvaluator one_by_one{backend::BackendKind::kReference, 1};
    int compared = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        const LayerContext ctx =
            layer_context(hw, net, 2, static_cast<int>(i), base.mapping, base.eval.ofmap_layouts);
        for (const Rect& rect : rects) {
            std::vector<Candidate> cands;
            for (const RegionChoice& c :
                 search_on_region(hw, rect, ctx, Goal::kEnergy, 1000, nullptr, one_by_one))
                cands.push_back(c.cand);
            const std::vector<LayerEval> want = evaluate_candidates(hw, rect, ctx, cands, one_by_one);
            for (const LayerEval& e : want)
                if (e.ok()) {
                    EXPECT_GE(e.time * rect.nodes() * hw.pes(), e.ops) << net.layers[i].name;
                }
            for (const unsigned threads : {1u, 3u}) {
                const std::vector<LayerEval> got =
                    evaluate_candidates(hw, rect, ctx, cands, {backend::BackendKind::kHost, threads});
                ASSERT_EQ(got.size(), want.size());
                for (std::size_t k = 0; k < got.size(); ++k)
                    EXPECT_EQ(first_difference(got[k], want[k]), "")
                        << net.layers[i].name << " rect " << rect.origin.h << "," << rect.origin.w << " "
                        << rect.dim.h << "x" << rect.dim.w << " candidate " << k;
            }
            compared += static_cast<int>(cands.size());
        }
    }
    EXPECT_GT(compared, 100);
}

// A batch job on a rectangle writes its ofmap where its nodes computed it, on stacked memory; other
// candidates and designs are refused rather than evaluated differently from one by one.
TEST(NicePimSharing, RectangleCandidatesTheBatchCannotTakeAreRefused) {
    const PimHardware hw = make_hardware(load_pim_config("hb-4x4"));
    const Network net = bundled_network("googlenet");
    const MapperResult base = map_baseline(hw, net, 1);
    const LayerContext ctx = layer_context(hw, net, 1, 2, base.mapping, base.eval.ofmap_layouts);
    const Rect rect{{0, 0}, {2, 2}};
    std::vector<Candidate> cands;
    for (const RegionChoice& c : search_on_region(hw, rect, ctx, Goal::kEnergy, 1)) cands.push_back(c.cand);
    ASSERT_EQ(cands.size(), 1u);
    cands[0].ofmap_placed = true;
    const CandidateEvaluator host{backend::BackendKind::kHost, 1};
    EXPECT_THROW(evaluate_candidates(hw, rect, ctx, cands, host), std::invalid_argument);
    cands[0].ofmap_placed = false;
    PimHardware corners = hw;
    corners.memory = MemoryPlacement::kCorners;
    EXPECT_THROW(evaluate_candidates(corners, rect, ctx, cands, host), std::invalid_argument);
    EXPECT_NO_THROW(evaluate_candidates(hw, rect, ctx, cands, host));
    LayerContext on_rect = ctx;
    on_rect.placement.on_rect = true;
    EXPECT_THROW(rect_context(hw, rect, on_rect), std::invalid_argument);
}

// The whole mapper gives the same mapping and numbers with its candidates in batches as one by one.
TEST(NicePimMapper, MapsTheSameWithCandidatesInBatchesAsOneByOne) {
    for (const char* name : {"alexnet", "resnet50"}) {
        const PimHardware hw = make_hardware(load_pim_config("hb-4x4"));
        const Network net = bundled_network(name);
        NicePimOptions options;
        options.goal = Goal::kEdp;
        options.scheduler = SchedulerKind::kGreedy;
        options.evaluator = {backend::BackendKind::kReference, 1};
        const NicePimResult want = map_nicepim(hw, net, 1, options);
        options.evaluator = {backend::BackendKind::kHost, 2};
        const NicePimResult got = map_nicepim(hw, net, 1, options);
        ASSERT_EQ(got.layers.size(), want.layers.size());
        for (std::size_t l = 0; l < got.layers.size(); ++l) {
            EXPECT_EQ(first_difference(got.layers[l].eval, want.layers[l].eval), "") << name << " " << l;
            EXPECT_TRUE(got.layers[l].rect == want.layers[l].rect) << name << " " << l;
        }
        EXPECT_EQ(got.eval.total.time, want.eval.total.time) << name;
        EXPECT_EQ(got.eval.total.energy_total_pj, want.eval.total.energy_total_pj) << name;
        EXPECT_EQ(got.segments_parallel, want.segments_parallel) << name;
    }
}

// Pruning the splits whose bound cannot enter the beam leaves the mapping as it is.
TEST(NicePimMapper, PruningSplitsByTheirBoundChangesNothing) {
    // A 2x4 mesh: fewer splits than 4x4, so that the unpruned search takes a fraction of a second.
    // (Under the energy goal the bound rarely prunes: the static energy is its only time term.)
    for (const Goal goal : {Goal::kEdp, Goal::kLatency}) {
        const PimHardware hw = make_hardware(load_pim_config("t-16", {"pim.mesh=2x4"}));
        const Network net = bundled_network("googlenet");
        NicePimOptions options;
        options.goal = goal;
        options.beam_width = 2;
        options.scheduler = SchedulerKind::kGreedy;
        options.prune_splits = false;
        const NicePimResult want = map_nicepim(hw, net, 1, options);
        options.prune_splits = true;
        const NicePimResult got = map_nicepim(hw, net, 1, options);
        EXPECT_EQ(want.splits_pruned, 0);
        EXPECT_GT(got.splits_pruned, 0);
        ASSERT_EQ(got.layers.size(), want.layers.size());
        for (std::size_t l = 0; l < got.layers.size(); ++l) {
            EXPECT_EQ(first_difference(got.layers[l].eval, want.layers[l].eval), "") << l;
            EXPECT_TRUE(got.layers[l].rect == want.layers[l].rect) << l;
        }
        EXPECT_EQ(got.eval.total.time, want.eval.total.time);
        EXPECT_EQ(got.eval.total.energy_total_pj, want.eval.total.energy_total_pj);
    }
}

TEST(NicePimBranches, SegmentsAreTheInceptionModulesAndTheProjectionBlocks) {
    const auto google = find_branch_segments(bundled_network("googlenet"), 4);
    EXPECT_EQ(google.size(), 9u);
    for (const auto& s : google) EXPECT_EQ(s.chains.size(), 4u);
    const Network resnet = bundled_network("resnet50");
    const auto res = find_branch_segments(resnet, 4);
    ASSERT_EQ(res.size(), 4u);
    for (const auto& s : res) {
        ASSERT_EQ(s.chains.size(), 2u);
        std::set<std::size_t> lengths{s.chains[0].size(), s.chains[1].size()};
        EXPECT_EQ(lengths, (std::set<std::size_t>{1, 3}));
    }
    EXPECT_TRUE(find_branch_segments(bundled_network("vgg16"), 4).empty());
    // The transformer's 36 per-head projections read the same input: more branches than allowed.
    EXPECT_TRUE(find_branch_segments(bundled_network("transformer"), 4).empty());
}

TEST(NicePimBranches, SplitsAreEveryGuillotineCutAndTile) {
    const Rect mesh{Dim2{0, 0}, Dim2{2, 2}};
    EXPECT_EQ(enumerate_splits(mesh, 2).size(), 4u);  // one cut each way, two assignments
    EXPECT_EQ(enumerate_splits(Rect{Dim2{0, 0}, Dim2{1, 4}}, 2).size(), 6u);
    EXPECT_EQ(enumerate_splits(mesh, 4).size(), 24u);  // 1 x 1 each, every assignment
    for (int k = 2; k <= 4; ++k) {
        const Rect big{Dim2{0, 0}, Dim2{4, 4}};
        const auto splits = enumerate_splits(big, k);
        EXPECT_GT(splits.size(), 0u);
        for (const auto& s : splits) {
            std::vector<int> covered(16, 0);
            for (const Rect& r : s)
                for (std::int32_t h = 0; h < r.dim.h; ++h)
                    for (std::int32_t w = 0; w < r.dim.w; ++w)
                        ++covered[(r.origin.h + h) * 4 + r.origin.w + w];
            for (int c : covered) ASSERT_EQ(c, 1);
        }
    }
    // Not only proportional splits: every cut position, 4 + 12 nodes as well as 8 + 8.
    std::set<std::int32_t> first_sizes;
    for (const auto& s : enumerate_splits(Rect{Dim2{0, 0}, Dim2{4, 4}}, 2)) first_sizes.insert(s[0].nodes());
    EXPECT_EQ(first_sizes, (std::set<std::int32_t>{4, 8, 12}));
    EXPECT_EQ(enumerate_splits(Rect{Dim2{0, 0}, Dim2{4, 4}}, 2).size(), 12u);
}

TEST(NicePimMapper, RunsResNetBranchesSideBySideAndBeatsTheBaselineOnItsGoal) {
    const PimHardware hw = make_hardware(load_pim_config("t-16"));
    const Network net = bundled_network("resnet50");
    const MapperResult base = map_baseline(hw, net, 1);
    const NicePimResult n = map_nicepim(hw, net, 1, NicePimOptions{});  // energy, as the baseline
    ASSERT_EQ(n.layers.size(), net.layers.size());
    double base_energy = 0;
    for (const LayerEval& e : base.eval.layers) base_energy += noc_aware_energy(hw, e);
    EXPECT_LT(n.eval.total.energy_total_pj, 0.97 * base_energy);
    EXPECT_GT(n.segments_parallel, 0);
    EXPECT_TRUE(n.capacity.fits);
    // The totals are the steps'; every layer is valid; a parallel step's branches are disjoint.
    std::int64_t steps = 0;
    for (const NicePimStep& s : n.steps) {
        steps += s.time;
        for (std::size_t a = 0; a < s.branch_rects.size(); ++a)
            for (std::size_t b = a + 1; b < s.branch_rects.size(); ++b) {
                const Rect& x = s.branch_rects[a];
                const Rect& y = s.branch_rects[b];
                const bool apart = x.origin.h + x.dim.h <= y.origin.h || y.origin.h + y.dim.h <= x.origin.h ||
                                   x.origin.w + x.dim.w <= y.origin.w || y.origin.w + y.dim.w <= x.origin.w;
                EXPECT_TRUE(apart);
            }
    }
    EXPECT_EQ(steps, n.eval.total.time);
    for (const LayerEval& e : n.eval.layers) EXPECT_TRUE(e.ok());
}

TEST(NicePimMapper, PartitionsWeightsWhereReplicasOverflowAndNamesTheNodeWhenNothingFits) {
    PimConfig c = load_pim_config("t-16");
    PimHardware hw = make_hardware(c);
    // ResNet-50's convolutions split their outputs' rows over the nodes: each keeps a copy of
    // their weights (AlexNet's and VGG-16's weights are mostly FC layers split by channel).
    const Network net = bundled_network("resnet50");
    NicePimOptions o;
    o.beam_width = 1;
    o.scheduler = SchedulerKind::kGreedy;
    const NicePimResult roomy = map_nicepim(hw, net, 1, o);
    EXPECT_EQ(roomy.weights_partitioned, 0);
    const std::int64_t need = roomy.capacity.total_bytes[static_cast<std::size_t>(roomy.capacity.worst_node)];
    hw.dram_capacity_bytes = need * 4 / 5;
    const NicePimResult tight = map_nicepim(hw, net, 1, o);
    EXPECT_GT(tight.weights_partitioned, 0);
    EXPECT_TRUE(tight.capacity.fits);
    EXPECT_GT(tight.eval.total.energy_pj[kEnergyNoc], roomy.eval.total.energy_pj[kEnergyNoc]);
    hw.dram_capacity_bytes = 1 << 20;
    try {
        map_nicepim(hw, net, 1, o);
        FAIL() << "a 1 MB DRAM cannot hold ResNet-50";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("dram.capacity_mb"), std::string::npos) << what;
        EXPECT_NE(what.find("node ("), std::string::npos) << what;
        EXPECT_NE(what.find("MB more than its 1.0 MB"), std::string::npos) << what;
    }
}

TEST(NicePimMapper, CornerMemoriesMapOnTheWholeMeshWithTheEvaluatorsTraffic) {
    PimConfig c = load_pim_config("t-16");
    apply_pim_override(c, "memory=corners");
    const PimHardware hw = make_hardware(c);
    const Network net = bundled_network("googlenet");
    NicePimOptions o;
    o.beam_width = 1;
    const NicePimResult n = map_nicepim(hw, net, 1, o);
    EXPECT_EQ(n.segments_parallel, 0);
    for (const NicePimLayer& l : n.layers) {
        EXPECT_TRUE(l.rect == whole_mesh(hw));
        EXPECT_TRUE(l.eval.ok());
        // Ofmaps live in the corner channels' DRAM.
        EXPECT_EQ(l.ofmap.frag[0].region.dist.h, 3);
    }
}

TEST(NicePimCli, EvaluateWithTheNicePimMapper) {
    const auto r = testing::run_dramsweep(
        "pim evaluate --pim t-16 --network googlenet --mapper nicepim --beam 1 --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["mapper"], "nicepim");
    EXPECT_GT(j["total"]["parallel_steps"].get<int>(), 0);
    ASSERT_EQ(j["layers"].size(), 63u);
    for (const auto& l : j["layers"])
        for (const char* k : {"rect", "layout", "weights", "schedule", "cycles", "partition"})
            EXPECT_TRUE(l.contains(k)) << k;
    const auto text =
        testing::run_dramsweep("pim evaluate --pim hb-4x4 --network resnet50 --mapper nicepim --beam 1");
    ASSERT_EQ(text.exit_code, 0) << text.output;
    for (const char* s : {"mapper nicepim", "parallel:", "capacity: node (", "schedule:"})
        EXPECT_NE(text.output.find(s), std::string::npos) << s << "\n" << text.output;
    const auto timed = testing::run_dramsweep(
        "pim evaluate --pim t-16 --network alexnet --mapper nicepim --beam 1 --scheduler greedy --timing "
        "--json");
    ASSERT_EQ(timed.exit_code, 0) << timed.output;
    const auto t = nlohmann::json::parse(timed.output);
    EXPECT_EQ(t["mode"], "timing");
    EXPECT_LE(t["total"]["cycles"].get<std::int64_t>(), t["total"]["row_major_cycles"].get<std::int64_t>());
    for (const auto& l : t["layers"]) EXPECT_TRUE(l.contains("dram_placement"));
    for (const char* bad : {"--scheduler simplex", "--beam 0", "--set pim.mapping.goal=speed",
                            "--ilp-limit 0", "--set controller.page_policy=closed", "--candidates gpu"}) {
        const auto e = testing::run_dramsweep(
            std::string("pim evaluate --pim t-16 --network alexnet --mapper nicepim ") + bad);
        EXPECT_EQ(e.exit_code, 2) << bad << "\n" << e.output;
    }
}

}  // namespace
}  // namespace dramsweep::pim
