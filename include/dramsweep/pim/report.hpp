#pragma once
// `dramsweep pim evaluate` output: a per-layer table for people, JSON for programs
// (docs/pim.md, "Command line").

#include <string>

#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/pim/timing_mode.hpp"

namespace dramsweep::pim {

struct EvaluationReport {
    const PimConfig* config = nullptr;
    const Network* network = nullptr;
    std::int64_t batch = 1;
    const NetworkMapping* mapping = nullptr;
    const NetworkEval* eval = nullptr;
    const TimingResult* timing = nullptr;  // null: analytical mode only
    double search_cpu_seconds = 0;
    const char* mapper = "baseline";
};

std::string report_text(const EvaluationReport& r);
std::string report_json(const EvaluationReport& r);

// Throws InputError naming the network and the layer when one of its tensors (filters, ifmap,
// ofmap) is larger than all DRAM of the design together.
void check_tensors_fit_dram(const PimConfig& config, const Network& net, std::int64_t batch);

}  // namespace dramsweep::pim
