// Running a sweep (runner.hpp): resume bookkeeping, batches, incremental output, validation.

#include "dramsweep/sweep/runner.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/sweep/network_sweep.hpp"
#include "dramsweep/sweep/pim_sweep.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/progress.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/sampling.hpp"
#include "dramsweep/sweep/validation.hpp"
#include "dramsweep/sweep/workload.hpp"

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
ResumeState read_for_resume(const std::string& partial, Format format, const std::vector<std::string>& columns,
                            const std::vector<SweepPoint>& points, const std::set<std::uint64_t>& keep_rows) {
    ResumeState state;
    ResultTable table = read_result_file(partial, format);
    if (!table.columns.empty() && table.columns != columns)
        throw InputError(partial, 1, "", "its columns differ from this spec's: it was written by another sweep "
                                         "(run without --resume to start over)");
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        auto& row = table.rows[r];
        const std::size_t line = r + (format == Format::kCsv ? 2 : 1);
        std::int64_t index = -1;
        try {
            index = text::parse_int(row["config"], {partial, line}, "config");
        } catch (const InputError&) {
            throw InputError(partial, line, "config", "not a configuration index: '" + row["config"] + "'");
        }
        if (index < 0 || static_cast<std::size_t>(index) >= points.size())
            throw InputError(partial, line, "config", "configuration " + row["config"] + " is not in this spec (" +
                                                          std::to_string(points.size()) + " configurations)");
        const SweepPoint& point = points[static_cast<std::size_t>(index)];
        if (row["config_hash"] != hash_hex(point.hash))
            throw InputError(partial, line, "config_hash",
                             "configuration " + row["config"] + " was written by a different spec (hash " +
                                 row["config_hash"] + ", this spec gives " + hash_hex(point.hash) +
                                 "): run without --resume to start over");
        state.done.insert(point.index);
        if (keep_rows.count(point.index)) state.rows[point.index] = std::move(row);
    }
    // Whatever follows the last complete line was cut off mid-write: drop it, the row is redone.
    fs::resize_file(partial, table.complete_bytes);
    return state;
}

}  // namespace

std::string partial_path(const std::string& out) { return out + ".partial"; }

SweepReport run_sweep(const SweepSpec& spec, const SweepOptions& options) {
    SweepReport report;
    report.backend = backend::resolve_backend(options.backend);
    const Format format = format_for_path(options.out);
    const std::string partial = partial_path(options.out);
    const bool network = spec.workload.is_network();
    const bool pim = spec.workload.is_pim();

    // One of the three workloads: a request stream, a network with its accelerator, or a network
    // on PIM designs.
    std::vector<dram::TraceRequest> stream;
    std::optional<NetworkWorkload> net_workload;
    std::optional<PimSweep> pim_sweep;
    if (network) net_workload = load_network_workload(spec);
    else if (pim) pim_sweep.emplace(spec);
    else stream = load_workload(spec);
    const std::uint64_t workload_hash =
        network ? net_workload->hash : pim ? pim_sweep->workload_hash() : stream_hash(stream);
    const std::vector<SweepPoint> points = expand_points(spec, spec_fingerprint(spec, workload_hash));
    const std::vector<std::string> parameters = parameter_columns(spec);
    const std::vector<std::string> columns = all_columns(parameters, statistic_columns(spec));
    report.total = points.size();

    ConfigBuilder builder(spec);
    if (pim) pim_sweep->check_every_setting();
    else builder.check_every_setting();
    std::optional<NetworkSweep> net;
    if (network) {
        net.emplace(spec, *net_workload, builder);
        net->check_every_setting();
    }

    std::set<std::uint64_t> to_validate;
    if (options.validate) {
        const auto chosen = choose_indices(points.size(), *options.validate, spec.sampling.seed ^ kValidateSeedSalt);
        to_validate.insert(chosen.begin(), chosen.end());
    }

    ResumeState resumed;
    if (options.resume) {
        if (fs::exists(partial)) {
            resumed = read_for_resume(partial, format, columns, points, to_validate);
        } else if (fs::exists(options.out)) {
            // A finished sweep is resumed too (nothing to run, --validate still checks it); it
            // becomes partial again only once it is known to be this spec's.
            resumed = read_for_resume(options.out, format, columns, points, to_validate);
            fs::rename(options.out, partial);
        }
    } else {
        if (fs::exists(partial))
            throw InputError(partial, 0, "--resume",
                             "an interrupted sweep left this file: add --resume to continue it, or delete it");
        // The writer creates the file, after every configuration was built: bad input leaves none.
    }
    report.done_before = resumed.done.size();

    std::vector<std::size_t> pending;
    for (const SweepPoint& p : points)
        if (!resumed.done.count(p.index)) pending.push_back(p.index);
    // Points with one accelerator share one request stream when they share a batch.
    if (network) NetworkSweep::group_by_accelerator(pending, points);
    const bool stopping_early = options.stop_after > 0 && pending.size() > options.stop_after;
    if (stopping_early) pending.resize(static_cast<std::size_t>(options.stop_after));

    // Every configuration is built once before anything runs: an invalid combination fails now,
    // not an hour into the sweep.
    for (const std::size_t i : pending) {
        if (network) net->check(points[i]);
        else if (pim) pim_sweep->check(points[i]);
        else (void)builder.build(points[i]);
    }

    std::map<std::size_t, SweepResult> validation_results;
    std::map<std::size_t, std::optional<results::NetworkSummary>> network_validation;
    std::map<std::size_t, std::optional<pim::NetworkEval>> pim_validation;
    for (const auto& [index, row] : resumed.rows) {
        if (network) network_validation[index] = std::nullopt;
        else if (pim) pim_validation[index] = std::nullopt;
        else validation_results[index].row = row;
    }

    ResultWriter writer(partial, format, columns);
    ProgressBar progress(std::cerr, options.progress && stderr_is_tty(), pending.size(), report.done_before);
    const std::size_t batch_size = options.batch_size > 0 ? options.batch_size : default_batch_size(report.backend);
    backend::BatchOptions batch_options;
    batch_options.max_outstanding = spec.workload.max_outstanding;
    batch_options.threads = options.threads;
    // Redraws between the host backend's rounds too: a network configuration can take seconds.
    batch_options.on_progress = [&](const backend::BatchProgress&) { progress.update(report.ran); };
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t first = 0; first < pending.size(); first += batch_size) {
        const std::size_t end = std::min(pending.size(), first + batch_size);
        if (pim) {
            std::vector<const SweepPoint*> batch;
            for (std::size_t k = first; k < end; ++k) batch.push_back(&points[pending[k]]);
            pim_sweep->run(batch, report.backend, options.threads, [&](std::size_t k, const PimPointResult& result) {
                const SweepPoint& point = *batch[k];
                Row row = row_key_and_parameters(spec, point, parameters);
                row.update(pim_statistics(result));
                writer.write(row);
                if (to_validate.count(point.index)) pim_validation[point.index] = result.eval;
                ++report.ran;
                progress.update(report.ran);
            });
            writer.flush();
            continue;
        }
        if (network) {
            std::vector<const SweepPoint*> batch;
            for (std::size_t k = first; k < end; ++k) batch.push_back(&points[pending[k]]);
            const coupled::NetworkPlan plan = net->plan(batch);
            backend::run_network_batch(report.backend, plan.streams, plan.cases, batch_options,
                                      [&](std::size_t k, const results::NetworkSummary& summary) {
                                          const SweepPoint& point = *batch[k];
                                          writer.write(make_network_row(spec, point, parameters,
                                                                        net->result(plan, k, summary)));
                                          if (to_validate.count(point.index)) network_validation[point.index] = summary;
                                          ++report.ran;
                                          progress.update(report.ran);
                                          return true;
                                      });
            writer.flush();
            continue;
        }
        std::vector<dram::DramConfig> configs;
        configs.reserve(end - first);
        for (std::size_t k = first; k < end; ++k) configs.push_back(builder.build(points[pending[k]]));
        backend::run_trace_batch(report.backend, configs, stream, batch_options,
                          [&](std::size_t k, const results::RunSummary& summary) {
                              const SweepPoint& point = points[pending[first + k]];
                              writer.write(make_row(spec, point, parameters, configs[k], summary));
                              if (to_validate.count(point.index)) validation_results[point.index].summary = summary;
                              ++report.ran;
                              progress.update(report.ran);
                              return true;
                          });
        writer.flush();
    }
    progress.finish();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (stopping_early) return report;

    fs::rename(partial, options.out);
    report.complete = true;
    if (options.validate && pim) {
        report.validated = pim_validation.size();
        report.validation_failures = pim_sweep->validate(points, pim_validation, report.backend, options.threads);
    } else if (options.validate && network) {
        report.validated = network_validation.size();
        report.validation_failures = net->validate(points, network_validation, report.backend, options.threads);
    } else if (options.validate) {
        const ValidationInput in{&spec, &points, &parameters, &stream, backend::to_string(report.backend),
                                 options.threads};
        report.validated = validation_results.size();
        report.validation_failures = validate_against_reference(in, builder, validation_results);
    }
    return report;
}

}  // namespace dramsweep::sweep
