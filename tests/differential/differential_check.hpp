#pragma once
// The differential check shared by tests/differential (host backend) and tests/gpu (cuda
// backend): random configurations in batches that share a stream and max_outstanding, each
// result compared field by field with the reference model.

#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "differential/differential_cases.hpp"
#include "dramsweep/backend/backend.hpp"

namespace dramsweep::engine::testing {

inline constexpr std::size_t kConfigsPerBatch = 12;  // configurations sharing one stream (one batch)
inline constexpr std::uint64_t kMaxOutstanding[] = {0, 1, 3, 16};

inline RunSummary reference_summary(const dram::DramConfig& config, const std::vector<dram::TraceRequest>& stream,
                             std::uint64_t max_outstanding) {
    dram::TraceRunOptions options;
    options.max_outstanding = max_outstanding;
    return dram::run_trace(config, stream, options).summary;
}

// Runs `count` random configurations in batches through `kind` and compares with the reference.
inline void expect_backend_equals_reference(BackendKind kind, std::size_t count, std::size_t max_stream) {
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
        run_trace_batch(kind, configs, stream, options, [&](std::size_t index, const RunSummary& got) {
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

}  // namespace dramsweep::engine::testing
