// The protocol checker over every preset with random traffic, every scheduler, page policy and
// refresh mode; that no activation is thrown away (rule R11); plus a check that the checker
// itself catches violations.

#include <gtest/gtest.h>

#include "dram/dram_test_util.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/protocol_checker.hpp"

namespace dramsweep::dram {
namespace {

using testing::all_presets;
using testing::random_requests;

struct Variant {
    const char* scheduler;
    const char* page_policy;
    const char* refresh;
    std::vector<std::string> extra;
};

std::vector<Variant> variants() {
    std::vector<Variant> v;
    for (const char* s : {"fcfs", "frfcfs"})
        for (const char* p : {"open", "closed", "timeout"})
            for (const char* r : {"all_bank", "per_bank"}) v.push_back({s, p, r, {}});
    // Multi-rank and multi-channel organisations, a row-hit cap, XOR hashing, small queues.
    v.push_back({"frfcfs", "open", "all_bank", {"org.ranks=2", "mapping=RoBaRaCoCh"}});
    v.push_back({"frfcfs", "open", "all_bank", {"org.ranks=2", "org.channels=2", "mapping=RoCoBaRaCh"}});
    v.push_back({"frfcfs", "open", "all_bank", {"controller.row_hit_cap=4", "xor_bank_hash=true"}});
    v.push_back({"fcfs", "timeout", "all_bank", {"controller.read_queue=4", "controller.write_queue=4",
                                                 "controller.write_high=3", "controller.write_low=1"}});
    // Strict FCFS, close after N accesses, ranks refreshing together, Ramulator 2's read return.
    v.push_back(
        {"strict_fcfs", "open", "all_bank", {"org.ranks=2", "controller.refresh_ranks=simultaneous"}});
    v.push_back({"strict_fcfs", "closed", "per_bank", {}});
    v.push_back({"frfcfs", "close_after", "all_bank", {"controller.close_after=2", "org.ranks=2"}});
    v.push_back({"fcfs",
                 "close_after",
                 "per_bank",
                 {"controller.close_after=1", "controller.read_return=last_beat"}});
    // Activated requests out of their queues (R12), with small queues so that it matters.
    v.push_back({"frfcfs",
                 "open",
                 "all_bank",
                 {"controller.active_buffer=per_bank", "org.ranks=2", "controller.read_queue=8",
                  "controller.write_queue=8", "controller.write_high=6", "controller.write_low=2"}});
    v.push_back({"fcfs", "closed", "per_bank", {"controller.active_buffer=per_bank"}});
    v.push_back({"strict_fcfs",
                 "close_after",
                 "all_bank",
                 {"controller.active_buffer=per_bank", "controller.close_after=2"}});
    // One command bus (the HBM presets have row and column buses, R13).
    v.push_back({"frfcfs", "open", "all_bank", {"controller.command_buses=one"}});
    return v;
}

TEST(DramProtocol, EveryPresetPolicyAndSchedulerIsLegal) {
    std::size_t runs = 0;
    for (const std::string& preset : all_presets()) {
        for (const Variant& v : variants()) {
            std::vector<std::string> sets = {std::string("controller.scheduler=") + v.scheduler,
                                             std::string("controller.page_policy=") + v.page_policy,
                                             std::string("controller.refresh=") + v.refresh,
                                             "controller.page_timeout=50"};
            sets.insert(sets.end(), v.extra.begin(), v.extra.end());
            DramConfig config;
            try {
                config = load_dram_config(preset, sets);
            } catch (const InputError&) {
                // Per-bank refresh on a standard without it is rejected by validation (tested
                // in the bad-input tests); everything else must load.
                ASSERT_STREQ(v.refresh, "per_bank") << preset;
                continue;
            }
            // Enough traffic to cross several refresh intervals.
            const auto requests = random_requests(config, 15000, runs + 1, 0.3);
            CommandLog log;
            TraceRunOptions options;
            options.log = &log;
            const TraceRunResult result = run_trace(config, requests, options);
            ASSERT_EQ(result.summary.counters.reads + result.summary.counters.writes, requests.size());
            ProtocolChecker checker(config);
            for (const auto& c : log) checker.feed(c);
            checker.finish(result.summary.cycles);
            ASSERT_TRUE(checker.violations().empty())
                << preset << " " << v.scheduler << " " << v.page_policy << " " << v.refresh << ": "
                << checker.violations().front();
            // Rule R11: every ACT serves the request it was issued for before its row closes, and
            // such a request is served as a miss or a conflict (a conflict may also find its row
            // opened for another request: hence at most).
            const results::DramCounters& n = result.summary.counters;
            ASSERT_LE(n.commands[kAct], n.row_misses + n.row_conflicts)
                << preset << " " << v.scheduler << " " << v.page_policy << " " << v.refresh;
            ++runs;
        }
    }
    EXPECT_GE(runs, all_presets().size() * 8);
}

TEST(DramProtocol, CheckerCatchesACommandMovedEarlier) {
    const DramConfig config = load_dram_config("ddr4-2400");
    const auto requests = random_requests(config, 2000, 7, 0.3);
    CommandLog log;
    TraceRunOptions options;
    options.log = &log;
    run_trace(config, requests, options);
    ASSERT_TRUE(check_protocol(config, log).empty());
    // Move each kind of command one clock earlier than issued where that breaks a timing rule
    // (the controller issued it at the earliest legal clock, so the checker must complain).
    std::size_t caught = 0, tried = 0;
    for (std::size_t i = 1; i < log.size() && tried < 200; ++i) {
        ProtocolChecker checker(config);
        for (std::size_t k = 0; k < i; ++k) checker.feed(log[k]);
        if (checker.earliest_legal(log[i]) != log[i].cycle || log[i].cycle - 1 <= log[i - 1].cycle) continue;
        CommandRecord early = log[i];
        --early.cycle;
        checker.feed(early);
        ++tried;
        caught += checker.violations().empty() ? 0 : 1;
    }
    EXPECT_GT(tried, 50u);
    EXPECT_EQ(caught, tried);
}

TEST(DramProtocol, CheckerCatchesWrongBankState) {
    const DramConfig config = load_dram_config("ddr4-2400");
    ProtocolChecker checker(config);
    CommandRecord rd{};
    rd.cycle = 100;
    rd.command = kRd;
    checker.feed(rd);  // read from a closed bank
    ASSERT_EQ(checker.violations().size(), 1u);
    EXPECT_NE(checker.violations()[0].find("closed bank"), std::string::npos);
}

TEST(DramProtocol, CheckerKeepsTheClockAfterATwoPartActForItsSecondPart) {
    // lpddr5-6400: a RD to an open bank the clock after an ACT to another bank is not legal
    // (ACT-2 holds the bus), one clock later it is; nor is a RD tRCD after its bank's ACT-1
    // (tRCD counts from ACT-2). The WCK always on: no CAS before the RD (R14).
    const DramConfig config = load_dram_config("lpddr5-6400", {"controller.wck_sync=always_on"});
    auto replay = [&](std::vector<CommandRecord> commands) {
        ProtocolChecker checker(config);
        for (const CommandRecord& c : commands) checker.feed(c);
        return checker.violations();
    };
    auto command = [](std::uint64_t cycle, Command c, std::uint32_t group) {
        CommandRecord r{};
        r.cycle = cycle;
        r.command = c;
        r.bank_group = group;
        return r;
    };
    const std::uint64_t rrd = config.timing.nRRD_S, rcd = config.timing.nRCD_RD;
    EXPECT_TRUE(replay({command(0, kAct, 0), command(rrd, kAct, 1), command(rcd + 1, kRd, 0)}).empty());
    EXPECT_TRUE(replay({command(0, kAct, 0), command(100, kAct, 1), command(102, kRd, 0)}).empty());
    const auto bus = replay({command(0, kAct, 0), command(100, kAct, 1), command(101, kRd, 0)});
    ASSERT_FALSE(bus.empty());
    EXPECT_NE(bus[0].find("ACT-2"), std::string::npos) << bus[0];
    const auto rcd_from_second = replay({command(0, kAct, 0), command(rcd, kRd, 0)});
    ASSERT_FALSE(rcd_from_second.empty());
    EXPECT_NE(rcd_from_second[0].find("tRCD"), std::string::npos) << rcd_from_second[0];
}

// Reads to the two pseudo-channels of one HBM2 legacy channel, one clock apart: the bursts
// overlap in time, which is legal only where each pseudo-channel has its own data bus.
std::vector<std::string> overlapping_pseudo_channel_reads(const DramConfig& config) {
    ProtocolChecker checker(config);
    auto command = [&](std::uint64_t cycle, Command c, std::uint32_t rank) {
        CommandRecord r{};
        r.cycle = cycle;
        r.command = c;
        r.rank = rank;
        checker.feed(r);
    };
    command(0, kAct, 0);
    command(1, kAct, 1);
    command(100, kRd, 0);
    command(101, kRd, 1);
    return checker.violations();
}

TEST(DramProtocol, PseudoChannelsUnderOneControllerHaveTheirOwnDataBuses) {
    EXPECT_TRUE(overlapping_pseudo_channel_reads(load_dram_config("hbm2")).empty());
    // The same commands to two ranks of one channel: their bursts collide on the shared bus.
    const std::vector<std::string> ranks =
        overlapping_pseudo_channel_reads(load_dram_config("hbm2", {"controller.queues=per_channel"}));
    ASSERT_FALSE(ranks.empty());
    EXPECT_NE(ranks[0].find("rank switch"), std::string::npos) << ranks[0];
}

}  // namespace
}  // namespace dramsweep::dram
