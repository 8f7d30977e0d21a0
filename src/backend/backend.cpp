// The one dispatch of every batch: the reference model on host threads, the host engine's slot
// runner, or the cuda runner, for any job.

#include "dramsweep/backend/backend.hpp"

#include <stdexcept>
#include <thread>

#include "common/parallel.hpp"
#include "cuda_runners.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "engine/network_job.hpp"
#include "engine/slot_runner.hpp"
#include "engine/trace_job.hpp"

namespace dramsweep::backend {
namespace {

template <typename Job, typename CudaRunner>
void dispatch(BackendKind kind, const Job& job, const BatchOptions& options,
              const Sink<typename Job::Summary>& sink, const CudaRunner& run_on_cuda) {
    switch (kind) {
        case BackendKind::kReference:
            parallel::parallel_map<typename Job::Summary>(
                job.size(), host_threads(options), [&](std::size_t i) { return job.reference(i); }, sink);
            return;
        case BackendKind::kHost: engine::detail::run_slots(job, options, sink); return;
        case BackendKind::kCuda: run_on_cuda(); return;
        case BackendKind::kAuto: break;
    }
    throw std::logic_error("backend: resolve the backend first");
}

}  // namespace

BackendKind parse_backend(const std::string& name) {
    if (name == "auto") return BackendKind::kAuto;
    if (name == "cuda") return BackendKind::kCuda;
    if (name == "host") return BackendKind::kHost;
    if (name == "reference") return BackendKind::kReference;
    throw InputError("<command line>", 0, "--backend", "unknown backend '" + name + "' (auto, cuda, host, reference)");
}

const char* to_string(BackendKind kind) {
    switch (kind) {
        case BackendKind::kAuto: return "auto";
        case BackendKind::kCuda: return "cuda";
        case BackendKind::kHost: return "host";
        case BackendKind::kReference: return "reference";
    }
    return "?";
}

BackendKind resolve_backend(BackendKind requested) {
    if (requested == BackendKind::kAuto) return gpu::device_available() ? BackendKind::kCuda : BackendKind::kHost;
    if (requested == BackendKind::kCuda && !gpu::device_available()) {
        throw InputError("<command line>", 0, "--backend",
                         gpu::built_with_cuda() ? "backend cuda needs a CUDA device, and none is available"
                                                : "backend cuda: dramsweep was built without CUDA");
    }
    return requested;
}

unsigned host_threads(const BatchOptions& options) {
    if (options.threads > 0) return options.threads;
    const unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? n : 1;
}

void run_trace_batch(BackendKind kind, const std::vector<dram::DramConfig>& configs,
                     const std::vector<dram::TraceRequest>& stream, const BatchOptions& options,
                     const Sink<results::RunSummary>& sink) {
    const engine::detail::TraceJob job(configs, stream, options.max_outstanding);
    dispatch(kind, job, options, sink, [&] { detail::run_trace_batch_cuda(configs, stream, options, sink); });
}

void run_network_batch(BackendKind kind, const std::vector<coupled::NetworkStream>& streams,
                       const std::vector<coupled::NetworkCase>& cases, const BatchOptions& options,
                       const Sink<results::NetworkSummary>& sink) {
    for (const coupled::NetworkCase& c : cases)
        if (c.stream >= streams.size()) throw std::logic_error("run_network_batch: a case names no stream");
    const engine::detail::NetworkJob job(streams, cases);
    dispatch(kind, job, options, sink, [&] { detail::run_network_batch_cuda(streams, cases, options, sink); });
}

}  // namespace dramsweep::backend
