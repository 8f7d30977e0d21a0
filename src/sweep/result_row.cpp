// One result row per configuration (results.hpp): key, parameters, every trace-mode statistic.

#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/results/trace_columns.hpp"
#include "dramsweep/sweep/pim_sweep.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Format format_for_path(const std::string& path) {
    if (ends_with(path, ".csv")) return Format::kCsv;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return Format::kJsonl;
    throw InputError("<command line>", 0, "--out",
                     "'" + path + "': the name must end in .csv or .jsonl (JSON Lines)");
}

std::vector<std::string> statistic_columns() {
    std::vector<std::string> c;
    for (const results::TraceColumn& column : results::trace_columns()) c.emplace_back(column.name);
    return c;
}

std::vector<std::string> all_columns(const std::vector<std::string>& parameter_columns) {
    return all_columns(parameter_columns, statistic_columns());
}

std::vector<std::string> all_columns(const std::vector<std::string>& parameter_columns,
                                     const std::vector<std::string>& statistics) {
    std::vector<std::string> c = {"config", "config_hash"};
    c.insert(c.end(), parameter_columns.begin(), parameter_columns.end());
    c.insert(c.end(), statistics.begin(), statistics.end());
    return c;
}

Row row_key_and_parameters(const SweepSpec& spec, const SweepPoint& point,
                           const std::vector<std::string>& parameter_columns) {
    Row row;
    row["config"] = point.index;
    row["config_hash"] = hash_hex(point.hash);
    for (const std::string& column : parameter_columns) {
        Row value = "";  // a key this configuration leaves at its base value
        if (column == "preset") value = spec.base_preset.value;
        for (const Setting* setting : point.settings)
            if (setting->key == column) value = setting->value;
        row[column] = value;
    }
    return row;
}

Row make_row(const SweepSpec& spec, const SweepPoint& point,
             const std::vector<std::string>& parameter_columns, const dram::DramConfig& config,
             const results::RunSummary& s) {
    Row row = row_key_and_parameters(spec, point, parameter_columns);
    row.update(results::trace_statistics(s, results::derive_metrics(config, s)));
    return row;
}

std::string cell_text(const nlohmann::ordered_json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace dramsweep::sweep
