// `dramsweep sweep`: every configuration of a sweep spec through one backend, one row each.

#include <algorithm>
#include <iostream>

#include "command_registry.hpp"
#include "count_option.hpp"
#include "mpi_sweep.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/runner.hpp"
#include "dramsweep/sweep/shard.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace {

struct SweepCommandOptions {
    std::string spec;
    std::string backend = "auto";
    std::string out;
    std::string validate;
    bool resume = false;
    std::size_t batch_size = 0;
    std::uint64_t stop_after = 0;
    unsigned threads = 0;
    bool quiet = false;
    std::string shard;
};

std::optional<std::uint64_t> parse_validate(const std::string& text) {
    using namespace dramsweep;
    if (text.empty()) return std::nullopt;
    if (text == "all") return sweep::kValidateAll;
    const std::int64_t n = text::parse_int(text, {"<command line>", 0}, "--validate");
    if (n < 1) throw InputError("<command line>", 0, "--validate", "expected a count of at least 1, or all");
    return static_cast<std::uint64_t>(n);
}

// Without --out: NAME.csv in the current folder, NAME being the spec file's name.
std::string default_out(const std::string& spec_path) {
    std::string stem = spec_path.substr(spec_path.find_last_of('/') + 1);
    if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0) stem.resize(stem.size() - 5);
    return stem + ".csv";
}

int run(const SweepCommandOptions& o) {
    using namespace dramsweep;
    sweep::SweepOptions options;
    options.backend = backend::parse_backend(o.backend);
    options.out = o.out.empty() ? default_out(o.spec) : o.out;
    options.resume = o.resume;
    options.validate = parse_validate(o.validate);
    options.batch_size = o.batch_size;
    options.stop_after = o.stop_after;
    options.threads = o.threads;
    options.progress = !o.quiet;
    if (!o.shard.empty()) options.shard = sweep::parse_shard(o.shard);
    const sweep::SweepSpec spec = sweep::parse_sweep_spec(o.spec);
    // Under mpirun, rank 0 runs the sweep with the other ranks as its workers (mpi_sweep.hpp).
    cli::MpiSweep mpi(spec, options);
    if (mpi.is_worker()) return mpi.work();
    const sweep::SweepReport r = sweep::run_sweep(spec, options);
    mpi.finish();

    const double rate = r.seconds > 0 ? static_cast<double>(r.ran) / r.seconds : 0;
    std::cerr << "sweep " << spec.name << ": " << r.ran << " configurations on " << backend::to_string(r.backend)
              << " in " << r.seconds << " s (" << rate << "/s)";
    if (r.done_before > 0) std::cerr << ", " << r.done_before << " already done";
    if (options.shard) std::cerr << " (shard " << options.shard->text() << ")";
    if (mpi.workers() > 0) std::cerr << " (MPI: " << mpi.workers() << " worker ranks)";
    std::cerr << "; " << r.total << " in the spec\n";
    if (const std::string devices = mpi.worker_devices(); !devices.empty())
        std::cerr << "MPI workers: " << devices << "\n";
    if (const cli::MpiSweep::Traffic t = mpi.traffic(); t.rows > 0)
        std::cerr << "rank 0: " << t.rows << " rows, " << t.bytes << " bytes received, busy " << t.busy_seconds
                  << " s, " << t.cpu_seconds << " s of it on the CPU ("
                  << static_cast<double>(t.rows) / std::max(t.cpu_seconds, 1e-9) << " rows/s at most)\n";
    if (!r.complete) {
        std::cerr << "stopped early: " << sweep::partial_path(options.out)
                  << " holds the finished rows; run again with --resume to continue\n";
        if (options.validate) std::cerr << "validate: runs once the sweep is complete\n";
        return 0;
    }
    std::cerr << "results: " << options.out << "\n";
    if (!options.validate) return 0;
    if (r.validation_failures.empty()) {
        std::cerr << "validate: " << r.validated << " configurations agree with the reference model\n";
        return 0;
    }
    for (const std::string& failure : r.validation_failures)
        std::cerr << "dramsweep: validation failed: " << failure << "\n";
    std::cerr << "dramsweep: validation failed: " << r.validation_failures.size() << " of " << r.validated
              << " configurations differ from the reference model\n";
    return 1;
}

const dramsweep::cli::RegisterCommand kSweepCommand{
    "sweep", "Run every configuration of a sweep spec (DRAM, or accelerator and DRAM over a network), one row each", [](CLI::App& sub) {
        auto o = std::make_shared<SweepCommandOptions>();
        sub.add_option("spec", o->spec, "Sweep spec (JSON, docs/formats.md)")->required();
        sub.add_option("--backend", o->backend, "auto, cuda, host or reference (default auto)");
        sub.add_option("--out", o->out, "Results, .csv or .jsonl (default: SPEC_NAME.csv here)");
        sub.add_option("--validate", o->validate,
                       "Re-run N sampled configurations (or all) through the reference model; exit 1 on a difference");
        sub.add_flag("--resume", o->resume, "Continue an interrupted sweep from OUT.partial");
        sub.add_option("--batch-size", o->batch_size,
                       "Configurations per batch, rows flushed per batch (0: the backend's default)")
            ->check(dramsweep::cli::count_at_least(0));
        sub.add_option("--stop-after", o->stop_after,
                       "Run at most N configurations, then stop (continue with --resume; 0: run to the end)")
            ->check(dramsweep::cli::count_at_least(0));
        sub.add_option("--threads", o->threads, "Host threads (0, the default: all cores)")
            ->check(dramsweep::cli::count_at_least(0));
        sub.add_flag("--quiet", o->quiet, "No progress bar");
        sub.add_option("--shard", o->shard,
                       "Run only shard I of N (configurations I, I+N, ...; 0 <= I < N); join with `dramsweep merge`");
        return [o] { return run(*o); };
    }};

}  // namespace
