#pragma once
// What every backend's batch runner takes and gives: options, progress, and the sink results go
// to. Types only, shared by the dispatch (backend.hpp), the host engine's slot runner and the
// CUDA runner.

#include <cstddef>
#include <cstdint>
#include <functional>

namespace dramsweep::backend {

// Where a batch stands, for progress displays.
struct BatchProgress {
    std::size_t done = 0;       // configurations whose result was delivered
    std::size_t in_flight = 0;  // configurations started and not finished
    std::uint64_t clocks = 0;   // DRAM clocks simulated so far, over all configurations
};

struct BatchOptions {
    std::uint64_t max_outstanding = 0;  // trace mode: as in dram::TraceRunOptions (0: only the queues limit)
    unsigned threads = 0;               // host threads (0: all cores)
    // Called on the calling thread between the host engine's rounds and the cuda backend's
    // launches (not by the reference backend); empty: not called.
    std::function<void(const BatchProgress&)> on_progress;
};

// Called once per configuration as soon as its result is known, in any order, always from the
// thread that called the batch (so callers need no locking). Returning false stops the batch
// early (results not yet delivered are dropped).
template <typename Summary>
using Sink = std::function<bool(std::size_t index, const Summary& summary)>;

unsigned host_threads(const BatchOptions& options);  // options.threads, or every core

}  // namespace dramsweep::backend
