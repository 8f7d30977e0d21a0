#pragma once
// nn_dataflow's outputs (the reference cases of ../shared/reference/pim/nn_dataflow/) read as a
// PIM design, a network, the schedule nn_dataflow chose and its numbers per layer: what the
// parity tests evaluate, the baseline mapper is compared with, and bench/ times.
//
// The design is the t-16 or l-1 preset (whichever carries the case's costs) with the case's
// mesh, memory, buffer and option overrides; loading fails if the case's costs or sizes are
// not what that gives.

#include <filesystem>
#include <string>
#include <vector>

#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"

namespace dramsweep::pim {

struct NnDataflowLayer {
    std::string name;
    std::int64_t access[kNumLevels][kNumData] = {};
    std::int64_t fetch[2][kNumData] = {};
    std::int64_t unit_hops[kNumData] = {};
    std::int64_t hops[kNumData] = {};
    std::int64_t time = 0;
    std::int64_t ops = 0;
    double cost = 0;
};

struct NnDataflowCase {
    std::string name;  // folder name, "#i" appended for the i-th scheme of an enumeration
    PimConfig config;
    std::vector<std::string> overrides;  // applied to the preset
    Network network;
    std::int64_t batch = 1;
    bool solver = false;  // nn_dataflow searched loop blockings with its solver (else exhaustively)
    NetworkMapping schedule;
    NetworkEvalOptions options;           // order of the schedule, the memo, the driver's partition filter
    std::vector<NnDataflowLayer> layers;  // in schedule order
    std::vector<int> order;               // network indices in schedule order
    double total_cost = 0;
    std::int64_t total_time = 0;
    double cpu_seconds = 0;  // the run's user + system time (cpu_seconds.txt)
};

// The cases of one folder (several for an enumeration).
std::vector<NnDataflowCase> load_nn_dataflow_cases(const std::filesystem::path& folder);
// Every case folder under `root`, sorted by name.
std::vector<std::filesystem::path> nn_dataflow_case_folders(const std::filesystem::path& root);

}  // namespace dramsweep::pim
