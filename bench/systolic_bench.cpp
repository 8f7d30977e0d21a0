// The systolic side on ResNet-18 (32x32 array): compute model, per-fold line sets, SRAM model.
// Run: build/bench/systolic_bench

#include <benchmark/benchmark.h>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/systolic/sram_traffic.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace {

using namespace dramsweep;

const Topology& resnet18() {
    static const Topology t = read_topology(DRAMSWEEP_SOURCE_DIR "/configs/topologies/resnet18.csv");
    return t;
}

AccelConfig accel_for(std::int64_t dataflow) {
    AccelConfig a = read_accel_config(DRAMSWEEP_SOURCE_DIR "/configs/accel/scalesim_32x32_os.cfg");
    a.dataflow = static_cast<Dataflow>(dataflow);
    return a;
}

void BM_ComputeModelResNet18(benchmark::State& state) {
    const AccelConfig a = accel_for(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(compute_topology(resnet18(), a, ComputeMode::Corrected));
}
BENCHMARK(BM_ComputeModelResNet18)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_DramTrafficResNet18(benchmark::State& state) {
    const AccelConfig a = accel_for(state.range(0));
    std::int64_t requests = 0;
    for (auto _ : state) {
        for (const Layer& layer : resnet18().layers) {
            const LayerTraffic t = layer_traffic(layer, a);
            requests += t.reads() + t.writes();
        }
    }
    state.counters["requests/s"] = benchmark::Counter(static_cast<double>(requests), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DramTrafficResNet18)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
