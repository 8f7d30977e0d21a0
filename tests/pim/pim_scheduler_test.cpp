// The Data-Scheduler: the integer program (CBC) against a brute-force enumeration of the same
// space, against the greedy, and its reported link loads against the routes it chose.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "dramsweep/pim/data_scheduler.hpp"

namespace dramsweep::pim {
namespace {

ScheduleProblem random_problem(std::mt19937& rng, std::int32_t mesh_h, std::int32_t mesh_w, int blocks,
                               int max_requesters, bool ports) {
    ScheduleProblem p;
    p.mesh_h = mesh_h;
    p.mesh_w = mesh_w;
    p.link_bits_per_cycle = 128;
    p.port_bits_per_cycle = ports ? 256 : 0;
    const std::int32_t nodes = mesh_h * mesh_w;
    std::uniform_int_distribution<std::int32_t> node(0, nodes - 1);
    std::uniform_int_distribution<std::int64_t> bits(1, 64);
    for (int b = 0; b < blocks; ++b) {
        SharedBlock blk;
        blk.bits = bits(rng) * 1024;
        const int holders = 1 + static_cast<int>(rng() % 2);
        std::vector<bool> used(static_cast<std::size_t>(nodes), false);
        for (int h = 0; h < holders; ++h) {
            const std::int32_t n = node(rng);
            if (used[static_cast<std::size_t>(n)]) continue;
            used[static_cast<std::size_t>(n)] = true;
            blk.holders.push_back(n);
        }
        const int requesters = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_requesters));
        for (int r = 0; r < requesters; ++r) {
            const std::int32_t n = node(rng);
            if (used[static_cast<std::size_t>(n)]) continue;
            used[static_cast<std::size_t>(n)] = true;
            blk.requesters.push_back(n);
        }
        p.blocks.push_back(blk);
    }
    p.fixed_links.mesh_h = mesh_h;
    p.fixed_links.mesh_w = mesh_w;
    for (int d = 0; d < kNumDirs; ++d)
        for (std::int32_t n = 0; n < nodes; ++n)
            p.fixed_links.bits[d][n] = (rng() % 4 == 0) ? bits(rng) * 512 : 0;
    p.fixed_port.assign(static_cast<std::size_t>(nodes), 0);
    for (auto& f : p.fixed_port) f = ports ? bits(rng) * 256 : 0;
    sort_forwarding_order(p);
    return p;
}

bool lex_better(const Schedule& a, const Schedule& b) {
    const double tol = 1e-9 * std::max(1.0, b.makespan);
    if (a.makespan < b.makespan - tol) return true;
    if (a.makespan > b.makespan + tol) return false;
    return a.bit_hops < b.bit_hops;
}

// Every combination of candidate sources; the lexicographic optimum.
Schedule brute_force(const ScheduleProblem& p) {
    std::vector<std::pair<std::size_t, std::size_t>> slots;
    std::vector<std::vector<std::int32_t>> options;
    for (std::size_t b = 0; b < p.blocks.size(); ++b)
        for (std::size_t k = 0; k < p.blocks[b].requesters.size(); ++k) {
            slots.emplace_back(b, k);
            options.push_back(candidate_sources(p.blocks[b], k));
        }
    std::vector<std::size_t> pick(slots.size(), 0);
    Schedule best;
    bool have = false;
    for (;;) {
        std::vector<std::vector<std::int32_t>> src(p.blocks.size());
        for (std::size_t b = 0; b < p.blocks.size(); ++b) src[b].resize(p.blocks[b].requesters.size());
        for (std::size_t i = 0; i < slots.size(); ++i)
            src[slots[i].first][slots[i].second] = options[i][pick[i]];
        const Schedule s = evaluate_sources(p, src);
        if (!have || lex_better(s, best)) {
            best = s;
            have = true;
        }
        std::size_t i = 0;
        while (i < slots.size() && ++pick[i] == options[i].size()) pick[i++] = 0;
        if (i == slots.size()) break;
    }
    return best;
}

std::int64_t space_size(const ScheduleProblem& p) {
    std::int64_t n = 1;
    for (const SharedBlock& b : p.blocks)
        for (std::size_t k = 0; k < b.requesters.size(); ++k)
            n *= static_cast<std::int64_t>(candidate_sources(b, k).size());
    return n;
}

TEST(DataScheduler, IlpOptimumEqualsBruteForceEnumerationOnSmallCases) {
    std::mt19937 rng(14);
    int compared = 0, forwarding_optima = 0;
    for (int i = 0; i < 60 && compared < 30; ++i) {
        const ScheduleProblem p =
            random_problem(rng, 2 + static_cast<std::int32_t>(i % 2), 3, 2 + i % 2, 4, i % 3 == 0);
        if (space_size(p) > 20000 || space_size(p) < 4) continue;
        const Schedule ilp = solve_ilp(p, {5.0});
        const Schedule bf = brute_force(p);
        ASSERT_TRUE(ilp.optimal) << "case " << i;
        EXPECT_NEAR(ilp.makespan, bf.makespan, 1e-9 * bf.makespan) << "case " << i;
        EXPECT_EQ(ilp.bit_hops, bf.bit_hops) << "case " << i;
        forwarding_optima += bf.forwarded > 0;
        ++compared;
    }
    EXPECT_EQ(compared, 30);
    EXPECT_GT(forwarding_optima, 0) << "no case where forwarding is part of the optimum";
}

TEST(DataScheduler, GreedyIsNeverBetterThanTheIlp) {
    std::mt19937 rng(1414);
    int strictly = 0;
    for (int i = 0; i < 40; ++i) {
        const ScheduleProblem p = random_problem(rng, 4, 4, 3 + i % 5, 6, i % 2 == 0);
        const Schedule greedy = greedy_schedule(p);
        const Schedule ilp = solve_ilp(p, {2.0});
        EXPECT_FALSE(lex_better(greedy, ilp)) << "case " << i;
        strictly += lex_better(ilp, greedy);
    }
    EXPECT_GT(strictly, 0) << "the ILP never improved on the greedy";
}

TEST(DataScheduler, LinkLoadsRecomputedFromTheChosenRoutesEqualWhatTheIlpReports) {
    std::mt19937 rng(7);
    for (int i = 0; i < 20; ++i) {
        const ScheduleProblem p = random_problem(rng, 3, 4, 4, 5, i % 2 == 1);
        const Schedule ilp = solve_ilp(p, {2.0});
        const Schedule again = evaluate_sources(p, ilp.source);
        ASSERT_EQ(ilp.reported_link_bits.size(), static_cast<std::size_t>(kNumDirs * kMaxNodes));
        for (int d = 0; d < kNumDirs; ++d)
            for (std::int32_t n = 0; n < p.mesh_h * p.mesh_w; ++n) {
                const double reported = ilp.reported_link_bits[static_cast<std::size_t>(d * kMaxNodes + n)];
                EXPECT_NEAR(reported, static_cast<double>(again.links.bits[d][n]),
                            1e-6 * std::max(1.0, reported))
                    << "case " << i << " link " << d << "/" << n;
                EXPECT_EQ(ilp.links.bits[d][n], again.links.bits[d][n]);
            }
        EXPECT_EQ(ilp.bit_hops, again.bit_hops);
        EXPECT_DOUBLE_EQ(ilp.makespan, again.makespan);
    }
}

TEST(DataScheduler, ForwardingAlongARowMovesEachBlockOneHopAtATime) {
    // A block held at (0,0) and needed by the other three nodes of a 1 x 4 row: pulling costs
    // 1 + 2 + 3 hops, forwarding 1 + 1 + 1 and no link carries it twice.
    ScheduleProblem p;
    p.mesh_h = 1;
    p.mesh_w = 4;
    p.link_bits_per_cycle = 64;
    p.blocks.push_back({6400, kIfm, {0}, {3, 1, 2}});
    sort_forwarding_order(p);
    EXPECT_EQ(p.blocks[0].requesters, (std::vector<std::int32_t>{1, 2, 3}));
    const Schedule s = solve_ilp(p);
    EXPECT_TRUE(s.optimal);
    EXPECT_EQ(s.bit_hops, 3 * 6400);
    EXPECT_EQ(s.forwarded, 2);
    EXPECT_DOUBLE_EQ(s.makespan, 100.0);
    EXPECT_EQ(s.source[0], (std::vector<std::int32_t>{0, 1, 2}));
}

TEST(DataScheduler, BusyLinksPushTransfersOntoAnotherHolder) {
    // Two holders at the ends of a row, one requester next to the first whose link is already
    // loaded: the makespan phase takes the far holder although it costs more bit-hops.
    ScheduleProblem p;
    p.mesh_h = 1;
    p.mesh_w = 4;
    p.link_bits_per_cycle = 1;
    p.blocks.push_back({100, kFil, {0, 3}, {1}});
    p.fixed_links.mesh_h = 1;
    p.fixed_links.mesh_w = 4;
    p.fixed_links.bits[kEast][0] = 1000;
    const Schedule greedy = greedy_schedule(p);
    EXPECT_EQ(greedy.source[0][0], 0);  // nearest
    const Schedule s = solve_ilp(p);
    EXPECT_EQ(s.source[0][0], 3);
    EXPECT_DOUBLE_EQ(s.makespan, 1000.0);
    EXPECT_EQ(s.bit_hops, 200);
    EXPECT_TRUE(s.improved_on_greedy);
}

TEST(DataScheduler, ReportsTheGapWhenTheTimeLimitHits) {
    std::mt19937 rng(99);
    const ScheduleProblem p = random_problem(rng, 8, 8, 40, 24, true);
    const Schedule greedy = greedy_schedule(p);
    const Schedule s = solve_ilp(p, {0.01});
    EXPECT_FALSE(lex_better(greedy, s));
    EXPECT_FALSE(s.optimal);
    EXPECT_TRUE(s.makespan_gap > 0 || s.bit_hop_gap > 0);
    EXPECT_LT(s.seconds, 1.0);
}

}  // namespace
}  // namespace dramsweep::pim
