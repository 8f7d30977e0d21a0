// The PIM batch kernel (cuda/pim_batch_kernel.cu) against the host batch (evaluate_batch, the
// reference), every field of every job compared: random designs x layers x candidates, thousands
// per launch on a real device, a few hundred on the emulated device that runs the same kernel
// code on the host in CI (label gpu-emu). Skipped (GTEST_SKIP) where no CUDA device answers.
//   DRAMSWEEP_PIM_DIFF_DESIGNS=5000 build/tests/test_gpu --gtest_filter='PimBatchKernel*'

#include <gtest/gtest.h>

#include <cstdlib>

#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "dramsweep/pim/batch.hpp"
#include "dramsweep/pim/batch_cuda.hpp"
#include "dramsweep/pim/eval_compare.hpp"
#include "support/pim_jobs.hpp"

namespace dramsweep::pim {
namespace {

#ifdef DRAMSWEEP_EMULATED_DEVICE_TESTS
constexpr std::size_t kDesigns = 16;  // each emulated thread is a fiber on the host
#else
constexpr std::size_t kDesigns = 500;  // 500 designs x 2 layers x 8 candidates: 8000 jobs in one launch
#endif

std::size_t configured_designs() {
    const char* v = std::getenv("DRAMSWEEP_PIM_DIFF_DESIGNS");
    return v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : kDesigns;
}

void expect_kernel_equals_host(const testing::PimJobs& set, std::size_t jobs_per_launch) {
    const std::vector<LayerEval> device =
        evaluate_batch_cuda(set.hardware, set.contexts, set.jobs, jobs_per_launch);
    const std::vector<LayerEval> host = evaluate_batch(set.hardware, set.contexts, set.jobs);
    ASSERT_EQ(device.size(), host.size());
    std::size_t valid = 0, failures = 0;
    for (std::size_t i = 0; i < host.size() && failures < 10; ++i) {
        const std::string difference = first_difference(device[i], host[i]);
        EXPECT_EQ(difference, "") << "job " << i << " (design " << set.jobs[i].hardware << ")";
        failures += difference.empty() ? 0 : 1;
        valid += host[i].ok() ? 1 : 0;
    }
    EXPECT_GT(valid, 0u);
}

TEST(PimBatchKernel, RandomDesignsAndCandidatesEqualTheHostBatch) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    expect_kernel_equals_host(testing::random_pim_jobs(configured_designs(), 2, 8, 99), kPimJobsPerLaunch);
}

TEST(PimBatchKernel, JobsSplitOverSeveralLaunchesLandInOrder) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    // 4 x 2 x 8 = 64 jobs in launches of 24: three launches, the last one partial.
    expect_kernel_equals_host(testing::random_pim_jobs(4, 2, 8, 5), 24);
}

}  // namespace
}  // namespace dramsweep::pim
