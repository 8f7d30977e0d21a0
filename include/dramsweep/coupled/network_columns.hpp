#pragma once
// The statistics of a network run as named columns, declared once: sweep rows, `serve` and the
// Python module take their names and values from this table, and the objectives (latency,
// energy, EDP) from objectives(), so that every output names and computes them alike.

#include <nlohmann/json.hpp>
#include <vector>

#include "dramsweep/coupled/network_run.hpp"

namespace dramsweep::coupled {

// What optimisation loops minimise, in SI units.
struct Objectives {
    double latency_s = 0;
    double energy_j = 0;
    double edp_js = 0;
};
Objectives objectives(const LayerRunStats& total);

struct NetworkColumn {
    const char* name;
    nlohmann::ordered_json (*value)(const NetworkRunResult& result);
};

// Every statistic column of a network run, in the order rows list them.
const std::vector<NetworkColumn>& network_columns();

}  // namespace dramsweep::coupled
