#pragma once
// Many candidate evaluations at once: a batch of (hardware, layer context, candidate) jobs in,
// one LayerEval per job out. The job is plain data and evaluate_job is DRAMSWEEP_HD, so a CUDA
// kernel runs the same function over device copies of the three arrays (one job per thread);
// evaluate_batch runs it on host threads and is the reference the kernel is checked against.

#include <cstdint>
#include <span>
#include <vector>

#include "dramsweep/pim/evaluator.hpp"

namespace dramsweep::pim {

struct EvalJob {
    std::int32_t hardware = 0;  // index into the hardware array
    std::int32_t context = 0;   // index into the layer-context array
    Candidate candidate;
};

DRAMSWEEP_HD inline LayerEval evaluate_job(const PimHardware* hardware, const LayerContext* contexts,
                                           const EvalJob& job) {
    return evaluate_candidate(hardware[job.hardware], contexts[job.context], job.candidate);
}

// Throws std::invalid_argument naming the first job whose indices lie outside the arrays.
void check_job_indices(std::size_t hardware, std::size_t contexts, std::span<const EvalJob> jobs);

// Evaluates every job on `threads` host threads (0: all cores); results in job order. Indices
// out of range throw std::invalid_argument.
std::vector<LayerEval> evaluate_batch(std::span<const PimHardware> hardware,
                                      std::span<const LayerContext> contexts, std::span<const EvalJob> jobs,
                                      unsigned threads = 0);

}  // namespace dramsweep::pim
