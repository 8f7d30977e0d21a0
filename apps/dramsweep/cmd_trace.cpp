// `dramsweep trace`: one DRAM configuration, one trace, a saturating closed loop.

#include <chrono>
#include <iostream>

#include "command_registry.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/protocol_checker.hpp"
#include "dramsweep/dram/trace.hpp"

namespace {

struct TraceOptions {
    std::string dram;
    std::string trace_file;
    std::string generate;
    std::size_t limit = 0;
    std::vector<std::string> overrides;
    std::uint64_t max_outstanding = 0;
    bool json = false;
    bool check = false;
    bool timing = false;
};

int run(const TraceOptions& o) {
    using namespace dramsweep;
    const dram::DramConfig config = dram::load_dram_config(o.dram, o.overrides);
    if (o.trace_file.empty() == o.generate.empty())
        throw InputError("trace", 0, "--trace", "give exactly one of --trace FILE or --generate NAME");
    std::vector<dram::TraceRequest> requests;
    if (!o.generate.empty()) {
        requests = dram::generate_reference_trace(o.generate, o.limit ? o.limit : 1'000'000);
    } else {
        requests = dram::read_trace_file(o.trace_file);
        if (o.limit && requests.size() > o.limit) requests.resize(o.limit);
    }
    dram::CommandLog log;
    dram::TraceRunOptions options;
    options.max_outstanding = o.max_outstanding;
    if (o.check) options.log = &log;
    const auto start = std::chrono::steady_clock::now();
    const dram::TraceRunResult result = dram::run_trace(config, requests, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::cout << (o.json ? dram::trace_result_json(config, result) + "\n" : dram::trace_result_text(config, result));
    if (o.timing) {
        std::cerr << "simulated " << result.summary.requests << " requests, " << result.summary.cycles << " clocks in " << seconds
                  << " s: " << static_cast<double>(result.summary.requests) / seconds << " requests/s, "
                  << static_cast<double>(result.summary.cycles) / seconds << " clocks/s (" << result.ticks << " clocks evaluated)\n";
    }
    if (o.check) {
        const auto violations = dram::check_protocol(config, log);
        if (!violations.empty()) {
            for (std::size_t i = 0; i < violations.size() && i < 20; ++i) std::cerr << violations[i] << "\n";
            std::cerr << "dramsweep: protocol check failed: " << violations.size() << " violations\n";
            return 1;
        }
        std::cerr << "protocol check: " << log.size() << " commands, no violation\n";
    }
    return 0;
}

const dramsweep::cli::RegisterCommand kTraceCommand{
    "trace", "Drive a DRAM request trace through one DRAM configuration (closed loop)", [](CLI::App& sub) {
        auto o = std::make_shared<TraceOptions>();
        sub.add_option("--dram", o->dram, "Preset name (configs/dram/NAME.json) or JSON file")->required();
        sub.add_option("--trace", o->trace_file, "Trace file: '0x<addr> R|W', Ramulator or DRAMsim3 format");
        sub.add_option("--generate", o->generate, "Use a generated reference trace instead: seq_read, rand_read, mix_2r1w");
        sub.add_option("--limit", o->limit, "Only the first N requests (generated traces: N requests, default 1000000)");
        sub.add_option("--set", o->overrides, "Override a configuration field, key=value (e.g. timing.tRCD=18)");
        sub.add_option("--max-outstanding", o->max_outstanding, "At most N requests in flight (1: unloaded latency)");
        sub.add_flag("--json", o->json, "Print one JSON object");
        sub.add_flag("--check", o->check, "Replay the command log through the protocol checker (exit 1 on a violation)");
        sub.add_flag("--time", o->timing, "Print simulation speed (requests/s, clocks/s) on stderr");
        return [o] { return run(*o); };
    }};

}  // namespace
