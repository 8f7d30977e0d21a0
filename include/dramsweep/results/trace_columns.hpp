#pragma once
// The statistics a trace run reports, declared once as a table: name and value, in report order.
// Sweep rows (their statistic columns), `dramsweep trace --json` and `serve` are all written from
// this table, so they report the same statistics under the same names by construction. Names are
// flat ("commands.ACT", "energy_breakdown_nj.read"); nested_statistics() turns the dots into
// nested objects for the trace report.

#include <vector>

#include <nlohmann/json.hpp>

#include "dramsweep/results/run_summary.hpp"

namespace dramsweep::results {

struct TraceColumn {
    const char* name;
    nlohmann::ordered_json (*value)(const RunSummary&, const DerivedMetrics&);
};

const std::vector<TraceColumn>& trace_columns();

// Every statistic as one flat object (name -> value), in table order.
nlohmann::ordered_json trace_statistics(const RunSummary& summary, const DerivedMetrics& metrics);

// The same with "a.b" names as {"a": {"b": ...}}.
nlohmann::ordered_json nested_statistics(const RunSummary& summary, const DerivedMetrics& metrics);

}  // namespace dramsweep::results
