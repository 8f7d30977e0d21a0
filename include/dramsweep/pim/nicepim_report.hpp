#pragma once
// `dramsweep pim evaluate --mapper nicepim` output: the common report (report.hpp) with what the
// NicePIM mapper decided: each layer's rectangle, ofmap layout, weight allocation and schedule;
// the parallel steps, the DRAM capacity and the scheduler's time (docs/pim.md, "Command line").

#include <string>

#include "dramsweep/pim/nicepim_mapper.hpp"
#include "dramsweep/pim/nicepim_timing.hpp"
#include "dramsweep/pim/report.hpp"

namespace dramsweep::pim {

// `timing`: the timing mode's result (with r.timing pointing at its TimingResult), or null.
std::string nicepim_report_text(const EvaluationReport& r, const NicePimResult& n, const NicePimOptions& o,
                                const NicePimTiming* timing = nullptr);
std::string nicepim_report_json(const EvaluationReport& r, const NicePimResult& n, const NicePimOptions& o,
                                const NicePimTiming* timing = nullptr);

}  // namespace dramsweep::pim
