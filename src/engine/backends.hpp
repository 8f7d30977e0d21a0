#pragma once
// The backend implementations behind engine::run_batch (backend.hpp). Private to src/engine
// and cuda/.

#include "dramsweep/engine/backend.hpp"

namespace dramsweep::engine::detail {

void run_batch_reference(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                         const BatchOptions& options, const ResultSink& sink);
void run_batch_host(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                    const BatchOptions& options, const ResultSink& sink);
void run_batch_cuda(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                    const BatchOptions& options, const ResultSink& sink);

unsigned host_threads(const BatchOptions& options);

}  // namespace dramsweep::engine::detail
