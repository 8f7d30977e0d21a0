// Rule R14 (docs/model.md): with controller.wck_sync=on_demand (LPDDR5) a RD or WR issued after
// the rank's WCK stopped is preceded by a CAS (WCK2CK synchronisation) that takes one command
// clock; the protocol checker holds the controllers to it on its own, and the reference pays the
// clock exactly where the WCK has stopped.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dram_test_util.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/device/setup.hpp"
#include "dramsweep/dram/protocol_checker.hpp"

namespace dramsweep::dram {
namespace {

// A command to bank `bank` of rank 0; `wck_sync`: a CAS took the clock before it.
CommandRecord record(std::uint64_t cycle, Command c, std::uint32_t bank = 0, bool wck_sync = false) {
    CommandRecord r = testing::command_record(cycle, c, 0, bank);
    r.wck_sync = wck_sync;
    return r;
}
using testing::checker_violations;

DramConfig lpddr5(const std::string& wck, const std::string& refresh = "all_bank") {
    return load_dram_config("lpddr5-6400", {"controller.wck_sync=" + wck, "controller.refresh=" + refresh});
}

void expect_one_violation(const std::vector<std::string>& violations, const std::string& what) {
    ASSERT_EQ(violations.size(), 1u) << (violations.empty() ? "none" : violations[0]);
    EXPECT_NE(violations[0].find(what), std::string::npos) << violations[0];
}

TEST(DramWckSync, TheCheckerWantsACasExactlyWhereTheWckHasStopped) {
    // lpddr5-6400: ACT at 0 (ACT-2 at 1), a RD legal from 16 (tRCD 15 from ACT-2). The first RD
    // finds the WCK stopped: CAS at 16, RD at 17, whose last beat ends at 17 + CL 17 + BL/2 2 = 36.
    const DramConfig on_demand = lpddr5("on_demand");
    EXPECT_TRUE(checker_violations(on_demand, {record(0, kAct), record(17, kRd, 0, true), record(21, kRd),
                                               record(36, kRd), record(100, kRd, 0, true)})
                    .empty());
    expect_one_violation(checker_violations(on_demand, {record(0, kAct), record(16, kRd)}), "without a CAS");
    expect_one_violation(
        checker_violations(on_demand, {record(0, kAct), record(17, kRd, 0, true), record(37, kRd)}),
        "without a CAS");
    expect_one_violation(
        checker_violations(on_demand, {record(0, kAct), record(17, kRd, 0, true), record(21, kRd, 0, true)}),
        "CAS (WCK2CK sync) while the WCK runs");
    // The CAS takes the command bus: not in the clock of another command (a PRE of bank 1 at 60),
    // nor in ACT-2's.
    expect_one_violation(
        checker_violations(on_demand, {record(0, kAct), record(4, kAct, 1), record(21, kRd, 1, true),
                                       record(60, kPre, 1), record(61, kRd, 0, true)}),
        "shares the command bus");
    expect_one_violation(
        checker_violations(on_demand, {record(0, kAct), record(20, kAct, 1), record(22, kRd, 0, true)}),
        "meets ACT-2");
    // With the WCK always on no column command needs a CAS.
    EXPECT_TRUE(checker_violations(lpddr5("always_on"), {record(0, kAct), record(16, kRd), record(100, kRd)})
                    .empty());
    expect_one_violation(checker_violations(lpddr5("always_on"), {record(0, kAct), record(17, kRd, 0, true)}),
                         "always on");
}

struct LoggedRun {
    TraceRunResult result;
    CommandLog log;
};

LoggedRun run(const DramConfig& config, const std::vector<TraceRequest>& trace,
              std::uint64_t max_outstanding) {
    LoggedRun r;
    TraceRunOptions options;
    options.log = &r.log;
    options.max_outstanding = max_outstanding;
    r.result = run_trace(config, trace, options);
    EXPECT_TRUE(check_protocol(config, r.log).empty());
    return r;
}

TEST(DramWckSync, OneRequestInFlightFindsTheWckStoppedEveryTime) {
    // With one request in flight the next one arrives after the last beat of the one before, so
    // every access pays the CAS: one clock on top of the unloaded latency, hit and conflict alike
    // (without refresh, whose waits would shift with the extra clocks).
    for (const char* trace : {"seq_read", "rand_read"}) {
        SCOPED_TRACE(trace);
        const std::vector<TraceRequest> requests = generate_reference_trace(trace, 2000);
        const LoggedRun on = run(lpddr5("on_demand", "off"), requests, 1);
        const LoggedRun off = run(lpddr5("always_on", "off"), requests, 1);
        EXPECT_EQ(on.result.summary.counters.wck_syncs, requests.size());
        EXPECT_EQ(off.result.summary.counters.wck_syncs, 0u);
        EXPECT_EQ(on.result.summary.counters.read_latency_sum,
                  off.result.summary.counters.read_latency_sum + requests.size());
        EXPECT_EQ(on.result.summary.read_latency.p50, off.result.summary.read_latency.p50 + 1);
        std::size_t synced = 0;
        for (const CommandRecord& c : on.log) synced += c.wck_sync ? 1 : 0;
        EXPECT_EQ(synced, requests.size()) << "every column command of the log carries its CAS";
    }
}

TEST(DramWckSync, AStreamKeepsTheWckRunning) {
    // Back-to-back bursts keep the WCK running: only the stream's first access, and the few after
    // a gap (refresh), need a CAS, and the run takes about as long as with the WCK always on.
    const std::vector<TraceRequest> requests = generate_reference_trace("seq_read", 20'000);
    const LoggedRun on = run(lpddr5("on_demand"), requests, 0);
    const LoggedRun off = run(lpddr5("always_on"), requests, 0);
    EXPECT_GE(on.result.summary.counters.wck_syncs, 1u);
    EXPECT_LT(on.result.summary.counters.wck_syncs, requests.size() / 100);
    EXPECT_GE(on.result.summary.cycles, off.result.summary.cycles);
    EXPECT_LT(on.result.summary.cycles, off.result.summary.cycles + off.result.summary.cycles / 200);
}

TEST(DramWckSync, OnDemandIsLpddr5sAndInTheDeviceEngine) {
    EXPECT_EQ(device::device_unsupported_reason(lpddr5("on_demand"), 1000), "");
    EXPECT_EQ(device::device_unsupported_reason(lpddr5("always_on"), 1000), "");
    try {
        load_dram_config("ddr4-2400", {"controller.wck_sync=on_demand"});
        ADD_FAILURE() << "on_demand outside LPDDR5 must be refused";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("controller.wck_sync"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace dramsweep::dram
