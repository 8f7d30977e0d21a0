// Without CUDA the cuda backend cannot run; resolve_backend() already refuses it, this is the
// last line of defence.

#include <stdexcept>

#include "backend/cuda_runners.hpp"

namespace dramsweep::backend::detail {

void run_trace_batch_cuda(const std::vector<dram::DramConfig>&, const std::vector<dram::TraceRequest>&,
                          const BatchOptions&, const Sink<results::RunSummary>&) {
    throw std::runtime_error("dramsweep was built without CUDA");
}

void run_network_batch_cuda(const std::vector<coupled::NetworkStream>&, const std::vector<coupled::NetworkCase>&,
                            const BatchOptions&, const Sink<results::NetworkSummary>&) {
    throw std::runtime_error("dramsweep was built without CUDA");
}

}  // namespace dramsweep::backend::detail
