// The host batched engine against the reference model on random configurations and streams:
// every field of RunSummary must be equal. CI runs DRAMSWEEP_DIFF_CONFIGS (default 240)
// configurations; `DRAMSWEEP_DIFF_CONFIGS=1000 build/tests/test_differential` is the long run.

#include <gtest/gtest.h>

#include <map>

#include "differential/differential_cases.hpp"
#include "dramsweep/engine/backend.hpp"

namespace dramsweep::engine {
namespace {

using testing::configured_count;
using testing::make_stream;
using testing::random_config;
using testing::RandomConfig;
using testing::StreamKind;

constexpr std::size_t kConfigsPerBatch = 12;  // configurations sharing one stream (one batch)
const std::uint64_t kMaxOutstanding[] = {0, 1, 3, 16};

RunSummary reference_summary(const dram::DramConfig& config, const std::vector<dram::TraceRequest>& stream,
                             std::uint64_t max_outstanding) {
    dram::TraceRunOptions options;
    options.max_outstanding = max_outstanding;
    return summarize(dram::run_trace(config, stream, options));
}

// Runs `count` random configurations in batches through `kind` and compares with the reference.
void expect_backend_equals_reference(BackendKind kind, std::size_t count, std::size_t max_stream) {
    std::size_t compared = 0;
    std::map<std::string, std::size_t> per_stream_kind;
    for (std::size_t first = 0; first < count; first += kConfigsPerBatch) {
        const std::size_t batch = std::min(kConfigsPerBatch, count - first);
        const auto stream_kind = static_cast<StreamKind>((first / kConfigsPerBatch) % static_cast<int>(StreamKind::kCount));
        const std::size_t length = 100 + (first * 7919) % max_stream;
        const std::vector<dram::TraceRequest> stream = make_stream(stream_kind, length, first);
        BatchOptions options;
        options.max_outstanding = kMaxOutstanding[(first / kConfigsPerBatch) % 4];
        std::vector<RandomConfig> cases;
        std::vector<dram::DramConfig> configs;
        for (std::size_t i = 0; i < batch; ++i) {
            cases.push_back(random_config(first + i));
            configs.push_back(cases.back().config);
        }
        std::vector<int> seen(batch, 0);
        run_batch(kind, configs, stream, options, [&](std::size_t index, const RunSummary& got) {
            ++seen[index];
            const RunSummary want = reference_summary(configs[index], stream, options.max_outstanding);
            EXPECT_EQ(got, want) << "first difference: " << first_difference(got, want) << "\n  config "
                                 << first + index << ": " << cases[index].describe() << "\n  stream "
                                 << to_string(stream_kind) << " x" << stream.size() << " seed " << first
                                 << ", max_outstanding " << options.max_outstanding;
            ++compared;
            return true;
        });
        for (std::size_t i = 0; i < batch; ++i) EXPECT_EQ(seen[i], 1) << "config " << first + i << " delivered " << seen[i] << " times";
        per_stream_kind[to_string(stream_kind)] += batch;
        if (::testing::Test::HasFailure()) break;
    }
    EXPECT_EQ(compared, count);
    std::string tally;
    for (const auto& [name, n] : per_stream_kind) tally += " " + name + "=" + std::to_string(n);
    std::printf("compared %zu configurations with the reference (%s):%s\n", compared, to_string(kind), tally.c_str());
}

TEST(HostEngineDifferential, RandomConfigurationsEqualReference) {
    expect_backend_equals_reference(BackendKind::Host, configured_count(240), 1500);
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
        run_batch(BackendKind::Host, configs, stream, options, [&](std::size_t, const RunSummary& got) {
            EXPECT_EQ(got, want) << first_difference(got, want);
            ++delivered;
            return true;
        });
        EXPECT_EQ(delivered, configs.size());
    }
}

TEST(HostEngineDifferential, ConfigurationsBeyondTheLimitsFallBackToTheReference) {
    // A 128-entry read queue is above kMaxQueue: the host backend runs the reference for it.
    const dram::DramConfig config = dram::load_dram_config("ddr4-2400", {"controller.read_queue=128"});
    const std::vector<dram::TraceRequest> stream = make_stream(StreamKind::kRandom, 3000, 5);
    const RunSummary want = reference_summary(config, stream, 0);
    std::size_t delivered = 0;
    run_batch(BackendKind::Host, {config}, stream, {}, [&](std::size_t, const RunSummary& got) {
        EXPECT_EQ(got, want) << first_difference(got, want);
        ++delivered;
        return true;
    });
    EXPECT_EQ(delivered, 1u);
}

TEST(HostEngineDifferential, SinkReturningFalseStopsTheBatch) {
    const std::vector<dram::DramConfig> configs(20, dram::load_dram_config("hbm2"));
    const std::vector<dram::TraceRequest> stream = make_stream(StreamKind::kSequential, 500, 1);
    BatchOptions options;
    options.threads = 1;
    std::size_t delivered = 0;
    run_batch(BackendKind::Host, configs, stream, options, [&](std::size_t, const RunSummary&) {
        ++delivered;
        return false;
    });
    EXPECT_EQ(delivered, 1u);
}

}  // namespace
}  // namespace dramsweep::engine
