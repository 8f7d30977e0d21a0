// Without CUDA there is no device to run the PIM batch on; callers pick the host batch instead
// (backend::resolve_backend never gives cuda here), this is the last line of defence.

#include <stdexcept>

#include "dramsweep/pim/batch_cuda.hpp"

namespace dramsweep::pim {

std::vector<LayerEval> evaluate_batch_cuda(std::span<const PimHardware> hardware,
                                           std::span<const LayerContext> contexts,
                                           std::span<const EvalJob> jobs, std::size_t jobs_per_launch) {
    check_job_indices(hardware.size(), contexts.size(), jobs);
    (void)jobs_per_launch;
    if (jobs.empty()) return {};
    throw std::runtime_error("dramsweep was built without CUDA");
}

}  // namespace dramsweep::pim
