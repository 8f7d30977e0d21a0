#pragma once
// The library's entry points as the Python module calls them: JSON documents in (the forms of
// docs/formats.md and of `serve` requests), JSON results out, equal to what the CLI prints or
// writes for the same inputs. No Python here: module.cpp converts and releases the GIL around
// these calls. This is the one place that turns library results into the module's dicts.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dramsweep/dram/trace.hpp"

namespace dramsweep::python {

using Json = nlohmann::json;
using Row = nlohmann::ordered_json;

// `dramsweep run --json`: `request` holds the keys of a serve request (accel, accel_set, dram,
// dram_set, topology, batch); runs the reference closed loop.
Row run_network(const Json& request);

// `dramsweep sweep SPEC --out X.jsonl`: the rows of the result file, by configuration index.
// `spec` is a path or a spec object (relative paths against the current folder).
struct SweepCall {
    std::string backend = "auto";
    unsigned threads = 0;
    std::optional<std::uint64_t> validate;  // kValidateAll: all
};
std::vector<Row> sweep_spec(const Json& spec, const SweepCall& call);

// Network configurations (serve requests without id and layers), run on the batched engine one
// batch per topology: per configuration {"config": index} and the statistic columns of a network
// sweep's rows.
std::vector<Row> sweep_configs(const std::vector<Json>& configs, const SweepCall& call);

// `dramsweep trace --json`: `dram` holds the keys dram and dram_set.
struct TraceCall {
    std::optional<std::string> path;                          // a trace file
    std::optional<std::vector<dram::TraceRequest>> requests;  // or requests given directly
    std::optional<std::string> generate;                      // or a reference trace
    std::size_t limit = 0;                                    // as `trace --limit`
    std::uint64_t max_outstanding = 0;
};
Row run_trace(const Json& dram, const TraceCall& call);

// `dramsweep pim evaluate --json`: `request` holds pim (a preset name or JSON file), network (a
// bundled name or a file), batch, mapper, pim_set (design fields), dram_set (the node's DRAM,
// timing mode) and timing; runs pim::evaluate, the CLI's call.
Row pim_evaluate(const Json& request);

// The configurations as the library reads them, in their JSON forms: `dram` holds dram and
// dram_set, `accel` accel and accel_set, `topology` topology and batch.
Json load_dram(const Json& dram);
Json load_accel(const Json& accel);
Json load_topology(const Json& topology);

}  // namespace dramsweep::python
