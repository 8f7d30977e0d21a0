// Without CUDA the cuda backend cannot run; resolve_backend() already refuses it, this is the
// last line of defence.

#include <stdexcept>

#include "engine/backends.hpp"

namespace dramsweep::engine::detail {

void run_batch_cuda(const std::vector<dram::DramConfig>&, const std::vector<dram::TraceRequest>&,
                    const BatchOptions&, const ResultSink&) {
    throw std::runtime_error("dramsweep was built without CUDA");
}

}  // namespace dramsweep::engine::detail

#include "engine/network_backends.hpp"

namespace dramsweep::engine::detail {

void run_network_batch_cuda(const std::vector<coupled::NetworkStream>&, const std::vector<NetworkCase>&,
                            const BatchOptions&, const NetworkSink&) {
    throw std::runtime_error("dramsweep was built without CUDA");
}

}  // namespace dramsweep::engine::detail
