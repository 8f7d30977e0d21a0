// Running a sweep (runner.hpp): resume bookkeeping, batches, incremental output, validation.

#include "dramsweep/sweep/runner.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/progress.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/sampling.hpp"
#include "dramsweep/sweep/shard.hpp"
#include "dramsweep/sweep/sweep_workload.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;

// Batches bound what an interruption loses (rows are flushed per batch) and, on the batched
// engines, set how many configurations run in lockstep.
std::size_t default_batch_size(backend::BackendKind kind) {
    return kind == backend::BackendKind::kCuda ? 8192 : 512;
}

// The seed of the --validate sample differs from the sampling seed's stream so that the
// validated configurations are not the first ones sampled.
constexpr std::uint64_t kValidateSeedSalt = 0x76616c6964617465ULL;  // "validate"

struct ResumeState {
    std::set<std::size_t> done;
    std::map<std::size_t, std::map<std::string, std::string>> rows;  // only those --validate needs
};

// Reads the output of an earlier run, checks it was written by this spec, and drops an
// unfinished last line.
ResumeState read_for_resume(const std::string& partial, Format format,
                            const std::vector<std::string>& columns, const std::vector<SweepPoint>& points,
                            const std::set<std::uint64_t>& keep_rows, const std::optional<Shard>& shard) {
    ResumeState state;
    ResultTable table = read_result_file(partial, format);
    if (!table.columns.empty() && table.columns != columns)
        throw InputError(partial, 1, "",
                         "its columns differ from this spec's: it was written by another sweep "
                         "(run without --resume to start over)");
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        auto& row = table.rows[r];
        const std::size_t line = table.row_lines[r];
        std::int64_t index = -1;
        try {
            index = text::parse_int(row["config"], {partial, line}, "config");
        } catch (const InputError&) {
            throw InputError(partial, line, "config", "not a configuration index: '" + row["config"] + "'");
        }
        if (index < 0 || static_cast<std::size_t>(index) >= points.size())
            throw InputError(partial, line, "config",
                             "configuration " + row["config"] + " is not in this spec (" +
                                 std::to_string(points.size()) + " configurations)");
        const SweepPoint& point = points[static_cast<std::size_t>(index)];
        if (shard && !shard->holds(point.index))
            throw InputError(partial, line, "config",
                             "configuration " + row["config"] + " is not in shard " + shard->text() +
                                 ": the file was written by another shard");
        if (row["config_hash"] != hash_hex(point.hash))
            throw InputError(partial, line, "config_hash",
                             "configuration " + row["config"] + " was written by a different spec (hash " +
                                 row["config_hash"] + ", this spec gives " + hash_hex(point.hash) +
                                 "): run without --resume to start over");
        // Two rows of one configuration mean two processes wrote the file at once (or it was
        // edited): its rows cannot be trusted.
        if (!state.done.insert(point.index).second)
            throw InputError(partial, line, "config", "configuration " + row["config"] +
                                                          " appears twice: two runs wrote this file at once (delete "
                                                          "it and run again without --resume)");
        if (keep_rows.count(point.index)) state.rows[point.index] = std::move(row);
    }
    // Whatever follows the last complete line was cut off mid-write: drop it, the row is redone.
    fs::resize_file(partial, table.complete_bytes);
    return state;
}

}  // namespace

std::string partial_path(const std::string& out) {
    return out + ".partial";
}

SweepReport run_sweep(const SweepSpec& spec, const SweepOptions& options) {
    SweepReport report;
    report.backend = backend::resolve_backend(options.backend);
    const Format format = format_for_path(options.out);
    const std::string partial = partial_path(options.out);
    // The output is claimed before anything runs: an unwritable path, or a second process
    // writing the same output, is refused now (SweepOutput).
    SweepOutput output(options.out, format, options.resume);

    const std::unique_ptr<SweepWorkload> workload = make_sweep_workload(spec);
    const std::vector<SweepPoint> points = expand_points(spec, spec_fingerprint(spec, workload->hash()));
    std::vector<std::string> columns = all_columns(parameter_columns(spec), workload->statistic_columns());
    if (options.shard)
        for (const std::string& column : shard_columns()) columns.push_back(column);
    const std::uint64_t whole_spec_hash = spec_hash(points);
    report.total = points.size();
    workload->check_every_setting();

    std::set<std::uint64_t> to_validate;
    if (options.validate) {
        const auto chosen =
            choose_indices(points.size(), *options.validate, spec.sampling.seed ^ kValidateSeedSalt);
        for (const std::uint64_t i : chosen)
            if (!options.shard || options.shard->holds(i)) to_validate.insert(i);
    }
    workload->validate_only({to_validate.begin(), to_validate.end()});

    ResumeState resumed;
    if (output.resumed()) {
        // A finished sweep is resumed too (nothing to run, --validate still checks it); it
        // becomes partial again only once it is known to be this spec's.
        resumed = read_for_resume(output.path(), format, columns, points, to_validate, options.shard);
        output.make_partial();
    }
    report.done_before = resumed.done.size();
    for (const auto& [index, row] : resumed.rows) workload->resumed_row(index, row);

    std::vector<std::size_t> pending;
    for (const SweepPoint& p : points)
        if (!resumed.done.count(p.index) && (!options.shard || options.shard->holds(p.index)))
            pending.push_back(p.index);
    workload->order(pending, points);
    const bool stopping_early = options.stop_after > 0 && pending.size() > options.stop_after;
    if (stopping_early) pending.resize(static_cast<std::size_t>(options.stop_after));

    // Every configuration is built once before anything runs: an invalid combination fails now,
    // not an hour into the sweep. A large sweep shows these checks' progress too.
    ProgressBar checking(std::cerr, progress_style(options.progress), pending.size(), 0, "configs",
                         "sweep " + spec.name + ": checking");
    for (std::size_t k = 0; k < pending.size(); ++k) {
        workload->check(points[pending[k]]);
        checking.update(k + 1);
    }
    checking.finish();

    ResultWriter writer(partial, format, columns);
    ProgressBar progress(std::cerr, progress_style(options.progress), pending.size(), report.done_before, "configs",
                         "sweep " + spec.name);
    std::size_t batch_size = options.batch_size > 0 ? options.batch_size : default_batch_size(report.backend);
    if (options.batch_size == 0 && options.distributor)
        batch_size = options.distributor->batch_size(pending.size(), batch_size);
    backend::BatchOptions batch_options;
    batch_options.max_outstanding = spec.workload.max_outstanding;
    batch_options.threads = options.threads;
    // Redraws between the host backend's rounds too: a network configuration can take seconds.
    batch_options.on_progress = [&](const backend::BatchProgress&) { progress.update(report.ran); };
    const auto write_row = [&](const Row& row) {
        writer.write(options.shard ? with_shard_columns(row, whole_spec_hash, points.size()) : row);
        ++report.ran;
        progress.update(report.ran);
    };
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t first = 0; first < pending.size(); first += batch_size)
        batches.emplace_back(
            pending.begin() + static_cast<std::ptrdiff_t>(first),
            pending.begin() + static_cast<std::ptrdiff_t>(std::min(pending.size(), first + batch_size)));
    const auto start = std::chrono::steady_clock::now();
    if (options.distributor) {
        options.distributor->run(
            batches,
            [&](const Row& row) {
                // The rows --validate checks are kept as a resumed row would be.
                const std::size_t index = row.at("config").get<std::size_t>();
                if (to_validate.count(index)) workload->resumed_row(index, row_cells(row));
                write_row(row);
            },
            [&] { writer.flush(); });
    } else {
        for (const std::vector<std::size_t>& indices : batches) {
            std::vector<const SweepPoint*> batch;
            for (const std::size_t i : indices) batch.push_back(&points[i]);
            workload->run(batch, report.backend, batch_options,
                          [&](const SweepPoint&, const Row& row) { write_row(row); });
            writer.flush();
        }
    }
    progress.finish();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (stopping_early) return report;

    output.complete();
    report.complete = true;
    if (options.validate) {
        report.validated = to_validate.size();
        report.validation_failures = workload->validate(points, report.backend, options.threads);
    }
    return report;
}

}  // namespace dramsweep::sweep
