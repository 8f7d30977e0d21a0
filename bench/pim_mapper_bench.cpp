// The baseline PIM mapper's whole search (every layer, every partition, split and loop
// blocking) on T-16, one core. First a table side by side with nn_dataflow on its reference
// network cases (nn_dataflow's CPU seconds are those recorded in each case's cpu_seconds.txt:
// nn_dataflow is not run here, see bench/pim_mapper.sh), then Google Benchmark timings.
// Run: build/bench/pim_mapper_bench [--benchmark_filter=...]
// The reference folder is $DRAMSWEEP_SHARED_DIR/reference/pim/nn_dataflow (default: ../shared).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/nn_dataflow_case.hpp"

namespace {

using namespace dramsweep::pim;

double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

std::filesystem::path reference_root() {
    const char* env = std::getenv("DRAMSWEEP_SHARED_DIR");
    return std::filesystem::path(env && *env ? env : DRAMSWEEP_SHARED_DIR) / "reference/pim/nn_dataflow";
}

// The mapper's CPU time, the best of `runs` (the first run also warms caches).
double time_mapper(const PimHardware& hw, const Network& net, std::int64_t batch, const MapperOptions& o,
                   int runs, MapperResult& out) {
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
        const double start = cpu_seconds();
        out = map_baseline(hw, net, batch, o);
        best = std::min(best, cpu_seconds() - start);
    }
    return best;
}

void print_reference_table() {
    const auto root = reference_root();
    if (!std::filesystem::exists(root)) {
        std::printf("no nn_dataflow reference cases under %s\n\n", root.string().c_str());
        return;
    }
    std::printf(
        "Baseline mapper against nn_dataflow's own search, same options (nn_dataflow CPU-s recorded)\n");
    std::printf("%-26s %16s %16s %9s %10s %10s %9s\n", "case", "nn_dataflow pJ", "ours pJ", "diff %",
                "nnd CPU-s", "ours CPU-s", "speed-up");
    for (const auto& folder : nn_dataflow_case_folders(root)) {
        for (const NnDataflowCase& c : load_nn_dataflow_cases(folder)) {
            if (c.name.find('#') != std::string::npos) continue;
            MapperOptions o;
            o.partition_filter = c.options.partition_filter;
            MapperResult r;
            const double cpu = time_mapper(make_hardware(c.config), c.network, c.batch, o, 5, r);
            const double ours = r.eval.total.energy_total_pj;
            std::printf("%-26s %16.1f %16.1f %+9.4f %10.2f %10.4f %8.0fx\n", c.name.c_str(), c.total_cost,
                        ours, 100 * (ours / c.total_cost - 1), c.cpu_seconds, cpu, c.cpu_seconds / cpu);
        }
    }
    std::printf("\n");
}

void BM_MapBaselineT16(benchmark::State& state, const char* network, std::int64_t batch) {
    const PimHardware hw = make_hardware(load_pim_config("t-16"));
    const Network net = bundled_network(network);
    MapperResult r;
    for (auto _ : state) r = map_baseline(hw, net, batch);
    state.counters["energy_uJ"] = benchmark::Counter(r.eval.total.energy_total_pj * 1e-6);
    state.counters["evaluations"] = static_cast<double>(r.stats.evaluations);
    state.counters["bounded"] = static_cast<double>(r.stats.blockings_bounded);
}

BENCHMARK_CAPTURE(BM_MapBaselineT16, alexnet_b16, "alexnet", 16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, vgg16_b16, "vgg16", 16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, resnet50_b16, "resnet50", 16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, googlenet_b16, "googlenet", 16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, alexnet_b1, "alexnet", 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, vgg16_b1, "vgg16", 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, resnet50_b1, "resnet50", 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, googlenet_b1, "googlenet", 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapBaselineT16, transformer_b1, "transformer", 1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    print_reference_table();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
