#pragma once
// One network configuration as a JSON object, the form `serve` reads per line and the Python
// module builds from dicts (docs/cli.md, "serve"): the keys "accel" (the accelerator's JSON form
// or a path), "accel_set", "dram" (a preset, a path or the preset's JSON form), "dram_set",
// "topology" (the topology's JSON form or a path) and "batch". Many of them run on the batched
// engine together, one batch per topology, requests with the same accelerator sharing a stream.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::serve {

struct NetworkRequest {
    AccelConfig accel;  // as coupled::accel_for_dram made it
    dram::DramConfig dram;
    Topology topology;
    std::string topology_key;  // requests with equal keys have the same topology and batch
};

// Each part alone, from its keys of the root object, for callers that need one: the DRAM
// ("dram", "dram_set"), the accelerator as given ("accel", "accel_set"; not yet adapted to a
// DRAM's burst) and the topology ("topology", "batch"). Errors as below.
dram::DramConfig request_dram(const JsonSource& source);
AccelConfig request_accel(const JsonSource& source);
Topology request_topology(const JsonSource& source);

// Reads the configuration keys of the root object and checks the pair as `run` does (the clocks
// convert, the word size divides the burst). Other keys are the caller's to check. Throws
// InputError naming the document, the line and the JSON path.
NetworkRequest parse_network_request(const JsonSource& source);

// Indices of `requests` grouped by topology_key (each group in index order).
std::vector<std::vector<std::size_t>> group_by_topology(const std::vector<const NetworkRequest*>& requests);

// Runs the requests `members` (indices into `requests`, one topology) as one batch on `backend`
// (resolved, not Auto); `sink(index, result)` once per member, on the calling thread, in any order.
using NetworkResultSink =
    std::function<void(std::size_t request_index, const coupled::NetworkRunResult& result)>;
void run_request_group(const std::vector<const NetworkRequest*>& requests,
                       const std::vector<std::size_t>& members, backend::BackendKind backend, unsigned threads,
                       const NetworkResultSink& sink);

}  // namespace dramsweep::serve
