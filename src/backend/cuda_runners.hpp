#pragma once
// The cuda backend's runners (cuda/), behind backend.hpp. Private to the library.

#include "dramsweep/backend/backend.hpp"

namespace dramsweep::backend::detail {

void run_trace_batch_cuda(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                          const BatchOptions& options, const Sink<results::RunSummary>& sink);
void run_network_batch_cuda(const std::vector<coupled::NetworkStream>& streams,
                            const std::vector<coupled::NetworkCase>& cases, const BatchOptions& options,
                            const Sink<results::NetworkSummary>& sink);

}  // namespace dramsweep::backend::detail
