// Batched PIM candidate evaluation (include/dramsweep/pim/batch_cuda.hpp): one job per thread,
// evaluate_job (pim/batch.hpp, DRAMSWEEP_HD) on device copies of the hardware, layer-context and
// job arrays. The hardware and contexts are uploaded once; the jobs go in slices so that device
// memory stays bounded however many there are.
//
// This file is compiled with -fmad=false (src/CMakeLists.txt): the evaluator's energies are sums
// of products, and a fused multiply-add would round them differently from the host.

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "cuda_api.hpp"
#include "device_compat.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "dramsweep/pim/batch_cuda.hpp"

namespace dramsweep::pim {
namespace {

constexpr unsigned kThreadsPerBlock = 128;

__global__ void evaluate_pim_jobs(const PimHardware* hardware, const LayerContext* contexts,
                                  const EvalJob* jobs, LayerEval* out, std::uint64_t count) {
    const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
    for (std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count;
         i += stride)
        out[i] = evaluate_job(hardware, contexts, jobs[i]);
}

}  // namespace

std::vector<LayerEval> evaluate_batch_cuda(std::span<const PimHardware> hardware,
                                           std::span<const LayerContext> contexts,
                                           std::span<const EvalJob> jobs, std::size_t jobs_per_launch) {
    check_job_indices(hardware.size(), contexts.size(), jobs);
    std::vector<LayerEval> out(jobs.size());
    if (jobs.empty()) return out;
    if (!gpu::device_available()) throw std::runtime_error("evaluate_batch_cuda: no CUDA device answers");
    const cuda_api::Stream stream;
    cuda_api::DeviceBuffer<PimHardware> device_hardware(hardware.size());
    cuda_api::DeviceBuffer<LayerContext> device_contexts(contexts.size());
    device_hardware.upload(hardware.data(), hardware.size(), 0, stream.get());
    device_contexts.upload(contexts.data(), contexts.size(), 0, stream.get());
    if (jobs_per_launch == 0) throw std::invalid_argument("evaluate_batch_cuda: no jobs per launch");
    const std::size_t slice = std::min(jobs.size(), jobs_per_launch);
    cuda_api::DeviceBuffer<EvalJob> device_jobs(slice);
    cuda_api::DeviceBuffer<LayerEval> device_out(slice);
    for (std::size_t first = 0; first < jobs.size(); first += slice) {
        const std::size_t count = std::min(slice, jobs.size() - first);
        device_jobs.upload(jobs.data() + first, count, 0, stream.get());
        const auto blocks = static_cast<unsigned>((count + kThreadsPerBlock - 1) / kThreadsPerBlock);
        DRAMSWEEP_LAUNCH(evaluate_pim_jobs, blocks, kThreadsPerBlock, 0, stream.get(), device_hardware.get(),
                         device_contexts.get(), device_jobs.get(), device_out.get(),
                         static_cast<std::uint64_t>(count));
        cuda_api::check_launch();
        device_out.download(out.data() + first, count, 0, stream.get());
        stream.synchronize();
    }
    return out;
}

}  // namespace dramsweep::pim
