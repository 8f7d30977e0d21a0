#pragma once
// --validate: configurations of a finished sweep re-run through the reference model and
// compared with what the sweep's backend gave, statistic by statistic.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dramsweep/dram/trace.hpp"
#include "dramsweep/results/run_summary.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {

// What the sweep produced for one configuration chosen for validation: its summary when this
// run computed it, else its row as read back from the output (--resume).
struct SweepResult {
    std::optional<results::RunSummary> summary;
    std::map<std::string, std::string> row;
};

struct ValidationInput {
    const SweepSpec* spec;
    const std::vector<SweepPoint>* points;
    const std::vector<std::string>* parameter_columns;
    const std::vector<dram::TraceRequest>* stream;
    const char* backend_name;
    unsigned threads;
};

// Re-runs every configuration of `results` on the reference backend and returns one message per
// configuration that differs: its index and parameters, the first differing statistic and both
// values. Empty when all agree.
std::vector<std::string> validate_against_reference(const ValidationInput& in, ConfigBuilder& builder,
                                                    const std::map<std::size_t, SweepResult>& results);

}  // namespace dramsweep::sweep
