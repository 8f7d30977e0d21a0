#pragma once
// One PIM request of `serve` (docs/cli.md, "serve"): a design ("pim": a preset name or a JSON
// file, "pim_set": overrides of its fields), a network ("network": a bundled name or a file) and
// "batch". The requests of one call are mapped by the baseline mapper on the host (one design
// per thread) and evaluated together as one batch on the serve backend (pim::evaluate_networks).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"

namespace dramsweep::serve {

// A request is a PIM request when its object has the key "pim".
bool is_pim_request(const JsonSource& source);

struct PimRequest {
    pim::PimConfig config;
    pim::Network network;
    std::int64_t batch = 1;
};

// Reads the keys "pim", "pim_set", "network" and "batch" and checks that every tensor fits the
// design's DRAM. Other keys are the caller's to check. Throws InputError naming the document,
// the line and the JSON path (pim_set/mesh).
PimRequest parse_pim_request(const JsonSource& source);

// What one request gave: an error (a design no mapping fits), or its mapping and evaluation.
struct PimOutcome {
    std::string error;
    pim::NetworkMapping mapping;
    pim::NetworkEval eval;
    double search_cpu_seconds = 0;
};

// Maps every request and evaluates them all as one batch on `backend` (resolved).
std::vector<PimOutcome> run_pim_requests(const std::vector<const PimRequest*>& requests,
                                         backend::BackendKind backend, unsigned threads);

// The answer's fields besides id and ok: "objectives" (latency_s, energy_j, edp_js), "total"
// and, with `with_layers`, "layers" (as `pim evaluate --json` writes them), and "area".
nlohmann::json pim_answer_fields(const PimRequest& request, const PimOutcome& outcome, bool with_layers);

}  // namespace dramsweep::serve
