#pragma once
// `dramsweep pim evaluate --mapper nicepim` output: the common report (report.hpp) with what the
// NicePIM mapper decided: each layer's rectangle, ofmap layout, weight allocation and schedule;
// the parallel steps, the DRAM capacity and the scheduler's time (docs/pim.md, "Command line").

#include <cstdint>
#include <string>

#include "dramsweep/pim/nicepim_mapper.hpp"
#include "dramsweep/pim/nicepim_timing.hpp"
#include "dramsweep/pim/report.hpp"

namespace dramsweep::pim {

// The mapping's numbers as the reports give them: the text and JSON reports, sweep rows and
// serve answers (docs/pim.md, "Sweeps and serve").
struct NicePimSummary {
    std::int64_t steps = 0;
    std::int64_t parallel_steps = 0;       // branch segments run on split meshes
    std::int64_t weights_partitioned = 0;  // layers
    std::int64_t layouts_moved = 0;        // producers' ofmaps laid out for their consumer
    std::int64_t shared_blocks = 0;
    double shared_bit_hops = 0;  // with the chosen scheduler
    double pull_bit_hops = 0;    // every requester pulling from the holder
    std::int64_t layers_optimal = 0;
    std::int64_t dram_worst_node_bytes = 0;  // the busiest node's DRAM, at its busiest step
};
NicePimSummary nicepim_summary(const NicePimResult& n, const NicePimOptions& o);

// `timing`: the timing mode's result (with r.timing pointing at its TimingResult), or null.
std::string nicepim_report_text(const EvaluationReport& r, const NicePimResult& n, const NicePimOptions& o,
                                const NicePimTiming* timing = nullptr);
std::string nicepim_report_json(const EvaluationReport& r, const NicePimResult& n, const NicePimOptions& o,
                                const NicePimTiming* timing = nullptr);

}  // namespace dramsweep::pim
