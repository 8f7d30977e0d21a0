// Speed of the batched engine's host backend on one core: configuration-requests per second on
// the reference setup (ddr4-2400, 1 channel, 1 rank, 32-entry queues, open page, FR-FCFS,
// RoBaRaCoCh) over rand_read and seq_read. Arguments: configurations x requests; threads = 1 so
// the figure is per core. BM_Reference* runs the reference backend the same way, for scale.
//
//   ./build/bench/engine_bench --benchmark_filter=Host
//
// The goal (issue 4) is 2 million configuration-requests per second per core on rand_read.

#include <benchmark/benchmark.h>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/backend/backend.hpp"

namespace {

using namespace dramsweep;

void run_backend(benchmark::State& state, backend::BackendKind kind, const char* trace) {
    const auto n_configs = static_cast<std::size_t>(state.range(0));
    const auto n_requests = static_cast<std::size_t>(state.range(1));
    const std::vector<dram::DramConfig> configs(n_configs, dram::load_dram_config("ddr4-2400", {"mapping=RoBaRaCoCh"}));
    const std::vector<dram::TraceRequest> stream = dram::generate_reference_trace(trace, n_requests);
    backend::BatchOptions options;
    options.threads = 1;
    std::uint64_t cycles = 0;
    for (auto _ : state) {
        backend::run_trace_batch(kind, configs, stream, options, [&](std::size_t, const results::RunSummary& s) {
            cycles += s.cycles;
            return true;
        });
    }
    benchmark::DoNotOptimize(cycles);
    state.counters["config_requests_per_s"] = benchmark::Counter(
        static_cast<double>(n_configs * n_requests) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_HostRandRead(benchmark::State& s) { run_backend(s, backend::BackendKind::kHost, "rand_read"); }
void BM_HostSeqRead(benchmark::State& s) { run_backend(s, backend::BackendKind::kHost, "seq_read"); }
void BM_ReferenceRandRead(benchmark::State& s) { run_backend(s, backend::BackendKind::kReference, "rand_read"); }

BENCHMARK(BM_HostRandRead)->Args({8, 100'000})->Args({1, 1'000'000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HostSeqRead)->Args({8, 100'000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReferenceRandRead)->Args({8, 100'000})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
