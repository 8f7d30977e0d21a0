#include "dramsweep/engine/backend.hpp"

#include <thread>

#include "backends.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::engine {

BackendKind parse_backend(const std::string& name) {
    if (name == "auto") return BackendKind::Auto;
    if (name == "cuda") return BackendKind::Cuda;
    if (name == "host") return BackendKind::Host;
    if (name == "reference") return BackendKind::Reference;
    throw InputError("<command line>", 0, "--backend", "unknown backend '" + name + "' (auto, cuda, host, reference)");
}

const char* to_string(BackendKind kind) {
    switch (kind) {
        case BackendKind::Auto: return "auto";
        case BackendKind::Cuda: return "cuda";
        case BackendKind::Host: return "host";
        case BackendKind::Reference: return "reference";
    }
    return "?";
}

BackendKind resolve_backend(BackendKind requested) {
    if (requested == BackendKind::Auto) return gpu::device_available() ? BackendKind::Cuda : BackendKind::Host;
    if (requested == BackendKind::Cuda && !gpu::device_available()) {
        throw InputError("<command line>", 0, "--backend",
                         gpu::built_with_cuda() ? "backend cuda needs a CUDA device, and none is available"
                                                : "backend cuda: dramsweep was built without CUDA");
    }
    return requested;
}

void run_batch(BackendKind kind, const std::vector<dram::DramConfig>& configs,
               const std::vector<dram::TraceRequest>& stream, const BatchOptions& options, const ResultSink& sink) {
    switch (kind) {
        case BackendKind::Reference: detail::run_batch_reference(configs, stream, options, sink); return;
        case BackendKind::Host: detail::run_batch_host(configs, stream, options, sink); return;
        case BackendKind::Cuda: detail::run_batch_cuda(configs, stream, options, sink); return;
        case BackendKind::Auto: break;
    }
    throw std::logic_error("run_batch: resolve the backend first");
}

namespace detail {

unsigned host_threads(const BatchOptions& options) {
    if (options.threads > 0) return options.threads;
    const unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? n : 1;
}

}  // namespace detail
}  // namespace dramsweep::engine
