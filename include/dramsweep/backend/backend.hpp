#pragma once
// Running many configurations at once: the entry points sweeps, `serve` and the Python module
// use, for the trace mode (many DRAM configurations over one request stream) and for networks in
// the closed loop (many (stream, DRAM configuration) pairs).
//
// Backends: `reference` (the CPU reference model, one configuration per host thread), `host`
// (the batched engine on all host cores), `cuda` (the batched engine as kernels), and `auto`
// (cuda when a GPU answers, else host). All produce identical summaries.

#include <string>
#include <vector>

#include "dramsweep/backend/batch.hpp"
#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/results/network_summary.hpp"
#include "dramsweep/results/run_summary.hpp"

namespace dramsweep::backend {

enum class BackendKind { kAuto, kCuda, kHost, kReference };

BackendKind parse_backend(const std::string& name);  // throws InputError (field "--backend")
const char* to_string(BackendKind kind);
// Auto -> Cuda when a device is available, else Host. Cuda without a device throws InputError.
BackendKind resolve_backend(BackendKind requested);

// Every configuration over `stream` in the trace loop of `dramsweep trace` (rule R9 of
// docs/model.md). `kind` must be resolved (not Auto).
void run_trace_batch(BackendKind kind, const std::vector<dram::DramConfig>& configs,
                     const std::vector<dram::TraceRequest>& stream, const BatchOptions& options,
                     const Sink<results::RunSummary>& sink);

// Every case through the closed loop (rules C1-C5); coupled::plan_networks builds the arguments.
// `kind` must be resolved. BatchOptions::max_outstanding is ignored: the loop bounds what is in
// flight itself.
void run_network_batch(BackendKind kind, const std::vector<coupled::NetworkStream>& streams,
                       const std::vector<coupled::NetworkCase>& cases, const BatchOptions& options,
                       const Sink<results::NetworkSummary>& sink);

}  // namespace dramsweep::backend
