// The device engine's code on one host thread (device/serial_run.hpp: the kernels' scheduling,
// bank-per-lane state and 32-bit relative clocks, with the warp collectives as loops) against the
// reference model on random configurations, streams and networks: every field must be equal.
//   DRAMSWEEP_DIFF_CONFIGS=3000 DRAMSWEEP_DIFF_STREAM=20000 build/tests/test_differential --gtest_filter='DeviceSerial*'

#include <gtest/gtest.h>

#include "differential/differential_check.hpp"
#include "differential/network_cases.hpp"
#include "dramsweep/device/serial_run.hpp"
#include "dramsweep/device/setup.hpp"

namespace dramsweep::engine {
namespace {

using testing::RunSummary;

TEST(DeviceSerialDifferential, RandomConfigurationsEqualReference) {
    const std::size_t count = testing::configured_count(400), max_stream = testing::configured_stream(1500);
    std::size_t compared = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const testing::RandomConfig rc = testing::random_config(i);
        const auto kind = static_cast<testing::StreamKind>(i % static_cast<int>(testing::StreamKind::kCount));
        const std::vector<dram::TraceRequest> stream =
            testing::make_stream(kind, 100 + (i * 7919) % max_stream, i);
        if (!device::device_unsupported_reason(rc.config, stream.size()).empty()) continue;
        const std::uint64_t max_outstanding = testing::kMaxOutstanding[i % 4];
        const RunSummary want = testing::reference_summary(rc.config, stream, max_outstanding);
        const RunSummary got = device::run_trace_serial(rc.config, stream, max_outstanding);
        ASSERT_EQ(got, want) << "first difference: " << testing::first_difference(got, want) << "\n  config " << i
                             << ": " << rc.describe() << "\n  stream " << testing::to_string(kind) << " x"
                             << stream.size() << ", max_outstanding " << max_outstanding;
        ++compared;
    }
    EXPECT_GT(compared, count * 9 / 10) << "most random configurations fit the device engine";
    std::printf("compared %zu configurations with the reference (device engine, serial)\n", compared);
}

TEST(DeviceSerialDifferential, HbmPresetsWithRowAndColumnBusesEqualReference) {
    // Rule R13's second command a clock on the device engine's code (the HBM presets' default), on
    // the reference traces and the strict and timeout variants, with and without refresh pending
    // often (per-bank refresh).
    for (const char* preset : {"hbm2", "hbm3"}) {
        for (const std::vector<std::string>& sets : std::vector<std::vector<std::string>>{
                 {},
                 {"controller.scheduler=strict_fcfs"},
                 {"controller.page_policy=timeout", "controller.page_timeout=30"},
                 {"controller.refresh=per_bank", "controller.page_policy=closed"}}) {
            const dram::DramConfig config = dram::load_dram_config(preset, sets);
            ASSERT_EQ(config.controller.command_buses, dram::CommandBuses::kRowColumn);
            ASSERT_EQ(device::device_unsupported_reason(config, 20000), "");
            for (const char* trace : {"rand_read", "mix_2r1w"}) {
                SCOPED_TRACE(std::string(preset) + " " + trace + (sets.empty() ? "" : " " + sets[0]));
                const std::vector<dram::TraceRequest> stream = dram::generate_reference_trace(trace, 20000);
                const RunSummary want = testing::reference_summary(config, stream, 0);
                const RunSummary got = device::run_trace_serial(config, stream, 0);
                EXPECT_EQ(got, want) << "first difference: " << testing::first_difference(got, want);
            }
        }
    }
}

TEST(DeviceSerialDifferential, RandomNetworksEqualReference) {
    const std::size_t cases = testing::configured_count(120), per_set = 12;
    std::size_t compared = 0;
    for (std::size_t set_index = 0; set_index * per_set < cases; ++set_index) {
        const testing::NetworkCaseSet set = testing::random_network_cases(set_index, per_set);
        const std::vector<testing::NetworkSummary> want =
            testing::network_summaries(testing::BackendKind::kReference, set.plan);
        for (std::size_t i = 0; i < want.size(); ++i) {
            const coupled::NetworkCase& c = set.plan.cases[i];
            const coupled::NetworkStream& stream = set.plan.streams[c.stream];
            if (!device::device_unsupported_reason(c.dram, stream.requests()).empty()) continue;
            const testing::NetworkSummary got = device::run_network_serial(stream, c);
            ASSERT_EQ(got, want[i]) << "set " << set_index << " case " << i << ": " << set.drams[i].describe()
                                    << "; first difference " << testing::first_difference(got, want[i]);
            ++compared;
        }
    }
    std::printf("compared %zu networks with the reference (device engine, serial)\n", compared);
}

// Random configurations and networks on the serial device engine, each run with the clocks and
// sequence numbers moved back as `renewal(i)` says, against the reference.
void expect_renewals_change_nothing(std::uint64_t config_seed, std::uint64_t network_seed,
                                    device::Renewal (*renewal)(std::size_t)) {
    const std::size_t count = testing::configured_count(400) / 4;
    for (std::size_t i = 0; i < count; ++i) {
        const testing::RandomConfig rc = testing::random_config(config_seed + i);
        const auto kind = static_cast<testing::StreamKind>(i % static_cast<int>(testing::StreamKind::kCount));
        const std::vector<dram::TraceRequest> stream = testing::make_stream(kind, 300 + i % 700, i);
        if (!device::device_unsupported_reason(rc.config, stream.size()).empty()) continue;
        const std::uint64_t max_outstanding = testing::kMaxOutstanding[i % 4];
        const device::Renewal r = renewal(i);
        const RunSummary want = testing::reference_summary(rc.config, stream, max_outstanding);
        const RunSummary got = device::run_trace_serial(rc.config, stream, max_outstanding, r);
        ASSERT_EQ(got, want) << "first difference: " << testing::first_difference(got, want) << "\n  config "
                             << rc.describe() << ", max_outstanding " << max_outstanding << ", rebased at "
                             << r.rebase_at << ", renumbered at " << r.renumber_at;
    }
    const testing::NetworkCaseSet set = testing::random_network_cases(network_seed, 12);
    const std::vector<testing::NetworkSummary> want =
        testing::network_summaries(testing::BackendKind::kReference, set.plan);
    for (std::size_t i = 0; i < want.size(); ++i) {
        const coupled::NetworkCase& c = set.plan.cases[i];
        if (!device::device_unsupported_reason(c.dram, set.plan.streams[c.stream].requests()).empty())
            continue;
        const testing::NetworkSummary got =
            device::run_network_serial(set.plan.streams[c.stream], c, renewal(i));
        ASSERT_EQ(got, want[i]) << set.drams[i].describe() << ": " << testing::first_difference(got, want[i]);
    }
}

TEST(DeviceSerialDifferential, RebasingTheClocksOftenChangesNothing) {
    // The base moves whenever the relative clock passes 64 clocks (on a device, 2^29): bounds,
    // timeouts, tFAW windows, refresh due clocks and reads in flight cross it all the time.
    expect_renewals_change_nothing(50000, 77, [](std::size_t) { return device::Renewal{64}; });
}

TEST(DeviceSerialDifferential, RenumberingTheRequestsOftenChangesNothing) {
    // A channel renumbers its queued requests whenever a sequence number reaches 1 to 40 (on a
    // device, 2^22): at every acceptance at 1, with requests of both queues, activated ones and
    // strict FCFS's oldest among them; the plan keys hold the new numbers.
    expect_renewals_change_nothing(70000, 78, [](std::size_t i) {
        return device::Renewal{device::kRebaseAt, static_cast<std::uint32_t>(1 + i % 40)};
    });
}

}  // namespace
}  // namespace dramsweep::engine
