// Speed of the DRAM reference model (one thread): requests/s and DRAM clocks/s on the reference
// traces, DDR4-2400 in the reference configuration (1 channel, 1 rank, 32-entry queues, open
// page, FR-FCFS, RoBaRaCoCh). The traces are generated once, outside the timed loop.
//
//   ./build/bench/dram_reference_bench --benchmark_filter=1000000
//
// Ramulator 2 on this kind of machine: 224k requests/s (rand_read), 431k (seq_read); the target
// is twice that. bench/dram_speed.sh gives the same figures through the CLI.

#include <benchmark/benchmark.h>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"

namespace {

using namespace dramsweep::dram;

void run_reference_trace(benchmark::State& state, const char* trace) {
    const std::size_t count = static_cast<std::size_t>(state.range(0));
    const DramConfig config = load_dram_config("ddr4-2400", {"mapping=RoBaRaCoCh"});
    const std::vector<TraceRequest> requests = generate_reference_trace(trace, count);
    std::uint64_t clocks = 0;
    for (auto _ : state) {
        const TraceRunResult r = run_trace(config, requests);
        clocks += r.summary.cycles;
        benchmark::DoNotOptimize(r.summary.cycles);
    }
    state.counters["requests_per_s"] =
        benchmark::Counter(static_cast<double>(count) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["clocks_per_s"] = benchmark::Counter(static_cast<double>(clocks), benchmark::Counter::kIsRate);
}

void BM_RandRead(benchmark::State& state) { run_reference_trace(state, "rand_read"); }
void BM_SeqRead(benchmark::State& state) { run_reference_trace(state, "seq_read"); }
void BM_Mix2r1w(benchmark::State& state) { run_reference_trace(state, "mix_2r1w"); }

BENCHMARK(BM_RandRead)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SeqRead)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Mix2r1w)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
