// What the device engine does per request, for its performance model (bench/device_model.sh):
// one configuration over a generated trace, run by the device engine's code on one host thread
// (device/serial_run.hpp) for the clocks it evaluates, then on the cuda backend, which is the
// emulated device when this probe is linked with dramsweep_emu (callgrind then counts a lane).
//   device_probe [PRESET [REQUESTS [TRACE [--set k=v]...]]]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/device/serial_run.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"

int main(int argc, char** argv) {
    using namespace dramsweep;
    const std::string preset = argc > 1 ? argv[1] : "ddr4-2400";
    const std::size_t requests = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5000;
    const std::string trace = argc > 3 ? argv[3] : "rand_read";
    std::vector<std::string> overrides;
    for (int i = 4; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--set") overrides.emplace_back(argv[i + 1]);
    const dram::DramConfig config = dram::load_dram_config(preset, overrides);
    const std::vector<dram::TraceRequest> stream = dram::generate_reference_trace(trace, requests);

    device::DeviceRunStats stats;
    const results::RunSummary serial = device::run_trace_serial(config, stream, 0, {}, &stats);
    std::printf(
        "channels %u, banks per channel %u, requests %zu, cycles %llu, evaluated clocks %llu (%.3f per "
        "request), channel ticks %llu (%.3f per request), pair ticks %llu (%.3f per request)\n",
        static_cast<unsigned>(config.org.channels), static_cast<unsigned>(config.org.banks_per_channel()),
        requests, static_cast<unsigned long long>(serial.cycles),
        static_cast<unsigned long long>(stats.clocks),
        static_cast<double>(stats.clocks) / static_cast<double>(requests),
        static_cast<unsigned long long>(stats.channel_ticks),
        static_cast<double>(stats.channel_ticks) / static_cast<double>(requests),
        static_cast<unsigned long long>(stats.pair_ticks),
        static_cast<double>(stats.pair_ticks) / static_cast<double>(requests));

    const auto start = std::chrono::steady_clock::now();
    bool equal = false;
    backend::run_trace_batch(backend::resolve_backend(backend::BackendKind::kCuda), {config}, stream, {},
                             [&](std::size_t, const results::RunSummary& s) {
                                 equal = s == serial;
                                 return true;
                             });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("cuda backend: %s the serial run, %.2f s\n", equal ? "equal to" : "DIFFERENT FROM", seconds);
    return equal ? 0 : 1;
}
