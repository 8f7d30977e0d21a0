#pragma once
// Running many DRAM configurations over one request stream: the entry point sweeps use.
//
// Backends: `reference` (the CPU reference model, one configuration per host thread), `host`
// (the batched engine on all host cores), `cuda` (the batched engine as kernels), and `auto`
// (cuda when a GPU answers, else host). All produce identical RunSummary values.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/engine/run_summary.hpp"

namespace dramsweep::engine {

enum class BackendKind { Auto, Cuda, Host, Reference };

BackendKind parse_backend(const std::string& name);  // throws InputError (field "--backend")
const char* to_string(BackendKind kind);
// Auto -> Cuda when a device is available, else Host. Cuda without a device throws InputError.
BackendKind resolve_backend(BackendKind requested);

// Where a batch stands, for progress displays.
struct BatchProgress {
    std::size_t done = 0;              // configurations whose result was delivered
    std::size_t in_flight = 0;         // configurations started and not finished
    std::uint64_t clocks = 0;          // DRAM clocks simulated so far, over all configurations
};

struct BatchOptions {
    std::uint64_t max_outstanding = 0;  // as in dram::TraceRunOptions (0: only the queues limit)
    unsigned threads = 0;               // host threads (0: all cores)
    // Called on the calling thread between the host backend's rounds and the cuda backend's
    // launches (not by the reference backend); empty: not called.
    std::function<void(const BatchProgress&)> on_progress;
};

// Called once per configuration as soon as its result is known, in any order, always from the
// thread that called run_batch (so callers need no locking). Returning false stops the batch
// early (results not yet delivered are dropped).
using ResultSink = std::function<bool(std::size_t config_index, const RunSummary& summary)>;

// Runs every configuration over `stream` in the closed loop of `dramsweep trace` (rule R9 of
// docs/model.md). `kind` must be resolved (not Auto).
void run_batch(BackendKind kind, const std::vector<dram::DramConfig>& configs,
               const std::vector<dram::TraceRequest>& stream, const BatchOptions& options, const ResultSink& sink);

}  // namespace dramsweep::engine
