// The cuda runners while the device engine (device/, cuda/) is being rebuilt over the shared
// drivers: resolve_backend() offers cuda only where a device exists, and these refuse.

#include <stdexcept>

#include "cuda_runners.hpp"

namespace dramsweep::backend::detail {

void run_trace_batch_cuda(const std::vector<dram::DramConfig>&, const std::vector<dram::TraceRequest>&,
                          const BatchOptions&, const Sink<results::RunSummary>&) {
    throw std::runtime_error("the cuda backend's engine is not in this build");
}

void run_network_batch_cuda(const std::vector<coupled::NetworkStream>&, const std::vector<coupled::NetworkCase>&,
                            const BatchOptions&, const Sink<results::NetworkSummary>&) {
    throw std::runtime_error("the cuda backend's engine is not in this build");
}

}  // namespace dramsweep::backend::detail
