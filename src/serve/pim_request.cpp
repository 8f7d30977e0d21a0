// serve::PimRequest (pim_request.hpp): a PIM design and network read from a JSON object, and the
// requests of one call mapped and evaluated as one batch.

#include "dramsweep/serve/pim_request.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

#include "common/parallel.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/area.hpp"
#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/network_batch.hpp"
#include "dramsweep/pim/nicepim_report.hpp"
#include "dramsweep/pim/objectives.hpp"
#include "dramsweep/pim/report.hpp"

namespace dramsweep::serve {

bool is_pim_request(const JsonSource& source) {
    return source.root().is_object() && source.root().contains("pim");
}

PimRequest parse_pim_request(const JsonSource& s) {
    PimRequest r;
    const JsonPointer at("/pim");
    const Json& v = s.required(at);
    if (!v.is_string()) s.fail(at, "expected a PIM preset name (t-16, l-1, hb-4x4) or a JSON file");
    try {
        r.config = pim::load_pim_config(v.get<std::string>());
    } catch (const InputError& e) {
        s.fail(at, e.what());
    }
    const JsonPointer set_at("/pim_set");
    if (s.root().contains("pim_set")) {
        const Json& set = s.root()["pim_set"];
        if (!set.is_object()) s.fail(set_at, "expected an object of fields, e.g. {\"mesh\": \"2x2\"}");
        for (const auto& item : set.items()) {
            const JsonPointer where = set_at / item.key();
            const Json& value = item.value();
            if (!(value.is_number() || value.is_string() || value.is_boolean()))
                s.fail(where, "expected a number, a string or true/false");
            const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
            try {
                pim::apply_pim_override(r.config, item.key() + "=" + text);
            } catch (const InputError& e) {
                s.fail(where, e.message());
            }
        }
    }
    try {
        pim::validate(r.config);
    } catch (const InputError& e) {
        // A value the request set is named at its JSON path; the preset's own at its file and line.
        if (s.root().contains("pim_set"))
            for (const auto& item : s.root()["pim_set"].items())
                if (item.key() == e.field() || item.key() == "pim." + e.field())
                    s.fail(set_at / item.key(), e.message());
        throw;
    }
    const std::string network = s.required_string(JsonPointer("/network"));
    try {
        r.network = pim::load_network(network);
    } catch (const InputError& e) {
        s.fail(JsonPointer("/network"), e.what());
    }
    if (const auto batch = s.optional_int(JsonPointer("/batch"))) {
        if (*batch < 1) s.fail(JsonPointer("/batch"), "the batch size must be at least 1");
        r.batch = *batch;
    }
    r.mapper = pim::read_mapper_choice(s, JsonPointer());
    try {
        pim::check_tensors_fit_dram(r.config, r.network, r.batch);
    } catch (const InputError& e) {
        s.fail(JsonPointer("/network"), e.what());
    }
    return r;
}

std::vector<PimOutcome> run_pim_requests(const std::vector<const PimRequest*>& requests,
                                         backend::BackendKind backend, unsigned threads) {
    std::vector<PimOutcome> out(requests.size());
    std::vector<pim::PimHardware> hardware(requests.size());
    const unsigned workers = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    // Each design's search is sequential: one design per thread. A design no mapping fits is
    // that request's error alone.
    parallel::parallel_for(requests.size(), workers, [&](std::size_t i) {
        const PimRequest& r = *requests[i];
        hardware[i] = pim::make_hardware(r.config);
        const std::clock_t start = std::clock();
        try {
            if (r.mapper.nicepim()) {
                out[i].nicepim_options = pim::nicepim_options(r.mapper, r.config.mapping.goal);
                out[i].nicepim_options.evaluator = {backend, 1};
                out[i].nicepim = pim::map_nicepim(hardware[i], r.network, r.batch, out[i].nicepim_options);
                out[i].mapping = out[i].nicepim->mapping;
                out[i].eval = out[i].nicepim->eval;
            } else {
                pim::MapperOptions options;
                options.goal = r.config.mapping.goal;
                out[i].mapping = pim::map_baseline(hardware[i], r.network, r.batch, options).mapping;
            }
        } catch (const InputError& e) {
            out[i].error = e.what();
        }
        out[i].search_cpu_seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    });
    std::vector<pim::MappedNetwork> items;
    std::vector<std::size_t> mapped;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (!out[i].error.empty() || out[i].nicepim) continue;
        items.push_back({&hardware[i], &requests[i]->network, requests[i]->batch, &out[i].mapping});
        mapped.push_back(i);
    }
    std::vector<pim::NetworkEval> evals = pim::evaluate_networks(items, backend, threads);
    for (std::size_t k = 0; k < mapped.size(); ++k) out[mapped[k]].eval = std::move(evals[k]);
    return out;
}

nlohmann::json pim_answer_fields(const PimRequest& request, const PimOutcome& outcome, bool with_layers) {
    pim::EvaluationReport report;
    report.config = &request.config;
    report.network = &request.network;
    report.batch = request.batch;
    report.mapping = &outcome.mapping;
    report.eval = &outcome.eval;
    report.search_cpu_seconds = outcome.search_cpu_seconds;
    if (outcome.nicepim) report.mapper = "nicepim";
    const nlohmann::json full = nlohmann::json::parse(
        outcome.nicepim ? pim::nicepim_report_json(report, *outcome.nicepim, outcome.nicepim_options)
                        : pim::report_json(report));
    const pim::NetworkTotals& t = outcome.eval.total;
    const pim::PimObjectives o = pim::pim_objectives(request.config, t.time, t.energy_total_pj);
    const pim::AreaBreakdown area = pim::compute_area(request.config);
    nlohmann::json answer;
    answer["objectives"] = {{"latency_s", o.latency_s}, {"energy_j", o.energy_j}, {"edp_js", o.edp_js}};
    answer["total"] = full["total"];
    answer["area"] = {{"node_logic_mm2", area.logic_mm2},
                      {"node_dram_mm2", area.dram_footprint_mm2},
                      {"die_mm2", area.die_mm2},
                      {"legal", area.legal}};
    if (with_layers) answer["layers"] = full["layers"];
    return answer;
}

}  // namespace dramsweep::serve
