// `dramsweep trace`: one DRAM configuration, one trace, a saturating closed loop.

#include <chrono>
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "count_option.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/progress.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/protocol_checker.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/dram/trace_stream.hpp"

namespace {

struct TraceOptions {
    std::string dram;
    std::string trace_file;
    std::string generate;
    std::uint64_t limit = 0;
    std::vector<std::string> overrides;
    std::uint64_t max_outstanding = 0;
    bool json = false;
    bool check = false;
    bool timing = false;
    bool quiet = false;
};

constexpr std::uint64_t kDefaultGenerated = 1'000'000;

// The requests as the loop takes them, counted for the progress display.
class CountedSource final : public dramsweep::dram::TraceSource {
public:
    CountedSource(dramsweep::dram::TraceSource& source, dramsweep::ProgressBar& progress)
        : source_(source), progress_(progress) {}
    bool next(dramsweep::dram::TraceRequest& request) override {
        if ((++taken_ & 0xFFFF) == 0) progress_.update(taken_);
        return source_.next(request);
    }

private:
    dramsweep::dram::TraceSource& source_;
    dramsweep::ProgressBar& progress_;
    std::uint64_t taken_ = 0;
};

int run(const TraceOptions& o) {
    using namespace dramsweep;
    const dram::DramConfig config = dram::load_dram_config(o.dram, o.overrides);
    if (o.trace_file.empty() == o.generate.empty())
        throw InputError("trace", 0, "--trace", "give exactly one of --trace FILE or --generate NAME");
    // The trace is streamed, never held: a file is read through once to check every line and
    // count its requests (only as far as --limit), then again as the loop takes them.
    const ProgressStyle style = progress_style(!o.quiet);
    std::unique_ptr<dram::TraceSource> source;
    std::uint64_t count = 0;
    if (!o.generate.empty()) {
        count = o.limit ? o.limit : kDefaultGenerated;
        source = std::make_unique<dram::ReferenceTraceGenerator>(o.generate, count);
    } else {
        ProgressBar checking(std::cerr, style, 0, 0, "MiB read", "trace: checking " + o.trace_file);
        count = dram::count_trace_requests(o.trace_file, o.limit, [&](std::uint64_t read, std::uint64_t) {
            checking.update(read >> 20);
        });
        checking.finish();
        if (count == 0) throw InputError(o.trace_file, 0, "", "the trace holds no request (only blank or # lines)");
        source = std::make_unique<dram::TraceFileReader>(o.trace_file, o.limit);
    }
    dram::CommandLog log;
    dram::TraceRunOptions options;
    options.max_outstanding = o.max_outstanding;
    if (o.check) options.log = &log;
    ProgressBar progress(std::cerr, style, count, 0, "requests", "trace");
    CountedSource counted(*source, progress);
    const auto start = std::chrono::steady_clock::now();
    const dram::TraceRunResult result = dram::run_trace(config, counted, count, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();

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
        sub.add_option("--limit", o->limit,
                       "Only the first N requests (0: all; generated traces: N requests, default 1000000)")
            ->check(dramsweep::cli::count_at_least(0));
        sub.add_option("--set", o->overrides, "Override a configuration field, key=value (e.g. timing.tRCD=18)");
        sub.add_option("--max-outstanding", o->max_outstanding,
                       "At most N requests in flight (1: unloaded latency; 0: only the queues limit)")
            ->check(dramsweep::cli::count_at_least(0));
        sub.add_flag("--json", o->json, "Print one JSON object");
        sub.add_flag("--check", o->check, "Replay the command log through the protocol checker (exit 1 on a violation)");
        sub.add_flag("--time", o->timing, "Print simulation speed (requests/s, clocks/s) on stderr");
        sub.add_flag("--quiet", o->quiet, "No progress on stderr");
        return [o] { return run(*o); };
    }};

}  // namespace
