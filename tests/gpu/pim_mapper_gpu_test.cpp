// The NicePIM mapper with its candidates on the CUDA kernel (`--candidates cuda`) against the
// same mapper on the host batch and one by one (`host`, `reference`): a small inception-like
// network whose branches run side by side on rectangles of the mesh, so that whole-mesh and
// rectangle candidates both go through the kernel. The mapping, every layer's evaluation and the
// JSON report (its CPU times aside) must be equal. On a real device (test_gpu) and on the
// emulated one (test_gpu_emu, label gpu-emu); skipped (GTEST_SKIP) where no CUDA device answers.
// One tiny case (under fifty launches, tens of milliseconds emulated), so that it stays quick
// under the sanitizers.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/eval_compare.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/nicepim_mapper.hpp"
#include "dramsweep/pim/nicepim_report.hpp"

namespace dramsweep::pim {
namespace {

LayerSpec conv(const std::string& name, std::vector<std::string> prevs, std::int32_t k, std::int32_t r) {
    LayerSpec s;
    s.name = name;
    s.shape = LayerShape{LayerModel::kConv, 0, k, 7, 7, r, r, 1, 1, 1, 1};
    s.prevs = std::move(prevs);
    return s;
}

// An inception module cut down (GoogLeNet's 5a at a third of its channels, three branches: 1x1;
// 1x1-3x3; 1x1-5x5) and a 1x1 over their concatenation, on 7 x 7 points: rows that do not split
// evenly over a 2x2 mesh, so that the branches run side by side on rectangles of it.
Network small_inception() {
    const std::vector<LayerSpec> specs = {
        conv("b1_1x1", {"input"}, 48, 1),     conv("b2_reduce", {"input"}, 24, 1),
        conv("b2_3x3", {"b2_reduce"}, 52, 3), conv("b3_reduce", {"input"}, 8, 1),
        conv("b3_5x5", {"b3_reduce"}, 12, 5), conv("out", {"b1_1x1", "b2_3x3", "b3_5x5"}, 64, 1),
    };
    return build_network("small_inception", "test", 128, 7, 7, specs);
}

// The JSON report with the CPU times (which differ from run to run) set to zero.
std::string report_without_times(const PimConfig& config, const Network& net, NicePimResult n,
                                 const NicePimOptions& options) {
    n.scheduler_seconds = 0;
    for (NicePimLayer& l : n.layers) l.schedule.seconds = 0;
    EvaluationReport r;
    r.config = &config;
    r.network = &net;
    r.batch = 2;
    r.mapper = "nicepim";
    r.mapping = &n.mapping;
    r.eval = &n.eval;
    return nicepim_report_json(r, n, options);
}

TEST(PimMapperKernel, NicePimWithCandidatesOnTheKernelMapsAsOnTheHost) {
    if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    const PimConfig config = load_pim_config("t-16", {"pim.mesh=2x2"});
    const PimHardware hw = make_hardware(config);
    const Network net = small_inception();
    NicePimOptions options;
    options.goal = Goal::kEdp;
    options.beam_width = 2;
    options.scheduler = SchedulerKind::kGreedy;  // deterministic, unlike the ILP under its time limit
    // One by one (the reference), the host batch (`--candidates host`) and the kernel (`cuda`).
    std::vector<NicePimResult> mapped;
    for (const backend::BackendKind kind :
         {backend::BackendKind::kReference, backend::BackendKind::kHost, backend::BackendKind::kCuda}) {
        options.evaluator = {kind, 1};
        mapped.push_back(map_nicepim(hw, net, 2, options));
    }
    const NicePimResult& want = mapped[0];
    EXPECT_GT(want.segments_parallel, 0) << "the branches should run on rectangles";
    for (std::size_t m = 1; m < mapped.size(); ++m) {
        const NicePimResult& got = mapped[m];
        const char* what = m == 1 ? "host batch" : "kernel";
        EXPECT_EQ(got.segments_parallel, want.segments_parallel) << what;
        EXPECT_EQ(got.stats.evaluations, want.stats.evaluations) << what;
        ASSERT_EQ(got.layers.size(), want.layers.size()) << what;
        for (std::size_t l = 0; l < want.layers.size(); ++l) {
            EXPECT_TRUE(got.layers[l].rect == want.layers[l].rect) << what << " " << net.layers[l].name;
            EXPECT_EQ(first_difference(got.layers[l].eval, want.layers[l].eval), "")
                << what << " " << net.layers[l].name;
        }
        // The same options in both reports: what differs would be the mapping or its numbers.
        EXPECT_EQ(report_without_times(config, net, got, options),
                  report_without_times(config, net, want, options))
            << what;
    }
}

}  // namespace
}  // namespace dramsweep::pim
