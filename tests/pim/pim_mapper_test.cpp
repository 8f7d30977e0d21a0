// The baseline mapper: on every nn_dataflow reference case, with the same options, its total
// cost is at most nn_dataflow's (never worse by more than 0.1 %); its loop-blocking search is
// exact (it never loses to a blocking found by brute force); its result is the evaluator's.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <random>

#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/nn_dataflow_case.hpp"
#include "dramsweep/pim/partitions.hpp"
#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

std::filesystem::path reference_root() {
    return testing::shared_dir() / "reference/pim/nn_dataflow";
}

double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

TEST(PimMapper, AtLeastAsGoodAsNnDataflowOnEveryReferenceCase) {
    for (const auto& folder : nn_dataflow_case_folders(reference_root())) {
        for (const NnDataflowCase& c : load_nn_dataflow_cases(folder)) {
            // The same options, the driver's partition filter of layer L included (the enumerations
            // fix one scheme each).
            const PimHardware hw = make_hardware(c.config);
            MapperOptions options;
            options.partition_filter = c.options.partition_filter;
            const double start = cpu_seconds();
            const MapperResult r = map_baseline(hw, c.network, c.batch, options);
            const double cpu = cpu_seconds() - start;
            const double ours = r.eval.total.energy_total_pj;
            EXPECT_EQ(r.stats.bound_mismatches, 0) << c.name;
            std::printf(
                "%-28s nn_dataflow %.6e pJ  ours %.6e pJ  (%+.4f %%)  %.3f CPU-s (nn_dataflow %.2f)\n",
                c.name.c_str(), c.total_cost, ours, 100 * (ours / c.total_cost - 1), cpu, c.cpu_seconds);
            EXPECT_LE(ours, c.total_cost * 1.001) << c.name;
        }
    }
}

TEST(PimMapper, ResultIsTheEvaluatorsOwn) {
    const PimHardware hw = make_hardware(load_pim_config("t-16"));
    const Network net = bundled_network("alexnet");
    const MapperResult r = map_baseline(hw, net, 16);
    const NetworkEval again = evaluate_network(hw, net, 16, r.mapping);
    EXPECT_EQ(again.total.energy_total_pj, r.eval.total.energy_total_pj);
    EXPECT_EQ(again.total.time, r.eval.total.time);
    for (std::size_t i = 0; i < net.layers.size(); ++i)
        EXPECT_TRUE(again.layers[i].ok()) << net.layers[i].name;
}

}  // namespace
}  // namespace dramsweep::pim

namespace dramsweep::pim {
namespace {

// Every candidate of nn_dataflow's space for a one-layer network: every input layout, partition,
// replication split, factorisation of each loop over the three levels and pair of orders.
double brute_force_best(const PimHardware& hw, const Network& net, std::int64_t batch, Goal goal,
                        std::int64_t& time) {
    double best = std::numeric_limits<double>::infinity();
    time = std::numeric_limits<std::int64_t>::max();
    LayerShape input;
    input.K = net.input_channels;
    input.E = net.input_h;
    input.F = net.input_w;
    const LayerShape& layer = net.layers[0].shape;
    std::vector<std::array<std::uint8_t, 3>> perms;
    std::array<std::uint8_t, 3> p = {0, 1, 2};
    do perms.push_back(p);
    while (std::next_permutation(p.begin(), p.end()));
    for (const PartitionScheme& in :
         generate_partitions(input, true, batch, data_region(hw).dim, hw.options)) {
        NetworkMapping m;
        m.input_part = in;
        m.layers.resize(1);
        LayerContext ctx;
        ctx.layer = layer;
        ctx.batch = batch;
        ctx.ifmap = layer_input_layout(hw, net, batch, 0, m, {});
        ctx.no_time_mux = true;
        for (const PartitionScheme& part :
             generate_partitions(layer, false, batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options)) {
            const PartitionedLayer pl = partition_layer(layer, batch, part);
            std::int32_t factors[64];
            const int n = replication_splits(pl.shape, pl.batch, fit_array(pl.shape, hw.pe_rows, hw.pe_cols),
                                             factors, 64);
            for (int s = 0; s < n; ++s) {
                const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, factors[s]);
                std::vector<std::array<std::int64_t, 3>> opts[kNumLoops];
                for (int x = 0; x < kNumLoops; ++x)
                    for (std::int64_t a = 1; a <= nest.loopcnt[x]; ++a)
                        for (std::int64_t b = 1; a * b <= nest.loopcnt[x]; ++b)
                            if (nest.loopcnt[x] % (a * b) == 0)
                                opts[x].push_back({a, b, nest.loopcnt[x] / a / b});
                Candidate projected;
                projected.part = part;
                const UnitHops unit = candidate_unit_hops(hw, ctx, projected);
                Candidate c;
                c.part = part;
                c.repl_ifm_factor = factors[s];
                for (const auto& oi : opts[0])
                    for (const auto& oo : opts[1])
                        for (const auto& ob : opts[2]) {
                            for (int l = 0; l < 3; ++l) {
                                c.blocking.t[l][0] = oi[static_cast<std::size_t>(l)];
                                c.blocking.t[l][1] = oo[static_cast<std::size_t>(l)];
                                c.blocking.t[l][2] = ob[static_cast<std::size_t>(l)];
                            }
                            for (const auto& p0 : perms)
                                for (const auto& p1 : perms) {
                                    for (int x = 0; x < 3; ++x) {
                                        c.blocking.order[0][x] = p0[static_cast<std::size_t>(x)];
                                        c.blocking.order[1][x] = p1[static_cast<std::size_t>(x)];
                                    }
                                    const LayerEval e = evaluate_with_hops(hw, ctx, c, unit);
                                    if (e.ok() && better(goal, e.energy_total_pj, e.time, best, time)) {
                                        best = e.energy_total_pj;
                                        time = e.time;
                                    }
                                }
                        }
            }
        }
    }
    return best;
}

Network one_conv(std::int32_t c, std::int32_t k, std::int32_t e, std::int32_t r) {
    LayerSpec l;
    l.name = "L";
    l.prevs = {"input"};
    l.shape = {LayerModel::kConv, c, k, e, e, r, r, 1, 1, 1, 1};
    return build_network("one", "test", c, static_cast<std::int32_t>(l.shape.hin()),
                         static_cast<std::int32_t>(l.shape.hin()), {l});
}

// Every blocking of one partition and split: every factorisation of each loop, every order pair.
LayerEval brute_force_blocking(const PimHardware& hw, const LayerContext& ctx, const PartitionScheme& part,
                               std::int32_t factor, Goal goal) {
    const PartitionedLayer pl = partition_layer(ctx.layer, ctx.batch, part);
    const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, factor);
    std::vector<std::array<std::int64_t, 3>> opts[kNumLoops];
    for (int x = 0; x < kNumLoops; ++x)
        for (std::int64_t a = 1; a <= nest.loopcnt[x]; ++a)
            for (std::int64_t b = 1; a * b <= nest.loopcnt[x]; ++b)
                if (nest.loopcnt[x] % (a * b) == 0) opts[x].push_back({a, b, nest.loopcnt[x] / a / b});
    std::vector<std::array<std::uint8_t, 3>> perms;
    std::array<std::uint8_t, 3> p = {0, 1, 2};
    do perms.push_back(p);
    while (std::next_permutation(p.begin(), p.end()));
    Candidate projected;
    projected.part = part;
    const UnitHops unit = candidate_unit_hops(hw, ctx, projected);
    Candidate c;
    c.part = part;
    c.repl_ifm_factor = factor;
    LayerEval best;
    best.error = EvalError::kBlocking;  // until one fits
    bool found = false;
    for (const auto& oi : opts[0])
        for (const auto& oo : opts[1])
            for (const auto& ob : opts[2]) {
                for (int l = 0; l < 3; ++l) {
                    c.blocking.t[l][0] = oi[static_cast<std::size_t>(l)];
                    c.blocking.t[l][1] = oo[static_cast<std::size_t>(l)];
                    c.blocking.t[l][2] = ob[static_cast<std::size_t>(l)];
                }
                for (const auto& p0 : perms)
                    for (const auto& p1 : perms) {
                        for (int x = 0; x < 3; ++x) {
                            c.blocking.order[0][x] = p0[static_cast<std::size_t>(x)];
                            c.blocking.order[1][x] = p1[static_cast<std::size_t>(x)];
                        }
                        const LayerEval e = evaluate_with_hops(hw, ctx, c, unit);
                        if (e.ok() && (!found || better(goal, e.energy_total_pj, e.time, best.energy_total_pj,
                                                        best.time))) {
                            best = e;
                            found = true;
                        }
                    }
            }
    return best;
}

// Layers with many factors per loop, on partitions whose NoC traffic is not zero (ifmaps laid
// out by another scheme, or corner memory), under each goal.
TEST(PimMapper, BestBlockingOfAPartitionEqualsBruteForce) {
    struct Case {
        const char* preset;
        std::vector<std::string> overrides;
        Goal goal;
        bool no_time_mux;
    };
    const std::vector<Case> cases = {
        {"t-16", {"pim.mesh=2x2", "pim.buffer_bytes=6000", "pim.regf_bytes=96"}, Goal::kEnergy, false},
        {"t-16",
         {"pim.mesh=2x2", "pim.buffer_bytes=6000", "pim.mapping.access_forwarding=true"},
         Goal::kEnergy,
         true},
        {"l-1", {"pim.buffer_bytes=9000", "pim.regf_bytes=128", "pim.pe_array=4x6"}, Goal::kEnergy, false},
        {"hb-4x4",
         {"pim.mesh=2x2", "pim.buffer_bytes=8192", "pim.pe_array=6x6", "pim.dram.pins=16"},
         Goal::kEnergy,
         false},
        {"hb-4x4",
         {"pim.mesh=2x2", "pim.buffer_bytes=8192", "pim.pe_array=6x6", "pim.mapping.bypass=fil"},
         Goal::kLatency,
         false},
        {"hb-4x4",
         {"pim.mesh=2x2", "pim.buffer_bytes=8192", "pim.pe_array=3x8", "pim.dram.pins=8"},
         Goal::kEdp,
         false},
        {"hb-4x4",
         {"pim.mesh=2x2", "pim.memory=corners", "pim.buffer_bytes=4096", "pim.pe_array=4x4"},
         Goal::kEnergy,
         false},
    };
    std::mt19937_64 rng(3);
    for (const Case& k : cases) {
        const PimHardware hw = make_hardware(load_pim_config(k.preset, k.overrides));
        const Network net = one_conv(48, 24, 6, 3);
        for (std::int64_t batch : {4, 12}) {
            LayerContext ctx;
            ctx.layer = net.layers[0].shape;
            ctx.batch = batch;
            ctx.no_time_mux = k.no_time_mux;
            auto parts = generate_partitions(ctx.layer, false, batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options);
            NetworkMapping m;
            m.layers.resize(1);
            m.input_part = parts[rng() % parts.size()];  // an input laid out by some other scheme
            ctx.ifmap = layer_input_layout(hw, net, batch, 0, m, {});
            const PartitionScheme part = parts[rng() % parts.size()];
            const PartitionedLayer pl = partition_layer(ctx.layer, batch, part);
            std::int32_t factors[64];
            const int n = replication_splits(pl.shape, pl.batch, fit_array(pl.shape, hw.pe_rows, hw.pe_cols),
                                             factors, 64);
            for (int s = 0; s < n; ++s) {
                const LayerEval brute = brute_force_blocking(hw, ctx, part, factors[s], k.goal);
                const BlockingChoice ours = best_blocking(hw, ctx, part, factors[s], k.goal);
                ASSERT_EQ(ours.found, brute.ok()) << k.preset << " " << partition_text(part);
                if (!ours.found) continue;
                EXPECT_FALSE(better(k.goal, brute.energy_total_pj, brute.time, ours.eval.energy_total_pj,
                                    ours.eval.time))
                    << k.preset << " " << k.overrides.back() << " " << partition_text(part) << " split "
                    << factors[s] << " b" << batch << ": brute force " << brute.energy_total_pj << " pJ / "
                    << brute.time << " cycles, ours " << ours.eval.energy_total_pj << " / " << ours.eval.time;
            }
        }
    }
}

TEST(PimMapper, LoopBlockingSearchIsExactAgainstBruteForce) {
    struct Case {
        const char* preset;
        std::vector<std::string> overrides;
        Goal goal;
    };
    const std::vector<Case> cases = {
        {"t-16", {"pim.mesh=2x2", "pim.buffer_bytes=4096", "pim.regf_bytes=64"}, Goal::kEnergy},
        {"t-16",
         {"pim.mesh=2x2", "pim.buffer_bytes=2048", "pim.mapping.access_forwarding=true",
          "pim.mapping.batch_partition=true", "pim.mapping.ifmaps_partition=true"},
         Goal::kEnergy},
        {"l-1", {"pim.buffer_bytes=3000", "pim.regf_bytes=96", "pim.pe_array=4x6"}, Goal::kEnergy},
        {"hb-4x4",
         {"pim.mesh=1x2", "pim.buffer_bytes=3072", "pim.pe_array=6x6", "pim.dram.pins=16"},
         Goal::kEnergy},
        {"hb-4x4",
         {"pim.mesh=2x1", "pim.buffer_bytes=3072", "pim.pe_array=6x6", "pim.mapping.bypass=fil"},
         Goal::kLatency},
        {"hb-4x4",
         {"pim.mesh=2x2", "pim.buffer_bytes=3072", "pim.pe_array=3x8", "pim.dram.pins=8"},
         Goal::kEdp},
        {"hb-4x4",
         {"pim.mesh=2x2", "pim.memory=corners", "pim.buffer_bytes=2048", "pim.pe_array=4x4"},
         Goal::kEnergy},
    };
    const std::vector<Network> nets = {one_conv(6, 8, 4, 3), one_conv(12, 6, 3, 1), one_conv(4, 16, 6, 2)};
    for (const Case& k : cases) {
        const PimHardware hw = make_hardware(load_pim_config(k.preset, k.overrides));
        for (const Network& net : nets) {
            for (std::int64_t batch : {2, 4}) {
                std::int64_t brute_time = 0;
                const double brute = brute_force_best(hw, net, batch, k.goal, brute_time);
                MapperOptions o;
                o.goal = k.goal;
                const MapperResult r = map_baseline(hw, net, batch, o);
                const LayerEval& e = r.eval.layers[0];
                EXPECT_FALSE(better(k.goal, brute, brute_time, e.energy_total_pj, e.time))
                    << k.preset << " " << k.overrides.front() << " C" << net.layers[0].shape.C << " b"
                    << batch << ": brute force " << brute << " pJ / " << brute_time << " cycles, mapper "
                    << e.energy_total_pj << " / " << e.time;
            }
        }
    }
}

}  // namespace
}  // namespace dramsweep::pim

namespace dramsweep::pim {
namespace {

// Random layers, meshes, buffers (often tight, so that every loop must be blocked), bypass
// sets, memories, bandwidths, input layouts and goals; small enough for brute force.
TEST(PimMapper, BestBlockingEqualsBruteForceOnRandomCases) {
    std::mt19937_64 rng(2024);
    auto pick = [&](std::initializer_list<const char*> v) {
        return std::string(*(v.begin() + rng() % v.size()));
    };
    int compared = 0;
    for (int trial = 0; trial < 60; ++trial) {
        const std::int32_t c = static_cast<std::int32_t>(1 + rng() % 24),
                           k = static_cast<std::int32_t>(1 + rng() % 24);
        const std::int32_t e = static_cast<std::int32_t>(1 + rng() % 8),
                           r = static_cast<std::int32_t>(1 + rng() % 3);
        const std::int64_t batch = static_cast<std::int64_t>(1 + rng() % 8);
        std::vector<std::string> o = {"pim.mesh=" + pick({"1x1", "1x2", "2x1", "2x2"}),
                                      "pim.pe_array=" + pick({"3x3", "4x6", "6x4", "8x8"}),
                                      "pim.buffer_bytes=" + std::to_string(256 + rng() % 4096),
                                      "pim.regf_bytes=" + std::to_string(16 + rng() % 200),
                                      "pim.mapping.bypass=" + pick({"all", "none", "fil", "ifm,ofm", "ofm"}),
                                      "pim.memory=" + pick({"stacked", "corners"}),
                                      "pim.mapping.access_forwarding=" + pick({"true", "false"}),
                                      "pim.mapping.batch_partition=true",
                                      "pim.mapping.ifmaps_partition=true",
                                      "pim.psum_bits=" + pick({"16", "32"}),
                                      "pim.dram.pins=" + pick({"4", "64", "512"}),
                                      "pim.array_bus_words=" + pick({"0", "1", "4"})};
        const PimHardware hw = make_hardware(load_pim_config("hb-4x4", o));
        const Goal goal = static_cast<Goal>(rng() % 3);
        const Network net = one_conv(c, k, e, r);
        LayerContext ctx;
        ctx.layer = net.layers[0].shape;
        ctx.batch = batch;
        ctx.no_time_mux = rng() % 2 == 0;
        const auto parts =
            generate_partitions(ctx.layer, false, batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options);
        NetworkMapping m;
        m.layers.resize(1);
        m.input_part = parts[rng() % parts.size()];
        ctx.ifmap = layer_input_layout(hw, net, batch, 0, m, {});
        const PartitionScheme part = parts[rng() % parts.size()];
        const PartitionedLayer pl = partition_layer(ctx.layer, batch, part);
        std::int32_t factors[64];
        const int n =
            replication_splits(pl.shape, pl.batch, fit_array(pl.shape, hw.pe_rows, hw.pe_cols), factors, 64);
        const std::int32_t factor = factors[rng() % static_cast<std::size_t>(std::min(n, 64))];
        const LayerEval brute = brute_force_blocking(hw, ctx, part, factor, goal);
        MapperStats stats;
        const BlockingChoice ours = best_blocking(hw, ctx, part, factor, goal, &stats);
        EXPECT_EQ(stats.bound_mismatches, 0) << "trial " << trial;
        ASSERT_EQ(ours.found, brute.ok())
            << "trial " << trial << " C" << c << " K" << k << " E" << e << " R" << r << " b" << batch << " "
            << partition_text(part) << " split " << factor << " " <<
            [&] {
                std::string s;
                for (auto& x : o) s += x + " ";
                return s;
            }()
            << " goal " << static_cast<int>(goal) << " pin " << ctx.no_time_mux;
        if (!ours.found) continue;
        ++compared;
        EXPECT_FALSE(
            better(goal, brute.energy_total_pj, brute.time, ours.eval.energy_total_pj, ours.eval.time))
            << "trial " << trial << " goal " << static_cast<int>(goal) << ": brute force "
            << brute.energy_total_pj << " pJ / " << brute.time << " cycles, ours "
            << ours.eval.energy_total_pj << " / " << ours.eval.time;
    }
    EXPECT_GT(compared, 30);
}

}  // namespace
}  // namespace dramsweep::pim
