// --validate (validation.hpp): the reference model decides; any difference is reported with the
// configuration and the first differing statistic.

#include "dramsweep/sweep/validation.hpp"

#include "dramsweep/backend/backend.hpp"

namespace dramsweep::sweep {
namespace {

constexpr std::size_t kChunk = 1024;  // configurations held in memory at once

std::map<std::string, std::string> as_text(const Row& row) {
    std::map<std::string, std::string> text;
    for (auto it = row.begin(); it != row.end(); ++it) text[it.key()] = cell_text(it.value());
    return text;
}

// "" when equal, else "STAT: the sweep (BACKEND backend) gives X, the reference model Y".
std::string first_row_difference(const std::vector<std::string>& columns, const std::map<std::string, std::string>& got,
                                 const std::map<std::string, std::string>& want, const char* backend) {
    for (const std::string& column : columns) {
        const auto g = got.find(column);
        const std::string got_text = g == got.end() ? "(missing)" : g->second;
        if (got_text != want.at(column))
            return column + ": the sweep (" + backend + " backend) gives " + got_text + ", the reference model " +
                   want.at(column);
    }
    return {};
}

}  // namespace

std::vector<std::string> validate_against_reference(const ValidationInput& in, ConfigBuilder& builder,
                                                    const std::map<std::size_t, SweepResult>& results) {
    const std::vector<std::string> columns = all_columns(*in.parameter_columns);
    std::vector<std::string> failures;
    auto it = results.begin();
    while (it != results.end()) {
        std::vector<std::size_t> indices;
        std::vector<dram::DramConfig> configs;
        for (; it != results.end() && indices.size() < kChunk; ++it) {
            indices.push_back(it->first);
            configs.push_back(builder.build((*in.points)[it->first]));
        }
        std::vector<results::RunSummary> reference(configs.size());
        backend::BatchOptions options;
        options.max_outstanding = in.spec->workload.max_outstanding;
        options.threads = in.threads;
        backend::run_trace_batch(backend::BackendKind::kReference, configs, *in.stream, options,
                          [&](std::size_t k, const results::RunSummary& s) {
                              reference[k] = s;
                              return true;
                          });
        for (std::size_t k = 0; k < indices.size(); ++k) {
            const SweepPoint& point = (*in.points)[indices[k]];
            const SweepResult& got = results.at(indices[k]);
            const auto want_row = as_text(make_row(*in.spec, point, *in.parameter_columns, configs[k], reference[k]));
            const auto got_row =
                got.summary ? as_text(make_row(*in.spec, point, *in.parameter_columns, configs[k], *got.summary))
                            : got.row;
            std::string difference = first_row_difference(columns, got_row, want_row, in.backend_name);
            // Equal rows can hide a difference the row does not show (histogram, background clocks).
            if (difference.empty() && got.summary && *got.summary != reference[k])
                difference = results::first_difference(*got.summary, reference[k]) + ": " + in.backend_name +
                             " and reference differ";
            if (!difference.empty())
                failures.push_back("configuration " + std::to_string(point.index) + " (" +
                                   describe(*in.spec, point) + "): first differing statistic " + difference);
        }
    }
    return failures;
}

}  // namespace dramsweep::sweep
