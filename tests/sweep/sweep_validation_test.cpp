// --validate at the library level: a summary that differs only where the row does not show it
// (the histogram) is still caught; equal results pass. And the host backend agrees end to end.

#include <gtest/gtest.h>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/validation.hpp"
#include "dramsweep/sweep/workload.hpp"
#include "support/test_support.hpp"

namespace dramsweep::sweep {
namespace {

using dramsweep::testing::ScratchDir;

struct Fixture {
    ScratchDir dir;
    SweepSpec spec;
    std::vector<dram::TraceRequest> stream;
    std::vector<SweepPoint> points;
    std::vector<std::string> parameters;

    Fixture() {
        spec = parse_sweep_spec(dir.write("spec.json", R"({"workload": {"generate": "mix_2r1w", "requests": 2000},
          "base": "ddr4-2400", "axes": [{"key": "controller.page_policy", "values": ["open", "closed"]}]})"));
        stream = load_workload(spec);
        points = expand_points(spec, spec_fingerprint(spec, stream_hash(stream)));
        parameters = parameter_columns(spec);
    }
    ValidationInput input() const { return {&spec, &points, &parameters, &stream, "test", 2}; }
};

std::map<std::size_t, SweepResult> reference_results(Fixture& f, ConfigBuilder& builder) {
    std::vector<dram::DramConfig> configs;
    for (const SweepPoint& p : f.points) configs.push_back(builder.build(p));
    std::map<std::size_t, SweepResult> results;
    backend::run_trace_batch(backend::BackendKind::kReference, configs, f.stream, {}, [&](std::size_t i, const results::RunSummary& s) {
        results[i].summary = s;
        return true;
    });
    return results;
}

TEST(SweepValidation, EqualResultsPassAndAHiddenDifferenceFails) {
    Fixture f;
    ConfigBuilder builder(f.spec);
    auto results = reference_results(f, builder);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(validate_against_reference(f.input(), builder, results).empty());

    // Move one read between histogram bins: no column of the row changes.
    auto& histogram = results[1].summary->read_latency.histogram;
    std::size_t bin = 0;
    while (histogram[bin] == 0) ++bin;
    --histogram[bin];
    ++histogram[bin + 1];
    const auto failures = validate_against_reference(f.input(), builder, results);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_NE(failures[0].find("configuration 1 (preset=ddr4-2400 controller.page_policy=closed)"), std::string::npos)
        << failures[0];
    EXPECT_NE(failures[0].find("first differing statistic read_latency_histogram"), std::string::npos) << failures[0];
}

TEST(SweepValidation, RowReadBackIsComparedColumnByColumn) {
    Fixture f;
    ConfigBuilder builder(f.spec);
    auto results = reference_results(f, builder);
    std::map<std::size_t, SweepResult> from_file;
    for (const auto& [i, r] : results) {
        const Row row = make_row(f.spec, f.points[i], f.parameters, builder.build(f.points[i]), *r.summary);
        for (auto it = row.begin(); it != row.end(); ++it) from_file[i].row[it.key()] = cell_text(it.value());
    }
    EXPECT_TRUE(validate_against_reference(f.input(), builder, from_file).empty());
    from_file[0].row["energy_breakdown_nj.refresh"] = "1.5";
    const auto failures = validate_against_reference(f.input(), builder, from_file);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_NE(failures[0].find("energy_breakdown_nj.refresh: the sweep (test backend) gives 1.5"), std::string::npos)
        << failures[0];
}

TEST(SweepValidation, HostBackendSweepValidatesAgainstTheReference) {
    ScratchDir dir;
    const std::string spec = dir.write("spec.json", R"({"workload": {"generate": "mix_2r1w", "requests": 2000},
      "base": "ddr4-3200",
      "axes": [{"key": "preset", "values": ["ddr4-3200", "lpddr5-6400", "hbm2"]},
               {"key": "controller.page_policy", "values": ["open", "closed"]},
               {"key": "mapping", "values": ["RoBaRaCoCh", "RoRaBaCoBgCh"]}],
      "sampling": {"method": "lhs", "samples": 6, "seed": 3}})");
    const auto r = dramsweep::testing::run_dramsweep("sweep " + spec + " --backend host --threads 2 --validate all --out " +
                                                     (dir.path() / "out.jsonl").string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("6 configurations agree with the reference model"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace dramsweep::sweep
