#pragma once
// One PIM request of `serve` (docs/cli.md, "serve"): a design ("pim": a preset name or a JSON
// file, "pim_set": overrides of its fields), a network ("network": a bundled name or a file) and
// "batch", and the mapper ("mapper": baseline or nicepim, with "beam", "scheduler", "ilp_limit",
// ...; pim::read_mapper_choice). The requests of one call are mapped on the host (one design per
// thread); the baseline's mappings are evaluated together as one batch on the serve backend
// (pim::evaluate_networks), the NicePIM mapper's candidates in batches on it during its search.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/mapper_choice.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"

namespace dramsweep::serve {

// A request is a PIM request when its object has the key "pim".
bool is_pim_request(const JsonSource& source);

struct PimRequest {
    pim::PimConfig config;
    pim::Network network;
    std::int64_t batch = 1;
    pim::MapperChoice mapper;
};

// Reads the keys "pim", "pim_set", "network", "batch" and the mapper's, and checks that every tensor fits the
// design's DRAM. Other keys are the caller's to check. Throws InputError naming the document,
// the line and the JSON path (pim_set/mesh).
PimRequest parse_pim_request(const JsonSource& source);

// What one request gave: an error (a design no mapping fits), or its mapping and evaluation.
struct PimOutcome {
    std::string error;
    pim::NetworkMapping mapping;
    pim::NetworkEval eval;
    double search_cpu_seconds = 0;
    std::optional<pim::NicePimResult> nicepim;  // the nicepim mapper's result
    pim::NicePimOptions nicepim_options;
};

// Maps every request and evaluates them all as one batch on `backend` (resolved).
std::vector<PimOutcome> run_pim_requests(const std::vector<const PimRequest*>& requests,
                                         backend::BackendKind backend, unsigned threads);

// The answer's fields besides id and ok: "objectives" (latency_s, energy_j, edp_js), "total"
// and, with `with_layers`, "layers" (as `pim evaluate --json` writes them), and "area".
nlohmann::json pim_answer_fields(const PimRequest& request, const PimOutcome& outcome, bool with_layers);

}  // namespace dramsweep::serve
