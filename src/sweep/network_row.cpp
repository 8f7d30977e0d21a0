// One result row per network configuration (results.hpp, make_network_row): the columns of
// coupled::network_columns(), named as `dramsweep run --json` and `pareto` name them.

#include "dramsweep/coupled/network_columns.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {

std::vector<std::string> network_statistic_columns() {
    std::vector<std::string> names;
    for (const coupled::NetworkColumn& column : coupled::network_columns()) names.emplace_back(column.name);
    return names;
}

Row make_network_row(const SweepSpec& spec, const SweepPoint& point,
                     const std::vector<std::string>& parameter_columns, const coupled::NetworkRunResult& r) {
    Row row = row_key_and_parameters(spec, point, parameter_columns);
    for (const coupled::NetworkColumn& column : coupled::network_columns())
        row[column.name] = column.value(r);
    return row;
}

Row network_statistics(const coupled::NetworkRunResult& r) {
    Row row;
    for (const coupled::NetworkColumn& column : coupled::network_columns())
        row[column.name] = column.value(r);
    return row;
}

}  // namespace dramsweep::sweep
