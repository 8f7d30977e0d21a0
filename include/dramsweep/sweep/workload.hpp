#pragma once
// The request stream of a sweep's workload, and its identity for the keys of result rows.

#include <cstdint>
#include <vector>

#include "dramsweep/dram/trace.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace dramsweep::sweep {

// Reads the trace (first `requests` when non-zero) or generates the reference trace.
std::vector<dram::TraceRequest> load_workload(const SweepSpec& spec);

// FNV-1a over the stream's addresses and directions: the same requests give the same hash
// wherever the trace file lives.
std::uint64_t stream_hash(const std::vector<dram::TraceRequest>& stream);

}  // namespace dramsweep::sweep
