// The batched engine's rule functions (engine/rules.hpp) and its per-level timing bounds
// (channel_step.hpp), on hand-made cases. Fast; also run under the sanitizers.

#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/engine/channel_step.hpp"
#include "dramsweep/engine/engine_params.hpp"
#include "dramsweep/dram/rules.hpp"

namespace dramsweep::engine {
namespace {

using namespace dramsweep::dram;

TEST(EngineRules, NextCommandFollowsTheBankState) {
    EXPECT_EQ(dram::rules::next_command(false, 0, 7, false), kAct);
    EXPECT_EQ(dram::rules::next_command(true, 3, 7, true), kPre);
    EXPECT_EQ(dram::rules::next_command(true, 7, 7, false), kRd);
    EXPECT_EQ(dram::rules::next_command(true, 7, 7, true), kWr);
}

TEST(EngineRules, WriteDrainHysteresis) {
    // Not draining: start at write_high, or when reads are gone and writes wait.
    EXPECT_FALSE(dram::rules::write_mode_after(false, 3u, 25u, 26, 6));
    EXPECT_TRUE(dram::rules::write_mode_after(false, 3u, 26u, 26, 6));
    EXPECT_TRUE(dram::rules::write_mode_after(false, 0u, 1u, 26, 6));
    EXPECT_FALSE(dram::rules::write_mode_after(false, 0u, 0u, 26, 6));
    // Draining: stop when empty, or at write_low while reads wait; keep going otherwise.
    EXPECT_TRUE(dram::rules::write_mode_after(true, 3u, 7u, 26, 6));
    EXPECT_FALSE(dram::rules::write_mode_after(true, 3u, 6u, 26, 6));
    EXPECT_TRUE(dram::rules::write_mode_after(true, 0u, 6u, 26, 6));
    EXPECT_FALSE(dram::rules::write_mode_after(true, 0u, 0u, 26, 6));
}

// The device plans a tick in the mode the tick has just set (DeviceChannel::tick): R3 applied again
// to the same queues must give that mode, for every threshold pair validation accepts.
TEST(EngineRules, WriteDrainGivesTheSameModeAgainForTheSameQueues) {
    for (std::uint32_t high = 1; high <= 12; ++high)
        for (std::uint32_t low = 0; low < high; ++low)
            for (std::uint32_t reads = 0; reads <= 14; ++reads)
                for (std::uint32_t writes = 0; writes <= 14; ++writes)
                    for (const bool draining : {false, true}) {
                        const bool once = dram::rules::write_mode_after(draining, reads, writes, high, low);
                        EXPECT_EQ(dram::rules::write_mode_after(once, reads, writes, high, low), once)
                            << "high " << high << " low " << low << " reads " << reads << " writes "
                            << writes;
                    }
}

TEST(EngineRules, RowHitCapAndPrechargeProtection) {
    EXPECT_FALSE(dram::rules::row_hit_cap_reached(0, 1000));  // no cap
    EXPECT_FALSE(dram::rules::row_hit_cap_reached(4, 3));
    EXPECT_TRUE(dram::rules::row_hit_cap_reached(4, 4));
    EXPECT_TRUE(dram::rules::hit_has_priority(false, 5));
    EXPECT_TRUE(dram::rules::hit_has_priority(true, 0));
    EXPECT_FALSE(dram::rules::hit_has_priority(true, 1));
    EXPECT_FALSE(dram::rules::precharge_allowed(true, 2, false, false));  // FR-FCFS protects the row
    EXPECT_TRUE(dram::rules::precharge_allowed(true, 2, true, false));    // ... until the cap
    EXPECT_TRUE(dram::rules::precharge_allowed(true, 0, false, false));
    EXPECT_TRUE(dram::rules::precharge_allowed(false, 2, false, false));  // FCFS does not protect
    // R11: no scheduler closes a row whose bank holds an activated request.
    EXPECT_FALSE(dram::rules::precharge_allowed(false, 0, false, true));
    EXPECT_FALSE(dram::rules::precharge_allowed(true, 2, true, true));
    EXPECT_FALSE(dram::rules::refresh_may_issue(kPrea, true));
    EXPECT_FALSE(dram::rules::refresh_may_issue(kPre, true));
    EXPECT_TRUE(dram::rules::refresh_may_issue(kPrea, false));
    EXPECT_TRUE(dram::rules::refresh_may_issue(kRef, true));  // nothing open, nothing activated
}

TEST(EngineRules, PickRequestPrefersHitsOnlyUnderFrFcfs) {
    const std::uint32_t none = kNoSeq;
    EXPECT_EQ(dram::rules::pick_request(true, 9u, 4u, none), 9u);
    EXPECT_EQ(dram::rules::pick_request(true, none, 4u, none), 4u);
    EXPECT_EQ(dram::rules::pick_request(false, 9u, 4u, none), 4u);
}

TEST(EngineRules, AutoPrechargeUnderClosedWhenNoOneWantsTheRowAndAtTheNthAccessUnderCloseAfter) {
    using dram::PagePolicy;
    EXPECT_EQ(dram::rules::with_auto_precharge(kRd, PagePolicy::kClosed, false, false, 1, 0), kRda);
    EXPECT_EQ(dram::rules::with_auto_precharge(kWr, PagePolicy::kClosed, false, false, 1, 0), kWra);
    EXPECT_EQ(dram::rules::with_auto_precharge(kRd, PagePolicy::kClosed, true, false, 1, 0), kRd);
    EXPECT_EQ(dram::rules::with_auto_precharge(kRd, PagePolicy::kOpen, false, false, 9, 1), kRd);
    EXPECT_EQ(dram::rules::with_auto_precharge(kAct, PagePolicy::kClosed, false, false, 1, 0), kAct);
    // close_after 4: the fourth access closes the row, wanted or not, unless another request of
    // the bank is activated.
    EXPECT_EQ(dram::rules::with_auto_precharge(kRd, PagePolicy::kCloseAfter, true, false, 3, 4), kRd);
    EXPECT_EQ(dram::rules::with_auto_precharge(kRd, PagePolicy::kCloseAfter, true, false, 4, 4), kRda);
    EXPECT_EQ(dram::rules::with_auto_precharge(kWr, PagePolicy::kCloseAfter, false, false, 5, 4), kWra);
    EXPECT_EQ(dram::rules::with_auto_precharge(kRd, PagePolicy::kCloseAfter, false, true, 4, 4), kRd);
}

TEST(EngineRules, RefreshCommandAndSchedule) {
    EXPECT_EQ(dram::rules::refresh_command(true, 2, false), kPrea);
    EXPECT_EQ(dram::rules::refresh_command(true, 0, false), kRef);
    EXPECT_EQ(dram::rules::refresh_command(false, 5, true), kPre);
    EXPECT_EQ(dram::rules::refresh_command(false, 5, false), kRefPb);
    EXPECT_EQ(dram::rules::refresh_interval(false, 9360, 16), 9360u);
    EXPECT_EQ(dram::rules::refresh_interval(true, 9360, 16), 585u);
    using dram::RefreshRanks;
    EXPECT_EQ(dram::rules::first_refresh_due(9360, 0, 2, RefreshRanks::kStaggered),
              4680u);  // over one interval
    EXPECT_EQ(dram::rules::first_refresh_due(9360, 1, 2, RefreshRanks::kStaggered), 9360u);
    EXPECT_EQ(dram::rules::first_refresh_due(9360, 0, 2, RefreshRanks::kSimultaneous), 9360u);
    EXPECT_EQ(dram::rules::first_refresh_due(9360, 1, 2, RefreshRanks::kSimultaneous), 9360u);
}

TEST(EngineRules, ReadReturnAndFaw) {
    // CL 16, BL/2 4: the last beat ends 20 clocks after the RD; DRAMsim3 hands the data back a
    // clock later, Ramulator 2 then.
    EXPECT_EQ(dram::rules::read_return_delay(dram::ReadReturn::kAfterLastBeat, 16, 4), 21u);
    EXPECT_EQ(dram::rules::read_return_delay(dram::ReadReturn::kLastBeat, 16, 4), 20u);
    const std::uint64_t history[4] = {10, 20, 30, 40};
    EXPECT_EQ(dram::rules::faw_bound(history, 3, 26), 0u);        // fewer than four ACTs: no bound
    EXPECT_EQ(dram::rules::faw_bound(history, 4, 26), 10u + 26);  // the fourth-last ACT + tFAW
    EXPECT_EQ(dram::rules::faw_bound(history, 5, 26), 20u + 26);
}

// The engine keeps bounds per level (bank, group, rank, other ranks) and, for ACT/PRE/RD/WR,
// per bank; both must equal the reference's per-bank rule: max over issued commands of
// t + min_gap[P][N][scope(P's bank, this bank)].
TEST(EngineTimingBounds, PerLevelBoundsEqualPerBankPairRules) {
    for (const char* preset : {"ddr4-2400", "ddr5-4800", "hbm2", "lpddr4-3200"}) {
        const DramConfig config = load_dram_config(preset, {"org.ranks=2"});
        const EngineParams p = make_engine_params(config);
        const ConstraintTable table = derive_constraints(config);
        auto state = std::make_unique<ChannelState>();
        channel_init(p, *state);
        const std::uint32_t banks = p.banks_per_channel;
        std::vector<std::vector<std::uint64_t>> expected(banks, std::vector<std::uint64_t>(kNumCommands, 0));
        std::mt19937_64 rng(42);
        std::uint64_t now = 0;
        for (int step = 0; step < 400; ++step) {
            now += 1 + rng() % 40;
            auto c = static_cast<Command>(rng() % kNumCommands);
            if (c == kRefPb && table.min_gap[kRefPb][kAct][kSameBank] == 0) c = kRef;
            const auto bank = static_cast<std::uint32_t>(rng() % banks);
            channel_detail::apply_timing(p, *state, c, bank, now);
            for (std::uint32_t x = 0; x < banks; ++x) {
                const std::uint32_t lb = bank % p.banks_per_rank, lx = x % p.banks_per_rank;
                const Scope scope = scope_of(bank / p.banks_per_rank, lb / p.banks_per_group, lb % p.banks_per_group,
                                             x / p.banks_per_rank, lx / p.banks_per_group, lx % p.banks_per_group,
                                             is_rank_command(c));
                for (int n = 0; n < kNumCommands; ++n) {
                    const std::uint32_t g = table.min_gap[c][n][scope];
                    if (g != 0 && now + g > expected[x][static_cast<std::size_t>(n)])
                        expected[x][static_cast<std::size_t>(n)] = now + g;
                }
            }
            for (std::uint32_t x = 0; x < banks; ++x)
                for (int n = 0; n < kNumCommands; ++n) {
                    if (n == kAct) continue;  // ACT adds the tFAW bound, tested above
                    ASSERT_EQ(channel_detail::earliest(p, *state, static_cast<Command>(n), x),
                              expected[x][static_cast<std::size_t>(n)])
                        << preset << " step " << step << " bank " << x << " command " << command_name(static_cast<Command>(n));
                }
        }
    }
}

TEST(EngineLimits, ConfigurationsBeyondTheStateSizesAreNamed) {
    EXPECT_EQ(engine_unsupported_reason(load_dram_config("ddr4-2400"), 1000), "");
    EXPECT_NE(engine_unsupported_reason(load_dram_config("ddr4-2400", {"controller.write_queue=65", "controller.write_high=60"}), 1000)
                  .find("controller.write_queue"),
              std::string::npos);
    EXPECT_NE(engine_unsupported_reason(load_dram_config("ddr4-2400", {"org.ranks=8"}), 1000).find("org.ranks"),
              std::string::npos);
}

}  // namespace
}  // namespace dramsweep::engine
