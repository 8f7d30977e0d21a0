// One result row per configuration (results.hpp): key, parameters, every trace-mode statistic.

#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {
namespace {

const char* const kEnergyParts[] = {"act_pre", "read", "write", "refresh", "background"};

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Format format_for_path(const std::string& path) {
    if (ends_with(path, ".csv")) return Format::kCsv;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return Format::kJsonl;
    throw InputError("<command line>", 0, "--out", "'" + path + "': the name must end in .csv or .jsonl (JSON Lines)");
}

std::vector<std::string> statistic_columns() {
    std::vector<std::string> c = {"cycles", "requests", "reads", "writes", "bandwidth_gbps",
                                  "avg_read_latency_cycles", "p50_read_latency_cycles", "p99_read_latency_cycles",
                                  "max_read_latency_cycles", "avg_write_latency_cycles", "row_hits", "row_misses",
                                  "row_conflicts", "row_hit_rate"};
    for (int k = 0; k < dram::kNumCommands; ++k)
        c.push_back(std::string("commands.") + dram::command_name(static_cast<dram::Command>(k)));
    c.push_back("energy_nj");
    for (const char* part : kEnergyParts) c.push_back(std::string("energy_breakdown_nj.") + part);
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

std::vector<std::string> statistic_columns(const SweepSpec& spec) {
    return spec.workload.is_network() ? network_statistic_columns() : statistic_columns();
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

Row make_row(const SweepSpec& spec, const SweepPoint& point, const std::vector<std::string>& parameter_columns,
             const dram::DramConfig& config, const engine::RunSummary& s) {
    Row row = row_key_and_parameters(spec, point, parameter_columns);
    const engine::DerivedMetrics m = engine::derive_metrics(config, s);
    row["cycles"] = s.cycles;
    row["requests"] = s.requests;
    row["reads"] = s.reads;
    row["writes"] = s.writes;
    row["bandwidth_gbps"] = m.bandwidth_gbps;
    row["avg_read_latency_cycles"] = m.avg_read_latency_cycles;
    row["p50_read_latency_cycles"] = s.read_latency_p50;
    row["p99_read_latency_cycles"] = s.read_latency_p99;
    row["max_read_latency_cycles"] = s.read_latency_max;
    row["avg_write_latency_cycles"] = m.avg_write_latency_cycles;
    row["row_hits"] = s.row_hits;
    row["row_misses"] = s.row_misses;
    row["row_conflicts"] = s.row_conflicts;
    row["row_hit_rate"] = m.row_hit_rate;
    for (int k = 0; k < dram::kNumCommands; ++k)
        row[std::string("commands.") + dram::command_name(static_cast<dram::Command>(k))] = s.commands[k];
    row["energy_nj"] = m.energy_nj();
    const double parts[] = {m.energy.act_pre, m.energy.read, m.energy.write, m.energy.refresh, m.energy.background};
    for (std::size_t i = 0; i < std::size(parts); ++i)
        row[std::string("energy_breakdown_nj.") + kEnergyParts[i]] = parts[i];
    return row;
}

std::string cell_text(const nlohmann::ordered_json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace dramsweep::sweep
