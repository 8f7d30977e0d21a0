#pragma once
// Pareto fronts over result tables (the CSV or JSON Lines a sweep or `serve` writes).

#include <string>
#include <vector>

namespace dramsweep::explore {

// A table of results: column names and rows of cells as text (numbers parsed on demand).
struct ResultTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> lines;  // source line of each row, for messages
    std::string origin;
    std::size_t skipped_failures = 0;  // rows with "ok": false (failed serve answers), left out
};

// Reads CSV (header line + rows, RFC 4180 quoting) or JSON Lines (objects; nested objects
// flattened with '.'), as `sweep` and `serve` write them; rows whose "ok" is false are left out
// and counted. Throws InputError naming the file and line.
ResultTable read_result_table(const std::string& path);

struct Objective {
    std::string name;      // as asked ("latency")
    std::size_t column;    // resolved column
    bool maximize = false;  // "max:NAME" asks for the largest values
};

// Resolves "latency,energy" (aliases: latency -> latency_s, objectives.latency_s, time_ns;
// energy -> energy_j, objectives.energy_j, energy_nj; edp -> edp_js, objectives.edp_js; any
// column name works as is). Throws InputError for an unknown objective.
std::vector<Objective> resolve_objectives(const ResultTable& table, const std::string& spec);

// Indices of the rows not dominated by any other row (all objectives minimised, or maximised
// where asked), in table order. A row with a non-numeric objective cell is an error.
std::vector<std::size_t> pareto_front(const ResultTable& table, const std::vector<Objective>& objectives);

}  // namespace dramsweep::explore
