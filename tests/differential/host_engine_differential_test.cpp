// The host batched engine against the reference model on random configurations and streams:
// every field of RunSummary must be equal. CI runs 600 configurations on streams of up to 1,600
// requests (about 2 s); the long run is one command:
//   DRAMSWEEP_DIFF_CONFIGS=10000 DRAMSWEEP_DIFF_STREAM=20000 build/tests/test_differential

#include <gtest/gtest.h>

#include <thread>

#include "differential/differential_check.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/engine/engine_params.hpp"

namespace dramsweep::engine {
namespace {

using testing::BackendKind;
using testing::BatchOptions;
using testing::BatchProgress;
using testing::first_difference;
using testing::NetworkSummary;
using testing::run_trace_batch;
using testing::RunSummary;

using testing::configured_count;
using testing::configured_stream;
using testing::expect_backend_equals_reference;
using testing::make_stream;
using testing::reference_summary;
using testing::StreamKind;

TEST(HostEngineDifferential, RandomConfigurationsEqualReference) {
    expect_backend_equals_reference(BackendKind::kHost, configured_count(600), configured_stream(1500));
}

TEST(HostEngineDifferential, ReferenceSetupOnRandReadEqualsReference) {
    // The configuration of the speed goal: ddr4-2400, RoBaRaCoCh, rand_read.
    const dram::DramConfig config = dram::load_dram_config("ddr4-2400", {"mapping=RoBaRaCoCh"});
    const std::vector<dram::TraceRequest> stream = dram::generate_reference_trace("rand_read", 20000);
    const std::vector<dram::DramConfig> configs(3, config);
    for (const std::uint64_t max_outstanding : {std::uint64_t{0}, std::uint64_t{8}}) {
        BatchOptions options;
        options.max_outstanding = max_outstanding;
        const RunSummary want = reference_summary(config, stream, max_outstanding);
        std::size_t delivered = 0;
        run_trace_batch(BackendKind::kHost, configs, stream, options, [&](std::size_t, const RunSummary& got) {
            EXPECT_EQ(got, want) << first_difference(got, want);
            ++delivered;
            return true;
        });
        EXPECT_EQ(delivered, configs.size());
    }
}

TEST(HostEngineDifferential, HbmPresetsWithRowAndColumnBusesEqualReference) {
    // The HBM presets issue a row and a column command in one clock (rule R13) on the host engine
    // itself (no fallback), on the reference traces and the strict and timeout variants.
    for (const char* preset : {"hbm2", "hbm3"}) {
        for (const std::vector<std::string>& sets : std::vector<std::vector<std::string>>{
                 {},
                 {"controller.scheduler=strict_fcfs"},
                 {"controller.page_policy=timeout", "controller.page_timeout=30"}}) {
            const dram::DramConfig config = dram::load_dram_config(preset, sets);
            ASSERT_EQ(config.controller.command_buses, dram::CommandBuses::kRowColumn);
            ASSERT_EQ(engine_unsupported_reason(config, 20000), "");
            for (const char* trace : {"rand_read", "mix_2r1w"}) {
                SCOPED_TRACE(std::string(preset) + " " + trace + (sets.empty() ? "" : " " + sets[0]));
                const std::vector<dram::TraceRequest> stream = dram::generate_reference_trace(trace, 20000);
                const RunSummary want = reference_summary(config, stream, 0);
                std::size_t delivered = 0;
                run_trace_batch(BackendKind::kHost, {config}, stream, BatchOptions{},
                                [&](std::size_t, const RunSummary& got) {
                                    EXPECT_EQ(got, want) << first_difference(got, want);
                                    ++delivered;
                                    return true;
                                });
                EXPECT_EQ(delivered, 1u);
            }
        }
    }
}

TEST(HostEngineDifferential, ConfigurationsBeyondTheLimitsFallBackToTheReference) {
    // A 128-entry read queue is above kMaxQueue: the host backend runs the reference for it.
    const dram::DramConfig config = dram::load_dram_config("ddr4-2400", {"controller.read_queue=128"});
    const std::vector<dram::TraceRequest> stream = make_stream(StreamKind::kRandom, 3000, 5);
    ASSERT_NE(engine_unsupported_reason(config, stream.size()), "") << "the case must be beyond the limits";
    const RunSummary want = reference_summary(config, stream, 0);
    std::size_t delivered = 0;
    run_trace_batch(BackendKind::kHost, {config}, stream, {}, [&](std::size_t, const RunSummary& got) {
        EXPECT_EQ(got, want) << first_difference(got, want);
        ++delivered;
        return true;
    });
    EXPECT_EQ(delivered, 1u);
}

TEST(HostEngineDifferential, ProgressReportsEveryRoundOnTheCallingThread) {
    // Long enough for several rounds of kTicksPerRound clocks per slot.
    const std::vector<dram::DramConfig> configs(6, dram::load_dram_config("ddr4-2400"));
    const std::vector<dram::TraceRequest> stream = make_stream(StreamKind::kRandom, 40000, 3);
    BatchOptions options;
    options.threads = 1;  // 4 slots: the last two configurations wait for a free slot
    std::vector<BatchProgress> reports;
    const std::thread::id caller = std::this_thread::get_id();
    options.on_progress = [&](const BatchProgress& p) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        reports.push_back(p);
    };
    std::size_t delivered = 0;
    std::uint64_t cycles = 0;
    run_trace_batch(BackendKind::kHost, configs, stream, options, [&](std::size_t, const RunSummary& s) {
        ++delivered;
        cycles += s.cycles;
        return true;
    });
    ASSERT_GE(reports.size(), 2u);
    for (std::size_t i = 1; i < reports.size(); ++i) {
        EXPECT_GE(reports[i].done, reports[i - 1].done);
        EXPECT_GT(reports[i].clocks, reports[i - 1].clocks);
    }
    EXPECT_EQ(reports.front().in_flight, 4u);
    EXPECT_EQ(reports.back().done, configs.size());
    EXPECT_EQ(reports.back().in_flight, 0u);
    EXPECT_EQ(reports.back().clocks, cycles);  // at the end: every configuration's cycles
    EXPECT_EQ(delivered, configs.size());
}

TEST(HostEngineDifferential, SinkReturningFalseStopsTheBatch) {
    const std::vector<dram::DramConfig> configs(20, dram::load_dram_config("hbm2"));
    const std::vector<dram::TraceRequest> stream = make_stream(StreamKind::kSequential, 500, 1);
    BatchOptions options;
    options.threads = 1;
    std::size_t delivered = 0;
    run_trace_batch(BackendKind::kHost, configs, stream, options, [&](std::size_t, const RunSummary&) {
        ++delivered;
        return false;
    });
    EXPECT_EQ(delivered, 1u);
}

}  // namespace
}  // namespace dramsweep::engine
