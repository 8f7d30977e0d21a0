// Tightness: a command that is the only candidate issues at the earliest clock the (independent)
// protocol checker allows, never later. Together with the protocol tests (never earlier) this
// pins every constraint to its exact value.

#include <gtest/gtest.h>

#include <iostream>
#include <map>

#include "dram/dram_test_util.hpp"
#include "dramsweep/dram/protocol_checker.hpp"

namespace dramsweep::dram {
namespace {

using testing::all_presets;
using testing::commands_of;
using testing::random_requests;
using testing::ro_ba_co_address;

constexpr std::uint64_t kNoRequest = ~std::uint64_t{0};

// With one request in flight, every command for it is the only candidate: it must issue at
// max(earliest legal clock, the clock after the request arrived).
TEST(DramTightness, SoleCandidateIssuesAtEarliestLegalClock) {
    std::map<std::string, std::size_t> binding_rules;
    for (const std::string& preset : all_presets()) {
        for (const char* policy : {"open", "closed", "per_bank_refresh"}) {
            const bool per_bank = std::string(policy) == "per_bank_refresh";
            if (per_bank && load_dram_config(preset).timing.nRFCpb == 0) continue;
            if (per_bank && preset == "ddr5-4800") continue;  // interval tREFI/32 < tRFCsb: rejected
            const DramConfig config = load_dram_config(
                preset, {per_bank ? std::string("controller.refresh=per_bank") : std::string("controller.page_policy=") + policy});
            const auto requests = random_requests(config, 3000, 11, 0.4);
            CommandLog log;
            TraceRunOptions options;
            options.log = &log;
            options.max_outstanding = 1;
            run_trace(config, requests, options);
            ProtocolChecker checker(config);
            std::size_t checked = 0;
            for (const CommandRecord& c : log) {
                std::string rule;
                const std::uint64_t legal = checker.earliest_legal(c, &rule);
                if (c.request_arrival != kNoRequest && !c.refresh_pending && c.queued == 1) {
                    // Rule R14: a CAS before it takes the clock at which it was legal.
                    const std::uint64_t expected =
                        std::max(legal, c.request_arrival + 1) + (c.wck_sync ? 1 : 0);
                    ASSERT_EQ(c.cycle, expected) << preset << " " << policy << " " << command_name(c.command)
                                                 << " bound by " << rule;
                    if (legal > c.request_arrival + 1) ++binding_rules[rule];
                    ++checked;
                }
                checker.feed(c);
            }
            EXPECT_GT(checked, 3000u) << preset;
        }
    }
    // The single-request traffic exercises these constraints as the binding ones.
    for (const char* rule : {"tRCD (read)", "tRCD (write)", "tRP", "tRAS", "tWR", "tCCD_L", "tCCD_L_WR",
                             "tWTR_L", "tRFC", "tRFCpb"})
        EXPECT_GT(binding_rules[rule], 0u) << rule;
    std::string seen;
    for (const auto& [rule, count] : binding_rules) seen += rule + "=" + std::to_string(count) + " ";
    std::cout << "binding constraints seen: " << seen << "\n";
}

// Constraints that need concurrent requests to bind, on DDR4-2400 (RoBaRaCoCh), each scenario
// built so that the command measured is the only ready one.
class Ddr4Scenario : public ::testing::Test {
protected:
    DramConfig config = load_dram_config("ddr4-2400", {"controller.refresh=off"});
    CommandLog run(const std::vector<TraceRequest>& requests) {
        CommandLog log;
        TraceRunOptions options;
        options.log = &log;
        run_trace(config, requests, options);
        EXPECT_TRUE(check_protocol(config, log).empty());
        return log;
    }
    std::uint64_t addr(std::uint32_t group, std::uint32_t bank, std::uint32_t row, std::uint32_t column) {
        return ro_ba_co_address(config, group, bank, row, column);
    }
};

TEST_F(Ddr4Scenario, ActivatesKeepRrdAndFaw) {
    // Five reads to five banks in different bank groups (and one repeated group), all at once.
    const auto log = run({{addr(0, 0, 1, 0), false}, {addr(1, 0, 1, 0), false}, {addr(2, 0, 1, 0), false},
                          {addr(3, 0, 1, 0), false}, {addr(0, 1, 1, 0), false}});
    const auto acts = commands_of(log, kAct);
    ASSERT_EQ(acts.size(), 5u);
    const TimingParams& t = config.timing;
    EXPECT_EQ(acts[1].cycle - acts[0].cycle, t.nRRD_S);
    EXPECT_EQ(acts[2].cycle - acts[1].cycle, t.nRRD_S);
    EXPECT_EQ(acts[3].cycle - acts[2].cycle, t.nRRD_S);
    EXPECT_EQ(acts[4].cycle - acts[0].cycle, t.nFAW);  // the fifth waits for the window
}

TEST_F(Ddr4Scenario, ActivatesInOneBankGroupKeepRrdL) {
    const auto log = run({{addr(0, 0, 1, 0), false}, {addr(0, 1, 1, 0), false}});
    const auto acts = commands_of(log, kAct);
    ASSERT_EQ(acts.size(), 2u);
    EXPECT_EQ(acts[1].cycle - acts[0].cycle, config.timing.nRRD_L);
}

TEST_F(Ddr4Scenario, ReadsKeepCcdLAndCcdS) {
    // Row hits in one bank: tCCD_L apart. Then hits alternating over two bank groups: tCCD_S.
    auto log = run({{addr(0, 0, 1, 0), false}, {addr(0, 0, 1, 1), false}, {addr(0, 0, 1, 2), false}});
    auto rds = commands_of(log, kRd);
    ASSERT_EQ(rds.size(), 3u);
    EXPECT_EQ(rds[1].cycle - rds[0].cycle, config.timing.nCCD_L);
    EXPECT_EQ(rds[2].cycle - rds[1].cycle, config.timing.nCCD_L);

    log = run({{addr(0, 0, 1, 0), false}, {addr(1, 0, 1, 0), false}, {addr(0, 0, 1, 1), false},
               {addr(1, 0, 1, 1), false}});
    rds = commands_of(log, kRd);
    ASSERT_EQ(rds.size(), 4u);
    // Once both rows are open the reads alternate bank groups: tCCD_S apart.
    EXPECT_EQ(rds[3].cycle - rds[2].cycle, config.timing.nCCD_S);
}

TEST_F(Ddr4Scenario, WriteToReadOtherBankGroupKeepsWtrS) {
    // A write and then (after the write drain) a read hit in another bank group.
    config.controller.write_high = 1;
    config.controller.write_low = 0;
    const auto log = run({{addr(0, 0, 1, 0), true}, {addr(1, 0, 1, 0), false}});
    const auto wr = commands_of(log, kWr), rd = commands_of(log, kRd);
    ASSERT_EQ(wr.size(), 1u);
    ASSERT_EQ(rd.size(), 1u);
    ASSERT_GT(rd[0].cycle, wr[0].cycle);
    const TimingParams& t = config.timing;
    EXPECT_EQ(rd[0].cycle - wr[0].cycle, t.nCWL + t.nBL + t.nWTR_S);
}

TEST_F(Ddr4Scenario, PrechargeAfterReadsKeepsRtp) {
    // Four row hits, then a conflict in the same bank: the PRE waits tRTP after the last read
    // (43 clocks after the ACT, later than tRAS = 39).
    const auto log = run({{addr(0, 0, 1, 0), false}, {addr(0, 0, 1, 1), false}, {addr(0, 0, 1, 2), false},
                          {addr(0, 0, 1, 3), false}, {addr(0, 0, 2, 0), false}});
    const auto rds = commands_of(log, kRd), pres = commands_of(log, kPre), acts = commands_of(log, kAct);
    ASSERT_EQ(rds.size(), 5u);
    ASSERT_EQ(pres.size(), 1u);
    ASSERT_EQ(acts.size(), 2u);
    EXPECT_EQ(pres[0].cycle - rds[3].cycle, config.timing.nRTP);
    EXPECT_GT(pres[0].cycle - acts[0].cycle, config.timing.nRAS);
    EXPECT_EQ(acts[1].cycle - pres[0].cycle, config.timing.nRP);
}

TEST_F(Ddr4Scenario, ReadThenWriteKeepsTurnaround) {
    // Two reads and a write queued together: the reads go first (no drain below the high
    // watermark while reads wait), then the write hit waits CL + BL + 2 - CWL after the last read.
    const auto log = run({{addr(0, 0, 1, 0), false}, {addr(1, 0, 1, 0), false}, {addr(1, 0, 1, 1), true}});
    const auto rds = commands_of(log, kRd), wrs = commands_of(log, kWr);
    ASSERT_EQ(wrs.size(), 1u);
    ASSERT_GE(rds.size(), 1u);
    const TimingParams& t = config.timing;
    std::uint64_t last_read_before = 0;
    for (const auto& r : rds)
        if (r.cycle < wrs[0].cycle) last_read_before = r.cycle;
    ASSERT_GT(last_read_before, 0u);
    EXPECT_EQ(wrs[0].cycle - last_read_before, t.nCL + t.nBL + t.nRTW - t.nCWL);
}

// Scheduler rules R4/R5 on one bank: A (row 1), B (row 2, conflicts with A), C (row 1, hits
// after A), all queued at once; tCCD_L raised so that C's read is ready only after B's PRE.
class SchedulerOrder : public Ddr4Scenario {
protected:
    std::vector<std::uint32_t> read_rows(const std::vector<std::string>& sets) {
        std::vector<std::string> all = {"controller.refresh=off", "timing.tRAS=16", "timing.tCCD_L=12"};
        all.insert(all.end(), sets.begin(), sets.end());
        config = load_dram_config("ddr4-2400", all);
        const auto log = run({{addr(0, 0, 1, 0), false}, {addr(0, 0, 2, 0), false}, {addr(0, 0, 1, 1), false}});
        std::vector<std::uint32_t> order;
        for (const auto& c : commands_of(log, kRd)) order.push_back(c.row * 10 + c.column);
        return order;
    }
};

TEST_F(SchedulerOrder, FrFcfsServesTheYoungerHitFirst) {
    EXPECT_EQ(read_rows({"controller.scheduler=frfcfs"}), (std::vector<std::uint32_t>{10, 11, 20}));
}

TEST_F(SchedulerOrder, FcfsServesTheOldestReadyRequest) {
    EXPECT_EQ(read_rows({"controller.scheduler=fcfs"}), (std::vector<std::uint32_t>{10, 20, 11}));
}

TEST_F(SchedulerOrder, RowHitCapLetsTheConflictThrough) {
    EXPECT_EQ(read_rows({"controller.scheduler=frfcfs", "controller.row_hit_cap=1"}),
              (std::vector<std::uint32_t>{10, 20, 11}));
}

TEST_F(Ddr4Scenario, ClosedPolicyAutoPrechargesTheLastHit) {
    config = load_dram_config("ddr4-2400", {"controller.refresh=off", "controller.page_policy=closed"});
    const auto log = run({{addr(0, 0, 1, 0), false}, {addr(0, 0, 1, 1), false}, {addr(1, 0, 1, 0), true}});
    EXPECT_EQ(commands_of(log, kRd).size(), 1u);   // the first read: another request wants its row
    EXPECT_EQ(commands_of(log, kRda).size(), 1u);  // the second: nobody else does
    EXPECT_EQ(commands_of(log, kWra).size(), 1u);
    EXPECT_EQ(commands_of(log, kPre).size(), 0u);
}

TEST_F(Ddr4Scenario, TimeoutPolicyClosesAnIdleRow) {
    config = load_dram_config("ddr4-2400", {"controller.refresh=off", "controller.page_policy=timeout",
                                            "controller.page_timeout=100"});
    // One read to bank group 0, then a string of row conflicts in bank group 1 (one at a time)
    // that keeps the run going: bank group 0's idle row closes exactly 100 clocks after its read.
    std::vector<TraceRequest> requests = {{addr(0, 0, 1, 0), false}};
    for (std::uint32_t row = 1; row <= 8; ++row) requests.push_back({addr(1, 0, row, 0), false});
    CommandLog log;
    TraceRunOptions options;
    options.log = &log;
    options.max_outstanding = 1;
    run_trace(config, requests, options);
    std::vector<CommandRecord> group0_pres;
    for (const auto& c : commands_of(log, kPre))
        if (c.bank_group == 0) group0_pres.push_back(c);
    const auto rds = commands_of(log, kRd);
    ASSERT_EQ(group0_pres.size(), 1u);
    EXPECT_EQ(group0_pres[0].cycle, rds[0].cycle + 100);
    EXPECT_EQ(group0_pres[0].request_arrival, ~std::uint64_t{0});  // issued by the policy, not a request
}

TEST_F(Ddr4Scenario, OtherRankReadsKeepRankSwitch) {
    config = load_dram_config("ddr4-2400", {"controller.refresh=off", "org.ranks=2", "mapping=RoBaCoRaCh"});
    // Column bits above the rank bit: consecutive 64 B lines alternate ranks... use two rows open first.
    const std::uint64_t line = config.org.burst_bytes();
    const auto log = run({{0 * line, false}, {1 * line, false}, {2 * line, false}, {3 * line, false}});
    const auto rds = commands_of(log, kRd);
    ASSERT_EQ(rds.size(), 4u);
    ASSERT_NE(rds[2].rank, rds[3].rank);
    EXPECT_EQ(rds[3].cycle - rds[2].cycle, config.timing.nBL + config.timing.nRTRS);
}

}  // namespace
}  // namespace dramsweep::dram
