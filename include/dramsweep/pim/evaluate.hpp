#pragma once
// `dramsweep pim evaluate` as a library call (docs/pim.md, "Command line"): a design (preset or
// JSON file, then pim.* overrides), a network (bundled name or file) and a batch; the baseline
// mapper's mapping, its evaluation and, in timing mode, the cycle-level DRAM and NoC times. The
// CLI prints its text or JSON; the Python module's dramsweep.pim.evaluate returns the JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/report.hpp"
#include "dramsweep/pim/timing_mode.hpp"

namespace dramsweep::pim {

struct EvaluateRequest {
    std::string pim;      // preset name or JSON file
    std::string network;  // bundled name or file
    std::int64_t batch = 1;
    std::string mapper = "baseline";
    std::vector<std::string>
        overrides;  // "pim.key=value" for the design, "key=value" for the node's DRAM (timing)
    bool timing = false;
};

struct Evaluation {
    PimConfig config;
    Network network;
    std::int64_t batch = 1;
    MapperResult mapped;
    std::optional<TimingResult> timing;
    double search_cpu_seconds = 0;

    EvaluationReport report() const;  // points into this object
};

// Throws InputError for bad input (naming the option, file, line or field), as the CLI reports it.
Evaluation evaluate(const EvaluateRequest& request);

}  // namespace dramsweep::pim
