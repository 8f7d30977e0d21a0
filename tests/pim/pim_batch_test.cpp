// The batched PIM evaluator on host threads against one-by-one evaluation, on random designs,
// layers and candidates (tests/support/pim_jobs.hpp), every field compared; the comparison's own
// positive controls; and the CUDA entry point's refusals where no device answers. The CUDA kernel
// itself is held to evaluate_batch by tests/gpu/pim_batch_gpu_test.cpp (a real device, or the
// emulated one in CI).
//   DRAMSWEEP_PIM_DIFF_DESIGNS=2000 build/tests/test_pim --gtest_filter='PimBatch*'

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "dramsweep/pim/batch.hpp"
#include "dramsweep/pim/batch_cuda.hpp"
#include "dramsweep/pim/eval_compare.hpp"
#include "support/pim_jobs.hpp"

namespace dramsweep::pim {
namespace {

std::size_t configured_designs(std::size_t fallback) {
    const char* v = std::getenv("DRAMSWEEP_PIM_DIFF_DESIGNS");
    return v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : fallback;
}

TEST(PimBatch, HostThreadsEqualOneByOneOnRandomDesignsInEveryField) {
    const testing::PimJobs set = testing::random_pim_jobs(configured_designs(40), 2, 8, 2024);
    const std::vector<LayerEval> batched = evaluate_batch(set.hardware, set.contexts, set.jobs, 2);
    ASSERT_EQ(batched.size(), set.jobs.size());
    std::size_t valid = 0;
    for (std::size_t i = 0; i < set.jobs.size(); ++i) {
        const EvalJob& job = set.jobs[i];
        const LayerEval single =
            evaluate_candidate(set.hardware[static_cast<std::size_t>(job.hardware)],
                               set.contexts[static_cast<std::size_t>(job.context)], job.candidate);
        EXPECT_EQ(first_difference(batched[i], single), "") << "job " << i;
        valid += single.ok() ? 1 : 0;
    }
    // Both kinds are exercised: valid mappings and every reason to reject one.
    EXPECT_GT(valid, set.jobs.size() / 5);
    EXPECT_LT(valid, set.jobs.size());
}

TEST(PimBatch, FirstDifferenceNamesTheFieldAndBothValues) {
    const testing::PimJobs set = testing::random_pim_jobs(1, 1, 1, 7);
    const LayerEval a = evaluate_batch(set.hardware, set.contexts, set.jobs, 1)[0];
    EXPECT_EQ(first_difference(a, a), "");
    LayerEval b = a;
    b.access[kDram][kIfm] += 1;
    EXPECT_EQ(first_difference(b, a), "access[dram][ifm]: " + std::to_string(a.access[kDram][kIfm] + 1) +
                                          " vs " + std::to_string(a.access[kDram][kIfm]));
    b = a;
    b.energy_pj[kEnergyNoc] = 2 * a.energy_pj[kEnergyNoc] + 1;
    EXPECT_EQ(first_difference(b, a).rfind("energy_pj[noc]: ", 0), 0u);
    b = a;
    b.nest.fit.repl_w += 1;
    EXPECT_EQ(first_difference(b, a).rfind("nest.fit.repl_w: ", 0), 0u);
}

TEST(PimBatch, CudaEntryPointRefusesBadIndicesAndAMissingDevice) {
    const testing::PimJobs set = testing::random_pim_jobs(1, 1, 2, 3);
    std::vector<EvalJob> bad = set.jobs;
    bad[1].context = 5;
    EXPECT_THROW((void)evaluate_batch_cuda(set.hardware, set.contexts, bad), std::invalid_argument);
    EXPECT_THROW((void)evaluate_batch(set.hardware, set.contexts, bad, 1), std::invalid_argument);
    EXPECT_TRUE(evaluate_batch_cuda(set.hardware, set.contexts, {}).empty());
    if (gpu::device_available()) GTEST_SKIP() << "a CUDA device answers (tests/gpu runs the kernel)";
    EXPECT_THROW((void)evaluate_batch_cuda(set.hardware, set.contexts, set.jobs), std::runtime_error);
}

}  // namespace
}  // namespace dramsweep::pim
