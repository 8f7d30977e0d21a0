// serve::answer_requests: every line parsed on its own (errors stay on their line), the valid
// ones grouped by topology and run as one batch per group on the chosen backend.

#include "dramsweep/serve/serve_request.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/serve/network_request.hpp"
#include "dramsweep/serve/pim_request.hpp"

namespace dramsweep::serve {
namespace {

// A line that parsed: what to run (a network on an accelerator and its DRAM, or on a PIM
// design) and how to answer.
struct ParsedRequest {
    nlohmann::json id;
    NetworkRequest request;
    std::optional<PimRequest> pim;
    bool with_layers = false;
};

nlohmann::json error_answer(const nlohmann::json& id, const std::string& message) {
    return {{"id", id}, {"ok", false}, {"error", message}};
}

// Parses and checks one line; the error answer when it is not a valid request.
std::optional<ParsedRequest> parse_request(const RequestLine& line, nlohmann::json& error) {
    nlohmann::json id = line.number;
    try {
        const JsonSource source = JsonSource::from_text(line.text, "<stdin>:" + std::to_string(line.number));
        if (!source.root().is_object()) source.fail(JsonPointer(), "expected one JSON object per line");
        id = source.root().value("id", nlohmann::json(line.number));
        ParsedRequest r;
        r.id = id;
        if (is_pim_request(source)) {
            source.reject_unknown_keys(
                JsonPointer(),
                {"id", "pim", "pim_set", "network", "batch", "layers", "mapper", "beam", "scheduler",
                 "ilp_limit", "branch_parallelism", "layout_search", "capacity_allocation"});
            r.pim = parse_pim_request(source);
        } else {
            source.reject_unknown_keys(JsonPointer(), {"id", "accel", "accel_set", "dram", "dram_set",
                                                       "topology", "batch", "layers"});
            r.request = parse_network_request(source);
        }
        r.with_layers = source.optional_bool(JsonPointer("/layers")).value_or(false);
        return r;
    } catch (const InputError& e) {
        error = error_answer(id, e.what());
    } catch (const std::exception& e) {
        error = error_answer(id, std::string("internal error: ") + e.what());
    }
    return std::nullopt;
}

nlohmann::json result_answer(const ParsedRequest& p, const coupled::NetworkRunResult& result) {
    const NetworkRequest& r = p.request;
    const nlohmann::json full = coupled::network_result_json(r.topology, r.accel, r.dram, result);
    nlohmann::json answer = {{"id", p.id}, {"ok", true}};
    answer["objectives"] = full["objectives"];
    answer["objectives"]["dram_bandwidth_utilization"] = full["dram_bandwidth_utilization"];
    answer["total"] = full["total"];
    if (p.with_layers) answer["layers"] = full["layers"];
    return answer;
}

// The PIM lines, mapped and evaluated as one batch.
void answer_pim_requests(const std::vector<const PimRequest*>& requests,
                         const std::vector<std::size_t>& line_of,
                         const std::vector<std::optional<ParsedRequest>>& parsed,
                         const ServeSettings& settings, std::vector<nlohmann::json>& answers) {
    try {
        const std::vector<PimOutcome> outcomes =
            run_pim_requests(requests, settings.backend, settings.threads);
        for (std::size_t r = 0; r < requests.size(); ++r) {
            const ParsedRequest& p = *parsed[line_of[r]];
            if (!outcomes[r].error.empty()) {
                answers[line_of[r]] = error_answer(p.id, outcomes[r].error);
                continue;
            }
            nlohmann::json answer = {{"id", p.id}, {"ok", true}};
            answer.update(pim_answer_fields(*requests[r], outcomes[r], p.with_layers));
            answers[line_of[r]] = answer;
        }
    } catch (const std::exception& e) {
        for (const std::size_t line : line_of)
            if (answers[line].is_null())
                answers[line] = error_answer(parsed[line]->id, std::string("run failed: ") + e.what());
    }
}

}  // namespace

std::vector<std::string> answer_requests(const std::vector<RequestLine>& lines, const ServeSettings& settings) {
    std::vector<nlohmann::json> answers(lines.size());
    std::vector<std::optional<ParsedRequest>> parsed(lines.size());
    std::vector<const NetworkRequest*> requests;  // the valid lines
    std::vector<std::size_t> line_of;             // requests[i] is lines[line_of[i]]
    std::vector<const PimRequest*> pim_requests;  // the valid PIM lines
    std::vector<std::size_t> pim_line_of;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        parsed[i] = parse_request(lines[i], answers[i]);
        if (!parsed[i]) continue;
        if (parsed[i]->pim) {
            pim_requests.push_back(&*parsed[i]->pim);
            pim_line_of.push_back(i);
            continue;
        }
        requests.push_back(&parsed[i]->request);
        line_of.push_back(i);
    }
    if (!pim_requests.empty()) answer_pim_requests(pim_requests, pim_line_of, parsed, settings, answers);
    for (const std::vector<std::size_t>& group : group_by_topology(requests)) {
        try {
            run_request_group(requests, group, settings.backend, settings.threads,
                              [&](std::size_t r, const coupled::NetworkRunResult& result) {
                                  answers[line_of[r]] = result_answer(*parsed[line_of[r]], result);
                              });
        } catch (const std::exception& e) {
            for (const std::size_t r : group)
                if (answers[line_of[r]].is_null())
                    answers[line_of[r]] =
                        error_answer(parsed[line_of[r]]->id, std::string("run failed: ") + e.what());
        }
    }
    // Every line read gets its answer, whatever it holds (json_text never throws on bad UTF-8).
    std::vector<std::string> out;
    out.reserve(answers.size());
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (answers[i].is_null()) answers[i] = error_answer(lines[i].number, "internal error: no answer was produced");
        out.push_back(json_text(answers[i]));
    }
    return out;
}

}  // namespace dramsweep::serve
