#pragma once
// The batched PIM evaluation on a CUDA device (cuda/pim_batch_kernel.cu): the jobs of batch.hpp,
// one per device thread, each through the same evaluate_job that evaluate_batch runs on host
// threads, which is the reference the kernel is held to (tests/gpu/pim_batch_gpu_test.cpp). The
// test suite's emulated device (tests/emu) compiles the same kernel for the host, so that the
// comparison runs in CI without a GPU.

#include <cstddef>
#include <span>
#include <vector>

#include "dramsweep/pim/batch.hpp"

namespace dramsweep::pim {

inline constexpr std::size_t kPimJobsPerLaunch = std::size_t{1} << 16;

// Every job on the device, results in job order, equal field for field to evaluate_batch; at
// most `jobs_per_launch` jobs per kernel launch (their results are on the device at once).
// Jobs whose indices lie outside the arrays throw std::invalid_argument; a build without CUDA,
// or no device, throws std::runtime_error.
std::vector<LayerEval> evaluate_batch_cuda(std::span<const PimHardware> hardware,
                                           std::span<const LayerContext> contexts,
                                           std::span<const EvalJob> jobs,
                                           std::size_t jobs_per_launch = kPimJobsPerLaunch);

}  // namespace dramsweep::pim
